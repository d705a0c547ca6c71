import VB365Model

// MARK: - One job: its sessions, chains, baselines, facts, runs and freshness

extension Summarizer {
    /// What `describe` finds for one job, besides the facts of its sessions.
    struct JobDescription {
        /// The job's summary; its `sessionIndices` and `statistics` are filled in once every
        /// job's sessions are in time order (`withStatistics`).
        var summary: JobSummary
        /// The job's runs whose last attempt is in the window, counted.
        var runs: RunTally
        /// Where the job's sessions fall against the window.
        var placement: WindowPlacement
    }

    /// How sessions fall against the window.
    struct WindowPlacement {
        /// Sessions created before the window.
        var before = 0
        /// Sessions created at or after the window's end.
        var after = 0
        /// Completed sessions (`Scope.isCompleted`) before the window: the history its
        /// comparisons can use.
        var completedBefore = 0
    }

    /// The sessions described so far, job by job: each job's are added at the end (rather than
    /// returned and copied), and each job's are oldest first.
    struct DescribedSessions {
        /// The sessions in the window (`oldestFirst` puts them in time order).
        var entries: [WindowEntry] = []
        /// Their facts, when the summary keeps them (`Scope.keepsFacts`).
        var window: [SessionFacts] = []
        /// The sessions described before the window (`Scope.describesHistory`): `Summary.history`.
        var history: [SessionFacts] = []
        /// Each job's sessions, oldest first, when the summary does not keep the facts (what
        /// `WindowSessions` makes them again from).
        var jobSessions: [[RecordIndex]] = []
    }

    /// Describes the job `entry`, the `jobIndex`-th in display order, from its records; the facts
    /// of its sessions go to the end of `facts`.
    static func describe(
        _ entry: JobEntry, jobIndex: Int, organizationIndex: Int, objective: Double? = nil,
        ignoredChange: [(from: Timestamp, to: Timestamp)] = [], records: [RecordIndex], scope: Scope,
        facts: inout DescribedSessions
    ) -> JobDescription {
        let sessions = sortedByCreation(records, scope: scope)
        let chains = RetryChains(indices: sessions, records: scope.records, inventory: scope.inventory)
        let latest = latestSessions(sessions, scope: scope)
        let placement = placement(of: sessions, scope: scope)
        let job = entry.job
        // Sessions that name no job are judged like any job's, from their own history.
        var check = freshnessCheck(job, sessions: sessions, scope: scope)
        check.objective = objective
        check.windowStart = scope.window.start
        var freshness = check.evaluate()
        freshness.streak = streak(chains, sessions: sessions, scope: scope)
        var summary = JobSummary(
            id: entry.id, name: entry.name, isNamed: job?.name != nil, organizationIndex: organizationIndex,
            isCopyJob: job?.isCopyJob ?? false, isEnabled: job?.isEnabled, nextRun: job?.nextRun,
            schedule: job?.schedule, statistics: GroupStatistics(), sessionIndices: [], historyIndices: [],
            lastSession: latest.session, lastSuccess: latest.success,
            lastSuccessAgeSeconds: age(of: latest.success, at: scope.options.now),
            historySessions: placement.completedBefore, freshness: freshness)
        summary.backupJobID = job?.backupJobID
        let historyStart = facts.history.count
        if !scope.keepsFacts { facts.jobSessions.append(sessions) }
        describeSessions(
            sessions, chains: chains, jobIndex: jobIndex, hung: freshness.hung, scope: scope, into: &facts)
        summary.unusualChanges = unusualChanges(sessions, ignored: ignoredChange, scope: scope)
        summary.historyIndices = Array(historyStart..<facts.history.count)
        var tally = RunTally(runs(chains, sessions: sessions, scope: scope))
        tally.outcomes.missed = freshness.missedRuns
        return JobDescription(summary: summary, runs: tally, placement: placement)
    }

    /// A job's records oldest first (by creation, then by id, so equal times keep one order).
    static func sortedByCreation(_ records: [RecordIndex], scope: Scope) -> [RecordIndex] {
        records.sorted { a, b in
            let (ra, rb) = (scope.records[a], scope.records[b])
            return ra.creation != rb.creation
                ? ra.creation < rb.creation : scope.inventory.id(of: ra) < scope.inventory.id(of: rb)
        }
    }

    /// The newest of `sessions` (oldest first) created before the window's end, in the window or
    /// not, and the newest `Success` among those.
    static func latestSessions(_ sessions: [RecordIndex], scope: Scope) -> (
        session: SessionReference?, success: SessionReference?
    ) {
        var newest: SessionReference?
        for index in sessions.reversed() {
            let r = scope.records[index]
            guard !scope.window.isAfterEnd(Timestamp(ticks: r.creation)) else { continue }
            let status = scope.inventory.status(of: r)
            let reference = SessionReference(
                id: scope.inventory.id(of: r), creationTime: Timestamp(ticks: r.creation), endTime: r.endTime,
                status: status)
            if newest == nil { newest = reference }
            if status == .success { return (newest, reference) }
        }
        return (newest, nil)
    }

