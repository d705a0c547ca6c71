import VB365Model

/// Writes one `ScheduleWorld` job's sessions, run by run: a first attempt and its automatic
/// retries (`mainSessionId`, `retryCount`, `jobWillBeRetried`), each with plausible numbers.
struct RunWriter {
    /// The world's seed (session ids).
    let seed: UInt64
    /// The job's place in the world (session ids, repository and proxy).
    let jobIndex: Int
    let jobID: EntityID
    /// The job's typical processing rate, bytes per second.
    let rate: Double
    /// The sessions so far, oldest first.
    private(set) var sessions: [JobSession] = []

    /// A writer for the job at `jobIndex`.
    init(seed: UInt64, jobIndex: Int, jobID: EntityID, rate: Double) {
        self.seed = seed
        self.jobIndex = jobIndex
        self.jobID = jobID
        self.rate = rate
    }

    /// One attempt of a run.
    struct Attempt {
        var status: SessionStatus
        /// Seconds; nil for a session that never ends (a hang).
        var duration: Double?
    }

    /// Adds a run that starts at `start`: `attempts[0]` is the first attempt, the others its
    /// automatic retries, each created `waitSeconds` after the previous one ended. Returns the
    /// first attempt's id.
    @discardableResult
    mutating func run(at start: Timestamp, _ attempts: [Attempt], waitSeconds: Double = 600, full: Bool = false)
        -> EntityID
    {
        var creation = start
        var mainID: EntityID?
        for (i, attempt) in attempts.enumerated() {
            var s = JobSession(id: SessionGenerator.uuid(seed, 20, jobIndex << 20 | sessions.count))
            s.jobID = jobID
            s.creationTime = creation
            s.status = attempt.duration == nil ? .running : attempt.status
            s.endTime = attempt.duration.map { creation.adding(seconds: $0) }
            s.retryCount = i
            s.mainSessionID = i == 0 ? nil : mainID
            let troubled = attempt.status == .failed || attempt.status == .warning
            s.jobWillBeRetried = attempt.duration == nil ? nil : troubled && i < attempts.count - 1
            s.jobType = .backup
            s.configType = full ? .full : .incremental
            s.eTag = 3
            s.repositoryID = SessionGenerator.uuid(seed, 24, 0)
            s.proxyID = SessionGenerator.uuid(seed, 25, 0)
            if let duration = attempt.duration {
                let failed = attempt.status == .failed
                let bytes = failed ? rate * duration * 0.05 : rate * duration
                let objects = (bytes / 2_000_000).rounded()
                s.statistics = SessionStatistics(
                    processingRateBytesPerSecond: Int64(rate), processingRateItemsPerSecond: Int64(objects / duration),
                    readRateBytesPerSecond: Int64(rate * 1.2), writeRateBytesPerSecond: Int64(rate * 2.5),
                    transferredBytes: Int64(bytes), processedObjects: Int64(objects), bottleneck: .source)
                s.progress = Int64(objects)
                s.details = failed ? "Failed to process 1 mailbox" : "Transferred \(Int64(bytes)) bytes"
            }
            if i == 0 { mainID = s.id }
            sessions.append(s)
            guard let end = s.endTime else { break }
            creation = end.adding(seconds: waitSeconds)
        }
        return mainID!
    }
}
