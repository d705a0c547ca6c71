import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365TestSupport
import XHTMLValidation

@testable import VB365Rendering

@Suite("Protection: the CSV file, hostile names, an empty protection, a split report, golden pages")
struct ProtectionExportTests {
    /// Users whose names a spreadsheet would take for formulas, or that need quoting.
    static let awkward = [
        "=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3", "@foo", "\tTab", "\rCR", "Doe, \"Jane\"\nSecond line",
        ProtectionFixtures.hostile,
    ]

    /// An organization named `name` whose users are named `names`, none of them in a job.
    static func named(_ name: String, users names: [String], id: String = "6f1d3c1e-0000-4000-8000-000000000009")
        -> TenantProtection
    {
        let objects = names.enumerated().map { ProtectionFixtures.user("u\($0.offset)", name: $0.element) }
        return TenantProtection.judge(ProtectionFixtures.snapshot(id, name: name, objects: objects, items: []))
    }

    /// The records of an RFC 4180 text.
    static func records(_ csv: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(csv.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append(chars.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r", chars.first == "\n" {
                chars.removeFirst()
                record.append(field)
                records.append(record)
                (record, field) = ([], "")
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return records
    }

    @Test("a field is neutralised when a spreadsheet would take it for a formula, and quoted as RFC 4180 says")
    func fields() {
        #expect(ProtectionCSV.field("plain name") == "plain name")
        #expect(ProtectionCSV.field("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(ProtectionCSV.field("+SUM(A1)") == "'+SUM(A1)")
        #expect(ProtectionCSV.field("-2+3") == "'-2+3")
        #expect(ProtectionCSV.field("@foo") == "'@foo")
        #expect(ProtectionCSV.field("\tTab") == "'\tTab")
        #expect(ProtectionCSV.field("\rCR") == "\"'\rCR\"")
        #expect(ProtectionCSV.field("Doe, \"Jane\"") == "\"Doe, \"\"Jane\"\"\"")
        #expect(ProtectionCSV.field("a\nb") == "\"a\nb\"")
        #expect(ProtectionCSV.field("a-b=c") == "a-b=c", "only a leading character matters")
    }

    @Test("the CSV file has a header and a record per object, every field read back as written")
    func csv() async throws {
        let tenant = Self.named("Doe, \"Ltd\"", users: Self.awkward)
        let input = await ProtectionFixtures.input([tenant, ProtectionFixtures.contoso])
        let builder = ViewBuilder(input: input, format: .xhtml)
        let text = String(decoding: ProtectionCSV.bytes(tenant, jobName: builder.protectionJobName), as: UTF8.self)
        #expect(
            text.hasPrefix(
                "organization,kind,id,name,address,account,state,reason,required data,last backup,overdue hours,jobs,first seen,sla checks met,sla checks\r\n"
            ))
        let records = Self.records(text)
        #expect(records.count == Self.awkward.count + 1)
        #expect(records.allSatisfy { $0.count == ProtectionCSV.header.count })
        let names = records.dropFirst().map { $0[3] }
        #expect(
            Set(names)
                == Set(
                    Self.awkward.map { "=+-@\t\r".unicodeScalars.contains($0.unicodeScalars.first!) ? "'" + $0 : $0 }))
        #expect(records[1][0] == "Doe, \"Ltd\"")
        #expect(records[1][6] == "unprotected")
        #expect(records[1][8] == "mailbox; OneDrive")
        let contoso = String(
            decoding: ProtectionCSV.bytes(ProtectionFixtures.contoso, jobName: builder.protectionJobName),
            as: UTF8.self)
        let late = try #require(Self.records(contoso).first { $0[2] == "late" })
        #expect(late[6] == "breached")
        #expect(late[9] == "2026-11-20T06:00:00Z", "the oldest required backup, in UTC")
        #expect(late[10] == "48.0")
        #expect(late[11] == "Exchange Online mailboxes")
    }

