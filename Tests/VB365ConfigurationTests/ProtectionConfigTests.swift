import Foundation
import Testing
import VB365Fetching
import VB365Model
import VB365Pipeline
import VB365Statistics
import VB365Support
import VB365TestSupport

@testable import VB365Configuration
@testable import VB365Run

/// The `protection:` section: whether each fetch snapshots the organizations, and how the
/// snapshots are judged; and a tenant's own RPO.
@Suite("The configuration's protection section")
struct ProtectionConfigTests {
    /// `minimal` with `protection:` and these lines (each indented under it) from line 8.
    static func file(_ lines: [String], name: String = #function) throws -> String {
        try configFile(minimal + "\nprotection:\n" + lines.map { "  \($0)\n" }.joined(), name: name)
    }

    @Test("Without protection: no snapshot is taken and the standard settings judge")
    func defaults() throws {
        let c = try ConfigurationLoader.load(path: try configFile(minimal), environment: [:])
        #expect(c.protection.enabled == false)
        #expect(c.protection.fetch == nil)
        #expect(c.servers.allSatisfy { $0.connection.protection == nil })
        #expect(c.protection.everySeconds == ProtectionFetch().intervalSeconds)
        #expect(c.protection.settings == ProtectionSettings.standard)
        #expect(c.protection.period == nil)
        #expect(c.protection.unprotectedWarning == nil)
        #expect(c.protection.unprotectedCritical == nil)
        // An empty section, or enabled alone, takes the defaults too.
        let empty = try ConfigurationLoader.load(path: try Self.file([], name: "empty"), environment: [:])
        #expect(empty.servers.first?.connection.protection == nil)
        let enabled = try ConfigurationLoader.load(path: try Self.file(["enabled: true"]), environment: [:])
        #expect(enabled.servers.first?.connection.protection == ProtectionFetch())
        #expect(enabled.protection.settings == ProtectionSettings.standard)
    }

