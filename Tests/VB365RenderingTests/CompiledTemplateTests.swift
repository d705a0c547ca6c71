import Foundation
import Testing
import VB365TestSupport

@testable import VB365Rendering

/// Our renderer must write what swift-mustache writes, byte for byte, for every template.
@Suite("Compiled templates: the same bytes as swift-mustache")
struct CompiledTemplateTests {
    /// The session page views of the samples, and the report's digest and job views.
    static func views(_ format: OutputFormat = .xhtml) async throws -> (
        ReportRenderer, [SessionPageView], [JobPageView], DigestView
    ) {
        let input = await Fixtures.reportInput([Fixtures.samples])
        let renderer = ReportRenderer(input: input, templates: try TemplateSet(), formats: [.xhtml, .markdown])
        let builder = renderer.builders[format == .xhtml ? 0 : 1]
        let sessions = (input.summary.sessions + input.summary.history).map { builder.sessionPage($0) }
        let jobs = input.summary.jobs.indices.map { builder.jobPage($0) }
        return (renderer, sessions, jobs, builder.digest())
    }

    /// What swift-mustache makes of `view`, with the final newline `renderBytes` adds.
    static func engine<View: PageViewModel>(_ set: TemplateSet, _ view: View, _ format: OutputFormat) throws -> String {
        var text = try #require(set.renderWithEngine(view, format: format))
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    static func compare<View: PageViewModel>(_ set: TemplateSet, _ view: View, _ format: OutputFormat) throws {
        let ours = String(decoding: try set.renderBytes(view, format: format), as: UTF8.self)
        #expect(ours == (try engine(set, view, format)), "\(View.kind.templateName(format))")
    }

    @Test("every default template is compiled, so no page falls back to swift-mustache")
    func defaultsCompile() throws {
        let set = try TemplateSet()
        let compiled = try #require(set.compiled)
        #expect(Set(compiled.keys) == Set(set.sources.keys))
    }

    @Test("every page of the samples, in both formats, is swift-mustache's output")
    func samplesMatchEngine() async throws {
        for format in [OutputFormat.xhtml, .markdown] {
            let (renderer, sessions, jobs, digest) = try await Self.views(format)
            try Self.compare(renderer.templates, digest, format)
            for job in jobs { try Self.compare(renderer.templates, job, format) }
            for session in sessions { try Self.compare(renderer.templates, session, format) }
        }
    }

    /// Templates that exercise what the defaults do not: indented partials over several lines,
    /// CR LF, standalone tags, comments, changed delimiters, unescaped variables, the default
    /// HTML escaping (with a combining mark after `<`), dotted and leading-dot names, a nil
    /// field that makes the lookup climb, inverted sections over empty lists, `{{.}}`.
    static let tricky: [String: String] = [
        "session.html": """
        <p>{{job}} {{&job}} {{{job}}} {{! a comment }}</p>
          {{> badge.html}}
        {{#badge}}
          {{> badge.html}}
            {{word}}-{{.word}}-{{page.title}}-{{versusMedian}}
        {{/badge}}
        {{#comparisons}}
          <li>{{label}} {{#versusMedian}}{{text}}{{/versusMedian}}{{^versusMedian}}none {{id}}{{/versusMedian}}</li>
        {{/comparisons}}
        {{^comparisons}}no comparisons {{.}}{{/comparisons}}
        {{#findings}}[{{.}}]{{/findings}}{{^findings}}(no findings){{/findings}}
        {{=<% %>=}}
        <%job%> <%#page%><%stable%><%/page%>
        <%={{ }}=%>
        {{#page.stable}}stable{{/page.stable}}{{^page.stable}}moving{{/page.stable}}
        {{#hasLog}}
        {{#logLines}}{{time}}|{{message}}|{{badge.word}}{{/logLines}}
        {{/hasLog}}
        {{readWriteNote}}{{#readWriteNote}}({{.}}){{/readWriteNote}}
        {{#duration}}{{text}} {{known}}{{/duration}}

        """,
        "badge.html": "{{word}}\r\n  <{{emoji}}>\n{{#cssClass}}{{.}}{{/cssClass}}\n",
        "session.md": """
        {{%CONTENT_TYPE:TEXT}}
        # {{job}} & <{{id}}>
          {{> session-row.md}}
        {{#rates}}
        - {{label}}: {{value.text}} {{percent}}
        {{/rates}}

        """,
        "session-row.md": "line one {{job}}\n\n{{#page}}  in {{root}}\n{{/page}}last",
    ]

    @Test("tricky templates render as swift-mustache renders them")
    func trickyTemplates() async throws {
        try await withTemporaryFolder { folder in
            for (name, text) in Self.tricky {
                try text.write(to: folder.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
            }
            let set = try TemplateSet(overrides: folder.path)
            #expect(set.compiled != nil)
            var (_, sessions, _, _) = try await Self.views()
            // A job name with every character the escapings treat, and a `<` with a combining mark.
            sessions[0].job = "a<b>&\"c'd \u{3C}\u{338} \r\n e"
            sessions[1].findings = []
            sessions[1].comparisons = []
            for session in sessions {
                try Self.compare(set, session, .xhtml)
                try Self.compare(set, session, .markdown)
            }
        }
    }

    @Test("a template with what only swift-mustache does (a transform, a block) renders with it")
    func fallsBack() async throws {
        try await withTemporaryFolder { folder in
            try "{{#findings}}{{#first()}}first {{/first()}}{{.}}{{/findings}}{{$block}}default{{/block}}\n".write(
                to: folder.appendingPathComponent("session.md.mustache"), atomically: true, encoding: .utf8)
            let set = try TemplateSet(overrides: folder.path)
            #expect(set.compiled == nil)
            let (_, sessions, _, _) = try await Self.views()
            for session in sessions { try Self.compare(set, session, .markdown) }
        }
    }
}
