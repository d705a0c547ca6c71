import VB365Model

/// Turns an inventory into a `Summary`: the window, per-session facts and comparisons, retry
/// chains, and the aggregates per job, per organization and overall.
public enum Summarizer {
    /// The name used for sessions that name no job.
    public static let noJobName = "(sessions without a job)"
    /// The name used for jobs whose organization is unknown.
    public static let unknownOrganizationName = "(unknown organization)"

    /// Summarises `inventory` for `options`.
    public static func summarize(_ inventory: Inventory, options: SummaryOptions) -> Summary {
        let records = inventory.sessions
        // The newest session not after `now`: one future-dated session must not move the window.
        let newest =
            (records.lazy.map(\.creation).filter { $0 <= options.now.ticks }.max()
            ?? records.lazy.map(\.creation).max()).map(Timestamp.init(ticks:))
        let window = TimeWindow.resolve(since: options.since, until: options.until, now: options.now, newest: newest)

        // MARK: Jobs and organizations, in display order
        var buckets: [Int32: [Int32]] = [:]
        for (i, r) in records.enumerated() { buckets[r.job, default: []].append(Int32(i)) }
        var jobKeys = Set(buckets.keys)
        for id in inventory.jobs.keys { jobKeys.insert(inventory.jobIDs.existingCode(for: id) ?? -1) }

        struct OrgKey: Hashable { var id: EntityID? }
        var orgNames: [OrgKey: String] = [:]
        var jobInfo: [(key: Int32, id: EntityID?, name: String, org: OrgKey)] = []
        for key in jobKeys {
            let id = key < 0 ? nil : inventory.jobIDs[key]
            let job = id.flatMap { inventory.jobs[$0] }
            let orgID = job?.organizationID
            let org = OrgKey(id: orgID)
            if orgNames[org] == nil {
                orgNames[org] =
                    orgID.map { inventory.organizations[$0]?.displayName ?? $0.description } ?? unknownOrganizationName
            }
            jobInfo.append((key, id, job?.name ?? id?.description ?? noJobName, org))
        }
        let orgOrder = orgNames.keys.sorted { a, b in
            let (na, nb) = (orgNames[a]!, orgNames[b]!)
            if (a.id == nil) != (b.id == nil) { return b.id == nil }
            return na.lowercased() != nb.lowercased()
                ? na.lowercased() < nb.lowercased() : (a.id ?? .text("")) < (b.id ?? .text(""))
        }
        let orgIndex = Dictionary(uniqueKeysWithValues: orgOrder.enumerated().map { ($1, $0) })
        jobInfo.sort { a, b in
            let (oa, ob) = (orgIndex[a.org]!, orgIndex[b.org]!)
            if oa != ob { return oa < ob }
            if (a.id == nil) != (b.id == nil) { return b.id == nil }
            if a.name.lowercased() != b.name.lowercased() { return a.name.lowercased() < b.name.lowercased() }
            return (a.id ?? .text("")) < (b.id ?? .text(""))
        }

        // MARK: Per job: chains, comparisons, facts
        // Judged at `now` when the window comes from the data (so an outage is seen even when no
        // session arrived), at the window's end (if earlier) when the user gave one.
        let reference = window.isDefault ? options.now : min(options.now, window.end)
        let dataStart = records.lazy.map(\.creation).min().map(Timestamp.init(ticks:))
        var facts: [SessionFacts] = []
        var history: [SessionFacts] = []
        var jobs: [JobSummary] = []
        var runsByJob: [[Run]] = []
        var before = 0
        var after = 0
        for info in jobInfo {
            var indices = buckets[info.key] ?? []
            indices.sort { a, b in
                let (ra, rb) = (records[Int(a)], records[Int(b)])
                return ra.creation != rb.creation
                    ? ra.creation < rb.creation : inventory.id(of: ra) < inventory.id(of: rb)
            }
            let job = info.id.flatMap { inventory.jobs[$0] }
            var summary = JobSummary(
                id: info.id, name: info.name, isNamed: job?.name != nil, organizationIndex: orgIndex[info.org]!,
                isCopyJob: job?.isCopyJob ?? false, isEnabled: job?.isEnabled, nextRun: job?.nextRun,
                schedule: job?.schedule, statistics: GroupStatistics(), sessionIndices: [], lastSession: nil,
                lastSuccess: nil, lastSuccessAgeSeconds: nil, historySessions: 0)
            let chains = RetryChains(indices: indices, records: records, inventory: inventory)
            var baseline = BaselineTracker(capacity: max(1, options.baselineRuns))
            var factIndexOfPosition: [Int: Int] = [:]
            for (position, index) in indices.enumerated() {
                let r = records[Int(index)]
                let time = Timestamp(ticks: r.creation)
                let status = inventory.status(of: r)
                if time < window.end {
                    let reference = SessionReference(
                        id: inventory.id(of: r), creationTime: time, endTime: r.endTime, status: status)
                    summary.lastSession = reference
                    if status == .success { summary.lastSuccess = reference }
                }
                let metrics = Metrics(r)
                let inWindow = window.contains(time)
                if time < window.start {
                    before += 1
                    if status.isCompletedWork, r.end != SessionRecord.unknown { summary.historySessions += 1 }
                } else if !inWindow {
                    after += 1
                }
                let retained = options.historyStart.map { time >= $0 } ?? true
                if inWindow || (options.includeHistory && time < window.start && retained) {
                    var f = makeFacts(r, inventory: inventory, status: status, jobIndex: jobs.count)
                    f.retry = chains.role(at: position, records: records, inventory: inventory)
                    if status.isCompletedWork, r.end != SessionRecord.unknown {
                        if let previous = baseline.previous {
                            f.versusPrevious = Comparison(
                                current: metrics.values, base: previous.values,
                                baseline: .previous(inventory.sessionIDs[previous.id]), options: options)
                        }
                        if let median = baseline.median() {
                            f.versusMedian = Comparison(
                                current: metrics.values, base: median, baseline: .median(runs: baseline.count),
                                options: options)
                        }
                    }
                    if inWindow {
                        factIndexOfPosition[position] = facts.count
                        summary.sessionIndices.append(facts.count)
                        facts.append(f)
                    } else {
                        summary.historyIndices.append(history.count)
                        history.append(f)
                    }
                }
                if status.isCompletedWork, r.end != SessionRecord.unknown { baseline.append(metrics) }
            }
            if let success = summary.lastSuccess {
                summary.lastSuccessAgeSeconds = max(
                    0, options.now.seconds(since: success.endTime ?? success.creationTime))
            }
            if info.id != nil {
                var runStarts: [Timestamp] = []
                var lastStart: Timestamp?
                var lastGood: Timestamp?
                var running = false
                for index in indices {
                    let r = records[Int(index)]
                    guard r.creation <= reference.ticks else { continue }
                    let t = Timestamp(ticks: r.creation)
                    let status = inventory.status(of: r)
                    lastStart = t
                    running = status.isInProgress
                    if r.mainSession < 0 && r.retryCount <= 0 { runStarts.append(t) }
                    // A Warning run backed up all but some items: it counts for the RPO.
                    if status.isCompletedWork { lastGood = max(lastGood ?? t, r.endTime ?? t) }
                }
                if let backup = job?.lastBackup, backup <= reference { lastGood = max(lastGood ?? backup, backup) }
                summary.freshness = FreshnessCheck(
                    runStarts: runStarts, lastStart: lastStart, running: running, job: job, lastGood: lastGood,
                    hasSessions: !indices.isEmpty, reference: reference, dataStart: dataStart,
                    maximumAge: options.maximumAgeSeconds
                ).evaluate()
            }
            // Runs whose last attempt is in the window.
            var runs: [Run] = []
            for chain in chains.chains {
                guard let last = chain.last, factIndexOfPosition[last] != nil else { continue }
                let statuses = chain.map { inventory.status(of: records[Int(indices[$0])]) }
                let final = statuses.last!
                let earlierTrouble = statuses.dropLast().contains { $0.severity >= .warning }
                let lastRecord = records[Int(indices[last])]
                runs.append(
                    Run(
                        finalStatus: final,
                        recovered: earlierTrouble && final == .success,
                        awaitingRetry: final.severity >= .warning && lastRecord.willRetry == 1))
            }
            runsByJob.append(runs)
            jobs.append(summary)
        }

        // MARK: Oldest-first session order
        let order = facts.indices.sorted { a, b in
            facts[a].creationTime != facts[b].creationTime
                ? facts[a].creationTime < facts[b].creationTime : facts[a].id < facts[b].id
        }
        var newPosition = [Int](repeating: 0, count: facts.count)
        for (n, old) in order.enumerated() { newPosition[old] = n }
        facts = order.map { facts[$0] }
        for j in jobs.indices {
            jobs[j].sessionIndices = jobs[j].sessionIndices.map { newPosition[$0] }
            jobs[j].statistics = GroupStatistics(facts: facts, indices: jobs[j].sessionIndices, runs: runsByJob[j])
        }

        // MARK: Organizations and totals
        var organizations: [OrganizationSummary] = orgOrder.map { key in
            OrganizationSummary(
                id: key.id, name: orgNames[key]!, jobIndices: [], statistics: GroupStatistics(), lastSuccess: nil,
                lastSuccessAgeSeconds: nil)
        }
        for (j, job) in jobs.enumerated() { organizations[job.organizationIndex].jobIndices.append(j) }
        for o in organizations.indices {
            let members = organizations[o].jobIndices
            organizations[o].statistics = GroupStatistics(
                facts: facts, indices: members.flatMap { jobs[$0].sessionIndices }.sorted(),
                runs: members.flatMap { runsByJob[$0] })
            let best = members.compactMap { jobs[$0].lastSuccess }.max { $0.creationTime < $1.creationTime }
            organizations[o].lastSuccess = best
            organizations[o].lastSuccessAgeSeconds = best.map {
                max(0, options.now.seconds(since: $0.endTime ?? $0.creationTime))
            }
        }
        let totals = GroupStatistics(facts: facts, indices: Array(facts.indices), runs: runsByJob.flatMap { $0 })
        var summary = Summary(
            window: window, options: options, totals: totals, organizations: organizations, jobs: jobs,
            sessions: facts, sessionsBeforeWindow: before, sessionsAfterWindow: after,
            duplicateSessions: inventory.duplicateSessions)
        summary.history = history
        return summary
    }

