/// A backup or backup-copy job, from a `/Jobs` response; it names sessions and links them to an
/// organization.
public struct Job: Hashable, Sendable {
    public var id: EntityID
    public var name: String?
    public var description: String?
    /// From `organizationId` (v8) or `_links.organization.href`.
    public var organizationID: EntityID?
    public var lastRun: Timestamp?
    public var nextRun: Timestamp?
    /// The last successful run (v7+).
    public var lastBackup: Timestamp?
    public var lastStatus: SessionStatus?
    public var isEnabled: Bool?
    /// `EntireOrganization`, `SelectedItems` (or v1's `allMailboxes` flag as text).
    public var backupType: String?
    /// True for a backup-copy job (it has a `backupJobId`).
    public var isCopyJob: Bool
    /// The repository the job backs up to (`repositoryId`, v6+).
    public var repositoryID: EntityID?
    /// The backup job a backup-copy job copies (`backupJobId`).
    public var backupJobID: EntityID?
    public var schedule: SchedulePolicy?
    public var eTag: Int64?

    /// Creates a job with only an id.
    public init(id: EntityID) {
        self.id = id
        self.isCopyJob = false
    }
}

/// The parts of a job's schedule that say when it should run.
public struct SchedulePolicy: Hashable, Sendable {
    /// `Daily`, `Periodically`, `ManualOnly` (kept as sent).
    public var type: String?
    /// `Everyday`, `Workdays`, `Weekends`, or a day name.
    public var dailyType: String?
    /// `HH:MM:SS` local to the server.
    public var dailyTime: String?
    /// `Minutes5`, `Hours1`, ...
    public var periodicallyEvery: String?
    public var retryEnabled: Bool?
    public var retryNumber: Int?
    public var retryWaitIntervalMinutes: Int?

    /// Creates an empty schedule.
    public init() {}
}
