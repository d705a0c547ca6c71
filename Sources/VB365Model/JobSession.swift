/// One job session, decoded from any API version's shape.
///
/// Times are normalised to UTC. `endTime` is `nil` whenever the session has no usable end: null,
/// absent, `0001-01-01T00:00:00`, or earlier than `creationTime`.
public struct JobSession: Hashable, Sendable {
    public var id: EntityID
    /// The job, from `jobId` (v8) or `_links.job.href` (v1–v7).
    public var jobID: EntityID?
    public var creationTime: Timestamp?
    public var endTime: Timestamp?
    public var status: SessionStatus?
    public var statistics: SessionStatistics
    public var progress: Int64?
    /// VB365's human-readable summary (v6+); shown, never parsed.
    public var details: String?
    public var retryCount: Int?
    /// The main session of a retry chain (v7+, retry sessions only).
    public var mainSessionID: EntityID?
    public var jobWillBeRetried: Bool?
    public var jobType: JobType?
    public var configType: SessionConfigType?
    /// The version of the session's data (v8); a higher one is newer.
    public var eTag: Int64?
    public var repositoryID: EntityID?
    public var proxyID: EntityID?

    /// Creates a session with only an id; everything else is unknown.
    public init(id: EntityID) {
        self.id = id
        self.statistics = SessionStatistics()
    }

    /// The duration in seconds, when the session has both a start and an end.
    public var durationSeconds: Double? {
        guard let start = creationTime, let end = endTime else { return nil }
        return end.seconds(since: start)
    }
}
