import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import VB365Model
import VB365Support

/// One HTTP response body with what a caller needs to know about it.
struct Reply: Sendable {
    /// The URL as shown in messages (server and path, never a secret).
    var url: String
    var status: Int
    var contentType: String?
    /// The `Retry-After` header, if any.
    var retryAfterHeader: String? = nil
    var body: [UInt8]
}

/// Talks to one VB365 server: TLS as configured, one token for the whole run (refreshed when it
/// expires or a request gets 401, then the request is retried once), retries with exponential
/// backoff and jitter on connection errors, 429, 502, 503 and 504 (honouring `Retry-After`), and a
/// sentence for every failure.
final class APIClient: Sendable {
    let settings: FetchSettings
    let http: HTTPClient
    let tokens: TokenStore
    /// The requests sent, for the closing line.
    let requests = Atomic<Int>(0)
    /// The largest body accepted (a page of 10,000 sessions is about 12 MB).
    static let maximumBody = 64 << 20

    init(settings: FetchSettings) throws(FetchError) {
        self.settings = settings
        var tls = TLSConfiguration.makeClientConfiguration()
        if settings.insecure {
            tls.certificateVerification = .none
        } else if let path = settings.caCertificate {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw FetchError(
                    .localInput,
                    "the CA file \(path) (--ca-cert, or ca-file) cannot be used: it must be a readable file holding PEM certificates (-----BEGIN CERTIFICATE-----)."
                )
            }
            if certificates.isEmpty {
                throw FetchError(.localInput, "the CA file \(path) (--ca-cert, or ca-file) holds no PEM certificate.")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(settings.limits.connectTimeout * 1000)),
                read: .milliseconds(Int64(settings.limits.readTimeout * 1000))),
            connectionPool: .init(
                idleTimeout: .seconds(30),
                concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, settings.limits.concurrency)))
        configuration.httpVersion = .http1Only
        // Fail a connection at once and let `send` decide about retrying (the pool would otherwise
        // keep trying until the connect timeout, so a refused port or a rejected certificate
        // would take that long to report).
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        tokens = TokenStore(credentials: settings.credentials)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    // MARK: - Authentication

    /// Logs in (or, with a token from a file, does nothing). Returns nil when the version is not
    /// served (404), so that `auto` can try the next one.
    func authenticate(_ version: APIVersion) async throws(FetchError) -> Bool {
        switch settings.credentials {
        case .token:
            await tokens.useVersion(version)
            return true
        case .password(let username, let password):
            let reply = try await requestToken(
                version, [("grant_type", "password"), ("username", username), ("password", password)])
            if reply.status == 404 { return false }
            try await acceptToken(reply, grant: "log in as \(username)")
            await tokens.useVersion(version)
            return true
        }
    }

    /// Uses a refresh token, or logs in again when there is none or it was refused.
    func renewToken(after generation: Int) async throws(FetchError) {
        do {
            try await tokens.renew(after: generation) { refresh throws(FetchError) in
                let version = await self.tokens.version ?? .v8
                if let refresh {
                    let reply = try await self.requestToken(
                        version, [("grant_type", "refresh_token"), ("refresh_token", refresh)])
                    if reply.status == 200 { return try self.parseToken(reply) }
                }
                guard case .password(let username, let password) = self.settings.credentials else {
                    throw FetchError(
                        .credentials,
                        "\(self.settings.server) no longer accepts the token (401) and it cannot be refreshed; get a new token or log in with --username."
                    )
                }
                let reply = try await self.requestToken(
                    version, [("grant_type", "password"), ("username", username), ("password", password)])
                try self.checkTokenReply(reply, grant: "log in again as \(username)")
                return try self.parseToken(reply)
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(.credentials, "the token could not be renewed: \(error)")
        }
    }

    /// `POST /vN/token`, form-encoded; from v7 with `disable_antiforgery_token=true`, which a
    /// client that is not a browser needs.
    func requestToken(_ version: APIVersion, _ form: [(String, String)]) async throws(FetchError) -> Reply {
        let fields = version.hasAntiforgery ? form + [("disable_antiforgery_token", "true")] : form
        return try await send(.POST, "/\(version)/token", form: fields)
    }

    func acceptToken(_ reply: Reply, grant: String) async throws(FetchError) {
        try checkTokenReply(reply, grant: grant)
        await tokens.set(try parseToken(reply))
    }

    func checkTokenReply(_ reply: Reply, grant: String) throws(FetchError) {
        switch reply.status {
        case 200: return
        case 400, 401, 403:
            let detail = Self.message(in: reply.body).map { " (the server says: \($0))" } ?? ""
            throw FetchError(
                .credentials,
                "\(settings.server) refused to \(grant)\(detail); check the user name and the password (--password-file or VB365_PASSWORD; in the configuration, password-file or password-env)."
            )
        default:
            throw unusable(reply)
        }
    }

    func parseToken(_ reply: Reply) throws(FetchError) -> TokenStore.Token {
        guard let object = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
            let access = object["access_token"] as? String, !access.isEmpty
        else {
            throw FetchError(
                .malformed,
                "\(reply.url) answered 200 but without an access_token; is \(settings.server) a VB365 REST API?")
        }
        let refresh = object["refresh_token"] as? String
        var lifetime = (object["expires_in"] as? NSNumber)?.doubleValue ?? Seconds.hour
        if !(lifetime > 0) { lifetime = Seconds.hour }
        lifetime = min(lifetime, 366 * Seconds.day)
        return TokenStore.Token(access: access, refresh: refresh, lifetime: lifetime)
    }

    // MARK: - Requests

    /// GETs a path (`/v8/JobSessions?…`) with the token; renews the token once on 401. Any status
    /// other than 200 becomes an error, except 404 when `allowNotFound`.
    func get(_ path: String, allowNotFound: Bool = false) async throws(FetchError) -> Reply? {
        var refusals = 0
        if let expiring = await tokens.expiringGeneration() { try await renewToken(after: expiring) }
        while true {
            let use = await tokens.take()
            let generation = use.generation
            let reply = try await send(.GET, path, token: use.access)
            let renewedMeanwhile = generation != (await tokens.generation)
            switch reply.status {
            case 200:
                try checkJSON(reply)
                await tokens.markWorked()
                return reply
            case 401 where refusals < 5:
                // Another request renewed meanwhile: retry with the new token. Else renew, unless
                // three renewals in a row were refused before any request succeeded: then the
                // server refuses this user, not an expired token.
                refusals += 1
                if renewedMeanwhile { continue }
                if await tokens.unprovenRenewals >= 3 {
                    throw FetchError(
                        .credentials,
                        "\(reply.url) refused the token even after it was renewed (401); check that the user may use the REST API."
                    )
                }
                try await renewToken(after: generation)
            case 401:
                throw FetchError(
                    .credentials,
                    "\(reply.url) refused the token even after it was renewed (401); check that the user may use the REST API."
                )
            case 404 where allowNotFound:
                return nil
            case 404:
                throw FetchError(
                    .badResponse,
                    "\(reply.url) was not found (404)\(Self.message(in: reply.body).map { ": \($0)" } ?? ""); the server may not support this resource in this API version.",
                    url: reply.url, status: 404)
            default:
                throw unusable(reply)
            }
        }
    }

    func checkJSON(_ reply: Reply) throws(FetchError) {
        let type = (reply.contentType ?? "").lowercased()
        if type.isEmpty || type.contains("json") || type.hasPrefix("*/*") { return }
        let first = reply.body.first { !Set<UInt8>([0x20, 0x0A, 0x0D, 0x09]).contains($0) }
        if type.hasPrefix("text/plain"), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return }
        throw FetchError(
            .badResponse,
            "\(reply.url) answered with \(reply.contentType ?? "no content type") instead of JSON; check that \(settings.server) is the VB365 REST API (usually https://HOST:4443) and not a proxy or sign-in page.",
            url: reply.url)
    }

    func unusable(_ reply: Reply) -> FetchError {
        var error = unusableError(reply)
        error.url = reply.url
        error.status = reply.status
        return error
    }

    private func unusableError(_ reply: Reply) -> FetchError {
        let detail = Self.message(in: reply.body).map { ": \($0)" } ?? ""
        switch reply.status {
        case 429, 502, 503, 504:
            return FetchError(
                .unavailable,
                "\(reply.url) still answered \(reply.status) (\(Self.reason(reply.status))) after \(Self.retries(settings.limits.retries))\(detail); try again later."
            )
        case 500..<600:
            return FetchError(.badResponse, "\(reply.url) failed with a server error \(reply.status)\(detail).")
        default:
            return FetchError(
                .badResponse, "\(reply.url) answered \(reply.status) (\(Self.reason(reply.status)))\(detail).")
        }
    }

    static func reason(_ status: Int) -> String {
        HTTPResponseStatus(statusCode: status).reasonPhrase
    }

    /// The `message` (or `error_description`, or a JSON string) of an error body, cleaned up.
    static func message(in body: [UInt8]) -> String? {
        guard !body.isEmpty, let value = try? JSONSerialization.jsonObject(with: Data(body), options: .fragmentsAllowed)
        else { return nil }
        var text: String?
        if let s = value as? String {
            text = s
        } else if let o = value as? [String: Any] {
            text =
                (o["message"] as? String) ?? (o["Message"] as? String) ?? (o["error_description"] as? String)
                ?? (o["error"] as? String)
        }
        guard var t = text?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        while t.hasSuffix(".") { t.removeLast() }
        let cleaned = String(t.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return cleaned.count > 300 ? String(cleaned.prefix(300)) + "…" : cleaned
    }

    /// One request with retries: connection errors, timeouts, 429, 502, 503 and 504 are retried
    /// with exponential backoff and jitter (or the server's `Retry-After`).
    func send(
        _ method: HTTPMethod, _ path: String, form: [(String, String)]? = nil, token: String? = nil
    ) async throws(FetchError) -> Reply {
        let url = settings.server + path
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "User-Agent", value: "vb365-report")
            if let token {
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
            }
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.body = .bytes(ByteBuffer(string: Self.formEncode(form)))
            }
            let outcome: Result<Reply, any Error>
            do {
                requests.add(1, ordering: .relaxed)
                // The read timeout guards each wait for bytes; this deadline only bounds the whole.
                let deadline = Int64(max(300, settings.limits.readTimeout * 5))
                let response = try await http.execute(request, timeout: .seconds(deadline))
                let body = try await response.body.collect(upTo: Self.maximumBody)
                outcome = .success(
                    Reply(
                        url: url, status: Int(response.status.code),
                        contentType: response.headers.first(name: "Content-Type"),
                        retryAfterHeader: response.headers.first(name: "Retry-After"),
                        body: Array(buffer: body)))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let reply)
            where [429, 502, 503, 504].contains(reply.status)
                && (reply.retryAfter ?? 0) > settings.limits.maximumRetryAfter:
                throw FetchError(
                    .unavailable,
                    "\(url) answered \(reply.status) (\(Self.reason(reply.status))) and asks to wait \(Int(reply.retryAfter ?? 0)) s, longer than --max-retry-after allows; try again later."
                )
            case .success(let reply)
            where [429, 502, 503, 504].contains(reply.status) && attempt < settings.limits.retries:
                attempt += 1
                await pause(attempt: attempt, retryAfter: reply)
            case .success(let reply):
                return reply
            case .failure(let error):
                let failure = classify(error, url: url)
                guard failure.retryable, attempt < settings.limits.retries else { throw failure.error }
                attempt += 1
                await pause(attempt: attempt, retryAfter: nil)
            }
        }
    }

    /// Waits before retry `attempt`: `Retry-After` when the server sent one, else 2^(attempt-1)
    /// times the base delay, with jitter between half and all of it.
    func pause(attempt: Int, retryAfter reply: Reply?) async {
        var seconds = min(settings.limits.retryDelay * pow(2, Double(attempt - 1)), settings.limits.maximumRetryDelay)
        seconds *= Double.random(in: 0.5...1.0)
        if let reply, let header = reply.retryAfter {
            // As asked, plus a little jitter so that requests in flight do not return together.
            seconds = header + Double.random(in: 0...0.1) * max(0.5, header)
        }
        try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
    }

    /// `1 retry`, `4 retries`.
    static func retries(_ n: Int) -> String { Formatting.count(n, "retry", plural: "retries") }

    /// `10 s`, `0.25 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    func tlsFailure(_ detail: String) -> FetchError {
        if detail.contains("CERTIFICATE_VERIFY_FAILED") || detail.contains("certificate verify failed") {
            return FetchError(
                .tls,
                "\(settings.server) presented a certificate that is not trusted (it may be self-signed, as VB365 servers often are); give the server's certificate or its CA (--ca-cert FILE.pem, or ca-file), or skip the check (--insecure, or insecure: true)."
            )
        }
        if detail.contains("failedToValidateHostname") || detail.contains("hostname") {
            return FetchError(
                .tls,
                "\(settings.server): the server's certificate is for another host name; use the name in the certificate in the address (--server, or address), or skip the check (--insecure, or insecure: true)."
            )
        }
        return FetchError(
            .tls,
            "the TLS connection to \(settings.server) failed (\(detail)); check that the server speaks HTTPS on that port, or give its CA (--ca-cert, or ca-file)."
        )
    }

    /// `application/x-www-form-urlencoded`.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        func encode(_ s: String) -> String {
            (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
        }
        return pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

