import Foundation
import Testing
import VB365Delivery
import VB365Generation
import VB365Model
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365TestSupport
import VB365Text
import XHTMLValidation

/// What Python's `email` package (a real MIME parser) makes of a message.
struct ParsedMail: Decodable {
    var subject: String
    var from: String
    var to: String
    var date: String
    var messageID: String
    var contentType: String
    var parts: [String]
    var charsets: [String]
    var text: String
    var html: String
    var defects: [String]
    var longestLine: Int

    static let script = #"""
        import email, email.policy, json, sys
        raw = sys.stdin.buffer.read()
        m = email.message_from_bytes(raw, policy=email.policy.default)
        defects = [repr(d) for d in m.defects]
        parts = list(m.iter_parts())
        for p in parts:
            defects += [repr(d) for d in p.defects]
        print(json.dumps({
            "subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]), "date": str(m["date"]),
            "messageID": str(m["message-id"]), "contentType": m.get_content_type(),
            "parts": [p.get_content_type() for p in parts], "charsets": [p.get_content_charset() for p in parts],
            "text": m.get_body(("plain",)).get_content(), "html": m.get_body(("html",)).get_content(),
            "defects": defects,
            "longestLine": max(len(l) for l in raw.replace(b"\r\n", b"\n").split(b"\n")),
        }))
        """#

    init(_ bytes: [UInt8]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        self = try JSONDecoder().decode(ParsedMail.self, from: data)
    }
}

enum Mail {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)

    static func input(_ inventory: Inventory, now: Timestamp = Mail.now) -> ReportInput {
        let summary = Summarizer.summarize(inventory, options: SummaryOptions(now: now))
        return ReportInput(
            summary: summary, logItems: inventory.logItems, time: LocalTime(identifier: "UTC")!, toolVersion: "test")
    }

    static func samples() async -> ReportInput {
        input(await Fixtures.read([Fixtures.samples]).inventory)
    }

    static func compose(_ input: ReportInput, site: String? = nil, limit: Int = 100_000) throws -> ComposedEmail {
        var options = EmailOptions(
            from: MailAddress("Reports <reports@example.com>")!, to: [MailAddress("ops@example.com")!])
        options.siteURL = site
        options.maximumHTMLBytes = limit
        return try EmailComposer.compose(
            input, templates: try TemplateSet(), options: options, validator: try XHTMLValidator())
    }
}

@Suite("the daily e-mail")
struct EmailTests {
    @Test("the samples: multipart/alternative, UTF-8 text and HTML, the subject decoded, no defects")
    func samples() async throws {
        let email = try Mail.compose(await Mail.samples())
        let parsed = try ParsedMail(email.message.render())
        #expect(parsed.contentType == "multipart/alternative")
        #expect(parsed.parts == ["text/plain", "text/html"])
        #expect(parsed.charsets == ["utf-8", "utf-8"])
        // The window's end (--now, 2026-11-23 06:00 UTC) dates both subject and body; Failed names
        // the cause of the stale jobs.
        #expect(
            parsed.subject
                == "[Failed] 2 of 4 jobs need action; 2 for information; 1 security finding – VB365 daily report 2026-11-23"
        )
        #expect(parsed.from == "Reports <reports@example.com>")
        #expect(parsed.date == "Mon, 23 Nov 2026 06:00:00 +0000")
        #expect(parsed.messageID.hasPrefix("<vb365-report.") && parsed.messageID.hasSuffix("@example.com>"))
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.longestLine <= 78)
        #expect(parsed.text.hasPrefix("# \\[Failed\\] VB365 report 2026-11-23"))
        #expect(parsed.text.contains("## Missed or overdue"))
        #expect(parsed.html.contains("Missed or overdue"))
        // Restyled for mail: inline styles, no style sheet, no images, no scripts, no links.
        for banned in ["<style", "<script", "<img", "href=", "class="] {
            #expect(!parsed.html.contains(banned), "\(banned)")
        }
        #expect(parsed.html.contains("style=\""))
        #expect(email.htmlBytes < 100_000)
        #expect(email.omitted == nil)
    }

    @Test("the header leads with the outcome as a badge, the outcome's colour on white, not as bracketed text")
    func headerBadge() async throws {
        let parsed = try ParsedMail(try Mail.compose(await Mail.samples()).message.render())
        let title = "<div style=\"font-size: 20px; font-weight: bold;\">"
        let start = try #require(parsed.html.range(of: title))
        let header = parsed.html[start.upperBound...].prefix { !$0.isNewline }
        #expect(header.hasPrefix("<span style=\"background: #ffffff; color: #cf222e;"), "\(header)")
        #expect(header.hasSuffix(">Failed</span> VB365 report 2026-11-23</div>"), "\(header)")
    }

    @Test("with --site-url every link is absolute and points into the site")
    func siteLinks() async throws {
        let site = "https://reports.example.com/vb365"
        let parsed = try ParsedMail(try Mail.compose(await Mail.samples(), site: site).message.render())
        let hrefs = parsed.html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(hrefs.count > 5)
        for href in hrefs { #expect(href.hasPrefix(site + "/"), "\(href)") }
        #expect(hrefs.contains { $0.hasPrefix(site + "/jobs/") && $0.hasSuffix(".html") })
        #expect(parsed.text.contains("](" + site + "/jobs/"))
    }

    @Test("the same input gives the same bytes")
    func deterministic() async throws {
        let input = await Mail.samples()
        #expect(try Mail.compose(input).message.render() == (try Mail.compose(input).message.render()))
    }

    @Test("a large estate: the HTML part is cut to size and says what it left out")
    func large() throws {
        let generator = SessionGenerator(
            settings: .init(
                seed: 7, organizations: 30, jobsPerOrganization: 12, start: Timestamp(year: 2026, month: 11, day: 1)))
        var inventory = Inventory()
        for o in generator.organizations { inventory.add(o) }
        for j in generator.jobs { inventory.add(j) }
        for i in 0..<(generator.jobs.count * 22) {
            let s = generator.session(i)
            inventory.add(s)
            if s.status != .success { inventory.add(generator.logItems(for: s, index: i)) }
        }
        let email = try Mail.compose(Mail.input(inventory), site: "https://reports.example.com")
        #expect(email.htmlBytes <= 100_000)
        let omitted = try #require(email.omitted)
        #expect(omitted.contains("left out"))
        let parsed = try ParsedMail(email.message.render())
        #expect(parsed.html.contains(omitted))
        #expect(parsed.html.contains("See the full report."))
        #expect(parsed.defects.isEmpty)
    }

    @Test("hostile names: one-line subject, escaped HTML, intact non-ASCII and right-to-left text")
    func hostile() throws {
        var inventory = Inventory()
        var org = Organization(id: EntityID("0badc0de-0000-4000-8000-0000000000aa"))
        org.name = "שלום בע\"מ ‮evil"
        inventory.add(org)
        var job = Job(id: EntityID("0badc0de-0000-4000-8000-0000000000bb"))
        job.name = "<b>x</b>\r\nBcc: victim@example.com | `rm` ../ 🚀 " + String(repeating: "long ", count: 60)
        job.organizationID = org.id
        inventory.add(job)
        var s = JobSession(id: EntityID("0badc0de-0000-4000-8000-0000000000cc"))
        s.jobID = job.id
        s.creationTime = Mail.now.adding(seconds: -3600)
        s.endTime = Mail.now.adding(seconds: -3000)
        s.status = .failed
        inventory.add(s)
        inventory.add([
            LogItem(
                id: nil, sessionID: s.id, usn: 1, severity: .error, message: "line one\r\n<script>alert(1)</script>",
                creationTime: s.creationTime, endTime: s.endTime)
        ])
        var options = EmailOptions(from: MailAddress("reports@example.com")!, to: [MailAddress("ops@example.com")!])
        options.subject = "%JobResult%: %JobName% at %OrgName%"
        let email = try EmailComposer.compose(
            Mail.input(inventory), templates: try TemplateSet(), options: options, validator: try XHTMLValidator())
        let raw = email.message.render()
        let parsed = try ParsedMail(raw)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(!parsed.subject.contains("\n") && !parsed.subject.contains("\r"))
        #expect(
            parsed.subject.hasPrefix("Failed: <b>x</b>  Bcc: victim@example.com"),
            "a failed job with no success at all reads Failed, its staleness the detail")
        #expect(parsed.subject.contains("🚀") && parsed.subject.contains("שלום"))
        #expect(!String(decoding: raw, as: UTF8.self).contains("\nBcc:"))
        #expect(parsed.to == "ops@example.com")
        #expect(!parsed.html.contains("<script>") && !parsed.html.contains("<b>x</b>"))
        #expect(parsed.html.contains("&lt;b&gt;x&lt;/b&gt;"))
        #expect(parsed.longestLine <= 78)
    }

    @Test("quoted-printable and encoded words by the rules")
    func encodings() throws {
        var message = MailMessage(
            from: MailAddress("a@example.com")!, to: [MailAddress("Zoë Ünal <b@example.com>")!], subject: "plain ascii",
            date: Mail.now,
            text: ".starts with a dot\nFrom the start\ntrailing space \n" + String(repeating: "é", count: 100),
            html: "<p>x</p>")
        message.extraHeaders = [("X-Test", "ok")]
        let parsed = try ParsedMail(message.render())
        #expect(parsed.subject == "plain ascii")
        #expect(parsed.to == "Zoë Ünal <b@example.com>")
        #expect(
            parsed.text.replacingOccurrences(of: "\r\n", with: "\n")
                == ".starts with a dot\nFrom the start\ntrailing space \n" + String(repeating: "é", count: 100) + "\n")
        #expect(parsed.defects.isEmpty)
        #expect(parsed.longestLine <= 76)
        let text = String(decoding: message.render(), as: UTF8.self)
        #expect(text.contains("=2Estarts") && text.contains("=46rom the start") && text.contains("space=20"))
    }

    @Test("addresses: plain or with a name; anything else refused")
    func addresses() {
        #expect(MailAddress("ops@example.com")?.address == "ops@example.com")
        #expect(MailAddress("Backup Team <backup@example.com>")?.displayName == "Backup Team")
        for bad in [
            "", "ops", "ops@", "@example.com", "a b@example.com", "ops@example..com", "ops@example.com\r\nBcc: x@y.z",
            "a@b@c",
        ] {
            #expect(MailAddress(bad) == nil, "\(bad)")
        }
    }

    @Test("subject variables: known ones filled in, unknown ones reported")
    func subjectVariables() async throws {
        #expect(EmailComposer.unknownVariables(in: "%JobResult% %Nope% 100% done %Time%") == ["%Nope%"])
        var options = EmailOptions(from: MailAddress("a@example.com")!, to: [MailAddress("b@example.com")!])
        options.subject = "%JobResult%|%Issues%|%OrgName%|%JobName%|%ObjectCount%|%Time%"
        let email = try EmailComposer.compose(
            await Mail.samples(), templates: try TemplateSet(), options: options, validator: try XHTMLValidator())
        #expect(
            email.message.subject
                == "Failed|2 of 4 jobs need action; 2 for information; 1 security finding|2 organizations|4 jobs|8,923|2026-11-23"
        )
    }

    @Test(
        "an archive that stopped growing 14 days ago: the window is the last day, and the subject and the headline say how old the newest session is"
    )
    func oldData() async throws {
        let later = Mail.now.adding(seconds: 14 * 86_400)
        let email = try Mail.compose(Mail.input(await Fixtures.read([Fixtures.samples]).inventory, now: later))
        let parsed = try ParsedMail(email.message.render())
        #expect(
            parsed.subject
                == "[Missed] 4 of 4 jobs need action; newest session 14 d 7 h ago – VB365 daily report 2026-12-07")
        #expect(parsed.text.contains("**4 of 4 jobs need action; newest session 14 d 7 h ago**"), "\(parsed.text)")
        #expect(parsed.text.contains("(the last 24 hours; newest session 14 d 7 h ago)"))
        // Fresh data is not called old in the subject; its age is beside the window.
        let fresh = try ParsedMail(try Mail.compose(await Mail.samples()).message.render())
        #expect(!fresh.subject.contains("newest session"))
        #expect(fresh.text.contains("(the last 24 hours; newest session 6 h 53 min ago)"))
    }

    @Test("the subject's date is the body's: the window's end in the report's time zone")
    func subjectDate() async throws {
        var input = await Mail.samples()
        input.time = LocalTime(identifier: "America/Los_Angeles")!  // 2026-11-23 06:00 UTC is the 22nd there
        let email = try Mail.compose(input)
        let parsed = try ParsedMail(email.message.render())
        #expect(parsed.subject.hasSuffix("VB365 daily report 2026-11-22"))
        #expect(parsed.text.hasPrefix("# \\[Failed\\] VB365 report 2026-11-22"))
    }
}

@Suite("tickets with hostile data")
struct HostileTicketTests {
    @Test("CR/LF, pipes, markup and right-to-left text in a log line stay on one escaped line")
    func hostileLog() throws {
        var inventory = Inventory()
        var job = Job(id: EntityID("0badc0de-0000-4000-8000-0000000000bb"))
        job.name = "Mail | <i>VIP</i> ‮\u{202E}evil"
        inventory.add(job)
        var s = JobSession(id: EntityID("0badc0de-0000-4000-8000-0000000000cc"))
        s.jobID = job.id
        s.creationTime = Mail.now.adding(seconds: -3600)
        s.endTime = Mail.now.adding(seconds: -3000)
        s.status = .warning
        inventory.add(s)
        inventory.add([
            LogItem(
                id: nil, sessionID: s.id, usn: 1, severity: .warning,
                message: "first\r\n| injected | row |\n<script>x</script> `code` שלום", creationTime: s.creationTime,
                endTime: s.endTime)
        ])
        let input = Mail.input(inventory)
        let facts = try #require(input.summary.sessions.first)
        let md = try TemplateSet().render(
            ViewBuilder(input: input, format: .markdown).ticket(facts, redacted: false), format: .markdown)
        let line = try #require(md.split(separator: "\n").first { $0.contains("injected") })
        #expect(line.contains("שלום") && line.contains("first"))
        #expect(!md.contains("\n| injected"))
        #expect(!md.contains("<script>"))
        let html = try TemplateSet().render(
            ViewBuilder(input: input, format: .xhtml).ticket(facts, redacted: false), format: .xhtml)
        #expect(try XHTMLValidator().validate(Array(html.utf8)).isEmpty)
        #expect(!html.contains("<script>") && !html.contains("<i>VIP"))
        #expect(!html.contains("\u{202E}"))
    }
}

@Suite("site badges and feed")
struct SiteExtrasTests {
    @Test("hostile names in a badge and the feed stay escaped and well-formed")
    func hostile() throws {
        let svg = SiteExtras.badge(label: "<Mail & \"VIP\"> ‮\u{0007}", status: "Failed", color: "#cf222e")
        #expect(try XHTMLValidator().parseOnly(Array(svg.utf8)))
        #expect(svg.contains("&lt;Mail &amp; &quot;VIP&quot;&gt;"))
        #expect(!svg.contains("\u{0007}"))
        // Whose status: a long name is shortened in the picture, in full in the title.
        let long = "Northwind Traders International Holdings / Exchange Online mailboxes"
        let named = SiteExtras.badge(label: long, status: "Success", color: "#1a7f37")
        #expect(named.contains("<title>\(long): Success</title>"))
        #expect(named.contains(">Northwind Traders International Holding…</text>"), "39 characters and …")
        var inventory = Inventory()
        var job = Job(id: EntityID("0badc0de-0000-4000-8000-0000000000bb"))
        job.name = "<b>]]></b> & 🚀"
        inventory.add(job)
        var s = JobSession(id: EntityID("0badc0de-0000-4000-8000-0000000000cc"))
        s.jobID = job.id
        s.creationTime = Mail.now.adding(seconds: -3600)
        s.status = .failed
        inventory.add(s)
        let feed = SiteExtras.feed(Mail.input(inventory), siteURL: nil)
        #expect(try XHTMLValidator().parseOnly(feed.bytes))
        #expect(String(decoding: feed.bytes, as: UTF8.self).contains("&lt;b&gt;]]&gt;&lt;/b&gt; &amp; 🚀"))
        #expect(SiteExtras.badges(Mail.input(inventory)).first?.path.hasPrefix("badges/b-") == true)
    }

    @Test("the feed names a hung run as hung, with how long it has run")
    func hungInFeed() async throws {
        let feed = String(decoding: SiteExtras.feed(await Mail.samples(), siteURL: nil).bytes, as: UTF8.self)
        #expect(feed.contains("<title>[Hung] Exchange Online mailboxes (Fabrikam GmbH), 2026-11-22 22:30 UTC</title>"))
        #expect(
            feed.contains("<summary>Hung, running since 2026-11-22 22:30 UTC (usually 10 min), first run.</summary>"))
        #expect(feed.contains("<category term=\"Hung\"/>"))
    }
}

@Suite("address lists and groups")
struct AddressListTests {
    @Test("a list, display names with commas in quotes, groups and an empty group")
    func lists() throws {
        let list = try #require(
            MailAddress.list(
                #"Backup Team: a@example.com, "Ops, night" <ops@example.com>; boss@example.com, Undisclosed:;"#))
        #expect(list.map(\.address) == ["a@example.com", "ops@example.com", "boss@example.com"])
        #expect(list[1].displayName == "Ops, night")
        #expect(MailAddress.list("x@example.com")?.map(\.address) == ["x@example.com"])
    }

    @Test("not an address list: a bad member, an open quote, angle bracket or group, a group in a group")
    func refusals() {
        for text in [
            "a@example.com, not an address", #""Ops <ops@example.com>"#, "Ops <ops@example.com", "Team: a@example.com",
            "A: B: a@example.com;;", "a@example.com>",
        ] {
            #expect(MailAddress.list(text) == nil, "\(text)")
        }
    }
}
