import VB365Model

/// When a session's changed data is unusual for its job (`security.change-volume` in the
/// configuration): far above the job's own robust baseline (possible mass encryption, mass
/// deletion or a migration), or its processed objects far below it (a permission or scope change
/// that silently shrinks what is protected).
///
/// The baseline of a job is the median and the median absolute deviation (MAD) of its last
/// `runs` comparable sessions: ended Success or Warning, not a full backup, not in an ignored
/// period. A session is judged from `minimumRuns` of them on. Its volume is compared with the
/// median scaled by the time since the previous comparable run when that is longer than usual
/// (a run after a paused week carries a week of change).
public struct ChangeVolumeSettings: Hashable, Sendable {
    /// False turns the rule off.
    public var enabled = true
    /// How many comparable runs the baseline holds: 20.
    public var runs = 20
    /// The fewest comparable runs before a session is judged: 7, a week of a nightly job.
    public var minimumRuns = 7
    /// Transferred bytes or changed items at or above this many times the usual are unusual: 10,
    /// far above a month-end's 2–5×.
    public var aboveFactor = 10.0
    /// A session from the last business day of a month to the end of the month's next first day
    /// (UTC) is judged at this many times `aboveFactor`: 2, as closing the books and payroll
    /// change far more than a usual day (a finance tenant's month-end reaches 12× its median).
    public var monthEndFactor = 2.0
    /// ... and at least this many scaled MADs (1.4826 × MAD) above the median: 6, so that a job
    /// whose volume swings widely is not judged by its median alone.
    public var deviations = 6.0
    /// ... and at least this much more than usual: 1 GiB transferred.
    public var minimumBytes: Double = 1_073_741_824
    /// ... or 1,000 items changed.
    public var minimumItems: Double = 1_000
    /// Processed objects at or below this share of the usual are unusual: 0.5, half the scope.
    public var belowShare = 0.5
    /// ... when at least this many fewer: 10.
    public var minimumObjectDrop: Double = 10
    /// Periods neither judged nor learned from (an announced migration), for some jobs or all.
    public var ignored: [IgnoredPeriod] = []

    /// The defaults.
    public init() {}

    /// A period whose sessions the rule leaves out: an announced migration, a re-seed.
    public struct IgnoredPeriod: Hashable, Sendable {
        /// The jobs it applies to; nil for every job.
        public var subject: RecoveryPointObjective.Subject?
        /// Sessions created at or after `from` and before `to`.
        public var from: Timestamp
        public var to: Timestamp
        /// Why, as the configuration says.
        public var reason: String

        /// Creates a period.
        public init(subject: RecoveryPointObjective.Subject?, from: Timestamp, to: Timestamp, reason: String) {
            self.subject = subject
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    /// The periods of `ignored` that apply to a job.
    public func ignoredPeriods(
        job name: String, id: String?, organization: String, organizationID: String?
    ) -> [(from: Timestamp, to: Timestamp)] {
        func matches(_ wanted: String, _ name: String, _ id: String?) -> Bool {
            wanted == name || (id.map { wanted.lowercased() == $0.lowercased() } ?? false)
        }
        return ignored.compactMap { period in
            switch period.subject {
            case nil: return (period.from, period.to)
            case .job(let wanted): return matches(wanted, name, id) ? (period.from, period.to) : nil
            case .organization(let wanted):
                return matches(wanted, organization, organizationID) ? (period.from, period.to) : nil
            }
        }
    }
}

/// A session whose changed data lies far from its job's usual (`ChangeVolumeSettings`).
public struct UnusualChange: Hashable, Sendable {
    /// Above the usual (more changed than ever) or below it (fewer objects processed).
    public enum Direction: String, Hashable, Sendable {
        case above, below
    }

    /// What was measured.
    public enum Measure: String, Hashable, Sendable, CaseIterable {
        /// Bytes transferred.
        case transferred
        /// Items changed: the processing rate in items per second times the duration.
        case items
        /// Objects processed (mailboxes, OneDrives, sites, teams).
        case objects
    }

