import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import VB365Support

/// POSTs a `WebhookPayload` to a receiver (Teams, Slack, Discord, a generic webhook,
/// PagerDuty): TLS always verified (the system's trust store, plus `caFile`), a timeout on the
/// connection and on the whole request, and retries with exponential backoff on connection
/// errors, timeouts, 429 and 5xx, honouring `Retry-After` and Discord's `retry_after`. Never on
/// other 4xx: the message is refused and would be again. Every failure is a `Failure` that names
/// the channel and its masked address, quotes the service's answer and says what to do; the
/// address's path and query, which hold its credential, are never shown.
///
/// Each `send` has its own `HTTPClient` on the shared event loops, shut down before it returns,
/// so a sender holds nothing to close.
package struct WebhookSender: Sendable {
    /// What the receiver answered in the end.
    package struct Reply: Sendable, Equatable {
        /// The 2xx status (Slack 200, Teams 202, Discord 204, PagerDuty 202).
        package var status: Int
        /// Requests made: 1 when the first one was taken.
        package var attempts: Int
        /// The answer's body, at most 64 KB (PagerDuty's `dedup_key`, Discord's message with
        /// `?wait=true`).
        package var body: [UInt8]

        /// Creates a reply.
        package init(status: Int, attempts: Int, body: [UInt8] = []) {
            self.status = status
            self.attempts = attempts
            self.body = body
        }
    }

    /// The PEM file of certificates trusted beside the system's; nil: the system's only.
    package let caFile: String?
    /// Seconds to wait for a connection, and for the whole of each request.
    package let timeoutSeconds: Double
    /// Retries after a connection error, a timeout, 429 or 5xx (so at most `retries + 1` requests).
    package let retries: Int
    /// The first retry's delay; each next one doubles it, with up to 10% jitter.
    package let baseDelaySeconds: Double
    /// The longest `Retry-After` honoured; a service that asks for longer is given up on.
    package let maxRetryAfterSeconds: Double
    /// The certificates of `caFile`, or why they cannot be used (reported by `send`).
    let trust: Result<[NIOSSLCertificate], Failure>
    /// The most of an answer's body kept.
    static let maximumBody = 64 << 10

    /// Creates a sender; a `caFile` that cannot be used is reported by `send`.
    package init(
        caFile: String?, timeoutSeconds: Double, retries: Int, baseDelaySeconds: Double = 1,
        maxRetryAfterSeconds: Double = 120
    ) {
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : 30
        self.retries = max(0, retries)
        self.baseDelaySeconds = max(0, baseDelaySeconds)
        self.maxRetryAfterSeconds = max(0, maxRetryAfterSeconds)
        trust = Self.loadTrust(caFile)
    }

    /// The certificates of `caFile` (none without one), or a failure that names the file.
    static func loadTrust(_ caFile: String?) -> Result<[NIOSSLCertificate], Failure> {
        guard let caFile else { return .success([]) }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            return .failure(
                Failure(
                    .noInput, path: caFile, "the CA file (ca-file) cannot be used",
                    advice: "it must be a readable file holding PEM certificates (-----BEGIN CERTIFICATE-----)"))
        }
        if certificates.isEmpty {
            return .failure(
                Failure(
                    .noInput, path: caFile, "the CA file (ca-file) holds no PEM certificate",
                    advice: "give the receiver's certificate or its CA, in PEM"))
        }
        return .success(certificates)
    }

    /// POSTs `payload` to `url` for the channel named `channel` of `kind`, retrying as the type
    /// says; returns the 2xx answer, or throws a `Failure` that never shows the URL's path.
    package func send(
        _ payload: WebhookPayload, to url: String, channel: String, kind: NotificationChannel.Kind
    ) async throws(Failure) -> Reply {
        let target = Target(channel: channel, kind: kind, url: url)
        let certificates = try trust.get()
        guard let components = URLComponents(string: url), ["https", "http"].contains(components.scheme ?? ""),
            components.host?.isEmpty == false
        else {
            throw Failure(
                .configuration, "the address of \(target.name) is not a web address",
                advice: "write the https:// address the service gave on the first line of the channel's address-file")
        }
        let http = makeClient(certificates)
        let outcome: Result<Reply, Failure>
        do {
            outcome = .success(try await deliver(payload, to: url, target: target, http: http))
        } catch {
            outcome = .failure(error)
        }
        try? await http.shutdown()
        return try outcome.get()
    }

    /// A client for one `send`: verified TLS, no redirects, the timeouts, and a connection that
    /// fails at once (so that `deliver` decides about retrying, and a rejected certificate is
    /// reported at once).
    func makeClient(_ certificates: [NIOSSLCertificate]) -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if !certificates.isEmpty {
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        let milliseconds = Int64(timeoutSeconds * 1000)
        // A connection given up on (a timeout) is closed without waiting long for the service's
        // goodbye (`close_notify`): a stuck service would otherwise hold `send` for seconds.
        tls.shutdownTimeout = .milliseconds(min(milliseconds, 500))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(milliseconds), read: .milliseconds(milliseconds)),
            connectionPool: .init(idleTimeout: .seconds(30)))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The request for `payload`: JSON, our user agent, then the payload's own headers.
    func request(_ payload: WebhookPayload, to url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "vb365-report")
        for header in payload.headers {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: payload.body))
        return request
    }

    /// Sends until an answer is final, a failure is not worth retrying, or the retries are spent.
    func deliver(
        _ payload: WebhookPayload, to url: String, target: Target, http: HTTPClient
    ) async throws(Failure) -> Reply {
        var attempt = 0
        while true {
            attempt += 1
            let step: Step
            do {
                let answer = try await exchange(request(payload, to: url), http: http)
                step = judge(answer, attempt: attempt, target: target)
            } catch {
                step = classify(error, target: target)
            }
            switch step {
            case .done(let status, let body):
                return Reply(status: status, attempts: attempt, body: body)
            case .fail(let failure):
                throw failure
            case .retry(let failure, let wait):
                guard attempt <= retries else { throw failure.afterRetries(retries) }
                let seconds = wait ?? backoff(retry: attempt)
                do {
                    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                } catch {
                    throw Failure(.temporaryFailure, "sending to \(target.name) was cancelled")
                }
            }
        }
    }

    /// One request and its answer (the body's first 64 KB).
    func exchange(_ request: HTTPClientRequest, http: HTTPClient) async throws -> Answer {
        let response = try await http.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
        var body: [UInt8] = []
        for try await chunk in response.body where body.count < Self.maximumBody {
            body += chunk.readableBytesView.prefix(Self.maximumBody - body.count)
        }
        return Answer(
            status: Int(response.status.code), retryAfterHeader: response.headers.first(name: "Retry-After"),
            body: body)
    }

    /// The wait before retry `retry` (from 1): the base delay doubled each time, capped by
    /// `maxRetryAfterSeconds`, plus up to 10% jitter.
    func backoff(retry: Int) -> Double {
        let plain = min(
            baseDelaySeconds * pow(2, Double(max(0, retry - 1))), max(baseDelaySeconds, maxRetryAfterSeconds))
        return plain * (1 + Double.random(in: 0..<0.1))
    }

    // MARK: - Answers

    /// What to do after an answer.
    enum Step {
        /// A 2xx: sent.
        case done(status: Int, body: [UInt8])
        /// Worth another try, after `wait` seconds (nil: the backoff); `failure` if none is left.
        case retry(RetryableFailure, wait: Double?)
        /// Final.
        case fail(Failure)
    }

    /// A failure that a retry may cure: its status, and its words once the retries are spent.
    struct RetryableFailure {
        /// The exit status once the retries are spent.
        var status: ExitStatus
        /// What happened, before `, even after N retries`.
        var message: String
        /// What to do about it.
        var advice: String

        /// The failure to report after `retries` retries.
        func afterRetries(_ retries: Int) -> Failure {
            let after = retries > 0 ? ", even after \(Formatting.count(retries, "retry", plural: "retries"))" : ""
            return Failure(status, message + after, advice: advice)
        }
    }

    /// An HTTP answer.
    struct Answer {
        /// The HTTP status.
        var status: Int
        /// The `Retry-After` header, if any.
        var retryAfterHeader: String?
        /// The body's first 64 KB.
        var body: [UInt8]
    }

    /// Whether an answer is sent, to be retried, or refused.
    func judge(_ answer: Answer, attempt: Int, target: Target) -> Step {
        let status = answer.status
        let said = target.answered(status, answer.body)
        switch status {
        case 200..<300:
            return .done(status: status, body: answer.body)
        case 429, 500..<600:
            let wait = Self.retryAfter(header: answer.retryAfterHeader, body: answer.body, now: Date())
            if let wait, wait > maxRetryAfterSeconds {
                return .fail(
                    Failure(
                        .temporaryFailure,
                        "\(said), and asks to wait \(Self.seconds(wait)), longer than the \(Self.seconds(maxRetryAfterSeconds)) allowed",
                        advice: status == 429
                            ? "the channel gets more messages than the service allows; send fewer (a higher level, fewer channels) and try again later"
                            : "the service is down for a while; try again later"))
            }
            let advice =
                status == 429
                ? "the service limits how often it may be sent to; try again later, and send less often if it keeps happening"
                : "the service failed; try again later, and check the service's status page if it keeps happening"
            return .retry(RetryableFailure(status: .temporaryFailure, message: said, advice: advice), wait: wait)
        case 300..<400:
            return .fail(
                Failure(
                    .protocolError, "\(said) (a redirect, which webhooks do not send)",
                    advice: "check the address in the channel's address-file; write the one the service gave"))
        default:
            return .fail(Failure(.protocolError, said, advice: target.advice(status)))
        }
    }

    /// How long a 429 or 5xx asks to wait: `Retry-After` (seconds, or an HTTP date) or the JSON
    /// body's `retry_after` (Discord, float seconds), the longer of the two; nil when neither.
    package static func retryAfter(header: String?, body: [UInt8], now: Date) -> Double? {
        var waits: [Double] = []
        if let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
                waits.append(seconds)
            } else {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
                if let date = formatter.date(from: text) { waits.append(max(0, date.timeIntervalSince(now))) }
            }
        }
        if body.first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let seconds = (object["retry_after"] as? NSNumber)?.doubleValue, seconds.isFinite, seconds >= 0
        {
            waits.append(seconds)
        }
        return waits.max()
    }

    /// `10 s`, `0.25 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}

