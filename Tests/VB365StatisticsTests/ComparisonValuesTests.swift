import Testing

@testable import VB365Statistics

/// A comparison's values are held in place, not in a dictionary: they must read back as a
/// dictionary would, and baselines' medians must be the medians of the values known.
@Suite("Comparison values and baseline medians")
struct ComparisonValuesTests {
    @Test("each metric's value reads back; a value set to nil is unknown, and equal to one never set")
    func values() {
        var values = Comparison.Values()
        for metric in Comparison.Metric.allCases { #expect(values[metric] == nil) }
        for (n, metric) in Comparison.Metric.allCases.enumerated() { values[metric] = Double(n) + 0.5 }
        for (n, metric) in Comparison.Metric.allCases.enumerated() { #expect(values[metric] == Double(n) + 0.5) }
        values[.readRate] = nil
        values[.duration] = 0
        #expect(values[.readRate] == nil)
        #expect(values[.duration] == 0)
        var expected = Comparison.Values()
        expected[.duration] = 0
        expected[.transferred] = 1.5
        expected[.processingRate] = 2.5
        expected[.writeRate] = 4.5
        #expect(values == expected)
        #expect(values.hashValue == expected.hashValue)
        expected[.duration] = nil
        #expect(values != expected)
    }

    @Test("the median baseline is each metric's median over the last sessions that know it")
    func medians() throws {
        let capacity = 4
        var tracker = BaselineTracker(capacity: capacity)
        #expect(tracker.median() == nil)
        var added: [Comparison.Values] = []
        for n in 0..<11 {
            var values = Comparison.Values()
            // Each metric is unknown in some sessions, so that the counts differ (odd and even).
            for (m, metric) in Comparison.Metric.allCases.enumerated() where (n + m) % (m + 2) != 0 {
                values[metric] = Double((n * 37 + m * 11) % 17) - 3
            }
            added.append(values)
            tracker.append(Metrics(id: Int32(n), values: values))
            let median = try #require(tracker.median())
            for metric in Comparison.Metric.allCases {
                let known = added.suffix(capacity).compactMap { $0[metric] }
                #expect(median[metric] == Distribution.median(known), "metric \(metric) after \(n + 1) sessions")
            }
        }
    }
}
