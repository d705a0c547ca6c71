import VB365SummaryOutput

/// A Teams message for a Workflows webhook ("When a Teams webhook request is received"): the
/// message envelope around one Adaptive Card 1.4 (the newest version the Workflows template
/// renders; no `Table`, named colours only, no HTML), cut to fit Teams' size limit.
package enum TeamsCard {
    /// The most bytes a body may have: Teams answers "Request Entity too large" above about 28 KB.
    package static let maximumBytes = 28_000

    /// The card's colour of a level, from Adaptive Cards' named set (hex is rejected).
    static func color(_ level: CheckState) -> String {
        switch level {
        case .critical: return "attention"
        case .warning: return "warning"
        case .ok: return "good"
        case .unknown: return "default"
        }
    }

    /// The message's one payload: as many items as fit in `maximumBytes`, then `and N more`.
    package static func payload(_ message: NotificationMessage) -> WebhookPayload {
        WebhookPayload(body: body(NotificationOutline(message)))
    }

    /// The body of `outline`, cut to fit.
    static func body(_ outline: NotificationOutline) -> [UInt8] {
        FormatSupport.body(envelope(outline, shown: shownCount(outline)))
    }

    /// How many items the card shows before `and N more` (the preview shows as many).
    static func shownCount(_ outline: NotificationOutline) -> Int {
        FormatSupport.largestFitting(outline.items.count) {
            FormatSupport.body(envelope(outline, shown: $0)).count <= maximumBytes
        }
    }

    /// Text from data, made safe for a TextBlock's or a fact's markdown. We chose backslash
    /// escapes (Teams' TextBlock markdown honours CommonMark's `\*`) over stripping, so a job
    /// called `*Mail*_[x](http://evil)` reads as written and can neither bold, italicize, strike
    /// nor link: `` \ * _ ~ [ ] < ` `` are escaped everywhere, and a leading `-`, `+`, `#`,
    /// `>` or `1.` (a list, heading or quote) too. Controls and bidirectional overrides are shown as
    /// `\u{202E}` first (`VisibleText`). Cut to `limit` characters.
    static func text(_ raw: String, limit: Int = 500) -> String {
        let escaped = FormatSupport.clipped(raw, limit: limit) { character in
            switch character {
            case "\\", "*", "_", "~", "[", "]", "<", "`": return "\\" + String(character)
            default: return String(character)
            }
        }
        if let first = escaped.first, "-+#>".contains(first) { return "\\" + escaped }
        let digits = escaped.prefix(while: { $0.isASCII && $0.isNumber })
        let after = escaped.dropFirst(digits.count).first
        if !digits.isEmpty, after == "." || after == ")" {
            return String(digits) + "\\" + escaped.dropFirst(digits.count)
        }
        return escaped
    }

    // MARK: - The card

    /// The envelope of a Workflows webhook around the card showing the first `shown` items.
    static func envelope(_ outline: NotificationOutline, shown: Int) -> JSONValue {
        .object([
            ("type", .string("message")),
            (
                "attachments",
                .array([
                    .object([
                        ("contentType", .string("application/vnd.microsoft.card.adaptive")),
                        ("contentUrl", .null),
                        ("content", card(outline, shown: shown)),
                    ])
                ])
            ),
        ])
    }

    /// The Adaptive Card.
    static func card(_ outline: NotificationOutline, shown: Int) -> JSONValue {
        var actions: [JSONValue] = []
        if let site = outline.siteURL, FormatSupport.isWebLink(site) {
            actions.append(openURL("Open the report", site))
        }
        return .object([
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")),
            ("msteams", .object([("width", .string("Full"))])),
            ("body", .array(cardBody(outline, shown: shown))),
            ("actions", .array(actions)),
        ])
    }

    /// The title, the items, what was cut, what is still open, and the footer.
    static func cardBody(_ outline: NotificationOutline, shown: Int) -> [JSONValue] {
        var body: [JSONValue] = [
            textBlock(
                text(outline.heading, limit: 300), color: color(outline.level), size: "Large", weight: "Bolder")
        ]
        body += outline.items.prefix(shown).map(itemContainer)
        let cut = outline.items.count - shown
        if cut > 0 { body.append(moreContainer(cut, site: outline.siteURL)) }
        if let empty = outline.emptyText { body.append(textBlock(text(empty), color: "good", weight: "Bolder")) }
        if let still = outline.stillOpenText { body.append(textBlock(text(still), separator: true)) }
        body.append(textBlock(text(outline.footer), subtle: true, size: "Small", separator: true))
        return body
    }

    /// One event or problem: the level and change, the title, its lines, facts and a link.
    static func itemContainer(_ item: NotificationOutline.Item) -> JSONValue {
        // The label is our own words (a level word and a change), so its bold is ours.
        var items: [JSONValue] = [
            textBlock("**\(item.level.word)**" + (item.change.map { " " + $0 } ?? ""), color: color(item.level)),
            textBlock(text(item.title, limit: 300), weight: "Bolder"),
        ]
        items += item.lines.prefix(5).map { textBlock(text($0), subtle: true, spacing: "None") }
        var facts: [JSONValue] = []
        if let organization = item.organization { facts.append(fact("Organization", organization)) }
        if let server = item.server { facts.append(fact("Server", server)) }
        if !facts.isEmpty { items.append(.object([("type", .string("FactSet")), ("facts", .array(facts))])) }
        if let link = item.link, FormatSupport.isWebLink(link) {
            items.append(.object([("type", .string("ActionSet")), ("actions", .array([openURL("Details", link)]))]))
        }
        return container(items)
    }

    /// `and N more`, opening the site when it is known.
    static func moreContainer(_ count: Int, site: String?) -> JSONValue {
        let label = NotificationOutline.moreText(count) + (site == nil ? "" : " (open the report for all)")
        var members: [(String, JSONValue)] = [
            ("type", .string("Container")), ("separator", .bool(true)),
            ("items", .array([textBlock(text(label), weight: "Bolder")])),
        ]
        if let site, FormatSupport.isWebLink(site) {
            members.append(("selectAction", openURL("Open the report", site)))
        }
        return .object(members)
    }

    // MARK: - Elements

    /// A container of `items` set apart by a line.
    static func container(_ items: [JSONValue]) -> JSONValue {
        .object([
            ("type", .string("Container")), ("separator", .bool(true)), ("spacing", .string("Medium")),
            ("items", .array(items)),
        ])
    }

    /// A wrapping TextBlock of already escaped `content`.
    static func textBlock(
        _ content: String, color: String? = nil, subtle: Bool = false, size: String? = nil, weight: String? = nil,
        spacing: String? = nil, separator: Bool = false
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("TextBlock")), ("text", .string(content))]
        members.append(("wrap", .bool(true)))
        if let color { members.append(("color", .string(color))) }
        if subtle { members.append(("isSubtle", .bool(true))) }
        if let size { members.append(("size", .string(size))) }
        if let weight { members.append(("weight", .string(weight))) }
        if let spacing { members.append(("spacing", .string(spacing))) }
        if separator { members.append(("separator", .bool(true))) }
        return .object(members)
    }

    /// A fact: our own `title`, and a value from data.
    static func fact(_ title: String, _ value: String) -> JSONValue {
        .object([("title", .string(title)), ("value", .string(text(value, limit: 200)))])
    }

    /// A button opening `url`.
    static func openURL(_ title: String, _ url: String) -> JSONValue {
        .object([("type", .string("Action.OpenUrl")), ("title", .string(title)), ("url", .string(url))])
    }
}
