import VB365Model

/// A session measured against a baseline: the job's previous completed session, or the median
/// of its last N completed sessions.
public struct Comparison: Hashable, Sendable {
    /// What the session was compared with.
    public enum Baseline: Hashable, Sendable {
        case previous(EntityID)
        case median(runs: Int)
    }

    /// The measures compared.
    public enum Metric: String, CaseIterable, Sendable {
        case duration, transferred, processingRate, readRate, writeRate

        /// True for rates, where less is slower.
        public var isRate: Bool { self == .processingRate || self == .readRate || self == .writeRate }
    }

    /// The verdict on the session.
    public enum Verdict: String, Sendable { case slower, faster, steady }

    /// One measure that crossed its threshold.
    public struct Finding: Hashable, Sendable {
        public var metric: Metric
        public var verdict: Verdict
        public var deltaPercent: Double
    }

    public var baseline: Baseline
    /// The baseline's values, by metric.
    public var baselineValues: Values
    /// Δ% by metric, where both sides are known and the baseline is not zero.
    public var deltas: Values
    public var findings: [Finding]
    /// Slower when any measure is slower; else faster when any is faster; else steady.
    public var verdict: Verdict

    /// Compares `current` with `base` using the thresholds of `options`.
    init(current: Values, base: Values, baseline: Baseline, options: SummaryOptions) {
        self.baseline = baseline
        self.baselineValues = base
        var deltas = Values()
        var findings: [Finding] = []
        let rateDrop = options.rateDropPercent
        let rateRise = rateDrop < 100 ? rateDrop / (100 - rateDrop) * 100 : .infinity
        let durationRise = options.durationRisePercent
        let durationDrop = durationRise / (100 + durationRise) * 100
        for metric in Metric.allCases {
            guard let now = current[metric], let then = base[metric], then > 0 else { continue }
            let delta = (now - then) / then * 100
            deltas[metric] = delta
            switch metric {
            case .duration:
                if delta >= durationRise {
                    findings.append(Finding(metric: metric, verdict: .slower, deltaPercent: delta))
                } else if delta <= -durationDrop {
                    findings.append(Finding(metric: metric, verdict: .faster, deltaPercent: delta))
                }
            case .processingRate, .readRate, .writeRate:
                if delta <= -rateDrop {
                    findings.append(Finding(metric: metric, verdict: .slower, deltaPercent: delta))
                } else if delta >= rateRise {
                    findings.append(Finding(metric: metric, verdict: .faster, deltaPercent: delta))
                }
            case .transferred:
                break
            }
        }
        self.deltas = deltas
        self.findings = findings
        if findings.contains(where: { $0.verdict == .slower }) {
            verdict = .slower
        } else if findings.contains(where: { $0.verdict == .faster }) {
            verdict = .faster
        } else {
            verdict = .steady
        }
    }
}
