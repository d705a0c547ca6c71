import VB365Model

/// The final outcome of a group's runs in the window: the verdict every report, subject, exit
/// status and monitoring output is built from.
public enum GroupOutcome: Equatable, Sendable {
    /// No run ended in the window.
    case none
    case success
    /// A run failed or warned, then a retry succeeded (and nothing worse happened).
    case recovered
    case warning
    case failed
    case running
    /// Stopped, disconnected, or a status this tool does not know: the last session's status.
    case other(SessionStatus)
    /// A job with no run when one was due (louder than a failure).
    case missed
    /// A job whose last success is older than the maximum age.
    case stale

    /// `Success`, `Recovered`, `Failed`, `No runs`, or the other status as sent: the outcome's
    /// name in every format, including the JSON.
    public var word: String {
        switch self {
        case .none: return "No runs"
        case .success: return "Success"
        case .recovered: return "Recovered"
        case .warning: return "Warning"
        case .failed: return "Failed"
        case .running: return "Running"
        case .other(let status): return status.description
        case .missed: return "Missed"
        case .stale: return "Stale"
        }
    }
}

extension GroupStatistics {
    /// The group's outcome; `lastStatus` names an outcome that is neither success, warning nor
    /// failure.
    public func outcome(lastStatus: SessionStatus?) -> GroupOutcome {
        switch worst {
        case nil: return .none
        case .failed?: return .failed
        case .warning? where runs.recovered > 0 && runs.warning == 0: return .recovered
        case .warning?: return .warning
        case .success?: return .success
        case .other?: return runs.running > 0 ? .running : .other(lastStatus ?? .other("Other"))
        }
    }
}

extension JobSummary {
    /// The job's outcome, a missed run or a stale last success first: a missing backup is
    /// louder than a failed one.
    public var outcome: GroupOutcome {
        if freshness.missed != nil { return .missed }
        if freshness.stale != nil { return .stale }
        return statistics.outcome(lastStatus: lastSession?.status)
    }
}

extension Summary {
    /// An organization's outcome: missed or stale when one of its jobs is, else its runs'.
    public func outcome(of organization: OrganizationSummary) -> GroupOutcome {
        let members = organization.jobIndices.map { jobs[$0] }
        if members.contains(where: { $0.freshness.missed != nil }) { return .missed }
        if members.contains(where: { $0.freshness.stale != nil }) { return .stale }
        return organization.statistics.outcome(lastStatus: nil)
    }

    /// The whole report's outcome: missed, stale, or the window's runs.
    public var outcome: GroupOutcome {
        if !missedJobs.isEmpty { return .missed }
        if !staleJobs.isEmpty { return .stale }
        return totals.outcome(lastStatus: nil)
    }

    /// True when the window reaches `level`, a missed run or stale job counting as worse than a
    /// failure: the policy of `--fail-on` and `--only-if`.
    public func reaches(_ level: Severity) -> Bool {
        if !missedJobs.isEmpty || !staleJobs.isEmpty { return true }
        return worst.map { $0 >= level } ?? false
    }
}
