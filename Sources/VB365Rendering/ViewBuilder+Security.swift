import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    /// The digest's Security section; nil when the window holds no security finding.
    func securitySection(root: String) -> SecuritySectionView? {
        let findings = summary.securityFindings
        guard !findings.isEmpty else { return nil }
        let anchors =
            findings.contains { if case .restore = $0.subject { true } else { false } } ? restoreAnchors() : []
        return SecuritySectionView(
            headline: "\(SecurityText.count(findings.count)): each needs a look; none is proof of an attack.",
            findings: findings.map { securityFinding($0, root: root, anchors: anchors) })
    }

    /// One finding's row; `anchors` are the restore sessions' anchors on the restore activity
    /// page (`restoreAnchors`), which a restore finding's row links to.
    func securityFinding(_ f: SecurityFinding, root: String, anchors: [String] = []) -> SecurityFindingView {
        var text = SecurityText.detail(f, in: summary, zone: input.time, maskOperators: input.maskOperators)
        if case .restore(let index) = f.subject { text = masking(text, of: summary.restores[index]) }
        var view = SecurityFindingView(
            badge: badge(f.level), title: SecurityText.titles(f), time: time(f.time), job: "", jobLink: "",
            sessionLink: "", organization: "", text: user(text), advice: user(SecurityText.advice(f.kind)))
        if let index = f.jobIndex {
            view.job = user(summary.jobs[index].name)
            view.jobLink = jobLink(index, root: root)
            view.organization = organizationLabel(summary.jobs[index])
        }
        switch f.subject {
        case .change(let job, let change):
            view.sessionLink =
                (linkBase ?? root) + input.pagePrefix(job: job) + FileNames.session(change.session) + "." + ext
        case .restore(let index):
            view.organization = restoreOrganization(summary.restores[index])
            if anchors.indices.contains(index) { view.restoreLink = restoresLink(root: root) + "#" + anchors[index] }
        case .setting(let index):
            // What changed, named in the organization's line: a job's page has no session to link.
            let c = summary.settingChanges[index]
            var subject = SecurityText.subject(f, in: summary) ?? c.name
            if summary.servers.count > 1, let server = c.serverIndex { subject += " · " + summary.servers[server].name }
            view.organization = user(subject)
        }
        return view
    }
}
