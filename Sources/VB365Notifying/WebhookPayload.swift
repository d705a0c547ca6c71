/// One HTTP POST to a receiver: a JSON body and the headers beside `Content-Type:
/// application/json` (a generic webhook's signature). Built by the formats
/// (`NotificationFormat`), sent by `WebhookSender`.
package struct WebhookPayload: Sendable, Equatable {
    /// The JSON body, UTF-8.
    package var body: [UInt8]
    /// Extra headers, in order (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
    package var headers: [Header]
    /// For PagerDuty: the event's `dedup_key`; nil otherwise. Lets logs and tests name the event.
    package var dedupKey: String?

    /// A header's name and value.
    package struct Header: Sendable, Equatable {
        package var name: String
        package var value: String

        /// Creates a header.
        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a payload.
    package init(body: [UInt8], headers: [Header] = [], dedupKey: String? = nil) {
        self.body = body
        self.headers = headers
        self.dedupKey = dedupKey
    }
}
