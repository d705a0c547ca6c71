import Foundation
import Testing
import VB365Model
import VB365Publishing
import VB365Statistics
import VB365TestSupport
import XHTMLValidation

@testable import VB365Rendering

/// Publishes `input` into `folder` as `render` does: every XHTML page validated before it is written.
func publishReport(_ input: ReportInput, into folder: URL, formats: [OutputFormat] = [.xhtml, .markdown])
    async throws
{
    let renderer = ReportRenderer(input: input, templates: try TemplateSet(), formats: formats)
    _ = try await ReportPublisher.publish(renderer, to: folder.path, workers: 2)
}

/// The files under `folder` whose paths start with `prefix`, sorted.
func protectionFiles(under folder: URL, prefix: String = "protection/") -> [String] {
    (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
        .filter { $0.hasPrefix(prefix) && $0.contains(".") }.sorted()
}

@Suite("Protection: the digest's section, a page per organization, its CSV file")
struct ProtectionPageTests {
    @Test("the digest names the organizations that need attention, in words, and sums up the rest")
    func digestSection() async throws {
        let input = await ProtectionFixtures.input([
            ProtectionFixtures.contoso, ProtectionFixtures.fabrikam, ProtectionFixtures.northwind,
        ])
        let builder = ViewBuilder(input: input, format: .markdown)
        let section = try #require(builder.digest().protection)
        #expect(section.headline == "2 of 3 organizations need attention.")
        #expect(section.tenants.map(\.name) == ["Contoso", "Northwind"])
        let contoso = section.tenants[0]
        #expect(contoso.badge.word == "unprotected")
        #expect(contoso.badge.kind == .failed)
        #expect(
            contoso.counts
                == "1 user unprotected, 1 team unprotected, 2 users never backed up, 1 user breached, 1 user over the licence"
        )
        #expect(contoso.objects.map(\.name) == ["newcomer", "Sales team", "exceeded", "never", "late"], "newest first")
        #expect(contoso.more.isEmpty)
        #expect(contoso.link.hasPrefix("protection/contoso-") && contoso.link.hasSuffix(".md"))
        let northwind = section.tenants[1]
        #expect(northwind.badge.word == "unknown")
        #expect(northwind.badge.kind == .missed)
        #expect(northwind.counts.isEmpty)
        #expect(northwind.coverage == "Coverage unknown: the server did not give users and backup data in full.")
        #expect(section.allClear == "1 organization: every object protected within 24 h.")
        #expect(section.others.map(\.name) == ["Fabrikam"])
        let text = try TemplateSet().render(builder.digest(), format: .markdown)
        #expect(text.contains("\n## Protection\n\n2 of 3 organizations need attention.\n"))
        #expect(text.contains("1 user unprotected, 1 team unprotected, 2 users never backed up"))
        #expect(text.contains("- ⚠️ **breached** user late (late@contoso.com): OneDrive last backed up"))
        #expect(text.contains("\n1 organization: every object protected within 24 h.\n"))
        #expect(text.contains("[Fabrikam](protection/fabrikam-"))
        let html = try TemplateSet().render(ViewBuilder(input: input, format: .xhtml).digest(), format: .xhtml)
        #expect(html.contains("<h2 id=\"protection\">Protection</h2>"))
        #expect(try XHTMLValidator().validate(Array(html.utf8), name: "index.html").isEmpty)
    }

    @Test("more problems than the digest lists: the newest five, and the rest on the page")
    func digestMore() async throws {
        let input = await ProtectionFixtures.input([ProtectionFixtures.large(40, breached: 12)])
        let tenant = try #require(ViewBuilder(input: input, format: .xhtml).digest().protection?.tenants.first)
        #expect(tenant.objects.count == ViewBuilder.protectionDigestObjects)
        #expect(tenant.more == "and 7 more")
        #expect(tenant.counts == "12 users breached")
        #expect(tenant.badge.kind == .warning)
    }

    @Test("every page is valid XHTML, states and counts are in words, and the CSV is beside them")
    func pages() async throws {
        let input = await ProtectionFixtures.input([
            ProtectionFixtures.contoso, ProtectionFixtures.fabrikam, ProtectionFixtures.northwind,
        ])
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            try await publishReport(input, into: folder)
            let files = protectionFiles(under: folder)
            #expect(files.count == 9, "\(files)")
            #expect(files.filter { $0.hasSuffix(".csv") }.count == 3)
            let validator = try XHTMLValidator()
            for file in files where file.hasSuffix(".html") {
                let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(file)))
                #expect(validator.validate(bytes, name: file).isEmpty, "\(file)")
            }
            let contoso = try #require(files.first { $0.hasPrefix("protection/contoso-") && $0.hasSuffix(".html") })
            let html = try String(contentsOf: folder.appendingPathComponent(contoso), encoding: .utf8)
            for word in ["unprotected", "never backed up", "breached", "protected", "excluded"] {
                #expect(html.contains(">\(word)</span>"), "\(word)")
            }
            #expect(html.contains("<p>1 user unprotected, 1 team unprotected, 2 users never backed up"))
            #expect(html.contains("excluded by job Mail"))
            #expect(html.contains("href=\"../jobs/exchange-online-mailboxes-"), "an object's job links to its page")
            #expect(html.contains("<td>48 h</td>"), "overdue by")
            #expect(html.contains("<td>users</td><td class=\"num\">1</td><td class=\"num\">1</td>"))
            #expect(html.contains("<span title=\"1 of 5\">20.0%</span>"), "the share of the users that count")
            #expect(html.contains("22 checks; protected on <span title=\"95 of 110 checks\">86.4%</span>"))
            #expect(html.contains("<h2>Over the licence</h2>"))
            let index = try String(contentsOf: folder.appendingPathComponent("index.md"), encoding: .utf8)
            #expect(index.contains("(protection/contoso-"))
        }
    }

    @Test("coverage unknown: every share says unknown, never a percentage")
    func coverageUnknown() async throws {
        let input = await ProtectionFixtures.input([ProtectionFixtures.northwind])
        for format in [OutputFormat.xhtml, .markdown] {
            let view = ViewBuilder(input: input, format: format).protectionPage(0, page: 0)
            for row in view.byKind + view.byData {
                #expect(row.share.text == "unknown", "\(row.label)")
                #expect(!row.share.known)
            }
            #expect(view.coverage.hasPrefix("Coverage unknown: the server did not give users and backup data in full."))
            #expect(view.headline == "No object is known to need action, but the coverage is unknown.")
            let text = try TemplateSet().render(view, format: format)
            #expect(!text.contains("%</span>") && !text.contains("% |"), "no share in \(format)")
            #expect(text.contains("unknown"))
        }
    }

    @Test(
        "a share has one decimal, and only all or nothing is 100% or 0%",
        arguments: [(9_999, 10_000, "99.9%"), (1, 10_000, "0.1%"), (1, 6, "16.7%"), (10, 10, "100%"), (0, 3, "0%")])
    func share(met: Int, of: Int, text: String) {
        #expect(ViewBuilder.shareText(met, of: of) == text)
    }

    @Test("2,500 objects take three pages with working previous and next links")
    func paging() async throws {
        let input = await ProtectionFixtures.input([ProtectionFixtures.large(2_500, breached: 1_200)])
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            try await publishReport(input, into: folder)
            let files = protectionFiles(under: folder)
            #expect(files.filter { $0.hasSuffix(".html") }.count == 3)
            #expect(files.filter { $0.hasSuffix(".md") }.count == 3)
            let first = try #require(
                files.first { $0.hasSuffix(".html") && !$0.contains("-2.") && !$0.contains("-3.") })
            let base = String(first.dropLast(".html".count))
            let builder = ViewBuilder(input: input, format: .xhtml)
            #expect(builder.protectionPagePath(0, page: 2) == base + "-3")
            for (number, rows) in [(0, 1_000), (1, 1_000), (2, 500)] {
                let view = builder.protectionPage(0, page: number)
                #expect(view.objects.count == rows)
                #expect((view.previous == nil) == (number == 0))
                #expect((view.next == nil) == (number == 2))
            }
            let middle = try String(contentsOf: folder.appendingPathComponent(base + "-2.html"), encoding: .utf8)
            let name = String(base.split(separator: "/").last!)
            #expect(middle.contains("<a href=\"\(name).html\">← previous</a>"))
            #expect(middle.contains("<a href=\"\(name)-3.html\">next →</a>"))
            #expect(middle.contains("Objects 1,001–2,000 of 2,500"))
            #expect(middle.contains("<a href=\"\(name)-2.html#state-protected\">protected (1300)</a>"))
            #expect(middle.contains("<tr id=\"state-protected\">"), "where the protected users start")
            try Self.checkLinks(in: files, folder: folder)
        }
    }

    /// Every relative link of the protection pages resolves, fragments to an anchor of their page.
    static func checkLinks(in files: [String], folder: URL) throws {
        for file in files where !file.hasSuffix(".csv") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let pattern = file.hasSuffix(".html") ? "href=\"([^\"]+)\"" : "\\]\\(([^)]+)\\)"
            let regex = try NSRegularExpression(pattern: pattern)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let link = String(text[Range(match.range(at: 1), in: text)!])
                let parts = link.split(separator: "#", maxSplits: 1).map(String.init)
                let target = folder.appendingPathComponent(file).deletingLastPathComponent()
                    .appendingPathComponent(parts[0]).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: target.path), "\(file): broken link \(link)")
                if parts.count == 2 {
                    let page = try String(contentsOf: target, encoding: .utf8)
                    #expect(page.contains("id=\"\(parts[1])\""), "\(file): no anchor \(link)")
                }
            }
        }
    }
}
