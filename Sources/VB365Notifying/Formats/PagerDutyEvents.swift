import Crypto
import VB365Model
import VB365SummaryOutput
import VB365Support

/// PagerDuty Events API v2: one event per change, keyed by the finding so that PagerDuty keeps
/// one alert per problem: a problem that opens, rises, falls or flaps triggers (updating the
/// alert already open under its `dedup_key`), and a problem that clears resolves it. A summary
/// sends nothing (PagerDuty already shows what is open); a failed run triggers the `run` alert.
package enum PagerDutyEvents {
    /// The most characters of `payload.summary`.
    package static let maximumSummary = 1024

    /// The payloads of `message`, in the order of its events; `routingKey` is the integration's
    /// key (an empty `routing_key` when nil, which PagerDuty refuses with a 400).
    package static func payloads(_ message: NotificationMessage, routingKey: String?) -> [WebhookPayload] {
        let key = routingKey ?? ""
        switch message.kind {
        case .summary:
            return []
        case .changes, .runFailed:
            // A failed run is one event of its own (`dedupKey("run")`), beside the run's other changes.
            return message.events.map { event($0, message, routingKey: key) }
        }
    }

    /// `vb365-report/` and the first 32 hex digits of the SHA-256 of the finding's key: the same
    /// for the same problem in every run, and no name (nor a tenant's) in PagerDuty's key.
    package static func dedupKey(_ findingKey: String) -> String {
        let digest = SHA256.hash(data: Array(findingKey.utf8))
        return "vb365-report/" + digest.prefix(16).map { Formatting.hex(UInt64($0), digits: 2) }.joined()
    }

    /// `trigger` for a problem open (or flapping), `resolve` for one that cleared.
    static func action(_ event: NotificationEvent) -> String {
        switch event.change {
        case .opened, .raised, .lowered, .flapping: return "trigger"
        case .resolved: return "resolve"
        case .steady: return event.finding.level == .ok ? "resolve" : "trigger"
        }
    }

    /// PagerDuty's severity of a level (an unknown state is an error: the check could not judge).
    static func severity(_ level: CheckState) -> String {
        switch level {
        case .critical: return "critical"
        case .warning: return "warning"
        case .unknown: return "error"
        case .ok: return "info"
        }
    }

    /// The level a trigger reports: the finding's, or the one before when it is OK now (a flap).
    static func level(_ event: NotificationEvent) -> CheckState {
        event.finding.level == .ok ? (event.previous ?? .warning) : event.finding.level
    }

    /// Text from data for PagerDuty, which shows it as plain text: controls and bidirectional
    /// overrides shown as `\u{202E}` (`VisibleText`), cut to `limit` characters.
    static func text(_ raw: String, limit: Int) -> String {
        FormatSupport.clipped(raw, limit: limit) { String($0) }
    }

    /// One event's payload; a resolve carries only what PagerDuty reads of one.
    static func event(
        _ event: NotificationEvent, _ message: NotificationMessage, routingKey: String, summary: String? = nil
    ) -> WebhookPayload {
        let finding = event.finding
        let dedup = dedupKey(finding.key)
        let action = action(event)
        var members: [(String, JSONValue)] = [
            ("routing_key", .string(routingKey)), ("event_action", .string(action)), ("dedup_key", .string(dedup)),
        ]
        if action == "trigger" {
            let detail = event.summary.isEmpty ? (finding.reasons.first ?? "") : event.summary
            let line = summary ?? "[\(level(event).word)] \(finding.title)" + (detail.isEmpty ? "" : ": " + detail)
            members.append(("payload", details(event, message, summary: line)))
            if let link = message.link(finding.page) {
                let linkText = text("Report: " + finding.title, limit: 200)
                members.append(("links", .array([.object([("href", .string(link)), ("text", .string(linkText))])])))
            }
        }
        return WebhookPayload(body: FormatSupport.body(.object(members)), dedupKey: dedup)
    }

    /// The `payload` object of a trigger.
    static func details(_ event: NotificationEvent, _ message: NotificationMessage, summary: String) -> JSONValue {
        let finding = event.finding
        let custom: [(String, JSONValue)] = [
            ("change", .string(event.change.rawValue)),
            ("level", .string(finding.level.word)),
            ("previousLevel", .optional(event.previous) { .string($0.word) }),
            ("reasons", .array(finding.reasons.prefix(20).map { .string(text($0, limit: 1000)) })),
            ("summary", .string(text(event.summary, limit: 1000))),
            ("organization", .optional(finding.organization) { .string(text($0, limit: 500)) }),
            ("since", .optional(event.since) { .string($0.iso8601) }),
            ("occurrences", .int(Int64(event.occurrences))),
            ("message", .string(message.id)),
            ("tool", .string(message.tool)),
        ]
        var members: [(String, JSONValue)] = [
            ("summary", .string(text(summary, limit: maximumSummary))),
            ("source", .string(text(finding.server ?? "vb365-report", limit: 255))),
            ("severity", .string(severity(level(event)))),
            ("timestamp", .string(message.time.iso8601)),
            ("component", .string(text(finding.job ?? finding.subject.rawValue, limit: 255))),
        ]
        if let organization = finding.organization {
            members.append(("group", .string(text(organization, limit: 255))))
        }
        members.append(("class", .string(finding.subject.rawValue)))
        members.append(("custom_details", .object(custom)))
        return .object(members)
    }
}
