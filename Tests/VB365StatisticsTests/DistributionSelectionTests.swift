import Testing

@testable import VB365Statistics

/// A group's distributions and medians are found by selection, not by sorting: they must be the
/// ones sorting finds, for any count, order and number of equal values.
@Suite("Distributions by selection")
struct DistributionSelectionTests {
    /// Deterministic values: `count` of them, drawn from `distinct` different ones.
    static func values(count: Int, distinct: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(Int((state >> 33) % UInt64(distinct))) * 1.5 - 7
        }
    }

    @Test(
        "selection finds what sorting finds",
        arguments: [1, 2, 3, 16, 17, 18, 33, 100, 101, 1_000, 4_097], [1, 2, 5, 1_000_000])
    func sameAsSorting(count: Int, distinct: Int) {
        for seed in [1, 7, 42] as [UInt64] {
            let original = Self.values(count: count, distinct: distinct, seed: seed)
            var selected = original
            #expect(Distribution(selecting: &selected) == Distribution(sorted: original.sorted()))
            #expect(selected.sorted() == original.sorted())
            var forMedian = original
            #expect(Distribution.median(selecting: &forMedian) == Distribution.median(original))
            for ordered in [original.sorted(), Array(original.sorted().reversed())] {
                var list = ordered
                #expect(Distribution(selecting: &list) == Distribution(sorted: original.sorted()))
            }
        }
        var empty: [Double] = []
        #expect(Distribution(selecting: &empty) == nil)
        #expect(Distribution.median(selecting: &empty) == nil)
    }
}
