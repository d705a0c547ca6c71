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

    /// The window's sessions of `described` and their facts (when kept) oldest first (by
    /// creation time, then by id); `described` keeps neither list.
    static func oldestFirst(_ described: inout DescribedSessions, scope: Scope) -> (
        entries: [WindowEntry], facts: [SessionFacts]
    ) {
        let unsorted = described.entries
        described.entries = []
        let order = unsorted.indices.sorted { a, b in
            let (ra, rb) = (scope.records[unsorted[a].record], scope.records[unsorted[b].record])
            return ra.creation != rb.creation
                ? ra.creation < rb.creation : scope.inventory.id(of: ra) < scope.inventory.id(of: rb)
        }
        let facts = described.window
        described.window = []
        return (order.map { unsorted[$0] }, facts.isEmpty ? [] : order.map { facts[$0] })
    }

    /// `jobs` with their `sessionIndices` into `entries` (in time order) and their statistics.
    static func withStatistics(_ jobs: [DescribedJob], entries: [WindowEntry], scope: Scope) -> [DescribedJob] {
        var indices = Array(repeating: [Int](), count: jobs.count)
        // In time order, so each job's indices come out oldest first.
        for (index, entry) in entries.enumerated() { indices[Int(entry.job)].append(index) }
        return zip(jobs, indices).map { job, indices in
            var job = job
            job.summary.sessionIndices = indices
            job.summary.statistics = GroupStatistics(entries: entries, indices: indices, runs: job.runs, scope: scope)
            return job
        }
    }

    /// The summaries of `organizations` (in display order): their jobs, the statistics of their
    /// jobs' sessions and runs, and their newest success.
    static func organizationSummaries(
        _ organizations: [OrganizationEntry], jobs: [DescribedJob], entries: [WindowEntry], servers: [Int16] = [],
        scope: Scope
    ) -> [OrganizationSummary] {
        var jobIndices = Array(repeating: [Int](), count: organizations.count)
        for (index, job) in jobs.enumerated() { jobIndices[job.summary.organizationIndex].append(index) }
        return zip(organizations, jobIndices).map { organization, members in
            let best = members.compactMap { jobs[$0].summary.lastSuccess }.max { $0.creationTime < $1.creationTime }
            return OrganizationSummary(
                id: organization.key.id, name: organization.name,
                serverIndex: servers.firstIndex(of: organization.key.server), jobIndices: members,
                statistics: GroupStatistics(
                    entries: entries, indices: members.flatMap { jobs[$0].summary.sessionIndices }.sorted(),
                    runs: members.lazy.flatMap { jobs[$0].runs }, scope: scope),
                lastSuccess: best,
                lastSuccessAgeSeconds: age(of: best, at: scope.options.now))
        }
    }

    /// The summaries of the servers (indices into `Inventory.servers`, in display order): their
    /// organizations and jobs, the statistics of their jobs' sessions and runs, and their newest
    /// success.
    static func serverSummaries(
        _ servers: [Int16], organizations: [OrganizationSummary], jobs: [DescribedJob], entries: [WindowEntry],
        scope: Scope
    ) -> [ServerSummary] {
        servers.enumerated().map { place, server in
            let members = organizations.indices.filter { organizations[$0].serverIndex == place }
            let jobIndices = members.flatMap { organizations[$0].jobIndices }
            let best = jobIndices.compactMap { jobs[$0].summary.lastSuccess }.max { $0.creationTime < $1.creationTime }
            let known = scope.inventory.servers[Int(server)]
            return ServerSummary(
                name: known.name, address: known.address, lastFetched: known.lastFetched,
                lastFetchError: known.lastFetchError,
                organizationIndices: members, jobIndices: jobIndices,
                statistics: GroupStatistics(
                    entries: entries, indices: jobIndices.flatMap { jobs[$0].summary.sessionIndices }.sorted(),
                    runs: jobIndices.lazy.flatMap { jobs[$0].runs }, scope: scope),
                lastSuccess: best, lastSuccessAgeSeconds: age(of: best, at: scope.options.now))
        }
    }
}
