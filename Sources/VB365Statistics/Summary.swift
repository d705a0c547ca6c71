import VB365Model

/// The aggregates and comparisons of one window: what `summary` prints and what the reports
/// show. A pure function of the inventory and the options (`Summarizer.summarize`).
public struct Summary: Sendable {
    public var window: TimeWindow
    public var options: SummaryOptions
    /// Over every session in the window.
    public var totals: GroupStatistics
    /// The servers the sessions came from, sorted by name; empty when no input named its server
    /// (files outside an archive's server folders).
    public var servers: [ServerSummary] = []
    /// Sorted by server (when there are several), then by name.
    public var organizations: [OrganizationSummary]
    /// Sorted by organization name, then job name.
    public var jobs: [JobSummary]
    /// The sessions created in the window, oldest first; empty when the summary was made without
    /// keeping them (`Summarizer.summarize(_:options:keepingSessions:)`): `windowSessions` reads
    /// them either way.
    public var sessions: [SessionFacts]
    /// The sessions created before the window, oldest first, when `SummaryOptions.includeHistory`
    /// asked for them (empty otherwise).
    public var history: [SessionFacts] = []
    /// Sessions read that were created before the window (the history used for comparisons).
    public var sessionsBeforeWindow: Int
    /// Sessions read that were created after the window.
    public var sessionsAfterWindow: Int
    /// Copies of a session that were read more than once and merged.
    public var duplicateSessions: Int
    /// Log items read for sessions that were not: left out of every report, and said so.
    public var unreadLogItems = UnreadLogItems()
    /// Repositories, proxies, licences and licensing figures as of the report's time.
    public var infrastructure = InfrastructureSummary()
    /// Protection per organization, from the snapshots (empty when none were found).
    public var protection = ProtectionSummary()
    /// The restore sessions created in the window, oldest first, with what they did and their
    /// findings (`RestoreAudit`); empty when none was read.
    public var restores: [RestoreActivity] = []
    /// The settings that weakened protection in the window (`SettingChanges`), oldest first.
    public var settingChanges: [SettingChange] = []
    /// True when the settings of every server the summary covers were watched (a whole jobs
    /// snapshot and a repository reading with a time): without them no change can be seen, and
    /// none is unknown, not none.
    public var settingsWatched = false
    /// The servers (indices into `servers`) whose settings were watched: a tenant's report is
    /// watched when its server is.
    var settingsWatchedServers: Set<Int> = []
    /// Input files that could not be read and were left out: the summary is of the others.
    public var unreadableFiles: [UnreadableFile] = []
    /// What `windowSessions` makes the sessions' facts from when `sessions` was not kept.
    var replay: SessionReplay? = nil
    /// A tenant's summary (`tenant(_:)`): its server's last fetch that worked, its servers being
    /// left out.
    var ownLastFetched: Timestamp? = nil

    /// The worst final outcome in the window; nil when the window holds no session.
    public var worst: Severity? { totals.worst }

    /// Jobs with no run when one was due.
    public var missedJobs: [Int] { jobs.indices.filter { jobs[$0].freshness.missed != nil } }
    /// Jobs whose last success is older than the maximum age.
    public var staleJobs: [Int] { jobs.indices.filter { jobs[$0].freshness.stale != nil } }
    /// Jobs whose newest runs warned so many times in a row that they count as failed
    /// (`Freshness.Streak.escalates`).
    public var escalatedJobs: [Int] { jobs.indices.filter { jobs[$0].freshness.streak?.escalates == true } }
    /// Jobs whose newest run has gone on far longer than usual.
    public var hungJobs: [Int] { jobs.indices.filter { jobs[$0].freshness.hung != nil } }

    /// The time the summary judges ages, missed runs and staleness at: `now`, or the window's
    /// end when the user ended the window earlier.
    public var judgedAt: Timestamp { min(options.now, window.end) }

    /// The creation of the newest session read (up to the window's end), of any job; nil when
    /// the summary's jobs have none.
    public var newestSession: Timestamp? { jobs.lazy.compactMap { $0.lastSession?.creationTime }.max() }

    /// How long before `judgedAt` the newest session was created; nil without one.
    public var dataAgeSeconds: Double? { newestSession.map { max(0, judgedAt.seconds(since: $0)) } }

    /// When the newest fetch that worked began, of the servers the summary covers (a tenant's: its
    /// own server's); nil when no fetch was recorded (files this tool did not fetch).
    public var lastFetched: Timestamp? { ownLastFetched ?? servers.compactMap(\.lastFetched).max() }

