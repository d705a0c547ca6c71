import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    // MARK: - The monthly customer report

    /// The most objects that need action a monthly report lists; its protection page lists them all.
    package static let monthlyObjectRows = 200

    /// The monthly report of the one organization this builder's input holds (a tenant's input,
    /// `Summary.tenant`, whose window and SLA period are the month): `month` is its name in words
    /// (`November 2026`).
    package func monthlyReport(month: String) -> MonthlyReportView {
        let s = summary
        let name = s.organizations.first.map { user($0.name) } ?? ""
        let t = protection.tenants.first
        let sla = t?.sla.flatMap { $0.checks > 0 ? $0 : nil }
        let problems = t.map { t in t.objects.filter { $0.state.isProblem } } ?? []
        let shown = problems.prefix(Self.monthlyObjectRows)
        let badge = monthlyBadge(t)
        let licensing = s.infrastructure.organizationLicensing.first
        var page = page(
            title: "[\(badge.word)] \(s.organizations.first?.name ?? ""): \(month)", root: "", status: badge.cssClass)
        page.windowDescription = month
        var noProtection = ""
        if t == nil {
            noProtection =
                "Not snapshotted: no protection snapshot of this organization was read up to the month's end, so its SLA is unknown."
        } else if sla == nil {
            noProtection = "Not snapshotted in \(month): no protection check fell in the month, so its SLA is unknown."
        }
        return MonthlyReportView(
            page: page, badge: badge, heading: "\(name): \(month)", name: name, month: month,
            period: input.time.date(s.window.start) + " to " + input.time.date(s.window.lastInstant),
            verdict: monthlyVerdict(t, sla: sla), hasProtection: sla != nil, noProtection: noProtection,
            checks: sla?.checks ?? 0,
            slaTotal: ProtectionSLARowView(
                label: "all objects", share: monthlyShare(sla?.total ?? SLAShare()), met: sla?.total.met ?? 0,
                checks: sla?.total.checks ?? 0),
            slaByData: ProtectedData.allCases.compactMap { data in
                sla?.byData[data].map {
                    ProtectionSLARowView(label: data.word, share: monthlyShare($0), met: $0.met, checks: $0.checks)
                }
            },
            coverage: t.map { $0.coverageUnknown ? "Coverage unknown: " + Self.notGiven($0.incompleteSources) : "" }
                ?? "",
            jobs: s.jobs.map { monthlyJob(user($0.name), $0.statistics) },
            jobTotal: monthlyJob("all jobs", s.totals), objectsAsOf: t.map { time($0.taken) } ?? "",
            objects: shown.map { o in
                MonthlyObjectView(
                    badge: self.badge(o.state), kind: Self.kindWords(o.object), name: user(o.object.displayName),
                    address: o.object.name == nil ? "" : user(o.object.address ?? ""), reason: user(o.reason))
            },
            moreObjects: problems.count > shown.count
                ? "and \(HumanUnits.count(Int64(problems.count - shown.count))) more (the protection page lists every one)"
                : "",
            settingChanges: s.securityFindings.filter { if case .setting = $0.subject { true } else { false } }
                .sorted { $0.time < $1.time }.map { securityFinding($0, root: "") },
            noSettingChanges: s.settingsWatched
                ? "None: no job was disabled or removed, no selection shrank, no exclusion was added, and no retention or immutability was shortened in the month."
                : "Unknown: no snapshot of the jobs' or repositories' settings was read for the month.",
            storage: s.infrastructure.repositories.map { r in
                MonthlyStorageView(
                    name: user(r.name), used: bytes(r.usedBytes), capacity: bytes(r.capacityBytes), asOf: time(r.time))
            },
            licensedUsers: count(licensing?.licensedUsers), newUsers: count(licensing?.newUsers),
            licencesAsOf: licensing.map { $0.time.map { time($0) } ?? "the month's end" } ?? "")
    }

    /// The list of the month's reports for the provider: `reports` made by `monthlyIndexRow`.
    package func monthlyIndex(month: String, reports: [MonthlyIndexRowView]) -> MonthlyIndexView {
        let needing = reports.filter { $0.badge.kind == .failed || $0.badge.kind == .warning }.count
        let headline =
            reports.isEmpty
            ? "No organization has a report: the input names none."
            : "\(Self.counted(reports.count, "organization")); \(needing == 0 ? "none needs" : "\(needing) \(needing == 1 ? "needs" : "need")") attention."
        var page = page(title: "Monthly reports: \(month)", root: "", status: needing > 0 ? "warning" : "success")
        page.windowDescription = month
        return MonthlyIndexView(page: page, heading: "Monthly reports: \(month)", headline: headline, reports: reports)
    }

    /// `report`'s row in the provider's list, linking to it at `link`.
    package static func monthlyIndexRow(_ report: MonthlyReportView, link: String) -> MonthlyIndexRowView {
        MonthlyIndexRowView(name: report.name, link: link, badge: report.badge, verdict: report.verdict)
    }

    // MARK: - The monthly report's pieces

    /// A share of checks: `unknown` when none counted, never rounded to 0% or 100% unless it is.
    func monthlyShare(_ s: SLAShare) -> QuantityView {
        guard s.checks > 0 else { return QuantityView(text: "unknown", exact: "no check counted", known: false) }
        return QuantityView(
            text: Self.shareText(s.met, of: s.checks),
            exact: "\(HumanUnits.count(Int64(s.met))) of \(HumanUnits.count(Int64(s.checks))) checks", known: true)
    }

    /// A job's (or every job's) runs over the month.
    func monthlyJob(_ name: String, _ g: GroupStatistics) -> MonthlyJobView {
        let r = g.runs
        let badge: BadgeView
        switch g.worst {
        case nil: badge = r.missed > 0 ? self.badge(GroupOutcome.missed) : self.badge(GroupOutcome.none)
        case .success?: badge = r.missed > 0 ? self.badge(GroupOutcome.missed) : self.badge(GroupOutcome.success)
        case .warning?: badge = self.badge(GroupOutcome.warning)
        case .failed?: badge = self.badge(GroupOutcome.failed)
        case .other?:
            badge = BadgeView(word: "Other", style: .other, emoji: "❔", detail: "A run was stopped or is still running")
        }
        return MonthlyJobView(
            name: name, badge: badge, runs: r.total, succeeded: r.succeeded, recovered: r.recovered,
            warned: r.warning, failed: r.failed, missed: r.missed, share: percent(g.successRate))
    }

    /// The month's worst: a failed run or an object unprotected (or never backed up) at the month's
    /// end is `Failed`; a warned, recovered or missed run, a breached object, a user over the
    /// licence or an unknown coverage is `Warning`; `No data` without runs and without a snapshot.
    func monthlyBadge(_ t: TenantProtection?) -> BadgeView {
        let runs = summary.totals.runs
        var worst = summary.totals.worst.map { $0 == .other ? Severity.success : $0 }
        if runs.missed > 0 { worst = max(worst ?? .warning, .warning) }
        if let t {
            let states = t.states
            let level: Severity =
                states.contains(.unprotected) || states.contains(.neverBackedUp)
                ? .failed
                : states.contains(.breached) || t.coverageUnknown || !t.licenceExceeded.isEmpty ? .warning : .success
            worst = max(worst ?? level, level)
        }
        guard let worst else {
            return BadgeView(
                word: "No data", style: .other, emoji: "❔",
                detail: "No run and no protection snapshot in the month: nothing to judge, which is not success")
        }
        return badge(worst)
    }

    /// `Protected on 84.4% of checks; 26 of 28 runs succeeded; 5 objects need action at the
    /// month's end.`
    func monthlyVerdict(_ t: TenantProtection?, sla: ProtectionSLA?) -> String {
        var parts: [String] = []
        if let sla {
            parts.append("protected on \(monthlyShare(sla.total).text) of checks")
        } else {
            parts.append(t == nil ? "protection not snapshotted" : "no protection check in the month")
        }
        let runs = summary.totals.runs
        if runs.total == 0 {
            parts.append("no backup run")
        } else {
            parts.append("\(HumanUnits.count(Int64(runs.succeeded))) of \(Self.counted(runs.total, "run")) succeeded")
        }
        if runs.missed > 0 { parts.append("\(Self.counted(runs.missed, "run")) missed") }
        if let t {
            let problems = t.totals.problems
            parts.append(
                problems == 0
                    ? "no object needs action at the month's end"
                    : "\(Self.counted(problems, "object")) \(problems == 1 ? "needs" : "need") action at the month's end"
            )
            if t.coverageUnknown { parts.append("coverage unknown") }
        }
        let text = parts.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}
