import VB365Model

/// The final outcome of a group's runs in the window: the verdict every report, subject, exit
/// status and monitoring output is built from.
///
/// When several findings hold, the word names the one an admin acts on first, the others stay
/// in the details: `missed` (no run started when one was due), `failed` (a run failed and no
/// retry fixed it), `hung` (a run has gone on far longer than the job's runs take), `stale` (no
/// completed backup within the maximum age, for no reason above: stopped runs, a queue), then
/// `warning`, `recovered`, `running`, another status, `success`. A failed job that is also stale
/// reads "Failed", its staleness the detail. `noData` is a whole window without a session.
public enum GroupOutcome: Equatable, Sendable {
    /// No run ended in the window (a job or organization that had nothing to do in it).
    case none
    /// The window holds no session at all, and no job is missed or stale: nothing to judge, which
    /// is not success.
    case noData
    case success
    /// A run failed or warned, then a retry succeeded (and nothing worse happened).
    case recovered
    case warning
    case failed
    case running
    /// A run has gone on far longer than the job's runs take (`Freshness.Hung`).
    case hung
    /// Stopped, disconnected, or a status this tool does not know: the last session's status.
    case other(SessionStatus)
    /// A job with no run when one was due (louder than a failure).
    case missed
    /// A job whose last completed backup is older than the maximum age.
    case stale

    /// `Success`, `Recovered`, `Failed`, `No runs`, `No data`, or the other status as sent: the
    /// outcome's name in every format, including the JSON.
    public var word: String {
        switch self {
        case .none: return "No runs"
        case .noData: return "No data"
        case .success: return "Success"
        case .recovered: return "Recovered"
        case .warning: return "Warning"
        case .failed: return "Failed"
        case .running: return "Running"
        case .hung: return "Hung"
        case .other(let status): return status.description
        case .missed: return "Missed"
        case .stale: return "Stale"
        }
    }
}

extension GroupStatistics {
    /// The group's outcome from its runs alone; `lastStatus` names an outcome that is neither
    /// success, warning nor failure (else the first such status counted).
    public func outcome(lastStatus: SessionStatus?) -> GroupOutcome {
        switch worst {
        case nil: return .none
        case .failed?: return .failed
        case .warning? where runs.recovered > 0 && runs.warning == 0: return .recovered
        case .warning?: return .warning
        case .success?: return .success
        case .other?:
            if runs.running > 0 { return .running }
            let named = lastStatus ?? byStatus.first { $0.status.severity == .other && !$0.status.isInProgress }?.status
            return .other(named ?? .other("Other"))
        }
    }

    /// The outcome of a group with these findings among its jobs, in the precedence of
    /// `GroupOutcome`.
    func outcome(lastStatus: SessionStatus?, missed: Bool, hung: Bool, stale: Bool) -> GroupOutcome {
        if missed { return .missed }
        if worst == .failed { return .failed }
        if hung { return .hung }
        if stale { return .stale }
        return outcome(lastStatus: lastStatus)
    }
}

extension JobSummary {
    /// The job's outcome, in the precedence of `GroupOutcome`: missed, failed, hung, stale, then
    /// its runs'.
    public var outcome: GroupOutcome {
        statistics.outcome(
            lastStatus: lastSession?.status, missed: freshness.missed != nil, hung: freshness.hung != nil,
            stale: freshness.stale != nil)
    }
}

extension JobSummary {
    /// True when the job needs an admin's action: a missed, hung or stale run, a run that failed
    /// (no retry or later run fixed it) or ended Stopped, Disconnected or in another status (it did
    /// not back up), or a streak of warnings that reached the failed level. What a headline and a
    /// subject count.
    public var needsAction: Bool {
        freshness.missed != nil || freshness.hung != nil || freshness.stale != nil || statistics.runs.failed > 0
            || statistics.runs.other > 0 || freshness.streak?.escalates == true
    }