    /// One measure against the job's usual.
    public struct Deviation: Hashable, Sendable {
        public var measure: Measure
        /// The session's value.
        public var value: Double
        /// The job's usual: the median of its comparable runs, scaled for a longer gap.
        public var usual: Double

        /// `value ÷ usual`; nil when the usual is zero.
        public var factor: Double? { usual > 0 ? value / usual : nil }
    }

    /// The session.
    public var session: EntityID
    public var creationTime: Timestamp
    public var status: SessionStatus
    public var direction: Direction
    /// Each measure that is unusual, in `Measure` order.
    public var deviations: [Deviation]
    /// How many comparable runs the baseline held.
    public var runs: Int
}

/// A job's comparable runs while its sessions are read in time order, and the judgement of each.
struct ChangeVolumeTracker {
    /// The rule's settings.
    let settings: ChangeVolumeSettings
    /// The job's ignored periods, in ticks.
    let ignored: [(from: Int64, to: Int64)]

    /// One comparable run's volumes, in `UnusualChange.Measure` order; NaN where the session did
    /// not say. Three numbers in place: no allocation per session, as a million are read.
    struct Sample {
        var values: (Double, Double, Double)
        var creation: Int64

        /// The value of measure `i`, or nil when unknown.
        func value(_ i: Int) -> Double? {
            let v = i == 0 ? values.0 : i == 1 ? values.1 : values.2
            return v.isNaN ? nil : v
        }
    }

    /// The last `settings.runs` comparable runs; `next` is the oldest once it is full.
    private var ring: [Sample] = []
    private var next = 0
    /// The intervals between consecutive comparable runs, in seconds, as many as the runs.
    private var intervals: [Double] = []
    private var nextInterval = 0
    /// The newest comparable run's creation.
    private var lastCreation: Int64?

    /// A tracker of one job's runs.
    init(settings: ChangeVolumeSettings, ignored: [(from: Timestamp, to: Timestamp)]) {
        self.settings = settings
        self.ignored = ignored.map { ($0.from.ticks, $0.to.ticks) }
    }

    /// The volumes of `r`, in `UnusualChange.Measure` order (NaN where unknown).
    static func values(_ r: SessionRecord) -> (Double, Double, Double) {
        var items = Double.nan
        if let rate = r.processingItemsRate.known, rate > 0, let duration = r.durationSeconds {
            items = Double(rate) * duration
        }
        return (r.transferred.known.map(Double.init) ?? .nan, items, r.objects.known.map(Double.init) ?? .nan)
    }

    /// Judges the job's next session (when `judge`), then learns from it when it is comparable:
    /// the session's unusual change, or nil.
    mutating func observe(
        _ r: SessionRecord, status: SessionStatus, id: EntityID, judge: Bool
    ) -> UnusualChange? {
        guard settings.enabled, status == .success || status == .warning, r.end != SessionRecord.unknown else {
            return nil
        }
        if r.full == 1 || ignored.contains(where: { $0.from <= r.creation && r.creation < $0.to }) {
            // Neither judged nor learned from, but the next run's change starts after it.
            lastCreation = r.creation
            return nil
        }
        var values = Self.values(r)
        // A retry processes only the objects that failed: its objects say nothing of the scope.
        if r.retryCount > 0 || r.mainSession >= 0 { values.2 = .nan }
        let sample = Sample(values: values, creation: r.creation)
        let finding = judge ? self.judge(sample, status: status, id: id) : nil
        append(sample)
        return finding
    }

    /// The median and the MAD of the known values of measure `i` in the baseline, when it holds
    /// at least `minimumRuns` of them; sorted in a scratch buffer on the stack.
    private func medianAndMAD(_ i: Int) -> (median: Double, mad: Double)? {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, ring.count)) { scratch in
            var count = 0
            for sample in ring {
                if let v = sample.value(i) {
                    scratch[count] = v
                    count += 1
                }
            }
            guard count >= settings.minimumRuns, count > 0 else { return nil }
            var known = UnsafeMutableBufferPointer(rebasing: scratch[..<count])
            known.sort()
            let median = Distribution.median(ofSorted: known)
            for j in 0..<count { known[j] = abs(known[j] - median) }
            known.sort()
            return (median, Distribution.median(ofSorted: known))
        }
    }

