import Foundation
import Testing
import VB365Model
import VB365Pipeline
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365TestSupport

/// `summary` keeps no session's facts (issue 14: they took about 2 KB per session of the window):
/// its writers make each one again from the inventory as they write it. What they write is what a
/// summary that kept every session's facts gives, in each format and window.
@Suite("the summary's sessions, made again as they are written")
struct SummaryFactsTests {
    /// The pipeline over `input` on day 10 of the generated archive, over `since` (the last day
    /// when nil).
    static func pipeline(_ input: String, since: TimeBound?) -> Pipeline {
        PipelineFixture.pipeline([input], now: IncrementalSiteTests.now(10), since: since, version: "test")
    }

    @Test(
        "JSON, NDJSON and text are those of a summary that kept every session's facts",
        arguments: [nil, TimeBound.before(seconds: 8 * Seconds.day)])
    func sameOutput(since: TimeBound?) async throws {
        try await withTemporaryFolder { folder in
            let input = try IncrementalSiteTests.writeArchive(day: 10, to: folder)
            let pipeline = Self.pipeline(input, since: since)
            let inventory = try await pipeline.read().inventory
            let kept = try pipeline.summarize(inventory)
            let lean = try pipeline.summarize(inventory, keepingSessions: false)

            // The facts the replay has to make again are all there: retries, comparisons either way,
            // a running session, log lines that need attention.
            #expect(lean.sessions.isEmpty && lean.windowSessions.count == kept.sessions.count)
            #expect(kept.sessions.contains { $0.runningSeconds != nil })
            #expect(kept.sessions.contains { !$0.attentionLog.isEmpty })
            #expect(kept.sessions.contains { $0.versusMedian != nil && $0.versusPrevious != nil })
            if since != nil {
                #expect(kept.sessions.contains { $0.retry.attempt > 1 })
                #expect(kept.sessions.contains { $0.isSlower })
            }
            #expect(Array(lean.windowSessions).map(\.id) == kept.sessions.map(\.id))
            #expect(
                lean.windowSessions.needingAttention.map(\.id) == kept.sessions.filter(\.needsAttention).map(\.id))

            let json = SummaryJSON.document(kept, toolVersion: "test").rendered(.pretty)
            #expect(SummaryJSON.document(lean, toolVersion: "test").rendered(.pretty) == json)
            #expect(try await pipeline.summary(format: .json, layout: .pretty, failOn: nil).text == json)
            var lines = BufferedOutput()
            SummaryJSON.writeLines(kept, toolVersion: "test", to: &lines)
            #expect(try await pipeline.summary(format: .ndjson, failOn: nil).text == lines.text)
            #expect(try await pipeline.summary(format: .text, failOn: nil).text == SummaryText.render(kept))
        }
    }
}
