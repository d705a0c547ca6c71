import Foundation
import VB365Decoding
import VB365Model
import VB365Reading

/// Reads every page of one list, whatever its shape: a bare array (paged by `offset` while a
/// page is as long as the `limit` asked for) or a page object (following `_links.next`, absolute
/// in v5 and relative from v6, always resolved against `--server`). Stops safely on a next link
/// that loops, a page that repeats an earlier one, or too many pages.
struct ListWalker: Sendable {
    let client: APIClient
    let version: APIVersion
    let pageSize: Int

    enum Step { case next, stop }

    struct Outcome {
        var pages = 0
        var warnings: [String] = []
        /// The list answered 404 (only with `optional`).
        var missing = false
    }

    /// Walks `resource` (`JobSessions`, `Jobs/{id}/JobSessions`, …) under `/vN/`, calling `page`
    /// with each body and what it decoded to. `first` is an answer already in hand for page 1.
    func walk(
        _ resource: String, query: [(String, String)] = [], first: Reply? = nil, name: String,
        optional: Bool = false,
        _ page: (Int, Reply, DecodedDocument) throws(FetchError) -> Step
    ) async throws(FetchError) -> Outcome {
        try await walkBodies(resource, query: query, first: first, name: name, optional: optional) {
            number, reply throws(FetchError) in
            let document = try Self.decode(reply)
            let ids = Self.ids(in: document)
            let count = Self.elementCount(reply.body) ?? ids.count
            return (try page(number, reply, document), ids, count)
        }
    }

    /// Walks `resource` as `walk` does, with `page` reading each body itself: it returns whether
    /// to go on, the ids the page holds (a page of ids all seen before ends the walk) and the
    /// number of elements (which says whether a bare array or an unlinked page has a next one).
    func walkBodies<ID: Hashable>(
        _ resource: String, query: [(String, String)] = [], first: Reply? = nil, name: String,
        optional: Bool = false,
        _ page: (Int, Reply) throws(FetchError) -> (step: Step, ids: Set<ID>, count: Int)
    ) async throws(FetchError) -> Outcome {
        var outcome = Outcome()
        var offset = 0
        var path = Self.path(version, resource, query + [("offset", "0"), ("limit", String(pageSize))])
        var visited: Set<String> = []
        var seen: Set<ID> = []
        var pending = first
        while true {
            visited.insert(path.lowercased())
            let reply: Reply
            if let given = pending {
                reply = given
                pending = nil
            } else if let fetched = try await client.get(path, allowNotFound: optional) {
                reply = fetched
            } else {
                outcome.missing = true
                return outcome
            }
            outcome.pages += 1
            let (step, ids, count) = try page(outcome.pages, reply)
            if step == .stop { return outcome }
            if !ids.isEmpty && ids.isSubset(of: seen) {
                outcome.warnings.append(
                    "\(reply.url) repeated a page already read; stopped reading the \(name) there.")
                return outcome
            }
            seen.formUnion(ids)
            let info = PageInfo(reply.body)
            offset = min(max(0, info.offset ?? offset), 1 << 40) + count
            var nextPath: String?
            if count == 0 {
                // An empty page ends a list, whatever its links say.
                nextPath = nil
            } else if info.isPage {
                if let href = info.next {
                    guard let resolved = Self.resolve(href, version: version) else {
                        outcome.warnings.append(
                            "\(reply.url) links its next page outside the \(version) API (\(Self.clean(href))); stopped reading the \(name) there."
                        )
                        return outcome
                    }
                    nextPath = resolved
                } else if count >= (info.limit ?? pageSize) {
                    nextPath = Self.path(
                        version, resource, query + [("offset", String(offset)), ("limit", String(pageSize))])
                }
            } else if count >= pageSize {
                // A bare array (v1–v4) as long as the `limit` asked for: there may be more.
                nextPath = Self.path(
                    version, resource, query + [("offset", String(offset)), ("limit", String(pageSize))])
            } else {
                // A shorter one is the last: asking on would cost a request, and a server that
                // ignores `offset` would send this page again.
                nextPath = nil
            }
            guard let nextPath else { return outcome }
            if visited.contains(nextPath.lowercased()) {
                outcome.warnings.append(
                    "\(reply.url) links its next page back to a page already read; stopped reading the \(name) there.")
                return outcome
            }
            if outcome.pages >= Fetcher.maximumPages {
                outcome.warnings.append(
                    "the \(name) ran to more than \(Fetcher.maximumPages) pages; stopped there. Raise --page-size.")
                return outcome
            }
            path = nextPath
        }
    }

