import VB365Model
import VB365Statistics

/// Sentences that explain a job's freshness findings, shared by every format.
public enum FreshnessText {
    /// Why the job counts as missed: `No run since 2026-11-21 22:00 UTC (2 d 8 h ago); it runs every 24 h (its schedule).`
    public static func missed(_ m: Freshness.Missed, now: Timestamp, time: (Timestamp) -> String) -> String {
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
    public static func stale(_ s: Freshness.Stale) -> String {
        let limit = span(s.maximumAgeSeconds)
        guard let age = s.ageSeconds else {
            return "No backup completed (Success or Warning) in the data; the maximum age is \(limit)."
        }
        return "Last completed backup (Success or Warning) ended \(span(age)) ago; the maximum age is \(limit)."
    }

    /// Ages and intervals as an admin states an RPO: `26 h` up to three days, `5 d 2 h` beyond.
    static func span(_ seconds: Double) -> String {
        guard seconds >= 3600, seconds < 72 * 3600 else { return HumanUnits.duration(seconds) }
        return "\(Int((seconds / 3600).rounded())) h"
    }

    /// Both findings of a job, missed first.
    public static func sentences(_ f: Freshness, now: Timestamp, time: (Timestamp) -> String) -> [String] {
        var out: [String] = []
        if let m = f.missed { out.append(missed(m, now: now, time: time)) }
        if let s = f.stale { out.append(stale(s)) }
        return out
    }
}
