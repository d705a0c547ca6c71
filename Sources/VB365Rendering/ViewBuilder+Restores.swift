import Foundation
import VB365Model
import VB365Statistics
import VB365Support
import VB365Text

extension ViewBuilder {
    // MARK: - Restore activity

    /// The file name of the restore activity page, without its extension.
    package static let restoresFile = "restores"

    /// How many `source → target` pairs a restore session lists before `and N more`.
    static let restorePlacesShown = 3

    /// True when the report has a restore activity page: the window holds restore sessions, or
    /// the input says how many were read (the page then says why it lists none). A tenant's page
    /// lists its own restores only (`Summary.tenant`).
    package var hasRestorePage: Bool { !summary.restores.isEmpty || input.restoreSessionsRead != nil }

    /// The restore activity page's address from a page at `root`.
    func restoresLink(root: String) -> String { (linkBase ?? root) + Self.restoresFile + "." + ext }

    /// Each restore session's anchor on the restore activity page, by index into
    /// `summary.restores`: `restore-` and a slug of its id; a session whose slug an earlier one
    /// has (ids alike but for case or punctuation, or one id on two servers) gets `-2`, `-3`.
    func restoreAnchors() -> [String] {
        var used: Set<String> = []
        return summary.restores.map { a in
            let slug = FileNames.slug(a.session.id.description, fallback: "session")
            var anchor = "restore-" + slug
            var n = 1
            while !used.insert(anchor).inserted {
                n += 1
                anchor = "restore-\(slug)-\(n)"
            }
            return anchor
        }
    }

    /// The organization whose data a restore session read, made safe, with its server's name
    /// when the report covers several servers.
    func restoreOrganization(_ a: RestoreActivity) -> String {
        let name = a.organizationIndex.map { summary.organizations[$0].name } ?? a.organizationName
        let server = summary.servers.count > 1 ? a.serverIndex.map { summary.servers[$0].name } : nil
        return user(name) + (server.map { " · " + user($0) } ?? "")
    }

    /// `text` with the session's operator and client host hidden when operators are masked: a
    /// reason, a mailbox restored to or sent to, may name them. The account alone is hidden too
    /// (`helpdesk.anna` of `CONTOSO\helpdesk.anna` in `helpdesk.anna@contoso.com`); names shorter
    /// than three characters are left, as they would hide parts of other words.
    func masking(_ text: String, of a: RestoreActivity) -> String {
        guard input.maskOperators else { return text }
        var names: [String] = []
        if let name = a.session.initiatedBy {
            names.append(name)
            if let cut = name.lastIndex(of: "\\") { names.append(String(name[name.index(after: cut)...])) }
        }
        if let host = a.session.clientHost { names.append(host) }
        var out = text
        for name in names.sorted(by: { $0.count > $1.count }) where name.count >= 3 {
            out = out.replacingOccurrences(of: name, with: "(masked)", options: .caseInsensitive)
        }
        return out
    }

    /// `5,000 items`, `1 item`.
    static func items(_ n: Int) -> String { HumanUnits.count(Int64(n)) + (n == 1 ? " item" : " items") }

    /// The restores' counts in one sentence: `4 restore sessions in this window; 5,641 items
    /// taken out (7.5 GB); 3 security findings.`, or why none is listed.
    func restoreHeadline() -> String {
        let restores = summary.restores
        guard !restores.isEmpty else {
            if input.restoreSessionsRead == 0 {
                return
                    "No restore session was read: the fetch reads them from VB365's API v6 on, so who restored what is unknown."
            }
            let read = input.restoreSessionsRead.map {
                " (\(Formatting.count($0, "restore session")) read, none in it)"
            }
            return "No restore in this window\(read ?? "")."
        }
        let items = restores.reduce(0) { $0 + $1.takenOut.items }
        let bytes = restores.reduce(Int64(0)) {
            $0.addingReportingOverflow($1.takenOut.bytes).overflow ? .max : $0 + $1.takenOut.bytes
        }
        let findings = restores.filter { !$0.findings.isEmpty }.count
        let out =
            items == 0
            ? "no item taken out"
            : "\(Self.items(items)) taken out" + (bytes > 0 ? " (\(HumanUnits.bytes(bytes)))" : "")
        return
            "\(Formatting.count(restores.count, "restore session")) in this window; \(out); \(findings == 0 ? "no security finding" : SecurityText.count(findings))."
    }

    /// The digest's Restore activity section; nil when the report has no restore activity page.
    func restoreActivitySection(root: String) -> RestoreActivitySectionView? {
        guard hasRestorePage else { return nil }
        return RestoreActivitySectionView(headline: restoreHeadline(), link: restoresLink(root: root))
    }

