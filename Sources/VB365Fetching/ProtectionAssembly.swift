import VB365Decoding
import VB365Model
import VB365Reading
import VB365Support

/// One organization's protection snapshot as the fetch puts it together: the directory's
/// objects, joined with the backup data and licence states that name them (by id, account id,
/// Microsoft id or address, whichever the lists share), the jobs' items and the new restore
/// points.
struct ProtectionAssembly {
    var snapshot: ProtectionSnapshot
    /// The index in `snapshot.objects` of each key of each object.
    private var index: [String: Int] = [:]

    init(organization: EntityID, now: Timestamp, version: APIVersion) {
        snapshot = ProtectionSnapshot(organizationID: organization, taken: now)
        snapshot.version = version
    }

    /// Reads the organization's users, groups, sites and teams (v7+ from the server's cache:
    /// `dataSource=PreferLocal` spares a round trip to Microsoft 365 for each page).
    mutating func readDirectory(walker: ListWalker, outcome: inout Fetcher.SideOutcome) async throws(FetchError) {
        let version = walker.version
        let organization = snapshot.organizationID
        for kind in ProtectedObjectKind.allCases {
            let resource = "Organizations/\(organization)/\(Self.resource(kind))"
            let query: [(String, String)] = version >= .v7 ? [("dataSource", "PreferLocal")] : []
            var records: [ProtectionDecoder.ObjectRecord] = []
            var warnings: [String] = []
            let state = try await Fetcher.tolerate(
                "the \(kind.word)s of organizations", "/\(version)/Organizations/{id}/\(Self.resource(kind))",
                outcome: &outcome
            ) { () async throws(FetchError) -> ListWalker.Outcome in
                try await walker.walkBodies(resource, query: query, name: "\(kind.word)s", optional: true) {
                    _, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<String>, count: Int) in
                    let page = try ServerProtection.decode(reply) { (raw) throws(JSONError) in
                        try ProtectionDecoder.directory(raw, kind: kind)
                    }
                    warnings += page.warnings.prefix(5).map { "\(reply.url): \($0)" }
                    records += page.values
                    return (.next, Set(page.values.map { $0.keys.first ?? "" }), page.values.count)
                }
            }
            snapshot.sources[.directory(kind)] = state
            outcome.warnings += warnings
            for record in records { add(record) }
        }
    }

    static func resource(_ kind: ProtectedObjectKind) -> String {
        switch kind {
        case .user: return "Users"
        case .group: return "Groups"
        case .site: return "Sites"
        case .team: return "Teams"
        }
    }

    /// Reads each job's selected and excluded items (a bare array up to v7, pages in v8).
    mutating func readJobItems(_ jobs: [Job], walker: ListWalker, outcome: inout Fetcher.SideOutcome)
        async throws(FetchError)
    {
        let version = walker.version
        var state = SourceState.complete
        for job in jobs {
            snapshot.jobs.append(
                ProtectionJob(id: job.id, name: job.name, backupType: job.backupType, isEnabled: job.isEnabled))
            guard case .uuid = job.id else { continue }
            for (resource, exclusion) in [("SelectedItems", false), ("ExcludedItems", true)] {
                var items: [JobItem] = []
                let read = try await Fetcher.tolerate(
                    "the jobs' selected and excluded items", "/\(version)/Jobs/{id}/\(resource)", outcome: &outcome
                ) { () async throws(FetchError) -> ListWalker.Outcome in
                    try await walker.walkBodies("Jobs/\(job.id)/\(resource)", name: "job items", optional: true) {
                        number, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<Int>, count: Int) in
                        let page = try ServerProtection.decode(reply) {
                            (raw) throws(JSONError) in
                            try ProtectionDecoder.jobItems(raw, jobID: job.id, isExclusion: exclusion)
                        }
                        items += page.values
                        // Up to v7 the list is one bare array the server does not page (an
                        // offset would bring it again): read once. From v8 it is paged; items have
                        // no stable id of their own, so the page number stands in.
                        return (version >= .v8 ? .next : .stop, [number], page.values.count)
                    }
                }
                state = ServerProtection.worse(state, read)
                snapshot.jobItems += items
            }
        }
        snapshot.sources[.jobItems] = state
    }

    /// Reads the restore points made after `since` (v7+ filtered by the server with `from`; v6's
    /// bare array is filtered here): those since the organization's last snapshot, or for its
    /// first since `firstRestorePoints(now:)`.
    mutating func readRestorePoints(since: Timestamp, walker: ListWalker, outcome: inout Fetcher.SideOutcome)
        async throws(FetchError)
    {
        let version = walker.version
        var query = [("organizationId", snapshot.organizationID.description)]
        if version >= .v7 { query.append(("from", since.iso8601)) }
        var points: [RestorePoint] = []
        snapshot.sources[.restorePoints] = try await Fetcher.tolerate(
            "the restore points", "/\(version)/RestorePoints", outcome: &outcome
        ) { () async throws(FetchError) -> ListWalker.Outcome in
            try await walker.walkBodies("RestorePoints", query: query, name: "restore points", optional: true) {
                _, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<String>, count: Int) in
                let page = try ServerProtection.decode(reply) { (raw) throws(JSONError) in
                    try ProtectionDecoder.restorePoints(raw)
                }
                points += page.values
                // v6 sends one bare array it does not page: read once.
                return (version >= .v7 ? .next : .stop, Set(page.values.map(\.id)), page.values.count)
            }
        }
        let organization = snapshot.organizationID
        snapshot.restorePoints = points.filter { point in
            (point.organizationID == nil || point.organizationID == organization)
                && (point.backupTime.map { $0 > since } ?? false)
        }
    }

    /// Where an organization's first snapshot starts reading restore points: the start of the
    /// calendar month (UTC) of `now`, so that the SLA can judge the month's days before it.
    static func firstRestorePoints(now: Timestamp) -> Timestamp {
        let c = now.civil
        return Timestamp(year: c.year, month: c.month, day: 1)
    }

    /// Adds a directory object, or merges it into one listed before under a shared key.
    mutating func add(_ record: ProtectionDecoder.ObjectRecord) {
        if let at = find(record.keys, kind: record.object.kind) {
            snapshot.objects[at].inDirectory = true
            return
        }
        snapshot.objects.append(record.object)
        for key in record.keys where index[key] == nil { index[key] = snapshot.objects.count - 1 }
    }

    /// The object the first of `keys` that names one (of `kind`, when given) names.
    private func find(_ keys: [String], kind: ProtectedObjectKind? = nil) -> Int? {
        for key in keys {
            if let at = index[key], kind == nil || snapshot.objects[at].kind == kind { return at }
        }
        return nil
    }

    /// Joins the backup data and licence states into the objects: a row that names no directory
    /// object is an object of its own (deleted from Microsoft 365, or not listed), and the
    /// objects are sorted by kind, then id.
    mutating func join(
        backupData: [ProtectionDecoder.ObjectRecord], licences: [ProtectionDecoder.LicensedUserRecord]
    ) {
        for record in backupData {
            let kind = record.object.kind
            guard let at = find(record.keys, kind: kind) else {
                var object = record.object
                object.inDirectory = false
                snapshot.objects.append(object)
                for key in record.keys where index[key] == nil { index[key] = snapshot.objects.count - 1 }
                continue
            }
            for (data, mark) in record.object.backups { snapshot.objects[at].addBackup(data, mark) }
            if snapshot.objects[at].account == nil { snapshot.objects[at].account = record.object.account }
        }
        for record in licences {
            guard let at = find(record.keys, kind: .user) else { continue }
            snapshot.objects[at].license = record.mark
        }
        snapshot.objects.sort { $0.kind != $1.kind ? $0.kind < $1.kind : $0.id < $1.id }
    }
}