    @Test("hostile names are escaped in XHTML, Markdown and file names; names that contain each other keep apart")
    func hostile() async throws {
        let input = await ProtectionFixtures.input([
            Self.named(ProtectionFixtures.hostile, users: Self.awkward),
            Self.named("Contoso", users: ["a"], id: "c1"), Self.named("Contoso Ltd", users: ["b"], id: "c2"),
        ])
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            try await publishReport(input, into: folder)
            let files = protectionFiles(under: folder)
            #expect(files.count == 9)
            #expect(files.allSatisfy { !$0.contains("..") && $0.split(separator: "/").count == 2 })
            for file in files where !file.hasSuffix(".csv") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains("\u{202E}"), "\(file)")
                guard file.hasSuffix(".md") else {
                    #expect(!text.contains("<script"), "\(file)")
                    #expect(try XHTMLValidator().validate(Array(text.utf8), name: file).isEmpty, "\(file)")
                    continue
                }
                let (status, html, _) = try runProgram("/usr/bin/cmark-gfm", ["--unsafe", "-e", "table"], stdin: text)
                #expect(status == 0)
                #expect(!html.contains("<script"), "\(file)")
                #expect(!html.contains("<strong>bold"), "\(file)")
            }
            let pages = try files.filter { $0.hasSuffix(".html") }.map {
                try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
            }
            #expect(pages.contains { $0.contains("Protection: Evil | `tick` &lt;script&gt;alert(1)&lt;/script&gt;") })
            let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(!index.contains("<script"))
            #expect(index.contains("\\u{202E}txt.exe 🚀"), "the override shown, not obeyed")
            let names = files.filter { $0.hasSuffix(".csv") }.map { $0.dropFirst("protection/".count) }
            #expect(names.contains { $0.hasPrefix("contoso-") && !$0.hasPrefix("contoso-ltd-") })
            #expect(names.contains { $0.hasPrefix("contoso-ltd-") })
        }
    }

    @Test("no protection snapshot: nothing about protection, anywhere")
    func empty() async throws {
        let input = await ProtectionFixtures.input([])
        #expect(input.summary.protection.isEmpty)
        let renderer = ReportRenderer(input: input, templates: try TemplateSet(), formats: [.xhtml, .markdown])
        let pages = try renderer.pages(unit: 0)
        #expect(pages.map(\.path) == ["index.html", "infrastructure.html", "index.md", "infrastructure.md"])
        #expect(
            renderer.unitCount
                == 1 + input.summary.jobs.count + input.summary.sessions.count + input.summary.history.count)
        for page in pages {
            let text = String(decoding: page.bytes, as: UTF8.self)
            #expect(!text.contains("Protection") && !text.contains("protection"), "\(page.path)")
        }
        #expect(ViewBuilder(input: input, format: .markdown).digest().protection == nil)
    }

    @Test("a split report: the overview links to the page in the organization's own report, which holds it")
    func split() async throws {
        var tenant = ProtectionFixtures.contoso
        tenant.organizationIndex = 0
        var input = await ProtectionFixtures.input([tenant])
        input.tenantFolders = [0: "tenants/contoso-ltd-1a2b3c4d"]
        let overview = ViewBuilder(input: input, format: .xhtml)
        #expect(overview.protectionTenants.isEmpty)
        let renderer = ReportRenderer(input: input, templates: try TemplateSet(), formats: [.xhtml])
        #expect(try renderer.pages(unit: 0).allSatisfy { !$0.path.contains("protection") })
        let link = try #require(overview.digest().protection?.tenants.first?.link)
        var own = input
        own.summary = input.summary.tenant(0)
        own.tenantFolders = [:]
        let builder = ViewBuilder(input: own, format: .xhtml)
        #expect(builder.protectionTenants == [0])
        #expect(link == "tenants/contoso-ltd-1a2b3c4d/" + builder.protectionFile(0) + ".html")
    }

    @Test("golden pages: an organization's protection in both formats")
    func golden() async throws {
        let input = await ProtectionFixtures.input([ProtectionFixtures.contoso, ProtectionFixtures.fabrikam])
        for format in [OutputFormat.xhtml, .markdown] {
            let builder = ViewBuilder(input: input, format: format)
            let actual = try TemplateSet().render(builder.protectionPage(0, page: 0), format: format)
            let name = "protection_contoso.\(format.fileExtension)"
            let expected = try #require(Fixtures.golden(actual, name), "missing golden \(name)")
            #expect(actual == expected, "differs from Golden/\(name)")
            if format == .xhtml { #expect(try XHTMLValidator().validate(Array(actual.utf8), name: name).isEmpty) }
        }
    }

    @Test("our renderer writes what swift-mustache writes for the protection pages and the digest's section")
    func sameAsEngine() async throws {
        let input = await ProtectionFixtures.input([
            ProtectionFixtures.contoso, ProtectionFixtures.fabrikam, ProtectionFixtures.northwind,
            ProtectionFixtures.large(1_500, breached: 3),
        ])
        let set = try TemplateSet()
        for format in [OutputFormat.xhtml, .markdown] {
            let builder = ViewBuilder(input: input, format: format)
            try CompiledTemplateTests.compare(set, builder.digest(), format)
            for tenant in builder.protectionTenants {
                for page in 0..<builder.protectionPageCount(tenant) {
                    try CompiledTemplateTests.compare(set, builder.protectionPage(tenant, page: page), format)
                }
            }
        }
    }
}