    /// Where `sessions` fall against the window.
    static func placement(of sessions: [RecordIndex], scope: Scope) -> WindowPlacement {
        var placement = WindowPlacement()
        for index in sessions {
            let r = scope.records[index]
            let time = Timestamp(ticks: r.creation)
            if scope.window.isBeforeStart(time) {
                placement.before += 1
                if scope.isCompleted(r, status: scope.inventory.status(of: r)) { placement.completedBefore += 1 }
            } else if scope.window.isAfterEnd(time) {
                placement.after += 1
            }
        }
        return placement
    }

    /// Adds to `described` the facts of the job's sessions that the summary describes (the job's
    /// `hung` run marked as such), each
    /// compared with the baselines of the completed sessions before it: the previous one, and the
    /// median of the last `SummaryOptions.baselineRuns`. Every completed session, described or
    /// not, joins the baselines, so the first sessions of the window are compared with the
    /// history before it.
    static func describeSessions(
        _ sessions: [RecordIndex], chains: RetryChains, jobIndex: Int, hung: Freshness.Hung?, scope: Scope,
        into described: inout DescribedSessions
    ) {
        var baseline = BaselineTracker(capacity: max(1, scope.options.baselineRuns))
        for (position, index) in sessions.enumerated() {
            let r = scope.records[index]
            let time = Timestamp(ticks: r.creation)
            let status = scope.inventory.status(of: r)
            let metrics = scope.isCompleted(r, status: status) ? Metrics(r) : nil
            let inWindow = scope.window.contains(time)
            if inWindow || scope.describesHistory(at: time) {
                let place = chains.place(at: position)
                let comparisons = metrics.map { compare($0, with: baseline, scope: scope) }
                if inWindow {
                    described.entries.append(
                        WindowEntry(
                            record: index, job: Int32(jobIndex), position: Int32(position), place: place,
                            trend: WindowEntry.Trend(
                                versusPrevious: comparisons?.versusPrevious, versusMedian: comparisons?.versusMedian)))
                }
                if !inWindow || scope.keepsFacts {
                    let facts = makeFacts(
                        index, jobIndex: jobIndex, place: place, comparisons: comparisons, hung: hung, scope: scope)
                    if inWindow { described.window.append(facts) } else { described.history.append(facts) }
                }
            }
            if let metrics { baseline.append(metrics) }
        }
    }

    /// The job's sessions in the window whose changed data is far from its usual, each judged
    /// against the comparable sessions before it (`ChangeVolumeTracker`).
    static func unusualChanges(
        _ sessions: [RecordIndex], ignored: [(from: Timestamp, to: Timestamp)], scope: Scope
    ) -> [UnusualChange] {
        guard scope.options.changeVolume.enabled else { return [] }
        var tracker = ChangeVolumeTracker(settings: scope.options.changeVolume, ignored: ignored)
        var found: [UnusualChange] = []
        for index in sessions {
            let r = scope.records[index]
            let time = Timestamp(ticks: r.creation)
            if scope.window.isAfterEnd(time) { break }
            let change = tracker.observe(
                r, status: scope.inventory.status(of: r), id: scope.inventory.id(of: r),
                judge: scope.window.contains(time))
            if let change { found.append(change) }
        }
        return found
    }

    /// `metrics` against the previous completed session and against the median of the last
    /// ones; nil where the baseline holds no session yet.
    static func compare(_ metrics: Metrics, with baseline: BaselineTracker, scope: Scope) -> (
        versusPrevious: Comparison?, versusMedian: Comparison?
    ) {
        let versusPrevious = baseline.previous.map { previous in
            Comparison(
                current: metrics.values, base: previous.values,
                baseline: .previous(scope.inventory.sessionIDs[previous.id]), options: scope.options)
        }
        let versusMedian = baseline.median().map { median in
            Comparison(
                current: metrics.values, base: median, baseline: .median(runs: baseline.count), options: scope.options)
        }
        return (versusPrevious, versusMedian)
    }

    /// The runs (retry chains) with an attempt in the window, each judged by its latest attempt
    /// in the window: the outcome after retries (a chain whose retry falls after the window is
    /// judged by what the window holds, never left out). A run that did not succeed is recovered
    /// when a later run of the job in the window succeeded (a manual re-run after a failure
    /// supersedes it); its sessions stay listed as they ended.
    static func runs(_ chains: RetryChains, sessions: [RecordIndex], scope: Scope) -> [Run] {
        var runs: [Run] = chains.chains.compactMap { chain in
            guard
                let last = chain.last(where: { position in
                    scope.window.contains(Timestamp(ticks: scope.records[sessions[position]].creation))
                })
            else { return nil }
            let lastRecord = scope.records[sessions[last]]
            let final = scope.inventory.status(of: lastRecord)
            let earlierTrouble = chain.prefix { $0 != last }.contains { position in
                scope.inventory.status(of: scope.records[sessions[position]]).severity >= .warning
            }
            return Run(
                finalStatus: final, recovered: earlierTrouble && final == .success,
                awaitingRetry: final.severity >= .warning && (lastRecord.willRetry == 1 || last != chain.last))
        }
        // Newest first: every unsuccessful finished run before a successful one is superseded.
        var succeededLater = false
        for i in runs.indices.reversed() {
            let status = runs[i].finalStatus
            if status == .success {
                succeededLater = true
            } else if succeededLater && !status.isInProgress && !runs[i].recovered {
                runs[i].recovered = true
                runs[i].awaitingRetry = false
            }
        }
        return runs
    }

