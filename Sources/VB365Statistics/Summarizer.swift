import VB365Model

/// Turns an inventory into a `Summary`: the window, per-session facts and comparisons, retry
/// chains, and the aggregates per job, per organization and overall.
///
/// `summarize` is a list of steps, each a function of what it is given: the window
/// (`resolveWindow`), organizations and jobs in display order (`Summarizer+Catalog.swift`), each
/// job described on its own (`Summarizer+Jobs.swift`), then the window's sessions in time order
/// and the aggregates of jobs, organizations and the whole window (`Summarizer+Aggregates.swift`).
public enum Summarizer {
    /// The name used for sessions that name no job.
    public static let noJobName = "(no job)"
    /// The name used for jobs whose organization is unknown.
    public static let unknownOrganizationName = "(unknown organization)"

    /// Summarises `inventory` for `options`; without `keepingSessions`, `Summary.sessions` stays
    /// empty and `Summary.windowSessions` makes each session's facts again when it is read (what
    /// the summary's writers need, in memory that does not grow with the window's sessions).
    public static func summarize(_ inventory: Inventory, options: SummaryOptions, keepingSessions: Bool = true)
        -> Summary
    {
        let window = resolveWindow(options: options)
        let scope = Scope(inventory: inventory, options: options, window: window, keepsFacts: keepingSessions)
        let recordsByJob = recordsByJob(inventory.sessions)
        let organizations = catalog(
            of: inventory, jobsWithSessions: recordsByJob.keys, serverOrder: serverOrder(of: inventory))

        var described = DescribedJobs()
        // The window's sessions and the history described are the largest lists a summary holds
        // (their facts large values): allocated once, to size, rather than copied as they grow.
        var (inWindow, inHistory) = (0, 0)
        for record in inventory.sessions {
            let time = Timestamp(ticks: record.creation)
            if window.contains(time) {
                inWindow += 1
            } else if scope.describesHistory(at: time) {
                inHistory += 1
            }
        }
        described.facts.entries.reserveCapacity(inWindow)
        if keepingSessions { described.facts.window.reserveCapacity(inWindow) }
        described.facts.history.reserveCapacity(inHistory)
        for (jobIndex, placed) in jobsInDisplayOrder(organizations).enumerated() {
            let organization = organizations[placed.organizationIndex]
            let objective = RecoveryPointObjective.of(
                job: placed.job.name, id: placed.job.id?.description, organization: organization.name,
                organizationID: organization.key.id?.description, in: options.objectives)
            let ignored = options.changeVolume.ignoredPeriods(
                job: placed.job.name, id: placed.job.id?.description, organization: organization.name,
                organizationID: organization.key.id?.description)
            let job = describe(
                placed.job, jobIndex: jobIndex, organizationIndex: placed.organizationIndex, objective: objective,
                ignoredChange: ignored,
                records: recordsByJob[placed.job.key] ?? [],
                scope: scope.judging(organization: placed.organizationIndex),
                facts: &described.facts)
            described.add(job)
        }

        // In time order; the lists in job order are let go at once (a large window's largest).
        let (entries, sessions) = oldestFirst(&described.facts, scope: scope)
        let jobs = withStatistics(described.jobs, entries: entries, scope: scope)
        let totals = GroupStatistics(
            entries: entries, indices: entries.indices, runs: RunTally(jobs.map(\.runs)), scope: scope)
        let unread = inventory.logItemsOfUnreadSessions
        let servers = serverOrder(of: inventory)
        let organizationSummaries = organizationSummaries(
            organizations, jobs: jobs, entries: entries, servers: servers, scope: scope)
        var summary = Summary(
            window: window, options: options, totals: totals,
            organizations: organizationSummaries,
            jobs: jobs.map(\.summary).map { job in
                var job = job
                job.serverIndex = organizationSummaries[job.organizationIndex].serverIndex
                return job
            },
            sessions: sessions, history: described.facts.history,
            sessionsBeforeWindow: described.placement.before, sessionsAfterWindow: described.placement.after,
            duplicateSessions: inventory.duplicateSessions)
        summary.servers = serverSummaries(
            servers, organizations: organizationSummaries, jobs: jobs, entries: entries, scope: scope)
        if !keepingSessions {
            summary.replay = SessionReplay(
                scope: scope, entries: entries, jobSessions: described.facts.jobSessions,
                hung: summary.jobs.map(\.freshness.hung), organizations: summary.jobs.map(\.organizationIndex))
        }
        summary.unreadLogItems = UnreadLogItems(items: unread.items, sessions: unread.sessions)
        summary.unreadableFiles = inventory.unreadableFiles
        summary.infrastructure = InfrastructureSummary.make(
            inventory, organizations: organizationSummaries, judgedAt: scope.judgedAt,
            thresholds: options.infrastructure)
        summary.restores = restores(inventory, organizations: organizationSummaries, servers: servers, scope: scope)
        // Watched: a server with a whole jobs snapshot and a repository reading; the whole input
        // when every server it lists is.
        let watched = Set(inventory.infrastructure.jobSnapshotTimes.map(\.server)).intersection(
            inventory.infrastructure.repositories.compactMap { $0.time == nil ? nil : $0.server })
        summary.settingsWatchedServers = Set(watched.compactMap { servers.firstIndex(of: $0) })
        summary.settingsWatched =
            servers.isEmpty ? !watched.isEmpty : servers.allSatisfy(watched.contains)
        summary.settingChanges = SettingChanges.fromSnapshots(
            inventory, summary: summary, servers: servers, settings: options.settingChanges)
        return summary
    }

