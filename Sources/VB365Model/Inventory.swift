/// Everything read from the inputs: sessions (one per id, duplicates merged), jobs,
/// organizations and log items. Merging is pure: the reader feeds decoded documents in input
/// order, so the result does not depend on which core decoded what.
///
/// Inputs may name the server they were fetched from (`addServer`). Ids are the server's own, and
/// two servers may hold the same id (a cloned server, a restored configuration database): an id
/// one server already holds, met again from another server, is kept apart as `id@address` of the
/// later server (`scoped`), so that sessions, jobs and organizations of different servers are
/// never merged. Inputs that name no server merge by id with everything, as before servers existed.
public struct Inventory: Sendable {
    /// A server the inputs came from.
    public struct Server: Hashable, Sendable {
        /// The name reports show (the configured name, else the host).
        public var name: String
        /// The stable identity: the normal form of the configured address (`host:port`).
        public var address: String
        /// When the latest fetch that worked began, if the archive recorded one.
        public var lastFetched: Timestamp? = nil
        /// Why the latest fetch failed; nil when it worked (or nothing was recorded).
        public var lastFetchError: String? = nil

        /// A server called `name` at `address`.
        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    /// The servers inputs came from, in the order they were added (`SessionRecord.server`).
    public private(set) var servers: [Server] = []
    /// The server of each job id (after scoping), for jobs whose input named one.
    public private(set) var jobServers: [EntityID: Int16] = [:]
    /// The server of each organization id (after scoping), for organizations whose input named one.
    private var organizationServers: [EntityID: Int16] = [:]
    /// The server of each entry of `sessionIDs`, -1 for none.
    private var sessionServers: [Int16] = []
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
    /// The repository each job's newest session backed up to (a session's `repositoryId`), by
    /// job id (after scoping): where the jobs list does not say (`Job.repositoryID`).
    public private(set) var sessionRepositories: [EntityID: (creation: Int64, repository: EntityID)] = [:]
    /// Organizations by id.
    public private(set) var organizations: [EntityID: Organization] = [:]
    /// Log items by session id, in `usn` order.
    public private(set) var logItems: [EntityID: [LogItem]] = [:]
    /// Index into `sessions` by `SessionRecord.id`; -1 for ids without a session.
    private var recordIndex: [Int32] = []
    /// How many session copies were dropped as duplicates.
    public private(set) var duplicateSessions = 0
    /// The protection snapshot files the inputs hold, by server, organization and time.
    public var protectionSnapshots: [ProtectionSnapshotReference] = []
    /// Infrastructure snapshots and processed objects.
    public private(set) var infrastructure = Infrastructure()
    /// Restore sessions and their events (`Inventory+Restores.swift`: `restoreActivity`).
    var restores = RestoreStore()
    /// Files found in a folder that could not be read, left out of everything above, in input
    /// order (`InventoryReader` sets them aside unless reading strictly).
    public var unreadableFiles: [UnreadableFile] = []

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
        sessionServers.reserveCapacity(count)
    }

    /// The index of `server` in `servers`, adding it when new (a server is known by its address).
    public mutating func addServer(_ server: Server) -> Int16 {
        if let index = servers.firstIndex(where: { $0.address == server.address }) { return Int16(index) }
        servers.append(server)
        return Int16(servers.count - 1)
    }

    // MARK: - Keeping servers apart

    /// `id` as server `server` holds it: itself, unless `owner` (the server that first held the id)
    /// is another server; then `id@address`.
    private func scoped(_ id: EntityID, server: Int16, owner: Int16?) -> EntityID {
        guard server >= 0, let owner, owner >= 0, owner != server else { return id }
        return .text(id.description + "@" + servers[Int(server)].address)
    }

    /// The session id `id` of `server`, scoped.
    private func scopedSession(_ id: EntityID, server: Int16) -> EntityID {
        scoped(id, server: server, owner: sessionIDs.existingCode(for: id).map { sessionServers[Int($0)] })
    }

    /// The job id `id` of `server`, scoped, and recorded as that server's.
    private mutating func scopedJob(_ id: EntityID, server: Int16) -> EntityID {
        let scoped = scoped(id, server: server, owner: jobServers[id])
        if server >= 0, jobServers[scoped] == nil { jobServers[scoped] = server }
        return scoped
    }

