import VB365Model
import VB365Statistics
import VB365Support

/// The words for the infrastructure's findings and unknown figures, the same in every format and
/// output (digest, infrastructure page, e-mail, summary text, check). Dates come formatted by the
/// caller (`date`), in the report's time zone.
package enum InfrastructureText {
    /// What a finding says: `2.1% free (below 5%)`, `full in ~4 days`, `offline`, ...
    package static func finding(
        _ kind: FindingKind, thresholds: InfrastructureThresholds, date: (Timestamp) -> String
    ) -> String {
        switch kind {
        case .lowFreeSpace(let percent):
            let limit =
                percent < thresholds.freeFailurePercent ? thresholds.freeFailurePercent : thresholds.freeWarningPercent
            return "\(freePercent(percent)) free (below \(number(limit))%)"
        case .fillsSoon(let days):
            let limit = days < thresholds.fullFailureDays ? thresholds.fullFailureDays : thresholds.fullWarningDays
            return "full in \(daysToFull(days)) at its growth of the last weeks (within \(number(limit)) days)"
        case .outOfOrder(let reason):
            return "invalid (out of order)" + (reason.map { ": " + $0 } ?? "")
        case .outOfSync: return "out of sync with its object storage"
        case .outdated: return "out of date: it must be upgraded"
        case .offline(let since?, let orEarlier):
            return orEarlier ? "offline in every snapshot since \(date(since))" : "offline since \(date(since))"
        case .offline: return "offline"
        case .maintenance: return "in maintenance mode"
        case .versionMismatch(let proxy, let server): return "runs version \(proxy), the server \(server)"
        case .expired(let on, let grace):
            var text = "the licence has expired" + (on.map { " (\(date($0)))" } ?? "")
            if let grace { text += "; its grace period ends \(date(grace))" }
            return text
        case .expiresSoon(let on, let days):
            // The limit it passed, as for free space and the forecast.
            let limit =
                days <= thresholds.licenseFailureDays ? thresholds.licenseFailureDays : thresholds.licenseWarningDays
            return "the licence expires \(date(on)), in \(daysLeft(days)) (within \(number(limit)) days)"
        case .overused(let used, let total):
            return "\(HumanUnits.count(used)) users licensed, \(HumanUnits.count(total)) allowed"
        }
    }

    /// What a finding is about: `Repository Contoso (vbo-eu)`, `Proxy proxy-02`, `Licence`.
    package static func subject(_ finding: InfrastructureFinding, in summary: InfrastructureSummary) -> (
        kind: String, name: String, server: String?
    ) {
        switch finding.subject {
        case .repository(let i): return ("Repository", summary.repositories[i].name, summary.repositories[i].server)
        case .proxy(let i): return ("Proxy", summary.proxies[i].name, summary.proxies[i].server)
        case .license(let i): return ("Licence", summary.licenses[i].licensedTo ?? "", summary.licenses[i].server)
        }
    }

    /// One line for a finding, for text outputs: `Repository Contoso: 2.1% free (below 5%)`.
    package static func line(
        _ finding: InfrastructureFinding, in summary: InfrastructureSummary, thresholds: InfrastructureThresholds,
        date: (Timestamp) -> String
    ) -> String {
        let s = subject(finding, in: summary)
        var head = s.kind
        if !s.name.isEmpty { head += " " + s.name }
        if let server = s.server { head += " (\(server))" }
        return head + ": " + self.finding(finding.kind, thresholds: thresholds, date: date)
    }

    /// One object's line: `Repository Contoso repository (vbo): full in ~2 days …; 7.1% free
    /// (below 15%)`, every finding of the object after its name, worst first.
    package static func line(
        _ problem: InfrastructureProblem, in summary: InfrastructureSummary, thresholds: InfrastructureThresholds,
        date: (Timestamp) -> String
    ) -> String {
        guard let first = problem.findings.first else { return "" }
        let s = subject(first, in: summary)
        var head = s.kind
        if !s.name.isEmpty { head += " " + s.name }
        if let server = s.server { head += " (\(server))" }
        return head + ": "
            + problem.findings.map { self.finding($0.kind, thresholds: thresholds, date: date) }.joined(
                separator: "; ")
    }

    /// The most jobs an infrastructure problem names before `and N more`.
    static let affectedJobsNamed = 5

    /// `affects 2 jobs: Fabrikam GmbH / Exchange Online mailboxes, …` for the jobs
    /// `Summary.affectedJobs` gives (named `organization / job`, made safe by the caller's
    /// `name`); nil when it links none.
    package static func affects(_ jobs: [Int], in summary: Summary, name: (String) -> String) -> String? {
        guard !jobs.isEmpty else { return nil }
        let named = jobs.prefix(affectedJobsNamed).map { index in
            let job = summary.jobs[index]
            return name(summary.organizations[job.organizationIndex].name) + " / " + name(job.name)
        }
        let more = jobs.count > affectedJobsNamed ? ", and \(jobs.count - affectedJobsNamed) more" : ""
        return "affects \(Formatting.count(jobs.count, "job")): " + named.joined(separator: ", ") + more
    }

    /// Why a repository figure is unknown, or why there is no forecast.
    package static func note(_ note: RepositoryNote) -> String {
        switch note {
        case .capacityMissing: return "the server gave no capacity: free space in % is unknown"
        case .capacityZero: return "the server gave a capacity of 0: free space in % is unknown"
        case .freeMissing: return "the server gave no free space: it is unknown"
        case .freeExceedsCapacity(let free, let capacity):
            return
                "the server gave more free space (\(HumanUnits.bytes(free))) than capacity (\(HumanUnits.bytes(capacity))): free space is unknown"
        case .objectStorage: return "object storage: no fixed capacity, so no free space in % and no forecast"
        case .tooFewSnapshots(let count):
            return
                "no forecast yet: it needs snapshots of at least 3 days over 2 days or more (\(count == 1 ? "1 day" : "\(count) days") so far)"
        case .notFilling: return "not filling up: its used space did not grow over the last weeks, so no forecast"
        }
    }

    /// `2.1%`, `0.4%`, `45%`.
    package static func freePercent(_ percent: Double) -> String {
        percent < 10 ? HumanUnits.fixed(percent, 1) + "%" : HumanUnits.fixed(percent, 0) + "%"
    }

    /// `~12 days`, `~1 day`, `less than a day`, `~3 years`.
    package static func daysToFull(_ days: Double) -> String {
        if days < 1 { return "less than a day" }
        if days >= 730 { return "~\(Int((days / 365).rounded())) years" }
        let d = Int(days.rounded(.down))
        return "~\(d) day\(d == 1 ? "" : "s")"
    }

    /// `3 days`, `1 day`, `less than a day`.
    package static func daysLeft(_ days: Double) -> String {
        if days < 1 { return "less than a day" }
        let d = Int(days.rounded(.down))
        return "\(d) day\(d == 1 ? "" : "s")"
    }

    /// `+12.3 GB/day`, `-1.5 GB/day`.
    package static func growth(_ bytesPerDay: Double) -> String {
        (bytesPerDay < 0 ? "-" : "+") + HumanUnits.bytes(abs(bytesPerDay)) + "/day"
    }

    /// The all-clear or the count of problems, for a digest's one line.
    package static func headline(_ summary: InfrastructureSummary) -> String {
        if summary.isEmpty {
            return "No repository, proxy or licence snapshot was read: their state is unknown."
        }
        let findings = summary.findings
        let stale = summary.staleSnapshotSeconds.map {
            "The newest snapshot is \(HumanUnits.duration($0)) old, so this may have changed since: "
        }
        if let stale, findings.isEmpty { return stale + "it showed nothing that needs attention." }
        if findings.isEmpty {
            var parts: [String] = []
            if !summary.repositories.isEmpty {
                parts.append(Formatting.countText(summary.repositories.count, "repository", "repositories"))
            }
            if !summary.proxies.isEmpty {
                parts.append(Formatting.countText(summary.proxies.count, "proxy", "proxies"))
            }
            if !summary.licenses.isEmpty {
                parts.append(summary.licenses.count == 1 ? "the licence" : "\(summary.licenses.count) licences")
            }
            if parts.isEmpty { parts.append("the licensing figures") }
            return "All clear: " + joined(parts) + " need no attention."
        }
        // Each object once, at its worst finding's level.
        let problems = summary.problems
        let failed = problems.filter { $0.severity == .failed }.count
        let warnings = problems.count - failed
        var parts: [String] = []
        if failed > 0 { parts.append(Formatting.countText(failed, "failure", "failures")) }
        if warnings > 0 { parts.append(Formatting.countText(warnings, "warning", "warnings")) }
        return (stale ?? "") + joined(parts) + " in the infrastructure."
    }

    static func joined(_ parts: [String]) -> String {
        switch parts.count {
        case 0: return ""
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : HumanUnits.fixed(v, 1)
    }
}

extension Formatting {
    /// `1 repository`, `3 repositories`.
    static func countText(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }
}
