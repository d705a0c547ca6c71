import Foundation
import Testing
import VB365TestSupport

/// Issue 29's settings that weaken protection, from the simulator to every output: its world
/// (`SettingsIncidents`) halves a Contoso job's selected items, switches the object storage's
/// immutability off and shortens Contoso's repository's retention on Sunday 22 November 09:00 UTC.
/// `run` fetches it the evening before (the baseline), the evening after (each change found, once)
/// and a day later (none again).
@Suite("settings that weaken protection end to end: three fetches, digest, monthly, tenants, JSON, check, metrics")
struct SettingsEndToEndTests {
    static let times = ["2026-11-21T22:01:00Z", "2026-11-22T22:01:00Z", "2026-11-23T22:01:00Z"]

    @Test("each change is found once, in the run after it, with before and after; a tenant sees its own")
    func settings() throws {
        var sim = try SimulatorProcess(["--now", Self.times[0]])
        guard let port = sim.url.split(separator: ":").last.map(String.init) else {
            Issue.record("no port in \(sim.url)")
            return
        }
        let (folder, path) = try simulatorRunFolder(
            sim, "settings-e2e",
            more: """
                protection:
                  enabled: true
                  every: 1h
                time-zone: UTC
                split: organization
                report:
                  folder: report
                  formats: [xhtml, markdown]
                metrics:
                  file: metrics/vb365.prom
                """)
        let report = folder.appendingPathComponent("report")
        func security() throws -> String {
            let digest = try String(contentsOf: report.appendingPathComponent("index.md"), encoding: .utf8)
            guard let section = digest.components(separatedBy: "## Security").dropFirst().first else { return "" }
            return section.components(separatedBy: "\n## ").first ?? ""
        }
        /// Each tenant's digest, by whether its folder is Contoso's.
        func tenantDigests() throws -> [(contoso: Bool, path: String, text: String)] {
            let tenants = report.appendingPathComponent("tenants")
            var out: [(Bool, String, String)] = []
            for case let url as URL in FileManager.default.enumerator(at: tenants, includingPropertiesForKeys: nil)!
            where url.lastPathComponent == "index.md" {
                out.append((url.path.contains("contoso"), url.path, try String(contentsOf: url, encoding: .utf8)))
            }
            return out
        }
        var sections: [String] = []
        var tenantsAfter: [(contoso: Bool, path: String, text: String)] = []
        for (index, time) in Self.times.enumerated() {
            if index > 0 {
                // The server's clock moves on: the same server (address and port), a day later.
                sim.process.terminate()
                sim.process.waitUntilExit()
                sim = try SimulatorProcess(["--port", port, "--now", time])
            }
            let run = try Run(["run", "--config", path, "--now=\(time)"])
            #expect([0, 1, 2].contains(run.status), "\(run.stderr)")
            sections.append(try security())
            if index == 1 { tenantsAfter = try tenantDigests() }
        }
        _ = sim
        let kinds = ["Selection shrunk", "Immutability off", "Retention shortened"]
        // The baseline: nothing can have changed yet.
        for kind in kinds { #expect(!sections[0].contains(kind), "\(sections[0])") }
        // The run after the change: each, once, with before and after.
        let after = sections[1]
        for kind in kinds {
            #expect(after.components(separatedBy: kind).count - 1 == 1, "\(kind) once: \(after)")
        }
        #expect(after.contains("immutability off, was on, 30 days"), "\(after)")
        #expect(after.contains("keeps backups 30 days, was 3 years"), "\(after)")
        #expect(after.contains("selected items, now"), "\(after)")
        #expect(!after.contains("Exclusion added") && !after.contains("Job disabled") && !after.contains("Job removed"))
        // A day later: told once, not again.
        for kind in kinds { #expect(!sections[2].contains(kind), "\(sections[2])") }

        // The second run's outputs, from its archive: JSON, check, metrics.
        let archive = folder.appendingPathComponent("archive").path
        let json = try Run(["summary", archive, "--format", "json", "--now=\(Self.times[1])"])
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        let findings = try #require((document["security"] as? [String: Any])?["findings"] as? [[String: Any]])
        let settings = findings.filter { $0["setting"] != nil }
        #expect(
            Set(settings.compactMap { $0["kind"] as? String })
                == ["selection-shrunk", "immutability-off", "retention-shortened"], "\(settings)")
        let immutability = try #require(settings.first { ($0["kind"] as? String) == "immutability-off" })
        #expect(immutability["level"] as? String == "Failed")
        let check = try Run(["check", archive, "--now=\(Self.times[1])"])
        #expect(check.status == 2, "immutability off is critical: \(check.stdout)")
        #expect(check.stdout.contains("Immutability off"), "\(check.stdout)")
        let prom = folder.appendingPathComponent("settings.prom").path
        let metrics = try Run(["metrics", archive, "--out", prom, "--now=\(Self.times[1])"])
        let exposition = (try? String(contentsOfFile: prom, encoding: .utf8)) ?? ""
        #expect(
            exposition.contains(#"vb365_setting_changes{server="127.0.0.1",kind="immutability-off"} 1"#),
            "\(metrics.stderr)")
        #expect(exposition.contains(#"vb365_setting_changes{server="127.0.0.1",kind="job-removed"} 0"#))

        // Tenants: Contoso sees its own job's and repository's changes; the shared object
        // storage is the provider's; the other tenants see none of Contoso's.
        #expect(tenantsAfter.filter(\.contoso).count == 1)
        for tenant in tenantsAfter {
            if tenant.contoso {
                #expect(
                    tenant.text.contains("Selection shrunk") && tenant.text.contains("Retention shortened"),
                    "\(tenant.text)")
            } else {
                #expect(
                    !tenant.text.contains("Selection shrunk") && !tenant.text.contains("Retention shortened"),
                    "\(tenant.path)")
            }
            #expect(!tenant.text.contains("Immutability off"), "a shared repository is the provider's: \(tenant.path)")
        }
        // The monthly report of November: Contoso's changes, before and after.
        let monthly = try Run([
            "render", archive, "--period", "2026-11", "--out", folder.appendingPathComponent("monthly").path,
            "--now=\(Self.times[2])", "--quiet",
        ])
        #expect(monthly.status == 0 || monthly.status == 1, "\(monthly.stderr)")
        var month = ""
        for case let url as URL in FileManager.default.enumerator(
            at: folder.appendingPathComponent("monthly"), includingPropertiesForKeys: nil)!
        where url.pathExtension == "md" && url.lastPathComponent.lowercased().contains("contoso") {
            month = try String(contentsOf: url, encoding: .utf8)
        }
        #expect(month.contains("## Changes that weaken protection"), "\(month)")
        #expect(month.contains("Selection shrunk") && month.contains("Retention shortened"), "\(month)")
        #expect(!month.contains("Immutability off"))
    }
}