    /// `sample` against the baseline.
    private func judge(_ sample: Sample, status: SessionStatus, id: EntityID) -> UnusualChange? {
        var gap: Double?
        var above: [UnusualChange.Deviation] = []
        var below: [UnusualChange.Deviation] = []
        for (i, measure) in UnusualChange.Measure.allCases.enumerated() {
            guard let value = sample.value(i) else { continue }
            switch measure {
            case .transferred, .items:
                let minimum = measure == .transferred ? settings.minimumBytes : settings.minimumItems
                // Never more than `minimum` above a usual of at least 0: nothing to compute.
                guard value >= minimum, let (median, mad) = medianAndMAD(i) else { continue }
                let scale = gap ?? gapFactor(at: sample.creation)
                gap = scale
                let factor = settings.aboveFactor * (Self.isMonthEnd(sample.creation) ? settings.monthEndFactor : 1)
                let usual = median * scale
                let spread = 1.4826 * mad * scale
                if value >= factor * usual && value >= usual + settings.deviations * spread
                    && value - usual >= minimum
                {
                    above.append(.init(measure: measure, value: value, usual: usual))
                }
            case .objects:
                guard let (median, _) = medianAndMAD(i) else { continue }
                if value <= settings.belowShare * median && median - value >= settings.minimumObjectDrop {
                    below.append(.init(measure: measure, value: value, usual: median))
                }
            }
        }
        let creation = Timestamp(ticks: sample.creation)
        if !above.isEmpty {
            return UnusualChange(
                session: id, creationTime: creation, status: status, direction: .above, deviations: above,
                runs: ring.count)
        }
        if !below.isEmpty {
            return UnusualChange(
                session: id, creationTime: creation, status: status, direction: .below, deviations: below,
                runs: ring.count)
        }
        return nil
    }

    /// How many usual intervals lie between the newest comparable run and `creation`, at least 1.
    private func gapFactor(at creation: Int64) -> Double {
        guard let last = lastCreation, intervals.count >= settings.minimumRuns - 1,
            let typical = Distribution.median(intervals), typical > 0
        else { return 1 }
        let seconds = Double(creation - last) / Double(Timestamp.ticksPerSecond)
        return max(1, seconds / typical)
    }

    /// True when `ticks` falls from the start of the last business day (Monday to Friday) of its
    /// month to the end of the next month's first day, in UTC: the month-end's runs, whatever the
    /// server's time zone.
    static func isMonthEnd(_ ticks: Int64) -> Bool {
        let c = Timestamp(ticks: ticks).civil
        if c.day == 1 { return true }
        let day = Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day)
        let next = c.month == 12 ? (c.year + 1, 1) : (c.year, c.month + 1)
        var last = Timestamp.daysFromCivil(year: next.0, month: next.1, day: 1) - 1
        // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 for a Sunday, 6 for a Saturday.
        while [0, 6].contains(((last + 4) % 7 + 7) % 7) { last -= 1 }
        return day >= last
    }

    /// Adds a comparable run to the baseline.
    private mutating func append(_ sample: Sample) {
        let capacity = max(1, settings.runs)
        if let last = lastCreation {
            let seconds = Double(sample.creation - last) / Double(Timestamp.ticksPerSecond)
            if intervals.count < capacity {
                intervals.append(seconds)
            } else {
                intervals[nextInterval] = seconds
                nextInterval = (nextInterval + 1) % capacity
            }
        }
        lastCreation = sample.creation
        if ring.count < capacity {
            ring.append(sample)
        } else {
            ring[next] = sample
            next = (next + 1) % capacity
        }
    }
}
