import Foundation
import Testing
import VB365Model
import VB365SummaryOutput

@testable import VB365Notifying

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Messages for the format tests: findings named as an attacker would name a job.
enum FormatFixtures {
    /// Markup, a pipe, backticks, a path, an emoji, a right-to-left override, a mass mention,
    /// markdown bold and a markdown link, and Discord's user mention.
    static let hostile =
        "<b>Mail</b> | `rm` ../etc 🎉 \u{202E}gnp.exe @everyone *bold* _it_ ~gone~ [x](http://evil) & <@123>"
    /// The site's root.
    static let site = "https://reports.example.com/vb365/"
    /// 2026-12-07 07:00 UTC: 1796626800 in Unix seconds.
    static let time = Timestamp(year: 2026, month: 12, day: 7, hour: 7)

    /// A job's finding, named `name number`.
    static func finding(_ number: Int, level: CheckState = .critical, name: String = hostile) -> Finding {
        Finding(
            key: "job/vbo/org-1/job-\(number)", subject: .job, level: level, title: "\(name) \(number)",
            reasons: ["failed (2 of 2 runs) \(name)"], server: "vbo \(name)", organization: "Fabrikam \(name)",
            organizationID: "org-1", job: "\(name) \(number)", page: "jobs/job-\(number).html")
    }

    /// An event about `finding(number)`.
    static func event(
        _ number: Int, _ change: NotificationEvent.Change = .opened, level: CheckState = .critical,
        previous: CheckState? = nil, name: String = hostile
    ) -> NotificationEvent {
        NotificationEvent(
            change: change, finding: finding(number, level: level, name: name), previous: previous,
            since: Timestamp(year: 2026, month: 12, day: 6, hour: 2), summary: "failed at 02:00 \(name)")
    }

    /// A message of `events`, with `open` open.
    static func message(
        _ kind: NotificationMessage.Kind = .changes, events: [NotificationEvent], open: [Finding]? = nil,
        site: String? = site, level: CheckState = .critical
    ) -> NotificationMessage {
        NotificationMessage(
            kind: kind, id: "n-0123456789abcdef", time: time, title: "\(events.count) problems opened", level: level,
            events: events, open: open ?? events.map(\.finding).filter { $0.level != .ok }, siteURL: site,
            tool: "vb365-report 1.2.0", timeText: "2026-12-07 08:00 CET")
    }

    /// Five hundred critical problems opened.
    static let many = message(events: (0..<500).map { event($0) })

    /// A failed run's event, as the planner makes it.
    static let runEvent = NotificationEvent(
        change: .opened,
        finding: Finding(
            key: "run", subject: .run, level: .critical, title: "the reporting run",
            reasons: ["vb365-report could not fetch vbo (exit 68): refused; last good report never"]),
        summary: "vb365-report could not fetch vbo (exit 68): refused; last good report never")

    /// A message of each kind and shape.
    static let all: [NotificationMessage] = [
        message(
            events: [event(1), event(2, .resolved, level: .ok, previous: .critical)], open: [finding(1), finding(3)]),
        message(.summary, events: [], open: [finding(1), finding(2, level: .warning)]),
        message(.summary, events: [], open: [], site: nil, level: .ok),
        message(.runFailed, events: [runEvent], open: [runEvent.finding], site: nil, level: .critical),
        many,
    ]

    /// The body parsed by Foundation (a referee for "it is JSON").
    static func json(_ payload: WebhookPayload) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(payload.body)) as? [String: Any])
    }

    /// The body as text.
    static func text(_ payload: WebhookPayload) -> String { String(decoding: payload.body, as: UTF8.self) }

    /// Every value of `key` anywhere in `value`.
    static func values(_ key: String, in value: Any) -> [Any] {
        if let object = value as? [String: Any] {
            return object.flatMap { member in (member.key == key ? [member.value] : []) + values(key, in: member.value)
            }
        }
        if let array = value as? [Any] { return array.flatMap { values(key, in: $0) } }
        return []
    }
}

@Suite("notification formats: Teams, Slack, Discord, the generic webhook, PagerDuty, the preview")
struct FormatTests {
    typealias F = FormatFixtures

    // MARK: - Every format