    /// The organization id `id` of `server`, scoped, and recorded as that server's.
    private mutating func scopedOrganization(_ id: EntityID, server: Int16) -> EntityID {
        let scoped = scoped(id, server: server, owner: organizationServers[id])
        if server >= 0, organizationServers[scoped] == nil { organizationServers[scoped] = server }
        return scoped
    }

    // MARK: - Merging

    /// Adds a session. A session seen before is replaced only by
    /// a newer copy (`SessionRecord.supersedes`). Returns false for a session without a
    /// creation time, which cannot be placed in time and is left out.
    @discardableResult
    public mutating func add(_ session: JobSession, server: Int16 = -1) -> Bool {
        guard let creation = session.creationTime else { return false }
        if let job = session.jobID, let repository = session.repositoryID {
            let key = scopedJob(job, server: server)
            if (sessionRepositories[key]?.creation ?? .min) <= creation.ticks {
                sessionRepositories[key] = (creation.ticks, repository)
            }
        }
        let id = internSession(scopedSession(session.id, server: server), server: server)
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
            job: session.jobID.map { jobIDs.code(for: scopedJob($0, server: server)) } ?? -1,
            mainSession: session.mainSessionID.map {
                internSession(scopedSession($0, server: server), server: server)
            } ?? -1,
            retryCount: session.retryCount.map { Int32(clamping: $0) } ?? -1,
            status: statuses.code(for: session.status ?? .other("Unknown")),
            bottleneck: session.statistics.bottleneck.map { bottlenecks.code(for: $0) }
                ?? -1,
            jobType: session.jobType.map { jobTypes.code(for: $0) } ?? -1,
            server: server,
            willRetry: session.jobWillBeRetried.map { $0 ? 1 : 0 } ?? -1,
            full: session.configType.map { $0 == .full ? 1 : 0 } ?? -1)
        let existing = recordIndex[Int(id)]
        if existing >= 0 {
            duplicateSessions += 1
            let old = sessions[Int(existing)]
            if record.supersedes(old) {
                sessions[Int(existing)] = record
                if record.server < 0 { sessions[Int(existing)].server = old.server }
            }
        } else {
            recordIndex[Int(id)] = Int32(sessions.count)
            sessions.append(record)
        }
        return true
    }

    private mutating func internSession(_ id: EntityID, server: Int16) -> Int32 {
        let code = sessionIDs.code(for: id)
        if Int(code) == recordIndex.count {
            recordIndex.append(-1)
            sessionServers.append(server)
        } else if sessionServers[Int(code)] < 0 {
            sessionServers[Int(code)] = server
        }
        return code
    }

    /// Adds a job; a job seen before keeps the newer copy's values (higher `eTag`, else the later
    /// `lastRun`), and values only the other copy has.
    public mutating func add(_ job: Job, server: Int16 = -1) {
        var job = job
        job.id = scopedJob(job.id, server: server)
        job.organizationID = job.organizationID.map { scopedOrganization($0, server: server) }
        job.backupJobID = job.backupJobID.map { scopedJob($0, server: server) }
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
        merged.backupJobID = newer.backupJobID ?? older.backupJobID
        merged.repositoryID = newer.repositoryID ?? older.repositoryID
        jobs[job.id] = merged
    }

    /// Adds an organization; values the new copy lacks are kept from the old one.
    public mutating func add(_ organization: Organization, server: Int16 = -1) {
        var organization = organization
        organization.id = scopedOrganization(organization.id, server: server)
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

    /// The organization `id` of server `server` (-1 for none), as `add` scoped it.
    public func organization(_ id: EntityID, server: Int16) -> Organization? {
        if server >= 0, Int(server) < servers.count,
            let scoped = organizations[.text(id.description + "@" + servers[Int(server)].address)]
        {
            return scoped
        }
        return organizations[id]
    }

    /// Adds log items; a line already present (same id, else same usn and message) is skipped.
    public mutating func add(_ items: [LogItem], server: Int16 = -1) {
        for (unscoped, new) in Dictionary(grouping: items, by: \.sessionID).sorted(by: { $0.key < $1.key }) {
            let session = scopedSession(unscoped, server: server)
            // The id is this server's from now on, even before (or without) its session: logs are
            // read before sessions, and another server's session of the same id must not take
            // these lines.
            if server >= 0 { _ = internSession(session, server: server) }
            let new =
                session == unscoped
                ? new
                : new.map { item in
                    var item = item
                    item.sessionID = session
                    return item
                }
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

extension Inventory {
    /// Adds one snapshot's infrastructure, taken at `time` (nil when unknown), from `server`.
    /// Organization ids are scoped like the organizations' own; processed objects are keyed by
    /// their session's scoped id, and a session's objects read twice (the same id) count once.
    /// A jobs snapshot's jobs (`jobSnapshots`) go to `Infrastructure.jobSnapshots` with their ids,
    /// organizations and backup jobs scoped as `add(_:server:)` scopes a job's, never to `jobs`;
    /// `jobSnapshotHead` says the file was a whole snapshot's first page (`jobSnapshotTimes`).
    public mutating func addInfrastructure(
        repositories: [Repository] = [], proxies: [BackupProxy] = [], licenses: [License] = [],
        organizationLicensing: [OrganizationLicensing] = [], serviceInstances: [ServiceInstance] = [],
        jobSnapshots: [Job] = [], jobSnapshotHead: Bool = false, processedObjects: [ProcessedObject] = [],
        objectNames: [ObjectName] = [],
        time: Timestamp?, server: Int16 = -1
    ) {
        if jobSnapshotHead, let time {
            infrastructure.jobSnapshotTimes.append(Reading(true, time: time, server: server))
        }
        for var job in jobSnapshots {
            job.id = scopedJob(job.id, server: server)
            job.organizationID = job.organizationID.map { scopedOrganization($0, server: server) }
            job.backupJobID = job.backupJobID.map { scopedJob($0, server: server) }
            infrastructure.jobSnapshots.append(Reading(job, time: time, server: server))
        }
        for var r in repositories {
            r.organizationID = r.organizationID.map { scopedOrganization($0, server: server) }
            infrastructure.repositories.append(Reading(r, time: time, server: server))
        }
        for p in proxies { infrastructure.proxies.append(Reading(p, time: time, server: server)) }
        for l in licenses { infrastructure.licenses.append(Reading(l, time: time, server: server)) }
        for var l in organizationLicensing {
            l.organizationID = scopedOrganization(l.organizationID, server: server)
            infrastructure.organizationLicensing.append(Reading(l, time: time, server: server))
        }
        for s in serviceInstances { infrastructure.serviceInstances.append(Reading(s, time: time, server: server)) }
        for (unscoped, objects) in Dictionary(grouping: processedObjects, by: \.sessionID).sorted(by: {
            $0.key < $1.key
        }) {
            let session = scopedSession(unscoped, server: server)
            if server >= 0 { _ = internSession(session, server: server) }
            var list = infrastructure.processedObjects[session] ?? []
            var seen = Set(list.map(\.id))
            for var o in objects where seen.insert(o.id).inserted {
                o.sessionID = session
                list.append(o)
            }
            infrastructure.processedObjects[session] = list
        }
        for n in objectNames where infrastructure.objectNames[n.id] == nil { infrastructure.objectNames[n.id] = n.name }
    }
}

extension Inventory {
    /// Names the jobs that sessions name but no jobs list has (deleted since) from the newest jobs
    /// snapshot that lists each: only the name and the organization, so that such a job is shown
    /// by its name under its organization rather than by its id. Its schedule, state and other
    /// settings are not taken: an old snapshot must never make a deleted job look expected to
    /// run. Jobs the sessions do not name are not added. Call once everything is read.
    public mutating func nameUnlistedJobsFromSnapshots() {
        guard !infrastructure.jobSnapshots.isEmpty else { return }
        let unlisted = Set(jobIDs.values.filter { jobs[$0] == nil })
        guard !unlisted.isEmpty else { return }
        var newest: [EntityID: Reading<Job>] = [:]
        for reading in infrastructure.jobSnapshots where unlisted.contains(reading.value.id) {
            let id = reading.value.id
            let time = reading.time ?? Timestamp(ticks: .min)
            if let kept = newest[id], (kept.time ?? Timestamp(ticks: .min)) > time { continue }
            newest[id] = reading
        }
        for (id, reading) in newest {
            var job = Job(id: id)
            job.name = reading.value.name
            job.organizationID = reading.value.organizationID
            jobs[id] = job
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