    /// True when something about the job is worth knowing but needs no action: a run recovered by
    /// a retry or a later run, a warning (not a streak at the failed level), a run slower than its
    /// baseline, a run still going.
    public var isForInformation: Bool {
        let runs = statistics.runs
        return !needsAction && (runs.recovered > 0 || runs.warning > 0 || statistics.slower > 0 || runs.running > 0)
    }
}

extension JobSummary {
    /// True when the job reaches `level` (`.warning` or `.failed`): a missed or stale job, or a
    /// streak of warnings at the failed level, at every level; a hung run or a run that ended
    /// Stopped, Disconnected or in an unknown status, at the warning level; else the worst final
    /// outcome of its runs. The per-job part of `Summary.reaches`, so that what a run's log names
    /// is what made it reach the level.
    public func reaches(_ level: Severity) -> Bool {
        if freshness.missed != nil || freshness.stale != nil || freshness.streak?.escalates == true { return true }
        if level <= .warning && (freshness.hung != nil || statistics.runs.other > 0) { return true }
        return statistics.worst.map { $0 >= level } ?? false
    }
}

extension Summary {
    /// An organization's outcome, in the precedence of `GroupOutcome` over its jobs' findings.
    public func outcome(of organization: OrganizationSummary) -> GroupOutcome {
        outcome(of: organization.statistics, jobIndices: organization.jobIndices)
    }

    /// A server's outcome, like an organization's: over its jobs.
    public func outcome(of server: ServerSummary) -> GroupOutcome {
        outcome(of: server.statistics, jobIndices: server.jobIndices)
    }

    /// A group's outcome: its statistics, with the jobs at `jobIndices` missed, hung or stale.
    private func outcome(of statistics: GroupStatistics, jobIndices: [Int]) -> GroupOutcome {
        let members = jobIndices.map { jobs[$0] }
        return statistics.outcome(
            lastStatus: nil, missed: members.contains { $0.freshness.missed != nil },
            hung: members.contains { $0.freshness.hung != nil },
            stale: members.contains { $0.freshness.stale != nil })
    }

    /// The whole report's outcome, in the precedence of `GroupOutcome`; `noData` when the
    /// window holds no session and no job is missed, hung or stale.
    public var outcome: GroupOutcome {
        let outcome = totals.outcome(
            lastStatus: nil, missed: !missedJobs.isEmpty, hung: !hungJobs.isEmpty, stale: !staleJobs.isEmpty)
        return outcome == .none && totals.sessions == 0 ? .noData : outcome
    }

    /// True when the window reaches `level`: a missed run, a stale job and a streak of warnings
    /// that reached `SummaryOptions.warningStreakLimit` count as a failure; a hung run, a run that
    /// ended Stopped, Disconnected or in a status this tool does not know (it did not back up), and
    /// an input file that could not be read, as a warning. The policy of `--fail-on` and `--only-if`.
    public func reaches(_ level: Severity) -> Bool {
        if jobs.contains(where: { $0.reaches(level) }) { return true }
        if level <= .warning && totals.runs.other > 0 { return true }
        // A file left out because it could not be read: the report is not the whole picture.
        if level <= .warning && !unreadableFiles.isEmpty { return true }
        if let infrastructure = infrastructure.worst, infrastructure >= level { return true }
        if let security = securityWorst, security >= level { return true }
        return worst.map { $0 >= level } ?? false
    }

    /// What `--fail-on level` and `--only-if level` decide: the level is reached, the window
    /// holds no session to judge (never "all clear", even beside a finding below the level), or
    /// neither.
    public func verdict(at level: Severity) -> Verdict {
        if reaches(level) { return .reached }
        return totals.sessions == 0 ? .noData : .clear
    }

    /// The answer of `verdict(at:)`.
    public enum Verdict: Sendable {
        /// Nothing at the level or above.
        case clear
        /// Something at the level or above.
        case reached
        /// No session in the window and no finding: nothing to judge.
        case noData
    }
}
