import Foundation
import Testing
import VB365Notifying
import VB365Support
import VB365TestSupport

/// `WebhookSender` and `WebhookAddress` against a real HTTPS receiver on 127.0.0.1
/// (`webhook_receiver.py`) that plays Teams, Slack, Discord, a generic webhook and PagerDuty,
/// and fails on request.
@Suite("Webhook sending")
struct SenderTests {
    /// The token segment of every test address: it must never appear in an error.
    static let token = "XyZsEcReTtOkEn0123456789"

    /// A sender trusting `receiver`'s certificate, with fast retries.
    func sender(_ receiver: WebhookTestReceiver, timeout: Double = 5, retries: Int = 3) -> WebhookSender {
        WebhookSender(
            caFile: receiver.certificate, timeoutSeconds: timeout, retries: retries, baseDelaySeconds: 0.05,
            maxRetryAfterSeconds: 10)
    }

    /// A JSON payload.
    func payload(_ json: String, headers: [WebhookPayload.Header] = []) -> WebhookPayload {
        WebhookPayload(body: Array(json.utf8), headers: headers)
    }

    /// A valid Slack message.
    static let slack =
        #"{"text":"2 problems opened","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*x*"}}]}"#

    /// The failure `body` throws; records an issue when it throws none or another error.
    func failure(_ body: () async throws -> Void) async -> Failure? {
        do {
            try await body()
            Issue.record("no error")
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            Issue.record("not a Failure: \(error)")
            return nil
        }
    }