    /// The restore activity page: every restore session of the window.
    ///
    /// Oldest first, as an audit trail reads: a new operator's first session, then the export a
    /// night later, reads in the order it happened, and a finding judged against the sessions
    /// before it (a new operator, a new host) stands after them. Sessions are grouped by the
    /// organization whose data they read, as the digest orders organizations; those of no known
    /// organization come last.
    package func restoresPage() -> RestorePageView {
        let restores = summary.restores
        let anchors = restoreAnchors()
        let findings = restores.filter { !$0.findings.isEmpty }
        let worst = restores.flatMap(\.findings).map(summary.options.securityLevel).max()
        var pageBadge = badge(worst)
        if worst == nil { pageBadge.detail = "No restore session is a security finding" }
        if restores.isEmpty && input.restoreSessionsRead == 0 {
            pageBadge = BadgeView(word: "Unknown", style: .other, emoji: "❔", detail: "No restore session was read")
        }
        let takenOut = restores.reduce(RestoreTotals()) {
            let (bytes, overflow) = $0.bytes.addingReportingOverflow($1.takenOut.bytes)
            return RestoreTotals(items: $0.items + $1.takenOut.items, bytes: overflow ? .max : bytes)
        }
        let totals = [
            StatView(label: "Restore sessions", value: count(Int64(restores.count))),
            StatView(label: "Items taken out", value: count(Int64(takenOut.items))),
            StatView(label: "Taken out", value: bytes(takenOut.bytes)),
            StatView(label: "Items restored", value: count(Int64(restores.reduce(0) { $0 + $1.restored.items }))),
            StatView(label: "Security findings", value: count(Int64(findings.count))),
        ]
        let groups = restoreGroups(anchors: anchors)
        let listed = groups.flatMap { $0.sessions.map(\.anchor) }
        let place = Dictionary(uniqueKeysWithValues: listed.enumerated().map { ($1, $0) })
        let advice = restoreAdvice(anchors: anchors).sorted { place[$0.anchor] ?? 0 < place[$1.anchor] ?? 0 }
        var note = "Oldest first, by organization."
        if input.maskOperators { note += " Operators and client hosts are masked." }
        if !restores.isEmpty {
            note +=
                " Taken out: saved, exported or sent out of the backup; restored: put back into Microsoft 365."
        }
        let unknown = restores.isEmpty && input.restoreSessionsRead == 0
        return RestorePageView(
            page: page(
                title: "[\(pageBadge.word)] Restore activity", root: "",
                status: unknown ? "other" : worstClass(worst ?? .success)),
            badge: pageBadge, heading: "Restore activity", headline: restoreHeadline(), totals: totals, note: note,
            groups: groups, advice: advice)
    }

    /// The restore sessions by organization (and server), in the summary's order of
    /// organizations; those of no known organization after them, in the order they first appear.
    func restoreGroups(anchors: [String]) -> [RestoreGroupView] {
        struct Group: Hashable {
            var organization: Int?
            var server: Int?
            var name: String
        }
        let restores = summary.restores
        var order: [Group] = []
        var members: [Group: [Int]] = [:]
        for (index, a) in restores.enumerated() {
            let key =
                a.organizationIndex.map { Group(organization: $0, server: nil, name: "") }
                ?? Group(organization: nil, server: a.serverIndex, name: a.organizationName)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(index)
        }
        let known = order.compactMap(\.organization).sorted().map { Group(organization: $0, server: nil, name: "") }
        return (known + order.filter { $0.organization == nil }).map { key in
            let indices = members[key] ?? []
            let a = restores[indices[0]]
            let name = key.organization.map { summary.organizations[$0].name } ?? key.name
            return RestoreGroupView(
                organization: name.isEmpty ? "(organization not named)" : user(name),
                server: summary.servers.count > 1 ? serverName(a.serverIndex) : "",
                count: Formatting.count(indices.count, "restore session"),
                sessions: indices.map { restoreSession(restores[$0], anchor: anchors[$0]) })
        }
    }

    /// What to check about each restore session with findings, in the digest's order (worst
    /// first): what was seen, in the digest's words, and each kind's advice once.
    func restoreAdvice(anchors: [String]) -> [RestoreAdviceView] {
        summary.securityFindings.compactMap { f -> RestoreAdviceView? in
            guard case .restore(let index) = f.subject else { return nil }
            let a = summary.restores[index]
            var checks: [String] = []
            for kind in f.kinds where !checks.contains(SecurityText.advice(kind)) {
                checks.append(SecurityText.advice(kind))
            }
            let text = SecurityText.detail(f, in: summary, zone: input.time, maskOperators: input.maskOperators)
            return RestoreAdviceView(
                anchor: anchors[index], badge: badge(f.level), titles: SecurityText.titles(f),
                organization: restoreOrganization(a), text: user(masking(text, of: a)), checks: checks.map(user))
        }
    }

