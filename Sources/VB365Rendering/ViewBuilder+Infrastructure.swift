import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    // MARK: - Infrastructure

    /// The file name of the infrastructure page, without its extension.
    package static let infrastructureFile = "infrastructure"

    var thresholds: InfrastructureThresholds { summary.options.infrastructure }

    func badge(_ severity: Severity?) -> BadgeView {
        switch severity {
        case .failed?: return BadgeView(word: "Failed", style: .failed, emoji: "❌", detail: "Needs attention now")
        case .warning?:
            return BadgeView(word: "Warning", style: .warning, emoji: "⚠️", detail: "Needs attention soon")
        default: return BadgeView(word: "OK", style: .success, emoji: "✅", detail: "Nothing needs attention")
        }
    }

    func findingText(_ kind: FindingKind) -> String {
        user(InfrastructureText.finding(kind, thresholds: thresholds, date: { input.time.date($0) }))
    }

    /// The digest's Infrastructure section.
    func infrastructureSection(root: String) -> InfrastructureSectionView {
        let infra = summary.infrastructure
        // Each object once, at its worst finding's level, with every finding.
        let problems = infra.problems.compactMap { p -> InfrastructureProblemView? in
            guard let first = p.findings.first else { return nil }
            let subject = InfrastructureText.subject(first, in: infra)
            return InfrastructureProblemView(
                badge: badge(p.severity), kind: subject.kind, name: user(subject.name),
                server: summary.servers.count > 1 ? user(subject.server ?? "") : "",
                text: (p.findings.map { findingText($0.kind) }
                    + [InfrastructureText.affects(summary.affectedJobs(p), in: summary, name: user)].compactMap { $0 })
                    .joined(separator: "; "))
        }
        return InfrastructureSectionView(
            headline: InfrastructureText.headline(infra), problems: problems, hasProblems: !problems.isEmpty,
            hasSnapshots: !infra.isEmpty, asOf: infra.newestSnapshot.map { time($0) } ?? "an unknown time",
            link: (linkBase ?? root) + Self.infrastructureFile + "." + ext)
    }

    /// The infrastructure page.
    package func infrastructurePage() -> InfrastructurePageView {
        let infra = summary.infrastructure
        let worst = infra.worst
        let pageBadge =
            infra.isEmpty
            ? BadgeView(word: "Unknown", style: .other, emoji: "❔", detail: "No snapshot was read") : badge(worst)
        let repositories = infra.repositories.map(repositoryRow)
        let proxies = infra.proxies.map(proxyRow)
        let licenses = infra.licenses.map(licenseRow)
        let licensing = infra.organizationLicensing.map { l in
            LicensingRowView(
                organization: user(l.name), server: serverColumn(l.server), licensedUsers: count(l.licensedUsers),
                newUsers: count(l.newUsers))
        }
        let t = thresholds
        let words =
            "free space below \(Self.plain(t.freeWarningPercent))% is a warning, below \(Self.plain(t.freeFailurePercent))% a failure; "
            + "a repository full within \(Self.plain(t.fullWarningDays)) days is a warning, within \(Self.plain(t.fullFailureDays)) days a failure "
            + "(growth fitted over \(Self.plain(t.trendDays)) days of snapshots); "
            + "a licence that expires within \(Self.plain(t.licenseWarningDays)) days is a warning, within \(Self.plain(t.licenseFailureDays)) days or expired a failure."
        return InfrastructurePageView(
            page: page(
                title: "[\(pageBadge.word)] Infrastructure", root: "",
                status: infra.isEmpty ? "other" : worstClass(worst ?? .success)),
            badge: pageBadge, heading: "Infrastructure", section: infrastructureSection(root: ""),
            repositories: repositories, hasRepositories: !repositories.isEmpty, proxies: proxies,
            hasProxies: !proxies.isEmpty, licenses: licenses, hasLicenses: !licenses.isEmpty, licensing: licensing,
            hasLicensing: !licensing.isEmpty, thresholds: words)
    }

    /// A server's name for a row's server column: empty when the report holds one server.
    func serverColumn(_ name: String?) -> String { summary.servers.count > 1 ? user(name ?? "") : "" }

    /// A repository's row: its kind, space, growth, forecast, findings and free-space trend.
    func repositoryRow(_ r: RepositoryState) -> RepositoryRowView {
        let kind: String
        if r.isObjectStorage {
            kind =
                "object storage" + (r.objectStorageType.map { " (\(user($0)))" } ?? "")
                + (r.isLongTerm == true ? ", archive tier" : "")
        } else {
            kind = "disk"
        }
        var flags: [String] = []
        flags += r.findings.map { findingText($0.kind) }
        let forecast: String
        if let days = r.daysToFull {
            forecast = "full in " + InfrastructureText.daysToFull(days)
        } else if r.notes.contains(.notFilling) {
            forecast = "not filling up"
        } else {
            forecast = "unknown"
        }
        // "not filling up" is the forecast itself; the other notes say why a figure is unknown.
        let shownNotes = r.notes.filter { $0 != .notFilling }
        let tops = r.trend.compactMap(\.freeBytes).max() ?? 0
        let trend = r.trend.map { p -> BarView in
            let value = p.freeBytes.map(Double.init)
            let percent = value.map { tops > 0 ? Int(($0 / Double(tops) * 100).rounded()) : 0 } ?? 0
            // Coloured by the day's free space against the limits; grey when it is unknown.
            var css = "other"
            if let free = p.freeBytes, let capacity = r.capacityBytes {
                let share = Double(free) / Double(capacity) * 100
                css =
                    share < thresholds.freeFailurePercent
                    ? "failed" : share < thresholds.freeWarningPercent ? "warning" : "success"
            }
            return BarView(
                label: input.time.date(p.time), value: bytes(p.freeBytes),
                percent: max(percent, value == nil ? 0 : 1),
                textBar: ViewBuilder.textBar(percent), cssClass: css, link: "")
        }
        return RepositoryRowView(
            badge: badge(r.worst), name: user(r.name), server: serverColumn(r.server), path: user(r.path ?? ""),
            kind: kind, capacity: bytes(r.capacityBytes), free: bytes(r.freeBytes),
            freePercent: r.freePercent.map {
                QuantityView(
                    text: InfrastructureText.freePercent($0), exact: HumanUnits.fixed($0, 2) + "%", known: true)
            } ?? unknown,
            used: bytes(r.usedBytes),
            growth: r.growthBytesPerDay.map {
                QuantityView(
                    text: InfrastructureText.growth($0),
                    exact: HumanUnits.wholeNumber($0) + " B/day over \(r.trendPoints) days", known: true)
            } ?? unknown,
            forecast: forecast, findings: flags, notes: shownNotes.map { user(InfrastructureText.note($0)) },
            hasNotes: !shownNotes.isEmpty, trend: trend,
            hasTrend: r.trend.filter { $0.freeBytes != nil }.count >= 2,
            sparkline: ViewBuilder.sparkline(r.trend.map { $0.freeBytes.map(Double.init) }), asOf: time(r.time),
            trendMaximum: HumanUnits.bytes(tops), trendStart: r.trend.first.map { input.time.date($0.time) } ?? "",
            trendEnd: r.trend.last.map { input.time.date($0.time) } ?? "", trendCount: trend.count)
    }

    /// A proxy's row.
    func proxyRow(_ p: ProxyState) -> ProxyRowView {
        var version = user(p.version ?? "unknown")
        if let server = p.serverVersion { version += " (server: \(user(server)))" }
        return ProxyRowView(
            badge: badge(p.worst), name: user(p.name), server: serverColumn(p.server),
            status: user(p.status ?? "unknown"), maintenance: user(p.maintenanceModeState ?? ""), version: version,
            cpu: count(p.cpuUsagePercent, unit: "%"), memory: count(p.memoryUsagePercent, unit: "%"),
            findings: p.findings.map { findingText($0.kind) })
    }

    /// A licence's row: when it expires and how far off that is.
    func licenseRow(_ l: LicenseState) -> LicenseRowView {
        let expires: String
        if let e = l.expires {
            expires = input.time.date(e)
        } else {
            expires = l.expiryUnreadable ? "unknown (the server's date could not be read)" : "unknown"
        }
        var daysLeft = ""
        if let d = l.daysLeft {
            daysLeft = d >= 0 ? "in " + InfrastructureText.daysLeft(d) : InfrastructureText.daysLeft(-d) + " ago"
        }
        return LicenseRowView(
            badge: badge(l.worst), server: serverColumn(l.server), status: user(l.status ?? "unknown"),
            type: user(l.type ?? ""), licensedTo: user(l.licensedTo ?? ""), expires: expires, daysLeft: daysLeft,
            grace: l.gracePeriodExpires.map { input.time.date($0) } ?? "", used: count(l.usedNumber),
            total: count(l.totalNumber), newUsers: count(l.newNumber),
            findings: l.findings.map { findingText($0.kind) })
    }

    static func plain(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : HumanUnits.fixed(v, 1) }
}
