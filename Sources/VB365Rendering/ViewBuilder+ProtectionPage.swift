import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    // MARK: - Protection page

    /// Page `number` (from 0) of organization `index`'s protection: its counts, SLA and users over
    /// the licence on the first page, and `protectionRowsPerPage` of its objects, worst first, from
    /// `detail` (the tenant with every object: `ProtectionSummary.detail`), else from the summary.
    package func protectionPage(_ index: Int, page number: Int, detail: TenantProtection? = nil) -> ProtectionPageView {
        let t = detail ?? protection.tenants[index]
        let badge = protectionBadge(t)
        let count = protectionPageCount(index)
        let perPage = Self.protectionRowsPerPage
        let start = min(number * perPage, t.objects.count)
        let end = min(start + perPage, t.objects.count)
        let firsts = Self.firstOfEachState(t)
        let objects = (start..<end).map { at in
            let state = t.objects[at].state
            return protectionObject(
                t.objects[at], anchor: firsts[state] == at ? "state-" + state.rawValue : "",
                sla: t.sla(of: t.objects[at]), root: "../")
        }
        let rpo = HumanUnits.duration(t.rpoSeconds)
        let words = Self.problemWords(t)
        let headline: String
        if !words.isEmpty {
            headline = words.prefix(1).uppercased() + words.dropFirst() + "."
        } else if t.coverageUnknown {
            headline = "No object is known to need action, but the coverage is unknown."
        } else {
            headline = "Every object protected within \(rpo)."
        }
        var coverage = ""
        if t.coverageUnknown {
            coverage = Self.coverageWords(t) + " Its objects may be missing or misjudged, so no share is given."
        } else if !t.incompleteSources.isEmpty {
            let sentence = Self.notGiven(t.incompleteSources)
            coverage = sentence.prefix(1).uppercased() + sentence.dropFirst()
        }
        let rows =
            count == 1
            ? Self.counted(t.objectCount, "object")
            : "Objects \(HumanUnits.count(Int64(start + 1)))–\(HumanUnits.count(Int64(end))) of \(HumanUnits.count(Int64(t.objectCount)))"
        let pageWords = count > 1 ? " (page \(number + 1) of \(count))" : ""
        let isFirst = number == 0
        let exceeded = isFirst ? t.licenceExceeded.prefix(Self.protectionLicenceRows) : []
        let moreExceeded = isFirst ? t.licenceExceeded.count - exceeded.count : 0
        let pages = (0..<count).map { protectionPageLink(index, page: $0, from: number) }
        return ProtectionPageView(
            page: page(
                title: "[\(badge.word)] Protection: \(t.displayName)\(pageWords)", root: "../", status: badge.cssClass),
            badge: badge, heading: "Protection: " + user(t.displayName), name: user(t.displayName),
            server: protectionServerName(index), taken: time(t.taken), rpo: rpo, headline: headline,
            coverage: coverage, isFirstPage: isFirst, firstPageLink: protectionPageName(index, page: 0),
            byKind: isFirst ? protectionCountsByKind(t) : [], byData: isFirst ? protectionCountsByData(t) : [],
            sla: isFirst ? t.sla.map(protectionSLA) : nil,
            licenceExceeded: exceeded.map { o in
                ProtectionUserView(name: user(o.displayName), address: o.name == nil ? "" : user(o.address ?? ""))
            },
            moreLicenceExceeded: moreExceeded > 0
                ? "and \(Self.counted(moreExceeded, "more user")) over the licence (each is in the object table)" : "",
            states: protectionStateLinks(index, firsts: firsts),
            objects: objects, rows: rows, pageNumber: number + 1, pageCount: count, pages: count > 1 ? pages : [],
            previous: number > 0 ? pages[number - 1] : nil, next: number + 1 < count ? pages[number + 1] : nil,
            csvLink: String(protectionPageName(index, page: 0).dropLast(ext.count)) + "csv")
    }

    /// The place in `t.objects` of the first object of each state (they are sorted by state).
    static func firstOfEachState(_ t: TenantProtection) -> [ProtectionState: Int] {
        var firsts: [ProtectionState: Int] = [:]
        for (at, o) in t.objects.enumerated() where firsts[o.state] == nil { firsts[o.state] = at }
        return firsts
    }

    /// The link to page `page` of organization `index` from page `current`.
    func protectionPageLink(_ index: Int, page: Int, from current: Int) -> ProtectionPageLinkView {
        ProtectionPageLinkView(
            label: String(page + 1), link: protectionPageName(index, page: page), isCurrent: page == current,
            separator: page == 0 ? "" : " · ")
    }

    /// Where each state's objects start, worst first: the page, and in XHTML the row's anchor.
    func protectionStateLinks(_ index: Int, firsts: [ProtectionState: Int]) -> [ProtectionStateLinkView] {
        let t = protection.tenants[index]
        let totals = t.totals
        return ProtectionState.allCases.filter { firsts[$0] != nil }.enumerated().map { place, state in
            let name = protectionPageName(index, page: firsts[state]! / Self.protectionRowsPerPage)
            return ProtectionStateLinkView(
                badge: badge(state), count: totals[state],
                link: format == .xhtml ? name + "#state-" + state.rawValue : name, separator: place == 0 ? "" : " · ")
        }
    }

    /// A row of counts; its share is `unknown` when the coverage is.
    func protectionCounts(_ label: String, _ c: StateCounts, coverageUnknown: Bool) -> ProtectionCountsView {
        let share: QuantityView
        if coverageUnknown || c[.unknown] > 0 {
            share = QuantityView(text: "unknown", exact: "the coverage is unknown", known: false)
        } else if c.inScope == 0 {
            share = unknown
        } else {
            share = QuantityView(
                text: Self.shareText(c[.protected], of: c.inScope),
                exact: "\(HumanUnits.count(Int64(c[.protected]))) of \(HumanUnits.count(Int64(c.inScope)))", known: true
            )
        }
        return ProtectionCountsView(
            label: label, protected: c[.protected], breached: c[.breached], neverBackedUp: c[.neverBackedUp],
            unprotected: c[.unprotected], excluded: c[.excluded], unknown: c[.unknown], share: share)
    }

    /// A row per kind of object the organization has, then the total.
    func protectionCountsByKind(_ t: TenantProtection) -> [ProtectionCountsView] {
        let kinds = ProtectedObjectKind.allCases.compactMap { kind in
            t.byKind[kind].map { protectionCounts(kind.word + "s", $0, coverageUnknown: t.coverageUnknown) }
        }
        return kinds + [protectionCounts("all objects", t.totals, coverageUnknown: t.coverageUnknown)]
    }

    /// A row per kind of data the organization's objects must have backed up.
    func protectionCountsByData(_ t: TenantProtection) -> [ProtectionCountsView] {
        ProtectedData.allCases.compactMap { data in
            t.byData[data].map { protectionCounts(data.word, $0, coverageUnknown: t.coverageUnknown) }
        }
    }

    /// The SLA over its period: the share of checks met, in all, per kind of data and of object,
    /// and how many of the checks were days before the first snapshot, estimated from restore
    /// points.
    func protectionSLA(_ sla: ProtectionSLA) -> ProtectionSLAView {
        func share(_ s: SLAShare) -> QuantityView {
            guard s.checks > 0 else { return unknown }
            return QuantityView(
                text: Self.shareText(s.met, of: s.checks),
                exact: "\(HumanUnits.count(Int64(s.met))) of \(HumanUnits.count(Int64(s.checks))) checks", known: true)
        }
        func row(_ label: String, _ s: SLAShare) -> ProtectionSLARowView {
            ProtectionSLARowView(label: label, share: share(s), met: s.met, checks: s.checks)
        }
        // The period's end is exclusive: its last day is the one before it.
        let last = max(sla.start, sla.end.adding(seconds: -1))
        let rows =
            ProtectedData.allCases.compactMap { data in sla.byData[data].map { row(data.word, $0) } }
            + ProtectedObjectKind.allCases.compactMap { kind in sla.byKind[kind].map { row(kind.word + "s", $0) } }
        let estimated =
            sla.estimatedChecks > 0
            ? "of which \(Self.counted(sla.estimatedChecks, "day")) before the first snapshot, estimated from restore points"
            : ""
        return ProtectionSLAView(
            period: input.time.date(sla.start) + " to " + input.time.date(last), checks: sla.checks,
            estimated: estimated, total: share(sla.total), rows: rows)
    }
}
