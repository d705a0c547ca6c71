import Crypto
import Foundation
import VB365Model
import VB365Support

/// The signatures of a generic webhook's body: Standard Webhooks' (`webhook-id`,
/// `webhook-timestamp`, `webhook-signature`) and GitHub's (`X-Hub-Signature-256`), so a
/// receiver written for either can check that the body is ours and unchanged.
package enum WebhookSignature {
    /// The headers for `body`: `webhook-id` is the message's id (the receiver's idempotency key),
    /// `webhook-timestamp` the message's time in Unix seconds, `webhook-signature` `v1,` and the
    /// base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under `standardKey(secret)`, and
    /// `X-Hub-Signature-256` `sha256=` and the hex HMAC-SHA256 of the body under the secret's
    /// bytes as they are.
    package static func headers(id: String, timestamp: Int64, body: [UInt8], secret: [UInt8]) -> [WebhookPayload.Header]
    {
        [
            WebhookPayload.Header("webhook-id", id),
            WebhookPayload.Header("webhook-timestamp", String(timestamp)),
            WebhookPayload.Header(
                "webhook-signature", standardSignature(id: id, timestamp: timestamp, body: body, secret: secret)),
            WebhookPayload.Header("X-Hub-Signature-256", hubSignature(body: body, secret: secret)),
        ]
    }

    /// `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
    package static func standardSignature(id: String, timestamp: Int64, body: [UInt8], secret: [UInt8]) -> String {
        let signed = Array("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(hmac(signed, key: standardKey(secret))).base64EncodedString()
    }

    /// `sha256=` and the lower-case hex HMAC-SHA256 of `body` (GitHub's `X-Hub-Signature-256`).
    package static func hubSignature(body: [UInt8], secret: [UInt8]) -> String {
        "sha256=" + hmac(body, key: secret).map { Formatting.hex(UInt64($0), digits: 2) }.joined()
    }

    /// Standard Webhooks' key: the base64 after `whsec_` when the secret is written so (as the
    /// spec's libraries take it), else the secret's bytes as they are (also when what follows
    /// `whsec_` is not base64: the same bytes the receiver would have to use).
    package static func standardKey(_ secret: [UInt8]) -> [UInt8] {
        let prefix = Array("whsec_".utf8)
        guard secret.starts(with: prefix),
            let text = String(validating: secret.dropFirst(prefix.count), as: UTF8.self),
            let decoded = Data(base64Encoded: text)
        else { return secret }
        return Array(decoded)
    }

    /// Whole seconds since the Unix epoch of `time`, rounded down.
    package static func unixSeconds(_ time: Timestamp) -> Int64 {
        let ticks = time.ticks
        let perSecond = Timestamp.ticksPerSecond
        return ticks >= 0 ? ticks / perSecond : (ticks - perSecond + 1) / perSecond
    }

    /// HMAC-SHA256 of `message` under `key`.
    static func hmac(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
