import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365TestSupport

@testable import VB365Configuration
@testable import VB365Run

@Suite("run with metrics:, and check --config over the archive the run fetched")
struct MonitoringRunTests {
    @Test("metrics.file: the run's last step writes metrics labelled with the configured server name")
    func metricsStep() async throws {
        try await RunFixture.with(extra: "metrics:\n  file: out/metrics/vb365.prom") { fixture in
            let outcome = try await fixture.run()
            #expect(
                outcome.steps.map(\.step) == ["fetch sim", "read", "report", "site", "e-mail", "tickets", "metrics"])
            #expect(outcome.steps.allSatisfy { $0.status == .success })
            let text = try String(contentsOfFile: fixture.path("out/metrics/vb365.prom"), encoding: .utf8)
            #expect(text.contains("server=\"sim\""))
            let promtool = "/usr/bin/promtool"
            if FileManager.default.isExecutableFile(atPath: promtool) {
                let check = try ProgramRun(URL(fileURLWithPath: promtool), ["check", "metrics"], stdin: text)
                #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            } else {
                Issue.record("promtool is missing: install the Debian package prometheus")
            }
            let configuration = try ConfigurationLoader.load(path: fixture.config, environment: [:])
            #expect(configuration.outputNames.last == "metrics")

            // What check --config reads: the archive of the configured servers, with their names.
            let folders = ConfiguredArchive.folders(configuration)
            #expect(folders.count == 1)
            let pipeline = ConfiguredArchive.pipeline(
                configuration, folders: folders, now: RunFixture.now, quiet: true, toolVersion: "test")
            let summary = try pipeline.summarize(try await pipeline.read().inventory)
            #expect(summary.servers.map(\.name) == ["sim"])
            let result = MonitoringCheck.evaluate(summary, policy: CheckPolicy(), scope: CheckScope(servers: ["sim"]))
            #expect(result.state != .unknown, "\(result.pluginOutput())")
            #expect(result.jobs.count == summary.jobs.count)
            // The metrics describe the same jobs.
            let jobs = text.split(separator: "\n").filter { $0.hasPrefix("vb365_job_missed{") }
            #expect(jobs.count == summary.jobs.count)
            let other = MonitoringCheck.evaluate(
                summary, policy: CheckPolicy(), scope: CheckScope(servers: ["elsewhere"]))
            #expect(other.state == .unknown)
            #expect(other.headline == "no server is named 'elsewhere'; the servers are: sim")
        }
    }
}
