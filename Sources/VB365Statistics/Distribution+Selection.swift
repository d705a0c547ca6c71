extension Distribution {
    /// The distribution of `values`, or nil when there are none: the same as
    /// `Distribution(sorted: values.sorted())`, found by selection rather than a sort (a window's
    /// aggregates take one of every measure of every group). `values` is left in another order.
    init?(selecting values: inout [Double]) {
        guard let first = values.first else { return nil }
        count = values.count
        var (low, high) = (first, first)
        for v in values {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        minimum = low
        maximum = high
        median = Distribution.median(selecting: &values) ?? first
        let n = values.count
        let rank = Int((0.95 * Double(n)).rounded(.up))
        let p95Index = Swift.max(0, Swift.min(n - 1, rank - 1))
        // `median(selecting:)` left the n/2-th smallest at n/2, none greater before it.
        let middle = n / 2
        values.withUnsafeMutableBufferPointer { buffer in
            if p95Index > middle {
                Distribution.select(p95Index, in: buffer, from: middle + 1, to: n)
            } else if p95Index < middle {
                Distribution.select(p95Index, in: buffer, from: 0, to: middle)
            }
        }
        p95 = values[p95Index]
    }

    /// The median of `values` (in any order), or nil when there are none: the same as
    /// `median(values)`, by selection. `values` is left with its n/2-th smallest value at n/2,
    /// none greater before it and none smaller after it.
    static func median(selecting values: inout [Double]) -> Double? {
        let n = values.count
        guard n > 0 else { return nil }
        return values.withUnsafeMutableBufferPointer { buffer in
            select(n / 2, in: buffer, from: 0, to: n)
            let upper = buffer[n / 2]
            guard n % 2 == 0 else { return upper }
            var lower = buffer[0]
            for i in 1..<(n / 2) { lower = Swift.max(lower, buffer[i]) }
            return (lower + upper) / 2
        }
    }

    /// Puts the `k`-th smallest of `buffer[start..<end]` at `k`, none greater before it and none
    /// smaller after it (within the range): a quickselect with a three-way partition, so that
    /// many equal values stay linear, that sorts what is left once it is small or after too many
    /// rounds.
    static func select(_ k: Int, in buffer: UnsafeMutableBufferPointer<Double>, from start: Int, to end: Int) {
        var (lo, hi) = (start, end)
        var rounds = 0
        while hi - lo > 16 && rounds < 64 {
            rounds += 1
            let (a, b, c) = (buffer[lo], buffer[lo + (hi - lo) / 2], buffer[hi - 1])
            let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
            var (less, i, greater) = (lo, lo, hi)
            while i < greater {
                let v = buffer[i]
                if v < pivot {
                    buffer.swapAt(less, i)
                    less += 1
                    i += 1
                } else if v > pivot {
                    greater -= 1
                    buffer.swapAt(i, greater)
                } else {
                    i += 1
                }
            }
            if k < less {
                hi = less
            } else if k >= greater {
                lo = greater
            } else {
                return
            }
        }
        var rest = UnsafeMutableBufferPointer(rebasing: buffer[lo..<hi])
        rest.sort()
    }
}
