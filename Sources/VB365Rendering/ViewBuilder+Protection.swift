import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    // MARK: - Protection: where the pages are

    /// The most objects a protection page lists; the rest are on the organization's further pages.
    package static let protectionRowsPerPage = 1_000
    /// The most objects that need action the digest lists for one organization.
    package static let protectionDigestObjects = 5
    /// The most users over the licence a protection page lists (all of them are in its object table).
    package static let protectionLicenceRows = 200

    var protection: ProtectionSummary { summary.protection }

    /// The organizations (indices into `summary.protection.tenants`) whose protection pages this
    /// report holds: all of them, except, in the overview of a split report, those whose
    /// organization has a report of its own, which holds them.
    package var protectionTenants: [Int] {
        protection.tenants.indices.filter { protectionTenantFolder($0) == nil }
    }

    /// The folder of the report of its own that holds organization `index`'s protection pages, in
    /// the overview of a split report; nil when this report holds them.
    func protectionTenantFolder(_ index: Int) -> String? {
        guard !input.tenantFolders.isEmpty, let organization = protection.tenants[index].organizationIndex else {
            return nil
        }
        return input.tenantFolders[organization]
    }

    /// The first protection page of organization `index`, relative to this report, without its
    /// extension (`FileNames.protection`); under its own report's folder when that holds it.
    package func protectionFile(_ index: Int) -> String {
        let t = protection.tenants[index]
        if let folder = protectionTenantFolder(index) {
            // Its own report's summary names no server: the name that report gives the page.
            return folder + "/"
                + FileNames.protection(name: t.displayName, id: t.organizationID.description, server: nil)
        }
        var server: String?
        if let organization = t.organizationIndex, let at = summary.organizations[organization].serverIndex {
            server = summary.servers[at].address
        } else if t.server >= 0 {
            server = "server \(t.server)"
        }
        return FileNames.protection(name: t.displayName, id: t.organizationID.description, server: server)
    }

    /// How many pages organization `index`'s objects take (one at least).
    package func protectionPageCount(_ index: Int) -> Int {
        max(1, (protection.tenants[index].objectCount + Self.protectionRowsPerPage - 1) / Self.protectionRowsPerPage)
    }

    /// Page `page` (from 0) of organization `index`, without its extension: its file, then `-2`, `-3`, …
    package func protectionPagePath(_ index: Int, page: Int) -> String {
        page == 0 ? protectionFile(index) : protectionFile(index) + "-\(page + 1)"
    }

    /// The name of page `page` of organization `index` with this format's extension: a link from
    /// one of its pages to another, in the same folder.
    func protectionPageName(_ index: Int, page: Int) -> String {
        let path = protectionPagePath(index, page: page)
        return String(path[(path.lastIndex(of: "/").map(path.index(after:)) ?? path.startIndex)...]) + "." + ext
    }

    /// The name of organization `index`'s server, when the report covers several; else empty.
    func protectionServerName(_ index: Int) -> String {
        guard summary.servers.count > 1, let organization = protection.tenants[index].organizationIndex else {
            return ""
        }
        return serverName(summary.organizations[organization].serverIndex)
    }

    /// The indices of `summary.protection.tenantsWithProblems` in its `tenants`, whose order it keeps.
    func protectionProblemTenants() -> [Int] {
        let flagged = protection.tenantsWithProblems
        var result: [Int] = []
        for (index, t) in protection.tenants.enumerated() where result.count < flagged.count {
            let next = flagged[result.count]
            if next.organizationID == t.organizationID, next.server == t.server, next.taken == t.taken {
                result.append(index)
            }
        }
        return result
    }

    /// The name of the job with `id`, as the input gives it (for the CSV file): `job <id>` when the
    /// report does not hold the job.
    func protectionJobName(_ id: EntityID) -> String {
        jobIndices[id].map { summary.jobs[$0].name } ?? "job \(id)"
    }

    // MARK: - Protection: the digest's section

    /// The digest's Protection section; nil when no protection snapshot was read.
    func protectionSection(root: String) -> ProtectionSectionView? {
        guard !protection.isEmpty else { return nil }
        let tenants = protection.tenants
        let flagged = protectionProblemTenants()
        let needing = Set(flagged)
        let rest = tenants.indices.filter { !needing.contains($0) }
        let rpos = Set(rest.map { tenants[$0].rpoSeconds })
        let within = rpos.count == 1 ? "within " + HumanUnits.duration(rpos.first!) : "within its RPO"
        let clear = "\(Self.counted(rest.count, "organization")): every object protected \(within)."
        let headline: String
        switch (flagged.count, tenants.count) {
        case (0, _): headline = clear
        case (1, 1): headline = "The organization needs attention."
        case (let n, let all): headline = "\(n) of \(all) organizations \(n == 1 ? "needs" : "need") attention."
        }
        return ProtectionSectionView(
            headline: headline, tenants: flagged.map { protectionTenant($0, root: root) },
            allClear: flagged.isEmpty || rest.isEmpty ? "" : clear,
            others: rest.enumerated().map { place, index in
                ProtectionLinkView(
                    name: user(tenants[index].displayName),
                    link: (linkBase ?? root) + protectionFile(index) + "." + ext, separator: place == 0 ? "" : " · ")
            })
    }

    /// Organization `index` in the digest: its worst state, its problems in words and its newest
    /// objects that need action.
    func protectionTenant(_ index: Int, root: String) -> ProtectionTenantView {
        let t = protection.tenants[index]
        let link = (linkBase ?? root) + protectionFile(index) + "." + ext
        let problems = t.objects.indices.filter { t.objects[$0].state.isProblem }
        // The newest first: those a snapshot listed last, then in the table's order.
        let newest = problems.sorted { a, b in
            let (x, y) = (t.objects[a].firstSeen ?? .minimumISO, t.objects[b].firstSeen ?? .minimumISO)
            return x != y ? x > y : a < b
        }.prefix(Self.protectionDigestObjects)
        let left = problems.count - newest.count
        return ProtectionTenantView(
            badge: protectionBadge(t), name: user(t.displayName), server: protectionServerName(index), link: link,
            counts: Self.problemWords(t), asOf: time(t.taken),
            coverage: t.coverageUnknown ? Self.coverageWords(t) : "",
            objects: newest.map { protectionObject(t.objects[$0], sla: t.sla(of: t.objects[$0]), root: root) },
            more: left > 0 ? "and \(HumanUnits.count(Int64(left))) more" : "")
    }

    // MARK: - Protection: words

    /// `1 user`, `2,500 teams`.
    static func counted(_ n: Int, _ kind: ProtectedObjectKind) -> String { counted(n, kind.word) }

    /// `1 organization`, `2 organizations`.
    static func counted(_ n: Int, _ word: String) -> String {
        "\(HumanUnits.count(Int64(n))) \(word)\(n == 1 ? "" : "s")"
    }

    /// The objects that need action in words, by state, then kind, and the users over the
    /// licence: `2 users unprotected, 1 team breached, 3 users over the licence`; empty for none.
    static func problemWords(_ t: TenantProtection) -> String {
        var parts: [String] = []
        for state in ProtectionState.allCases where state.isProblem {
            for kind in ProtectedObjectKind.allCases {
                let n = t.byKind[kind]?[state] ?? 0
                if n > 0 { parts.append("\(counted(n, kind)) \(state.word)") }
            }
        }
        if !t.licenceExceeded.isEmpty { parts.append("\(counted(t.licenceExceeded.count, .user)) over the licence") }
        return parts.joined(separator: ", ")
    }

    /// `the server did not give users and backup data in full.`
    static func notGiven(_ sources: [ProtectionSource]) -> String {
        "the server did not give \(listed(sources.map(sourceWords))) in full."
    }

    /// Why a tenant's coverage is unknown, in a sentence: the lists the server did not give, and
    /// a snapshot too old to trust.
    static func coverageWords(_ t: TenantProtection) -> String {
        var parts: [String] = []
        let lists = t.incompleteSources.filter { $0 != .licensedUsers && $0 != .restorePoints }
        if !lists.isEmpty { parts.append(notGiven(lists)) }
        if let age = t.staleSnapshotSeconds {
            parts.append(
                "the newest snapshot is \(Int(age / Seconds.day)) days old; the protection fetch may have stopped.")
        }
        return "Coverage unknown: " + parts.joined(separator: " ")
    }

    /// What a list the server gives is, in a sentence.
    static func sourceWords(_ source: ProtectionSource) -> String {
        switch source {
        case .users: return "users"
        case .groups: return "groups"
        case .sites: return "sites"
        case .teams: return "teams"
        case .backupData: return "backup data"
        case .userData: return "the users' backup data"
        case .groupData: return "the groups' backup data"
        case .siteData: return "the sites' backup data"
        case .teamData: return "the teams' backup data"
        case .licensedUsers: return "licensed users"
        case .jobItems: return "the jobs' selected and excluded items"
        case .restorePoints: return "restore points"
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ parts: [String]) -> String {
        guard let last = parts.last, parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + last
    }

    /// `user`, `shared mailbox`, `public mailbox`, `group`, `site`, `personal site` or `team`.
    static func kindWords(_ object: ProtectionObject) -> String {
        switch object.kind {
        case .user:
            switch object.account {
            case .shared?: return "shared mailbox"
            case .public?: return "public mailbox"
            default: return "user"
            }
        case .site: return object.isPersonal ? "personal site" : "site"
        case .group, .team: return object.kind.word
        }
    }

    /// A share of `met` out of `of` with one decimal, never rounded to 0% or 100% unless it is:
    /// `97.5%`, `99.9%` for 9,999 of 10,000.
    static func shareText(_ met: Int, of: Int) -> String {
        if met >= of { return "100%" }
        if met <= 0 { return "0%" }
        let tenths = (Double(met) / Double(of) * 1000).rounded() / 10
        return HumanUnits.fixed(min(max(tenths, 0.1), 99.9), 1) + "%"
    }

    // MARK: - Protection: pieces

    /// The badge of an object's state, in the same words as every output (`ProtectionState.word`).
    func badge(_ state: ProtectionState) -> BadgeView {
        switch state {
        case .unprotected:
            return BadgeView(word: state.word, style: .failed, emoji: "❌", detail: "In no job: nothing backs it up")
        case .neverBackedUp:
            return BadgeView(
                word: state.word, style: .failed, emoji: "❌", detail: "A job selects it, but it was never backed up")
        case .breached:
            return BadgeView(
                word: state.word, style: .warning, emoji: "⚠️", detail: "Backed up, but not within the RPO")
        case .unknown:
            return BadgeView(
                word: state.word, style: .other, emoji: "❔", detail: "The server did not give what would decide it")
        case .protected:
            return BadgeView(
                word: state.word, style: .success, emoji: "✅",
                detail: "Every required kind of its data is within the RPO")
        case .excluded:
            return BadgeView(word: state.word, style: .other, emoji: "➖", detail: "Left out on purpose")
        }
    }

    /// An organization's badge: its worst state that needs action; `unknown` (missed) when its
    /// coverage is unknown; `licence exceeded` (warning); else `protected`.
    func protectionBadge(_ t: TenantProtection) -> BadgeView {
        let states = t.states
        if let worst = ProtectionState.allCases.first(where: { $0.isProblem && states.contains($0) }) {
            return badge(worst)
        }
        if t.coverageUnknown {
            return BadgeView(
                word: ProtectionState.unknown.word, style: .missed, emoji: "❔",
                detail: "Coverage unknown: the server did not give every list")
        }
        if !t.licenceExceeded.isEmpty {
            return BadgeView(
                word: "licence exceeded", style: .warning, emoji: "⚠️",
                detail: "Users over the licence are not backed up")
        }
        return badge(.protected)
    }

    /// An object's row, its jobs linked from a page at `root`; `anchor` marks the first row of its
    /// state.
    func protectionObject(_ o: ObjectProtection, anchor: String = "", sla: SLAShare?, root: String)
        -> ProtectionObjectView
    {
        let lastBackup: String
        if let t = o.lastBackup {
            lastBackup = time(t)
        } else {
            switch o.state {
            case .unknown: lastBackup = "unknown"
            case .excluded: lastBackup = "–"
            default: lastBackup = "never"
            }
        }
        let jobs = o.jobs.enumerated().map { place, id in
            let separator = place == 0 ? "" : ", "
            guard let index = jobIndices[id] else {
                return ProtectionJobView(name: user("job \(id)"), link: "", separator: separator)
            }
            return ProtectionJobView(
                name: user(summary.jobs[index].name), link: jobLink(index, root: root), separator: separator)
        }
        return ProtectionObjectView(
            anchor: anchor, badge: badge(o.state), kind: Self.kindWords(o.object), name: user(o.object.displayName),
            address: o.object.name == nil ? "" : user(o.object.address ?? ""), id: user(o.object.id),
            reason: user(o.reason), lastBackup: lastBackup,
            overdue: o.overdueSeconds.map(HumanUnits.duration) ?? "", jobs: jobs,
            sla: sla.map { Self.shareText($0.met, of: $0.checks) } ?? "–")
    }
}
