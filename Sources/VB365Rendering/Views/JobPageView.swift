/// A job's page (`jobs/<job>.html`, `.md`).
package struct JobPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The name, made safe for the format.
    package var name: String
    /// The organization's name.
    package var organization: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// For a backup copy job, the job it copies (a **CopyOfView**); absent for a backup job.
    package var copyOf: CopyOfView?
    /// The failed or warned objects of the window's sessions by type: `3 users, 1 site`; empty
    /// when there are none (or no session says, as before v7).
    package var objectProblems: String = ""
    /// True when `objectProblems` is not empty.
    package var hasObjectProblems: Bool { !objectProblems.isEmpty }
    /// Why the job is missed or stale, in sentences (empty when it is neither).
    package var overdueReasons: [String]
    /// True when the job is missed or stale.
    package var isOverdue: Bool
    /// The job's statistics (**StatView** list).
    package var statistics: [StatView]
    /// Duration of each session, oldest first (at most the last 30).
    package var durationTrend: [BarView]
    /// Processing rate of each session, oldest first (at most the last 30).
    package var rateTrend: [BarView]
    /// The scale of the duration trend (an **AxisView**).
    package var durationAxis: AxisView
    /// The scale of the processing-rate trend (an **AxisView**).
    package var rateAxis: AxisView
    /// The date of the trend's oldest session (`2026-11-09`), under its first bar.
    package var trendStart: String
    /// The date of the trend's newest session, under its last bar.
    package var trendEnd: String
    /// `▁▂▅▇` sparklines for Markdown.
    package var durationSparkline: String
    /// The same for the processing rate.
    package var rateSparkline: String
    /// Sessions in the window, newest first.
    package var sessions: [SessionRowView]
    /// Sessions before the window, newest first.
    package var history: [SessionRowView]
    /// True when the job has sessions in the window.
    package var hasSessions: Bool
    /// True when the job has earlier sessions.
    package var hasHistory: Bool
    /// True when the trend has at least one session; `trendCount` says how many.
    package var hasTrend: Bool
    /// How many sessions the trend shows.
    package var trendCount: Int
    /// On a site, the months of the job's sessions, newest first, each with its page
    /// (**JobMonthView** list); empty in a report, whose job page lists every session.
    package var months: [JobMonthView] = []
    /// True when `months` is not empty.
    package var hasMonths: Bool = false
    /// On a site, how many earlier sessions `history` leaves to the month pages (it lists the
    /// newest 30); 0 in a report.
    package var olderSessions: Int = 0
    /// True when `olderSessions` is not 0.
    package var hasOlderSessions: Bool = false
}

/// A month on a job's page: its link and how many sessions it holds.
package struct JobMonthView: TemplateView, Sendable {
    /// `November 2026`.
    package var label: String
    /// `2026-11`.
    package var month: String
    /// A relative link to the month's page.
    package var link: String
    /// How many sessions of the job the month holds.
    package var sessions: Int
}

/// The backup job a backup copy job copies.
package struct CopyOfView: TemplateView, Sendable {
    /// The backup job's name; `backup job <id>` when the report does not hold it, `a backup job`
    /// when VB365 does not say which.
    package var name: String
    /// A link to the backup job's page, when the report holds it (else empty).
    package var link: String
    /// True when `link` is not empty.
    package var hasLink: Bool { !link.isEmpty }
}
