import Foundation
import VB365Model
import VB365Rendering
import VB365Statistics

/// Masks organization names, people's names, user names (`DOMAIN\user`), host and server names,
/// and e-mail and IP addresses before anything is written, consistently: the same name always
/// becomes the same mask (`organization-1`, `person-2`, `host-3.invalid`, `host-4`,
/// `mail-5@example.invalid`, `DOMAIN-1\account-6`, `192.0.2.7`, `2001:db8::8`), so a report still
/// reads, and only the name goes: the punctuation around it stays. Job names are kept, with any
/// name or address in them masked.
///
/// What it masks is found by its shape (an address, a URL, `DOMAIN\user`, a machine name after
/// `host`, `server`, `on`, `\\`, ...) and by what the texts read so far named: a person named
/// next to an address (`Jane Doe <jane.doe@…>`, `mailbox Jane Doe (…)`, `user 'Jane Doe'`) is
/// masked wherever the name appears alone too, and so are the mailboxes, accounts and machines
/// seen. `redact` reads every text of the input before masking any.
package struct Redactor {
    /// Masks made so far, by kind and lowercased value.
    private var masks: [String: String] = [:]
    private var counters: [String: Int] = [:]
    /// Each organization name as a whole-word pattern with its mask, longest name first:
    /// compiled once, as `text` runs on every log line.
    private(set) var organizations: [(name: String, pattern: NSRegularExpression, mask: String)] = []
    /// The people, hosts, mailboxes and accounts learned so far.
    var known = KnownNames()
    /// `known`'s people by their first word, for `known.version`.
    private var peopleIndex: (version: Int, index: [String: [[String]]]) = (-1, [:])

    /// Creates a redactor with no masks yet.
    package init() {}

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
    package mutating func organization(_ name: String) -> String {
        let isNew = masks["organization\u{0}" + name.lowercased()] == nil
        let masked = mask(name, kind: "organization") { "organization-\($0)" }
        known.reserve(name)
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

    /// Free text (a log line, a job name): what it names is learned first, then addresses, URLs,
    /// accounts, host names, IP addresses, people and every organization name seen so far are
    /// masked.
    package mutating func text(_ text: String) -> String {
        learn(text)
        return masked(text)
    }

    /// `text` with what the redactor finds in it masked, learning nothing.
    mutating func masked(_ text: String) -> String {
        let ns = text as NSString
        var out = ""
        var last = 0
        for finding in chosen(findings(in: ns)) {
            out += ns.substring(with: NSRange(location: last, length: finding.range.location - last))
            out += replacement(for: finding.what)
            last = NSMaxRange(finding.range)
        }
        return out + ns.substring(from: last)
    }

    /// Of overlapping findings, the one of the highest priority (then the first, then the longest);
    /// in text order.
    func chosen(_ findings: [Finding]) -> [Finding] {
        let ranked = findings.sorted { a, b in
            if a.priority != b.priority { return a.priority < b.priority }
            if a.range.location != b.range.location { return a.range.location < b.range.location }
            return a.range.length > b.range.length
        }
        var accepted: [Finding] = []
        for finding in ranked where finding.range.length > 0 {
            if !accepted.contains(where: { NSIntersectionRange($0.range, finding.range).length > 0 }) {
                accepted.append(finding)
            }
        }
        return accepted.sorted { $0.range.location < $1.range.location }
    }

    /// The mask of one finding.
    mutating func replacement(for what: Finding.What) -> String {
        switch what {
        case .url(let scheme, let rest): return url(scheme: scheme, rest: rest)
        case .email(let address): return email(address)
        case .host(let name): return host(name)
        case .account(let domain, let user):
            return mask(domain, kind: "domain") { "DOMAIN-\($0)" } + "\\" + account(user)
        case .ipv4(let address): return ipv4(address)
        case .ipv6(let address): return ipv6(address)
        case .organization(let masked): return masked
        case .known(let name, let kind):
            switch kind {
            case .person:
                // `Jane Doe` and `Doe, Jane` are one person.
                let words = KnownNames.key(name).split { $0 == " " || $0 == "," }.sorted()
                return mask(words.joined(separator: " "), kind: "person") { "person-\($0)" }
            case .host: return host(name)
            case .account: return account(name)
            case .mailbox:
                guard let address = known.addresses[KnownNames.key(name)] else { return account(name) }
                return String(email(address).prefix { $0 != "@" })
            }
        }
    }

    mutating func email(_ address: String) -> String {
        mask(address, kind: "email") { "mail-\($0)@example.invalid" }
    }

    mutating func account(_ user: String) -> String {
        mask(user, kind: "account") { "account-\($0)" }
    }

    mutating func ipv4(_ address: String) -> String {
        mask(address, kind: "ip") { "192.0.2.\(($0 - 1) % 250 + 1)" + ($0 > 250 ? "-\(($0 - 1) / 250)" : "") }
    }

    /// An IPv6 address (`2001:db8::1`, from the documentation prefix), with its zone (`%eth0`) kept.
    mutating func ipv6(_ address: String) -> String {
        let parts = address.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
        let zone = parts.count > 1 ? "%" + parts[1] : ""
        return mask(String(parts[0]), kind: "ip6") { "2001:db8::" + String($0, radix: 16) } + zone
    }

    /// A host name: `host-1.invalid` with a domain, `host-2` without one (or `host-1` when the
    /// name without a domain is the first part of `host-1.invalid`'s); an IP address as one.
    mutating func host(_ name: String) -> String {
        if Self.isIPv4(name) { return ipv4(name) }
        if name.contains(".") { return mask(name, kind: "host") { "host-\($0).invalid" } }
        let key = "host\u{0}" + name.lowercased()
        if let made = masks[key] { return made }
        if let full = known.fullHostNames[KnownNames.key(name)] {
            let made = String(host(full).dropLast(".invalid".count))
            masks[key] = made
            return made
        }
        return mask(name, kind: "host") { "host-\($0)" }
    }

    /// Path segments that say what kind of place a URL names, kept as they are.
    static let keptPathSegments: Set<String> = [
        "", "sites", "personal", "teams", "_layouts", "_api", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
        "jobs", "jobsessions", "logitems", "organizations", "token", "proxies", "backuprepositories",
    ]

    /// A URL (what follows `scheme://`): the user, host, path segments, query values and fragment
    /// masked; the kind of path (`/sites/`, `/personal/`, `/teams/`), the port and the
    /// punctuation kept.
    mutating func url(scheme: String, rest: String) -> String {
        var authorityEnd = rest.startIndex
        if rest.first == "[", let close = rest.firstIndex(of: "]") { authorityEnd = rest.index(after: close) }
        authorityEnd = rest[authorityEnd...].firstIndex { "/?#".contains($0) } ?? rest.endIndex
        var hostPort = rest[..<authorityEnd]
        var out = scheme + "://"
        if let at = hostPort.lastIndex(of: "@") {
            out += account(String(hostPort[..<at])) + "@"
            hostPort = hostPort[hostPort.index(after: at)...]
        }
        if hostPort.first == "[", let close = hostPort.firstIndex(of: "]") {
            out += "[" + ipv6(String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])) + "]"
            out += hostPort[hostPort.index(after: close)...]
        } else {
            let colon = hostPort.firstIndex(of: ":") ?? hostPort.endIndex
            if colon > hostPort.startIndex { out += host(String(hostPort[..<colon])) }
            out += hostPort[colon...]
        }
        var tail = rest[authorityEnd...]
        var fragment: Substring?
        if let hash = tail.firstIndex(of: "#") {
            fragment = tail[tail.index(after: hash)...]
            tail = tail[..<hash]
        }
        var query: Substring?
        if let mark = tail.firstIndex(of: "?") {
            query = tail[tail.index(after: mark)...]
            tail = tail[..<mark]
        }
        out += tail.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            Self.keptPathSegments.contains(segment.lowercased()) ? String(segment) : name(String(segment))
        }.joined(separator: "/")
        if let query {
            out +=
                "?"
                + query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
                    guard let equals = pair.firstIndex(of: "=") else { return pair.isEmpty ? "" : name(String(pair)) }
                    let value = pair[pair.index(after: equals)...]
                    return pair[...equals] + (value.isEmpty ? "" : name(String(value)))
                }.joined(separator: "&")
        }
        if let fragment { out += "#" + (fragment.isEmpty ? "" : name(String(fragment))) }
        return out
    }

    /// A name in a URL's path or query.
    mutating func name(_ value: String) -> String {
        mask(value, kind: "path") { "name-\($0)" }
    }

    /// The input with every organization, name, user, host and address masked: every text is
    /// read first, so that a name learned from one line is masked in all of them. With `kept`,
    /// only those sessions' log lines (and warning and error lines) and processed objects are
    /// kept, masked, and the others' left out: what a ticket shows.
    package mutating func redact(_ input: ReportInput, keepingLogsOf kept: Set<EntityID>? = nil) -> ReportInput {
        var result = input
        var summary = input.summary
        for i in summary.organizations.indices {
            summary.organizations[i].name = organization(summary.organizations[i].name)
        }
        for job in summary.jobs { known.reserve(job.name) }
        // Each text once: a night's lines come back the next night.
        var read: Set<String> = []
        func learnOnce(_ text: String) {
            if read.insert(text).inserted { learn(text) }
        }
        for job in summary.jobs { learnOnce(job.name) }
        let logIDs = input.logItems.keys.sorted()
        for id in logIDs {
            for item in input.logItems[id]! { learnOnce(item.message) }
        }
        // A session's warning and error lines are its log's, unless the input has no log for it.
        for facts in summary.history + summary.sessions where input.logItems[facts.id] == nil {
            for line in facts.attentionLog { learnOnce(line.message) }
        }
        for i in summary.jobs.indices { summary.jobs[i].name = masked(summary.jobs[i].name) }
        func clean(_ facts: inout [SessionFacts]) {
            for i in facts.indices {
                if let kept, !kept.contains(facts[i].id) {
                    facts[i].attentionLog = []
                    continue
                }
                for j in facts[i].attentionLog.indices {
                    facts[i].attentionLog[j].message = masked(facts[i].attentionLog[j].message)
                }
            }
        }
        clean(&summary.sessions)
        clean(&summary.history)
        // Restore sessions: the operator is an account, the client host a host; every text they
        // hold (reason, scope, items, where from and to) is masked like a log line.
        for i in summary.restores.indices {
            var a = summary.restores[i]
            if let user = a.session.initiatedBy { a.session.initiatedBy = account(user) }
            if let name = a.session.clientHost { a.session.clientHost = host(name) }
            if let name = a.session.organizationName { a.session.organizationName = organization(name) }
            for keyPath in [\RestoreSession.reason, \.scopeName, \.name, \.details] {
                if let text = a.session[keyPath: keyPath] { a.session[keyPath: keyPath] = masked(text) }
            }
            for j in a.events.indices {
                for keyPath in [\RestoreEvent.itemName, \.source, \.target, \.title, \.message] {
                    if let text = a.events[j][keyPath: keyPath] { a.events[j][keyPath: keyPath] = masked(text) }
                }
            }
            for j in a.elsewhere.indices {
                a.elsewhere[j] = (masked(a.elsewhere[j].source), masked(a.elsewhere[j].target))
            }
            summary.restores[i] = a
        }
        result.summary = summary
        var logs: [EntityID: [LogItem]] = [:]
        for id in logIDs where kept?.contains(id) ?? true {
            logs[id] = input.logItems[id]!.map { item in
                var copy = item
                copy.message = masked(item.message)
                return copy
            }
        }
        result.logItems = logs
        // Objects are users, groups, sites and teams: their names are masked, their links
        // (which name the organization) dropped; only the kept sessions' are kept.
        var objects: [EntityID: [ProcessedObject]] = [:]
        for id in input.processedObjects.keys.sorted() where kept?.contains(id) ?? true {
            objects[id] = input.processedObjects[id]!.map { object in
                var copy = object
                copy.name = object.name.map { name in mask(name, kind: "object") { "object-\($0)" } }
                copy.link = nil
                return copy
            }
        }
        result.processedObjects = objects
        return result
    }

    /// `known`'s people by their first word, rebuilt when `known` changed.
    mutating func people() -> [String: [[String]]] {
        if peopleIndex.version != known.version { peopleIndex = (known.version, known.peopleByFirstWord()) }
        return peopleIndex.index
    }
}
