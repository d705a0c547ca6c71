import VB365Generation
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Support

/// Measures the verdict rules against a `ScheduleWorld` (issue 24): `check` polled every hour
/// over the world's polled days, each poll seeing the history as it stood then, with the jobs
/// list and without it (sessions alone).
///
/// Each poll summarises as `check` does by default (`SummaryOptions(now: t)`: the 24 hours up to
/// `t`, judged at `t`) and runs `MonitoringCheck.evaluate` with the default
/// `CheckPolicy`. A job **alarms** at a poll when its result holds a missed, stale, hung or failed
/// finding: `freshness.missed`, `freshness.stale`, `freshness.hung`, or a run in the window
/// whose final outcome is Failed (`statistics.runs.failed > 0`, awaiting a retry included) — the
/// findings `check` reports at CRITICAL (missed, stale, failed) or WARNING (hung) by default.
/// Warnings, recoveries and other statuses are not alarms.
///
/// The **false-alarm rate** is the polls at which a healthy job alarms ÷ the polls that judged
/// it (a job is judged once it is in the data: in the jobs list, or, without it, once it has a
/// session). A problem's **detection delay** is the first poll at or after the problem's start at
/// which the job alarms (for a problem whose expected finding is `warning`, or has the check's
/// warning finding), minus the start; a problem never found has none.
package enum ScheduleWorldMeasurement {
    /// What the check is given.
    package enum Variant: String, CaseIterable, Sendable, Hashable {
        /// The sessions and the jobs list (names, schedules, `nextRun`, `lastRun`, `isEnabled`).
        case withJobsList = "with jobs list"
        /// The sessions alone.
        case sessionsOnly = "without jobs list"
    }

    /// What one poll found about one job.
    package struct Judgement: Sendable, Hashable {
        /// The alarming findings: missed, stale, hung, failed.
        package var alarms: Set<ScheduleWorld.Finding>
        /// True when a run in the window ended with a warning (the check's `warning` finding).
        package var warned: Bool
        /// The job's outcome word (`Success`, `Missed`, …).
        package var outcome: String
        /// The job's state in the check's result; nil when the result has no line for it.
        package var state: CheckState?
    }

    /// The first poll that found a problem.
    package struct Detection: Sendable, Hashable {
        /// The poll's time.
        package var at: Timestamp
        /// From the problem's start to that poll, seconds.
        package var delaySeconds: Double
        /// What it found (alarms, and `warning` for a problem expected to warn), in `Finding` order.
        package var findings: [ScheduleWorld.Finding]
    }

    /// One job's measurement in one variant.
    package struct Measure: Sendable, Hashable {
        /// Polls that judged the job (for a problem job, those before the problem's start).
        package var polls = 0
        /// Of those, the polls at which it alarmed.
        package var alarms = 0
        /// The alarming polls by finding (a poll may count under several).
        package var alarmsByFinding: [ScheduleWorld.Finding: Int] = [:]
        /// The outcome word at the last poll that judged the job.
        package var verdict = "—"
        /// The problem's first detection; nil for a healthy job, or a problem never found.
        package var detection: Detection?
        /// Polls at which the job alarmed while the check's line for it said OK (should be none).
        package var silentAlarms = 0
    }

    /// One job of the world, measured in each variant.
    package struct Row: Sendable {
        package var pattern: ScheduleWorld.Pattern
        /// The injected problem; nil for a healthy job.
        package var problem: ScheduleWorld.Problem?
        /// By variant.
        package var measures: [Variant: Measure]
    }

    /// The whole measurement.
    package struct Table: Sendable {
        /// One row per job, in `Pattern` order.
        package var rows: [Row]
        /// The polls made in each variant.
        package var polls: Int
        /// The first and last poll.
        package var firstPoll: Timestamp
        package var lastPoll: Timestamp

        /// Alarming polls ÷ polls over the healthy jobs.
        package func falseAlarms(_ variant: Variant) -> (alarms: Int, polls: Int) {
            rows.filter { $0.problem == nil }.reduce((0, 0)) { sum, row in
                let m = row.measures[variant] ?? Measure()
                return (sum.0 + m.alarms, sum.1 + m.polls)
            }
        }

        /// `falseAlarms` as a fraction (0 without polls).
        package func falseAlarmRate(_ variant: Variant) -> Double {
            let (alarms, polls) = falseAlarms(variant)
            return polls == 0 ? 0 : Double(alarms) / Double(polls)
        }

        /// The table in GitHub-flavoured Markdown, with the overall rates below it.
        package var markdown: String {
            var lines = [
                "Polls: every hour from \(firstPoll.iso8601) to \(lastPoll.iso8601) (\(polls) per variant).",
                "",
                "| job | ground truth | verdict at the end, with / without jobs list | alarms with jobs list | alarms without jobs list | detected with jobs list | detected without jobs list |",
                "|---|---|---|---|---|---|---|",
            ]
            for row in rows {
                let with = row.measures[.withJobsList] ?? Measure()
                let without = row.measures[.sessionsOnly] ?? Measure()
                let truth =
                    row.problem.map { "\($0.expected.rawValue) from \($0.start.iso8601)" } ?? "healthy"
                let detected: (Measure) -> String = { m in
                    guard row.problem != nil else { return "—" }
                    guard let d = m.detection else { return "**not found**" }
                    return
                        "after \(ScheduleWorldMeasurement.span(d.delaySeconds)) (\(d.findings.map(\.rawValue).joined(separator: ", ")))"
                }
                lines.append(
                    "| \(row.pattern.rawValue) | \(truth) | \(with.verdict) / \(without.verdict) | \(Self.alarms(with, problem: row.problem != nil)) | \(Self.alarms(without, problem: row.problem != nil)) | \(detected(with)) | \(detected(without)) |"
                )
            }
            lines.append("")
            for variant in Variant.allCases {
                let (alarms, polls) = falseAlarms(variant)
                lines.append(
                    "- Healthy jobs, \(variant.rawValue): \(alarms) alarming polls of \(polls), a false-alarm rate of \(ScheduleWorldMeasurement.percent(falseAlarmRate(variant)))."
                )
            }
            return lines.joined(separator: "\n") + "\n"
        }

        /// `3 of 336 (0.89 %: missed 2, stale 1)`; for a problem job, the polls before its start.
        static func alarms(_ m: Measure, problem: Bool) -> String {
            let rate = m.polls == 0 ? 0 : Double(m.alarms) / Double(m.polls)
            let kinds = ScheduleWorld.Finding.allCases.compactMap { f in
                m.alarmsByFinding[f].map { "\(f.rawValue) \($0)" }
            }
            let detail = kinds.isEmpty ? "" : ": " + kinds.joined(separator: ", ")
            return (problem ? "before it: " : "")
                + "\(m.alarms) of \(m.polls) (\(ScheduleWorldMeasurement.percent(rate))\(detail))"
        }
    }

    /// Polls `world` every `every` seconds over its polled days, in both variants.
    package static func run(_ world: ScheduleWorld = ScheduleWorld(), every: Double = 3600) -> Table {
        let polls = world.pollTimes(every: every)
        var rows = world.jobs.map { job in
            Row(
                pattern: job.pattern, problem: job.problem,
                measures: Dictionary(uniqueKeysWithValues: Variant.allCases.map { ($0, Measure()) }))
        }
        for t in polls {
            for variant in Variant.allCases {
                let judged = judge(world, at: t, variant: variant)
                for (i, job) in world.jobs.enumerated() {
                    guard let j = judged[job.pattern] else { continue }
                    var m = rows[i].measures[variant]!
                    m.verdict = j.outcome
                    if !j.alarms.isEmpty && (j.state ?? .ok) == .ok { m.silentAlarms += 1 }
                    if let problem = job.problem, t >= problem.start {
                        var found = j.alarms
                        if problem.expected == .warning && j.warned { found.insert(.warning) }
                        if m.detection == nil && !found.isEmpty {
                            m.detection = Detection(
                                at: t, delaySeconds: t.seconds(since: problem.start),
                                findings: ScheduleWorld.Finding.allCases.filter { found.contains($0) })
                        }
                    } else {
                        m.polls += 1
                        if !j.alarms.isEmpty {
                            m.alarms += 1
                            for f in j.alarms { m.alarmsByFinding[f, default: 0] += 1 }
                        }
                    }
                    rows[i].measures[variant] = m
                }
            }
        }
        return Table(rows: rows, polls: polls.count, firstPoll: polls.first!, lastPoll: polls.last!)
    }

    /// What `check` says about each job of `world` at `t`, given what `variant` gives it: the
    /// jobs that are in the data then.
    package static func judge(_ world: ScheduleWorld, at t: Timestamp, variant: Variant) -> [ScheduleWorld.Pattern:
        Judgement]
    {
        let summary = summarize(world, at: t, variant: variant)
        let check = MonitoringCheck.evaluate(summary, policy: CheckPolicy())
        // Every job of the world has its own name (or id), so a check line's label is its name.
        var states: [String: CheckState] = [:]
        for line in check.jobs { states[line.label] = max(states[line.label] ?? .ok, line.state) }
        var patterns: [EntityID: ScheduleWorld.Pattern] = [:]
        for job in world.jobs { patterns[job.job.id] = job.pattern }
        var out: [ScheduleWorld.Pattern: Judgement] = [:]
        for job in summary.jobs {
            guard let id = job.id, let pattern = patterns[id] else { continue }
            var alarms = Set<ScheduleWorld.Finding>()
            if job.freshness.missed != nil { alarms.insert(.missed) }
            if job.freshness.stale != nil { alarms.insert(.stale) }
            if job.freshness.hung != nil { alarms.insert(.hung) }
            if job.statistics.runs.failed > 0 { alarms.insert(.failed) }
            out[pattern] = Judgement(
                alarms: alarms, warned: job.statistics.runs.warning > 0, outcome: job.outcome.word,
                state: states[job.name])
        }
        return out
    }

    /// The summary `check` makes by default at `t` of what `variant` gives it.
    package static func summarize(_ world: ScheduleWorld, at t: Timestamp, variant: Variant) -> Summary {
        var inventory = Inventory()
        let sessions = world.sessions(asOf: t)
        inventory.reserveCapacity(sessions: sessions.count)
        if variant == .withJobsList {
            inventory.add(world.organization)
            for job in world.jobs(asOf: t) { inventory.add(job) }
        }
        for s in sessions { inventory.add(s) }
        return Summarizer.summarize(inventory, options: SummaryOptions(now: t))
    }

    /// `1 h 05 min`, `45 min`.
    static func span(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return "\(minutes) min" }
        return "\(minutes / 60) h \(Formatting.pad(minutes % 60)) min"
    }

    /// `0.89 %`.
    static func percent(_ fraction: Double) -> String {
        let hundredths = Int((fraction * 10_000).rounded())
        return "\(hundredths / 100).\(Formatting.pad(hundredths % 100)) %"
    }
}
