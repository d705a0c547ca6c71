/// The payloads of a message for a kind of channel: the one factory over the formats.
package enum NotificationFormat {
    /// What to POST to a channel of `kind` for `message`: one payload for Teams, Slack, Discord
    /// and a generic webhook (signed with `secret` when given), one per event for PagerDuty
    /// (with `routingKey`), none for a PagerDuty summary. Pure: the same message gives the same
    /// bytes.
    package static func payloads(
        for message: NotificationMessage, kind: NotificationChannel.Kind, secret: [UInt8]? = nil,
        routingKey: String? = nil
    ) -> [WebhookPayload] {
        switch kind {
        case .teams: return [TeamsCard.payload(message)]
        case .slack: return [SlackBlocks.payload(message)]
        case .discord: return [DiscordEmbeds.payload(message)]
        case .webhook: return [GenericWebhook.payload(message, secret: secret)]
        case .pagerduty: return PagerDutyEvents.payloads(message, routingKey: routingKey)
        }
    }
}
