/// The digest's Security section: the security findings of the window, worst first; absent when
/// there is none (it lists problems only).
package struct SecuritySectionView: TemplateView, Sendable {
    /// `2 security findings: each needs a look; none is proof of an attack.`
    package var headline: String
    /// Worst first, then oldest first (**SecurityFindingView**).
    package var findings: [SecurityFindingView]
}

/// One security finding.
package struct SecurityFindingView: TemplateView, Sendable {
    /// Its level: Warning or Failed.
    package var badge: BadgeView
    /// `Unusual change`, `Fewer objects`.
    package var title: String
    /// When it happened, in the report's time zone.
    package var time: String
    /// The job's name, made safe; empty when it is about no job.
    package var job: String
    /// The link to the job's page.
    package var jobLink: String
    /// The session's page.
    package var sessionLink: String
    /// The organization's name (and its server's when the report covers several).
    package var organization: String
    /// What was seen: `transferred 48 GB, 31× its usual 1.5 GB; …`.
    package var text: String
    /// What to check.
    package var advice: String
    /// For a finding about a restore session, the link to its row on the restore activity page
    /// (`restores.html#restore-…`); empty for a finding about a job.
    package var restoreLink: String = ""

    /// True when the finding is about a job.
    package var hasJob: Bool { !job.isEmpty }
    /// True when the finding is about a restore session, linked on the restore activity page.
    package var hasRestoreLink: Bool { !restoreLink.isEmpty }
    /// True when the finding names its organization apart from a job: a restore session's.
    package var hasOrganization: Bool { job.isEmpty && !organization.isEmpty }
}
