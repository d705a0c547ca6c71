import VB365Model
import VB365SummaryOutput

/// The generic webhook's body, schema version 1 (documented in `docs/notifications.md`): the
/// message's facts as data, unformatted and unescaped beyond JSON, for receivers that are
/// programs; signed when a secret is configured (`WebhookSignature`).
package enum GenericWebhook {
    /// The body's `schemaVersion`: raised only when a member changes meaning or goes away.
    package static let schemaVersion = 1
    /// The body's `type`.
    package static let type = "vb365-report.notification"
    /// The most events, and the most open problems, a body lists; the rest are counted in
    /// `truncated`.
    package static let maximumItems = 1000

    /// The message's one payload, with signature headers when `secret` is given.
    package static func payload(_ message: NotificationMessage, secret: [UInt8]? = nil) -> WebhookPayload {
        let body = FormatSupport.body(document(message))
        guard let secret else { return WebhookPayload(body: body) }
        let headers = WebhookSignature.headers(
            id: message.id, timestamp: WebhookSignature.unixSeconds(message.time), body: body, secret: secret)
        return WebhookPayload(body: body, headers: headers)
    }

    /// The document: the message's members, its events and the problems open.
    static func document(_ message: NotificationMessage) -> JSONValue {
        let siteURL: JSONValue = .optional(message.siteURL) { .string($0) }
        return .object([
            ("schemaVersion", .int(Int64(schemaVersion))),
            ("type", .string(type)),
            ("id", .string(message.id)),
            ("kind", .string(message.kind.rawValue)),
            ("time", .string(message.time.iso8601)),
            ("timeText", .string(message.timeText)),
            ("title", .string(message.title)),
            ("level", .string(message.level.word)),
            ("tool", .string(message.tool)),
            ("siteUrl", siteURL),
            ("events", .array(message.events.prefix(maximumItems).map { event($0, message) })),
            ("open", .array(message.open.prefix(maximumItems).map { finding($0, message) })),
            (
                "truncated",
                .object([
                    ("events", .int(Int64(max(0, message.events.count - maximumItems)))),
                    ("open", .int(Int64(max(0, message.open.count - maximumItems)))),
                ])
            ),
        ])
    }

    /// An event: what changed, and its finding's members.
    static func event(_ event: NotificationEvent, _ message: NotificationMessage) -> JSONValue {
        let finding = event.finding
        return .object([
            ("change", .string(event.change.rawValue)),
            ("key", .string(message.opaqueKeys ? PagerDutyEvents.dedupKey(finding.key) : finding.key)),
            ("subject", .string(finding.subject.rawValue)),
            ("level", .string(finding.level.word)),
            ("previousLevel", .optional(event.previous) { .string($0.word) }),
            ("title", .string(finding.title)),
            ("reasons", .array(finding.reasons.map { .string($0) })),
            ("summary", .string(event.summary)),
            ("server", .optional(finding.server) { .string($0) }),
            ("organization", organization(finding)),
            ("job", .optional(finding.job) { .string($0) }),
            ("since", .optional(event.since) { .string($0.iso8601) }),
            ("occurrences", .int(Int64(event.occurrences))),
            ("url", .optional(message.link(finding.page)) { .string($0) }),
        ])
    }

    /// An open problem: key, subject, level, title, reasons, server, organization, job, url.
    static func finding(_ finding: Finding, _ message: NotificationMessage) -> JSONValue {
        .object([
            ("key", .string(message.opaqueKeys ? PagerDutyEvents.dedupKey(finding.key) : finding.key)),
            ("subject", .string(finding.subject.rawValue)),
            ("level", .string(finding.level.word)),
            ("title", .string(finding.title)),
            ("reasons", .array(finding.reasons.map { .string($0) })),
            ("server", .optional(finding.server) { .string($0) }),
            ("organization", organization(finding)),
            ("job", .optional(finding.job) { .string($0) }),
            ("url", .optional(message.link(finding.page)) { .string($0) }),
        ])
    }

    /// `{"id", "name"}` when the finding belongs to an organization; null otherwise.
    static func organization(_ finding: Finding) -> JSONValue {
        guard finding.organization != nil || finding.organizationID != nil else { return .null }
        return .object([
            ("id", .optional(finding.organizationID) { .string($0) }),
            ("name", .optional(finding.organization) { .string($0) }),
        ])
    }
}
