import Foundation
import Testing
import VB365Fetching
import VB365Pipeline
import VB365Rendering
import VB365SMTP
import VB365Statistics

@testable import VB365Configuration

/// A closed set is declared once, as an enum: the configuration file takes the words the command
/// line takes, and the file's defaults are the ones `SummaryOptions` declares.
@Suite("Closed sets and defaults, declared once")
struct ClosedSetTests {
    /// The words the schema takes for `key` of `section` (the top level when nil).
    static func choices(_ key: String, in section: String? = nil) -> [String] {
        let keys = section.map { ConfigSchema.section($0)?.keys ?? [] } ?? ConfigSchema.topLevel
        switch keys.first(where: { $0.name == key })?.kind {
        case .choice(let words)?: return words
        case .list(.choice(let words))?: return words
        default: return []
        }
    }

    @Test("the schema's choices are the enums' cases, in their order")
    func schema() {
        #expect(Self.choices("split") == ["none", "organization"])
        #expect(Self.choices("split") == Split.allCases.map(\.rawValue))
        #expect(Self.choices("tenant-proxy-names") == ProxyNames.allCases.map(\.rawValue))
        #expect(Self.choices("logs", in: "servers") == LogSelection.allCases.map(\.rawValue))
        #expect(Self.choices("fail-on", in: "window") == ["none"] + FailLevel.allCases.map(\.rawValue))
        #expect(Self.choices("only-if", in: "email") == ["always"] + FailLevel.allCases.map(\.rawValue))
        #expect(Self.choices("only-if", in: "tenants") == ["always"] + FailLevel.allCases.map(\.rawValue))
        #expect(
            Self.choices("transport", in: "email") == Configuration.Email.Transport.Kind.allCases.map(\.rawValue))
        #expect(
            Self.choices("smtp-starttls", in: "email") == SMTPSettings.StartTLSPolicy.allCases.map(\.rawValue))
        #expect(Self.choices("formats", in: "report") == ["xhtml", "markdown", "html", "md"])
    }

    @Test("report.formats takes the command line's spellings too: md and html")
    func formats() throws {
        let c = try ConfigurationLoader.load(
            path: try configFile(minimal + "\nreport:\n  folder: /tmp/report\n  formats: [md, HTML, markdown]\n"),
            environment: [:])
        #expect(c.report?.formats == [.markdown, .xhtml])
    }

    @Test("split: none is no split, organization splits; an unknown word is refused")
    func split() throws {
        let none = try ConfigurationLoader.load(path: try configFile(minimal + "\nsplit: none\n"), environment: [:])
        #expect(none.split == .none)
        let split = try ConfigurationLoader.load(
            path: try configFile(minimal + "\nsplit: organization\n", name: "split-organization"), environment: [:])
        #expect(split.split == .organization)
        let wrong = loadProblems(try configFile(minimal + "\nsplit: tenant\n", name: "split-wrong"))
        #expect(wrong.first?.message.contains("none, organization") == true)
    }

    @Test("a minimal file's thresholds are SummaryOptions' defaults")
    func defaults() throws {
        let c = try ConfigurationLoader.load(path: try configFile(minimal), environment: [:])
        var window = c.window
        window.now = SummaryOptions.standard.now
        window.since = nil
        #expect(window == SummaryOptions.standard)
        #expect(c.window.since == .before(seconds: TimeWindow.defaultLengthSeconds))
    }
}
