/// Minimum, median, 95th percentile and maximum of a set of values.
public struct Distribution: Hashable, Sendable {
    public var count: Int
    public var minimum: Double
    /// The middle value; the mean of the two middle values for an even count.
    public var median: Double
    /// The nearest-rank 95th percentile: the smallest value not below 95 % of the values.
    public var p95: Double
    public var maximum: Double

    /// The distribution of `values`, or nil when there are none.
    public init?(_ values: [Double]) { self.init(sorted: values.sorted()) }

    /// The distribution of `sorted` (in ascending order), or nil when there are none.
    init?(sorted: [Double]) {
        guard !sorted.isEmpty else { return nil }
        count = sorted.count
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        median = Distribution.median(ofSorted: sorted)
        let rank = Int((0.95 * Double(sorted.count)).rounded(.up))
        p95 = sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// The median of sorted values.
    static func median<Sorted: RandomAccessCollection<Double>>(ofSorted sorted: Sorted) -> Double
    where Sorted.Index == Int {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The median of values in any order, or nil when there are none.
    public static func median(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : median(ofSorted: values.sorted())
    }
}
