import VB365Model

/// Aggregates over a set of sessions (a job's, an organization's, or the whole window's).
public struct GroupStatistics: Sendable {
    /// Sessions (attempts, retries included).
    public var sessions = 0
    /// Sessions by status, in the order Success, Warning, Failed, then the others by name.
    public var byStatus: [StatusCount] = []
    /// Final outcomes of runs (a run is a first session and its retries).
    public var runs = RunOutcomes()
    /// Runs whose final outcome is Success (recovered ones included) ÷ runs expected that are not
    /// still running (finished runs and missed ones): a run that should have happened and did
    /// not counts against the rate.
    public var successRate: Double?
    /// Durations of completed sessions (Success or Warning), seconds.
    public var duration: Distribution?
    /// Bytes transferred, over the sessions that say.
    public var transferredTotal = PartialSum()
    public var transferredMedian: Double?
    /// Objects processed, over the sessions that say.
    public var objectsTotal = PartialSum()
    public var objectsMedian: Double?
    public var medianProcessingRate: Double?
    public var medianProcessingItemsRate: Double?
    public var medianReadRate: Double?
    public var medianWriteRate: Double?
    /// The most frequent determined bottleneck of completed sessions.
    public var typicalBottleneck: Bottleneck?
    /// Sessions slower or faster than their baseline.
    public var slower = 0
    public var faster = 0
    /// The worst final outcome of a run: nil when there is none.
    public var worst: Severity?
}

/// A sum over sessions some of which do not give the value: unknown is not zero, so the sum says
/// how many did not.
public struct PartialSum: Hashable, Sendable {
    /// The sum of the known values (saturating at `Int64.max`).
    public var known: Int64 = 0
    /// Sessions that gave the value.
    public var knownSessions = 0
    /// Sessions that did not.
    public var unknownSessions = 0
    /// True when the sum passed `Int64.max` and stopped there: then it is a lower bound too.
    public var saturated = false

    /// An empty sum.
    public init() {}

    /// Adds one session's value, or counts it as unknown.
    public mutating func add(_ value: Int64?) {
        guard let value else {
            unknownSessions += 1
            return
        }
        knownSessions += 1
        let (sum, overflow) = known.addingReportingOverflow(value)
        if overflow { saturated = true }
        known = overflow ? .max : sum
    }

    /// The total when every session gave it (0 for no session); nil when none did; the known part
    /// otherwise, which `isLowerBound` flags.
    public var value: Int64? { knownSessions == 0 && unknownSessions > 0 ? nil : known }

    /// True when some sessions gave the value and some did not, or the sum saturated: the total is
    /// at least `known`.
    public var isLowerBound: Bool { (knownSessions > 0 && unknownSessions > 0) || saturated }
}

/// How many sessions had one status.
public struct StatusCount: Hashable, Sendable {
    public var status: SessionStatus
    public var count: Int

    /// Creates a count.
    public init(status: SessionStatus, count: Int) {
        self.status = status
        self.count = count
    }
}

/// The final outcomes of runs after their retries.
public struct RunOutcomes: Hashable, Sendable {
    /// Runs in all.
    public var total = 0
    /// Succeeded at the first attempt.
    public var success = 0
    /// Failed or warned, then a retry succeeded: counted, not hidden.
    public var recovered = 0
    public var warning = 0
    public var failed = 0
    /// The last attempt is still running or queued.
    public var running = 0
    /// Stopped, disconnected, not configured or an unknown status.
    public var other = 0
    /// Failed or warned, and VB365 says a retry follows.
    public var awaitingRetry = 0
    /// Runs the schedule expected that never started (`Freshness.missedRuns`): not in `total`.
    public var missed = 0

    /// Runs that finished (not running).
    public var finished: Int { total - running }
    /// Runs expected: those made (`total`) and those missed.
    public var expected: Int { total + missed }
    /// Runs that backed up in the end: succeeded, at once or after a retry.
    public var succeeded: Int { success + recovered }
}

/// Runs counted: their outcomes and the worst of them (a job's, added up for its organization,
/// its server and the window, so that no list of runs is kept).
struct RunTally {
    /// The runs by final outcome.
    var outcomes = RunOutcomes()
    /// The worst final outcome; nil without runs.
    var worst: Severity?

    /// The tally of `runs`.
    init(_ runs: [Run]) {
        for run in runs {
            run.count(into: &outcomes)
            worst = max(worst ?? run.severity, run.severity)
        }
    }

    /// The tallies of `parts` added up.
    init(_ parts: [RunTally]) {
        for part in parts {
            outcomes.total += part.outcomes.total
            outcomes.success += part.outcomes.success
            outcomes.recovered += part.outcomes.recovered
            outcomes.warning += part.outcomes.warning
            outcomes.failed += part.outcomes.failed
            outcomes.running += part.outcomes.running
            outcomes.other += part.outcomes.other
            outcomes.awaitingRetry += part.outcomes.awaitingRetry
            outcomes.missed += part.outcomes.missed
            if let w = part.worst { worst = max(worst ?? w, w) }
        }
    }
}

