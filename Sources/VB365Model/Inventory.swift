/// Everything read from the inputs: sessions (one per id, duplicates merged), jobs,
/// organizations and log items. Merging is pure: the reader feeds decoded documents in input
/// order, so the result does not depend on which core decoded what.
public struct Inventory: Sendable {
    /// One record per distinct session.
    public private(set) var sessions: [SessionRecord] = []
    /// Session ids, for `SessionRecord.id` and `mainSession`; may hold ids of sessions that were
    /// only named as a main session.
    public private(set) var sessionIDs = Interner<EntityID>()
    /// Job ids named by sessions or jobs.
    public private(set) var jobIDs = Interner<EntityID>()
    /// Distinct statuses seen.
    public private(set) var statuses = Interner<SessionStatus>()
    /// Distinct bottlenecks seen.
    public private(set) var bottlenecks = Interner<Bottleneck>()
    /// Distinct job types seen.
    public private(set) var jobTypes = Interner<JobType>()
    /// Jobs by id.
    public private(set) var jobs: [EntityID: Job] = [:]
    /// Organizations by id.
    public private(set) var organizations: [EntityID: Organization] = [:]
    /// Log items by session id, in `usn` order.
    public private(set) var logItems: [EntityID: [LogItem]] = [:]
    /// Index into `sessions` by `SessionRecord.id`; -1 for ids without a session.
    private var recordIndex: [Int32] = []
    /// How many session copies were dropped as duplicates.
    public private(set) var duplicateSessions = 0

    /// Creates an empty inventory.
    public init() {}

    /// The status of a record.
    public func status(of record: SessionRecord) -> SessionStatus { statuses[record.status] }
    /// The bottleneck of a record, if known.
    public func bottleneck(of record: SessionRecord) -> Bottleneck? {
        record.bottleneck < 0 ? nil : bottlenecks[record.bottleneck]
    }
    /// The job type of a record, if known.
    public func jobType(of record: SessionRecord) -> JobType? {
        record.jobType < 0 ? nil : jobTypes[record.jobType]
    }
    /// The session id of a record.
    public func id(of record: SessionRecord) -> EntityID { sessionIDs[record.id] }
    /// The job id of a record, if it names one.
    public func jobID(of record: SessionRecord) -> EntityID? { record.job < 0 ? nil : jobIDs[record.job] }
    /// The record of a session id, if that session was read.
    public func record(for id: EntityID) -> SessionRecord? {
        guard let code = sessionIDs.existingCode(for: id), recordIndex[Int(code)] >= 0 else { return nil }
        return sessions[Int(recordIndex[Int(code)])]
    }

    /// Log items whose session was not read, and how many sessions they name: they cannot be
    /// shown with a session, and the reports say they were left out.
    public var logItemsOfUnreadSessions: (items: Int, sessions: Int) {
        var items = 0
        var sessions = 0
        for (id, lines) in logItems where record(for: id) == nil {
            items += lines.count
            sessions += 1
        }
        return (items, sessions)
    }

    /// Reserves room for about `count` sessions in the record tables (the id index grows by
    /// itself: reserving a hash table larger than needed costs memory).
    public mutating func reserveCapacity(sessions count: Int) {
        sessions.reserveCapacity(count)
        recordIndex.reserveCapacity(count)
    }

    // MARK: - Merging

