import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365TestSupport

/// The real `promtool check metrics` (Debian package `prometheus`) over `text`: its exit status
/// and what it printed; nil when promtool is not installed.
func promtool(_ text: String) throws -> (status: Int32, output: String)? {
    let path = "/usr/bin/promtool"
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let run = try ProgramRun(URL(fileURLWithPath: path), ["check", "metrics"], stdin: text)
    return (run.status, run.stdout + run.stderr)
}

/// The samples of an exposition: `name{labels}` → value.
func samples(_ text: String) -> [String: Double] {
    var out: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " ") else { continue }
        out[String(line[..<space])] = Double(line[line.index(after: space)...])
    }
    return out
}

@Suite("metrics: the Prometheus text exposition, checked by promtool")
struct PrometheusTextTests {
    typealias S = MonitoringScenario

    @Test("the samples: promtool accepts the file, and its values are the summary's")
    func samplesAccepted() async throws {
        let result = await Fixtures.read([Fixtures.samples])
        let summary = Summarizer.summarize(result.inventory, options: SummaryOptions(now: S.now))
        let text = PrometheusText.render(summary)
        if let (status, output) = try promtool(text) {
            #expect(status == 0, "\(output)")
            #expect(output.isEmpty, "promtool's lint found: \(output)")
        } else {
            Issue.record(
                "promtool is missing (/usr/bin/promtool): install the Debian package prometheus (script/setup does)")
        }
        let values = samples(text)
        for job in summary.jobs {
            let organization = summary.organizations[job.organizationIndex].name
            let labels =
                "server=\"\",organization=\"\(organization)\",job=\"\(job.name)\",job_type=\"\(job.isCopyJob ? "copy" : "backup")\""
            let last = try #require(job.lastSession)
            #expect(values["vb365_job_last_session_status{\(labels),status=\"\(last.status)\"}"] == 1)
            #expect(
                values["vb365_job_last_session_start_timestamp_seconds{\(labels)}"]
                    == last.creationTime.secondsSince1970.rounded3)
            #expect(values["vb365_job_missed{\(labels)}"] == (job.freshness.missed == nil ? 0 : 1))
            #expect(values["vb365_job_stale{\(labels)}"] == (job.freshness.stale == nil ? 0 : 1))
            if let facts = summary.sessions.first(where: { $0.id == last.id }) {
                #expect(
                    values["vb365_job_last_session_transferred_bytes{\(labels)}"] == facts.transferred.map(Double.init))
                #expect(values["vb365_job_last_session_duration_seconds{\(labels)}"] == facts.durationSeconds?.rounded3)
            }
            for count in job.statistics.byStatus {
                #expect(values["vb365_job_sessions{\(labels),status=\"\(count.status)\"}"] == Double(count.count))
            }
            #expect(
                values["vb365_job_last_success_timestamp_seconds{\(labels)}"]
                    == job.lastSuccess.map { ($0.endTime ?? $0.creationTime).secondsSince1970.rounded3 })
        }
        #expect(text.contains("# TYPE vb365_job_last_session_duration_seconds gauge\n"))
        #expect(!text.contains("session_id"))
    }

    @Test("label values escape backslash, quote and line feed, keep UTF-8; unknown values are left out, not 0")
    func escaping() async throws {
        var job = S.healthy(1, "Back\\slash \"quoted\"\nnext Ünïcödé ✓")
        job.sessions[1].transferred = "N/A"
        let scenario = S(jobs: [job, S.healthy(2, "Plain")])
        let text = PrometheusText.render(try await scenario.summary())
        #expect(text.contains(#"job="Back\\slash \"quoted\"\nnext Ünïcödé ✓""#))
        #expect(!text.contains("transferred_bytes{server=\"\",organization=\"Contoso Ltd\",job=\"Back"))
        #expect(
            text.contains(
                "transferred_bytes{server=\"\",organization=\"Contoso Ltd\",job=\"Plain\",job_type=\"backup\"} 1610612736\n"
            ))
        if let (status, output) = try promtool(text) {
            #expect(status == 0, "\(output)")
        } else {
            Issue.record("promtool is missing (/usr/bin/promtool): install the Debian package prometheus")
        }
    }

    @Test("two jobs of one name in one organization get apart by their id, so no two series share labels")
    func sameName() async throws {
        let scenario = S(jobs: [S.healthy(1, "Twin"), S.ended(2, "Twin", "Failed")])
        let text = PrometheusText.render(try await scenario.summary())
        #expect(text.contains("job=\"Twin [\(S.id(1))]\""))
        #expect(text.contains("job=\"Twin [\(S.id(2))]\""))
        if let (status, output) = try promtool(text) { #expect(status == 0, "\(output)") }
    }
}

extension Double {
    /// Rounded to the millisecond, as the exposition writes times.
    var rounded3: Double { (self * 1000).rounded() / 1000 }
}
