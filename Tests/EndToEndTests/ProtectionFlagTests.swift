import Foundation
import Testing
import VB365TestSupport

/// `--protection-rpo` and `--exclude-mask`: protection judged from the command line, without a
/// configuration, and over one (`check --config`), where a flag given wins.
@Suite("--protection-rpo and --exclude-mask, end to end")
struct ProtectionFlagTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    /// The rows of the samples' shared mailbox `shared-test-noreply` in the protection CSVs of `report`.
    func sharedMailboxRows(_ report: URL) throws -> [String] {
        let folder = report.appendingPathComponent("protection")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
            .flatMap { name in
                try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                    .split(separator: "\n").map(String.init).filter { $0.contains(",shared-test-noreply,") }
            }
    }

    @Test("render --exclude-mask 'shared-*': the samples' shared mailbox is excluded, matched by its name")
    func renderExcludes() throws {
        try withTemporaryFolder { root in
            let plain = root.appendingPathComponent("plain")
            #expect(try Run(["render", Fixtures.samples, Self.now, "--out", plain.path]).status == 0)
            let before = try sharedMailboxRows(plain)
            #expect(before.count == 2)
            #expect(before.allSatisfy { $0.contains(",unprotected,in no job,") }, "\(before)")
            let out = root.appendingPathComponent("x")
            let run = try Run(["render", Fixtures.samples, Self.now, "--exclude-mask", "shared-*", "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            let after = try sharedMailboxRows(out)
            #expect(after.count == 2)
            #expect(after.allSatisfy { $0.contains(",excluded,matches the mask shared-*,") }, "\(after)")
            // By its address too, ignoring case; two masks, either matches.
            let address = root.appendingPathComponent("address")
            let byAddress = try Run([
                "render", Fixtures.samples, Self.now, "--exclude-mask", "nobody-*", "--exclude-mask",
                "SHARED-TEST-NOREPLY@*.onmicrosoft.com", "--out", address.path,
            ])
            #expect(byAddress.status == 0, "\(byAddress.stderr)")
            #expect(try sharedMailboxRows(address).allSatisfy { $0.contains(",excluded,") })
        }
    }

    @Test("check and metrics: --protection-rpo and --exclude-mask change the verdicts and the counts")
    func checkAndMetrics() throws {
        let plain = try Run(["check", Fixtures.samples, Self.now])
        // Six of them since the sample world halved a job's selection on 22 November (issue 29).
        #expect(plain.stdout.contains("[WARNING] Contoso Ltd: 8 users unprotected (in no job),"), "\(plain.stdout)")
        #expect(plain.stdout.contains("1 team breached"))
        let flags = try Run([
            "check", Fixtures.samples, Self.now, "--exclude-mask", "shared-*", "--protection-rpo", "30d",
        ])
        #expect(flags.stdout.contains("[WARNING] Contoso Ltd: 3 users unprotected (in no job);"), "\(flags.stdout)")
        #expect(flags.stdout.contains("of 31 objects protected, 2 excluded"))
        #expect(!flags.stdout.contains("breached;"))
        try withTemporaryFolder { root in
            let file = root.appendingPathComponent("vb365.prom").path
            let run = try Run([
                "metrics", Fixtures.samples, Self.now, "--out", file, "--protection-rpo", "12h", "--exclude-mask",
                "shared-*",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains(#"vb365_protection_rpo_seconds{server="",organization="Contoso Ltd"} 43200"#))
            #expect(
                text.contains(
                    #"vb365_protection_objects{server="",organization="Contoso Ltd",kind="user",state="excluded"} 1"#))
        }
    }

    @Test("check --config: the configured protection judges, and a flag given replaces its key")
    func overConfiguration() throws {
        try withTemporaryFolder { folder in
            let config = folder.appendingPathComponent("config.yaml").path
            try """
            servers:
              - name: vbo
                address: https://vbo.example.com:4443
                username: admin
                password-file: password
            archive:
              folder: archive
            protection:
              rpo: 30d
              exclude: ['*@fabrikam.onmicrosoft.com']
            """.write(toFile: config, atomically: true, encoding: .utf8)
            chmod(config, 0o600)
            let server = folder.appendingPathComponent("archive/servers/vbo.example.com_4443")
            try FileManager.default.createDirectory(
                at: server.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.samples), to: server)
            // The configuration's: no team breached at 30 days, Fabrikam's users all excluded.
            let configured = try Run(["check", "--config", config, Self.now])
            #expect(configured.stdout.contains("[WARNING] Contoso Ltd: 4 users unprotected (in no job);"))
            #expect(!configured.stdout.contains("breached;"), "\(configured.stdout)")
            #expect(configured.stdout.contains("[OK] Fabrikam GmbH: all 8 objects protected, 25 excluded"))
            // The flags replace them: the standard RPO's breach is back, and only the mask given excludes.
            let flags = try Run([
                "check", "--config", config, Self.now, "--protection-rpo", "24h", "--exclude-mask", "shared-*",
            ])
            #expect(flags.stdout.contains("[WARNING] Contoso Ltd: 7 users unprotected (in no job),"), "\(flags.stdout)")
            #expect(
                flags.stdout.contains("[WARNING] Fabrikam GmbH: 1 user unprotected (in no job),"), "\(flags.stdout)")
            #expect(flags.stdout.contains("1 team breached"))
        }
    }

    @Test(
        "bad values are refused while parsing (64); --rpo with a duration alone names --protection-rpo and --max-age",
        arguments: [
            (["--exclude-mask", ""], "it is an empty mask"),
            (["--exclude-mask", "**"], "it matches every object"),
            (["--protection-rpo", "soon"], "not a duration such as 26h"),
            (["--rpo", "12h"], "--protection-rpo 12h"),
        ])
    func refusals(_ flags: [String], _ message: String) throws {
        let run = try Run(["summary", Fixtures.samples, Self.now] + flags)
        #expect(run.status == 64)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}