// MARK: - Transport errors, in words

extension WebhookSender {
    /// A transport error as a step: our own words (an HTTP client's description may hold the
    /// URL, so it is never shown), and whether to retry.
    func classify(_ error: any Error, target: Target) -> Step {
        let name = target.name
        let timeout = Self.seconds(timeoutSeconds)
        if error is CancellationError {
            return .fail(Failure(.temporaryFailure, "sending to \(name) was cancelled"))
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout, .tlsHandshakeTimeout:
                return .retry(
                    RetryableFailure(
                        status: .noHost, message: "\(name) did not accept a connection within \(timeout)",
                        advice: "check the address's host and port, and any proxy or firewall on the way"), wait: nil)
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                return .retry(
                    RetryableFailure(
                        status: .temporaryFailure, message: "\(name) did not answer within \(timeout)",
                        advice:
                            "the service may be overloaded (a message may have arrived more than once); try again later, or raise the channel's timeout"
                    ), wait: nil)
            case .remoteConnectionClosed:
                return .retry(closedEarly(name), wait: nil)
            case .invalidURL, .emptyHost, .emptyScheme:
                return .fail(
                    Failure(
                        .configuration, "the address of \(name) is not usable",
                        advice: "write the https:// address the service gave in the channel's address-file"))
            case .cancelled:
                return .fail(Failure(.temporaryFailure, "sending to \(name) was cancelled"))
            default:
                break
            }
        }
        if let parser = error as? HTTPParserError {
            if parser == .invalidEOFState { return .retry(closedEarly(name), wait: nil) }
            return .fail(
                Failure(
                    .protocolError, "\(name) answered with something that is not HTTP",
                    advice: "check that the address is the webhook's, as the service gave it"))
        }
        if let failure = tlsFailure(error, name: name) { return .fail(failure) }
        return connectionFailure(error, name: name)
    }

    /// The connection ended before an answer.
    func closedEarly(_ name: String) -> RetryableFailure {
        RetryableFailure(
            status: .temporaryFailure, message: "\(name) closed the connection without answering",
            advice: "the service or a proxy on the way failed; try again later")
    }

    /// A TLS failure, never retried: an untrusted certificate, another host's, or a handshake
    /// that failed; nil when `error` is not about TLS.
    func tlsFailure(_ error: any Error, name: String) -> Failure? {
        let text = "\(error)"
        let isTLS =
            error is NIOSSLError || error is NIOSSLExtraError || String(describing: type(of: error)).contains("SSL")
            || text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate")
        guard isTLS else { return nil }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return Failure(
                .noPermission, "\(name) presented a certificate that is not trusted",
                advice:
                    "if a proxy inspects TLS, give its CA in the channel's ca-file (PEM); the certificate is always checked"
            )
        }
        if text.contains("failedToValidateHostname") || text.contains("hostname") {
            return Failure(
                .noPermission, "\(name) presented a certificate for another host name",
                advice: "check the address's host name, and any proxy on the way")
        }
        return Failure(
            .noPermission, "the TLS connection to \(name) failed",
            advice: "check that the address is https:// and the port speaks TLS; give a proxy's CA in ca-file")
    }

    /// A socket error (refused, reset, no route, an unknown host), retried.
    func connectionFailure(_ error: any Error, name: String) -> Step {
        let reach = "check the address's host and port, the DNS, and any proxy or firewall on the way"
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED:
                return .retry(
                    RetryableFailure(status: .noHost, message: "\(name) refused the connection", advice: reach),
                    wait: nil)
            case ECONNRESET, EPIPE:
                return .retry(closedEarly(name), wait: nil)
            default:
                let reason = String(cString: strerror(io.errnoCode)).lowercased()
                return .retry(
                    RetryableFailure(status: .noHost, message: "\(name) cannot be reached (\(reason))", advice: reach),
                    wait: nil)
            }
        }
        let text = "\(error)"
        if text.contains("onnection refused") {
            return .retry(
                RetryableFailure(status: .noHost, message: "\(name) refused the connection", advice: reach), wait: nil)
        }
        if let e = error as? ChannelError, case .connectTimeout = e {
            return .retry(
                RetryableFailure(
                    status: .noHost,
                    message: "\(name) did not accept a connection within \(Self.seconds(timeoutSeconds))",
                    advice: reach), wait: nil)
        }
        let unresolved = text.contains("UnknownHost") || text.contains("NXDOMAIN") || text.contains("getaddrinfo")
        let what = unresolved ? "its host name cannot be resolved" : "\(type(of: error))"
        return .retry(
            RetryableFailure(status: .noHost, message: "\(name) cannot be reached (\(what))", advice: reach), wait: nil)
    }
}

