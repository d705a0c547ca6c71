import Foundation
import Testing
import VB365Model
import VB365Rendering
import VB365TestSupport

@testable import VB365Statistics

/// A site's session page is kept when the key of its inputs is unchanged (`ViewBuilder.sessionDigest`),
/// which walks each stored property of the session's facts by hand: a property added to these
/// types must be added to that walk (`ViewWalk.facts`, `comparison`, `logItem`,
/// `processedObject`), or an incremental
/// site would keep pages that should change. These lists are the walk's; the types' own
/// properties, read by reflection, must equal them.
@Suite("the key of a session page's inputs covers every property of its facts")
struct SessionFactsKeyTests {
    static func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

    @Test(
        "SessionFacts, RetryRole, ReadWriteBalance, Comparison, its values and findings, Freshness.Hung, LogItem and ProcessedObject"
    )
    func everyProperty() async throws {
        let input = await Fixtures.reportInput([Fixtures.samples])
        let sessions = input.summary.sessions + input.summary.history
        let f = try #require(sessions.first)
        #expect(
            Self.labels(f) == [
                "id", "jobIndex", "creationTime", "endTime", "durationSeconds", "status", "bottleneck", "jobType",
                "processingRate", "processingItemsRate", "readRate", "writeRate", "transferred", "objects",
                "observedThroughput", "retry", "readWrite", "versusPrevious", "versusMedian", "attentionLog",
                "logWarnings", "logErrors", "runningSeconds", "hung",
            ])
        #expect(
            Self.labels(f.retry) == [
                "attempt", "attempts", "isFinal", "mainSessionID", "willBeRetried", "retriesAllowed",
            ])
        let readWrite = try #require(sessions.lazy.compactMap(\.readWrite).first)
        #expect(Self.labels(readWrite) == ["limitingSide", "ratio", "consistentWithBottleneck"])
        let comparison = try #require(sessions.lazy.compactMap(\.versusMedian).first { !$0.findings.isEmpty })
        #expect(Self.labels(comparison) == ["baseline", "baselineValues", "deltas", "findings", "verdict"])
        // The walk reads a comparison's values by metric: each stored value must be a metric's
        // (besides `known`, which says which ones the metrics' subscript returns).
        let values = Comparison.Metric.allCases.map(\.rawValue) + ["known"]
        #expect(Self.labels(comparison.baselineValues) == values)
        #expect(Self.labels(comparison.deltas) == values)
        let finding = try #require(comparison.findings.first)
        #expect(Self.labels(finding) == ["metric", "verdict", "deltaPercent"])
        let item = try #require(input.logItems.values.lazy.compactMap(\.first).first)
        #expect(
            Self.labels(item) == ["id", "sessionID", "usn", "severity", "message", "creationTime", "endTime"])
        let object = try #require(input.processedObjects.values.lazy.compactMap(\.first).first)
        #expect(Self.labels(object) == ["sessionID", "id", "type", "status", "name", "link"])
        let hung = Freshness.Hung(
            sessionID: f.id, started: f.creationTime, elapsedSeconds: 1, usualSeconds: nil, p95Seconds: nil,
            completedRuns: 0, thresholdSeconds: 1, factor: 1, minimumSeconds: 1)
        #expect(
            Self.labels(hung) == [
                "sessionID", "queued", "started", "elapsedSeconds", "usualSeconds", "p95Seconds", "completedRuns",
                "thresholdSeconds", "factor", "minimumSeconds",
            ])
    }
}
