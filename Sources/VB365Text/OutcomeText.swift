import VB365Model
import VB365Statistics

extension RunOutcomes {
    /// `4 (1 succeeded, 1 recovered after retry, 1 failed, 1 running)`, and with runs the
    /// schedule expected that never started `6 expected, 4 made (…), 2 missed`: the words every
    /// report uses.
    package var phrase: String {
        var parts: [String] = []
        if success > 0 { parts.append("\(success) succeeded") }
        if recovered > 0 { parts.append("\(recovered) recovered after retry") }
        if warning > 0 { parts.append("\(warning) warning") }
        if failed > 0 { parts.append("\(failed) failed") }
        if running > 0 { parts.append("\(running) running") }
        if other > 0 { parts.append("\(other) other") }
        if awaitingRetry > 0 { parts.append("\(awaitingRetry) awaiting retry") }
        let detail = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        return missed > 0 ? "\(expected) expected, \(total) made\(detail), \(missed) missed" : "\(total)\(detail)"
    }
}

extension Summary {
    /// The word for headlines and subjects: the report's outcome (`Missed`, `Failed`, `Hung`,
    /// `Stale`, `Warning`, `Recovered`, `Running`, `Success`, `No data`, or another status).
    package var headlineWord: String { outcome.word }
}

extension Summary {
    /// The headline of a report and the `%Issues%` of its subject: the jobs that need action
    /// (`JobSummary.needsAction`) counted apart from those only worth knowing about
    /// (`isForInformation`): `2 of 90 jobs need action; 3 for information`, `All 4 jobs backed up;
    /// 1 for information`, `No job needs action; 2 backed up, 1 still running`, or `No sessions in the
    /// window`.
    package var actionHeadline: String {
        let needing = jobs.filter(\.needsAction).count
        let information = jobs.filter(\.isForInformation).count
        let security = securityWorst == nil ? 0 : securityFindings.count
        let info =
            (information > 0 ? "; \(information) for information" : "")
            + (security > 0 ? "; " + SecurityText.count(security) : "") + (dataIsOld ? "; " + dataAgePhrase : "")
        if needing > 0 {
            return
                "\(needing) of \(jobs.count) job\(jobs.count == 1 ? "" : "s") need\(needing == 1 ? "s" : "") action\(info)"
        }
        guard totals.sessions > 0 else { return "No sessions in the window\(info)" }
        let active = jobs.filter { $0.statistics.sessions > 0 }
        let running = active.filter { $0.statistics.runs.running == $0.statistics.runs.total }.count
        let backedUp = active.count - running
        if running == 0 { return "All \(backedUp) job\(backedUp == 1 ? "" : "s") backed up\(info)" }
        return "No job needs action; \(backedUp) backed up, \(running) still running\(info)"
    }
}

extension Summary {
    /// `newest session 6 h 54 min ago`, or `no session read`: how old the newest data is, at
    /// the time judged at (in every headline; in subjects when `dataIsOld`).
    package var dataAgePhrase: String {
        if let age = dataAgeSeconds { return "newest session " + HumanUnits.duration(age) + " ago" }
        return sessionsAfterWindow > 0 ? "no session before the window's end" : "no session read"
    }

    /// The window in words, beside its times: `the last 24 hours; newest session 6 h 54 min ago`,
    /// or its length (`7 d 0 h; newest session 2 h ago`) when the user bounded it.
    package var windowDescription: String {
        (window.isDefault ? "the last 24 hours" : HumanUnits.duration(window.seconds)) + "; " + dataAgePhrase
    }
}

extension JobSummary {
    /// The job's outcome with what it leaves unsaid: `Failed; no completed backup for 38 h`,
    /// `Stale; running for 3 d 2 h (usually 10 min)`, else the word alone.
    package var outcomeDetail: String {
        var parts = [outcome.word]
        if let h = freshness.hung, outcome != .hung { parts.append(FreshnessText.hungShort(h)) }
        if let s = freshness.stale, outcome != .stale { parts.append(FreshnessText.staleDetail(s)) }
        return parts.joined(separator: "; ")
    }
}

extension Comparison.Metric {
    /// `duration`, `processing rate`, ...: the metric in a sentence.
    package var label: String {
        switch self {
        case .duration: return "duration"
        case .transferred: return "transferred"
        case .processingRate: return "processing rate"
        case .readRate: return "read rate"
        case .writeRate: return "write rate"
        }
    }
}

extension UnreadLogItems {
    /// `Left out: 12 log items of 3 sessions that are not in the input (their session files
    /// were not read).`, or nil when none were.
    package var sentence: String? {
        guard items > 0 else { return nil }
        return
            "Left out: \(items) log item\(items == 1 ? "" : "s") of \(sessions) session\(sessions == 1 ? "" : "s") that \(sessions == 1 ? "is" : "are") not in the input (no session file names \(sessions == 1 ? "it" : "them"); fetch again, or read the folder that holds the sessions)."
    }
}
