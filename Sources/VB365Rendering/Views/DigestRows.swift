/// A server's line in the digest, when the sessions came from more than one server.
package struct ServerRowView: TemplateView, Sendable {
    /// The name the configuration gives it, else its host.
    package var name: String
    /// Its address as configured, in normal form (`host:port`).
    package var address: String
    /// The outcome over its jobs (a **BadgeView**).
    package var badge: BadgeView
    /// How many organizations.
    package var organizationCount: Int
    /// How many jobs.
    package var jobCount: Int
    /// How many sessions in the window.
    package var sessions: Int
    /// Runs whose final outcome is Success ÷ finished and missed runs.
    package var successRate: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    package var lastSuccessAge: String
    /// When the latest fetch that worked began (`2026-11-23 21:00`), or `not recorded`.
    package var lastFetched: String
    /// True when the server's data is not up to date (`Summary.fetchIsBehind`): its latest fetch
    /// failed, or none has succeeded for more than a day.
    package var fetchFailed: Bool
    /// Why the latest fetch failed (empty when it worked).
    package var fetchError: String
    /// A Failed badge for the fetch (a **BadgeView**), shown when **fetchFailed**.
    package var fetchBadge: BadgeView
    /// Why the data is not up to date, shown when **fetchFailed**: `the latest fetch failed: …`,
    /// `no fetch has succeeded for 3 d 0 h`, or both.
    package var fetchProblem: String = ""
}

/// An organization's line in the digest.
package struct OrganizationRowView: TemplateView, Sendable {
    /// The name, made safe for the format.
    package var name: String
    /// The name of its server (shown when **hasServers**).
    package var server: String = ""
    /// The index page of its own report, when the report is split per organization.
    package var link: String = ""
    /// True when **link** is set.
    package var hasLink: Bool { !link.isEmpty }
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// How many jobs.
    package var jobCount: Int
    /// Its row's anchor in the digest (`organization-contoso-ltd-1a2b3c4d`): stable from run to
    /// run, unique among the organizations.
    package var anchor: String = ""
    /// How many sessions (or, on a job page, **SessionRowView** rows).
    package var sessions: Int
    /// Runs whose final outcome is Success ÷ finished and missed runs.
    package var successRate: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    package var lastSuccessAge: String
}

/// A job's line in the digest.
package struct JobRowView: TemplateView, Sendable {
    /// The name, made safe for the format.
    package var name: String
    /// The organization's name.
    package var organization: String
    /// The anchor of the organization's row in the digest (**OrganizationRowView** `anchor`).
    package var organizationAnchor: String = ""
    /// The name of its server (shown when **hasServers**).
    package var server: String = ""
    /// For a backup copy job, the job it copies (a **CopyOfView**); absent for a backup job.
    package var copyOf: CopyOfView?
    /// The job's page, relative to the digest.
    package var link: String
    /// The final outcome of the window's runs.
    package var badge: BadgeView
    /// `1 Success, 1 Failed`, or `no sessions`.
    package var sessionsByStatus: String
    /// When the last session started, in the report's zone.
    package var lastRun: String
    /// How long before `--now` it started: `7 h 44 min ago`.
    package var lastRunAge: String
    /// The median duration in the window.
    package var duration: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// The median processing rate in the window.
    package var processingRate: QuantityView
    /// The last completed session's processing rate against the job's median baseline.
    package var rateDelta: DeltaView?
    /// How long ago the last Success ended, or `never`.
    package var lastSuccessAge: String
}

/// A job that missed a run or whose last success is older than `--max-age`.
package struct OverdueView: TemplateView, Sendable {
    /// `Missed` or `Stale` (a **BadgeView**).
    package var badge: BadgeView
    /// The job's name.
    package var job: String
    /// The organization's name.
    package var organization: String
    /// The job's page, relative to this page.
    package var jobLink: String
    /// Why, in sentences: `No run since 2026-11-21 22:00 UTC (32 h ago); it runs every 24 h (its schedule).`
    package var reasons: [String]
}

/// A session that needs attention, in the digest.
package struct AttentionView: TemplateView, Sendable {
    /// The time, in the report's zone.
    package var time: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The job's name.
    package var job: String
    /// The organization's name.
    package var organization: String
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    package var isCopy: Bool = false
    /// The job's page, relative to this page.
    package var jobLink: String
    /// The session's page, relative to this page.
    package var sessionLink: String
    /// `retry 1 of 2 made (the last; the job allows 3)`.
    package var retry: String
    /// Why it needs attention: `Failed`, `Slower than the median of 7 runs: processing rate -60.1%`.
    package var reasons: [String]
    /// Its warning and error log lines, errors first (at most 10).
    package var logLines: [LogLineView]
    /// How many more log lines the session page has.
    package var moreLogLines: Int
    /// True when `moreLogLines` is above zero.
    package var hasMoreLogLines: Bool
    /// True when `logLines` is not empty.
    package var hasLogLines: Bool
}
