import VB365Model

// MARK: - Organizations and jobs, in display order

extension Summarizer {
    /// A job to report: its key, and what the jobs file says of it.
    struct JobEntry {
        /// The key its sessions are filed under.
        var key: JobKey
        /// The job's id; nil for sessions that name no job.
        var id: EntityID?
        /// The job as the jobs file describes it, if one does.
        var job: Job?
        /// The name shown: the job's own, else its id, else `noJobName`.
        var name: String
    }

    /// An organization to report, with its jobs in display order.
    struct OrganizationEntry {
        /// The organization's key.
        var key: OrganizationKey
        /// The name shown: the organization's own, else its id, else `unknownOrganizationName`.
        var name: String
        /// Its jobs, in display order.
        var jobs: [JobEntry]
    }

    /// A job and the place of its organization in the catalog: its `JobSummary.organizationIndex`.
    struct PlacedJob {
        /// The place of the job's organization in the catalog.
        var organizationIndex: Int
        /// The job.
        var job: JobEntry
    }

    /// The records of each job, as the sessions name it, in the order read.
    static func recordsByJob(_ records: [SessionRecord]) -> [JobKey: [RecordIndex]] {
        var buckets: [JobKey: [RecordIndex]] = [:]
        for (offset, record) in records.enumerated() {
            let key = record.job >= 0 ? JobKey(code: record.job) : JobKey.noJob(server: record.server)
            buckets[key, default: []].append(RecordIndex(offset: Int32(offset)))
        }
        return buckets
    }

    /// The organizations to report, in display order, each with its jobs in display order: every
    /// job that has sessions or is in the jobs file, grouped under its organization.
    static func catalog(
        of inventory: Inventory, jobsWithSessions: some Sequence<JobKey>, serverOrder: [Int16] = []
    ) -> [OrganizationEntry] {
        var keys = Set(jobsWithSessions)
        for id in inventory.jobs.keys { keys.insert(JobKey(id, in: inventory)) }
        var organizations: [OrganizationKey: OrganizationEntry] = [:]
        for key in keys {
            let id = key.id(in: inventory)
            let job = id.flatMap { inventory.jobs[$0] }
            let organization = OrganizationKey(
                id: job?.organizationID, server: id.flatMap { inventory.jobServers[$0] } ?? key.noJobServer)
            let entry = JobEntry(key: key, id: id, job: job, name: job?.name ?? id?.description ?? noJobName)
            organizations[
                organization,
                default: OrganizationEntry(
                    key: organization, name: organizationName(organization, in: inventory), jobs: [])
            ].jobs.append(entry)
        }
        // Servers in the order of their names; a server-less organization last.
        var rank: [Int16: Int] = [-1: serverOrder.count]
        for (place, server) in serverOrder.enumerated() { rank[server] = place }
        return organizations.values.map { organization in
            var sorted = organization
            sorted.jobs.sort { displayOrder(($0.id, $0.name), ($1.id, $1.name)) }
            return sorted
        }.sorted { a, b in
            let (serverA, serverB) = (rank[a.key.server] ?? 0, rank[b.key.server] ?? 0)
            if serverA != serverB { return serverA < serverB }
            return displayOrder((a.key.id, a.name), (b.key.id, b.name))
        }
    }

    /// The servers of `inventory` in display order (by name, then address): their indices into
    /// `Inventory.servers`; `ServerSummary` and `Summary.servers` follow this order.
    static func serverOrder(of inventory: Inventory) -> [Int16] {
        inventory.servers.indices.sorted { a, b in
            let (x, y) = (inventory.servers[a], inventory.servers[b])
            return (x.name.lowercased(), x.address) < (y.name.lowercased(), y.address)
        }.map { Int16($0) }
    }

    /// The name shown for an organization: its display name, else its id, else
    /// `unknownOrganizationName`.
    static func organizationName(_ key: OrganizationKey, in inventory: Inventory) -> String {
        guard let id = key.id else { return unknownOrganizationName }
        return inventory.organizations[id]?.displayName ?? id.description
    }

    /// The display order of organizations, and of the jobs of one: known ones before the one
    /// without an id, then by name ignoring case, then by id (so the order never depends on the
    /// input's).
    static func displayOrder(_ a: (id: EntityID?, name: String), _ b: (id: EntityID?, name: String)) -> Bool {
        if (a.id == nil) != (b.id == nil) { return b.id == nil }
        let (nameA, nameB) = (a.name.lowercased(), b.name.lowercased())
        if nameA != nameB { return nameA < nameB }
        return (a.id ?? .text("")) < (b.id ?? .text(""))
    }

    /// Every job of `organizations`, in display order (organization by organization), with the
    /// place of its organization: the job's place in this list is its `SessionFacts.jobIndex`.
    static func jobsInDisplayOrder(_ organizations: [OrganizationEntry]) -> [PlacedJob] {
        organizations.enumerated().flatMap { organizationIndex, organization in
            organization.jobs.map { PlacedJob(organizationIndex: organizationIndex, job: $0) }
        }
    }
}