    /// The restore sessions of the window (`RestoreAudit`), each placed in its server and its
    /// organization: the one of its server whose id, name or Microsoft 365 name it names.
    static func restores(
        _ inventory: Inventory, organizations: [OrganizationSummary], servers: [Int16], scope: Scope
    ) -> [RestoreActivity] {
        let records = inventory.restoreActivity
        guard !records.isEmpty else { return [] }
        var byName: [String: Int] = [:]
        for (index, o) in organizations.enumerated() {
            guard let id = o.id else { continue }
            let server = o.serverIndex.map { Int(servers[$0]) } ?? -1
            let unscoped = String(id.description.split(separator: "@", maxSplits: 1).first ?? "")
            let known = inventory.organizations[id]
            for name in [unscoped, o.name, known?.name, known?.officeName].compactMap({ $0 }) where !name.isEmpty {
                let key = "\(server)|" + name.lowercased()
                // A name two organizations of the server share places no session: never a
                // tenant's page showing another's restores.
                if let known = byName[key], known != index { byName[key] = -1 } else { byName[key] = index }
            }
        }
        return RestoreAudit.activities(
            records, window: scope.window, settings: scope.options.restoreAudit,
            organization: { record in
                let names = [record.session.organizationID?.description, record.session.organizationName]
                for name in names.compactMap({ $0 }) where !name.isEmpty {
                    if let index = byName["\(record.server)|" + name.lowercased()] { return index >= 0 ? index : nil }
                }
                return nil
            },
            server: { server in servers.firstIndex(of: server) })
    }

    // MARK: - The window

    /// The window of the report: the user's bounds, else the day up to `now`.
    static func resolveWindow(options: SummaryOptions) -> TimeWindow {
        TimeWindow.resolve(since: options.since, until: options.until, now: options.now)
    }

    /// Everything the steps of one summary share: the inventory, the options and the window, and
    /// the two times derived from them once.
    struct Scope: Sendable {
        /// The inventory summarised.
        let inventory: Inventory
        /// `inventory.sessions`, which `RecordIndex` points into.
        let records: [SessionRecord]
        /// The options of the summary (of one organization's jobs: `judging(organization:)`).
        var options: SummaryOptions
        /// The resolved window.
        let window: TimeWindow
        /// The time missed runs and stale backups are judged at: `now` when the window comes from
        /// the data (so an outage is seen even when no session arrived), the window's end (if
        /// earlier than `now`) when the user gave one.
        let judgedAt: Timestamp
        /// The oldest session start in all the data (see `FreshnessCheck.dataStart`).
        let dataStart: Timestamp?
        /// Whether the summary keeps the facts of the window's sessions (`Summary.sessions`).
        let keepsFacts: Bool