/// The outcome of one retry chain (a first run and its retries) after its last attempt.
struct Run {
    /// The status of the last attempt.
    var finalStatus: SessionStatus
    /// An earlier attempt failed or warned, and the last one succeeded.
    var recovered: Bool
    /// The last attempt failed or warned, and VB365 says a retry follows.
    var awaitingRetry: Bool

    /// How bad the run ended: a recovered run is a warning, a running one is not judged yet.
    var severity: Severity {
        if finalStatus.isInProgress { return .other }
        if recovered { return .warning }
        return finalStatus.severity
    }

    /// Counts the run into `outcomes`.
    func count(into outcomes: inout RunOutcomes) {
        outcomes.total += 1
        if finalStatus.isInProgress {
            outcomes.running += 1
        } else if recovered {
            outcomes.recovered += 1
        } else {
            switch finalStatus {
            case .success: outcomes.success += 1
            case .warning: outcomes.warning += 1
            case .failed: outcomes.failed += 1
            default: outcomes.other += 1
            }
        }
        if awaitingRetry { outcomes.awaitingRetry += 1 }
    }
}

extension GroupStatistics {
    /// Aggregates the sessions `entries[indices]` and the runs that end in them.
    init(entries: [WindowEntry], indices: some Collection<Int>, runs: RunTally, scope: Summarizer.Scope) {
        self.init()
        sessions = indices.count
        // Counted by the inventory's codes (one status or bottleneck each), not hashed.
        var counts = Array(repeating: 0, count: scope.inventory.statuses.count)
        var completed = 0
        var bottlenecks = Array(repeating: (count: 0, last: 0), count: scope.inventory.bottlenecks.count)
        for i in indices {
            // The same values `Summarizer.makeFacts` gives the session's facts.
            let entry = entries[i]
            let r = scope.records[entry.record]
            let status = scope.inventory.status(of: r)
            counts[Int(r.status)] += 1
            transferredTotal.add(r.transferred.known)
            objectsTotal.add(r.objects.known)
            switch entry.trend {
            case .slower: slower += 1
            case .faster: faster += 1
            case .none: break
            }
            guard status.isCompletedWork else { continue }
            completed += 1
            if r.bottleneck >= 0 {
                bottlenecks[Int(r.bottleneck)].count += 1
                bottlenecks[Int(r.bottleneck)].last = i
            }
        }
        // One measure at a time, its order statistics selected in place (not sorted), so that a
        // window of many sessions holds one list of values.
        func values(completedOnly: Bool, _ value: (SessionRecord) -> Double?) -> [Double] {
            var list: [Double] = []
            list.reserveCapacity(completedOnly ? completed : indices.count)
            for i in indices {
                let r = scope.records[entries[i].record]
                guard !completedOnly || scope.inventory.status(of: r).isCompletedWork, let v = value(r) else {
                    continue
                }
                list.append(v)
            }
            return list
        }
        func median(completedOnly: Bool, _ value: (SessionRecord) -> Double?) -> Double? {
            var list = values(completedOnly: completedOnly, value)
            return Distribution.median(selecting: &list)
        }
        transferredMedian = median(completedOnly: false) { $0.transferred.known.map(Double.init) }
        objectsMedian = median(completedOnly: false) { $0.objects.known.map(Double.init) }
        var durations = values(completedOnly: true) { $0.durationSeconds }
        duration = Distribution(selecting: &durations)
        medianProcessingRate = median(completedOnly: true) { $0.processingRate.known.map(Double.init) }
        medianProcessingItemsRate = median(completedOnly: true) { $0.processingItemsRate.known.map(Double.init) }
        medianReadRate = median(completedOnly: true) { $0.readRate.known.map(Double.init) }
        medianWriteRate = median(completedOnly: true) { $0.writeRate.known.map(Double.init) }
        byStatus = counts.indices.filter { counts[$0] > 0 }.map { code in
            StatusCount(status: scope.inventory.statuses[Int32(code)], count: counts[code])
        }.sorted { a, b in
            let ra = GroupStatistics.statusOrder(a.status)
            let rb = GroupStatistics.statusOrder(b.status)
            return ra != rb ? ra < rb : a.status.description < b.status.description
        }
        let seen = bottlenecks.indices.filter { bottlenecks[$0].count > 0 }.map { code in
            (key: scope.inventory.bottlenecks[Int32(code)], value: bottlenecks[code])
        }
        let determined = seen.filter { $0.key.isDetermined }
        let pool = determined.isEmpty ? seen : determined
        typicalBottleneck =
            pool.max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.value.last < b.value.last
            }?.key
        self.runs = runs.outcomes
        worst = runs.worst
        let judged = self.runs.finished + self.runs.missed
        if judged > 0 { successRate = Double(self.runs.succeeded) / Double(judged) }
    }

    static func statusOrder(_ status: SessionStatus) -> Int {
        switch status {
        case .success: return 0
        case .warning: return 1
        case .failed: return 2
        case .running: return 3
        case .queued: return 4
        case .stopped: return 5
        default: return 6
        }
    }
}
