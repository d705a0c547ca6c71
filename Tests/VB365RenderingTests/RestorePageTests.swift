import Foundation
import Testing
import VB365Model
import VB365Publishing
import VB365Statistics
import VB365TestSupport
import VB365Text
import XHTMLValidation

@testable import VB365Rendering

/// Three weeks of ordinary daytime restores by two help-desk operators, each with a reason and in
/// place, then the night of the issue (after `RestoreWorld` of the statistics' tests; the ids are
/// made to be found in a file: `cx7-…` for Contoso's sessions of the window, `fb9-…` for Fabrikam's).
struct RestorePageWorld {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 12)
    static let site = "https://reports.example.com/vb365/"
    var inventory = Inventory()
    var organizations = ["Contoso Ltd", "Fabrikam GmbH"]

    init() {
        for (index, name) in organizations.enumerated() {
            var o = Organization(id: EntityID("org-\(index)"))
            o.name = name
            inventory.add(o)
            var j = Job(id: EntityID("job-\(index)"))
            j.name = "Mailboxes"
            j.organizationID = o.id
            inventory.add(j)
            for night in 0...21 {
                var session = JobSession(id: EntityID("s-\(index)-\(night)"))
                session.jobID = j.id
                session.creationTime = Self.now.adding(seconds: -Double(night) * 86_400 - 10 * 3600)
                session.endTime = session.creationTime!.adding(seconds: 600)
                session.status = .success
                inventory.add(session)
            }
        }
        for day in stride(from: 21, to: 0, by: -1) {
            add(
                "h\(day)", at: Self.now.adding(seconds: -Double(day) * 86_400 - 2 * 3600),
                by: day % 2 == 0 ? "CONTOSO\\helpdesk.anna" : "CONTOSO\\helpdesk.ben",
                organization: organizations[day % 2],
                reason: "Ticket \(1000 + day)",
                events: [(.restore, "alice@contoso.com\\Inbox", "alice@contoso.com\\Inbox", 1)])
        }
        let day = Self.now.adding(seconds: -12 * 3600)  // 00:00 UTC
        add(
            "cx7-legit", at: day.adding(seconds: 9 * 3600), by: "CONTOSO\\helpdesk.anna", organization: "Contoso Ltd",
            reason: "Ticket 4711: deleted by mistake",
            events: [(.restore, "bob@contoso.com\\Documents", "bob@contoso.com\\Documents", 1)])
        add(
            "cx7-elsewhere", at: day.adding(seconds: 10 * 3600), by: "CONTOSO\\helpdesk.ben",
            organization: "Contoso Ltd", reason: "Handover",
            events: [
                (.send, "ceo@contoso.com\\Inbox", "helpdesk.ben@contoso.com", 2),
                (.restore, "chen@contoso.com\\Inbox", "hugo@contoso.com\\Chen", 240),
            ])
        add(
            "cx7-export", at: day.adding(seconds: 2 * 3600), by: "CONTOSO\\svc-temp", organization: "Contoso Ltd",
            reason: nil, events: [(.export, "bola@contoso.com\\Inbox", "C:\\Temp\\bola.pst", 5000)])
        add(
            "cx7-cut", at: day.adding(seconds: 3.5 * 3600), by: "CONTOSO\\svc-temp", organization: "Contoso Ltd",
            reason: "", result: .failed, failedAfter: 400,
            events: [(.export, "dana@contoso.com\\Inbox", "C:\\Temp\\dana.pst", 401)])
        add(
            "fb9-restore", at: day.adding(seconds: 11 * 3600), by: "FABRIKAM\\it-fb9", organization: "Fabrikam GmbH",
            reason: "Ticket fb9", host: "fb9-host.example.net",
            events: [(.restore, "x@fabrikam.com", "x@fabrikam.com", 2)])
    }

    /// Adds a session with `events` of (type, source, target, count), each item 1.34 MB.
    mutating func add(
        _ id: String, at time: Timestamp, by user: String, organization: String, reason: String?,
        result: RestoreSessionResult = .success, failedAfter: Int? = nil, host: String = "vbo.example.com",
        events: [(RestoreEventType, String, String, Int)]
    ) {
        var s = RestoreSession(id: EntityID(id))
        s.creationTime = time
        s.endTime = time.adding(seconds: 1800)
        s.initiatedBy = user
        s.clientHost = host
        s.reason = reason
        s.organizationName = organization
        s.type = .exchange
        s.state = .stopped
        s.result = result
        var list: [RestoreEvent] = []
        for (type, source, target, count) in events {
            for i in 0..<count {
                var e = RestoreEvent(sessionID: s.id, id: EntityID("\(id)-\(list.count)"))
                e.type = type
                e.status = failedAfter.map { i >= $0 ? .failed : .success } ?? .success
                e.source = source
                e.target = target
                e.itemName = "Item \(i)"
                e.itemSizeBytes = 1_340_000
                e.order = list.count
                list.append(e)
            }
        }
        inventory.addRestoreSession(s)
        inventory.addRestoreEvents(list)
    }

    func summary(_ change: (inout SummaryOptions) -> Void = { _ in }) -> Summary {
        var options = SummaryOptions(now: Self.now)
        options.restoreAudit.hours = WorkingHours(start: 7 * 60, end: 19 * 60)
        change(&options)
        return Summarizer.summarize(inventory, options: options)
    }

    func input(mask: Bool = false, _ change: (inout SummaryOptions) -> Void = { _ in }) -> ReportInput {
        var input = ReportInput(
            summary: summary(change), logItems: [:], time: LocalTime(identifier: "UTC")!, toolVersion: "test")
        input.maskOperators = mask
        return input
    }
}