// MARK: - Naming the channel

extension WebhookSender {
    /// The channel as errors name it, and the secret parts of its address to keep out of them.
    struct Target {
        /// `the Slack channel 'ops' (https://hooks.slack.com/…)`.
        var name: String
        /// The kind of receiver, for the advice.
        var kind: NotificationChannel.Kind
        /// The address's path, query and their longer parts: never shown, even when an answer
        /// quotes them.
        var secrets: [String]

        /// Names the channel `channel` of `kind` at `url`.
        init(channel: String, kind: NotificationChannel.Kind, url: String) {
            let what: String
            switch kind {
            case .teams, .slack, .discord: what = "\(kind.displayName) channel"
            case .webhook: what = "webhook"
            case .pagerduty: what = "PagerDuty service"
            }
            let shown = VisibleText.escapingUnsafe(channel, forXML: false)
            name = "the \(what) '\(shown)' (\(WebhookAddress.masked(url)))"
            self.kind = kind
            var secrets = [url]
            if let components = URLComponents(string: url) {
                let path = components.percentEncodedPath
                let query = components.percentEncodedQuery ?? ""
                secrets += [path + (query.isEmpty ? "" : "?" + query), path, query]
                secrets += path.split(separator: "/").map(String.init).filter { $0.count >= 6 }
                secrets += (components.queryItems ?? []).compactMap(\.value).filter { $0.count >= 6 }
                secrets += secrets.compactMap { $0.removingPercentEncoding }
            }
            self.secrets = Array(Set(secrets.filter { $0.count > 1 })).sorted { $0.count > $1.count }
        }

