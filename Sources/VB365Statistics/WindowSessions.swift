import VB365Model

/// The sessions created in the window, oldest first, as facts made one at a time: those of
/// `Summary.sessions` when the summary kept them, else made again from the inventory as they are
/// read, so that writing every session of a large window holds one session's facts at a time.
public struct WindowSessions: Sequence, Sendable {
    /// Where the facts come from.
    enum Source: Sendable {
        case kept([SessionFacts])
        case replay(SessionReplay)
    }

    let source: Source
    /// True when only the sessions that need attention are read.
    let onlyAttention: Bool

    /// The window's sessions of `summary`.
    init(_ summary: Summary) {
        source = summary.replay.map(Source.replay) ?? .kept(summary.sessions)
        onlyAttention = false
    }

    /// `source`, all sessions or only those that need attention.
    init(source: Source, onlyAttention: Bool) {
        self.source = source
        self.onlyAttention = onlyAttention
    }

    /// The sessions that need attention (`SessionFacts.needsAttention`), oldest first; the facts
    /// of the others are never made.
    public var needingAttention: WindowSessions { WindowSessions(source: source, onlyAttention: true) }

    /// How many sessions the window holds (all of them, attention or not).
    public var count: Int {
        switch source {
        case .kept(let facts): return facts.count
        case .replay(let replay): return replay.entries.count
        }
    }

    /// True when no session is read: the window holds none (or none that needs attention).
    public var isEmpty: Bool {
        switch source {
        case .kept(let facts): return !facts.contains { !onlyAttention || $0.needsAttention }
        case .replay(let replay):
            return !replay.entries.contains { !onlyAttention || replay.needsAttention($0) }
        }
    }

    /// The id of the `index`-th session of the window (an index of `JobSummary.sessionIndices`).
    public func id(at index: Int) -> EntityID {
        switch source {
        case .kept(let facts): return facts[index].id
        case .replay(let replay):
            return replay.scope.inventory.id(of: replay.scope.records[replay.entries[index].record])
        }
    }

    /// Reads the sessions in time order.
    public func makeIterator() -> Iterator { Iterator(source: source, onlyAttention: onlyAttention) }

    /// Reads the sessions in time order, making each one's facts as it goes.
    public struct Iterator: IteratorProtocol {
        let source: Source
        let onlyAttention: Bool
        /// The next offset into the source.
        var offset = 0
        /// Each job's baselines so far, when the facts are made again.
        var jobs: [SessionReplay.JobState]

        /// Starts before the first session.
        init(source: Source, onlyAttention: Bool) {
            self.source = source
            self.onlyAttention = onlyAttention
            if case .replay(let replay) = source {
                jobs = Array(
                    repeating: SessionReplay.JobState(capacity: Swift.max(1, replay.scope.options.baselineRuns)),
                    count: replay.jobSessions.count)
            } else {
                jobs = []
            }
        }

        /// The next session's facts; nil after the last.
        public mutating func next() -> SessionFacts? {
            switch source {
            case .kept(let facts):
                while offset < facts.count {
                    defer { offset += 1 }
                    if !onlyAttention || facts[offset].needsAttention { return facts[offset] }
                }
                return nil
            case .replay(let replay):
                while offset < replay.entries.count {
                    defer { offset += 1 }
                    let entry = replay.entries[offset]
                    if !onlyAttention || replay.needsAttention(entry) { return replay.facts(of: entry, jobs: &jobs) }
                }
                return nil
            }
        }
    }
}

extension Summary {
    /// The sessions created in the window, oldest first, whether or not the summary kept them.
    public var windowSessions: WindowSessions { WindowSessions(self) }
}

/// What a summary that did not keep its sessions' facts makes them again from: the window's
/// sessions in a few bytes each, and each job's sessions in time order to rebuild the baselines.
struct SessionReplay: Sendable {
    /// The summary's scope (the inventory, the options, the time judged at).
    let scope: Summarizer.Scope
    /// The window's sessions, oldest first.
    let entries: [WindowEntry]
    /// Each job's sessions, oldest first: what `WindowEntry.position` points into.
    let jobSessions: [[Summarizer.RecordIndex]]
    /// Each job's hung run.
    let hung: [Freshness.Hung?]
    /// Each job's organization, whose thresholds judge it (`Summarizer.Scope.judging(organization:)`).
    let organizations: [Int]

    /// A job's baseline while its sessions are read in time order.
    struct JobState {
        /// The job's sessions before this offset are in `baseline`.
        var cursor = 0
        /// The completed sessions before `cursor`.
        var baseline: BaselineTracker

        /// No session yet.
        init(capacity: Int) { baseline = BaselineTracker(capacity: capacity) }
    }

    /// True when the session of `entry` needs attention (`SessionFacts.needsAttention`).
    func needsAttention(_ entry: WindowEntry) -> Bool {
        scope.inventory.status(of: scope.records[entry.record]) != .success || entry.trend == .slower
    }

    /// The facts of `entry`, the same as `Summarizer.describeSessions` made: the job's completed
    /// sessions before it join its baselines first (`jobs`, advanced in time order).
    func facts(of entry: WindowEntry, jobs: inout [JobState]) -> SessionFacts {
        let job = Int(entry.job)
        let sessions = jobSessions[job]
        while jobs[job].cursor < Int(entry.position) {
            let r = scope.records[sessions[jobs[job].cursor]]
            if scope.isCompleted(r, status: scope.inventory.status(of: r)) { jobs[job].baseline.append(Metrics(r)) }
            jobs[job].cursor += 1
        }
        let r = scope.records[entry.record]
        // Only a tenant with thresholds of its own is judged by another scope (a copy per session).
        let scope =
            scope.options.organizationThresholds.isEmpty ? scope : scope.judging(organization: organizations[job])
        let comparisons =
            scope.isCompleted(r, status: scope.inventory.status(of: r))
            ? Summarizer.compare(Metrics(r), with: jobs[job].baseline, scope: scope) : nil
        return Summarizer.makeFacts(
            entry.record, jobIndex: job, place: entry.place, comparisons: comparisons, hung: hung[job], scope: scope)
    }
}
