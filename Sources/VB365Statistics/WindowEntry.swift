import VB365Model

/// One session of the window, in a few bytes: its record, its job, its place in the job's
/// sessions and retry chain, and its comparisons' verdict. What the aggregates read, and what
/// `WindowSessions` makes the session's facts again from when the summary did not keep them.
struct WindowEntry: Sendable {
    /// Whether either comparison found the session slower or faster.
    enum Trend: UInt8, Sendable {
        case none, slower, faster

        /// The trend of a session compared with its two baselines: slower when either says
        /// slower, else faster when either says faster.
        init(versusPrevious: Comparison?, versusMedian: Comparison?) {
            if versusPrevious?.verdict == .slower || versusMedian?.verdict == .slower {
                self = .slower
            } else if versusMedian?.verdict == .faster || versusPrevious?.verdict == .faster {
                self = .faster
            } else {
                self = .none
            }
        }
    }

    /// The record (`Scope.records`).
    var record: Summarizer.RecordIndex
    /// The job (index into `Summary.jobs`).
    var job: Int32
    /// The session's place in its job's sessions, oldest first.
    var position: Int32
    /// The session's place in its retry chain.
    var place: RetryPlace
    /// What the comparisons found.
    var trend: Trend
}

/// A session's place in its retry chain, in a few bytes (`RetryRole` says it in full).
struct RetryPlace: Sendable {
    /// 1 for the first run, 2 for the first retry, ...
    var attempt: Int32
    /// Attempts of the chain seen in the input.
    var attempts: Int32
    /// The chain's first session.
    var first: Summarizer.RecordIndex
}

extension RetryRole {
    /// The role of the session `record` at `place` in its chain.
    init(_ place: RetryPlace, record: SessionRecord, records: [SessionRecord], inventory: Inventory) {
        let attempt = Int(place.attempt)
        let attempts = Int(place.attempts)
        let willRetry: Bool? = record.willRetry < 0 ? nil : record.willRetry == 1
        let mainID =
            record.mainSession >= 0 ? inventory.sessionIDs[record.mainSession] : inventory.id(of: records[place.first])
        self.init(
            attempt: attempt, attempts: attempts, isFinal: attempt == attempts && attempt > 1 && willRetry != true,
            mainSessionID: attempt > 1 ? mainID : nil, willBeRetried: willRetry)
        // What the jobs list says the job allows (retries off: none).
        if let job = inventory.jobID(of: record), let schedule = inventory.jobs[job]?.schedule {
            retriesAllowed = schedule.retryEnabled == false ? 0 : schedule.retryNumber
        }
    }
}