    @Test("Every key is read: the fetch's interval on each server, the judging settings, the period, the check")
    func everyKey() throws {
        let path = try configFile(
            minimal.replacingOccurrences(
                of: "archive:", with: "  - address: https://vbo2.example.com\n    token-file: /t\narchive:")
                    + """

                    protection:
                      enabled: yes
                      every: 6h
                      rpo: 2d
                      exclude: ["*-noreply@*", TEST-?]
                      require-users: [mailbox, archive, onedrive]
                      require-groups: group-site
                      period: 2026-11
                      unprotected-warning: 1
                      unprotected-critical: 10
                    """)
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(c.servers.count == 2)
        #expect(c.servers.allSatisfy { $0.connection.protection == ProtectionFetch(intervalSeconds: 6 * 3600) })
        #expect(c.protection.settings.rpoSeconds == 2 * 86_400)
        #expect(c.protection.settings.exclusionMasks == ["*-noreply@*", "TEST-?"])
        #expect(c.protection.settings.required[.user] == [.mailbox, .archive, .oneDrive])
        #expect(c.protection.settings.required[.group] == [.groupSite])
        #expect(c.protection.settings.required[.site] == [.site])
        #expect(c.protection.settings.required[.team] == [.team])
        #expect(
            c.protection.period
                == Timestamp(year: 2026, month: 11, day: 1)..<Timestamp(year: 2026, month: 12, day: 1))
        #expect(c.protection.unprotectedWarning == 1)
        #expect(c.protection.unprotectedCritical == 10)
        // December's period ends with the year.
        let december = try ConfigurationLoader.load(
            path: try Self.file(["period: 2026-12"]), environment: [:])
        #expect(december.protection.period?.upperBound == Timestamp(year: 2027, month: 1, day: 1))
    }

    @Test("The require- keys take the data of their kind, named as ProtectedData names it")
    func choicesFromTheEnum() {
        let keys = ConfigSchema.section("protection")?.keys ?? []
        for kind in ProtectedObjectKind.allCases {
            let key = keys.first { $0.name == ConfigSchema.requireKey(kind) }
            #expect(key?.kind == .list(.choice(kind.dataKinds.map(\.rawValue))), "\(kind)")
        }
        #expect(
            keys.map(\.name).filter { $0.hasPrefix("require-") } == [
                "require-users", "require-groups", "require-sites", "require-teams",
            ])
    }

    @Test("Nonsense is refused at its line and column, with what to do")
    func refusals() throws {
        let path = try Self.file([
            "rpo: 0h",  // line 8
            "exclude: ['', ok-*]",
            "require-users: [mailbox, onedrve]",
            "require-teams: []",
            "period: 2026-13",
            "exclusions: [x]",
            "unprotected-warning: 5",
            "unprotected-critical: 2",
        ])
        let problems = loadProblems(path).map(\.description)
        #expect(
            problems == [
                "\(path):8:8: error: 'protection.rpo' is '0h', no time at all; give a duration longer than 0, such as 24h",
                "\(path):9:13: error: 'protection.exclude' is '', an empty mask; write a mask such as '*-noreply@*' or 'test-*', or leave out the empty entry",
                "\(path):10:28: error: 'protection.require-users' is 'onedrve', not one of mailbox, archive, onedrive, personal-site; did you mean 'onedrive'?",
                "\(path):12:11: error: 'protection.period' is '2026-13', not a month such as 2026-11",
                "\(path):13:3: error: unknown key 'exclusions' in 'protection'; did you mean 'exclude'?",
            ], "\(problems)")
        // The first wrong entry of a list is reported.
        let everything = try Self.file(["exclude: [test-*, '**']"], name: "everything")
        #expect(
            loadProblems(everything).map(\.description) == [
                "\(everything):8:21: error: 'protection.exclude' is '**', a mask that matches every object, so that no protection would be judged; exclude only what is left out on purpose; to take no snapshot, leave 'enabled' false"
            ])
        // What only the keys together can say comes once the values are right.
        let together = try Self.file(
            ["require-teams: []", "unprotected-warning: 5", "unprotected-critical: 2"], name: "together")
        #expect(
            loadProblems(together).map(\.description) == [
                "\(together):8:18: error: 'protection.require-teams' lists no data, so a team in no job would count as protected; list what a team must have backed up (of team), or leave out the key",
                "\(together):10:25: error: 'protection.unprotected-critical' (2) is below 'protection.unprotected-warning' (5); set the critical threshold at or above the warning threshold",
            ])
    }

    @Test("--set protection.rpo=48h and the environment's VB365_REPORT_PROTECTION_… override the file")
    func overrides() throws {
        let path = try Self.file(["rpo: 12h"])
        let c = try ConfigurationLoader.load(
            path: path,
            environment: [
                "VB365_REPORT_PROTECTION_ENABLED": "true", "VB365_REPORT_PROTECTION_RPO": "36h",
                "VB365_REPORT_PROTECTION_EXCLUDE": "[test-*, '*@contoso.example']",
                "VB365_REPORT_PROTECTION_PERIOD": "2026-10",
            ],
            settings: ["protection.rpo=48h", "protection.require-sites=[site]", "protection.every=1d"])
        #expect(c.protection.settings.rpoSeconds == 48 * 3600)
        #expect(c.sources["protection.rpo"] == .flag("protection.rpo"))
        #expect(c.servers.first?.connection.protection == ProtectionFetch(intervalSeconds: 86_400))
        #expect(c.protection.settings.exclusionMasks == ["test-*", "*@contoso.example"])
        #expect(c.protection.period?.lowerBound == Timestamp(year: 2026, month: 10, day: 1))
        // Without the file's section, an override adds it.
        let bare = try ConfigurationLoader.load(
            path: try configFile(minimal, name: "bare"), environment: [:], settings: ["protection.rpo=48h"])
        #expect(bare.protection.settings.rpoSeconds == 48 * 3600)
        #expect(bare.servers.first?.connection.protection == nil)
        let wrong = loadProblems(path, environment: ["VB365_REPORT_PROTECTION_RPO": "0"])
        #expect(
            wrong.map(\.description) == [
                "vb365-report: error: environment variable VB365_REPORT_PROTECTION_RPO: 'protection.rpo' is '0', no time at all; give a duration longer than 0, such as 24h"
            ])
    }

    @Test("A tenant's own RPO is carried into its TenantSettings")
    func tenantRPO() throws {
        let path = try configFile(
            minimal
                + "\nsplit: organization\ntenants:\n  - organization: Contoso\n    rpo: 48h\n  - organization: Fabrikam\n    max-age: 50h\n"
        )
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(c.tenants.map(\.protectionRPOSeconds) == [48 * 3600, nil])
        #expect(c.tenants.last?.thresholds.maximumAgeSeconds == Double(50 * 3600))
        let set = try ConfigurationLoader.load(path: path, environment: [:], settings: ["tenants.2.rpo=8h"])
        #expect(set.tenants.last?.protectionRPOSeconds == Double(8 * 3600))
    }

    @Test("run with protection enabled snapshots the organizations into the archive; without, it takes none")
    func runSnapshots() async throws {
        func snapshots(_ fixture: RunFixture) -> [String] {
            let archive = fixture.path("out/archive")
            let files = FileManager.default.enumerator(atPath: archive)?.compactMap { $0 as? String } ?? []
            return files.filter { $0.contains("/protection/") && $0.hasSuffix(".jsonl.gz") }
        }
        try await RunFixture.with { fixture in
            _ = try await fixture.run()
            #expect(snapshots(fixture).isEmpty)
            let outcome = try await fixture.run(settings: ["protection.enabled=true"])
            #expect(outcome.exitStatus == .success)
            #expect(!snapshots(fixture).isEmpty)
        }
    }

    @Test("check --config's pipeline is judged by the configured settings and period")
    func pipeline() throws {
        let path = try Self.file(["rpo: 36h", "exclude: test-*", "period: 2026-11"])
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        let pipeline = ConfiguredArchive.pipeline(c, folders: [], now: nil, quiet: true, toolVersion: "test")
        #expect(pipeline.configuration.protection == c.protection.settings)
        #expect(pipeline.configuration.protection.exclusionMasks == ["test-*"])
        #expect(pipeline.configuration.protectionPeriod == c.protection.period)
    }

    @Test("config check lists the protection settings, and warns of what is likely a mistake")
    func configCheck() async throws {
        let path = try Self.file([
            "enabled: true", "every: 2d", "rpo: 24h", "exclude: ['*-noreply@*']", "period: 2999-01",
            "unprotected-warning: 3",
        ])
        let text = await ConfigCheck.run(path: path, environment: [:], offline: true, toolVersion: "test").text
        #expect(
            text.contains(
                "  ok    protection: a snapshot of each organization every 2d; RPO 24h; required data (users: mailbox, onedrive; groups: group-mailbox; sites: site; teams: team); excluded: 1 mask (*-noreply@*); SLA over 2999-01; check: warning from 3 objects not protected\n"
            ), "\(text)")
        #expect(
            text.contains(
                "  warn  protection.every (2d) is longer than protection.rpo (24h): an object can miss its RPO between two snapshots unseen\n"
            ))
        #expect(text.contains("  warn  protection.period 2999-01 has not begun: its SLA holds no snapshot yet\n"))
        // Settings while no snapshot is taken: listed, with a warning.
        let off = try Self.file(["rpo: 12h"], name: "off")
        let offText = await ConfigCheck.run(path: off, environment: [:], offline: true, toolVersion: "test").text
        #expect(offText.contains("  ok    protection: no snapshot; RPO 12h;"))
        #expect(offText.contains("  warn  protection: not enabled, so no fetch takes a snapshot"))
        // Nothing configured: no protection line at all.
        let none = await ConfigCheck.run(
            path: try configFile(minimal, name: "none"), environment: [:], offline: true, toolVersion: "test")
        #expect(!none.text.contains("protection"))
    }
}
