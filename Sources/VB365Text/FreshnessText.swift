import VB365Model
import VB365Statistics
import VB365Support

/// Sentences that explain a job's freshness findings, shared by every format.
package enum FreshnessText {
    /// Why the job counts as missed: `No run since 2026-11-21 22:00 UTC (2 d 8 h ago); it runs every 24 h (its schedule).`
    package static func missed(_ m: Freshness.Missed, now: Timestamp, time: (Timestamp) -> String) -> String {
        let every = "it runs every \(span(m.expectedInterval))"
        let source: String
        switch m.basis {
        case .schedule: source = "its schedule"
        case .nextRun: source = "the server's next run"
        case .history: source = "its usual interval"
        }
        switch (m.basis, m.lastRun) {
        case (.nextRun, _):
            let due = m.due.map { "was due \(time($0))" } ?? "has passed"
            let last = m.lastRun.map { "; the last run started \(time($0))" } ?? ""
            return "No run: the server's next run \(due) and nothing started\(last)."
        case (_, let last?):
            return
                "No run since \(time(last)) (\(span(now.seconds(since: last))) ago); \(every) (\(source))."
        case (_, nil):
            return "No run at all in the data; \(every) (\(source))."
        }
    }

    /// Why the job counts as stale: `Last completed backup (Success or Warning) ended 31 h ago; the maximum age is 26 h.`
    package static func stale(_ s: Freshness.Stale) -> String {
        let limit = span(s.maximumAgeSeconds)
        guard let age = s.ageSeconds else {
            return "No backup completed (Success or Warning) in the data; the maximum age is \(limit)."
        }
        return "Last completed backup (Success or Warning) ended \(span(age)) ago; the maximum age is \(limit)."
    }

    /// Why a run counts as hung: `Running for 3 d 2 h (usually 10 min); a run counts as hung
    /// after 2 h (4 × its 95th percentile of 10 min over 30 completed runs, at least 2 h).`
    package static func hung(_ h: Freshness.Hung) -> String {
        var out = "\(h.queued ? "Queued" : "Running") for \(roughly(h.elapsedSeconds))"
        if let usual = h.usualSeconds { out += " (usually \(roughly(usual)))" }
        out += "; a run counts as hung after \(roughly(h.thresholdSeconds))"
        if let p95 = h.p95Seconds {
            let factor = HumanUnits.fixed(h.factor, h.factor == h.factor.rounded() ? 0 : 1)
            out +=
                " (\(factor) × its 95th percentile of \(roughly(p95)) over \(h.completedRuns) completed runs, at least \(roughly(h.minimumSeconds)))."
        } else {
            out += ", as there are too few completed runs to know how long its runs take."
        }
        return out
    }

    /// The short form of `hung`, for a badge or a table: `running for 3 d 2 h (usually 10 min)`.
    package static func hungShort(_ h: Freshness.Hung) -> String {
        "\(h.queued ? "queued" : "running") for \(roughly(h.elapsedSeconds))"
            + (h.usualSeconds.map { " (usually \(roughly($0)))" } ?? "")
    }

    /// A running time as people say it: `45 s`, `10 min`, then as `HumanUnits.duration` says
    /// every duration (`3 h 05 min`, `31 h`, `3 d 2 h`), with the same rounding.
    package static func roughly(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= Seconds.minute, seconds < Seconds.hour else {
            return HumanUnits.duration(seconds)
        }
        let minutes = Int((seconds / 60).rounded())
        return minutes < 60 ? "\(minutes) min" : HumanUnits.duration(seconds)
    }

    /// The staleness as a detail of another outcome: `no completed backup for 38 h`.
    package static func staleDetail(_ s: Freshness.Stale) -> String {
        s.ageSeconds.map { "no completed backup for \(span($0))" } ?? "no completed backup in the data"
    }

    /// Ages and intervals: `HumanUnits.duration`, which says an RPO as admins do (`26 h` from a
    /// day up to three, `5 d 2 h` beyond).
    static func span(_ seconds: Double) -> String { HumanUnits.duration(seconds) }

    /// Every finding of a job: missed, hung, stale, then a streak that reached the failed level.
    package static func sentences(_ f: Freshness, now: Timestamp, time: (Timestamp) -> String) -> [String] {
        var out: [String] = []
        if let m = f.missed { out.append(missed(m, now: now, time: time)) }
        if let h = f.hung { out.append(hung(h)) }
        if let s = f.stale { out.append(stale(s)) }
        if let streak = f.streak, streak.escalates { out.append(self.streak(streak, time: time)) }
        return out
    }

    /// A run still going, not hung, against the job's usual duration: `running for 2 h so far
    /// (usually 20 min)`, `first run in progress (such as a first full backup), 2 h so far`.
    package static func running(_ seconds: Double, _ f: Freshness) -> String {
        let so = "\(roughly(seconds)) so far"
        if f.completedRuns == 0 { return "first run in progress (such as a first full backup), \(so)" }
        return "running for \(so)" + (f.usualRunSeconds.map { " (usually \(roughly($0)))" } ?? "")
    }

    /// A streak in a table or a check line: `28 runs in a row since 2026-11-02`.
    package static func streakShort(_ s: Freshness.Streak, zone: LocalTime = .utc) -> String {
        "\(s.runs) runs in a row since \(zone.date(s.since))"
    }

    /// A streak as a sentence: `Warning, 28 runs in a row (since 2026-11-02 22:00); from 3 warnings
    /// in a row a job counts as failed.`
    package static func streak(_ s: Freshness.Streak, time: (Timestamp) -> String) -> String {
        let word = s.status == .failed ? "Failed" : "Warning"
        var out = "\(word), \(s.runs) runs in a row (since \(time(s.since)))"
        if s.escalates { out += "; from \(s.limit) warnings in a row a job counts as failed" }
        return out + "."
    }

    /// What is known of a job's schedule, when it is not the jobs list's: `learned from its runs:
    /// every 24 h on Mon–Fri`, `not known yet (3 runs; a schedule is learned from 5)`, `none
    /// (its runs have no regular interval)`; nil for the jobs list's schedule.
    package static func schedule(_ s: Freshness.Schedule) -> String? {
        switch s {
        case .server: return nil
        case .notExpected: return "no run expected (disabled or manual only)"
        case .learned(let learned):
            var out = "learned from its runs: every \(span(learned.intervalSeconds))"
            if let days = learned.weekdays {
                let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
                let on = (0..<7).map { (($0 + 1) % 7) }.filter { days[$0] == true }.map { names[$0] }
                let unseen = (0..<7).map { (($0 + 1) % 7) }.filter { days[$0] == nil }.map { names[$0] }
                if on.count < 7 { out += " on " + on.joined(separator: ", ") }
                if !unseen.isEmpty { out += " (not yet seen: " + unseen.joined(separator: ", ") + ")" }
            }
            return out
        case .unknown(.learning(let runs)):
            return "not known yet (\(runs) regular runs; a schedule is learned from \(LearnedSchedule.runsToLearn))"
        case .unknown(.irregular(let runs)):
            return
                "none: its last \(runs) runs have no regular interval; it is never missed, and stale only against an RPO set for it"
        }
    }
}