/// The text of every page and file under `folder`, by path.
private func texts(under folder: URL) throws -> [String: String] {
    var out: [String: String] = [:]
    for path in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] {
        var isFolder: ObjCBool = false
        let url = folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
            continue
        }
        out[path] = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
    return out
}

/// The e-mail's HTML part for `input`, as `EmailComposer` makes it, with links to `site` when
/// given; checked to be valid XHTML.
private func emailHTML(_ input: ReportInput, site: String?) throws -> String {
    var builder = ViewBuilder(input: input, format: .xhtml)
    builder.linkBase = site
    let view = EmailView(
        digest: builder.digest(), links: site != nil, hasSite: site != nil, siteURL: site ?? "", omitted: "",
        hasOmitted: false)
    let html = try TemplateSet().render(view, format: .xhtml)
    let issues = try XHTMLValidator().validate(Array(html.utf8), name: "e-mail")
    #expect(issues.isEmpty, "\(issues)")
    return html
}

/// The `|` of a Markdown line that are not escaped: the cells' borders.
private func borders(_ line: Substring) -> Int {
    var count = 0
    var escaped = false
    for c in line {
        if c == "|" && !escaped { count += 1 }
        escaped = c == "\\" && !escaped
    }
    return count
}

@Suite("The restore activity page: every restore of the window, linked from the digest")
struct RestorePageTests {
    @Test("each session listed, oldest first, with its findings as badges; none on the legitimate one")
    func page() async throws {
        let input = RestorePageWorld().input { $0.securityLevels[.bulkExport] = .failed }
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            // The publisher validates every XHTML page before it writes it.
            try await publishReport(input, into: folder)
            let files = try texts(under: folder)
            let html = try #require(files["restores.html"])
            let md = try #require(files["restores.md"])

            let view = ViewBuilder(input: input, format: .xhtml).restoresPage()
            #expect(view.page.title == "[Failed] Restore activity")
            #expect(
                view.headline
                    == "5 restore sessions in this window; 5,402 items taken out (6.7 GB); 4 security findings.")
            #expect(view.groups.map(\.organization) == ["Contoso Ltd", "Fabrikam GmbH"])
            let contoso = view.groups[0].sessions
            #expect(
                contoso.map(\.anchor) == [
                    "restore-cx7-export", "restore-cx7-cut", "restore-cx7-legit", "restore-cx7-elsewhere",
                ])
            let export = contoso[0]
            #expect(
                export.findings.map(\.title) == [
                    "Bulk export", "New operator", "Outside working hours", "No reason given",
                ])
            #expect(export.findings.map(\.badge.word) == ["Failed", "Warning", "Warning", "Warning"])
            #expect(export.did == "exported 5,000 items (6.2 GB)")
            #expect(export.reason == "none given" && export.operatorName == "CONTOSO\\svc-temp")
            #expect(export.host == "vbo.example.com" && export.places == "–" && export.type == "Exchange")
            #expect(contoso[1].did.hasPrefix("exported 400 items (") && contoso[1].did.hasSuffix("); 1 item failed"))
            #expect(contoso[1].result.word == "Failed")
            #expect(contoso[2].findings.isEmpty && contoso[2].places == "in place")
            #expect(contoso[2].reason == "Ticket 4711: deleted by mistake")
            #expect(
                contoso[3].places
                    == "ceo@contoso.com\\Inbox → helpdesk.ben@contoso.com; ceo@contoso.com\\Inbox → helpdesk.ben@contoso.com; chen@contoso.com\\Inbox → hugo@contoso.com\\Chen; and 239 more items"
            )
            #expect(contoso[3].did.hasPrefix("sent 2 items (2.6 MB); restored 240 items ("))
            // Fabrikam's operator is new: no earlier session names them.
            #expect(view.groups[1].sessions.map(\.findings.first?.title) == ["New operator"])
            #expect(
                view.advice.map(\.anchor) == [
                    "restore-cx7-export", "restore-cx7-cut", "restore-cx7-elsewhere", "restore-fb9-restore",
                ])
            #expect(view.advice[0].checks.count == 3, "the same sentence once: \(view.advice[0].checks)")

            for session in contoso + view.groups[1].sessions {
                #expect(html.contains("<tr id=\"\(session.anchor)\">"))
                #expect(md.contains("\n### Restore \(session.slug)\n"))
            }
            #expect(
                html.contains("<span class=\"badge b-failed\" title=\"Needs attention now\">Failed</span> Bulk export"))
            #expect(md.contains("❌ **Failed** Bulk export · ⚠️ **Warning** New operator"))
            let legit = try #require(md.components(separatedBy: "### Restore cx7-legit\n").last)
            #expect(legit.hasPrefix("\nNo finding.\n"))
            #expect(html.contains("<a href=\"#restore-cx7-export\">Bulk export, new operator"))
            #expect(md.contains("](#restore-cx7-export), Contoso Ltd: Exchange restore session by CONTOSO\\\\svc-temp"))

            // The digest: each restore finding links to its session's row; a section links the page.
            let digest = try #require(files["index.html"])
            #expect(digest.contains("<a href=\"restores.html#restore-cx7-export\">2026-11-23 02:00 UTC</a>"))
            #expect(digest.contains("<h2 id=\"restore-activity\">Restore activity</h2>"))
            #expect(digest.contains("<a href=\"restores.html\">Every restore session</a>"))
            let digestMD = try #require(files["index.md"])
            #expect(digestMD.contains("[2026-11-23 02:00 UTC](restores.md#restore-cx7-export)"))
            #expect(digestMD.contains("\n## Restore activity\n"))

            // Every link resolves: to a file, and to an anchor in it.
            for (name, text) in files where !name.contains("/") && (name.hasSuffix(".html") || name.hasSuffix(".md")) {
                let pattern = name.hasSuffix(".html") ? "href=\"([^\"]+)\"" : "\\]\\(([^)]+)\\)"
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let link = String(text[Range(match.range(at: 1), in: text)!])
                    if link.hasPrefix("jobs/") || link.hasPrefix("sessions/") { continue }
                    let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let target = parts[0].isEmpty ? text : try #require(files[String(parts[0])], "\(name): \(link)")
                    guard parts.count == 2 else { continue }
                    let anchor = String(parts[1])
                    #expect(
                        target.contains("id=\"\(anchor)\"") || MarkdownAnchor.all(in: target).contains(anchor),
                        "\(name): no anchor \(link)")
                }
            }
        }
    }

    @Test("the digest's change rows render as before; the e-mail links restore rows only when it has links")
    func digestAndEmail() throws {
        let input = RestorePageWorld().input()
        let builder = ViewBuilder(input: input, format: .xhtml)
        let security = try #require(builder.digest().security)
        #expect(security.findings.allSatisfy { $0.hasRestoreLink && !$0.hasJob && $0.hasOrganization })
        #expect(security.findings.map(\.restoreLink).contains("restores.html#restore-cx7-elsewhere"))
        let contents = builder.contents(builder.digest())
        #expect(contents.contains { $0.anchor == "restore-activity" && $0.label == "Restore activity (5)" })

        let linked = try emailHTML(input, site: RestorePageWorld.site)
        #expect(linked.contains("<a href=\"\(RestorePageWorld.site)restores.html#restore-cx7-export\""))
        let plain = try emailHTML(input, site: nil)
        #expect(!plain.contains("restores.html") && plain.contains("Bulk export"))
        // The e-mail shows the Security section, not the activity.
        #expect(!linked.contains("Every restore session"))
    }

    @Test("hostile operators and reasons are shown, never obeyed, in both formats")
    func hostile() async throws {
        var world = RestorePageWorld()
        let name = "<b>x</b> | `tick` 🚀 \u{202E}gpj.exe \u{05D0}\u{05D1} CONTOSO\\evil"
        let reason = "<script>alert(1)</script> | *bold* [link](http://x.example) `code`\nnext line"
        world.add(
            "cx7-hostile", at: RestorePageWorld.now.adding(seconds: -3600), by: name, organization: "Contoso Ltd",
            reason: reason, host: "<i>host</i>|`h`",
            events: [(.send, "a@contoso.com", "<img src=x>@evil.example|`x`", 1)])
        let input = ReportInput(
            summary: world.summary(), logItems: [:], time: LocalTime(identifier: "UTC")!, toolVersion: "test")
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            try await publishReport(input, into: folder)
            let files = try texts(under: folder)
            for page in ["restores.html", "index.html", "restores.md", "index.md"] {
                let text = try #require(files[page])
                #expect(text.contains("tick"), "\(page) lists the session")
                for raw in ["<b>", "<script>", "<img src=x>", "<i>", "\u{202E}"] {
                    #expect(!text.contains(raw), "\(page): \(raw)")
                }
            }
            let html = try #require(files["restores.html"])
            #expect(html.contains("&lt;b&gt;x&lt;/b&gt; | `tick` 🚀 \\u{202E}gpj.exe \u{05D0}\u{05D1} CONTOSO\\evil"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *bold* [link](http://x.example) `code`"))
            let md = try #require(files["restores.md"])
            #expect(md.contains("\\<b\\>x\\</b\\> \\| \\`tick\\` 🚀"))
            #expect(md.contains("\\<script\\>alert(1)\\</script\\> \\| \\*bold\\* \\[link\\](http://x.example)"))
            // Every row of a session's table has its two cells, whatever the text in them.
            let labels = [
                "Started", "Type", "Operator", "Client host", "Reason", "Result", "What it did", "From → to", "Session",
            ]
            let rows = md.split(separator: "\n").filter { line in labels.contains { line.hasPrefix("| \($0) |") } }
            #expect(rows.count == labels.count * input.summary.restores.count)
            for line in rows { #expect(borders(line) == 3, "\(line)") }
        }
    }

    @Test("masked, no operator or client host is shown: not on the page, the digest or the e-mail")
    func masked() async throws {
        let secrets = ["svc-temp", "helpdesk", "vbo.example.com", "it-fb9", "fb9-host"]
        for mask in [false, true] {
            let input = RestorePageWorld().input(mask: mask)
            try await withTemporaryFolder { parent in
                let folder = parent.appendingPathComponent("report")
                try await publishReport(input, into: folder)
                var files = try texts(under: folder)
                files["e-mail"] = try emailHTML(input, site: RestorePageWorld.site)
                for (path, text) in files {
                    for secret in secrets where text.lowercased().contains(secret) {
                        #expect(!mask, "\(path) shows \(secret)")
                    }
                }
                let page = try #require(files["restores.md"])
                #expect(page.contains("svc-temp") == !mask)
                if mask {
                    #expect(page.contains("| Operator | an operator |") && page.contains("| Client host | (masked) |"))
                    #expect(page.contains("Operators and client hosts are masked."))
                    // The operator's own mailbox, where two items were sent, is masked too.
                    #expect(page.contains("ceo@contoso.com\\\\Inbox → (masked)@contoso.com"))
                }
            }
        }
    }

    @Test("split: each tenant's folder has its own restores alone; the overview has every one")
    func tenants() async throws {
        let input = RestorePageWorld().input()
        let summary = input.summary
        let folders = TenantSplit.folders(of: summary)
        #expect(folders.count == 2)
        let templates = try TemplateSet()
        var overview = input
        overview.tenantFolders = folders
        var parts = [ReportPart(ReportRenderer(input: overview, templates: templates, formats: [.xhtml, .markdown]))]
        for (index, folder) in folders {
            var own = ReportInput(
                summary: summary.tenant(index), logItems: [:], time: input.time, toolVersion: input.toolVersion)
            own.maskOperators = true
            parts.append(
                ReportPart(
                    ReportRenderer(input: own, templates: templates, formats: [.xhtml, .markdown]), prefix: folder))
        }
        let contoso = try #require(folders[summary.organizations.firstIndex { $0.name == "Contoso Ltd" }!])
        let fabrikam = try #require(folders[summary.organizations.firstIndex { $0.name == "Fabrikam GmbH" }!])
        let own = ["cx7-": contoso, "fb9-": fabrikam]
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            _ = try await ReportPublisher.publish(parts, to: folder.path, workers: 2)
            let files = try texts(under: folder)
            #expect(try #require(files["restores.md"]).contains("### Restore fb9-restore"))
            #expect(try #require(files["restores.md"]).contains("### Restore cx7-export"))
            for (prefix, tenant) in own {
                let page = try #require(files["\(tenant)/restores.md"])
                #expect(page.contains("### Restore \(prefix)"))
                let others = files.filter { $0.key.hasPrefix(tenant + "/") }
                #expect(others.count > 4)
                // Another tenant's session ids and operators never appear in this tenant's files.
                let foreign =
                    prefix == "cx7-"
                    ? ["fb9-", "it-fb9", "fabrikam"] : ["cx7-", "svc-temp", "helpdesk", "contoso", "vbo.example.com"]
                for (path, text) in others {
                    for token in foreign { #expect(!text.lowercased().contains(token), "\(path) holds \(token)") }
                }
            }
        }
    }

    @Test("no restore in the window: a page only when the input says how many were read, saying why it is empty")
    func empty() async throws {
        var world = RestorePageWorld()
        world.inventory = Inventory()
        var input = ReportInput(
            summary: world.summary(), logItems: [:], time: LocalTime(identifier: "UTC")!, toolVersion: "test")
        let templates = try TemplateSet()
        func paths(_ input: ReportInput) throws -> [String] {
            try ReportRenderer(input: input, templates: templates, formats: [.xhtml, .markdown]).pages(unit: 0).map(
                \.path)
        }
        #expect(try paths(input) == ["index.html", "infrastructure.html", "index.md", "infrastructure.md"])
        #expect(ViewBuilder(input: input, format: .markdown).digest().restores == nil)

        input.restoreSessionsRead = 0
        #expect(try paths(input).contains("restores.md"))
        let none = ViewBuilder(input: input, format: .markdown).restoresPage()
        #expect(none.badge.word == "Unknown" && !none.hasSessions)
        #expect(none.headline.hasPrefix("No restore session was read: the fetch reads them from VB365's API v6 on"))
        #expect(ViewBuilder(input: input, format: .markdown).digest().restores?.headline == none.headline)

        input.restoreSessionsRead = 12
        let outside = ViewBuilder(input: input, format: .xhtml).restoresPage()
        #expect(outside.headline == "No restore in this window (12 restore sessions read, none in it).")
        #expect(outside.badge.word == "OK")
        try await withTemporaryFolder { parent in
            try await publishReport(input, into: parent.appendingPathComponent("report"))
        }
    }
}
