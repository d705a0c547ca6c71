import Foundation
import Testing
import VB365Support
import VB365TestSupport

@testable import VB365Run

@Suite("vb365-report run: a failed run is never silent")
struct RunFailureMailTests {
    @Test("A failed run e-mails [Run failed] once, however often it fails; the first run that works e-mails Resolved")
    func mailOnChange() async throws {
        try await RunFixture.with { fixture in
            let closed = ["servers.1.address=https://127.0.0.1:1"]
            let mail = fixture.path("out/mail/report-run.eml")
            let failed = try await fixture.run(settings: closed)
            #expect(failed.exitStatus == .noHost)
            #expect(failed.steps.map(\.step).last == "e-mail run")
            let first = try String(contentsOfFile: mail, encoding: .utf8)
            #expect(subject(ofMail: first).hasPrefix("[vb365-report] [Run failed] vb365-report could not fetch sim"))
            #expect(first.contains("last good report never"))
            #expect(!first.contains(RunFixture.password))
            // Failing again the same way: nothing new to say.
            try FileManager.default.removeItem(atPath: mail)
            let again = try await fixture.run(settings: closed)
            #expect(again.exitStatus == .noHost)
            #expect(!again.steps.contains { $0.step == "e-mail run" })
            #expect(!FileManager.default.fileExists(atPath: mail))
            // The server works again: the run says so, and later failures name this good run.
            let good = try await fixture.run()
            #expect(good.exitStatus == .success, "\(good.steps.map(\.line))")
            #expect(good.steps.map(\.step).last == "e-mail run")
            let resolved = try String(contentsOfFile: mail, encoding: .utf8)
            #expect(subject(ofMail: resolved) == "[vb365-report] Resolved: the reporting run")
            _ = try await fixture.run(settings: closed)
            let later = try String(contentsOfFile: mail, encoding: .utf8)
            #expect(later.contains("last good report 2026-11-23 07:00"))
        }
    }
}