        /// The scope of a summary of `inventory` over `window`.
        init(inventory: Inventory, options: SummaryOptions, window: TimeWindow, keepsFacts: Bool = true) {
            self.keepsFacts = keepsFacts
            self.inventory = inventory
            self.records = inventory.sessions
            self.options = options
            self.window = window
            self.judgedAt = min(options.now, window.end)
            self.dataStart = records.lazy.map(\.creation).min().map(Timestamp.init(ticks:))
        }

        /// This scope as it judges the jobs of the organization at `index`
        /// (`SummaryOptions.judging(organization:)`).
        func judging(organization index: Int) -> Scope {
            guard options.organizationThresholds[index] != nil else { return self }
            var scope = self
            scope.options = options.judging(organization: index)
            return scope
        }

        /// True for a Success or Warning session with a known end: one that counts as a job's
        /// history, joins its baselines, and is compared with them.
        func isCompleted(_ record: SessionRecord, status: SessionStatus) -> Bool {
            status.isCompletedWork && record.end != SessionRecord.unknown
        }

        /// True when a session created at `time`, before the window, is described in
        /// `Summary.history`: asked for, and not older than `SummaryOptions.historyStart`.
        func describesHistory(at time: Timestamp) -> Bool {
            options.includeHistory && window.isBeforeStart(time) && (options.historyStart.map { time >= $0 } ?? true)
        }
    }

    /// Seconds from the end (or start) of `session` to `now`; nil without a session.
    static func age(of session: SessionReference?, at now: Timestamp) -> Double? {
        session.map { max(0, now.seconds(since: $0.endTime ?? $0.creationTime)) }
    }

    // MARK: - Typed indices

    /// A record's place in `Inventory.sessions` (`Scope.records`).
    struct RecordIndex: Hashable, Sendable {
        /// The offset; 32 bits, like the record's own references, to keep a job's list small.
        var offset: Int32
    }

    /// A job as sessions name it: its code in `Inventory.jobIDs`, or `noJob`.
    struct JobKey: Hashable {
        /// The code (`SessionRecord.job`); negative for `noJob`.
        var code: Int32

        /// The key of sessions that name no job.
        static let noJob = JobKey(code: -1)

        /// The key of the job with id `id`; `noJob` when the inventory never saw the id.
        init(_ id: EntityID, in inventory: Inventory) {
            self.code = inventory.jobIDs.existingCode(for: id) ?? JobKey.noJob.code
        }

        /// The key with `code`.
        init(code: Int32) { self.code = code }

        /// The key of the sessions that name no job, of `server` (-1: of no known server): each
        /// server's are apart, and stay under their server.
        static func noJob(server: Int16) -> JobKey { JobKey(code: server < 0 ? -1 : -2 - Int32(server)) }

        /// The server of a `noJob(server:)` key; -1 for any other.
        var noJobServer: Int16 { code <= -2 ? Int16(-2 - code) : -1 }

        /// The job's id; nil for `noJob`.
        func id(in inventory: Inventory) -> EntityID? { code < 0 ? nil : inventory.jobIDs[code] }
    }

    /// An organization as jobs name it: its id, or nil when a job names none (or has no jobs file),
    /// and the server its jobs came from (so that the unknown organizations of two servers stay
    /// apart).
    struct OrganizationKey: Hashable {
        /// The organization's id; nil for the unknown organization.
        var id: EntityID?
        /// Index into `Inventory.servers`, or -1.
        var server: Int16 = -1
    }
}

extension Array where Element == SessionRecord {
    /// The record at `index`.
    subscript(index: Summarizer.RecordIndex) -> SessionRecord { self[Int(index.offset)] }
}
