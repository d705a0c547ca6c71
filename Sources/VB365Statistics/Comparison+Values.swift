extension Comparison {
    /// A value for some of the metrics, held in place (no dictionary, no allocation): what a
    /// comparison keeps for its baseline and its deltas.
    ///
    /// One stored value per metric, named after it (`SessionFactsKeyTests` checks the two match),
    /// and which of them are known; an unknown one is stored as 0, so that equal values are equal.
    public struct Values: Hashable, Sendable {
        private var duration = 0.0
        private var transferred = 0.0
        private var processingRate = 0.0
        private var readRate = 0.0
        private var writeRate = 0.0
        /// Bit `n` set: the value of the `n`-th metric (`Metric.bit`) is known.
        private var known: UInt8 = 0

        /// No value for any metric.
        public init() {}

        /// The value of `metric`, or nil when it is unknown.
        public subscript(metric: Metric) -> Double? {
            get {
                guard known & metric.bit != 0 else { return nil }
                switch metric {
                case .duration: return duration
                case .transferred: return transferred
                case .processingRate: return processingRate
                case .readRate: return readRate
                case .writeRate: return writeRate
                }
            }
            set {
                known = newValue == nil ? known & ~metric.bit : known | metric.bit
                let value = newValue ?? 0
                switch metric {
                case .duration: duration = value
                case .transferred: transferred = value
                case .processingRate: processingRate = value
                case .readRate: readRate = value
                case .writeRate: writeRate = value
                }
            }
        }
    }
}

extension Comparison.Metric {
    /// The metric's bit in `Comparison.Values`.
    var bit: UInt8 {
        switch self {
        case .duration: 1
        case .transferred: 2
        case .processingRate: 4
        case .readRate: 8
        case .writeRate: 16
        }
    }
}
