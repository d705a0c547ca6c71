import VB365Model

/// Everything the reports say about one session: its own numbers, its place in a retry chain,
/// and how it compares with the job's earlier sessions.
public struct SessionFacts: Sendable {
    public var id: EntityID
    /// The job (index into the summary's `jobs`).
    public var jobIndex: Int
    public var creationTime: Timestamp
    public var endTime: Timestamp?
    public var durationSeconds: Double?
    public var status: SessionStatus
    public var bottleneck: Bottleneck?
    public var jobType: JobType?
    public var processingRate: Int64?
    public var processingItemsRate: Int64?
    public var readRate: Int64?
    public var writeRate: Int64?
    public var transferred: Int64?
    public var objects: Int64?
    /// `transferred ÷ duration`, bytes per second.
    public var observedThroughput: Double?
    public var retry: RetryRole
    public var readWrite: ReadWriteBalance?
    public var versusPrevious: Comparison?
    public var versusMedian: Comparison?
    /// Warning and error log lines, errors first (only for sessions that are not `Success`).
    public var attentionLog: [LogItem]
    /// Counts of warning and error log lines.
    public var logWarnings: Int
    public var logErrors: Int
    /// For a session still running or queued: seconds from its start to the time the summary
    /// judges at (`now`, or the window's end when that is earlier).
    public var runningSeconds: Double? = nil
    /// Set when this is the job's hung run.
    public var hung: Freshness.Hung? = nil

    /// True when the session needs a look: failed, warning, still running (hung or not) or
    /// otherwise not successful, or slower than its baseline.
    public var needsAttention: Bool {
        status != .success || isSlower
    }

    /// True when the session failed and ended its run: the last attempt of its retry chain, with
    /// no retry to follow. A failure that a retry recovered, or an earlier attempt of a run whose
    /// retry failed too, is not one.
    public var isFinalFailure: Bool {
        status == .failed && retry.attempt == retry.attempts && retry.willBeRetried != true
    }

    /// True when either comparison found the session slower.
    public var isSlower: Bool { versusPrevious?.verdict == .slower || versusMedian?.verdict == .slower }
}

/// A session's place in a retry chain.
public struct RetryRole: Hashable, Sendable, CustomStringConvertible {
    /// 1 for the first run, 2 for the first retry, ...
    public var attempt: Int
    /// Attempts of the chain seen in the input.
    public var attempts: Int
    /// True for the last attempt when VB365 does not say another retry follows.
    public var isFinal: Bool
    /// The main session of the chain (the first run), when this is a retry.
    public var mainSessionID: EntityID?
    /// VB365's `jobWillBeRetried`.
    public var willBeRetried: Bool?
    /// The retries the job's schedule allows (`retryNumber`, when the jobs list gives it and
    /// retries are on; 0 when they are off); nil when not known.
    public var retriesAllowed: Int? = nil

    /// What the numbers are: the attempts the input holds, and the retries the job allows when
    /// known: `first run`, `first run, retry pending`, `first of 3 attempts`, `retry 1 of 2 made`,
    /// `retry 2 of 2 made (the last; the job allows 3)`.
    public var description: String {
        if attempt == 1 {
            if attempts == 1 { return willBeRetried == true ? "first run, retry pending" : "first run" }
            return "first of \(attempts) attempts"
        }
        let base = "retry \(attempt - 1) of \(attempts - 1) made"
        // The job's settings now: said only when they do not contradict the attempts made.
        let allowed = retriesAllowed.flatMap { $0 >= attempt - 1 ? "the job allows \($0)" : nil }
        if isFinal { return base + " (" + (["the last"] + [allowed].compactMap { $0 }).joined(separator: "; ") + ")" }
        let pending = willBeRetried == true ? ", another pending" : ""
        return base + pending + (allowed.map { " (\($0))" } ?? "")
    }

    /// The word for the role: `first run`, `retry`, or `final`.
    public var kind: String {
        if attempt == 1 && attempts == 1 { return "single" }
        if attempt == 1 { return "first" }
        return isFinal ? "final" : "retry"
    }
}

/// Which side limits a session: reading from Microsoft 365 (source) or writing to the
/// repository (target).
public struct ReadWriteBalance: Hashable, Sendable {
    public enum Side: String, Sendable { case source, target, balanced }

    /// The slower side; `balanced` when the rates are within 10 % of each other.
    public var limitingSide: Side

    /// The ratio (slower ÷ faster) at or above which the two rates count as balanced: 0.9, as a
    /// difference under 10 % says neither side holds the other back.
    static let balancedRatio = 0.9
    /// read ÷ write.
    public var ratio: Double
    /// Whether VB365's bottleneck names the same side; nil when it names none, or when balanced.
    public var consistentWithBottleneck: Bool?

    /// The balance of two rates, or nil when either is unknown or zero.
    public init?(read: Int64?, write: Int64?, bottleneck: Bottleneck?) {
        guard let read, let write, read > 0, write > 0 else { return nil }
        ratio = Double(read) / Double(write)
        if ratio < Self.balancedRatio {
            limitingSide = .source
        } else if ratio > 1 / Self.balancedRatio {
            limitingSide = .target
        } else {
            limitingSide = .balanced
        }
        switch (limitingSide, bottleneck) {
        case (.balanced, _): consistentWithBottleneck = nil
        case (.source, .source?), (.target, .target?): consistentWithBottleneck = true
        case (_, .source?), (_, .target?): consistentWithBottleneck = false
        default: consistentWithBottleneck = nil
        }
    }
}
