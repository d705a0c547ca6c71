import VB365Model

// MARK: - The window's sessions in time order, and the aggregates

extension Summarizer {
    /// A job's summary and its runs, kept together until the organizations are aggregated.
    struct DescribedJob {
        /// The job's summary.
        var summary: JobSummary
        /// The job's runs whose last attempt is in the window, counted.
        var runs: RunTally
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
    /// creation time, then by id: each session once, so the order is one); `described` keeps
    /// neither list.
    static func oldestFirst(_ described: inout DescribedSessions, scope: Scope) -> (
        entries: [WindowEntry], facts: [SessionFacts]
    ) {
        var entries = described.entries
        described.entries = []
        func earlier(_ a: WindowEntry, _ b: WindowEntry) -> Bool {
            let (ra, rb) = (scope.records[a.record], scope.records[b.record])
            return ra.creation != rb.creation
                ? ra.creation < rb.creation : scope.inventory.id(of: ra) < scope.inventory.id(of: rb)
        }
        guard scope.keepsFacts else {
            // In place: a large window's sessions are not copied.
            entries.sort(by: earlier)
            return (entries, [])
        }
        let facts = described.window
        described.window = []
        let order = entries.indices.sorted { earlier(entries[$0], entries[$1]) }
        return (order.map { entries[$0] }, order.map { facts[$0] })
    }

    /// `jobs` with their `sessionIndices` into `entries` (in time order) and their statistics.
    static func withStatistics(_ jobs: [DescribedJob], entries: [WindowEntry], scope: Scope) -> [DescribedJob] {
        var counts = Array(repeating: 0, count: jobs.count)
        for entry in entries { counts[Int(entry.job)] += 1 }
        var indices = counts.map { count in
            var list = [Int]()
            list.reserveCapacity(count)
            return list
        }
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
                    runs: RunTally(members.map { jobs[$0].runs }), scope: scope),
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
                    runs: RunTally(jobIndices.map { jobs[$0].runs }), scope: scope),
                lastSuccess: best, lastSuccessAgeSeconds: age(of: best, at: scope.options.now))
        }
    }
}
