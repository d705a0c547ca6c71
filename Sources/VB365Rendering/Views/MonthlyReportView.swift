/// The monthly report an MSP sends one customer (`render --period 2026-11`:
/// `<organization>-<hash>-2026-11.html`, `.md`): one organization's month alone, self-contained and
/// made to print (A4), with the SLA per kind of data, its jobs' runs, the objects that need action
/// at the month's end, its storage and its licences.
package struct MonthlyReportView: TemplateView, Sendable {
    /// The page's common facts (**PageView**); its window is the month.
    package var page: PageView
    /// The month's worst: `Failed` (a run failed, or an object unprotected or never backed up at
    /// the month's end), `Warning`, `OK`, or `No data` (a **BadgeView**).
    package var badge: BadgeView
    /// `Contoso Ltd: November 2026`.
    package var heading: String
    /// The organization's name, made safe for the format.
    package var name: String
    /// `November 2026`.
    package var month: String
    /// The month's first and last day, in the report's time zone: `2026-11-01 to 2026-11-30`.
    package var period: String
    /// The month in one line: `Protected on 84.4% of checks; 26 of 28 runs succeeded; 5 objects
    /// need action at the month's end.`
    package var verdict: String
    /// True when a protection snapshot of the organization was read for the month.
    package var hasProtection: Bool
    /// Why there is no SLA (`Not snapshotted: …`); empty when `hasProtection`.
    package var noProtection: String
    /// How many checks (daily snapshots) the month holds.
    package var checks: Int
    /// The SLA over every object and check (a **ProtectionSLARowView** labelled `all objects`): its
    /// share `unknown` when no check counted, never 0% or 100% unless it is.
    package var slaTotal: ProtectionSLARowView
    /// The SLA per required kind of data (**ProtectionSLARowView**).
    package var slaByData: [ProtectionSLARowView]
    /// True when `slaByData` is not empty.
    package var hasSLAByData: Bool { !slaByData.isEmpty }
    /// Why the coverage is unknown at the month's end (the server did not give every list);
    /// empty when it is known.
    package var coverage: String
    /// True when `coverage` is not empty.
    package var hasCoverage: Bool { !coverage.isEmpty }
    /// The jobs' runs over the month (**MonthlyJobView**), by name.
    package var jobs: [MonthlyJobView]
    /// True when the organization has a job.
    package var hasJobs: Bool { !jobs.isEmpty }
    /// Every job's runs added up (a **MonthlyJobView** named `all jobs`).
    package var jobTotal: MonthlyJobView
    /// When the month's last snapshot was taken, in the report's time zone; empty without one.
    package var objectsAsOf: String
    /// True when a protection snapshot of the organization was read up to the month's end.
    package var hasSnapshot: Bool { !objectsAsOf.isEmpty }
    /// The objects that need action at the month's end, worst first, at most
    /// `ViewBuilder.monthlyObjectRows` (**MonthlyObjectView**).
    package var objects: [MonthlyObjectView]
    /// True when any object needs action.
    package var hasObjects: Bool { !objects.isEmpty }
    /// `and 12 more (the protection page lists every one)`; empty when `objects` lists them all.
    package var moreObjects: String
    /// True when `moreObjects` is not empty.
    package var hasMoreObjects: Bool { !moreObjects.isEmpty }
    /// The month's changes of settings that weaken protection (**SecurityFindingView**), oldest
    /// first: a job disabled, its selection shrunk, an exclusion added, a repository's retention
    /// or immutability shortened, a job removed; `organization` names the job or repository.
    package var settingChanges: [SecurityFindingView]
    /// True when the month holds such a change.
    package var hasSettingChanges: Bool { !settingChanges.isEmpty }
    /// Without changes: `None: …` when snapshots of the settings were read, else `Unknown: …`.
    package var noSettingChanges: String
    /// The repositories that hold its backups (**MonthlyStorageView**), as of the month's end.
    package var storage: [MonthlyStorageView]
    /// True when a snapshot named a repository of the organization.
    package var hasStorage: Bool { !storage.isEmpty }
    /// Its licensed users (a **QuantityView**); `–` when no snapshot gave them.
    package var licensedUsers: QuantityView
    /// Its new users, not yet licensed (a **QuantityView**).
    package var newUsers: QuantityView
    /// When the licence figures were taken; empty without a snapshot of them.
    package var licencesAsOf: String
    /// True when a snapshot gave the organization's licence figures.
    package var hasLicences: Bool { !licencesAsOf.isEmpty }
}

/// One job's runs over the month, final outcomes after retries, as the digest counts them.
package struct MonthlyJobView: TemplateView, Sendable {
    /// The job's name, made safe for the format; `all jobs` for the total.
    package var name: String
    /// Its worst final outcome over the month (a **BadgeView**): `Failed`, `Warning`, `Success`,
    /// or `No runs`.
    package var badge: BadgeView
    /// Runs made (a first session and its retries are one run).
    package var runs: Int
    /// Runs that succeeded, at once or after a retry.
    package var succeeded: Int
    /// Of `succeeded`, those that succeeded only after a retry.
    package var recovered: Int
    /// True when any run succeeded only after a retry.
    package var hasRecovered: Bool { recovered > 0 }
    /// Runs that ended with warnings.
    package var warned: Int
    /// Runs that failed.
    package var failed: Int
    /// Runs the schedule expected that never started.
    package var missed: Int
    /// Succeeded runs of those expected that have ended (a **QuantityView**): `96.7%`, `–` without runs.
    package var share: QuantityView
}

/// An object that needs action at the month's end.
package struct MonthlyObjectView: TemplateView, Sendable {
    /// Its state (a **BadgeView**): `unprotected`, `never backed up` or `breached`.
    package var badge: BadgeView
    /// `user`, `shared mailbox`, `group`, `site`, `personal site`, `team`.
    package var kind: String
    /// Its name, made safe for the format.
    package var name: String
    /// Its e-mail address or site address, or empty.
    package var address: String
    /// Why, in words: `in no job`, `OneDrive last backed up 3 d ago`.
    package var reason: String
}

/// A repository that holds the organization's backups.
package struct MonthlyStorageView: TemplateView, Sendable {
    /// The repository's name, made safe for the format.
    package var name: String
    /// Used space (a **QuantityView**), as the infrastructure page shows it.
    package var used: QuantityView
    /// Its capacity (a **QuantityView**); `–` for object storage.
    package var capacity: QuantityView
    /// When the figures were taken, in the report's time zone.
    package var asOf: String
}

/// The provider's list of one month's customer reports (`index.html`, `index.md` beside them).
package struct MonthlyIndexView: TemplateView, Sendable {
    /// The page's common facts (**PageView**); its window is the month.
    package var page: PageView
    /// `Monthly reports: November 2026`.
    package var heading: String
    /// `2 organizations; 1 needs attention.`
    package var headline: String
    /// One row per organization (**MonthlyIndexRowView**), in the order of the summary.
    package var reports: [MonthlyIndexRowView]
    /// True when any organization has a report.
    package var hasReports: Bool { !reports.isEmpty }
}

/// One organization's monthly report in the provider's list.
package struct MonthlyIndexRowView: TemplateView, Sendable {
    /// The organization's name, made safe for the format.
    package var name: String
    /// Its report, relative to the list (`contoso-ltd-577494df-2026-11.html`).
    package var link: String
    /// The month's worst (a **BadgeView**), as its report shows it.
    package var badge: BadgeView
    /// Its report's verdict.
    package var verdict: String
}
