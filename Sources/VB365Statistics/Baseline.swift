import VB365Model

/// The measures of one session that comparisons use.
struct Metrics {
    /// The session (`SessionRecord.id`), named by the previous-run comparison.
    var id: Int32
    /// The known measures.
    var values: Comparison.Values

    /// The measures `values` of the session `id`.
    init(id: Int32, values: Comparison.Values) {
        self.id = id
        self.values = values
    }

    /// The measures of `r`.
    init(_ r: SessionRecord) {
        id = r.id
        values = Comparison.Values()
        values[.duration] = r.durationSeconds
        values[.transferred] = r.transferred.known.map(Double.init)
        values[.processingRate] = r.processingRate.known.map(Double.init)
        values[.readRate] = r.readRate.known.map(Double.init)
        values[.writeRate] = r.writeRate.known.map(Double.init)
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
    func median() -> Comparison.Values? {
        guard !ring.isEmpty else { return nil }
        var result = Comparison.Values()
        // One scratch buffer on the stack for every metric: no array per metric and session.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: ring.count) { scratch in
            for metric in Comparison.Metric.allCases {
                var count = 0
                for m in ring {
                    if let v = m.values[metric] {
                        scratch[count] = v
                        count += 1
                    }
                }
                guard count > 0 else { continue }
                var known = UnsafeMutableBufferPointer(rebasing: scratch[..<count])
                known.sort()
                result[metric] = Distribution.median(ofSorted: known)
            }
        }
        return result
    }
}
