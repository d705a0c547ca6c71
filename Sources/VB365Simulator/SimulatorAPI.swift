import Foundation
import NIOConcurrencyHelpers
import VB365Generation
import VB365Model
import VB365Support

/// Faults the simulator injects, each chosen by a flag, so that a client's handling of each can
/// be tested.
package struct Faults: Sendable {
    /// Every access token stops working after this many data requests (then 401).
    package var expireTokenAfterRequests: Int?
    /// The first N requests to `/token` get 429 with `Retry-After`.
    package var throttleTokenRequests = 0
    /// The `Retry-After` seconds sent with 429 and 503.
    package var retryAfterSeconds = 1
    /// The first N data requests get `failStatus`.
    package var failRequests = 0
    /// The status for `failRequests`: 500, 502, 503 or 504.
    package var failStatus = 503
    /// Every response is delayed by this much.
    package var delayMilliseconds = 0
    /// The first N data responses stop half-way and the connection closes.
    package var cutBodies = 0
    /// Every list body is cut in half (with a matching Content-Length): malformed JSON.
    package var brokenJSON = false
    /// Data requests get an HTML page (text/html), as from a reverse proxy's login page.
    package var wrongContentType = false
    /// `next` links point back at the same page.
    package var loopingNext = false
    /// Processed objects carry only `id`, `type` and `status`, no `_links` (the specification
    /// leaves them optional).
    package var bareProcessedObjects = false
    /// Lists answer from their start whatever `offset` asks for, as some builds and proxies do.
    package var ignoreOffset = false
    /// Resources refused with a status, as a restricted account, a proxy or an older build
    /// refuses them: keyed by `organizations`, `jobs`, `copyjobs`, `jobsessions` (the lists),
    /// `organizations/{id}`, `jobs/{id}`, `copyjobs/{id}` (one entity), `backuprepositories`,
    /// `proxies`, `license`, `serviceinstance`, `organizations/{id}/licensinginformation`,
    /// `jobsessions/{id}/processedobjects` and `organizations/{id}/users/{id}` (and `groups`,
    /// `sites`, `teams`), the protection lists (`protectionRefusable`), and `restoresessions`,
    /// `restoresessions/{id}` and `restoresessions/{id}/events`, in lower case.
    package var refusals: [String: Int] = [:]

    /// The protection lists `refusals` may name: an organization's objects, a repository's backup
    /// data, licensed users, job items, restore points and (v8) protected objects.
    package static let protectionRefusable: [String] = [
        "organizations/{id}/users", "organizations/{id}/groups", "organizations/{id}/sites",
        "organizations/{id}/teams", "organizations/{id}/usedrepositories", "backuprepositories/{id}/userdata",
        "backuprepositories/{id}/groupdata", "backuprepositories/{id}/sitedata", "backuprepositories/{id}/teamdata",
        "backuprepositories/{id}/mailboxdata", "backuprepositories/{id}/onedrivedata",
        "backuprepositories/{id}/organizationdata", "licensedusers", "jobs/{id}/selecteditems",
        "jobs/{id}/excludeditems", "restorepoints", "protectedusers", "protectedgroups", "protectedsites",
        "protectedteams",
    ]

    /// The resources `refusals` may name.
    package static let refusable: [String] =
        [
            "organizations", "organizations/{id}", "jobs", "jobs/{id}", "copyjobs", "copyjobs/{id}", "jobsessions",
            "backuprepositories", "proxies", "license", "serviceinstance", "organizations/{id}/licensinginformation",
            "jobsessions/{id}/processedobjects", "organizations/{id}/users/{id}", "organizations/{id}/groups/{id}",
            "organizations/{id}/sites/{id}", "organizations/{id}/teams/{id}", "restoresessions",
            "restoresessions/{id}", "restoresessions/{id}/events",
        ] + protectionRefusable

    /// No faults.
    package init() {}
}

/// An HTTP request as the simulator sees it.
package struct SimulatorRequest: Sendable {
    package var method: String
    /// The request target: path and query.
    package var target: String
    package var headers: [(String, String)]
    package var body: [UInt8]

    /// Creates a request.
    package init(method: String, target: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// What the simulator answers.
package struct SimulatorResponse: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]
    /// Send only the first half of the body, then close the connection.
    package var cut = false

    init(status: Int, contentType: String = "application/json; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.headers = [("Content-Type", contentType)]
        self.body = body
    }

    static func json(_ status: Int, _ text: String) -> SimulatorResponse {
        SimulatorResponse(status: status, body: Array(text.utf8))
    }
}