    /// Adds a session. A session seen before is replaced only by
    /// a newer copy (`SessionRecord.supersedes`). Returns false for a session without a
    /// creation time, which cannot be placed in time and is left out.
    @discardableResult
    public mutating func add(_ session: JobSession) -> Bool {
        guard let creation = session.creationTime else { return false }
        let id = internSession(session.id)
        let record = SessionRecord(
            creation: creation.ticks,
            end: session.endTime?.ticks ?? SessionRecord.unknown,
            eTag: session.eTag.orUnknown,
            processingRate: session.statistics.processingRateBytesPerSecond.orUnknown,
            processingItemsRate: session.statistics.processingRateItemsPerSecond.orUnknown,
            readRate: session.statistics.readRateBytesPerSecond.orUnknown,
            writeRate: session.statistics.writeRateBytesPerSecond.orUnknown,
            transferred: session.statistics.transferredBytes.orUnknown,
            objects: session.statistics.processedObjects.orUnknown,
            id: id,
            job: session.jobID.map { jobIDs.code(for: $0) } ?? -1,
            mainSession: session.mainSessionID.map { internSession($0) } ?? -1,
            retryCount: session.retryCount.map { Int32(clamping: $0) } ?? -1,
            status: statuses.code(for: session.status ?? .other("Unknown")),
            bottleneck: session.statistics.bottleneck.map { bottlenecks.code(for: $0) }
                ?? -1,
            jobType: session.jobType.map { jobTypes.code(for: $0) } ?? -1,
            willRetry: session.jobWillBeRetried.map { $0 ? 1 : 0 } ?? -1)
        let existing = recordIndex[Int(id)]
        if existing >= 0 {
            duplicateSessions += 1
            if record.supersedes(sessions[Int(existing)]) { sessions[Int(existing)] = record }
        } else {
            recordIndex[Int(id)] = Int32(sessions.count)
            sessions.append(record)
        }
        return true
    }

    private mutating func internSession(_ id: EntityID) -> Int32 {
        let code = sessionIDs.code(for: id)
        if Int(code) == recordIndex.count { recordIndex.append(-1) }
        return code
    }

    /// Adds a job; a job seen before keeps the newer copy's values (higher `eTag`, else the later
    /// `lastRun`), and values only the other copy has.
    public mutating func add(_ job: Job) {
        _ = jobIDs.code(for: job.id)
        guard let old = jobs[job.id] else {
            jobs[job.id] = job
            return
        }
        let newIsNewer: Bool
        if let a = job.eTag, let b = old.eTag, a != b {
            newIsNewer = a > b
        } else {
            newIsNewer = (job.lastRun ?? Timestamp(ticks: .min)) >= (old.lastRun ?? Timestamp(ticks: .min))
        }
        let (newer, older) = newIsNewer ? (job, old) : (old, job)
        var merged = newer
        merged.name = newer.name ?? older.name
        merged.description = newer.description ?? older.description
        merged.organizationID = newer.organizationID ?? older.organizationID
        merged.lastRun = newer.lastRun ?? older.lastRun
        merged.nextRun = newer.nextRun ?? older.nextRun
        merged.lastBackup = newer.lastBackup ?? older.lastBackup
        merged.lastStatus = newer.lastStatus ?? older.lastStatus
        merged.isEnabled = newer.isEnabled ?? older.isEnabled
        merged.backupType = newer.backupType ?? older.backupType
        merged.schedule = newer.schedule ?? older.schedule
        merged.isCopyJob = newer.isCopyJob || older.isCopyJob
        jobs[job.id] = merged
    }

    /// Adds an organization; values the new copy lacks are kept from the old one.
    public mutating func add(_ organization: Organization) {
        guard let old = organizations[organization.id] else {
            organizations[organization.id] = organization
            return
        }
        var merged = organization
        merged.name = organization.name ?? old.name
        merged.officeName = organization.officeName ?? old.officeName
        merged.type = organization.type ?? old.type
        organizations[organization.id] = merged
    }

    /// Adds log items; a line already present (same id, else same usn and message) is skipped.
    public mutating func add(_ items: [LogItem]) {
        for (session, new) in Dictionary(grouping: items, by: \.sessionID) {
            var lines = logItems[session] ?? []
            var seen = Set(lines.map(LogKey.init))
            for item in new where seen.insert(LogKey(item)).inserted { lines.append(item) }
            lines.sort {
                ($0.usn ?? .max, $0.creationTime?.ticks ?? .max) < ($1.usn ?? .max, $1.creationTime?.ticks ?? .max)
            }
            logItems[session] = lines
        }
    }
}

/// What makes two log lines the same line.
private enum LogKey: Hashable {
    case id(EntityID)
    case content(Int64?, String)

    init(_ item: LogItem) {
        if let id = item.id { self = .id(id) } else { self = .content(item.usn, item.message) }
    }
}
