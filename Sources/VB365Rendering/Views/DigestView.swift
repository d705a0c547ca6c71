/// The digest page (`index.html`, `index.md`).
package struct DigestView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The worst status of the window.
    package var badge: BadgeView
    /// The title without its status word, for beside the badge: `VB365 report 2026-11-23`.
    package var heading: String
    /// `2 of 4 jobs need action; 1 for information` or `All 4 jobs backed up` (`Summary.actionHeadline`).
    package var headline: String
    /// The Infrastructure section (**InfrastructureSectionView**): only what needs attention, else a one-line all-clear.
    package var infrastructure: InfrastructureSectionView = .empty
    /// The Security section (**SecuritySectionView**): the window's security findings; absent
    /// when there is none.
    package var security: SecuritySectionView?
    /// The Restore activity section (**RestoreActivitySectionView**): the window's restores in one
    /// line, with the link to their page; absent when the report has no restore activity page.
    package var restores: RestoreActivitySectionView?
    /// The Protection section (**ProtectionSectionView**): the organizations whose objects need
    /// attention; absent when no protection snapshot was read.
    package var protection: ProtectionSectionView?
    /// The sections, each with its count where it has one (**ContentsEntryView**), for a line of
    /// links at the top; empty (and not shown) up to `ViewBuilder.contentsAboveJobs` jobs, which
    /// fit a screen.
    package var contents: [ContentsEntryView] = []
    /// True when **contents** is shown.
    package var hasContents: Bool { !contents.isEmpty }
    /// What the e-mail's text part left out to stay short (`To keep this message short: Log
    /// lines are left out. 70 jobs that succeeded are left out. … The full report: https://…`);
    /// empty elsewhere.
    package var leftOut: String = ""
    /// True when **leftOut** is set.
    package var hasLeftOut: Bool { !leftOut.isEmpty }
    /// The headline numbers (**StatView** list).
    package var totals: [StatView]
    /// One line per server (**ServerRowView**), when the sessions came from more than one.
    package var servers: [ServerRowView] = []
    /// True when the sessions came from more than one server: the digest then has a Servers
    /// section, and jobs and organizations name their server.
    package var hasServers: Bool { servers.count > 1 }
    /// One line per organization (**OrganizationRowView**).
    package var organizations: [OrganizationRowView]
    /// One line per job (**JobRowView**).
    package var jobs: [JobRowView]
    /// Sessions that need attention, newest first (**AttentionView**).
    package var attention: [AttentionView]
    /// True when any session needs attention.
    package var hasAttention: Bool
    /// Jobs that missed a run or whose last success is too old, shown first (**OverdueView**).
    package var overdue: [OverdueView]
    /// True when any job is missed or stale.
    package var hasOverdue: Bool
    /// True when the window holds no session at all.
    package var isEmpty: Bool
    /// What to know about the data before trusting it, one sentence each: a server whose fetch
    /// failed this run, so that its jobs show an earlier fetch (shown first, above the totals).
    package var notices: [String] = []
    /// True when there is a notice.
    package var hasNotices: Bool { !notices.isEmpty }
    /// The input files left out because they could not be read (**UnreadableFileView**), shown
    /// first: the report is made from the others.
    package var unreadableFiles: [UnreadableFileView] = []
    /// True when a file was left out.
    package var hasUnreadableFiles: Bool { !unreadableFiles.isEmpty }
}

/// One section of the digest in its line of contents.
package struct ContentsEntryView: TemplateView, Sendable {
    /// The section's anchor on the page (`jobs`, `missed-or-overdue`): the same as the slug
    /// Markdown renderers give its heading.
    package var anchor: String
    /// `Jobs (90)`, `Infrastructure`.
    package var label: String
    /// ` · ` before every entry but the first; empty for the first.
    package var separator: String = ""
}

/// An input file left out of the report because it could not be read.
package struct UnreadableFileView: TemplateView, Sendable {
    /// Where: `path:line:column`, or the path alone, made safe for the format.
    package var location: String
    /// Why it could not be read, made safe for the format.
    package var reason: String
}
