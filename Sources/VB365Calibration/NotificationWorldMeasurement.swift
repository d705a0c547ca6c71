import VB365Generation
import VB365Model
import VB365Notifying
import VB365Statistics
import VB365SummaryOutput
import VB365Support

/// Measures the notifications (issue 28) against a `ScheduleWorld` as `ScheduleWorldMeasurement`
/// measures `check`: polled every hour over the world's polled days, with the jobs list and
/// without it, each poll summarised as `check` does by default (`ScheduleWorldMeasurement.summarize`).
///
/// One channel (`channel`: Slack, level WARNING, every job) is carried across the polls as the
/// state file carries it: each poll's findings (`NotificationFindings.make`, default
/// `CheckPolicy`, UTC) are planned (`NotificationPlanner.plan`, every subject judged but the run)
/// against the channel's state after the poll before. Every event is a line of a message; a poll
/// with at least one event is one message (events are grouped, never one message per problem).
///
/// Per job: the events about it. On a healthy job every event is a **false alarm** (a message
/// about a problem that is not there, or its resolution); they are counted per job-month and per
/// poll, beside the polls at which `check` alarmed for the same job (`ScheduleWorldMeasurement`'s
/// alarm: missed, stale, hung or failed). For a problem job, the polls before the problem's start
/// count as a healthy job's; from the start on, the problem is **told** at the first `opened`,
/// `flapping` or `raised` event, and its delay from the start is set beside `check`'s detection
/// delay (its first alarm, or warning for a problem expected to warn). A problem that ends (the
/// missed Thursday: the job runs again on Friday) should be resolved by the end; one that lasts
/// should still be open.
package enum NotificationWorldMeasurement {
    /// What the check is given (the same variants as `ScheduleWorldMeasurement`).
    package typealias Variant = ScheduleWorldMeasurement.Variant

    /// The channel measured: every job, told from WARNING up.
    package static let channel: NotificationChannel = {
        var channel = NotificationChannel(name: "ops", kind: .slack, addressFile: "")
        channel.level = .warning
        return channel
    }()

    /// One event the channel was told of.
    package struct Told: Sendable, Hashable {
        /// The poll that told it.
        package var at: Timestamp
        package var change: NotificationEvent.Change
        /// The level after the change (OK for a resolution).
        package var level: CheckState
        /// The event's first reason, or what the finding is about for one that is not a job's.
        package var words: String

        /// True for a change that tells of a problem: `opened`, `flapping`, `raised`.
        package var isOpening: Bool { [.opened, .flapping, .raised].contains(change) }
    }

    /// One job's measurement in one variant.
    package struct Measure: Sendable {
        /// Polls that judged the job (for a problem job, those before the problem's start).
        package var polls = 0
        /// The events about the job at those polls: false alarms.
        package var events: [Told] = []
        /// Of those polls, the ones at which `check` alarmed.
        package var checkAlarms = 0
        /// Of those polls, the ones at which `check`'s line for the job was not OK (a warning too).
        package var checkNotOK = 0
        /// Of those polls, the ones at which `check` was not OK after a poll at which it was (or
        /// first): its episodes, each of which a channel may hear of once.
        package var checkEpisodes = 0
        /// `check`'s level at the job's last poll.
        var lastLevel: CheckState = .ok
        /// The events from the problem's start on (a problem job only).
        package var eventsAfter: [Told] = []
        /// `check`'s detection delay (seconds); nil when it never found the problem.
        package var checkDelay: Double?
        /// The polls after `check` found the problem, while it lasted, at which its line for the
        /// job said OK: gaps in which the channel hears that the problem ended.
        package var checkGaps: [Timestamp] = []
        /// The level the channel was last told of the job, at the end.
        package var said: CheckState = .ok

        /// The first event that told of the problem, and its delay from `start`.
        package func told(since start: Timestamp) -> (event: Told, delaySeconds: Double)? {
            eventsAfter.first(where: \.isOpening).map { ($0, $0.at.seconds(since: start)) }
        }
    }

    /// One job of the world, measured in each variant.
    package struct Row: Sendable {
        package var pattern: ScheduleWorld.Pattern
        /// The injected problem; nil for a healthy job.
        package var problem: ScheduleWorld.Problem?
        /// When the problem ended, by the ground truth (the first run after a missed slot); nil
        /// for a healthy job or a problem that lasts to the end.
        package var ended: Timestamp?
        /// By variant.
        package var measures: [Variant: Measure]
    }

    /// The whole measurement.
    package struct Table: Sendable {
        /// One row per job, in `Pattern` order.
        package var rows: [Row]
        /// The polls made in each variant.
        package var polls: Int
        package var firstPoll: Timestamp
        package var lastPoll: Timestamp
        /// By variant: the polls that sent a message (at least one event).
        package var messages: [Variant: Int]
        /// By variant: every event the channel was told of.
        package var events: [Variant: Int]
        /// By variant: the events about anything but a job of the world (protection, data, …).
        package var otherEvents: [Variant: [Told]]

        /// The healthy jobs' events (a problem job's before its start included), their polls,
        /// `check`'s alarming polls of the same jobs, and the polls at which it did not say OK.
        package func falseAlarms(_ variant: Variant) -> (events: Int, polls: Int, checkAlarms: Int, checkNotOK: Int) {
            rows.reduce((0, 0, 0, 0)) { sum, row in
                let m = row.measures[variant] ?? Measure()
                return (sum.0 + m.events.count, sum.1 + m.polls, sum.2 + m.checkAlarms, sum.3 + m.checkNotOK)
            }
        }

        /// Messages per day in `variant`.
        package func messagesPerDay(_ variant: Variant) -> Double {
            let days = lastPoll.seconds(since: firstPoll) / Seconds.day + Seconds.hour / Seconds.day
            return days <= 0 ? 0 : Double(messages[variant] ?? 0) / days
        }
    }

    /// Polls `world` every `every` seconds over its polled days, in both variants, carrying the
    /// channel's state from poll to poll.
    package static func run(_ world: ScheduleWorld = ScheduleWorld(), every: Double = 3600) -> Table {
        let polls = world.pollTimes(every: every)
        var rows = world.jobs.map { job in
            Row(
                pattern: job.pattern, problem: job.problem, ended: ended(job),
                measures: Dictionary(uniqueKeysWithValues: Variant.allCases.map { ($0, Measure()) }))
        }
        var table = Table(
            rows: [], polls: polls.count, firstPoll: polls.first!, lastPoll: polls.last!, messages: [:], events: [:],
            otherEvents: [:])
        for variant in Variant.allCases {
            var state = NotificationState.Channel()
            var names: [String: ScheduleWorld.Pattern] = [:]
            for t in polls {
                let poll = self.poll(world, at: t, variant: variant, state: &state, names: &names)
                if !poll.events.isEmpty { table.messages[variant, default: 0] += 1 }
                table.events[variant, default: 0] += poll.events.count
                for (i, job) in world.jobs.enumerated() {
                    record(poll, at: t, job: job, ended: rows[i].ended, in: &rows[i].measures[variant]!)
                }
                table.otherEvents[variant, default: []] += poll.other
            }
        }
        table.rows = rows
        return table
    }

    /// What one poll gave: the events by job, the other events, and what `check` found about
    /// each job in the data (its alarms, with `warning` for a run that warned).
    package struct Poll: Sendable {
        package var events: [NotificationEvent]
        package var byJob: [ScheduleWorld.Pattern: [Told]]
        package var other: [Told]
        package var check: [ScheduleWorld.Pattern: Set<ScheduleWorld.Finding>]
        /// `check`'s level of each job in the data.
        package var levels: [ScheduleWorld.Pattern: CheckState]
        /// The level the channel was told of each job after the poll (absent: OK).
        package var said: [ScheduleWorld.Pattern: CheckState]
    }

    /// Polls once at `t`: the findings, the plan against `state` (then the plan's state), and the
    /// events mapped to the world's jobs by name (`names` remembers every name seen).
    package static func poll(
        _ world: ScheduleWorld, at t: Timestamp, variant: Variant, state: inout NotificationState.Channel,
        names: inout [String: ScheduleWorld.Pattern]
    ) -> Poll {
        let summary = ScheduleWorldMeasurement.summarize(world, at: t, variant: variant)
        var patterns: [EntityID: ScheduleWorld.Pattern] = [:]
        for job in world.jobs { patterns[job.job.id] = job.pattern }
        var check: [ScheduleWorld.Pattern: Set<ScheduleWorld.Finding>] = [:]
        for job in summary.jobs {
            guard let id = job.id, let pattern = patterns[id] else { continue }
            names[job.name] = pattern
            check[pattern] = alarms(job)
        }
        var levels: [ScheduleWorld.Pattern: CheckState] = [:]
        for line in MonitoringCheck.evaluate(summary, policy: CheckPolicy()).jobs {
            guard let index = line.index, let id = summary.jobs[index].id, let pattern = patterns[id] else { continue }
            levels[pattern] = max(levels[pattern] ?? .ok, line.state)
        }
        let findings = NotificationFindings.make(
            summary, channel: channel, policy: CheckPolicy(), zone: .utc, linked: false)
        let judged = Set(Finding.Subject.allCases.filter { $0 != .run })
        let plan = NotificationPlanner(channel: channel, now: t, zone: .utc).plan(
            findings, judged: judged, state: state)
        state = plan.state
        var poll = Poll(events: plan.events, byJob: [:], other: [], check: check, levels: levels, said: [:])
        for event in plan.events {
            let pattern = event.finding.subject == .job ? event.finding.job.flatMap { names[$0] } : nil
            let told = Told(
                at: t, change: event.change, level: event.finding.level,
                words: pattern == nil ? event.finding.title : event.finding.reasons.first ?? "")
            if let pattern { poll.byJob[pattern, default: []].append(told) } else { poll.other.append(told) }
        }
        for finding in plan.open where finding.subject == .job {
            if let pattern = finding.job.flatMap({ names[$0] }) { poll.said[pattern] = finding.level }
        }
        return poll
    }

    /// Adds what `poll` said about `job` at `t` to its measure.
    static func record(
        _ poll: Poll, at t: Timestamp, job: ScheduleWorld.WorldJob, ended: Timestamp?, in m: inout Measure
    ) {
        let events = poll.byJob[job.pattern] ?? []
        let level = poll.levels[job.pattern] ?? .ok
        m.said = poll.said[job.pattern] ?? .ok
        if let problem = job.problem, t >= problem.start {
            m.eventsAfter += events
            if m.checkDelay != nil && level == .ok && ended.map({ t < $0 }) ?? true { m.checkGaps.append(t) }
            if m.checkDelay == nil, let found = poll.check[job.pattern],
                !found.subtracting(problem.expected == .warning ? [] : [.warning]).isEmpty
            {
                m.checkDelay = t.seconds(since: problem.start)
            }
            return
        }
        m.events += events
        guard let found = poll.check[job.pattern] else { return }
        m.polls += 1
        if !found.subtracting([.warning]).isEmpty { m.checkAlarms += 1 }
        if level != .ok { m.checkNotOK += 1 }
        if level != .ok && m.lastLevel == .ok { m.checkEpisodes += 1 }
        m.lastLevel = level
    }

    /// `ScheduleWorldMeasurement`'s alarms of a job (missed, stale, hung, failed), and `warning`
    /// when a run in the window warned.
    package static func alarms(_ job: JobSummary) -> Set<ScheduleWorld.Finding> {
        var alarms = Set<ScheduleWorld.Finding>()
        if job.freshness.missed != nil { alarms.insert(.missed) }
        if job.freshness.stale != nil { alarms.insert(.stale) }
        if job.freshness.hung != nil { alarms.insert(.hung) }
        if job.statistics.runs.failed > 0 { alarms.insert(.failed) }
        if job.statistics.runs.warning > 0 { alarms.insert(.warning) }
        return alarms
    }

    /// When `job`'s problem ended by the ground truth: for a missed slot, the start of the first
    /// run after it (the missed Thursday's Friday run); nil when it lasts (no later run, or a
    /// problem that every later run repeats).
    static func ended(_ job: ScheduleWorld.WorldJob) -> Timestamp? {
        guard let problem = job.problem, problem.expected == .missed else { return nil }
        return job.sessions.compactMap(\.creationTime).filter { $0 > problem.start }.min()
    }
}

