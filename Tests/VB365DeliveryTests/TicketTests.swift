import Foundation
import Testing
import VB365Delivery
import VB365Model
import VB365Rendering
import VB365Statistics
import XHTMLValidation

@Suite("which sessions get a ticket")
struct TicketSelectionTests {
    /// A job's sessions, an hour apart: each a status, whether VB365 said a retry follows, and
    /// whether it names the first as its main session (v7+) or only counts retries (v6).
    struct Attempt {
        var status: SessionStatus
        var willRetry: Bool?
        var namesMain = true
    }

    static func id(_ job: Int, _ attempt: Int) -> EntityID {
        EntityID("0badc0de-0000-4000-8000-0000000\(job)000\(attempt)")
    }

    /// Jobs 1 to 6: a failure a retry recovered, two failed attempts of one run, a failure
    /// without retries, a failure whose retry is still to come, a warning, and two failed
    /// attempts of a v6 run (no main session id).
    static func inventory() -> Inventory {
        let runs: [[Attempt]] = [
            [Attempt(status: .failed, willRetry: true), Attempt(status: .success, willRetry: false)],
            [Attempt(status: .failed, willRetry: true), Attempt(status: .failed, willRetry: false)],
            [Attempt(status: .failed)],
            [Attempt(status: .failed, willRetry: true)],
            [Attempt(status: .warning, willRetry: false)],
            [Attempt(status: .failed, namesMain: false), Attempt(status: .failed, namesMain: false)],
        ]
        var inventory = Inventory()
        for (j, attempts) in runs.enumerated() {
            var job = Job(id: EntityID("0badc0de-0000-4000-8000-00000000000\(j + 1)"))
            job.name = "Job \(j + 1)"
            inventory.add(job)
            for (a, attempt) in attempts.enumerated() {
                var s = JobSession(id: id(j + 1, a + 1))
                s.jobID = job.id
                s.creationTime = Mail.now.adding(seconds: Double(-7200 + 3600 * a))
                s.endTime = s.creationTime?.adding(seconds: 600)
                s.status = attempt.status
                s.jobWillBeRetried = attempt.willRetry
                s.retryCount = a
                if a > 0, attempt.namesMain { s.mainSessionID = id(j + 1, 1) }
                inventory.add(s)
                inventory.add([
                    LogItem(
                        id: nil, sessionID: s.id, usn: 1, severity: attempt.status == .failed ? .error : .warning,
                        message: "Processing mailbox Jane Doe (jane.doe@contoso.com) failed on VBO-PROXY01",
                        creationTime: s.creationTime, endTime: s.endTime)
                ])
            }
        }
        return inventory
    }

    @Test("final-failures: one per run whose last attempt failed; none for a recovered or pending failure")
    func finalFailures() throws {
        let summary = Mail.input(Self.inventory()).summary
        let failed = summary.sessions.filter { $0.status == .failed }
        #expect(failed.count == 7, "what selecting by status alone would open")
        let selected = try TicketSelection.finalFailures.sessions(in: summary)
        #expect(Set(selected.map(\.id)) == [Self.id(2, 2), Self.id(3, 1), Self.id(6, 2)])
        #expect(selected.count == 3)
        #expect(summary.sessions.filter(\.isFinalFailure).count == 3)
    }

    @Test("SESSION: an id of 8 characters or more, or final-failures")
    func parse() throws {
        #expect(TicketSelection("final-failures") == .finalFailures)
        #expect(TicketSelection("dabb589d") == .session("dabb589d"))
        #expect(TicketSelection("dab") == nil)
        let summary = Mail.input(Self.inventory()).summary
        let one = try TicketSelection.session(Self.id(2, 1).description).sessions(in: summary)
        #expect(one.map(\.id) == [Self.id(2, 1)])
    }

    @Test("the tickets of one run are redacted together: the same name has the same mask in each")
    func composeSeveral() throws {
        let input = Mail.input(Self.inventory())
        let selected = try TicketSelection.finalFailures.sessions(in: input.summary)
        let files = try TicketComposer.compose(
            selected, input: input, templates: TemplateSet(), validator: XHTMLValidator(), redact: true)
        #expect(files.count == 6)
        #expect(Set(files.map(\.path)).count == 6)
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(
                !text.contains("Jane") && !text.contains("VBO-PROXY01") && !text.contains("contoso"), "\(file.path)")
            #expect(text.contains("person-1") && text.contains("host-1") && text.contains("mail-1@example.invalid"))
        }
    }
}