extension Reply {
    /// `Retry-After` in seconds: a number of seconds, or an HTTP date (RFC 9110).
    var retryAfter: Double? {
        guard let text = retryAfterHeader?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }
}

/// The run's token: one login, then refreshes; a refresh happens once however many requests got
/// 401 at the same time (`generation` tells a request whether someone renewed already).
actor TokenStore {
    struct Token: Sendable {
        var access: String
        var refresh: String?
        var lifetime: Double
    }

    private(set) var access: String?
    private var refresh: String?
    private var expires: ContinuousClock.Instant?
    private(set) var generation = 0
    private(set) var version: APIVersion?
    private var renewal: Task<Void, any Error>?

    init(credentials: Credentials) {
        if case .token(let access, let refresh) = credentials {
            self.access = access
            self.refresh = refresh
        }
    }

    /// Renewals since a request last succeeded.
    private(set) var unprovenRenewals = 0

    /// The token for one request, with its generation.
    func take() -> (access: String?, generation: Int) {
        (access, generation)
    }

    func useVersion(_ v: APIVersion) { version = v }

    /// A request got its answer: the tokens work.
    func markWorked() { unprovenRenewals = 0 }

    func set(_ token: Token) {
        access = token.access
        refresh = token.refresh ?? refresh
        expires = .now + .seconds(token.lifetime)
        margin = min(60, token.lifetime / 10)
        generation += 1
    }

    private func noteRenewal() { unprovenRenewals += 1 }

    /// The generation of the token when it runs out within `margin` (renew it before use), in
    /// one step, so that two requests cannot both decide to renew the same token twice over.
    func expiringGeneration() -> Int? {
        guard let expires, ContinuousClock.now + .seconds(margin) >= expires else { return nil }
        return generation
    }

    /// How long before its end a token is renewed: a minute, or a tenth of a short lifetime.
    private var margin: Double = 60

    /// Renews the token unless someone already did since `seen`.
    func renew(after seen: Int, _ body: @escaping @Sendable (String?) async throws(FetchError) -> Token) async throws {
        if generation != seen { return }
        if let renewal {
            try await renewal.value
            return
        }
        let refresh = self.refresh
        let task = Task { () async throws -> Void in
            let token = try await body(refresh)
            self.set(token)
            self.noteRenewal()
        }
        renewal = task
        defer { renewal = nil }
        try await task.value
    }
}