extension NotificationWorldMeasurement.Table {
    /// The table in GitHub-flavoured Markdown, with the totals and every false alarm below it.
    package var markdown: String {
        typealias M = NotificationWorldMeasurement
        var lines = [
            "Polls: every hour from \(firstPoll.iso8601) to \(lastPoll.iso8601) (\(polls) per variant); one Slack channel at level WARNING, its state carried from poll to poll.",
            "",
            "| job | ground truth | events with jobs list | events without jobs list | told with jobs list | told without jobs list | at the end, with / without jobs list |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            let with = row.measures[.withJobsList] ?? M.Measure()
            let without = row.measures[.sessionsOnly] ?? M.Measure()
            let truth =
                row.problem.map { p in
                    "\(p.expected.rawValue) from \(p.start.iso8601)" + (row.ended.map { ", ended \($0.iso8601)" } ?? "")
                } ?? "healthy"
            lines.append(
                "| \(row.pattern.rawValue) | \(truth) | \(Self.events(with, row: row)) | \(Self.events(without, row: row)) | \(Self.told(with, row: row)) | \(Self.told(without, row: row)) | \(Self.end(with, row: row)) / \(Self.end(without, row: row)) |"
            )
        }
        lines.append("")
        for variant in M.Variant.allCases {
            lines += totals(variant)
        }
        let details = details(after: false)
        if !details.isEmpty {
            lines += ["", "The false alarms (events about healthy jobs, or about a problem job before its start):", ""]
            lines += details
        }
        lines += ["", "The events about the problems, from their start:", ""] + self.details(after: true)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The totals of `variant`: false alarms, and the messages the channel received.
    func totals(_ variant: NotificationWorldMeasurement.Variant) -> [String] {
        let (events, jobPolls, checkAlarms, checkNotOK) = falseAlarms(variant)
        let perJobMonth = jobPolls == 0 ? 0 : Double(events) / (Double(jobPolls) / (30 * 24))
        let rate = jobPolls == 0 ? 0 : Double(events) / Double(jobPolls)
        let all = self.events[variant] ?? 0
        let other = otherEvents[variant] ?? []
        let problems = rows.reduce(0) { $0 + ($1.measures[variant]?.eventsAfter.count ?? 0) }
        var lines = [
            "- Healthy jobs, \(variant.rawValue): \(events) events in \(jobPolls) job-polls (\(Self.decimal(perJobMonth)) per job-month, \(ScheduleWorldMeasurement.percent(rate)) of polls); `check` alarmed at \(checkAlarms) of those polls and was not OK at \(checkNotOK).",
            "- Messages, \(variant.rawValue): \(messages[variant] ?? 0) of \(polls) polls sent one (\(Self.decimal(messagesPerDay(variant))) per day); \(all) events in all: \(problems) about the problems, \(events) false alarms, \(other.count) about anything else.",
        ]
        for told in other {
            lines.append("  - \(told.at.iso8601) \(told.change.rawValue) \(told.level.word): \(told.words)")
        }
        return lines
    }

    /// Each false alarm (`after`: each event about a problem), by job and variant, with its
    /// poll's time and words.
    func details(after: Bool) -> [String] {
        var lines: [String] = []
        for row in rows {
            for variant in NotificationWorldMeasurement.Variant.allCases {
                let m = row.measures[variant] ?? NotificationWorldMeasurement.Measure()
                let events = after ? m.eventsAfter : m.events
                guard !events.isEmpty else { continue }
                let said = events.map { "\($0.at.iso8601) \($0.change.rawValue) \($0.level.word) (\($0.words))" }
                lines.append("- \(row.pattern.rawValue), \(variant.rawValue): " + said.joined(separator: "; "))
            }
        }
        return lines
    }

    /// `0` or `2 of 336 polls (opened 1, resolved 1; check alarmed 1)`; for a problem job, the
    /// polls before its start, then the events from it on.
    static func events(_ m: NotificationWorldMeasurement.Measure, row: NotificationWorldMeasurement.Row) -> String {
        let check = [
            m.checkAlarms == 0 ? nil : "check alarmed \(m.checkAlarms)",
            m.checkNotOK == 0 ? nil : "not OK \(m.checkNotOK)",
        ]
        let before = "\(m.events.count) in \(m.polls) polls\(changes(m.events, check: check.compactMap { $0 }))"
        guard row.problem != nil else { return before }
        return "before it: \(before); from it: \(m.eventsAfter.count)\(changes(m.eventsAfter, check: []))"
    }

    /// ` (opened 1, resolved 1; check alarmed 1, not OK 24)`: the events by change, then `check`.
    static func changes(_ events: [NotificationWorldMeasurement.Told], check: [String]) -> String {
        let counts = NotificationEvent.Change.allCases.compactMap { change in
            let n = events.filter { $0.change == change }.count
            return n == 0 ? nil : "\(change.rawValue) \(n)"
        }
        let parts = [counts.joined(separator: ", "), check.joined(separator: ", ")].filter { !$0.isEmpty }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")"
    }

    /// `after 2 h 00 min, opened CRITICAL (check: 2 h 00 min)`.
    static func told(_ m: NotificationWorldMeasurement.Measure, row: NotificationWorldMeasurement.Row) -> String {
        guard let problem = row.problem else { return "—" }
        let gaps = m.checkGaps.isEmpty ? "" : ", then OK at \(m.checkGaps.count) polls while it lasted"
        let check = m.checkDelay.map { "check: \(ScheduleWorldMeasurement.span($0))\(gaps)" } ?? "check: not found"
        guard let (event, delay) = m.told(since: problem.start) else { return "**not told** (\(check))" }
        return "after \(ScheduleWorldMeasurement.span(delay)), \(event.change.rawValue) \(event.level.word) (\(check))"
    }

    /// `open (CRITICAL)`, `resolved 1 h 05 min after it ended`, `—` for a healthy job told nothing.
    static func end(_ m: NotificationWorldMeasurement.Measure, row: NotificationWorldMeasurement.Row) -> String {
        if m.said != .ok { return "open (\(m.said.word))" }
        guard let ended = row.ended else { return row.problem == nil ? "OK" : "**resolved**" }
        let resolved = m.eventsAfter.last { !$0.isOpening && $0.level == .ok }
        return resolved.map { "resolved \(ScheduleWorldMeasurement.span($0.at.seconds(since: ended))) after it ended" }
            ?? "OK"
    }

    /// `1.25`.
    static func decimal(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(Formatting.pad(hundredths % 100))"
    }
}
