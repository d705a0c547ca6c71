import ArgumentParser
import Testing
import VB365CLI
import VB365Model
import VB365Statistics

/// Options are parsed once, into typed values, when the command line is read.
@Suite("Typed options")
struct ArgumentTests {
    @Test("spans and time bounds", arguments: [("26h", 93_600.0), ("2d", 172_800), ("1d12h", 129_600), ("90m", 5400)])
    func spans(text: String, seconds: Double) throws {
        #expect(try #require(Span(argument: text)).seconds == seconds)
        #expect(TimeBound(argument: text) == .before(seconds: seconds))
    }

    @Test("a timestamp is a moment; a span is not")
    func moments() {
        #expect(
            Moment(argument: "2026-11-23T06:00:00Z")?.timestamp == Timestamp(year: 2026, month: 11, day: 23, hour: 6))
        #expect(Moment(argument: "24h") == nil)
        #expect(Span(argument: "2026-11-23T06:00:00Z") == nil)
    }

    @Test("formats: both spellings, no duplicates, nothing unknown")
    func formats() {
        #expect(FormatList(argument: "md, html,markdown")?.formats == [.markdown, .xhtml])
        #expect(FormatList(argument: "pdf") == nil)
        #expect(FormatList(argument: ",") == nil)
    }

    @Test("API versions: auto or v1 to v8")
    func versions() {
        #expect(APIVersionChoice(argument: "auto")?.version == nil)
        #expect(APIVersionChoice(argument: "v7")?.version == .v7)
        #expect(APIVersionChoice(argument: "v9") == nil)
    }

    @Test("web addresses: http(s), a host, no query, fragment or user")
    func addresses() {
        #expect(WebAddress(argument: "https://reports.example.com/vb365") != nil)
        for bad in ["ftp://x", "https://", "https://x/?q=1", "https://x/#f", "https://u@x", "reports"] {
            #expect(WebAddress(argument: bad) == nil, "\(bad)")
        }
    }

    @Test(
        "a bad value is refused while parsing, with exit 64",
        arguments: [
            ["summary", "x.json", "--since", "yesterday"],
            ["summary", "x.json", "--now", "24h"],
            ["summary", "x.json", "--max-age", "2026-11-23"],
            ["render", "x.json", "--out", "o", "--format", "pdf"],
            ["render", "x.json", "--out", "o", "--time-zone", "Mars/Olympus"],
            ["fetch", "--server", "vbo.example.com", "--archive", "a", "--username", "u"],
            ["fetch", "--server", "https://vbo.example.com", "--archive", "a", "--username", "u", "--logs", "some"],
            [
                "fetch", "--server", "https://vbo.example.com", "--archive", "a", "--username", "u", "--api-version",
                "v0",
            ],
            ["email", "x.json", "--to", "not an address"],
            ["site", "x.json", "--out", "o", "--keep", "forever"],
        ])
    func refused(arguments: [String]) {
        do {
            _ = try ReportCommand.parseAsRoot(arguments)
            Issue.record("accepted: \(arguments)")
        } catch {
            #expect(ReportCommand.exitCode(for: error).rawValue == 64, "\(arguments)")
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
}