    static func makeFacts(_ r: SessionRecord, inventory: Inventory, status: SessionStatus, jobIndex: Int)
        -> SessionFacts
    {
        let id = inventory.id(of: r)
        let bottleneck = inventory.bottleneck(of: r)
        let lines = inventory.logItems[id] ?? []
        var warnings = 0
        var errors = 0
        for line in lines {
            if line.severity == .warning { warnings += 1 } else if line.severity == .error { errors += 1 }
        }
        let attention =
            status == .success
            ? []
            : lines.enumerated().filter { $0.element.severity.needsAttention }.sorted { a, b in
                a.element.severity.rank != b.element.severity.rank
                    ? a.element.severity.rank < b.element.severity.rank : a.offset < b.offset
            }.map(\.element)
        let duration = r.durationSeconds
        var observed: Double?
        if let duration, duration > 0, let t = r.transferred.known { observed = Double(t) / duration }
        return SessionFacts(
            id: id, jobIndex: jobIndex, creationTime: Timestamp(ticks: r.creation), endTime: r.endTime,
            durationSeconds: duration, status: status, bottleneck: bottleneck, jobType: inventory.jobType(of: r),
            processingRate: r.processingRate.known, processingItemsRate: r.processingItemsRate.known,
            readRate: r.readRate.known, writeRate: r.writeRate.known, transferred: r.transferred.known,
            objects: r.objects.known, observedThroughput: observed,
            retry: RetryRole(attempt: 1, attempts: 1, isFinal: true, mainSessionID: nil, willBeRetried: nil),
            readWrite: ReadWriteBalance(read: r.readRate.known, write: r.writeRate.known, bottleneck: bottleneck),
            versusPrevious: nil, versusMedian: nil, attentionLog: attention, logWarnings: warnings, logErrors: errors)
    }
}

