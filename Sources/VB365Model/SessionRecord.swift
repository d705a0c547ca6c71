/// A job session as the aggregates keep it: about a hundred bytes, so a million sessions fit in
/// memory. Ids and enumerations are numbers into the tables of an `Inventory`; a missing value is
/// `SessionRecord.unknown` (or -1 for the small counters). The 64-bit fields come first so the
/// record packs into 104 bytes.
public struct SessionRecord: Sendable {
    /// The value of a 64-bit field the input did not give.
    public static let unknown = Int64.min

    /// `creationTime` in ticks, or `unknown`.
    public var creation: Int64
    /// `endTime` in ticks, or `unknown` (running, broken, or earlier than creation).
    public var end: Int64
    public var eTag: Int64
    public var processingRate: Int64
    public var processingItemsRate: Int64
    public var readRate: Int64
    public var writeRate: Int64
    public var transferred: Int64
    public var objects: Int64
    /// Index into `Inventory.sessionIDs`.
    public var id: Int32
    /// Index into `Inventory.jobIDs`, or -1 when the session names no job.
    public var job: Int32
    /// Index into `Inventory.sessionIDs` of the main session of a retry chain, or -1.
    public var mainSession: Int32
    /// `retryCount`, or -1.
    public var retryCount: Int32
    /// Index into `Inventory.statuses`.
    public var status: Int32
    /// Index into `Inventory.bottlenecks`, or -1.
    public var bottleneck: Int32
    /// Index into `Inventory.jobTypes`, or -1.
    public var jobType: Int32
    /// Index into `Inventory.servers` of the server the session was fetched from, or -1 when the
    /// input did not say (a file outside an archive's server folder).
    public var server: Int16 = -1
    /// 1 when VB365 said the job will be retried, 0 when it said not, -1 when unknown.
    public var willRetry: Int8
    /// 1 for a full backup (`jobSessionConfigType` `Full`: a job's first run, or one after its
    /// repository changed), 0 for any other, -1 when VB365 did not say. In the record's padding.
    public var full: Int8 = -1

    /// Creation time, if known.
    public var creationTime: Timestamp? { creation == Self.unknown ? nil : Timestamp(ticks: creation) }
    /// End time, if known.
    public var endTime: Timestamp? { end == Self.unknown ? nil : Timestamp(ticks: end) }
    /// Duration in seconds when both times are known.
    public var durationSeconds: Double? {
        guard creation != Self.unknown, end != Self.unknown else { return nil }
        return Double(end - creation) / Double(Timestamp.ticksPerSecond)
    }

    /// True when `self` is a newer copy of the same session than `other`: the higher `eTag`,
    /// else the later `endTime` (a missing end is the oldest).
    public func supersedes(_ other: SessionRecord) -> Bool {
        if eTag != Self.unknown, other.eTag != Self.unknown, eTag != other.eTag { return eTag > other.eTag }
        return end > other.end
    }
}

extension Int64 {
    /// `nil` for `SessionRecord.unknown`.
    @inlinable public var known: Int64? { self == SessionRecord.unknown ? nil : self }
}

extension Optional where Wrapped == Int64 {
    /// The value, or `SessionRecord.unknown`.
    @inlinable public var orUnknown: Int64 { self ?? SessionRecord.unknown }
}
