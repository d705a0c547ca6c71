import VB365SummaryOutput

/// A Discord webhook's body: a short `content` line (the headline), an embed per event coloured
/// by its level, `and N more` when cut, the footer on the last embed, and `allowed_mentions`
/// that lets nothing ping anyone.
package enum DiscordEmbeds {
    /// Discord's limits: embeds per message, characters of all embeds together, of `content`,
    /// of an embed's title, description and footer, and of a field's name and value.
    package static let maximumEmbeds = 10
    package static let maximumTotal = 6000
    package static let maximumContent = 2000
    package static let maximumTitle = 256
    package static let maximumDescription = 4096
    package static let maximumFields = 25
    package static let maximumFooter = 2048

    /// The embed colour of a level, as Discord takes it: an integer.
    static func color(_ level: CheckState) -> Int64 {
        switch level {
        case .critical: return 0xD1_3438
        case .warning: return 0xF2_A900
        case .ok: return 0x2E_7D32
        case .unknown: return 0x6B_6B6B
        }
    }

    /// One embed, before it is JSON: what Discord counts toward the 6,000 characters is here.
    struct Embed {
        var title: String?
        var description: String?
        var url: String?
        var color: Int64
        var fields: [(name: String, value: String)] = []
        var footer: String?
        var timestamp: String?

        /// Characters as Discord counts them: title, description, field names and values, footer.
        var characters: Int {
            FormatSupport.length(title ?? "") + FormatSupport.length(description ?? "")
                + fields.reduce(0) { $0 + FormatSupport.length($1.name) + FormatSupport.length($1.value) }
                + FormatSupport.length(footer ?? "")
        }

        /// The embed object.
        var json: JSONValue {
            var members: [(String, JSONValue)] = []
            if let title { members.append(("title", .string(title))) }
            if let description { members.append(("description", .string(description))) }
            if let url { members.append(("url", .string(url))) }
            members.append(("color", .int(color)))
            if !fields.isEmpty {
                let objects = fields.map { field -> JSONValue in
                    .object([("name", .string(field.name)), ("value", .string(field.value)), ("inline", .bool(true))])
                }
                members.append(("fields", .array(objects)))
            }
            if let footer { members.append(("footer", .object([("text", .string(footer))]))) }
            if let timestamp { members.append(("timestamp", .string(timestamp))) }
            return .object(members)
        }
    }

    /// The message's one payload.
    package static func payload(_ message: NotificationMessage) -> WebhookPayload {
        let outline = NotificationOutline(message)
        let time = message.time.iso8601
        let shown = shownCount(outline, time: time)
        let embeds = self.embeds(outline, shown: shown, time: time)
        let document: JSONValue = .object([
            ("content", .string(content(outline))),
            ("embeds", .array(embeds.map(\.json))),
            ("allowed_mentions", .object([("parse", .array([]))])),
        ])
        return WebhookPayload(body: FormatSupport.body(document))
    }

    /// How many items fit: at most ten embeds, 6,000 characters in all.
    static func shownCount(_ outline: NotificationOutline, time: String) -> Int {
        FormatSupport.largestFitting(outline.items.count) { shown in
            let embeds = self.embeds(outline, shown: shown, time: time)
            return embeds.count <= maximumEmbeds && embeds.reduce(0) { $0 + $1.characters } <= maximumTotal
        }
    }

    /// Text from data, made safe for Discord's markdown (content, titles, descriptions, field
    /// values): a backslash before each of `` \ * _ ~ | ` > # [ ] ( ) < `` everywhere (Discord
    /// honours a backslash before any punctuation) and before a leading `-` or the `.` of a
    /// leading `1.` (lists, `-#` subtext), so a name can neither format text, quote, make a
    /// heading or list, nor mask a link; and a zero-width space after every `@`, so `@everyone`,
    /// `@here` and `<@123>` are no mentions even where `allowed_mentions` were ignored. Controls
    /// and bidirectional overrides are shown as `\u{202E}` first (`VisibleText`), so no line
    /// break makes a new line start. Cut to `limit` characters.
    static func text(_ raw: String, limit: Int) -> String {
        let escaped = FormatSupport.clipped(raw, limit: limit) { character in
            switch character {
            case "\\", "*", "_", "~", "|", "`", ">", "#", "[", "]", "(", ")", "<": return "\\" + String(character)
            case "@": return "@\u{200B}"
            default: return String(character)
            }
        }
        if escaped.first == "-" { return "\\" + escaped }
        let digits = escaped.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, escaped.dropFirst(digits.count).first == "." {
            return String(digits) + "\\" + escaped.dropFirst(digits.count)
        }
        return escaped
    }

    /// Our own words where Discord shows no markdown (footers): controls made visible, cut to
    /// `limit`, nothing else, since a backslash would show there.
    static func plain(_ raw: String, limit: Int) -> String {
        FormatSupport.clipped(raw, limit: limit) { String($0) }
    }

    /// `**[CRITICAL]** headline`, and the count of problems still open.
    static func content(_ outline: NotificationOutline) -> String {
        var content = "**[\(outline.level.word)]** " + text(outline.heading, limit: 500)
        if let still = outline.stillOpenText { content += "\n" + text(still, limit: 200) }
        return content
    }

    /// The embeds showing the first `shown` items, `and N more`, the footer on the last.
    static func embeds(_ outline: NotificationOutline, shown: Int, time: String) -> [Embed] {
        var embeds = outline.items.prefix(shown).map(embed)
        let cut = outline.items.count - shown
        let site = outline.siteURL.flatMap { FormatSupport.isWebLink($0) ? $0 : nil }
        if cut > 0 {
            let more = NotificationOutline.moreText(cut) + (site == nil ? "" : ": open the report for all")
            embeds.append(Embed(title: text(more, limit: maximumTitle), url: site, color: color(outline.level)))
        }
        if let empty = outline.emptyText {
            embeds.append(Embed(title: text(empty, limit: maximumTitle), url: site, color: color(.ok)))
        }
        if embeds.isEmpty {
            embeds.append(Embed(description: text(outline.heading, limit: 1000), color: color(outline.level)))
        }
        embeds[embeds.count - 1].footer = plain(outline.footer, limit: 500)
        embeds[embeds.count - 1].timestamp = time
        return embeds
    }

    /// One event or problem: `[CRITICAL] opened: title`, its lines, the organization and server.
    static func embed(_ item: NotificationOutline.Item) -> Embed {
        // The label is our own words (a level and a change): no markdown in it.
        let label = "[\(item.level.word)]\(item.change.map { " " + $0 } ?? ""): "
        let description = item.lines.prefix(5).map { text($0, limit: 300) }.joined(separator: "\n")
        var fields: [(name: String, value: String)] = []
        if let organization = item.organization { fields.append(("Organization", text(organization, limit: 200))) }
        if let server = item.server { fields.append(("Server", text(server, limit: 200))) }
        return Embed(
            title: label + text(item.title, limit: maximumTitle - FormatSupport.length(label)),
            description: description.isEmpty ? nil : description,
            url: item.link.flatMap { FormatSupport.isWebLink($0) ? $0 : nil }, color: color(item.level), fields: fields)
    }
}