    /// One restore session's entry on the page.
    func restoreSession(_ a: RestoreActivity, anchor: String) -> RestoreSessionView {
        let s = a.session
        let host: String
        if input.maskOperators || input.maskHosts {
            host = "(masked)"
        } else {
            host = s.clientHost.flatMap { $0.isEmpty ? nil : user($0) } ?? "not given"
        }
        let reason = s.reason.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let levels = a.findings.map(summary.options.securityLevel)
        let findings = zip(a.findings, levels).enumerated().map { place, pair in
            RestoreFindingView(
                badge: badge(pair.1), title: SecurityText.title(pair.0), separator: place == 0 ? "" : " · ")
        }
        return RestoreSessionView(
            anchor: anchor, slug: String(anchor.dropFirst("restore-".count)), id: user(s.id.description),
            time: time(s.creationTime), ended: time(s.endTime), type: user(s.type?.word ?? "unknown"),
            operatorName: user(SecurityText.operatorName(a, mask: input.maskOperators)), host: host,
            reason: reason.isEmpty ? "none given" : user(masking(reason, of: a)), hasReason: !reason.isEmpty,
            result: restoreResult(s), did: restoreDid(a), places: restorePlaces(a), findings: findings)
    }

    /// How a restore session went, as a badge: its result, or open while it is working.
    func restoreResult(_ s: RestoreSession) -> BadgeView {
        if s.state == .working {
            return BadgeView(word: "Open", style: .running, emoji: "🔄", detail: "The Explorer is still open")
        }
        switch s.result {
        case .success?:
            return BadgeView(word: "Success", style: .success, emoji: "✅", detail: "The restore session succeeded")
        case .warning?:
            return BadgeView(
                word: "Warning", style: .warning, emoji: "⚠️", detail: "The restore session ended with warnings")
        case .failed?:
            return BadgeView(word: "Failed", style: .failed, emoji: "❌", detail: "The restore session failed")
        case .other(let word)?:
            return BadgeView(
                word: user(word), style: .other, emoji: "❔", detail: user("VB365 reported the result \(word)"))
        case nil:
            return BadgeView(word: "Unknown", style: .other, emoji: "❔", detail: "VB365 gave no result")
        }
    }

    /// True when an event's item counts as done, as `RestoreAudit` counts it: its action
    /// succeeded or warned (an event that says nothing succeeded).
    static func counts(_ e: RestoreEvent) -> Bool {
        let status = e.status ?? .success
        return status == .success || status == .warning
    }

    /// What a restore session did with items, counted as `RestoreAudit` counts them (`counts`):
    /// `exported 5,000 items (6.2 GB); restored 2 items (2.7 MB); viewed 3 items; 1 item failed`.
    func restoreDid(_ a: RestoreActivity) -> String {
        var out: [(RestoreEventType, RestoreTotals)] = [(.save, .init()), (.export, .init()), (.send, .init())]
        for e in a.events where Self.counts(e) {
            guard let at = out.firstIndex(where: { $0.0 == e.type }) else { continue }
            out[at].1.add(e.itemSizeBytes)
        }
        func phrase(_ verb: String, _ t: RestoreTotals) -> String {
            "\(verb) \(Self.items(t.items))" + (t.bytes > 0 ? " (\(HumanUnits.bytes(t.bytes)))" : "")
        }
        var parts: [String] = []
        for (type, totals) in out where totals.items > 0 {
            parts.append(phrase(type == .save ? "saved" : type == .export ? "exported" : "sent", totals))
        }
        if a.restored.items > 0 { parts.append(phrase("restored", a.restored)) }
        if a.viewed > 0 { parts.append("viewed \(Self.items(a.viewed))") }
        if a.failedItems > 0 { parts.append("\(Self.items(a.failedItems)) failed") }
        if a.cancelledItems > 0 { parts.append("\(Self.items(a.cancelledItems)) cancelled") }
        return parts.isEmpty ? "no item restored, taken out or viewed" : parts.joined(separator: "; ")
    }

    /// Where a restore session's restored or sent items went when not to their own place: the
    /// first few `source → target` pairs, and how many more; `in place` when every restored item
    /// went back to its own place; `–` when it restored and sent nothing.
    func restorePlaces(_ a: RestoreActivity) -> String {
        guard a.elsewhereCount > 0 else {
            let sent = a.events.contains { $0.type == .send && Self.counts($0) }
            return a.restored.items > 0 || sent ? "in place" : "–"
        }
        let shown = a.elsewhere.prefix(Self.restorePlacesShown)
        var parts = shown.map { user(masking($0.source, of: a)) + " → " + user(masking($0.target, of: a)) }
        let more = a.elsewhereCount - shown.count
        if more > 0 { parts.append("and \(HumanUnits.count(Int64(more))) more item\(more == 1 ? "" : "s")") }
        return parts.joined(separator: "; ")
    }
}