        /// `the Slack channel 'ops' (…) answered 400: invalid_payload`.
        func answered(_ status: Int, _ body: [UInt8]) -> String {
            let quote = quoted(body)
            if quote.isEmpty {
                return "\(name) answered \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)"
            }
            return "\(name) answered \(status): \(quote)"
        }

        /// The body's first 300 characters, control characters removed, the address's secret
        /// parts cut out.
        func quoted(_ body: [UInt8]) -> String {
            var text = String(decoding: body.prefix(16 << 10), as: UTF8.self)
            for secret in secrets where text.contains(secret) {
                text = text.replacingOccurrences(of: secret, with: "…")
            }
            let cleaned = String(
                String.UnicodeScalarView(text.unicodeScalars.map { VisibleText.isUnsafe($0) ? " " : $0 }))
            let words = cleaned.split(whereSeparator: { $0 == " " }).joined(separator: " ")
            return words.count > 300 ? String(words.prefix(300)) + "…" : words
        }

        /// What to do about a 4xx (other than 429) the service answered.
        func advice(_ status: Int) -> String {
            let file = "the channel's address-file"
            switch status {
            case 401, 403:
                if kind == .webhook {
                    return
                        "the receiver refused the request's credential; check the address in \(file) and that the channel's secret-file holds the receiver's secret"
                }
                return
                    "the service refused the address's credential; make a new webhook (or integration key) and write it in \(file)"
            case 404, 410:
                return
                    "the webhook no longer exists (deleted, or its channel archived); make a new one and write its address in \(file)"
            case 413:
                return "the message is larger than the service takes; please report this, with the service's answer"
            default:
                return
                    "the service refused the message, and would again, so it is not retried; check the address in \(file), and report this with the service's answer if it keeps happening"
            }
        }
    }
}
