import Foundation
import Testing
import VB365TestSupport

@Suite("vb365-report email, end to end")
struct EmailCommandTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    /// A fake sendmail that keeps its arguments and the message, then exits with `status`.
    static func fakeSendmail(in folder: URL, status: Int = 0) throws -> URL {
        let script = folder.appendingPathComponent("sendmail")
        try """
        #!/bin/sh
        echo "$@" > "\(folder.path)/args"
        cat > "\(folder.path)/message"
        [ \(status) -eq 0 ] || echo "550 relay refused" >&2
        exit \(status)
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    @Test("standard output: a message with LF line ends; --out: a .eml file with CRLF")
    func outputs() throws {
        let run = try Run(["email", Fixtures.samples, Self.now, "--to", "ops@example.com"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("From: vb365-report@"))
        #expect(run.stdout.contains("Content-Type: multipart/alternative;"))
        #expect(!run.stdout.contains("\r\n"))
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("report.eml")
            let written = try Run(["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--out", file.path])
            #expect(written.status == 0)
            #expect(written.stdout.isEmpty)
            let bytes = try Data(contentsOf: file)
            #expect(String(decoding: bytes, as: UTF8.self).contains("\r\nMIME-Version: 1.0\r\n"))
            // A missing folder is created; a file in its place cannot be.
            try Data("x".utf8).write(to: folder.appendingPathComponent("file"))
            let blocked = folder.appendingPathComponent("file/dir/r.eml").path
            let unwritable = try Run(["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--out", blocked])
            #expect(unwritable.status == 73)
            #expect(unwritable.stderr.contains("\(folder.path)/file: error: cannot write: not a directory"))
        }
    }

    @Test("--sendmail: the message goes to sendmail -t -i; missing (69) and failing (75) sendmail say so")
    func sendmail() throws {
        try withTemporaryFolder { folder in
            let fake = try Self.fakeSendmail(in: folder)
            let base = ["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--sendmail"]
            let sent = try Run(base + ["--sendmail-path", fake.path])
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(sent.stderr.contains("sent to ops@example.com"))
            #expect(try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8) == "-t -i\n")
            let message = try String(contentsOf: folder.appendingPathComponent("message"), encoding: .utf8)
            #expect(message.contains("To: ops@example.com\n"))

            let missing = try Run(base + ["--sendmail-path", folder.appendingPathComponent("nope").path])
            #expect(missing.status == 69)
            #expect(missing.stderr.contains("nothing was sent"))

            let failingFolder = folder.appendingPathComponent("failing")
            try FileManager.default.createDirectory(at: failingFolder, withIntermediateDirectories: true)
            let failing = try Self.fakeSendmail(in: failingFolder, status: 1)
            let failed = try Run(base + ["--sendmail-path", failing.path])
            #expect(failed.status == 75)
            #expect(failed.stderr.contains("failed with status 1: 550 relay refused"))
        }
    }

    @Test("--only-if: nothing sent, and it says so, when the window is below the level")
    func onlyIf() throws {
        let clean = #"""
            [{"id": "aaaaaaaa-0000-4000-8000-000000000001", "creationTime": "2026-11-22T22:00:00Z",
              "endTime": "2026-11-22T22:10:00Z", "status": "Success"}]
            """#
        let quiet = try Run(
            ["email", "-", Self.now, "--to", "ops@example.com", "--only-if", "warning"], stdin: clean)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderr.contains("nothing sent"))
        let loud = try Run(["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--only-if", "failed"])
        #expect(loud.status == 0)
        #expect(loud.stdout.contains("MIME-Version: 1.0"))
    }

    @Test("--only-if: no data is something to report, so the message is sent")
    func onlyIfNoData() throws {
        try withTemporaryFolder { folder in
            let run = try Run(["email", folder.path, Self.now, "--to", "ops@example.com", "--only-if", "failed"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("# \\[No data\\] VB365 report 2026-11-23"), "\(run.stdout.prefix(900))")
            #expect(run.stderr.contains("holds no .json files"))
        }
    }

    @Test("bad usage: no recipient, a bad address, an unknown subject variable, inputs and --server together")
    func usage() throws {
        #expect(try Run(["email", Fixtures.samples]).status == 64)
        #expect(try Run(["email", Fixtures.samples, "--to", "not an address"]).status == 64)
        let unknown = try Run(["email", Fixtures.samples, "--to", "a@example.com", "--subject", "%Jobresult%"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("%JobResult%"))
        #expect(
            try Run([
                "email", Fixtures.samples, "--to", "a@example.com", "--server", "https://x:4443", "--username", "u",
            ])
            .status == 64)
    }
}

@Suite("vb365-report ticket, end to end")
struct TicketCommandTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    @Test("writes <job>-<date>-<status>-<short id>.html and .md; the XHTML validates")
    func ticket() throws {
        try withTemporaryFolder { folder in
            let run = try Run(["ticket", "dabb589d", Fixtures.samples, Self.now, "--out", folder.path])
            #expect(run.status == 0, "\(run.stderr)")
            let html = folder.appendingPathComponent("sharepoint-onedrive-2026-11-22-failed-dabb589d.html")
            let md = folder.appendingPathComponent("sharepoint-onedrive-2026-11-22-failed-dabb589d.md")
            #expect(run.stdout == html.path + "\n" + md.path + "\n")
            #expect(try Run(["validate", html.path]).status == 0)
            let text = try String(contentsOf: md, encoding: .utf8)
            #expect(text.contains("Fabrikam GmbH"))
            #expect(text.contains("**The job's recent sessions**"))
            #expect(text.contains("Failed to process site"))
            let redacted = try Run(["ticket", "dabb589d", Fixtures.samples, Self.now, "--out", folder.path, "--redact"])
            #expect(redacted.status == 0)
            #expect(!(try String(contentsOf: md, encoding: .utf8)).contains("Fabrikam"))
        }
    }

    @Test("final-failures: one ticket per run whose last attempt failed, none for a failure a retry recovered")
    func finalFailures() throws {
        try withTemporaryFolder { folder in
            // The samples' night: Exchange failed and a retry recovered it; SharePoint failed twice.
            let run = try Run([
                "ticket", "final-failures", Fixtures.samples, Self.now, "--out", folder.path, "--redact",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(
                names == [
                    "sharepoint-onedrive-2026-11-22-failed-dabb589d.html",
                    "sharepoint-onedrive-2026-11-22-failed-dabb589d.md",
                ])
            #expect(run.stdout == names.map { folder.appendingPathComponent($0).path + "\n" }.joined())
            let text = try String(contentsOf: folder.appendingPathComponent(names[1]), encoding: .utf8)
            #expect(text.contains("/sites/name-1: The remote server"))
            // A window without a failure: nothing written, nothing printed.
            let none = try Run([
                "ticket", "final-failures", Fixtures.samples, "--since", "2026-11-20T00:00:00Z", "--until",
                "2026-11-21T00:00:00Z", Self.now, "--out", folder.path,
            ])
            #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stderr)")
            #expect(try Run(["ticket", "final", Fixtures.samples, Self.now]).status == 64)
        }
    }

    @Test("no such session, an ambiguous prefix, an unwritable folder")
    func failures() throws {
        let none = try Run(["ticket", "ffffffff-0000", Fixtures.samples, Self.now])
        #expect(none.status == 64)
        #expect(none.stderr.contains("no session ffffffff-0000"))
        #expect(try Run(["ticket", "dab", Fixtures.samples, Self.now]).status == 64)
        try withTemporaryFolder { folder in
            try Fixtures.write(["file": "x"], to: folder)
            let unwritable = try Run([
                "ticket", "dabb589d", Fixtures.samples, Self.now, "--out", folder.path + "/file/x",
            ])
            #expect(unwritable.status == 73)
        }
    }
}
