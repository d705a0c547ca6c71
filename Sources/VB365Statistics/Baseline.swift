import VB365Model

/// The measures of one session that comparisons use.
struct Metrics {
    /// The session (`SessionRecord.id`), named by the previous-run comparison.
    var id: Int32
    /// The known measures.
    var values: [Comparison.Metric: Double]

    /// The measures of `r`.
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
    /// N: how many sessions the median is taken over.
    let capacity: Int
    /// The last `capacity` sessions; `next` is the oldest once it is full.
    private var ring: [Metrics] = []
    /// Where the next session goes once `ring` is full.
    private var next = 0

    /// An empty tracker of `capacity` sessions.
    init(capacity: Int) { self.capacity = capacity }

    /// How many sessions the median is taken over now.
    var count: Int { ring.count }
    /// The newest session added.
    private(set) var previous: Metrics?

    /// Adds the job's next completed session.
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
