import VB365Model
import VB365Statistics
import VB365Text

extension MonitoringCheck {
    /// The security findings about the covered jobs (and, for restore sessions, the covered jobs'
    /// organizations) as notes, at the levels of the policy's `failed` and `warning` (CRITICAL
    /// and WARNING unless `--level` says otherwise), each remembered by its session so that a
    /// channel is told once.
    static func securityNotes(_ summary: Summary, covered: [Int], policy: CheckPolicy, zone: LocalTime)
        -> [CheckResult.Note]
    {
        let coveredJobs = Set(covered)
        let organizations = Set(covered.map { summary.jobs[$0].organizationIndex })
        let wholeInput = covered.count == summary.jobs.count
        return summary.securityFindings.compactMap { finding in
            let key: String
            switch finding.subject {
            case .change(let job, let change):
                guard coveredJobs.contains(job) else { return nil }
                key =
                    "security/\(finding.kind.rawValue)/\(self.key(summary, job: job).dropFirst("job/".count))/\(change.session)"
            case .restore(let index):
                let a = summary.restores[index]
                // A restore of no known organization counts only for the whole input.
                guard a.organizationIndex.map(organizations.contains) ?? wholeInput else { return nil }
                let server = a.serverIndex.map { summary.servers[$0].address } ?? ""
                key = "security/restore/\(server)/\(a.session.id)"
            case .setting(let index):
                let c = summary.settingChanges[index]
                // A job's change counts where the job is covered; a repository's where its
                // organization is (a shared one's only for the whole input).
                if let job = c.jobIndex {
                    guard coveredJobs.contains(job) else { return nil }
                } else {
                    guard c.organizationIndex.map(organizations.contains) ?? wholeInput else { return nil }
                }
                let server = c.serverIndex.map { summary.servers[$0].address } ?? ""
                key =
                    "security/\(c.kind.rawValue)/\(server)/\(c.isRepository ? "repository" : "job")/\(c.id)/\(c.firstSeen.iso8601)"
            }
            return CheckResult.Note(
                state: policy.level(finding.level >= .failed ? .failed : .warning),
                text: SecurityText.line(finding, in: summary, zone: zone), key: key)
        }
    }
}