    /// The data stopped growing: no fetch worked within a day of the time judged at (or none was
    /// recorded), and the newest session is more than a day older than it (a fetch that keeps
    /// failing, a timer that stopped, an old archive), or jobs are known and none has a session.
    /// Headlines and subjects say so. After a fetch that worked within the day, the data is
    /// current, however old its newest session: nothing ran, and missed and stale say so.
    public var dataIsOld: Bool {
        if let fetched = lastFetched, judgedAt.seconds(since: fetched) <= Self.oldDataSeconds { return false }
        guard let age = dataAgeSeconds else { return !jobs.isEmpty }
        return age > Self.oldDataSeconds
    }

    /// The age from which the data counts as old: a day, the default window's length.
    public static let oldDataSeconds = Seconds.day

    /// How long before `judgedAt` the last fetch of `server` that succeeded began; nil when none
    /// is recorded (files that no fetch of this tool wrote).
    public func fetchAgeSeconds(of server: ServerSummary) -> Double? {
        server.lastFetched.map { max(0, judgedAt.seconds(since: $0)) }
    }

    /// True when the server's data is not up to date: its latest fetch failed, or none has
    /// succeeded for more than `oldDataSeconds` (the fetch stopped: a timer disabled, a run that
    /// no longer starts).
    public func fetchIsBehind(_ server: ServerSummary) -> Bool {
        server.lastFetchError != nil || (fetchAgeSeconds(of: server) ?? 0) > Self.oldDataSeconds
    }
}

/// Log items that name sessions the input does not hold.
public struct UnreadLogItems: Hashable, Sendable {
    /// The log items left out.
    public var items = 0
    /// The sessions they name.
    public var sessions = 0

    /// None.
    public init(items: Int = 0, sessions: Int = 0) {
        self.items = items
        self.sessions = sessions
    }
}

/// A short reference to a session.
public struct SessionReference: Hashable, Sendable {
    public var id: EntityID
    public var creationTime: Timestamp
    public var endTime: Timestamp?
    public var status: SessionStatus
}

/// A job's aggregates in the window.
public struct JobSummary: Sendable {
    /// The job's id; nil for sessions that name no job.
    public var id: EntityID?
    /// The job's name from a jobs file, else its id.
    public var name: String
    /// True when a jobs file named the job.
    public var isNamed: Bool
    /// Index into `Summary.organizations`.
    public var organizationIndex: Int
    /// Index into `Summary.servers`; nil when the input did not name the server.
    public var serverIndex: Int? = nil
    public var isCopyJob: Bool
    /// For a backup copy job, the id of the backup job it copies (scoped like `id`), if VB365 says.
    public var backupJobID: EntityID? = nil
    public var isEnabled: Bool?
    public var nextRun: Timestamp?
    public var schedule: SchedulePolicy?
    public var statistics: GroupStatistics
    /// Indices into `Summary.sessions`, oldest first.
    public var sessionIndices: [Int]
    /// Indices into `Summary.history`, oldest first.
    public var historyIndices: [Int] = []
    /// The newest session created before the window's end, in the window or not.
    public var lastSession: SessionReference?
    /// The newest `Success` session created before the window's end.
    public var lastSuccess: SessionReference?
    /// Seconds from the last success's end (or start) to `now`.
    public var lastSuccessAgeSeconds: Double?
    /// Completed sessions before the window (the history its comparisons can use).
    public var historySessions: Int
    /// Whether the job missed a run, or its last success is too old.
    public var freshness = Freshness()
    /// The sessions in the window whose changed data is far from the job's usual
    /// (`ChangeVolumeSettings`), oldest first.
    public var unusualChanges: [UnusualChange] = []
}

/// An organization's aggregates in the window.
public struct OrganizationSummary: Sendable {
    /// nil for jobs whose organization is unknown.
    public var id: EntityID?
    public var name: String
    /// Index into `Summary.servers`; nil when the input did not name the server.
    public var serverIndex: Int? = nil
    /// Indices into `Summary.jobs`.
    public var jobIndices: [Int]
    public var statistics: GroupStatistics
    public var lastSuccess: SessionReference?
    public var lastSuccessAgeSeconds: Double?
}

/// A server's aggregates in the window.
public struct ServerSummary: Sendable {
    /// The name reports show.
    public var name: String
    /// The server's stable identity: its configured address in normal form (`host:port`).
    public var address: String
    /// When the latest fetch that worked began, if the archive recorded one.
    public var lastFetched: Timestamp?
    /// Why the latest fetch failed; nil when it worked (or nothing was recorded).
    public var lastFetchError: String?
    /// Indices into `Summary.organizations`.
    public var organizationIndices: [Int]
    /// Indices into `Summary.jobs`.
    public var jobIndices: [Int]
    public var statistics: GroupStatistics
    public var lastSuccess: SessionReference?
    public var lastSuccessAgeSeconds: Double?
}