    /// The text of `failure` shows no part of the address's secret path.
    func expectNoSecret(_ failure: Failure?, _ receiver: WebhookTestReceiver? = nil) {
        let text = String(describing: failure)
        #expect(!text.contains(Self.token))
        #expect(!text.contains("/services/"))
        #expect(!text.contains("sig="))
        if let receiver { #expect(text.contains("https://127.0.0.1:\(receiver.port)/…")) }
    }

    /// Seconds `body` took.
    func timed(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    // MARK: - Every receiver's success

    @Test("each receiver takes a valid message at once with its own 2xx, and sees our headers")
    func eachReceiverAnswers2xx() async throws {
        let receiver = try WebhookTestReceiver()
        let send = sender(receiver)
        let teams = #"""
            {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,
            "content":{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"x"}]}}]}
            """#
        let pagerduty = #"""
            {"routing_key":"0123456789abcdef0123456789abcdef","event_action":"trigger","dedup_key":"vb365/job/1",
            "payload":{"summary":"Job failed","source":"vbo","severity":"critical"}}
            """#
        let cases: [(String, NotificationChannel.Kind, String, Int)] = [
            ("/teams/workflows/\(Self.token)?api-version=1&sig=\(Self.token)", .teams, teams, 202),
            ("/slack/services/T000/B000/\(Self.token)", .slack, Self.slack, 200),
            ("/discord/webhooks/1/\(Self.token)", .discord, #"{"content":"x","embeds":[{"color":65280}]}"#, 204),
            ("/discord/webhooks/1/\(Self.token)?wait=true", .discord, #"{"content":"x"}"#, 200),
            ("/webhook/\(Self.token)", .webhook, #"{"schemaVersion":1}"#, 200),
            ("/pagerduty/v2/enqueue", .pagerduty, pagerduty, 202),
        ]
        for (path, kind, json, status) in cases {
            let reply = try await send.send(
                payload(json, headers: [.init("webhook-id", "msg_1")]), to: receiver.url(path), channel: "ops",
                kind: kind)
            #expect(reply.status == status, "\(kind)")
            #expect(reply.attempts == 1)
        }
        let requests = try receiver.requests()
        #expect(requests.count == cases.count)
        for request in requests {
            #expect(request.problems.isEmpty, "\(request.path): \(request.problems)")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("User-Agent") == "vb365-report")
            #expect(request.header("webhook-id") == "msg_1")
        }
        let pagerReply = try await send.send(
            payload(pagerduty), to: receiver.url("/pagerduty/v2/enqueue"), channel: "ops", kind: .pagerduty)
        #expect(String(decoding: pagerReply.body, as: UTF8.self).contains(#""dedup_key": "vb365/job/1""#))
    }

    // MARK: - Retries

    @Test("429 with Retry-After: 1 is retried once, after at least a second")
    func retriesAfter429() async throws {
        let receiver = try WebhookTestReceiver()
        var reply: WebhookSender.Reply?
        let seconds = try await timed {
            reply = try await sender(receiver).send(
                payload(Self.slack), to: receiver.url("/slack/fail429-once/T000/B000/\(Self.token)"), channel: "ops",
                kind: .slack)
        }
        #expect(reply?.status == 200)
        #expect(reply?.attempts == 2)
        // Only the lower bound: an upper one is the machine's load, not the sender's behaviour.
        #expect(seconds >= 1, "\(seconds) s")
        #expect(try receiver.requests().map(\.status) == [429, 200])
    }

    @Test("Discord's JSON retry_after is honoured without a Retry-After header")
    func honoursDiscordRetryAfter() async throws {
        let receiver = try WebhookTestReceiver()
        var reply: WebhookSender.Reply?
        let seconds = try await timed {
            reply = try await sender(receiver).send(
                payload(#"{"content":"x"}"#),
                to: receiver.url("/discord/fail429-once-wait0.4-noheader/webhooks/1/\(Self.token)"), channel: "ops",
                kind: .discord)
        }
        #expect(reply?.status == 204)
        #expect(reply?.attempts == 2)
        #expect(seconds >= 0.4, "\(seconds) s")
    }

    @Test("500 once is retried; 503 every time ends with exit 75 after the retries")
    func retriesServerErrors() async throws {
        let receiver = try WebhookTestReceiver()
        let reply = try await sender(receiver).send(
            payload(Self.slack), to: receiver.url("/slack/fail500-once/T000/B000/\(Self.token)"), channel: "ops",
            kind: .slack)
        #expect(reply.status == 200)
        #expect(reply.attempts == 2)
        let failure = await failure {
            _ = try await sender(receiver, retries: 2).send(
                payload(Self.slack), to: receiver.url("/slack/fail503/T000/B000/\(Self.token)"), channel: "ops",
                kind: .slack)
        }
        #expect(failure?.exitStatus == .temporaryFailure)
        #expect(String(describing: failure).contains("answered 503"))
        #expect(String(describing: failure).contains("even after 2 retries"))
        #expect(try receiver.requests().filter { $0.path.contains("fail503") }.count == 3)
        expectNoSecret(failure, receiver)
    }

    @Test("a Retry-After beyond the allowed wait is given up on at once")
    func givesUpOnLongRetryAfter() async throws {
        let receiver = try WebhookTestReceiver()
        let failure = await failure {
            _ = try await sender(receiver).send(
                payload(Self.slack), to: receiver.url("/slack/fail429-wait3600/T000/B000/\(Self.token)"),
                channel: "ops", kind: .slack)
        }
        #expect(failure?.exitStatus == .temporaryFailure)
        #expect(String(describing: failure).contains("asks to wait 3600 s, longer than the 10 s allowed"))
        #expect(try receiver.requests().count == 1)
        expectNoSecret(failure, receiver)
    }

    @Test("an answer slower than the timeout is retried")
    func retriesSlowAnswer() async throws {
        let receiver = try WebhookTestReceiver(slowSeconds: 4)
        var reply: WebhookSender.Reply?
        let seconds = try await timed {
            reply = try await sender(receiver, timeout: 1).send(
                payload(Self.slack), to: receiver.url("/slack/slow/T000/B000/\(Self.token)"), channel: "ops",
                kind: .slack)
        }
        #expect(reply?.status == 200)
        #expect(reply?.attempts == 2)
        // Only the lower bound: an upper one is the machine's load, not the sender's behaviour.
        #expect(seconds >= 1, "\(seconds) s")
    }

    @Test("a connection closed without an answer is retried")
    func retriesClosedConnection() async throws {
        let receiver = try WebhookTestReceiver()
        let reply = try await sender(receiver).send(
            payload(Self.slack), to: receiver.url("/slack/close/T000/B000/\(Self.token)"), channel: "ops",
            kind: .slack)
        #expect(reply.status == 200)
        #expect(reply.attempts == 2)
        #expect(try receiver.requests().map(\.status) == [0, 200])
    }

    // MARK: - Final failures

    @Test("400 is not retried; the error quotes the answer and masks the address")
    func doesNotRetry400() async throws {
        let receiver = try WebhookTestReceiver()
        let failure = await failure {
            _ = try await sender(receiver).send(
                payload(Self.slack), to: receiver.url("/slack/fail400/services/T000/B000/\(Self.token)"),
                channel: "ops", kind: .slack)
        }
        #expect(failure?.exitStatus == .protocolError)
        let text = String(describing: failure)
        #expect(
            text.contains(
                "the Slack channel 'ops' (https://127.0.0.1:\(receiver.port)/…) answered 400: invalid_payload"))
        #expect(!text.contains("/slack/"))
        #expect(try receiver.requests().count == 1)
        expectNoSecret(failure, receiver)
    }

    @Test("404 and a refused signature say what to do, once each")
    func explainsRefusals() async throws {
        let receiver = try WebhookTestReceiver(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let gone = await failure {
            _ = try await sender(receiver).send(
                payload(#"{"content":"x"}"#), to: receiver.url("/discord/fail404/webhooks/1/\(Self.token)"),
                channel: "ops", kind: .discord)
        }
        #expect(gone?.exitStatus == .protocolError)
        #expect(String(describing: gone).contains("no longer exists"))
        expectNoSecret(gone, receiver)
        let unsigned = await failure {
            _ = try await sender(receiver).send(
                payload(#"{"schemaVersion":1}"#), to: receiver.url("/webhook/\(Self.token)"), channel: "siem",
                kind: .webhook)
        }
        #expect(unsigned?.exitStatus == .protocolError)
        #expect(String(describing: unsigned).contains("the webhook 'siem'"))
        #expect(String(describing: unsigned).contains("secret-file"))
        expectNoSecret(unsigned, receiver)
        #expect(try receiver.requests().count == 2)
    }

    @Test("an untrusted certificate fails with exit 77 at once, without retries")
    func refusesUntrustedCertificate() async throws {
        let receiver = try WebhookTestReceiver()
        var failure: Failure?
        let seconds = await timed {
            failure = await self.failure {
                _ = try await WebhookSender(caFile: nil, timeoutSeconds: 5, retries: 3, baseDelaySeconds: 0.05).send(
                    payload(Self.slack), to: receiver.url("/slack/T000/B000/\(Self.token)"), channel: "ops",
                    kind: .slack)
            }
        }
        #expect(failure?.exitStatus == .noPermission)
        #expect(String(describing: failure).contains("not trusted"))
        // No retry storm: one connection, never a retry (counted, not timed).
        _ = seconds
        #expect(try receiver.requests().isEmpty)
        #expect(receiver.connections() == 1)
        expectNoSecret(failure, receiver)
    }

    @Test("a refused connection ends with exit 68 after the retries")
    func reportsRefusedConnection() async throws {
        let receiver = try WebhookTestReceiver()
        let url = receiver.url("/slack/T000/B000/\(Self.token)")
        let certificate = try Data(contentsOf: URL(fileURLWithPath: receiver.certificate))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ca = folder.appendingPathComponent("ca.pem")
        try certificate.write(to: ca)
        receiver.stop()
        let failure = await failure {
            _ = try await WebhookSender(caFile: ca.path, timeoutSeconds: 2, retries: 2, baseDelaySeconds: 0.05).send(
                payload(Self.slack), to: url, channel: "ops", kind: .slack)
        }
        #expect(failure?.exitStatus == .noHost)
        #expect(String(describing: failure).contains("refused the connection, even after 2 retries"))
        expectNoSecret(failure, receiver)
    }

    @Test("a CA file that holds no certificate is reported by name, with exit 66")
    func reportsUnusableCAFile() async throws {
        let failure = await failure {
            _ = try await WebhookSender(caFile: "/nonexistent/ca.pem", timeoutSeconds: 1, retries: 0).send(
                payload(Self.slack), to: "https://127.0.0.1:9/slack/\(Self.token)", channel: "ops", kind: .slack)
        }
        #expect(failure?.exitStatus == .noInput)
        #expect(String(describing: failure).contains("/nonexistent/ca.pem"))
        expectNoSecret(failure)
    }

    // MARK: - Addresses

    /// A file holding `text` with `mode`, in a fresh folder.
    func addressFile(_ text: String, mode: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-addr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("slack.url").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("the address is the file's first line, trimmed; https only, http to this machine")
    func readsAddress() throws {
        let secret = "https://hooks.slack.com/services/T000/B000/\(Self.token)"
        #expect(try WebhookAddress.read(file: addressFile("  \(secret) \nsecond line\n", mode: 0o600)) == secret)
        let local = "http://127.0.0.1:8080/webhook/\(Self.token)"
        #expect(try WebhookAddress.read(file: addressFile(local, mode: 0o600)) == local)
        let plain = try addressFile("http://hooks.example.com/services/\(Self.token)", mode: 0o600)
        let refused = #expect(throws: Failure.self) { try WebhookAddress.read(file: plain) }
        #expect(refused?.exitStatus == .configuration)
        #expect(String(describing: refused).contains(plain))
        #expect(String(describing: refused).contains("http://hooks.example.com/…"))
        expectNoSecret(refused)
        let missing = #expect(throws: Failure.self) { try WebhookAddress.read(file: "/nonexistent/slack.url") }
        #expect(missing?.exitStatus == .noInput)
        let empty = #expect(throws: Failure.self) { try WebhookAddress.read(file: addressFile("\n", mode: 0o600)) }
        #expect(empty?.exitStatus == .noInput)
    }

    @Test("an address file others can read (0644) is refused, naming the file, never the address")
    func refusesReadableAddressFile() throws {
        let path = try addressFile("https://hooks.slack.com/services/T000/B000/\(Self.token)\n", mode: 0o644)
        let failure = #expect(throws: Failure.self) { try WebhookAddress.read(file: path) }
        #expect(failure?.exitStatus == .configuration)
        let text = String(describing: failure)
        #expect(text.contains(path))
        #expect(text.contains("chmod 600"))
        #expect(!text.contains("hooks.slack.com"))
        expectNoSecret(failure)
    }

    @Test("masking keeps the scheme, host and port only")
    func masksAddresses() {
        #expect(
            WebhookAddress.masked("https://hooks.slack.com/services/T0/B0/\(Self.token)") == "https://hooks.slack.com/…"
        )
        #expect(
            WebhookAddress.masked(
                "https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers?sig=\(Self.token)")
                == "https://prod-01.westeurope.logic.azure.com:443/…")
        #expect(WebhookAddress.masked("https://discord.com/api/webhooks/1/\(Self.token)") == "https://discord.com/…")
        #expect(WebhookAddress.masked("https://user:\(Self.token)@example.com/x") == "https://example.com/…")
        #expect(WebhookAddress.masked("http://[::1]:8080/x?\(Self.token)") == "http://[::1]:8080/…")
        #expect(WebhookAddress.masked(Self.token) == "(an address that cannot be read)")
    }

    @Test("Retry-After is read as seconds, as an HTTP date, and from Discord's retry_after")
    func readsRetryAfter() {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(WebhookSender.retryAfter(header: "7", body: [], now: now) == 7)
        let date = "Wed, 18 Nov 2026 11:07:10 GMT"  // now + 30 s
        #expect(WebhookSender.retryAfter(header: date, body: [], now: now) == 30)
        let discord = Array(#"{"message":"You are being rate limited.","retry_after":1.5,"global":false}"#.utf8)
        #expect(WebhookSender.retryAfter(header: nil, body: discord, now: now) == 1.5)
        #expect(WebhookSender.retryAfter(header: "2", body: discord, now: now) == 2)
        #expect(WebhookSender.retryAfter(header: "soon", body: Array("busy".utf8), now: now) == nil)
    }
}
