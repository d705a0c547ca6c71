import VB365Model

// MARK: - The window's sessions in time order, and the aggregates

extension Summarizer {
    /// A job's summary and its runs, kept together until the organizations are aggregated.
    struct DescribedJob {
        /// The job's summary.
        var summary: JobSummary
        /// The job's runs whose last attempt is in the window.
        var runs: [Run]
    }

    /// The jobs described so far, in display order, and their sessions.
    struct DescribedJobs {
        /// The jobs, in display order.
        var jobs: [DescribedJob] = []
        /// Their sessions, job by job (`describe` adds to it).
        var facts = DescribedSessions()
        /// How many sessions fall before and after the window.
        var placement = WindowPlacement()

        /// Adds the next job in display order.
        mutating func add(_ job: JobDescription) {
            placement.before += job.placement.before
            placement.after += job.placement.after
            jobs.append(DescribedJob(summary: job.summary, runs: job.runs))
        }
    }

    /// `facts` oldest first (by creation time, then by id).
    static func oldestFirst(_ facts: [SessionFacts]) -> [SessionFacts] {
        // Sorting offsets, not the facts themselves, moves small values rather than large ones.
        let order = facts.indices.sorted { a, b in
            facts[a].creationTime != facts[b].creationTime
                ? facts[a].creationTime < facts[b].creationTime : facts[a].id < facts[b].id
        }
        return order.map { facts[$0] }
    }

    /// `jobs` with their `sessionIndices` into `sessions` (in time order) and their statistics.
    static func withStatistics(_ jobs: [DescribedJob], sessions: [SessionFacts]) -> [DescribedJob] {
        var indices = Array(repeating: [Int](), count: jobs.count)
        // In time order, so each job's indices come out oldest first.
        for (index, session) in sessions.enumerated() { indices[session.jobIndex].append(index) }
        return zip(jobs, indices).map { job, indices in
            var job = job
            job.summary.sessionIndices = indices
            job.summary.statistics = GroupStatistics(facts: sessions, indices: indices, runs: job.runs)
            return job
        }
    }

    /// The summaries of `organizations` (in display order): their jobs, the statistics of their
    /// jobs' sessions and runs, and their newest success.
    static func organizationSummaries(
        _ organizations: [OrganizationEntry], jobs: [DescribedJob], sessions: [SessionFacts], servers: [Int16] = [],
        now: Timestamp
    ) -> [OrganizationSummary] {
        var jobIndices = Array(repeating: [Int](), count: organizations.count)
        for (index, job) in jobs.enumerated() { jobIndices[job.summary.organizationIndex].append(index) }
        return zip(organizations, jobIndices).map { organization, members in
            let best = members.compactMap { jobs[$0].summary.lastSuccess }.max { $0.creationTime < $1.creationTime }
            return OrganizationSummary(
                id: organization.key.id, name: organization.name,
                serverIndex: servers.firstIndex(of: organization.key.server), jobIndices: members,
                statistics: GroupStatistics(
                    facts: sessions, indices: members.flatMap { jobs[$0].summary.sessionIndices }.sorted(),
                    runs: members.flatMap { jobs[$0].runs }),
                lastSuccess: best,
                lastSuccessAgeSeconds: age(of: best, at: now))
        }
    }

    /// The summaries of the servers (indices into `Inventory.servers`, in display order): their
    /// organizations and jobs, the statistics of their jobs' sessions and runs, and their newest
    /// success.
    static func serverSummaries(
        _ servers: [Int16], inventory: Inventory, organizations: [OrganizationSummary], jobs: [DescribedJob],
        sessions: [SessionFacts], now: Timestamp
    ) -> [ServerSummary] {
        servers.enumerated().map { place, server in
            let members = organizations.indices.filter { organizations[$0].serverIndex == place }
            let jobIndices = members.flatMap { organizations[$0].jobIndices }
            let best = jobIndices.compactMap { jobs[$0].summary.lastSuccess }.max { $0.creationTime < $1.creationTime }
            let known = inventory.servers[Int(server)]
            return ServerSummary(
                name: known.name, address: known.address, lastFetched: known.lastFetched,
                lastFetchError: known.lastFetchError,
                organizationIndices: members, jobIndices: jobIndices,
                statistics: GroupStatistics(
                    facts: sessions, indices: jobIndices.flatMap { jobs[$0].summary.sessionIndices }.sorted(),
                    runs: jobIndices.flatMap { jobs[$0].runs }),
                lastSuccess: best, lastSuccessAgeSeconds: age(of: best, at: now))
        }
    }
}
