import VB365Model
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
        case .changes:
            items = message.events.map { Self.item($0, message) }
            let covered = Set(message.events.map(\.finding.key))
            stillOpen = message.open.filter { !covered.contains($0.key) }.count
        case .summary:
            items = message.open.map { Self.item($0, change: nil, lines: $0.reasons, message) }
            if items.isEmpty { emptyText = "All clear: no problem is open." }
        case .runFailed:
            let findings = message.events.isEmpty ? message.open : message.events.map(\.finding)
            items = findings.map { Self.item($0, change: nil, lines: $0.reasons, message) }
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

/// Helpers every format shares: clipping escaped text to a limit, finding how many items fit,
/// and laying out a JSON body.
enum FormatSupport {
    /// `text` made visible (`VisibleText`: no control or bidirectional override obeyed), each
    /// character passed through `escape`, and cut with `…` so the result has at most `limit`
    /// UTF-16 code units (the strictest way the receivers count characters). An escape is never
    /// cut in half: characters are added whole.
    static func clipped(_ text: String, limit: Int, escape: (Character) -> String) -> String {
        let pieces = VisibleText.escapingUnsafe(text, forXML: false).map(escape)
        if pieces.reduce(0, { $0 + $1.utf16.count }) <= limit { return pieces.joined() }
        guard limit > 0 else { return "" }
        var out = ""
        var length = 0
        for piece in pieces {
            let size = piece.utf16.count
            if length + size > limit - 1 { break }
            out += piece
            length += size
        }
        return out + "…"
    }

    /// The largest `k` in `0...count` for which `fits(k)` holds, given that it holds for every
    /// smaller `k` when it holds for `k` (more items, more bytes); 0 when none fits.
    static func largestFitting(_ count: Int, _ fits: (Int) -> Bool) -> Int {
        if fits(count) { return count }
        var low = 0
        var high = count
        while low + 1 < high {
            let middle = (low + high) / 2
            if fits(middle) { low = middle } else { high = middle }
        }
        return low
    }

    /// `value` as compact JSON, UTF-8, without the final newline: the same bytes every time.
    static func body(_ value: JSONValue) -> [UInt8] {
        var bytes = Array(value.rendered(.compact).utf8)
        if bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }

    /// The number of UTF-16 code units in `text`: the length the receivers' limits count.
    static func length(_ text: String) -> Int { text.utf16.count }

    /// True for a link worth a button: `http://` or `https://` (a `javascript:` page never is).
    static func isWebLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }
}
