import VB365Model

/// What a summary covers and how it judges sessions.
public struct SummaryOptions: Hashable, Sendable {
    /// The start of the window, if given.
    public var since: TimeBound?
    /// The end of the window, if given.
    public var until: TimeBound?
    /// The current time (injected, so reports are reproducible).
    public var now: Timestamp
    /// How many earlier completed sessions form a job's median baseline.
    public var baselineRuns: Int
    /// A rate this many percent below its baseline is "slower".
    public var rateDropPercent: Double
    /// A duration this many percent above its baseline is "slower".
    public var durationRisePercent: Double
    /// Also describe every session before the window (`Summary.history`), for reports that show
    /// a page per session.
    public var includeHistory = false
    /// With `includeHistory`: describe only sessions created at or after this time (a site's
    /// retention); older ones still count as baselines.
    public var historyStart: Timestamp?
    /// A job whose last success ended longer ago than this (the RPO) is stale: 26 hours, a
    /// nightly job's day plus a margin.
    public var maximumAgeSeconds: Double = 26 * Seconds.hour
    /// A run still going after this many times the p95 duration of the job's recent completed
    /// runs is hung: 4, so a run twice as long as the slowest usual one is still only slow.
    public var hungFactor: Double = 4
    /// A run is never hung before this many seconds: 2 hours, so a job of a few minutes that
    /// meets a throttled tenant is not flagged at once.
    public var hungMinimumSeconds: Double = 2 * Seconds.hour
    /// Recovery point objectives set for some jobs or organizations: the maximum age of their last
    /// completed backup, which wins over `maximumAgeSeconds` and is the only age limit of a job
    /// whose schedule is not known (manual-only, ad-hoc runs, too few runs yet).
    public var objectives: [RecoveryPointObjective] = []
    /// From this many warnings in a row (the newest runs of a job), the job counts at the failed
    /// level in `--fail-on`, `check` and the headline: 3, so one night's warning stays a warning
    /// and a warning that is never fixed is not.
    public var warningStreakLimit = 3
    /// When repositories and the licence need attention.
    public var infrastructure = InfrastructureThresholds()
    /// When a session's changed data is unusual for its job.
    public var changeVolume = ChangeVolumeSettings()
    /// When restore and export activity is a finding.
    public var restoreAudit = RestoreAuditSettings()
    /// What counts as a setting that weakens protection.
    public var settingChanges = SettingChangeSettings()
    /// The level of each kind of security finding that the configuration sets; the others have
    /// their default (`SecurityFinding.Kind.defaultLevels`).
    public var securityLevels: [SecurityFinding.Kind: Severity] = [:]
    /// Thresholds of their own for some organizations (a tenant's, `tenants:` in the
    /// configuration), by index into `Summary.organizations` (the order the same inventory always
    /// gives): the overview judges a tenant's jobs as the tenant's own report does.
    public var organizationThresholds: [Int: OrganizationThresholds] = [:]

    /// Creates options with the defaults: 7 baseline runs, rate −30 %, duration +50 %.
    public init(
        since: TimeBound? = nil, until: TimeBound? = nil, now: Timestamp, baselineRuns: Int = 7,
        rateDropPercent: Double = 30, durationRisePercent: Double = 50
    ) {
        self.since = since
        self.until = until
        self.now = now
        self.baselineRuns = baselineRuns
        self.rateDropPercent = rateDropPercent
        self.durationRisePercent = durationRisePercent
    }
}

extension SummaryOptions {
    /// The defaults, the one place they are written (at the epoch): what the command line and
    /// the configuration file leave unset.
    public static let standard = SummaryOptions(now: Timestamp(ticks: 0))
}

/// Thresholds set for the jobs of one organization; each one set wins over the summary's own.
public struct OrganizationThresholds: Hashable, Sendable {
    /// `SummaryOptions.maximumAgeSeconds` for its jobs.
    public var maximumAgeSeconds: Double?
    /// `SummaryOptions.rateDropPercent` for its jobs.
    public var rateDropPercent: Double?
    /// `SummaryOptions.durationRisePercent` for its jobs.
    public var durationRisePercent: Double?

    /// Creates thresholds; nil leaves the summary's own.
    public init(maximumAgeSeconds: Double? = nil, rateDropPercent: Double? = nil, durationRisePercent: Double? = nil) {
        self.maximumAgeSeconds = maximumAgeSeconds
        self.rateDropPercent = rateDropPercent
        self.durationRisePercent = durationRisePercent
    }
}

extension SummaryOptions {
    /// These options as they judge the jobs of the organization at `index` of
    /// `Summary.organizations`: its own thresholds, where it has some, in place of these.
    public func judging(organization index: Int) -> SummaryOptions {
        guard let own = organizationThresholds[index] else { return self }
        var options = self
        if let value = own.maximumAgeSeconds { options.maximumAgeSeconds = value }
        if let value = own.rateDropPercent { options.rateDropPercent = value }
        if let value = own.durationRisePercent { options.durationRisePercent = value }
        options.organizationThresholds = [:]
        return options
    }
}

/// A maximum age of the last completed backup set for the jobs of one name or id, or for every
/// job of one organization (by name or id): `rpo:` in the configuration file, `--rpo` on the
/// command line.
public struct RecoveryPointObjective: Hashable, Sendable {
    /// What the objective applies to.
    public enum Subject: Hashable, Sendable {
        /// The jobs of this name or id.
        case job(String)
        /// Every job of the organization of this name or id.
        case organization(String)
    }

    /// What it applies to.
    public var subject: Subject
    /// The maximum age, in seconds.
    public var seconds: Double

    /// Creates an objective.
    public init(_ subject: Subject, seconds: Double) {
        self.subject = subject
        self.seconds = seconds
    }

    /// The objective of a job: the first one set for the job itself, else the first one set for
    /// its organization; nil when none is.
    public static func of(
        job name: String, id: String?, organization: String, organizationID: String?,
        in objectives: [RecoveryPointObjective]
    ) -> Double? {
        func matches(_ wanted: String, _ name: String, _ id: String?) -> Bool {
            wanted == name || (id.map { wanted.lowercased() == $0.lowercased() } ?? false)
        }
        for o in objectives {
            if case .job(let wanted) = o.subject, matches(wanted, name, id) { return o.seconds }
        }
        for o in objectives {
            if case .organization(let wanted) = o.subject, matches(wanted, organization, organizationID) {
                return o.seconds
            }
        }
        return nil
    }
}