/// Counters the tests read to check how a client behaved (one login per run, refreshes, …).
package struct SimulatorCounters: Sendable, Equatable {
    package var requests = 0
    package var logins = 0
    package var refreshes = 0
    package var rejectedTokens = 0
    package var paths: [String: Int] = [:]
    /// Requests by resource, named as `Faults.refusals` names them (`organizations/{id}`).
    package var resources: [String: Int] = [:]
    /// The most requests of each resource (named as in `resources`) in flight at once: received
    /// and not yet answered (`SimulatorAPI.track`).
    package var maximumInFlight: [String: Int] = [:]
}

/// The VB365 REST API for versions v1 to v8 over `SimulatorData`: authentication, lists as
/// arrays or pages with each version's links and filters, log items, errors, and faults. Pure
/// request-to-response logic; `SimulatorServer` puts it on the network.
package final class SimulatorAPI: Sendable {
    /// What the simulator serves and how.
    package struct Configuration: Sendable {
        /// The API versions served; others answer 404.
        package var versions: Set<APIVersion> = Set(APIVersion.allCases)
        package var username = "vb365\\admin"
        package var password = "vb365-demo"
        /// Access-token lifetime in seconds (`expires_in`).
        package var tokenLifetime = 3600
        package var faults = Faults()

        /// Creates the default configuration.
        package init() {}
    }

    struct Token {
        var refresh: String
        var uses = 0
        var antiforgeryDisabled: Bool
        var expires: Date
    }

    struct State {
        var tokens: [String: Token] = [:]
        var refreshTokens: Set<String> = []
        var counters = SimulatorCounters()
        var tokenRequests = 0
        var dataRequests = 0
        var cuts = 0
        /// Requests received and not yet answered, by resource.
        var inFlight: [String: Int] = [:]
    }

    package let configuration: Configuration
    package let data: SimulatorData
    private let state = NIOLockedValueBox(State())
    private let base = NIOLockedValueBox("http://127.0.0.1")

    /// Creates the API over `data`.
    package init(data: SimulatorData, configuration: Configuration) {
        self.data = data
        self.configuration = configuration
    }

    /// The base URL that v1–v5 absolute links start with.
    package var baseURL: String {
        get { base.withLockedValue { $0 } }
        set { base.withLockedValue { $0 = newValue } }
    }

    /// What the clients did so far.
    package var counters: SimulatorCounters { state.withLockedValue { $0.counters } }

    /// Counts a request to `target` in flight: `began` when it is received, then not once it is
    /// answered (after any delay), for `SimulatorCounters.maximumInFlight`.
    package func track(_ target: String, began: Bool) {
        let (path, _) = Self.split(target)
        let key = Self.resourceKey(Array(path.split(separator: "/").map { $0.lowercased() }.dropFirst()))
        state.withLockedValue {
            let now = ($0.inFlight[key] ?? 0) + (began ? 1 : -1)
            $0.inFlight[key] = now
            if began { $0.counters.maximumInFlight[key] = max($0.counters.maximumInFlight[key] ?? 0, now) }
        }
    }

    // MARK: - Dispatch

    /// Answers one request.
    package func respond(_ request: SimulatorRequest) -> SimulatorResponse {
        let (path, query) = Self.split(request.target)
        let parts = path.split(separator: "/").map { $0.lowercased() }
        state.withLockedValue {
            $0.counters.requests += 1
            $0.counters.paths[parts.dropFirst().first ?? "", default: 0] += 1
        }
        guard let first = parts.first, first.hasPrefix("v"), let n = Int(first.dropFirst()),
            let version = APIVersion(rawValue: n), configuration.versions.contains(version)
        else {
            return notFound(nil, path)
        }
        let rest = Array(parts.dropFirst())
        state.withLockedValue { $0.counters.resources[Self.resourceKey(rest), default: 0] += 1 }
        if rest == ["token"] {
            guard request.method == "POST" else { return methodNotAllowed(version) }
            return token(version, request)
        }
        // The service instance (v6+) answers anonymous requests with 401, as servers do.
        if rest == ["serviceinstance"] && version < .v6 { return notFound(version, path) }
        guard request.method == "GET" else { return methodNotAllowed(version) }
        if let refusal = authorize(version, request) { return refusal }
        if let fault = injectedFault(version) { return fault }
        if let refusal = refusal(version, rest) { return refusal }
        var response = route(version, rest, query, path: path)
        if response.status == 200 {
            response.cut = state.withLockedValue { s -> Bool in
                guard s.cuts < configuration.faults.cutBodies else { return false }
                s.cuts += 1
                return true
            }
            if configuration.faults.brokenJSON && rest == ["jobsessions"] {
                response.body = Array(response.body.prefix(response.body.count / 2))
            }
        }
        return response
    }

    static func split(_ target: String) -> (String, [String: String]) {
        guard let q = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = kv.first, !name.isEmpty else { continue }
            query[decode(name).lowercased()] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return (String(target[..<q]), query)
    }

    /// Percent-encodes a query value for a link.
    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    static func decode<S: StringProtocol>(_ s: S) -> String {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
    }

    // MARK: - Authentication

    func token(_ version: APIVersion, _ request: SimulatorRequest) -> SimulatorResponse {
        let throttled = state.withLockedValue { s -> Bool in
            s.tokenRequests += 1
            return s.tokenRequests <= configuration.faults.throttleTokenRequests
        }
        if throttled {
            var r = SimulatorResponse.json(429, "\"API calls quota exceeded! maximum admitted 1 per Second.\"")
            r.headers.append(("Retry-After", String(configuration.faults.retryAfterSeconds)))
            return r
        }
        let text = String(decoding: request.body, as: UTF8.self)
        var form: [String: String] = [:]
        if request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true, version >= .v6,
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        {
            for (k, v) in object { form[k.lowercased()] = "\(v)" }
        } else {
            form = Self.split("?" + text).1
        }
        let grant = form["grant_type"] ?? "password"
        let antiforgeryDisabled = version < .v7 || ["true", "1"].contains(form["disable_antiforgery_token"] ?? "")
        switch grant {
        case "password":
            guard form["username"] == configuration.username, form["password"] == configuration.password else {
                return .json(
                    400, #"{"error":"invalid_grant","error_description":"The user name or password is incorrect."}"#)
            }
            state.withLockedValue { $0.counters.logins += 1 }
        case "refresh_token":
            let known = state.withLockedValue { s -> Bool in
                guard let r = form["refresh_token"], s.refreshTokens.remove(r) != nil else { return false }
                s.counters.refreshes += 1
                return true
            }
            guard known else {
                return .json(400, #"{"error":"invalid_grant","error_description":"The refresh token is invalid."}"#)
            }
        default:
            return .json(400, #"{"error":"unsupported_grant_type"}"#)
        }
        let access = "AQAAANCMnd8BFdERjHoAwE_Cl-sB" + Self.randomText(40)
        let refresh = Self.randomText(32)
        let now = Date()
        let expires = now.addingTimeInterval(Double(configuration.tokenLifetime))
        state.withLockedValue {
            $0.tokens[access] = Token(refresh: refresh, antiforgeryDisabled: antiforgeryDisabled, expires: expires)
            $0.refreshTokens.insert(refresh)
        }
        // The OWIN-era servers (v1–v5) write `.issued` and `.expires` as RFC 1123 dates; from v6
        // the published schema says date-time, which is what this sends there.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = version <= .v5 ? "EEE, dd MMM yyyy HH:mm:ss 'GMT'" : "yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'"
        var body = #"{"access_token":"\#(access)","token_type":"bearer","expires_in":\#(configuration.tokenLifetime),"#
        body += #""refresh_token":"\#(refresh)","userName":"\#(Self.jsonEscape(configuration.username))","#
        body += #"".issued":"\#(formatter.string(from: now))",".expires":"\#(formatter.string(from: expires))"}"#
        var r = SimulatorResponse.json(200, body)
        r.headers.append(("Cache-Control", "no-cache"))
        return r
    }

    func authorize(_ version: APIVersion, _ request: SimulatorRequest) -> SimulatorResponse? {
        let header = request.header("Authorization") ?? ""
        let token = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)) : ""
        enum Verdict { case ok, rejected, antiforgery }
        let verdict = state.withLockedValue { s -> Verdict in
            guard var t = s.tokens[token], t.expires > Date() else {
                s.counters.rejectedTokens += 1
                return .rejected
            }
            t.uses += 1
            s.tokens[token] = t
            if let limit = configuration.faults.expireTokenAfterRequests, t.uses > limit {
                s.tokens[token] = nil
                s.counters.rejectedTokens += 1
                return .rejected
            }
            return t.antiforgeryDisabled ? .ok : .antiforgery
        }
        switch verdict {
        case .ok: return nil
        case .rejected:
            var r: SimulatorResponse =
                version <= .v5
                ? .json(401, #"{"Message":"Authorization has been denied for this request."}"#) : .json(401, "")
            r.headers.append(("WWW-Authenticate", "Bearer"))
            return r
        case .antiforgery:
            return .json(
                400,
                #"{"message":"The required antiforgery cookie \".AspNetCore.Antiforgery\" is not present. Request the token with disable_antiforgery_token=true.","errorCode":null}"#
            )
        }
    }

    func injectedFault(_ version: APIVersion) -> SimulatorResponse? {
        let faults = configuration.faults
        let failing = state.withLockedValue { s -> Bool in
            s.dataRequests += 1
            return s.dataRequests <= faults.failRequests
        }
        if failing {
            var r = error(version, faults.failStatus, "The service is temporarily unavailable (simulated fault).")
            if faults.failStatus == 503 { r.headers.append(("Retry-After", String(faults.retryAfterSeconds))) }
            return r
        }
        if faults.wrongContentType {
            return SimulatorResponse(
                status: 200, contentType: "text/html; charset=utf-8",
                body: Array(
                    "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in to continue</form></body></html>"
                        .utf8))
        }
        return nil
    }

    /// The resource a path after `/vN/` names, as `Faults.refusals` names it: `jobs`,
    /// `jobs/{id}`, `jobsessions/{id}/processedobjects`, `organizations/{id}/users/{id}`.
    static func resourceKey(_ rest: [String]) -> String {
        rest.enumerated().map { $0.offset % 2 == 1 ? "{id}" : $0.element }.joined(separator: "/")
    }

    /// The refusal `Faults.refusals` asks for this resource, if any.
    func refusal(_ version: APIVersion, _ rest: [String]) -> SimulatorResponse? {
        let key = Self.resourceKey(rest)
        guard Faults.refusable.contains(key), let status = configuration.faults.refusals[key] else { return nil }
        let message: String
        switch status {
        case 401, 403: message = "Access is denied: the account may not read this resource (simulated fault)."
        case 404: message = "No HTTP resource was found that matches the request URI (simulated fault)."
        default: message = "The resource cannot be served (simulated fault)."
        }
        return error(version, status, message)
    }

    // MARK: - Resources

    func single(_ bytes: some Collection<UInt8>) -> SimulatorResponse {
        SimulatorResponse(status: 200, body: Array(bytes))
    }

    func list(_ encoder: WireEncoder, _ content: WireEncoder.ListContent, _ name: String, _ query: [String: String])
        -> SimulatorResponse
    {
        switch content {
        case .organizations(let all):
            return page(encoder, content, count: all.count, path: encoder.collection(name), query) {
                .organizations(Array(all[$0]))
            }
        case .jobs(let all):
            return page(encoder, content, count: all.count, path: encoder.collection(name), query) {
                .jobs(Array(all[$0]))
            }
        default:
            return page(encoder, content, count: 0, path: encoder.collection(name), query) { _ in content }
        }
    }

    func sessions(_ encoder: WireEncoder, _ query: [String: String], jobID: EntityID?) -> SimulatorResponse {
        let version = encoder.version
        var selected = data.sessions
        var filter: [String] = []
        if let jobID { selected = selected.filter { $0.jobID == jobID } }
        if version >= .v7, let text = query["jobid"] {
            let id = EntityID(text)
            selected = selected.filter { $0.jobID == id }
            filter.append("jobId=\(text)")
        }
        if version >= .v6 {
            if let text = query["endtimelowerbound"] {
                guard case .time(let bound) = TimestampParser.parse(text) else {
                    return error(version, 400, "The value '\(text)' is not valid for endTimeLowerBound.")
                }
                selected = selected.filter { $0.endTime.map { $0 >= bound } ?? true }
                filter.append("endTimeLowerBound=\(text)")
            }
            if let text = query["endtimeupperbound"] {
                guard case .time(let bound) = TimestampParser.parse(text) else {
                    return error(version, 400, "The value '\(text)' is not valid for endTimeUpperBound.")
                }
                selected = selected.filter { $0.endTime.map { $0 <= bound } ?? false }
                filter.append("endTimeUpperBound=\(text)")
            }
            if let text = query["jobtype"] {
                let type = JobType(wire: text)
                selected = selected.filter { ($0.jobType ?? .backup) == type }
                filter.append("jobType=\(text)")
            }
        }
        if version >= .v8, let text = query["status"] {
            // The filter says Succeeded where the response says Success.
            let status = SessionStatus(wire: text.lowercased() == "succeeded" ? "Success" : text)
            selected = selected.filter { $0.status == status }
            filter.append("status=\(text)")
        }
        filter = filter.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return "\(parts[0])=\(Self.encode(String(parts.count > 1 ? parts[1] : "")))"
        }
        let path =
            jobID.map { "\(encoder.collection("Jobs"))/\($0)/\(encoder.collection("JobSessions"))" }
            ?? encoder.collection("JobSessions")
        let all = selected
        return page(
            encoder, .sessions(all), count: all.count, path: path, query, extra: filter.map { "&" + $0 }.joined()
        ) { .sessions(Array(all[$0])) }
    }

    /// The part of a list a request asks for.
    struct PageWindow {
        /// The first item's place, at most the list's length.
        var offset: Int
        /// The page size, 1 to 10,000.
        var limit: Int
        /// The items on the page.
        var range: Range<Int>
        /// The offset the `next` link asks for; nil on the last page.
        var nextOffset: Int?
    }

    /// The part of a list of `count` items that the query asks for: `offset`, and `limit` (30 by
    /// default; a larger one than the documented maximum of 10,000 is capped to it).
    func window(count: Int, _ query: [String: String]) -> PageWindow {
        let asked = configuration.faults.ignoreOffset ? 0 : Int(query["offset"] ?? "") ?? 0
        let offset = min(count, max(0, asked))
        let limit = min(10_000, max(1, Int(query["limit"] ?? "") ?? 30))
        let range = min(offset, count)..<min(count, offset + limit)
        let more = range.upperBound < count
        let nextOffset = configuration.faults.loopingNext ? offset : offset + limit
        return PageWindow(
            offset: offset, limit: limit, range: range,
            nextOffset: more || configuration.faults.loopingNext ? nextOffset : nil)
    }

    /// One page of a list: `offset` and `limit` from the query (30 by default, at most 10,000),
    /// links with the filters kept, and a `next` link while more remain.
    func page(
        _ encoder: WireEncoder, _ content: WireEncoder.ListContent, count: Int, path: String,
        _ query: [String: String], extra: String = "", slice: (Range<Int>) -> WireEncoder.ListContent
    ) -> SimulatorResponse {
        let window = window(count: count, query)
        let selfPath = "\(path)?offset=\(window.offset)&limit=\(window.limit)\(extra)"
        let nextPath = window.nextOffset.map { "\(path)?offset=\($0)&limit=\(window.limit)\(extra)" }
        let body = encoder.page(
            slice(window.range), offset: window.offset, limit: window.limit, selfPath: selfPath, nextPath: nextPath)
        return SimulatorResponse(status: 200, body: body)
    }

    // MARK: - Errors

    func error(_ version: APIVersion, _ status: Int, _ message: String, code: String? = nil) -> SimulatorResponse {
        var body = #"{"message":"\#(Self.jsonEscape(message))""#
        // v7's errorCode enum has only ProxyOffline; v8 has ResourceNotFound and others.
        if version >= .v8, let code {
            body += #","errorCode":"\#(code)""#
        } else if version >= .v7 {
            body += #","errorCode":null"#
        }
        if version >= .v8 { body += #","stackTrace":null"# }
        return .json(status, body + "}")
    }

    func notFound(_ version: APIVersion?, _ path: String) -> SimulatorResponse {
        guard let version else {
            return .json(404, #"{"message":"No HTTP resource was found that matches the request URI."}"#)
        }
        return error(version, 404, "No HTTP resource was found that matches the request URI '\(path)'.")
    }

    func methodNotAllowed(_ version: APIVersion) -> SimulatorResponse {
        error(version, 405, "The requested resource does not support this HTTP method.")
    }

    static func jsonEscape(_ s: String) -> String {
        var out = ""
        Escaping.appendJSON(s, to: &out)
        return out
    }

    static func randomText(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var g = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
    }
}
