import VB365Generation
import VB365Model
import VB365Statistics
import VB365Support

/// Measures the change-volume rule (issue 29, `ChangeVolumeSettings`) against a `ScheduleWorld`
/// with realistic volumes and its volume events (`Settings.volumeEvents`).
///
/// A session is judged once, against the comparable sessions before it, whatever window shows it:
/// so one summary over the polled days, judged at the world's end, gives every session's verdict.
/// A session is **judged** when it is comparable and its job had enough history
/// (`ChangeVolumeTracker`); a **false finding** is a finding on a job with no volume event, on a
/// volume event that expects none (a month-end spike), or inside an announced migration that the
/// measurement configures as ignored (`change-ignore`). The **false-finding rate** is false
/// findings ÷ judged sessions of those jobs. An event's **detection delay** runs from its first
/// session's creation to the first hourly poll at or after the end of the first session found,
/// when the finding is visible to `check` and the digest.
package enum ChangeVolumeMeasurement {
    /// One job's result.
    package struct Row: Sendable {
        package var pattern: ScheduleWorld.Pattern
        /// What should be found (nil: nothing).
        package var expected: ScheduleWorld.VolumeFinding?
        /// Comparable sessions in the polled days (a finding's session included).
        package var judged = 0
        /// Findings that should not be.
        package var falseFindings = 0
        /// Findings of the expected kind from the event on.
        package var found = 0
        /// From the event's start to the first poll that shows it; nil when never found (or none
        /// is expected).
        package var delaySeconds: Double?
        /// Each finding's words, for the table.
        package var findings: [String] = []
    }

    /// The whole measurement.
    package struct Table: Sendable {
        package var rows: [Row]
        package var settings: ChangeVolumeSettings

        /// False findings ÷ judged sessions, over every job (an event job's sessions before its
        /// event and, for an ignored migration, inside it, count as judged and must not fire).
        package var falseFindings: (findings: Int, judged: Int) {
            rows.reduce((0, 0)) { ($0.0 + $1.falseFindings, $0.1 + $1.judged) }
        }

        /// The rate, 0 when nothing was judged.
        package var falseFindingRate: Double {
            let f = falseFindings
            return f.judged == 0 ? 0 : Double(f.findings) / Double(f.judged)
        }

        /// A table for a terminal: one row per job.
        package var text: String {
            var lines = ["job | expected | judged | false | found | delay"]
            for r in rows {
                lines.append(
                    [
                        r.pattern.rawValue, r.expected?.rawValue ?? "none", String(r.judged),
                        String(r.falseFindings), String(r.found),
                        r.delaySeconds.map { HumanUnitsLite.span($0) } ?? "—",
                    ].joined(separator: " | "))
            }
            let f = falseFindings
            lines.append(
                "false findings: \(f.findings) of \(f.judged) judged sessions (\(String(format2: falseFindingRate * 100)) %)"
            )
            return lines.joined(separator: "\n")
        }
    }

    /// Measures `settings` on the world of `seed` with its volume events; the announced migration
    /// is configured as ignored when `ignoreMigration`.
    package static func run(
        seed: UInt64 = 24, settings: ChangeVolumeSettings = ChangeVolumeSettings(), ignoreMigration: Bool = true
    ) -> Table {
        let world = ScheduleWorld(settings: .init(seed: seed, volumeEvents: true))
        var options = SummaryOptions(
            since: .absolute(world.settings.end.adding(seconds: -Double(world.settings.polledDays) * Seconds.day)),
            now: world.settings.end)
        options.changeVolume = settings
        if ignoreMigration {
            for job in world.jobs {
                guard let range = job.ignoreRange else { continue }
                options.changeVolume.ignored.append(
                    .init(subject: .job(job.job.name ?? ""), from: range.from, to: range.to, reason: "announced"))
            }
        }
        var inventory = Inventory()
        inventory.add(world.organization)
        for job in world.jobs(asOf: world.settings.end) { inventory.add(job) }
        for s in world.sessions(asOf: world.settings.end) { inventory.add(s) }
        let summary = Summarizer.summarize(inventory, options: options)
        let polls = world.pollTimes()
        var rows: [Row] = []
        for job in world.jobs {
            guard let index = summary.jobs.firstIndex(where: { $0.id == job.job.id }) else { continue }
            let judged = summary.jobs[index].sessionIndices.filter { i in
                comparable(summary.sessions[i], ignored: options.changeVolume.ignored, job: job)
            }.count
            var row = Row(pattern: job.pattern, expected: job.volumeEvent?.expected, judged: judged)
            for change in summary.jobs[index].unusualChanges {
                let kind: ScheduleWorld.VolumeFinding =
                    change.direction == .above ? .unusualChangeAbove : .unusualChangeBelow
                let deviations = change.deviations.map {
                    "\($0.measure.rawValue) \(Int($0.value)) vs \(Int($0.usual))"
                }.joined(separator: ", ")
                row.findings.append("\(change.creationTime.iso8601) \(kind.rawValue): \(deviations)")
                if let event = job.volumeEvent, let expected = event.expected, kind == expected,
                    change.creationTime >= event.start
                {
                    row.found += 1
                    if row.delaySeconds == nil, let end = sessionEnd(change.session, in: job) {
                        let poll = polls.first { $0 >= end } ?? end
                        row.delaySeconds = poll.seconds(since: event.start)
                    }
                } else {
                    row.falseFindings += 1
                }
            }
            rows.append(row)
        }
        return Table(rows: rows, settings: settings)
    }

    /// True when the session could be judged: it ended Success or Warning, is no full backup, and
    /// lies outside every ignored period of its job.
    static func comparable(
        _ f: SessionFacts, ignored: [ChangeVolumeSettings.IgnoredPeriod], job: ScheduleWorld.WorldJob
    )
        -> Bool
    {
        guard f.status == .success || f.status == .warning, f.endTime != nil else { return false }
        if let session = job.sessions.first(where: { $0.id == f.id }), session.configType == .full { return false }
        return !ignored.contains { period in
            if case .job(let name)? = period.subject, name != job.job.name { return false }
            return period.from <= f.creationTime && f.creationTime < period.to
        }
    }

    /// The end of the job's session `id`.
    static func sessionEnd(_ id: EntityID, in job: ScheduleWorld.WorldJob) -> Timestamp? {
        job.sessions.first { $0.id == id }?.endTime
    }
}

/// Spans and percentages for the measurement's table.
enum HumanUnitsLite {
    /// `2h05`, `45 min`.
    static func span(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return "\(minutes) min" }
        let m = minutes % 60
        return "\(minutes / 60)h\(m < 10 ? "0" : "")\(m)"
    }
}

extension String {
    /// `value` with two decimals.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
