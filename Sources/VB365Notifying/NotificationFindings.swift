import Foundation
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365SummaryOutput
import VB365Text

/// What a channel may be told about, judged as `check` judges (`MonitoringCheck.evaluate`) in
/// the channel's scope: its organizations, servers and jobs, so a tenant's channel sees its own
/// jobs and protection and the infrastructure that serves them, nothing of another tenant.
package enum NotificationFindings {
    /// The findings of `summary` for `channel`: every covered job (OK ones too, so a problem can
    /// be seen to end), each organization's protection, the infrastructure and fetch notes, and
    /// `data` when nothing can be judged (UNKNOWN: no data is not success). `linked`: the pages
    /// are named (the site's), for links.
    package static func make(
        _ summary: Summary, channel: NotificationChannel, policy: CheckPolicy, zone: LocalTime, linked: Bool
    ) -> [Finding] {
        let scope = CheckScope(jobs: channel.jobs, organizations: channel.organizations, servers: channel.servers)
        let result = MonitoringCheck.evaluate(summary, policy: policy, scope: scope, zone: zone)
        var findings: [Finding] = []
        let parts = result.tenants.map(\.state) + result.notes.map(\.state)
        if result.state == .unknown && !parts.contains(.unknown) {
            // No data, or a scope that names nothing there is: said, never taken for success. A
            // tenant's channel is not shown what else there is (the other tenants' names).
            var reason = result.headline
            if channel.isTenantScoped && result.jobs.isEmpty {
                let names = (channel.organizations + channel.jobs).map { "'\($0)'" }.joined(separator: ", ")
                reason = "nothing of \(names) is in the data, so nothing can be judged"
            }
            findings.append(
                Finding(key: "data", subject: .data, level: .unknown, title: "the data", reasons: [reason]))
        }
        let links = linked && !channel.isTenantScoped
        for job in result.jobs {
            guard let index = job.index else { continue }
            findings.append(self.job(job, index: index, summary: summary, zone: zone, linked: links))
        }
        for tenant in result.tenants {
            findings.append(protection(tenant, summary: summary, linked: links))
        }
        for note in result.notes where !note.key.isEmpty {
            let subject: Finding.Subject =
                note.key.hasPrefix("server/")
                ? .server
                : note.key.hasPrefix("infrastructure/")
                    ? .infrastructure : note.key.hasPrefix("security/") ? .security : .data
            // Unreadable archive files are the provider's (their paths name other tenants' servers).
            if subject == .data && channel.isTenantScoped { continue }
            findings.append(
                Finding(
                    key: note.key, subject: subject, level: note.state, title: title(of: note, subject: subject),
                    reasons: [reason(of: note, subject: subject)],
                    page: links && subject == .infrastructure ? "index.html#infrastructure" : nil))
        }
        return findings
    }

    /// The subjects `findings` (from `make`) judged: a remembered problem of another subject is
    /// not resolved by being absent. No data judges the data alone when no job is covered (a
    /// scope that names nothing there is, an empty archive), and the jobs, protection and
    /// servers but not the infrastructure or the input files when the window holds no session
    /// (`check` stops before those).
    package static func judged(_ findings: [Finding]) -> Set<Finding.Subject> {
        let all = Set(Finding.Subject.allCases).subtracting([.run])
        guard findings.contains(where: { $0.key == "data" }) else { return all }
        guard findings.contains(where: { $0.subject == .job }) else { return [.data] }
        return [.data, .job, .protection, .server]
    }

    /// A job's finding: `check`'s level and reasons, except that a job whose newest run
    /// succeeded (and that is neither missed, hung nor stale) is OK now, `succeeded at …`, even
    /// while the window still holds its earlier failure: a channel hears that the problem ended
    /// when it ended, not a window later.
    static func job(_ job: CheckResult.Job, index: Int, summary: Summary, zone: LocalTime, linked: Bool) -> Finding {
        let facts = summary.jobs[index]
        let organization = summary.organizations[facts.organizationIndex]
        var level = job.state
        var reasons = job.reasons
        if level != .ok, let last = facts.lastSession, last.status == .success, facts.freshness.missed == nil,
            facts.freshness.hung == nil, facts.freshness.stale == nil
        {
            level = .ok
            reasons = ["succeeded at \(zone.format(last.endTime ?? last.creationTime))"]
        }
        var finding = Finding(
            key: job.key, subject: .job, level: level, title: job.label, reasons: reasons,
            server: facts.serverIndex.map { summary.servers[$0].name }, organization: organization.name,
            organizationID: organization.id?.description, job: facts.name,
            page: linked ? FileNames.job(index, of: summary) + ".html" : nil)
        // OK only because no run ended in the window (the night's run is still going, or not yet
        // due): nothing new is known, so an open problem stays open (measured on the schedule
        // world: a job warning every night was otherwise "resolved" each evening).
        finding.held = level == .ok && facts.statistics.runs.finished == 0 && facts.lastSession?.status != .success
        return finding
    }

    /// An organization's protection, with its page.
    static func protection(_ tenant: CheckResult.Tenant, summary: Summary, linked: Bool) -> Finding {
        func address(_ t: TenantProtection) -> String { t.serverIndex.map { summary.servers[$0].address } ?? "" }
        let found = summary.protection.tenants.first { "protection/\(address($0))/\($0.organizationID)" == tenant.key }
        let page = found.map {
            FileNames.protection(name: $0.displayName, id: $0.organizationID.description, server: address($0))
                + ".html"
        }
        return Finding(
            key: tenant.key, subject: .protection, level: tenant.state, title: "protection of \(tenant.label)",
            reasons: tenant.reasons, server: found?.serverIndex.map { summary.servers[$0].name },
            organization: tenant.organization, organizationID: tenant.organizationID, page: linked ? page : nil)
    }

    /// What a note says after its title: `7.1% free (below 15%)`.
    static func reason(of note: CheckResult.Note, subject: Finding.Subject) -> String {
        guard subject != .data, let colon = note.text.range(of: ": ") else { return note.text }
        return String(note.text[colon.upperBound...])
    }

    /// What a note is about: its text up to the first `: ` (`server vbo is not up to date`,
    /// `Repository Repo-EU (vbo)`), or `input files`.
    static func title(of note: CheckResult.Note, subject: Finding.Subject) -> String {
        guard subject != .data, let colon = note.text.range(of: ": ") else { return "input files" }
        return String(note.text[..<colon.lowerBound])
    }
}
