/// A month of a job's sessions on a site (`jobs/<job>-<yyyy-mm>.html`, `.md`): it shows only what
/// the month's sessions say, so that a past month's page stays the same from run to run.
package struct JobMonthPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**; `stable`, coloured by the month's worst session).
    package var page: PageView
    /// The job's name, made safe for the format.
    package var name: String
    /// The organization's name.
    package var organization: String
    /// A relative link to the job's page.
    package var jobLink: String
    /// The month (a **MonthLinkView** to this page).
    package var month: MonthLinkView
    /// How many sessions the month holds.
    package var sessionCount: Int
    /// The month's sessions, newest first (**SessionRowView** list).
    package var sessions: [SessionRowView]
    /// The job's month before this one that has sessions (a **MonthLinkView**); none for the first.
    package var previous: MonthLinkView?
    /// The job's month after this one that has sessions (a **MonthLinkView**); none for the last.
    package var next: MonthLinkView?
}

/// A month of a job's sessions on a site: a link to its page.
package struct MonthLinkView: TemplateView, Sendable {
    /// `November 2026`.
    package var label: String
    /// `2026-11`.
    package var month: String
    /// A relative link to the month's page.
    package var link: String
}