    /// Decodes a body; a body that is not a VB365 document stops the fetch with the URL and the
    /// line and column of the problem. `file`, the name it is saved under, gives the hints a
    /// reader takes from it (the organization of licensing figures, an object's folder).
    static func decode(_ reply: Reply, as file: String? = nil) throws(FetchError) -> DecodedDocument {
        let (document, diagnostics) = InventoryReader.decode(bytes: reply.body, path: file ?? reply.url)
        if let document, !diagnostics.contains(where: { $0.level == .error }) { return document }
        var problem = diagnostics.first { $0.level == .error }?.description ?? "\(reply.url): unreadable"
        if file != nil { problem = "\(reply.url) (to be saved as \(problem))" }
        throw FetchError(
            .malformed,
            "the server sent a body that cannot be read: \(problem). Nothing from it was saved; run the fetch again, and if it repeats, check the server or any proxy in between."
        )
    }

    /// The number of elements of a bare array, or of a page's `results`; nil when the body has
    /// neither.
    static func elementCount(_ body: [UInt8]) -> Int? {
        body.withUnsafeBytes { raw -> Int? in
            var reader = JSONReader(bytes: raw)
            var count: Int?
            func countElements(_ r: inout JSONReader) throws(JSONError) {
                var n = 0
                try r.readArray { (r: inout JSONReader) throws(JSONError) in
                    n += 1
                    try r.skipValue()
                }
                count = n
            }
            switch try? reader.peekKind() {
            case .array:
                try? countElements(&reader)
            case .object:
                try? reader.readObject { r, key throws(JSONError) in
                    if key.matches("results"), try r.peekKind() == .array {
                        try countElements(&r)
                    } else {
                        try r.skipValue()
                    }
                }
            default: break
            }
            return count
        }
    }

    static func ids(in d: DecodedDocument) -> Set<EntityID> {
        var ids = Set<EntityID>()
        for s in d.sessions { ids.insert(s.id) }
        for j in d.jobs { ids.insert(j.id) }
        for o in d.organizations { ids.insert(o.id) }
        for (i, item) in d.logItems.enumerated() { ids.insert(item.id ?? .text("usn \(item.usn ?? Int64(i))")) }
        return ids
    }

    /// `/v8/JobSessions?offset=0&limit=1000`, with query values percent-encoded.
    static func path(_ version: APIVersion, _ resource: String, _ query: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        let q = query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return "/\(version)/\(resource)" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
    }

    /// The path and query of a next link, which must stay inside `/vN/`; the scheme and host of an
    /// absolute link (v1–v5) are dropped, so the request goes to `--server` and nowhere else.
    static func resolve(_ href: String, version: APIVersion) -> String? {
        var rest = Substring(href)
        if !rest.hasPrefix("/") {
            guard let scheme = rest.range(of: "://") else { return nil }
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        // Only what a URL may hold as it is: no spaces, controls, non-ASCII, `..` or backslashes.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/?&=%:+,;@!$'()*".utf8)
        guard rest.lowercased().hasPrefix("/\(version)/"), !rest.contains(".."), rest.utf8.allSatisfy(allowed.contains)
        else {
            return nil
        }
        return String(rest)
    }

    static func clean(_ text: String) -> String {
        let t = String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
        return t.count > 200 ? String(t.prefix(200)) + "…" : t
    }
}
