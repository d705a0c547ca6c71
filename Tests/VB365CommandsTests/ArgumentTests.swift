import ArgumentParser
import Testing
import VB365Commands
import VB365Model
import VB365Statistics

/// Options are parsed once, into typed values, when the command line is read.
@Suite("Typed options")
struct ArgumentTests {
    @Test("spans and time bounds", arguments: [("26h", 93_600.0), ("2d", 172_800), ("1d12h", 129_600), ("90m", 5400)])
    func spans(text: String, seconds: Double) throws {
        #expect(try TimeSpan.parse(text).seconds == seconds)
        #expect(try When.parse(text).bound == .before(seconds: seconds))
    }

    @Test("a timestamp is a moment; a span is not")
    func moments() throws {
        #expect(
            try Moment.parse("2026-11-23T06:00:00Z").timestamp == Timestamp(year: 2026, month: 11, day: 23, hour: 6))
        #expect(throws: ValidationError.self) { try Moment.parse("24h") }
        #expect(throws: ValidationError.self) { try TimeSpan.parse("2026-11-23T06:00:00Z") }
    }

    @Test("formats: both spellings, no duplicates, nothing unknown")
    func formats() throws {
        #expect(try FormatList.parse("md, html,markdown").formats == [.markdown, .xhtml])
        #expect(throws: ValidationError.self) { try FormatList.parse("pdf") }
        #expect(throws: ValidationError.self) { try FormatList.parse(",") }
    }

    @Test("API versions: auto or v1 to v8")
    func versions() throws {
        #expect(try APIVersionChoice.parse("auto").version == nil)
        #expect(try APIVersionChoice.parse("v7").version == .v7)
        #expect(throws: ValidationError.self) { try APIVersionChoice.parse("v9") }
    }

    @Test("web addresses: http(s), a host, no query, fragment or user")
    func addresses() throws {
        #expect(try WebAddress.parse("https://reports.example.com/vb365").text == "https://reports.example.com/vb365")
        for bad in ["ftp://x", "https://", "https://x/?q=1", "https://x/#f", "https://u@x", "reports"] {
            #expect(throws: ValidationError.self, "\(bad)") { try WebAddress.parse(bad) }
        }
    }

    @Test(
        "a bad value is refused while parsing, with exit 64 and a sentence that says what the option takes",
        arguments: [
            (["summary", "x.json", "--since", "yesterday"], "neither a duration such as 24h"),
            (["summary", "x.json", "--now", "24h"], "not a timestamp such as"),
            (["summary", "x.json", "--max-age", "2026-11-23"], "not a duration such as 26h"),
            (["render", "x.json", "--out", "o", "--format", "pdf"], "'pdf' is not a format"),
            (["render", "x.json", "--out", "o", "--time-zone", "Mars/Olympus"], "not a time zone"),
            (["fetch", "--server", "vbo.example.com", "--archive", "a", "--username", "u"], "not an http(s) address"),
            (
                ["fetch", "--server", "https://u@vbo.example.com", "--archive", "a", "--username", "u"],
                "without a query"
            ),
            (
                [
                    "fetch", "--server", "https://vbo.example.com", "--archive", "a", "--username", "u", "--logs",
                    "some",
                ],
                "problems"
            ),
            (
                [
                    "fetch", "--server", "https://vbo.example.com", "--archive", "a", "--username", "u",
                    "--api-version",
                    "v0",
                ], "not auto or a version from v1 to v8"
            ),
            (["email", "x.json", "--to", "not an address"], "not an e-mail address"),
            (["site", "x.json", "--out", "o", "--keep", "forever"], "not a duration"),
            (["site", "x.json", "--out", "o", "--site-url", "https://x/?a=1"], "without a query"),
        ])
    func refused(arguments: [String], says: String) {
        do {
            _ = try ReportCommand.parseAsRoot(arguments)
            Issue.record("accepted: \(arguments)")
        } catch {
            #expect(ReportCommand.exitCode(for: error).rawValue == 64, "\(arguments)")
            let message = ReportCommand.message(for: error)
            #expect(message.contains(says), "\(message)")
        }
    }

    @Test("good values parse into their types")
    func accepted() throws {
        let command = try ReportCommand.parseAsRoot([
            "render", "x.json", "--out", "o", "--format", "md", "--since", "7d", "--now", "2026-11-23T06:00:00Z",
            "--time-zone", "Europe/Berlin",
        ])
        #expect(command is RenderCommand)
    }

    @Test("help shows the defaults as they are typed")
    func defaults() {
        let fetch = ReportCommand.helpMessage(for: FetchCommand.self, columns: 400)
        #expect(fetch.contains("(default: 24h)"))
        #expect(fetch.contains("(default: auto)"))
        let render = ReportCommand.helpMessage(for: RenderCommand.self, columns: 400)
        #expect(render.contains("(default: xhtml,markdown)"))
        #expect(render.contains("(default: UTC)"))
        #expect(render.contains("(default: 26h)"))
        // Every default comes from where the setting is declared (SummaryOptions, the site, the
        // fetch), written as it is typed.
        #expect(render.contains("(default: 2h;"))
        #expect(render.contains("(default: 30d)") && render.contains("(default: 7d)"))
        #expect(ReportCommand.helpMessage(for: SiteCommand.self, columns: 400).contains("(default: 90d)"))
        #expect(ReportCommand.helpMessage(for: FetchReportCommand.self, columns: 400).contains("(default: 14d)"))
        #expect(TimeSpan(seconds: 5400).description == "90m" && TimeSpan(seconds: 45).description == "45s")
        #expect(TimeSpan(days: 7).description == "7d" && TimeSpan(seconds: 93_600).description == "26h")
    }

    @Test("fetch --history, and --since, its earlier name, are one option")
    func history() throws {
        let help = ReportCommand.helpMessage(for: FetchCommand.self, columns: 400)
        #expect(help.contains("--history, --since <history>"))
        for name in ["--history", "--since"] {
            let command = try ReportCommand.parseAsRoot([
                "fetch", "--server", "https://vbo.example.com:4443", "--username", "u", "--password-file", "/p",
                "--archive", "a", name, "7d",
            ])
            #expect(command is FetchCommand)
        }
        #expect(throws: (any Error).self) {
            _ = try ReportCommand.parseAsRoot([
                "fetch", "--server", "https://vbo.example.com:4443", "--username", "u", "--password-file", "/p",
                "--archive", "a", "--history", "7d", "--since", "1d", "--history", "x",
            ])
        }
    }
}
