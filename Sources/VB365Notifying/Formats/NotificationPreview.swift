import VB365SummaryOutput
import VB365Support

/// A page showing a message roughly as Teams and Slack show it (the card with its coloured title,
/// facts and buttons; the Slack message with its header, sections, context and button), for the
/// README's screenshots: self-contained XHTML with inline CSS, no script, nothing fetched.
package enum NotificationPreview {
    /// The page for `message`; it shows as many items as the real formats do before their cut.
    package static func html(_ message: NotificationMessage) -> String {
        let outline = NotificationOutline(message)
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8" />
            <title>\(text(outline.heading))</title>
            <style>\(style)</style>
            </head>
            <body>
            <div class="panes">
            <div class="pane"><p class="client">Microsoft Teams</p>\(teams(outline))</div>
            <div class="pane"><p class="client">Slack</p>\(slack(outline))</div>
            </div>
            </body>
            </html>

            """
    }

    /// Text from data for HTML: controls and bidirectional overrides shown as `\u{202E}`
    /// (`VisibleText`), then `& < > " '` as entities and what XML forbids dropped.
    static func text(_ raw: String) -> String {
        Escaping.xml(VisibleText.escapingUnsafe(raw, forXML: true))
    }

    /// The CSS class of a level's colour.
    static func levelClass(_ level: CheckState) -> String { "level-" + level.word.lowercased() }

    /// A link styled as a button, or nothing when `url` is no web link.
    static func button(_ title: String, _ url: String?, _ style: String) -> String {
        guard let url, FormatSupport.isWebLink(url) else { return "" }
        return "<a class=\"\(style)\" href=\"\(text(url))\">\(text(title))</a>"
    }

    // MARK: - Teams

    /// The Adaptive Card, as Teams draws it.
    static func teams(_ outline: NotificationOutline) -> String {
        let shown = TeamsCard.shownCount(outline)
        var html = "<div class=\"card\"><div class=\"bar \(levelClass(outline.level))\"></div><div class=\"inner\">"
        html += "<p class=\"title \(levelClass(outline.level))\">\(text(outline.heading))</p>"
        html += outline.items.prefix(shown).map(teamsItem).joined()
        let cut = outline.items.count - shown
        if cut > 0 { html += "<div class=\"item\"><b>\(text(NotificationOutline.moreText(cut)))</b></div>" }
        if let empty = outline.emptyText { html += "<p class=\"level-ok\"><b>\(text(empty))</b></p>" }
        if let still = outline.stillOpenText { html += "<div class=\"item\">\(text(still))</div>" }
        html += "<p class=\"small\">\(text(outline.footer))</p>"
        html += "<div class=\"actions\">\(button("Open the report", outline.siteURL, "tbtn"))</div>"
        return html + "</div></div>"
    }

    /// One item of the card: label, title, lines, facts and a button.
    static func teamsItem(_ item: NotificationOutline.Item) -> String {
        var html = "<div class=\"item\"><p class=\"\(levelClass(item.level))\"><b>\(text(item.level.word))</b>"
        html += "\(text(item.change.map { " " + $0 } ?? ""))</p><p><b>\(text(item.title))</b></p>"
        html += item.lines.prefix(5).map { "<p class=\"subtle\">\(text($0))</p>" }.joined()
        let facts = [("Organization", item.organization), ("Server", item.server)].compactMap { name, value in
            value.map { "<span class=\"fact\">\(name)</span><span>\(text($0))</span>" }
        }
        if !facts.isEmpty { html += "<div class=\"facts\">\(facts.joined())</div>" }
        html += button("Details", item.link, "tbtn")
        return html + "</div>"
    }

    // MARK: - Slack

    /// The Slack message, as the desktop client draws it.
    static func slack(_ outline: NotificationOutline) -> String {
        let shown = SlackBlocks.shownCount(outline)
        var html = "<div class=\"msg\"><div class=\"avatar\">vb</div><div class=\"body\">"
        html += "<p><b>vb365-report</b> <span class=\"tag\">APP</span></p>"
        html += "<p class=\"header\">\(text(outline.heading))</p>"
        html += outline.items.prefix(shown).map(slackItem).joined()
        let cut = outline.items.count - shown
        if cut > 0 {
            html += "<div class=\"section\"><p><i>… \(text(NotificationOutline.moreText(cut)))</i></p>"
            html += button("Open the report", outline.siteURL, "sbtn") + "</div>"
        }
        if let empty = outline.emptyText { html += "<div class=\"section\"><p><b>\(text(empty))</b></p></div>" }
        if let still = outline.stillOpenText { html += "<p class=\"small\">\(text(still))</p>" }
        html += "<p class=\"small\">\(text(outline.footer))</p>"
        html += button("Open the report", outline.siteURL, "sbtn")
        return html + "</div></div>"
    }

    /// One section of the Slack message.
    static func slackItem(_ item: NotificationOutline.Item) -> String {
        let label = "[\(item.level.word)]" + (item.change.map { " " + $0 } ?? "") + ":"
        var html = "<div class=\"section\"><div class=\"text\"><p><b>\(text(label))</b> \(text(item.title))</p>"
        html += item.lines.prefix(5).map { "<p>\(text($0))</p>" }.joined()
        let facts = [("Organization", item.organization), ("Server", item.server)].compactMap { name, value in
            value.map { "\(name): " + text($0) }
        }
        if !facts.isEmpty { html += "<p>\(facts.joined(separator: " · "))</p>" }
        return html + "</div>" + button("Details", item.link, "sbtn") + "</div>"
    }

    // MARK: - Style

    /// The page's CSS: Teams' and Slack's light themes, approximately.
    static let style = """
        body{font-family:"Segoe UI",Lato,Helvetica,Arial,sans-serif;font-size:14px;background:#f5f5f5;\
        margin:16px;color:#242424}\
        .panes{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}.pane{width:460px}\
        .client{color:#616161;font-size:12px;margin:0 0 4px}p{margin:2px 0}\
        .card{background:#fff;border-radius:4px;box-shadow:0 1px 3px rgba(0,0,0,.2);overflow:hidden}\
        .bar{height:4px}.bar.level-critical{background:#c4314b}.bar.level-warning{background:#c19c00}\
        .bar.level-ok{background:#13a10e}.bar.level-unknown{background:#616161}.inner{padding:12px 16px}\
        .title{font-size:18px;font-weight:600;margin-bottom:8px}\
        .level-critical{color:#c4314b}.level-warning{color:#a67c00}.level-ok{color:#13a10e}\
        .level-unknown{color:#242424}.item{border-top:1px solid #e0e0e0;padding:8px 0}\
        .subtle{color:#616161}.small{color:#616161;font-size:12px;margin-top:8px}\
        .facts{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin-top:4px}\
        .fact{font-weight:600}.actions{margin-top:8px}\
        .tbtn{display:inline-block;border:1px solid #d1d1d1;border-radius:4px;padding:4px 12px;\
        margin-top:6px;color:#242424;text-decoration:none;font-weight:600}\
        .msg{background:#fff;display:flex;padding:8px 12px;border-radius:4px}\
        .avatar{width:36px;height:36px;border-radius:4px;background:#005f9e;color:#fff;text-align:center;\
        line-height:36px;font-weight:700;margin-right:8px;flex:none}.body{flex:1;min-width:0}\
        .tag{background:#e8e8e8;color:#616161;font-size:10px;padding:1px 3px;border-radius:2px}\
        .header{font-size:18px;font-weight:900;margin:6px 0}\
        .section{display:flex;justify-content:space-between;align-items:flex-start;margin:8px 0}\
        .section .text{flex:1;min-width:0;overflow-wrap:anywhere}\
        .sbtn{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:3px 10px;margin-left:8px;\
        color:#1d1c1d;text-decoration:none;font-weight:700;font-size:13px;white-space:nowrap}
        """
}
