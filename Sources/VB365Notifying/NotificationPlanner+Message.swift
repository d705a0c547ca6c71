import Crypto
import VB365Model
import VB365SummaryOutput
import VB365Support
import VB365Text

extension NotificationPlanner {
    /// The one message of a plan's events (nil when nothing changed): a failed run's when the
    /// run's own finding opened or rose, else the changes, grouped, worst first.
    package func message(_ plan: Plan, siteURL: String?, tool: String) -> NotificationMessage? {
        guard !plan.events.isEmpty else { return nil }
        let run = plan.events.first { $0.finding.subject == .run && $0.finding.level != .ok }
        let kind: NotificationMessage.Kind = run != nil ? .runFailed : .changes
        let title =
            run.map { "[Run failed] \($0.finding.reasons.first ?? "vb365-report could not finish its run")" }
            ?? changesTitle(plan.events, open: plan.open)
        var message = NotificationMessage(
            kind: kind, id: Self.id(channel: channel.name, kind: kind, sequence: plan.sequence, events: plan.events),
            time: now,
            title: title, level: plan.open.map(\.level).max() ?? .ok, events: plan.events, open: plan.open,
            siteURL: channel.isTenantScoped ? nil : siteURL, tool: tool, zoneName: zone.name,
            timeText: zone.format(now))
        message.opaqueKeys = channel.isTenantScoped
        return message
    }

    /// The daily summary: every problem open in the channel's scope, or all clear.
    package func summary(_ plan: Plan, siteURL: String?, tool: String) -> NotificationMessage {
        let open = plan.open
        let title =
            open.isEmpty
            ? "Daily summary: all clear"
            : "Daily summary: \(Formatting.count(open.count, "open problem"))\(Self.levels(open))"
        var message = NotificationMessage(
            kind: .summary,
            id: Self.id(
                channel: channel.name, kind: .summary, sequence: plan.sequence, events: [], day: zone.date(now)),
            time: now,
            title: title, level: open.map(\.level).max() ?? .ok, events: [], open: open,
            siteURL: channel.isTenantScoped ? nil : siteURL, tool: tool, zoneName: zone.name,
            timeText: zone.format(now))
        message.opaqueKeys = channel.isTenantScoped
        return message
    }

    /// True when the daily summary is due: the channel has one, its local time has come today
    /// (in `zone`), and none was sent today.
    package func summaryDue(_ state: NotificationState.Channel) -> Bool {
        guard let minute = channel.summaryMinute else { return false }
        let local = Int(now.secondsSince1970.rounded(.down)) + zone.offset(at: now)
        let minuteOfDay = ((local % 86_400) + 86_400) % 86_400 / 60
        return minuteOfDay >= minute && state.lastSummaryDay != zone.date(now)
    }

    /// One event: `Exchange daily (Fabrikam): failed (2 of 2 runs)`, `Resolved: Exchange daily
    /// (Fabrikam)`; more: `3 new problems (2 CRITICAL, 1 WARNING), 1 resolved; 4 open`.
    func changesTitle(_ events: [NotificationEvent], open: [Finding]) -> String {
        if events.count == 1, let e = events.first {
            let reason = e.finding.reasons.first ?? e.finding.level.word
            switch e.change {
            case .opened: return "\(e.finding.title): \(reason)"
            case .raised, .lowered: return "\(e.finding.title): now \(e.finding.level.word)"
            case .resolved: return "Resolved: \(e.finding.title)"
            case .flapping: return "Flapping: \(e.finding.title)"
            case .steady:
                return e.finding.level == .ok
                    ? "Resolved: \(e.finding.title)" : "Steady at \(e.finding.level.word): \(e.finding.title)"
            }
        }
        var parts: [String] = []
        for change in NotificationEvent.Change.allCases {
            let these = events.filter { $0.change == change }
            guard !these.isEmpty else { continue }
            switch change {
            case .opened: parts.append(Formatting.count(these.count, "new problem") + Self.levels(these.map(\.finding)))
            case .raised: parts.append("\(these.count) worse")
            case .lowered: parts.append("\(these.count) milder")
            case .resolved: parts.append("\(these.count) resolved")
            case .flapping: parts.append("\(these.count) flapping")
            case .steady: parts.append("\(these.count) steady")
            }
        }
        return parts.joined(separator: ", ") + "; \(open.count) open"
    }

    /// ` (2 CRITICAL, 1 WARNING)`: the findings by level, worst first.
    static func levels(_ findings: [Finding]) -> String {
        let counts = [CheckState.unknown, .critical, .warning].compactMap { level -> String? in
            let n = findings.filter { $0.level == level }.count
            return n > 0 ? "\(n) \(level.word)" : nil
        }
        return counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))"
    }

    /// 32 hex digits of SHA-256 over the channel, the kind, the state's `sequence` before this
    /// run, each event's key, change and level (and the summary's day): the same for a message
    /// repeated because a killed run did not record it, another for any later message.
    static func id(
        channel: String, kind: NotificationMessage.Kind, sequence: Int, events: [NotificationEvent], day: String = ""
    ) -> String {
        var text = "\(channel)\u{0}\(kind.rawValue)\u{0}\(sequence)\u{0}\(day)"
        for e in events { text += "\u{0}\(e.finding.key)/\(e.change.rawValue)/\(e.finding.level.word)" }
        let digest = SHA256.hash(data: Array(text.utf8))
        return digest.prefix(16).map { byte in
            let hex = Array("0123456789abcdef")
            return String([hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }.joined()
    }
}
