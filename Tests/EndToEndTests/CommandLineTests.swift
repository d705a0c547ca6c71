import Foundation
import Testing
import VB365TestSupport

/// Runs the built `vb365-report` binary and captures what a user would see.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String

    static let binary = ProgramRun.product("vb365-report")

    /// A built executable of this package.
    static func product(_ name: String) -> URL { ProgramRun.product(name) }

    init(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws {
        let run = try ProgramRun(Run.binary, arguments, stdin: stdin, environment: environment)
        (status, stdout, stderr) = (run.status, run.stdout, run.stderr)
    }
}

@Suite("vb365-report summary, end to end")
struct CommandLineTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    @Test("the samples: exit 0, the golden text, byte-identical on every run")
    func samples() throws {
        let first = try Run(["summary", Fixtures.samples, Self.now])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.isEmpty)
        let golden = Fixtures.packageRoot.appendingPathComponent(
            "Tests/VB365SummaryOutputTests/Golden/samples-summary.txt")
        #expect(first.stdout == (try String(contentsOf: golden, encoding: .utf8)))
        let second = try Run(["summary", Fixtures.samples, Self.now])
        #expect(second.stdout == first.stdout)
    }

    @Test("--format json is the documented document")
    func json() throws {
        let run = try Run(["summary", Fixtures.samples, Self.now, "--format", "json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["schemaVersion"] as? Int == 6)
        #expect((object?["tool"] as? [String: Any])?["name"] as? String == "vb365-report")
    }

    @Test("--fail-on: exit 1 when the window reaches the level, 0 when it does not")
    func failOn() throws {
        #expect(try Run(["summary", Fixtures.samples, Self.now, "--fail-on", "failed"]).status == 1)
        #expect(try Run(["summary", Fixtures.samples, Self.now, "--fail-on", "warning"]).status == 1)
        let clean =
            #"[{"id": "a", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Success"}]"#
        #expect(try Run(["summary", "-", Self.now, "--fail-on", "warning"], stdin: clean).status == 0)
    }

    @Test(
        "infrastructure limits and --objects-shown from the command line; a failure limit above the warning is refused")
    func infrastructureOptions() throws {
        // The samples' licence expires in 3 days, their Contoso repository is 7 % free and full in ~2
        // days, proxy-02 is offline: with limits this low only the offline proxy stays a failure.
        let relaxed = try Run([
            "summary", Fixtures.samples, Self.now, "--free-space-warning", "5", "--free-space-failure", "1",
            "--full-warning", "1d", "--full-failure", "1d", "--license-warning", "1d", "--license-failure", "1d",
            "--format", "json",
        ])
        let object = try JSONSerialization.jsonObject(with: Data(relaxed.stdout.utf8)) as? [String: Any]
        let infrastructure = object?["infrastructure"] as? [String: Any]
        let kinds = (infrastructure?["findings"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["offline", "versionMismatch"], "\(kinds ?? [])")
        #expect((infrastructure?["thresholds"] as? [String: Any])?["fullWarningDays"] as? Double == 1)
        let refused = try Run(["summary", Fixtures.samples, "--free-space-warning", "5", "--free-space-failure", "6"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--free-space-failure must be at or below --free-space-warning"))
        let licence = try Run(["summary", Fixtures.samples, "--license-warning", "5d", "--license-failure", "6d"])
        #expect(licence.status == 64)
        #expect(licence.stderr.contains("--license-failure must be at or below --license-warning"))

        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("out").path
            #expect(try Run(["render", Fixtures.samples, "--out", out, Self.now, "--objects-shown", "1"]).status == 0)
            let page = try String(
                contentsOfFile: out + "/sessions/cc1476a4-f69b-43ea-9ac0-7e086d09a1ae.md", encoding: .utf8)
            #expect(
                page.contains("22 objects processed (users, groups, sites, teams): 18 succeeded, 3 failed, 1 warned"))
            // The failed object first, the one the log names: the SharePoint job's Finance site.
            #expect(page.contains("| ❌ **Failed** | Site | Finance |"), "\(page)")
            #expect(page.contains("and 3 more (2 failed, 1 warned)"), "\(page)")
        }
    }

    @Test("--fail-on over no data: exit 3 with a sentence, [No data] on standard output; without it, 0")
    func noData() throws {
        try withTemporaryFolder { folder in
            let run = try Run(["summary", folder.path, Self.now, "--fail-on", "failed"])
            #expect(run.status == 3)
            #expect(run.stdout.hasPrefix("[No data] "))
            #expect(run.stderr.contains("no data: the window holds no session"))
            #expect(try Run(["summary", folder.path, Self.now]).status == 0)
            let old =
                #"[{"id": "a", "creationTime": "2026-10-01T22:00:00Z", "endTime": "2026-10-01T22:10:00Z", "status": "Success"}]"#
            // One old session teaches no schedule, so it is not stale by the default maximum age: the
            // window has no data (exit 3, never all clear); with an RPO set for it, it is stale.
            let empty = try Run(["summary", "-", Self.now, "--since", "24h", "--fail-on", "warning"], stdin: old)
            #expect(empty.status == 3, "\(empty.stdout)")
            #expect(empty.stdout.hasPrefix("[No data] "), "\(empty.stdout)")
            let rpo = try Run(
                ["summary", "-", Self.now, "--since", "24h", "--fail-on", "warning", "--rpo", "(no job)=26h"],
                stdin: old)
            #expect(rpo.status == 1, "a session without a job is judged too: stale against its RPO")
            #expect(rpo.stdout.hasPrefix("[Stale] "), "\(rpo.stdout)")
        }
    }

    @Test("standard input mixed with files")
    func standardInput() throws {
        let extra =
            #"{"id": "aaaaaaaa-0000-4000-8000-000000000001", "creationTime": "2026-11-22T23:59:00Z", "status": "Warning"}"#
        let run = try Run(["summary", "-", Fixtures.samples, Self.now, "--format", "json"], stdin: extra)
        #expect(run.status == 0)
        #expect(run.stdout.contains("aaaaaaaa-0000-4000-8000-000000000001"))
    }

    @Test("bad input named itself (or with --strict): exit 65, file:line:column, and no summary on standard output")
    func badInput() throws {
        try withTemporaryFolder { folder in
            try Fixtures.write(
                ["broken.json": "{\"offset\": 0, \"results\": [\n  {\"id\": \"x\" \"creationTime\": 1}\n]}"], to: folder
            )
            let strict = try Run(["summary", folder.path, Fixtures.samples, "--strict"])
            #expect(strict.status == 65)
            #expect(strict.stdout.isEmpty)
            let run = try Run(["summary", folder.path + "/broken.json", Fixtures.samples])
            #expect(run.status == 65)
            #expect(run.stdout.isEmpty)
            #expect(
                run.stderr.contains(
                    "\(folder.path)/broken.json:2:14: error: expected ',' or '}' after an object member, found '\"'"))
            #expect(strict.stderr.contains("\(folder.path)/broken.json:2:14: error: "))
            let missing = try Run(["summary", "/no/such/file.json"])
            #expect(missing.status == 65)
            #expect(missing.stderr.contains("/no/such/file.json: error: no such file or directory"))
        }
    }

    /// Runs `body` with a temporary folder (removed afterwards) holding, as `archive`, a copy of the
    /// samples with an HTML error page saved as a sessions page, as a proxy's 502 answer ends up in
    /// an archive; and the page's path.
    static func withArchiveWithErrorPage<T>(_ name: String = #function, _ body: (URL, String) throws -> T) throws
        -> T
    {
        try withTemporaryFolder("blind-" + name) { folder in
            let archive = folder.appendingPathComponent("archive")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.samples), to: archive)
            let page = archive.appendingPathComponent("sessions/zz-v8-p0001.json")
            try
                "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body>\n</html>\n"
                .write(to: page, atomically: true, encoding: .utf8)
            return try body(folder, page.path)
        }
    }

    @Test("an unreadable file in a folder: the summary of the rest names it, --fail-on warning exits 1, --strict 65")
    func unreadableFileInFolder() throws {
        try Self.withArchiveWithErrorPage { folder, page in
            let archive = folder.appendingPathComponent("archive").path
            let run = try Run(["summary", archive, Self.now])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("UNREADABLE FILES"))
            #expect(run.stdout.contains("\(page):1:1: an HTML page (502 Bad Gateway), not JSON"))
            #expect(run.stdout.contains("Contoso Ltd / Exchange Online mailboxes"), "the rest is summarised")
            #expect(run.stderr.contains("\(page):1:1: warning: an HTML page (502 Bad Gateway), not JSON"))
            #expect(run.stderr.contains("1 file could not be read"))
            let quiet = try Run(["summary", archive, Self.now, "--quiet"])
            #expect(quiet.stderr.contains(page), "a file left out is named even with --quiet")
            let json = try Run(["summary", archive, Self.now, "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            let files = (object?["input"] as? [String: Any])?["unreadableFiles"] as? [[String: Any]]
            #expect(files?.first?["path"] as? String == page)
            #expect(files?.first?["line"] as? Int == 1)
            #expect((files?.first?["reason"] as? String)?.hasPrefix("an HTML page (502 Bad Gateway)") == true)
            // A clean night is clear; the same with a file left out reaches --fail-on warning, not failed.
            let night = folder.appendingPathComponent("night")
            try Fixtures.write(
                [
                    "good.json":
                        #"[{"id": "a", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Success"}]"#
                ], to: night)
            #expect(try Run(["summary", night.path, Self.now, "--fail-on", "warning"]).status == 0)
            try Fixtures.write(["sessions/bad.json": "<!DOCTYPE html><title>Sign in</title>"], to: night)
            #expect(try Run(["summary", night.path, Self.now, "--fail-on", "warning"]).status == 1)
            #expect(try Run(["summary", night.path, Self.now, "--fail-on", "failed"]).status == 0)
            #expect(try Run(["summary", archive, Self.now, "--strict"]).status == 65)
            let named = try Run(["summary", page, Fixtures.samples, Self.now])
            #expect(named.status == 65)
            #expect(named.stderr.contains("\(page):1:1: error: an HTML page (502 Bad Gateway), not JSON: "))
        }
    }

    @Test("render over a folder with an unreadable file: the report is written, and its digest names the file")
    func unreadableFileRendered() throws {
        try Self.withArchiveWithErrorPage { folder, page in
            let archive = folder.appendingPathComponent("archive").path
            let out = folder.appendingPathComponent("out").path
            let run = try Run(["render", archive, "--out", out, Self.now])
            #expect(run.status == 0, "\(run.stderr)")
            let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
            #expect(html.contains("could not be read"))
            #expect(html.contains("<code>\(page):1:1</code>: an HTML page (502 Bad Gateway), not JSON"))
            let markdown = try String(contentsOfFile: out + "/index.md", encoding: .utf8)
            #expect(markdown.contains("could not be read"))
            #expect(markdown.contains("502 Bad Gateway"))
            // --strict: nothing written, and the report before is kept.
            let strict = try Run(["render", archive, "--out", out, Self.now, "--strict"])
            #expect(strict.status == 65)
            #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8) == html)
        }
    }

    @Test("a mistyped option: exit 64, naming the option meant")
    func mistypedOption() throws {
        let run = try Run(["render", Fixtures.samples, "--out", "/tmp/x", "--time-zon", "Europe/Berlin"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--time-zon"))
        #expect(run.stderr.contains("did you mean '--time-zone'?"), "\(run.stderr)")
        let summary = try Run(["summary", Fixtures.samples, "--fail-of", "warning"])
        #expect(summary.status == 64)
        #expect(summary.stderr.contains("did you mean '--fail-on'?"), "\(summary.stderr)")
    }

    @Test(
        "bad usage: exit 64 with a sentence that says what to do",
        arguments: [
            ["summary"], ["summary", "x.json", "--since", "yesterday"], ["summary", "x.json", "--format", "yaml"],
            ["summary", "x.json", "--now", "24h"], ["summary", "x.json", "--rate-threshold", "150"], ["frobnicate"],
        ])
    func badUsage(arguments: [String]) throws {
        let run = try Run(arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test(
        "a mistyped command: exit 64, naming the word and the command meant",
        arguments: [
            (["summarize", "samples"], "unknown command 'summarize'; did you mean 'summary'?"),
            (["rendr", "samples", "--out", "out"], "unknown command 'rendr'; did you mean 'render'?"),
            (["tickets"], "unknown command 'tickets'; did you mean 'ticket'?"),
            (["validation", "out"], "unknown command 'validation'; did you mean 'validate'?"),
            (
                ["frobnicate"],
                "unknown command 'frobnicate'; the commands are run, config, notify, summary, render, validate, fetch, report, email, ticket, site, check and metrics"
            ),
        ])
    func mistypedCommand(arguments: [String], expected: String) throws {
        let run = try Run(arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: \(expected)\n"), "\(run.stderr)")
        #expect(run.stderr.contains("Usage: vb365-report <subcommand>"))
    }

    @Test("a command, an option or help first is not taken for a mistyped command")
    func knownFirstWords() throws {
        #expect(try Run(["help", "summary"]).stdout.contains("USAGE: vb365-report summary"))
        #expect(try Run(["--version"]).stdout == "0.1.0 (commit unknown)\n")
        #expect(try Run(["summary", Fixtures.samples, Self.now]).status == 0)
    }

    @Test("input text in diagnostics cannot steer the terminal")
    func hostileDiagnostics() throws {
        let input = #"[{"id": "a", "creationTime": "\u001b[2J\u001b]0;pwned\u0007", "status": "Success"}]"#
        let run = try Run(["summary", "-", Self.now], stdin: input)
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning"))
        #expect(!run.stderr.unicodeScalars.contains("\u{1B}"))
        #expect(!run.stderr.unicodeScalars.contains("\u{7}"))
    }

    @Test("--since after --until is bad usage")
    func emptyWindow() throws {
        let run = try Run(["summary", Fixtures.samples, "--since", "2026-11-22", "--until", "2026-11-21"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("must be before --until"))
    }

    @Test("hostile job names are escaped on the terminal and kept intact in JSON")
    func hostileNames() throws {
        let name = "Evil\u{1B}[2J\u{202E}txt.exe | `rm -rf` <script>alert(1)</script> ../../etc 🚀 שלום"
        var escapedName = ""
        for scalar in name.unicodeScalars {
            escapedName += scalar.value < 0x20 ? String(format: "\\u%04x", scalar.value) : String(scalar)
        }
        let input = """
            [{"id": "j1", "name": "\(escapedName)", "schedulePolicy": {"type": "Daily"}},
             {"id": "s1", "jobId": "j1", "creationTime": "2026-11-22T22:00:00Z", "status": "Failed\\u001b[0m"}]
            """
        let text = try Run(["summary", "-", Self.now], stdin: input)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(!text.stdout.unicodeScalars.contains("\u{1B}"))
        #expect(!text.stdout.unicodeScalars.contains("\u{202E}"))
        #expect(text.stdout.contains("\\u{1B}[2J\\u{202E}txt.exe | `rm -rf` <script>"))
        let json = try Run(["summary", "-", Self.now, "--format", "json"], stdin: input)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let job = (object?["jobs"] as? [[String: Any]])?.first
        #expect(job?["name"] as? String == name)
    }
}

@Suite("vb365-report render and validate, end to end")
struct RenderCommandTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    @Test("render writes the report, prints the digest's path, and validate accepts every page")
    func render() throws {
        try withTemporaryFolder { root in
            let out = root.appendingPathComponent("report").path
            let run = try Run(["render", Fixtures.samples, "--out", out, Self.now, "--time-zone", "Europe/Berlin"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == out + "/index.html\n")
            let pages = try FileManager.default.contentsOfDirectory(atPath: out + "/jobs").filter {
                $0.hasSuffix(".html")
            }
            let check = try Run(["validate", out + "/index.html"] + pages.map { out + "/jobs/" + $0 })
            #expect(check.status == 0, "\(check.stderr)")
            // A killed run's staging folder is cleared by the next run.
            try FileManager.default.createDirectory(
                atPath: root.appendingPathComponent(".report.vb365-new-999999").path, withIntermediateDirectories: true)
            #expect(try Run(["render", Fixtures.samples, "--out", out, Self.now, "--format", "markdown"]).status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["report"])
            #expect(!FileManager.default.fileExists(atPath: out + "/index.html"))
        }
    }

    @Test("render refuses a folder it did not write (73), a bad time zone (64) and an unknown template (78)")
    func refusals() throws {
        try withTemporaryFolder { root in
            try Fixtures.write(["mine/notes.txt": "keep", "templates/nosuch.mustache": "x"], to: root)
            let foreign = try Run([
                "render", Fixtures.samples, "--out", root.appendingPathComponent("mine").path, Self.now,
            ])
            #expect(foreign.status == 73)
            #expect(foreign.stderr.contains("will not replace this folder"))
            #expect(
                try Run(["render", Fixtures.samples, "--out", root.path + "/r", "--time-zone", "Mars/Olympus"]).status
                    == 64
            )
            #expect(try Run(["render", Fixtures.samples, "--out", root.path + "/r", "--format", "pdf"]).status == 64)
            let template = try Run([
                "render", Fixtures.samples, "--out", root.path + "/r", "--templates", root.path + "/templates",
            ])
            #expect(template.status == 78)
            #expect(template.stderr.contains("nosuch.mustache: error: there is no template named nosuch"))
        }
    }

    @Test("validate: 0 for valid, 1 with file:line:column for invalid, 65 for unreadable")
    func validate() throws {
        try withTemporaryFolder { root in
            let bad =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head>\n<body><blink>x</blink></body></html>\n"
            try Fixtures.write(["bad.html": bad], to: root)
            let run = try Run(["validate", root.path + "/bad.html"])
            #expect(run.status == 1)
            #expect(run.stderr.contains(root.path + "/bad.html:4:"))
            #expect(try Run(["validate", root.path + "/missing.html"]).status == 65)
        }
    }
}
