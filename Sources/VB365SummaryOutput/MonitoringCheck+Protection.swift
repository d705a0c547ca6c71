import VB365Model
import VB365Statistics
import VB365Support

extension MonitoringCheck {
    /// Each covered organization's protection, judged by the policy's limits for it: worst first,
    /// then the most objects needing action, then in the summary's order. A scope that names jobs
    /// covers none: protection is the organization's, not a job's.
    static func protectionTenants(_ summary: Summary, scope: CheckScope, policy: CheckPolicy)
        -> [CheckResult.Tenant]
    {
        guard scope.jobs.isEmpty else { return [] }
        let tenants = summary.protection.tenants
        let covered = tenants.indices.filter { protectionCovers(scope, summary, tenants[$0]) }
        let labels = protectionLabels(summary, covered)
        let judged = covered.map { index in
            let tenant = tenants[index]
            var judged = judge(
                tenant, label: labels[index] ?? tenant.displayName,
                thresholds: policy.protectionThresholds(for: tenant.organizationID.description))
            let server = tenant.serverIndex.map { summary.servers[$0].address } ?? ""
            judged.key = "protection/\(server)/\(tenant.organizationID)"
            judged.organization = tenant.displayName
            judged.organizationID = tenant.organizationID.description
            return judged
        }
        return judged.enumerated().sorted { a, b in
            if a.element.state != b.element.state { return a.element.state > b.element.state }
            if a.element.problems != b.element.problems { return a.element.problems > b.element.problems }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// True when `scope` (of organizations and servers) covers the tenant: by its name or id, or
    /// by the name or id of the organization the sessions call it; a server's scope needs the
    /// tenant's server to be known.
    static func protectionCovers(_ scope: CheckScope, _ summary: Summary, _ tenant: TenantProtection) -> Bool {
        let organization = tenant.organizationIndex.flatMap {
            summary.organizations.indices.contains($0) ? summary.organizations[$0] : nil
        }
        let ids = [tenant.organizationID.description] + (organization?.id.map { [$0.description] } ?? [])
        let named =
            CheckScope.matches(scope.organizations, name: tenant.displayName, ids: ids)
            || organization.map { CheckScope.matches(scope.organizations, name: $0.name, ids: ids) } ?? false
        guard named else { return false }
        if scope.servers.isEmpty { return true }
        guard let index = tenant.serverIndex(in: summary) else { return false }
        let server = summary.servers[index]
        return CheckScope.matches(scope.servers, name: server.name, ids: [server.address])
    }

    /// Each covered tenant's label: its name, with its server when another covered tenant has the
    /// same name, then its id, then its place (two snapshots of one id whose servers are unknown).
    static func protectionLabels(_ summary: Summary, _ covered: [Int]) -> [Int: String] {
        let tenants = summary.protection.tenants
        var labels: [Int: String] = [:]
        for i in covered { labels[i] = tenants[i].displayName }
        let qualifiers: [(Int) -> String?] = [
            { i in tenants[i].serverIndex(in: summary).map { " on \(summary.servers[$0].name)" } },
            { i in " [\(tenants[i].organizationID)]" },
            { i in " #\(i + 1)" },
        ]
        for qualifier in qualifiers {
            let counts = Dictionary(grouping: covered) { labels[$0] ?? "" }
            for (_, same) in counts where same.count > 1 {
                for i in same { labels[i] = (labels[i] ?? "") + (qualifier(i) ?? "") }
            }
        }
        return labels
    }

    /// One tenant's state, its reasons and its performance data: the objects that need action
    /// (counted by kind, in words), an exceeded licence, a coverage that is not known, and the
    /// share protected.
    static func judge(_ tenant: TenantProtection, label: String, thresholds: ProtectionCheckThresholds)
        -> CheckResult.Tenant
    {
        let totals = tenant.totals
        let gaps = totals[.unprotected] + totals[.neverBackedUp]
        let breached = totals[.breached]
        var found: [(state: CheckState, text: String)] = []
        let problems = [
            (ProtectionState.unprotected, "unprotected (in no job)"), (.neverBackedUp, "never backed up (in a job)"),
            (.breached, "breached"),
        ].compactMap { state, words in objectCounts(tenant, state).map { "\($0) \(words)" } }
        if !problems.isEmpty {
            let level = max(
                ProtectionCheckThresholds.level(
                    gaps, warning: thresholds.warningObjects, critical: thresholds.criticalObjects),
                ProtectionCheckThresholds.level(
                    breached, warning: thresholds.warningBreached, critical: thresholds.criticalBreached))
            found.append((level, problems.joined(separator: ", ")))
        }
        if !tenant.licenceExceeded.isEmpty {
            found.append(
                (
                    thresholds.licenseExceeded,
                    "licence exceeded for \(Formatting.count(tenant.licenceExceeded.count, "user")) (not backed up until it has room)"
                ))
        }
        let sources = joined(tenant.incompleteSources.map { $0.rawValue.replacingAll("-", with: " ") })
        if let age = tenant.staleSnapshotSeconds {
            found.append(
                (
                    thresholds.coverageUnknown,
                    "coverage unknown (the newest protection snapshot is \(Int(age / Seconds.day)) days old; the protection fetch may have stopped)"
                ))
        } else if tenant.coverageUnknown {
            found.append(
                (thresholds.coverageUnknown, "coverage unknown (the server did not give its \(sources) completely)"))
        } else if !tenant.incompleteSources.isEmpty {
            found.append((.ok, "the server did not give its \(sources) completely"))
        }
        found.append((.ok, protectedWords(tenant, totals)))
        var performance: [CheckResult.Performance] = []
        if !tenant.coverageUnknown, let share = totals.protectedShare {
            performance.append(.init(metric: "protected_share", value: decimal(share, 4), unit: ""))
        }
        performance.append(
            .init(
                metric: "not_protected", value: String(gaps), unit: "",
                warning: ProtectionCheckThresholds.performanceThreshold(thresholds.warningObjects),
                critical: ProtectionCheckThresholds.performanceThreshold(thresholds.criticalObjects)))
        performance.append(
            .init(
                metric: "breached", value: String(breached), unit: "",
                warning: ProtectionCheckThresholds.performanceThreshold(thresholds.warningBreached),
                critical: ProtectionCheckThresholds.performanceThreshold(thresholds.criticalBreached)))
        let state = found.map(\.state).max() ?? .ok
        let reasons = found.enumerated().sorted { a, b in
            a.element.state != b.element.state ? a.element.state > b.element.state : a.offset < b.offset
        }.map(\.element.text)
        return CheckResult.Tenant(
            state: state, label: label, reasons: reasons, decisive: found.filter { $0.state == state }.count,
            performance: performance, problems: totals.problems)
    }

    /// `2 users and 1 team`: the tenant's objects in `state`, by kind; nil for none.
    static func objectCounts(_ tenant: TenantProtection, _ state: ProtectionState) -> String? {
        let parts = ProtectedObjectKind.allCases.compactMap { kind -> String? in
            let n = tenant.byKind[kind]?[state] ?? 0
            return n > 0 ? Formatting.count(n, kind.word) : nil
        }
        return parts.isEmpty ? nil : joined(parts)
    }

    /// How much is protected: `all 40 objects protected`, `37 of 40 objects protected`, or, when
    /// some are unknown, only what is known; with the objects excluded on purpose.
    static func protectedWords(_ tenant: TenantProtection, _ totals: StateCounts) -> String {
        let excluded = totals[.excluded] > 0 ? ", \(totals[.excluded]) excluded" : ""
        let protected = totals[.protected]
        if tenant.coverageUnknown || totals[.unknown] > 0 {
            return "\(Formatting.count(protected, "object")) known protected, \(totals[.unknown]) unknown\(excluded)"
        }
        if totals.inScope == 0 { return "no object to protect\(excluded)" }
        if protected == totals.inScope { return "all \(Formatting.count(protected, "object")) protected\(excluded)" }
        return "\(protected) of \(Formatting.count(totals.inScope, "object")) protected\(excluded)"
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func joined(_ parts: [String]) -> String {
        parts.count < 2 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}