    /// The newest runs' streak: how many runs in a row, up to `Scope.judgedAt`, ended with the
    /// status of the newest finished run when that is Warning or Failed (a run still going neither
    /// extends nor ends it); nil for fewer than two.
    static func streak(_ chains: RetryChains, sessions: [RecordIndex], scope: Scope) -> Freshness.Streak? {
        var status: SessionStatus?
        var runs = 0
        var since: Timestamp?
        for chain in chains.chains.reversed() {
            guard
                let last = chain.last(where: { scope.records[sessions[$0]].creation <= scope.judgedAt.ticks })
            else { continue }
            let final = scope.inventory.status(of: scope.records[sessions[last]])
            if final.isInProgress { continue }
            guard final == .warning || final == .failed, status == nil || status == final else { break }
            status = final
            runs += 1
            since = Timestamp(ticks: scope.records[sessions[chain[0]]].creation)
        }
        guard let status, let since, runs >= 2 else { return nil }
        return .init(status: status, runs: runs, since: since, limit: scope.options.warningStreakLimit)
    }

    /// What the job's sessions created up to `Scope.judgedAt` say about its freshness: its run
    /// starts, its newest start, whether that one still runs, and its last completed backup.
    static func freshnessCheck(_ job: Job?, sessions: [RecordIndex], scope: Scope) -> FreshnessCheck {
        var runStarts: [Timestamp] = []
        var runEnds: [Timestamp?] = []
        var lastStart: Timestamp?
        var lastGood: Timestamp?
        var running = false
        var runningSessions: [(id: EntityID, start: Timestamp, queued: Bool)] = []
        var durations: [Double] = []
        for index in sessions {
            let r = scope.records[index]
            // Oldest first: the rest were created after the time judged at.
            guard r.creation <= scope.judgedAt.ticks else { break }
            let t = Timestamp(ticks: r.creation)
            let status = scope.inventory.status(of: r)
            lastStart = t
            running = status.isInProgress
            if running { runningSessions.append((scope.inventory.id(of: r), t, status == .queued)) }
            if scope.isCompleted(r, status: status), let d = r.durationSeconds { durations.append(d) }
            // A first attempt, not a retry, starts a run; its retries keep it busy until they end.
            let busy: Timestamp? = running ? nil : max(t, r.endTime ?? t)
            if r.mainSession < 0 && r.retryCount <= 0 {
                runStarts.append(t)
                runEnds.append(busy)
            } else if let last = runEnds.indices.last, let end = runEnds[last] {
                runEnds[last] = busy.map { max(end, $0) }
            }
            // A Warning run backed up all but some items: it counts for the RPO.
            if status.isCompletedWork { lastGood = max(lastGood ?? t, r.endTime ?? t) }
        }
        if let backup = job?.lastBackup, backup <= scope.judgedAt { lastGood = max(lastGood ?? backup, backup) }
        return FreshnessCheck(
            runStarts: runStarts, runEnds: runEnds, lastStart: lastStart, running: running,
            runningSessions: runningSessions,
            completedDurations: durations, job: job, lastGood: lastGood, reference: scope.judgedAt,
            dataStart: scope.dataStart, maximumAge: scope.options.maximumAgeSeconds,
            hungFactor: scope.options.hungFactor, hungMinimum: scope.options.hungMinimumSeconds)
    }

    /// The facts of the session `index` of the job `jobIndex`: its numbers, log lines and
    /// read/write balance, its retry role, its time running (the job's `hung` run marked as such)
    /// and its comparisons (nil for a session that is not compared).
    static func makeFacts(
        _ index: RecordIndex, jobIndex: Int, place: RetryPlace,
        comparisons: (versusPrevious: Comparison?, versusMedian: Comparison?)?, hung: Freshness.Hung?, scope: Scope
    ) -> SessionFacts {
        let r = scope.records[index]
        let status = scope.inventory.status(of: r)
        var facts = makeFacts(r, inventory: scope.inventory, status: status, jobIndex: jobIndex)
        facts.retry = RetryRole(place, record: r, records: scope.records, inventory: scope.inventory)
        if status.isInProgress {
            facts.runningSeconds = max(0, scope.judgedAt.seconds(since: facts.creationTime))
            if hung?.sessionID == facts.id { facts.hung = hung }
        }
        if let comparisons { (facts.versusPrevious, facts.versusMedian) = comparisons }
        return facts
    }

    /// The facts of one session on its own: its numbers, log lines and read/write balance (its
    /// retry role and comparisons are set by `describeSessions`).
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
