import Foundation
import VB365Model
import VB365Rendering
import VB365Statistics

/// Masks organization names, user names (`DOMAIN\user`), host and server names, and e-mail
/// addresses before anything is written, consistently: the same name always becomes the same
/// mask (`organization-1`, `host-2.invalid`, `user-3@example.invalid`, `DOMAIN-1\user-4`), so a
/// report still reads. Job names are kept, with any organization name in them masked.
public struct Redactor {
    private var masks: [String: String] = [:]
    private var counters: [String: Int] = [:]
    /// Each organization name as a whole-word pattern with its mask, longest name first:
    /// compiled once, as `text` runs on every log line.
    private var organizations: [(name: String, pattern: NSRegularExpression, mask: String)] = []

    /// Creates a redactor with no masks yet.
    public init() {}

    static let email = try! NSRegularExpression(
        pattern: #"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)+"#)
    static let url = try! NSRegularExpression(
        pattern: #"(?i)\b([a-z][a-z0-9+.\-]*://)([^/\s:?#'"<>]+)((?::\d+)?)((?:/[^\s?#'"<>]*)?)"#)
    static let account = try! NSRegularExpression(pattern: #"\b([A-Za-z0-9][A-Za-z0-9.\-]*)\\([A-Za-z0-9._$\-]+)"#)
    /// Host names: two dots or more, or one dot and a common top-level domain (so that
    /// `backup.admin` stays, but `vbo.corp.local` and `contoso.com` go).
    static let host = try! NSRegularExpression(
        pattern:
            #"(?i)\b(?:(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.){2,}[a-z]{2,63}|[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.(?:com|net|org|local|lan|corp|internal|int|io|de|uk|fr|nl|ch|at|eu|us|ca|au))\b"#
    )
    static let ipv4 = try! NSRegularExpression(pattern: #"\b(?:\d{1,3}\.){3}\d{1,3}\b"#)

    mutating func mask(_ value: String, kind: String, _ make: (Int) -> String) -> String {
        let key = kind + "\u{0}" + value.lowercased()
        if let known = masks[key] { return known }
        let n = (counters[kind] ?? 0) + 1
        counters[kind] = n
        let made = make(n)
        masks[key] = made
        return made
    }

    /// An organization's name.
    public mutating func organization(_ name: String) -> String {
        let isNew = masks["organization\u{0}" + name.lowercased()] == nil
        let masked = mask(name, kind: "organization") { "organization-\($0)" }
        if isNew, !name.isEmpty,
            let pattern = try? NSRegularExpression(
                pattern: "(?i)(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: name)
                    + "(?![\\p{L}\\p{N}])")
        {
            organizations.append((name.lowercased(), pattern, masked))
            organizations.sort { ($0.name.count, $0.name) > ($1.name.count, $1.name) }
        }
        return masked
    }

    /// Free text (a log line, a job name): addresses, URLs' hosts, accounts, host names and IP
    /// addresses masked, and every organization name seen so far.
    public mutating func text(_ text: String) -> String {
        // Addresses and URLs first, so that an organization named like a domain
        // (`fabrikam.onmicrosoft.com`) does not leave half an address behind.
        var out = replace(Self.email, in: text) { r, m in
            r.mask(m[0], kind: "email") { "mail-\($0)@example.invalid" }
        }
        out = replace(Self.url, in: out) { r, m in
            let host = r.mask(m[2], kind: "host") { "host-\($0).invalid" }
            // Keep the kind of path (`/sites/`, `/personal/`, `/teams/`) and mask the names in it.
            let segments = m[4].split(separator: "/", omittingEmptySubsequences: false)
            let path = segments.enumerated().map { i, segment -> String in
                let known = ["", "sites", "personal", "teams", "_layouts", "v8", "v7", "v6"]
                if i == 0 || known.contains(segment.lowercased()) { return String(segment) }
                return r.mask(String(segment), kind: "path") { "name-\($0)" }
            }.joined(separator: "/")
            return m[1] + host + m[3] + path
        }
        out = replace(Self.account, in: out) { r, m in
            r.mask(m[1], kind: "domain") { "DOMAIN-\($0)" } + "\\" + r.mask(m[2], kind: "account") { "account-\($0)" }
        }
        out = replace(Self.ipv4, in: out) { r, m in
            r.mask(m[0], kind: "ip") { "192.0.2.\($0 % 250 + 1)" + ($0 > 250 ? "-\($0 / 250)" : "") }
        }
        out = replace(Self.host, in: out) { r, m in
            m[0].hasSuffix(".invalid") ? m[0] : r.mask(m[0], kind: "host") { "host-\($0).invalid" }
        }
        // Organization names last, as whole words, longest first.
        for (_, pattern, masked) in organizations {
            out = pattern.stringByReplacingMatches(
                in: out, range: NSRange(out.startIndex..., in: out),
                withTemplate: NSRegularExpression.escapedTemplate(for: masked))
        }
        return out
    }

    /// Replaces each match with what `make` returns for its groups (group 0 is the whole match).
    mutating func replace(
        _ pattern: NSRegularExpression, in text: String, _ make: (inout Redactor, [String]) -> String
    ) -> String {
        let ns = text as NSString
        var out = ""
        var last = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            var groups: [String] = []
            for g in 0..<match.numberOfRanges {
                let r = match.range(at: g)
                groups.append(r.location == NSNotFound ? "" : ns.substring(with: r))
            }
            out += make(&self, groups)
            last = match.range.location + match.range.length
        }
        return out + ns.substring(from: last)
    }

    /// The input with every organization, name, user, host and address masked.
    public mutating func redact(_ input: ReportInput) -> ReportInput {
        var result = input
        var summary = input.summary
        for i in summary.organizations.indices {
            summary.organizations[i].name = organization(summary.organizations[i].name)
        }
        for i in summary.jobs.indices { summary.jobs[i].name = text(summary.jobs[i].name) }
        func clean(_ facts: inout [SessionFacts]) {
            for i in facts.indices {
                for j in facts[i].attentionLog.indices {
                    facts[i].attentionLog[j].message = text(facts[i].attentionLog[j].message)
                }
            }
        }
        clean(&summary.sessions)
        clean(&summary.history)
        result.summary = summary
        var logs: [EntityID: [LogItem]] = [:]
        for id in input.logItems.keys.sorted() {
            logs[id] = input.logItems[id]!.map { item in
                var copy = item
                copy.message = text(item.message)
                return copy
            }
        }
        result.logItems = logs
        return result
    }
}
