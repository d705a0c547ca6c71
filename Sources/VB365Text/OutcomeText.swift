import VB365Model
import VB365Statistics

extension RunOutcomes {
    /// `4 (1 succeeded, 1 recovered after retry, 1 failed, 1 running)`: the words every report uses.
    public var phrase: String {
        var parts: [String] = []
        if success > 0 { parts.append("\(success) succeeded") }
        if recovered > 0 { parts.append("\(recovered) recovered after retry") }
        if warning > 0 { parts.append("\(warning) warning") }
        if failed > 0 { parts.append("\(failed) failed") }
        if running > 0 { parts.append("\(running) running") }
        if other > 0 { parts.append("\(other) other") }
        if awaitingRetry > 0 { parts.append("\(awaitingRetry) awaiting retry") }
        return "\(total)" + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
    }
}

extension Summary {
    /// The word for headlines and subjects: `Missed`, `Stale`, else the worst status, else
    /// `No sessions`.
    public var headlineWord: String {
        switch outcome {
        case .missed, .stale: return outcome.word
        default: return worst?.description ?? "No sessions"
        }
    }
}

extension Comparison.Metric {
    /// `duration`, `processing rate`, ...: the metric in a sentence.
    public var label: String {
        switch self {
        case .duration: return "duration"
        case .transferred: return "transferred"
        case .processingRate: return "processing rate"
        case .readRate: return "read rate"
        case .writeRate: return "write rate"
        }
    }
}