    @Test(
        "every kind: the bodies are JSON, the same message gives the same bytes, one payload (PagerDuty: one per event)"
    )
    func deterministicJSON() throws {
        for message in F.all {
            for kind in NotificationChannel.Kind.allCases {
                let payloads = NotificationFormat.payloads(
                    for: message, kind: kind, secret: Array("s".utf8), routingKey: "r")
                #expect(
                    payloads
                        == NotificationFormat.payloads(
                            for: message, kind: kind, secret: Array("s".utf8), routingKey: "r"))
                for payload in payloads { _ = try F.json(payload) }
                switch (kind, message.kind) {
                case (.pagerduty, .summary): #expect(payloads.isEmpty)
                case (.pagerduty, .changes): #expect(payloads.count == message.events.count)
                default: #expect(payloads.count == 1)
                }
            }
        }
    }

    @Test("the outline: change words, the count of other open problems, all clear")
    func outline() {
        let message = F.message(
            events: [F.event(1, .raised, previous: .warning), F.event(2, .resolved, level: .ok, previous: .critical)],
            open: [F.finding(1), F.finding(3), F.finding(4)])
        let outline = NotificationOutline(message)
        #expect(outline.items.map(\.label) == ["CRITICAL raised from WARNING", "OK resolved (was CRITICAL)"])
        #expect(outline.stillOpenText == "2 other problems still open")
        #expect(outline.items[0].link == F.site + "jobs/job-1.html")
        let clear = NotificationOutline(F.message(.summary, events: [], open: []))
        #expect(clear.items.isEmpty && clear.emptyText == "All clear: no problem is open.")
        let steady = F.event(5, .steady, level: .ok, previous: .critical)
        #expect(NotificationOutline.changeText(steady) == "steady: resolved")
    }

    @Test("clipping: the limit holds in UTF-16, with an ellipsis, and no escape is cut in half")
    func clipping() {
        let clipped = FormatSupport.clipped(String(repeating: "*", count: 100), limit: 11) { "\\" + String($0) }
        #expect(clipped == String(repeating: "\\*", count: 5) + "…")
        #expect(FormatSupport.clipped("🎉🎉🎉", limit: 4) { String($0) } == "🎉…")
        #expect(FormatSupport.clipped("short", limit: 5) { String($0) } == "short")
        #expect(FormatSupport.largestFitting(500) { $0 <= 37 } == 37)
        #expect(FormatSupport.largestFitting(10) { _ in false } == 0)
    }

    // MARK: - Teams

    @Test("Teams: the Workflows envelope around an Adaptive Card 1.4, named colours only, no Table, buttons")
    func teamsShape() throws {
        let message = F.message(events: [F.event(1), F.event(2, .lowered, level: .warning, previous: .critical)])
        let json = try F.json(TeamsCard.payload(message))
        #expect(json["type"] as? String == "message")
        let attachment = try #require((json["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        #expect(attachment["contentUrl"] is NSNull)
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["version"] as? String == "1.4" && card["type"] as? String == "AdaptiveCard")
        #expect(card["$schema"] as? String == "http://adaptivecards.io/schemas/adaptive-card.json")
        let types = Set(F.values("type", in: card).compactMap { $0 as? String })
        #expect(!types.contains("Table") && types.isSubset(of: Self.teamsTypes))
        let colors = Set(F.values("color", in: card).compactMap { $0 as? String })
        #expect(colors.isSubset(of: ["attention", "warning", "good", "default"]) && colors.contains("attention"))
        let title = try #require((card["body"] as? [[String: Any]])?.first)
        #expect(title["color"] as? String == "attention")
        let urls = F.values("url", in: card).compactMap { $0 as? String }
        #expect(urls.contains(F.site) && urls.contains(F.site + "jobs/job-2.html"))
        let texts = F.values("text", in: card).compactMap { $0 as? String }
        #expect(texts.contains("**WARNING** lowered from CRITICAL"))
    }

    /// The element and action types of Adaptive Cards 1.4 that the card may use.
    static let teamsTypes: Set<String> = [
        "AdaptiveCard", "TextBlock", "Container", "FactSet", "ActionSet", "Action.OpenUrl",
    ]

    @Test("Teams: hostile names are escaped for TextBlock markdown, overrides shown, nothing becomes a link")
    func teamsEscaping() throws {
        #expect(
            TeamsCard.text(F.hostile)
                == #"\<b>Mail\</b> | \`rm\` ../etc 🎉 \\u{202E}gnp.exe @everyone \*bold\* \_it\_ \~gone\~ \[x\](http://evil) & \<@123>"#
        )
        let json = try F.json(TeamsCard.payload(F.message(events: [F.event(1)])))
        let texts = F.values("text", in: json).compactMap { $0 as? String }.joined(separator: "\n")
        #expect(!texts.unicodeScalars.contains("\u{202E}") && !texts.contains("[x](http"))
        #expect(!texts.replacingOccurrences(of: "\\<", with: "").contains("<"), "every < is escaped")
        #expect(TeamsCard.text("- item") == "\\- item")
        #expect(TeamsCard.text("12. item") == "12\\. item")
        #expect(TeamsCard.text("# head") == "\\# head")
        #expect(TeamsCard.text("a\\b") == "a\\\\b")
    }

    @Test("Teams: 500 events fit in 28,000 bytes, cut with 'and N more'")
    func teamsLimit() throws {
        let payload = TeamsCard.payload(F.many)
        #expect(payload.body.count <= TeamsCard.maximumBytes)
        let shown = TeamsCard.shownCount(NotificationOutline(F.many))
        #expect(shown > 5 && shown < 500)
        #expect(F.text(payload).contains("and \(500 - shown) more (open the report for all)"))
        _ = try F.json(payload)
    }

    // MARK: - Slack

    @Test("Slack: fallback text, header, sections with Details buttons, context, the report's button")
    func slackShape() throws {
        let json = try F.json(SlackBlocks.payload(F.message(events: [F.event(1)], open: [F.finding(1), F.finding(2)])))
        #expect(json["text"] as? String == "[CRITICAL] 1 problems opened")
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["type"] as? String } == ["header", "section", "context", "context", "actions"])
        let section = try #require((blocks[1]["text"] as? [String: Any])?["text"] as? String)
        #expect(section.hasPrefix("*[CRITICAL] opened:* "))
        let urls = F.values("url", in: blocks).compactMap { $0 as? String }
        #expect(urls == [F.site + "jobs/job-1.html", F.site])
        let context = try #require(F.values("text", in: blocks[2]).last as? String)
        #expect(context == "1 other problem still open")
    }

    @Test("Slack: & < > become entities, mrkdwn markers become look-alikes, overrides shown")
    func slackEscaping() throws {
        let text = SlackBlocks.text(F.hostile)
        #expect(
            text
                == "&lt;b&gt;Mail&lt;/b&gt; | ˋrmˋ ../etc 🎉 \\u{202E}gnp.exe @everyone ∗bold∗ ˍitˍ ∼gone∼ [x](http://evil) &amp; &lt;@123&gt;"
        )
        let body = F.text(SlackBlocks.payload(F.message(events: [F.event(1)])))
        #expect(!body.contains("<") && !body.contains("*bold*") && !body.unicodeScalars.contains("\u{202E}"))
    }

    @Test("Slack: 500 events stay within 50 blocks, 3,000 per section, 150 per header, cut with '… and N more'")
    func slackLimit() throws {
        let json = try F.json(SlackBlocks.payload(F.many))
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.count <= SlackBlocks.maximumBlocks)
        for block in blocks {
            let text = (block["text"] as? [String: Any])?["text"] as? String ?? ""
            #expect(text.utf16.count <= (block["type"] as? String == "header" ? 150 : 3000))
        }
        #expect(try #require(json["text"] as? String).utf16.count <= 3000)
        let shown = SlackBlocks.shownCount(NotificationOutline(F.many))
        #expect(shown > 0 && F.text(SlackBlocks.payload(F.many)).contains("_… and \(500 - shown) more_"))
        let long = NotificationOutline.Item(
            level: .critical, change: "lowered from CRITICAL", title: String(repeating: "&", count: 999),
            lines: Array(repeating: String(repeating: "<", count: 999), count: 9),
            organization: String(repeating: ">", count: 999),
            server: String(repeating: "&", count: 999), link: nil)
        let section = SlackBlocks.itemSection(long)
        let text = try #require(F.values("text", in: Self.any(section)).last as? String)
        #expect(text.utf16.count <= SlackBlocks.maximumSectionText)
    }

    /// A `JSONValue` as Foundation reads it.
    static func any(_ value: JSONValue) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(FormatSupport.body(value)))
    }

    // MARK: - Discord

    @Test("Discord: content, an embed per event coloured by level, no mention allowed, footer and time last")
    func discordShape() throws {
        let message = F.message(events: [F.event(1), F.event(2, .raised, level: .warning, previous: .ok)])
        let json = try F.json(DiscordEmbeds.payload(message))
        #expect(((json["allowed_mentions"] as? [String: Any])?["parse"] as? [Any])?.isEmpty == true)
        let embeds = try #require(json["embeds"] as? [[String: Any]])
        #expect(embeds.map { $0["color"] as? Int } == [0xD1_3438, 0xF2_A900])
        #expect(embeds[0]["url"] as? String == F.site + "jobs/job-1.html")
        #expect(
            (embeds[1]["footer"] as? [String: Any])?["text"] as? String
                == "vb365-report 1.2.0 · 2026-12-07 08:00 CET")
        #expect(embeds[1]["timestamp"] as? String == "2026-12-07T07:00:00Z")
        #expect(json["content"] as? String == "**[CRITICAL]** 2 problems opened")
    }

    @Test("Discord: markdown escaped with backslashes, mentions broken by a zero-width space, overrides shown")
    func discordEscaping() {
        let text = DiscordEmbeds.text(F.hostile, limit: 4096)
        #expect(
            text
                == #"\<b\>Mail\</b\> \| \`rm\` ../etc 🎉 \\u{202E}gnp.exe @\#u{200B}everyone \*bold\* \_it\_ \~gone\~ \[x\]\(http://evil\) & \<@\#u{200B}123\>"#
                .replacingOccurrences(of: #"\#u{200B}"#, with: "\u{200B}"))
        #expect(DiscordEmbeds.text("1. first", limit: 100) == "1\\. first")
        #expect(DiscordEmbeds.text("@here", limit: 100) == "@\u{200B}here")
        #expect(DiscordEmbeds.text("- item -#", limit: 100) == "\\- item -\\#")
    }

    @Test("Discord: 500 events stay within 10 embeds and 6,000 characters, cut with 'and N more'")
    func discordLimit() throws {
        let json = try F.json(DiscordEmbeds.payload(F.many))
        let embeds = try #require(json["embeds"] as? [[String: Any]])
        #expect(embeds.count <= DiscordEmbeds.maximumEmbeds)
        var total = 0
        for embed in embeds {
            let title = embed["title"] as? String ?? ""
            let description = embed["description"] as? String ?? ""
            let fields = embed["fields"] as? [[String: Any]] ?? []
            let footer = (embed["footer"] as? [String: Any])?["text"] as? String ?? ""
            #expect(title.utf16.count <= 256 && description.utf16.count <= 4096 && fields.count <= 25)
            let fieldText = fields.map { ($0["name"] as? String ?? "") + ($0["value"] as? String ?? "") }.joined()
            #expect(fields.allSatisfy { ($0["value"] as? String ?? "").utf16.count <= 1024 })
            total += title.utf16.count + description.utf16.count + fieldText.utf16.count + footer.utf16.count
        }
        #expect(total <= DiscordEmbeds.maximumTotal)
        #expect(try #require(json["content"] as? String).utf16.count <= DiscordEmbeds.maximumContent)
        let shown = DiscordEmbeds.shownCount(NotificationOutline(F.many), time: F.time.iso8601)
        #expect(shown > 0 && (embeds.last?["title"] as? String)?.hasPrefix("and \(500 - shown) more") == true)
    }

    // MARK: - The generic webhook

    @Test("webhook: schema version 1, every member in order, data unescaped, organization as an object")
    func webhookShape() throws {
        let message = F.message(events: [F.event(1, .raised, previous: .warning)], open: [F.finding(1), F.finding(2)])
        let payload = GenericWebhook.payload(message)
        #expect(payload.headers.isEmpty)
        let text = F.text(payload)
        #expect(
            text.hasPrefix(
                #"{"schemaVersion":1,"type":"vb365-report.notification","id":"n-0123456789abcdef","kind":"changes","time":"2026-12-07T07:00:00Z","timeText":"2026-12-07 08:00 CET","title":"1 problems opened","level":"CRITICAL","tool":"vb365-report 1.2.0","siteUrl":"https://reports.example.com/vb365/","events":[{"change":"raised","key":"job/vbo/org-1/job-1","subject":"job","level":"CRITICAL","previousLevel":"WARNING","title":"#
            ))
        let json = try F.json(payload)
        let event = try #require((json["events"] as? [[String: Any]])?.first)
        #expect(Self.inOrder(Self.eventMembers, in: text, after: #""events":[{"#))
        #expect(event["title"] as? String == F.hostile + " 1")
        #expect((event["organization"] as? [String: Any])?["id"] as? String == "org-1")
        #expect(event["since"] as? String == "2026-12-06T02:00:00Z" && event["occurrences"] as? Int == 1)
        #expect(event["url"] as? String == F.site + "jobs/job-1.html")
        #expect((json["open"] as? [Any])?.count == 2)
        #expect(json["truncated"] as? [String: Int] == ["events": 0, "open": 0])
        let bare = try F.json(GenericWebhook.payload(F.message(.summary, events: [], open: [], site: nil)))
        #expect(bare["siteUrl"] is NSNull && bare["kind"] as? String == "summary")
    }

    /// An event's members, in order.
    static let eventMembers = [
        "change", "key", "subject", "level", "previousLevel", "title", "reasons", "summary", "server", "organization",
        "job", "since", "occurrences", "url",
    ]

    /// True when each `"name":` follows the one before, after `marker`.
    static func inOrder(_ names: [String], in text: String, after marker: String) -> Bool {
        guard var position = text.range(of: marker)?.upperBound else { return false }
        for name in names {
            guard let found = text.range(of: "\"\(name)\":", range: position..<text.endIndex) else { return false }
            position = found.upperBound
        }
        return true
    }

    @Test("webhook: more than 1,000 events are counted in 'truncated'")
    func webhookTruncated() throws {
        let message = F.message(events: (0..<1200).map { F.event($0, name: "job") }, open: [])
        let json = try F.json(GenericWebhook.payload(message))
        #expect((json["events"] as? [Any])?.count == 1000)
        #expect(json["truncated"] as? [String: Int] == ["events": 200, "open": 0])
    }

    @Test("signatures: the Standard Webhooks and GitHub vectors, computed independently with Python's hmac")
    func signatureVectors() {
        // python3: base64.b64encode(hmac.new(base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        //   b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}', hashlib.sha256).digest())
        // (also the Standard Webhooks spec's own example)
        let body = Array(#"{"test": 2432232314}"#.utf8)
        let secret = Array("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8)
        #expect(
            WebhookSignature.standardSignature(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, secret: secret)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        // python3: hmac.new(b'whsec_MfKQ…', body, hashlib.sha256).hexdigest(): the whole secret as the key.
        #expect(
            WebhookSignature.hubSignature(body: body, secret: secret)
                == "sha256=80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c")
        // GitHub's documented example: secret "It's a Secret to Everybody", body "Hello, World!".
        #expect(
            WebhookSignature.hubSignature(
                body: Array("Hello, World!".utf8), secret: Array("It's a Secret to Everybody".utf8))
                == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        // python3: base64.b64encode(hmac.new(b"plain secret", b'id-1.1796688000.{"a":1}', hashlib.sha256).digest())
        #expect(
            WebhookSignature.standardSignature(
                id: "id-1", timestamp: 1_796_688_000, body: Array(#"{"a":1}"#.utf8), secret: Array("plain secret".utf8))
                == "v1,/fUfnEpfvTWoDGHaIFsubF/1axFIcT887hXvI4O81rQ=")
        #expect(WebhookSignature.standardKey(Array("whsec_!!not base64".utf8)) == Array("whsec_!!not base64".utf8))
        #expect(WebhookSignature.unixSeconds(Timestamp(ticks: -1)) == -1)
    }

    @Test("signatures: a signed webhook carries the id, the time in Unix seconds and both signatures of its body")
    func signedPayload() throws {
        let message = F.message(events: [F.event(1)])
        let secret = Array("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".utf8)
        let payload = try #require(NotificationFormat.payloads(for: message, kind: .webhook, secret: secret).first)
        #expect(
            payload.headers.map(\.name) == [
                "webhook-id", "webhook-timestamp", "webhook-signature", "X-Hub-Signature-256",
            ])
        #expect(payload.headers[0].value == "n-0123456789abcdef" && payload.headers[1].value == "1796626800")
        let signature = WebhookSignature.standardSignature(
            id: message.id, timestamp: 1_796_626_800, body: payload.body, secret: secret)
        #expect(payload.headers[2].value == signature)
        #expect(payload.headers[3].value == WebhookSignature.hubSignature(body: payload.body, secret: secret))
        #expect(payload.body == GenericWebhook.payload(message).body)
    }

    // MARK: - PagerDuty

    @Test("PagerDuty: trigger or resolve by change, one dedup_key per finding, the payload's members")
    func pagerDuty() throws {
        let events = [
            F.event(1), F.event(1, .raised, previous: .warning),
            F.event(1, .lowered, level: .warning, previous: .critical),
            F.event(1, .flapping), F.event(1, .steady, level: .warning), F.event(1, .steady, level: .ok),
            F.event(1, .resolved, level: .ok, previous: .critical),
        ]
        let payloads = PagerDutyEvents.payloads(F.message(events: events), routingKey: "R0UT1NGKEY")
        let bodies = try payloads.map(F.json)
        #expect(
            bodies.map { $0["event_action"] as? String } == [
                "trigger", "trigger", "trigger", "trigger", "trigger", "resolve", "resolve",
            ])
        // python3: "vb365-report/" + hashlib.sha256(b"job/vbo/org-1/job-1").hexdigest()[:32]
        let key = PagerDutyEvents.dedupKey("job/vbo/org-1/job-1")
        #expect(key.hasPrefix("vb365-report/") && key.count == 45)
        #expect(PagerDutyEvents.dedupKey("job/vbo/org-1/Mail") == "vb365-report/bfbc4ae964aaa858014bba1ae33a739e")
        #expect(payloads.allSatisfy { $0.dedupKey == key } && bodies.allSatisfy { $0["dedup_key"] as? String == key })
        #expect(bodies.allSatisfy { $0["routing_key"] as? String == "R0UT1NGKEY" })
        let payload = try #require(bodies[0]["payload"] as? [String: Any])
        #expect(payload["severity"] as? String == "critical" && payload["class"] as? String == "job")
        #expect(payload["timestamp"] as? String == "2026-12-07T07:00:00Z")
        #expect(
            payload["source"] as? String == "vbo " + F.hostile.replacingOccurrences(of: "\u{202E}", with: "\\u{202E}"))
        #expect((payload["summary"] as? String)?.hasPrefix("[CRITICAL] <b>Mail</b>") == true)
        #expect(((bodies[0]["links"] as? [[String: Any]])?.first)?["href"] as? String == F.site + "jobs/job-1.html")
        #expect(bodies[6]["payload"] == nil)
        #expect((try F.json(payloads[2])["payload"] as? [String: Any])?["severity"] as? String == "warning")
    }

    @Test("PagerDuty: a summary sends nothing, a failed run triggers the 'run' alert, summaries stay within 1,024")
    func pagerDutyKinds() throws {
        #expect(
            PagerDutyEvents.payloads(F.message(.summary, events: [], open: [F.finding(1)]), routingKey: "r").isEmpty)
        // A failed run is its own alert, beside the other changes of that run (each its own).
        let failed = F.message(
            .runFailed, events: [F.runEvent, F.event(1)], open: [F.runEvent.finding], level: .critical)
        let payloads = PagerDutyEvents.payloads(failed, routingKey: nil)
        #expect(payloads.count == 2 && payloads[0].dedupKey == PagerDutyEvents.dedupKey("run"))
        #expect(payloads[1].dedupKey != payloads[0].dedupKey)
        let json = try F.json(payloads[0])
        #expect(json["event_action"] as? String == "trigger" && json["routing_key"] as? String == "")
        #expect((json["payload"] as? [String: Any])?["severity"] as? String == "critical")
        let long = F.message(events: [F.event(1, name: String(repeating: "x", count: 5000))])
        let summary = try F.json(PagerDutyEvents.payloads(long, routingKey: "r")[0])["payload"] as? [String: Any]
        #expect(try #require(summary?["summary"] as? String).utf16.count <= PagerDutyEvents.maximumSummary)
    }

    // MARK: - The preview

    @Test("preview: well-formed XHTML with inline CSS, no script, every name escaped, buttons only to web links")
    func preview() throws {
        let message = F.message(events: [F.event(1), F.event(2, .resolved, level: .ok, previous: .critical)])
        let html = NotificationPreview.html(message)
        #expect(html.contains("&lt;b&gt;Mail&lt;/b&gt; | `rm` ../etc 🎉 \\u{202E}gnp.exe @everyone *bold*"))
        #expect(!html.contains("<script") && !html.contains("<b>Mail") && !html.unicodeScalars.contains("\u{202E}"))
        #expect(!html.contains("href=\"http://evil") && html.contains("href=\"\(F.site)jobs/job-1.html\""))
        #expect(html.contains("<style>") && !html.contains("<link") && !html.contains("src="))
        #expect(NotificationPreview.button("x", "javascript:alert(1)", "b").isEmpty)
        #if canImport(FoundationXML) || os(macOS)
            let parser = XMLParser(data: Data(html.utf8))
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #endif
        let many = NotificationPreview.html(F.many)
        #expect(many.contains("and \(500 - TeamsCard.shownCount(NotificationOutline(F.many))) more"))
    }
}
