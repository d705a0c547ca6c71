import VB365SummaryOutput
import VB365Support

/// What every chat format says, in order and in plain words, before any format has made the words
/// safe for its markup: the headline, one item per event (or per open problem in a summary), the
/// count of problems still open beside the events, and the footer. The formats only lay it out,
/// escape it and cut it, so Teams, Slack, Discord and the preview say the same things.
struct NotificationOutline: Sendable, Equatable {
    /// One event or open problem, as its lines read.
    struct Item: Sendable, Equatable {
        /// The level now: the colour and the word (`CRITICAL`).
        var level: CheckState
        /// What changed (`opened`, `raised from WARNING`); nil in a summary or a failed run.
        var change: String?
        /// The finding's title.
        var title: String
        /// The event's summary and the finding's reasons, without repeats.
        var lines: [String]
        /// The organization's name, when it belongs to one.
        var organization: String?
        /// The server's name, when it belongs to one.
        var server: String?
        /// The site's page about it, when the site's URL is known.
        var link: String?

        /// `CRITICAL opened`, or `CRITICAL` alone.
        var label: String { change.map { "\(level.word) \($0)" } ?? level.word }
    }

    /// The message's title (the verdict).
    var heading: String
    /// The worst level open: the title's colour.
    var level: CheckState
    /// The events, or the open problems.
    var items: [Item]
    /// Said when there is no item (`All clear: no problem is open.`); nil: say nothing.
    var emptyText: String?
    /// Open problems that no event covers.
    var stillOpen: Int
    /// `vb365-report 1.2.0 · 2026-12-07 08:00 CET`.
    var footer: String
    /// The site's root URL, for the "Open the report" button.
    var siteURL: String?

    /// The outline of `message`.
    init(_ message: NotificationMessage) {
        heading = message.title
        level = message.level
        footer = "\(message.tool) · \(message.timeText)"
        siteURL = message.siteURL
        emptyText = nil
        stillOpen = 0
        switch message.kind {
        case .changes, .runFailed:
            // A failed run's message is a changes message led by the run: every change keeps its word.
            items = message.events.map { Self.item($0, message) }
            let covered = Set(message.events.map(\.finding.key))
            stillOpen = message.open.filter { !covered.contains($0.key) }.count
        case .summary:
            items = message.open.map { Self.item($0, change: nil, lines: $0.reasons, message) }
            if items.isEmpty { emptyText = "All clear: no problem is open." }
        }
    }

    /// `2 other problems still open`, when there are some.
    var stillOpenText: String? {
        stillOpen > 0 ? Formatting.count(stillOpen, "other problem") + " still open" : nil
    }

    /// The last item of a cut list: `and 3 more`.
    static func moreText(_ count: Int) -> String { "and \(count) more" }

    /// The item of an event.
    static func item(_ event: NotificationEvent, _ message: NotificationMessage) -> Item {
        var lines = event.summary.isEmpty ? [] : [event.summary]
        if event.change != .resolved {
            lines += event.finding.reasons.filter { $0 != event.summary }
        }
        return item(event.finding, change: changeText(event), lines: lines, message)
    }

    /// The item of a finding.
    static func item(_ finding: Finding, change: String?, lines: [String], _ message: NotificationMessage) -> Item {
        Item(
            level: finding.level, change: change, title: finding.title, lines: lines,
            organization: finding.organization, server: finding.server, link: message.link(finding.page))
    }

    /// `opened`, `raised from WARNING`, `lowered from CRITICAL`, `resolved (was CRITICAL)`,
    /// `flapping`, `steady` or `steady: resolved`.
    static func changeText(_ event: NotificationEvent) -> String {
        let from = event.previous.map { " from \($0.word)" } ?? ""
        switch event.change {
        case .opened: return "opened"
        case .raised: return "raised" + from
        case .lowered: return "lowered" + from
        case .resolved: return "resolved" + (event.previous.map { " (was \($0.word))" } ?? "")
        case .flapping: return "flapping"
        case .steady: return event.finding.level == .ok ? "steady: resolved" : "steady"
        }
    }
}
