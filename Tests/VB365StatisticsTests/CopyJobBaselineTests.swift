import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365TestSupport

/// A backup copy job is judged against its own runs: its baselines never take in its backup job's.
@Suite("copy jobs' baselines")
struct CopyJobBaselineTests {
    @Test("a copy twenty times as fast as its backup job is compared with its own runs only, and the backup with its")
    func apart() async throws {
        try await withTemporaryFolder { folder in
            try Fixtures.write(Fixtures.copyJobFiles, to: folder)
            let result = await Fixtures.read([folder.path])
            #expect(result.diagnostics.filter { $0.level == .error }.isEmpty)
            var options = SummaryOptions(now: Fixtures.reportTime)
            options.includeHistory = true
            let summary = Summarizer.summarize(result.inventory, options: options)
            let copyIndex = try #require(summary.jobs.firstIndex { $0.id == EntityID(Fixtures.copyJobID) })
            let backupIndex = try #require(summary.jobs.firstIndex { $0.id == EntityID(Fixtures.backupJobID) })
            #expect(summary.jobs[copyIndex].isCopyJob)
            #expect(summary.jobs[copyIndex].backupJobID == EntityID(Fixtures.backupJobID))
            #expect(!summary.jobs[backupIndex].isCopyJob)
            let all = summary.history + summary.sessions
            func last(_ job: Int) throws -> SessionFacts {
                try #require(all.filter { $0.jobIndex == job }.max { $0.creationTime < $1.creationTime })
            }
            // The copy's last run (100 MB/s) against the median of its seven earlier runs (about
            // 200 MB/s), not of fifteen runs of which eight go at 10 MB/s.
            let copy = try last(copyIndex)
            let copyMedian = try #require(copy.versusMedian)
            #expect(copyMedian.baseline == .median(runs: 7))
            let copyBase = try #require(copyMedian.baselineValues[.processingRate])
            #expect(copyBase >= 200_000_000 && copyBase <= 200_700_000)
            #expect(copy.versusMedian?.verdict == .slower)
            let previous = try #require(copy.versusPrevious)
            #expect(previous.baselineValues[.processingRate] == 200_600_000)
            // The backup's last run (12 MB/s) against its own seven (about 10 MB/s): faster, not
            // hundreds of percent slower than a median pulled up by its copy.
            let backup = try last(backupIndex)
            let backupBase = try #require(backup.versusMedian?.baselineValues[.processingRate])
            #expect(backupBase >= 10_000_000 && backupBase <= 10_070_000)
            #expect(backup.versusMedian?.baseline == .median(runs: 7))
            #expect(backup.versusMedian?.verdict != .slower)
        }
    }
}
