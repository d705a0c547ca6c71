import Foundation
import Testing
import VB365Model
import VB365TestSupport

@testable import VB365Rendering

/// A session page shows the log as VB365 wrote it: in time order, each line marked with its
/// severity, never the errors first without saying so (issue 24).
@Suite("the session page's log")
struct SessionLogOrderTests {
    @Test("in time order: Job started first, then the error, then the end; each marked")
    func timeOrder() async throws {
        try await withTemporaryFolder { folder in
            func item(_ usn: Int, _ title: String, _ time: String) -> String {
                #"{"usn": \#(usn), "title": "\#(title)", "creationTime": "2026-11-22T22:\#(time):00Z", "_links": {"jobsessions": {"href": "/v6/JobSessions/s1"}}}"#
            }
            try Fixtures.write(
                [
                    "in/jobs.json": #"[{"id": "j1", "name": "Mailboxes", "schedulePolicy": {"type": "Daily"}}]"#,
                    "in/s.json":
                        #"[{"id": "s1", "jobId": "j1", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Failed"}]"#,
                    "in/logs/s1.json": "["
                        + [
                            item(3, "[Error] Job finished with error", "10"), item(1, "[Success] Job started", "00"),
                            item(2, "[Error] Failed to process mailbox Finance", "05"),
                        ].joined(separator: ",") + "]",
                ], to: folder)
            let input = await Fixtures.reportInput([folder.appendingPathComponent("in").path], zone: "UTC")
            let facts = try #require(input.summary.sessions.first { $0.id == EntityID("s1") })
            let page = ViewBuilder(input: input, format: .markdown).sessionPage(facts)
            #expect(
                page.logLines.map(\.message) == [
                    "Job started", "Failed to process mailbox Finance", "Job finished with error",
                ])
            #expect(page.logLines.map(\.badge.word) == ["Success", "Error", "Error"])
        }
    }
}
