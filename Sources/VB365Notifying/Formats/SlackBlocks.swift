import VB365SummaryOutput

/// A Slack incoming webhook's body: a short `text` (the notification's and screen readers'
/// fallback) and Block Kit blocks: a header, a section per event, `… and N more` when cut,
/// a context line, and an "Open the report" button. Levels are words (`[CRITICAL]`), not emoji.
package enum SlackBlocks {
    /// Slack refuses more blocks with `invalid_blocks`.
    package static let maximumBlocks = 50
    /// The most characters of a section's text.
    package static let maximumSectionText = 3000
    /// The most characters of a header's plain text.
    package static let maximumHeaderText = 150
    /// The most characters of text in all blocks together: far below what Slack takes, so a
    /// message stays readable; the rest is `… and N more`.
    package static let maximumTotalText = 12_000

    /// The message's one payload.
    package static func payload(_ message: NotificationMessage) -> WebhookPayload {
        let outline = NotificationOutline(message)
        return WebhookPayload(body: FormatSupport.body(document(outline, shown: shownCount(outline))))
    }

    /// How many items fit before `… and N more`: within the block count and the text budget.
    static func shownCount(_ outline: NotificationOutline) -> Int {
        FormatSupport.largestFitting(outline.items.count) { shown in
            let blocks = self.blocks(outline, shown: shown)
            return blocks.count <= maximumBlocks && blocks.reduce(0) { $0 + textLength($1) } <= maximumTotalText
        }
    }

    /// Text from data, made safe for mrkdwn (and used alike in plain text, where it is harmless):
    /// `&`, `<` and `>` become `&amp;` `&lt;` `&gt;` (Slack's only escapes, so no `<url|link>`,
    /// `<!channel>` or `<@U123>` can be formed), and since mrkdwn has no escape for its markers,
    /// `*` `_` `~` and `` ` `` become the look-alikes `∗` (U+2217), `ˍ` (U+02CD), `∼` (U+223C)
    /// and `ˋ` (U+02CB): a name can no longer bold, italicize, strike or quote code, at the price
    /// of a copied name not matching byte for byte. Controls and bidirectional overrides are
    /// shown as `\u{202E}` first (`VisibleText`). Cut to `limit` characters.
    static func text(_ raw: String, limit: Int = 400) -> String {
        FormatSupport.clipped(raw, limit: limit) { character in
            switch character {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "*": return "\u{2217}"
            case "_": return "\u{02CD}"
            case "~": return "\u{223C}"
            case "`": return "\u{02CB}"
            default: return String(character)
            }
        }
    }

    // MARK: - The message

    /// The body showing the first `shown` items.
    static func document(_ outline: NotificationOutline, shown: Int) -> JSONValue {
        let fallback = "[\(outline.level.word)] " + text(outline.heading, limit: 300)
        return .object([("text", .string(fallback)), ("blocks", .array(blocks(outline, shown: shown)))])
    }

    /// The header, the items, what was cut, what is still open, the context and the button.
    static func blocks(_ outline: NotificationOutline, shown: Int) -> [JSONValue] {
        var blocks: [JSONValue] = [
            .object([
                ("type", .string("header")),
                ("text", plainText(text(outline.heading, limit: maximumHeaderText))),
            ])
        ]
        blocks += outline.items.prefix(shown).map(itemSection)
        let cut = outline.items.count - shown
        if cut > 0 {
            blocks.append(
                section("_… \(NotificationOutline.moreText(cut))_", button: outline.siteURL, "Open the report"))
        }
        if let empty = outline.emptyText { blocks.append(section("*\(text(empty))*")) }
        if let still = outline.stillOpenText { blocks.append(context(text(still))) }
        blocks.append(context(text(outline.footer)))
        if let site = outline.siteURL, FormatSupport.isWebLink(site) {
            blocks.append(
                .object([("type", .string("actions")), ("elements", .array([button("Open the report", site)]))]))
        }
        return blocks
    }

    /// One event or problem: `*[CRITICAL] opened:* title`, its lines, the organization and
    /// server, and a "Details" button when its page is known. Under 2,800 characters, within the
    /// section's 3,000: the label, the title 300, five lines of 400, and two facts of 200.
    static func itemSection(_ item: NotificationOutline.Item) -> JSONValue {
        var lines = ["*[\(item.level.word)]\(item.change.map { " " + $0 } ?? ""):* " + text(item.title, limit: 300)]
        lines += item.lines.prefix(5).map { text($0) }
        var facts: [String] = []
        if let organization = item.organization { facts.append("Organization: " + text(organization, limit: 200)) }
        if let server = item.server { facts.append("Server: " + text(server, limit: 200)) }
        if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
        return section(lines.joined(separator: "\n"), button: item.link, "Details")
    }

    // MARK: - Elements

    /// A section of already escaped mrkdwn, with a button opening `button` when it is a web link.
    static func section(_ mrkdwn: String, button url: String? = nil, _ title: String = "") -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(mrkdwn))])),
        ]
        if let url, FormatSupport.isWebLink(url), url.utf16.count <= 3000 {
            members.append(("accessory", button(title, url)))
        }
        return .object(members)
    }

    /// A context line of already escaped mrkdwn.
    static func context(_ mrkdwn: String) -> JSONValue {
        .object([
            ("type", .string("context")),
            ("elements", .array([.object([("type", .string("mrkdwn")), ("text", .string(mrkdwn))])])),
        ])
    }

    /// A link button.
    static func button(_ title: String, _ url: String) -> JSONValue {
        .object([("type", .string("button")), ("text", plainText(title)), ("url", .string(url))])
    }

    /// A plain text object, without `:emoji:` codes turned into pictures.
    static func plainText(_ content: String) -> JSONValue {
        .object([("type", .string("plain_text")), ("text", .string(content)), ("emoji", .bool(false))])
    }

    /// The characters of every text in `block` (for the total budget).
    static func textLength(_ value: JSONValue) -> Int {
        switch value {
        case .object(let members):
            return members.reduce(0) { sum, member in
                sum + (member.0 == "text" ? stringLength(member.1) : 0) + textLength(member.1)
            }
        case .array(let items): return items.reduce(0) { $0 + textLength($1) }
        default: return 0
        }
    }

    /// The length of a string value; 0 for any other.
    private static func stringLength(_ value: JSONValue) -> Int {
        if case .string(let s) = value { return FormatSupport.length(s) }
        return 0
    }
}
