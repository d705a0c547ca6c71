import Foundation
import Testing
import VB365Calibration
import VB365Generation
import VB365Model
import VB365SummaryOutput
import VB365TestSupport

/// `check` polled hourly over the last two weeks of the schedule world (issue 24): false alarms of
/// healthy jobs, and how soon each injected problem is found.
@Suite("The verdict rules measured against the schedule world")
struct ScheduleWorldMeasurementTests {
    typealias Measurement = ScheduleWorldMeasurement

    /// The measurement, made once for the suite's tests.
    static let table = Measurement.run()

    @Test("a poll judges what stood then: the stopped daily job is missed 2 h after its slot, not before")
    func onePoll() throws {
        let world = ScheduleWorld()
        let slot = world.job(.stoppedDaily).problem!.start
        let before = Measurement.judge(world, at: slot.adding(seconds: -3600), variant: .withJobsList)
        let after = Measurement.judge(world, at: slot.adding(seconds: 2 * 3600), variant: .withJobsList)
        #expect(before[.stoppedDaily]?.alarms == [])
        #expect(after[.stoppedDaily]?.alarms.contains(.missed) == true)
        #expect(after[.stoppedDaily]?.state == .critical)
        // Without the jobs list the jobs are judged by id, and the new job only once it has run.
        let created = Timestamp(year: 2026, month: 10, day: 23, hour: 12)
        #expect(Measurement.judge(world, at: created, variant: .withJobsList)[.newJob] != nil)
        #expect(Measurement.judge(world, at: created, variant: .sessionsOnly)[.newJob] == nil)
        #expect(Measurement.judge(world, at: world.settings.end, variant: .sessionsOnly).count == world.jobs.count)
    }

    @Test(
        "issue 24's targets: healthy jobs alarm in ≤ 0.5 % of polls with the jobs list and ≤ 1 % without; every problem found, a stopped daily job within 3 h, a stopped 4-hourly within 2 h"
    )
    func targets() {
        let table = Self.table
        #expect(table.polls == 336)
        #expect(table.falseAlarmRate(.withJobsList) <= 0.005, "\(table.falseAlarms(.withJobsList))")
        #expect(table.falseAlarmRate(.sessionsOnly) <= 0.01, "\(table.falseAlarms(.sessionsOnly))")
        for row in table.rows {
            for variant in Measurement.Variant.allCases {
                let m = row.measures[variant]!
                #expect(m.silentAlarms == 0, "\(row.pattern) \(variant.rawValue): an alarm the check left OK")
                guard let problem = row.problem else { continue }
                let detection = m.detection
                #expect(detection != nil, "\(row.pattern) \(variant.rawValue): not found")
                #expect(
                    detection?.findings.contains(problem.expected) == true,
                    "\(row.pattern) \(variant.rawValue): found as \(detection?.findings ?? []), not \(problem.expected)"
                )
                let limit: Double? = [.stoppedDaily: 3 * 3600, .stopped4Hourly: 2 * 3600][row.pattern]
                if let limit, let delay = detection?.delaySeconds {
                    #expect(delay <= limit, "\(row.pattern) \(variant.rawValue): found after \(delay / 3600) h")
                }
            }
        }
    }

    @Test("the measurement as the rules stand: every poll counted, the table from the run (printed)")
    func measurement() throws {
        let table = Self.table
        print(table.markdown)
        if let path = ProcessInfo.processInfo.environment["VB365_WORLD_TABLE"] {
            try Data(table.markdown.utf8).write(to: URL(fileURLWithPath: path))
        }
        // docs/reports.md shows the table the rules give today.
        let docs = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/reports.md"), encoding: .utf8)
        #expect(
            docs.contains(
                "<!-- schedule-world table -->\n" + table.markdown.trimmingCharacters(in: .newlines) + "\n<!--"),
            "docs/reports.md's schedule-world table is not what the rules give: write VB365_WORLD_TABLE and paste it")
        #expect(table.rows.map(\.pattern) == ScheduleWorld.Pattern.allCases)
        #expect(table.polls == 336)
        let world = ScheduleWorld()
        for row in table.rows {
            for variant in Measurement.Variant.allCases {
                let m = try #require(row.measures[variant])
                let job = world.job(row.pattern)
                // A healthy job is judged at every poll from the first one that sees it; a problem
                // job at the polls before its start.
                let visible = world.pollTimes().filter { t in
                    variant == .withJobsList
                        ? ScheduleWorld.job(job, asOf: t) != nil
                        : !ScheduleWorld.sessions(of: job, asOf: t).isEmpty
                }
                let counted = visible.filter { t in row.problem.map { t < $0.start } ?? true }
                #expect(m.polls == counted.count, "\(row.pattern) \(variant.rawValue)")
                #expect(m.alarms <= m.polls)
                #expect(m.alarms == 0 || !m.alarmsByFinding.isEmpty)
                #expect(table.markdown.contains("| \(row.pattern.rawValue) |"))
            }
        }
        // What the rules found long ago stays found: a stopped daily job with the jobs list.
        let stopped = try #require(table.rows.first { $0.pattern == .stoppedDaily }?.measures[.withJobsList])
        #expect(stopped.detection.map { $0.delaySeconds <= 3 * 3600 } == true)
    }
}