/// The measures of one session that comparisons use.
struct Metrics {
    var id: Int32
    var values: [Comparison.Metric: Double]

    init(_ r: SessionRecord) {
        id = r.id
        values = [:]
        if let d = r.durationSeconds { values[.duration] = d }
        if let v = r.transferred.known { values[.transferred] = Double(v) }
        if let v = r.processingRate.known { values[.processingRate] = Double(v) }
        if let v = r.readRate.known { values[.readRate] = Double(v) }
        if let v = r.writeRate.known { values[.writeRate] = Double(v) }
    }
}

/// The last N completed sessions of a job, for the previous-run and median baselines.
struct BaselineTracker {
    let capacity: Int
    private var ring: [Metrics] = []
    private var next = 0

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { ring.count }
    private(set) var previous: Metrics?

    mutating func append(_ m: Metrics) {
        previous = m
        if ring.count < capacity {
            ring.append(m)
        } else {
            ring[next] = m
            next = (next + 1) % capacity
        }
    }

    /// The per-metric median of the sessions held, or nil when there are none.
    func median() -> [Comparison.Metric: Double]? {
        guard !ring.isEmpty else { return nil }
        var result: [Comparison.Metric: Double] = [:]
        for metric in Comparison.Metric.allCases {
            if let m = Distribution.median(ring.compactMap { $0.values[metric] }) { result[metric] = m }
        }
        return result
    }
}
