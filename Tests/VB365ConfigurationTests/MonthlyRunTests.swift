import Foundation
import Testing
import VB365Model
import VB365Pipeline
import VB365Support
import VB365TestSupport
import VB365Text

@testable import VB365Configuration
@testable import VB365Run

/// The `monthly:` section: on its first run on or after the 1st of a month, `run` writes the
/// month that ended, per organization, once.
@Suite("run's monthly reports: the month that ended, written once by the first run of the next")
struct MonthlyRunTests {
    static let december = Timestamp(year: 2026, month: 12, day: 1, hour: 6)

    /// The run of `fixture` at `now`, with `monthly.folder` set to `out/monthly` and `settings`.
    func run(_ fixture: RunFixture, at now: Timestamp, settings: [String] = []) async throws -> DailyRun.Outcome {
        let configuration = try ConfigurationLoader.load(
            path: fixture.config, environment: [:],
            settings: ["monthly.folder=\(fixture.path("out/monthly"))"] + settings)
        var run = DailyRun(configuration, now: now, toolVersion: "test")
        run.quiet = true
        return await run.run()
    }

    /// The files of `folder`, by name (none when it does not exist).
    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test("The section is read: the folder (relative to the file), the formats (both by default); an output")
    func keys() throws {
        let path = try configFile(minimal + "\nmonthly:\n  folder: monthly\n  formats: [html]\n")
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("monthly").path
        #expect(c.monthly?.folder == folder)
        #expect(c.monthly?.formats == [.xhtml])
        #expect(c.outputNames == ["monthly"])
        #expect(c.writableFolders.contains { $0.key == "monthly.folder" && $0.folder == folder })
        let both = try ConfigurationLoader.load(
            path: try configFile(minimal, name: "both"), environment: ["VB365_REPORT_MONTHLY_FOLDER": "/srv/monthly"])
        #expect(both.monthly?.folder == "/srv/monthly")
        #expect(both.monthly?.formats == [.xhtml, .markdown])
        #expect(
            try ConfigurationLoader.load(path: try configFile(minimal, name: "none"), environment: [:]).monthly == nil)
    }

    @Test("Refused: no folder, an unknown format, a folder inside the report's, a retention shorter than a month")
    func refusals() throws {
        let path = try configFile(
            minimal
                + "\n  retention: 20d\n  history: 7d\nreport:\n  folder: /srv/report\nmonthly:\n  formats: [pdf]\n")
        #expect(
            loadProblems(path).map(\.description) == [
                "\(path):12:13: error: 'monthly.formats' is 'pdf', not one of xhtml, markdown, html, md"
            ])
        let missing = try configFile(minimal + "\nmonthly:\n  formats: [md]\n", name: "missing")
        #expect(
            loadProblems(missing).map(\.description) == [
                "\(missing):8:3: error: 'monthly' has no 'folder'; name the folder for the monthly reports, or leave out the 'monthly' section"
            ])
        let inside = try configFile(
            minimal + "\nreport:\n  folder: /srv/report\nmonthly:\n  folder: /srv/report/monthly\n", name: "inside")
        #expect(
            loadProblems(inside).first?.message
                == "'monthly.folder' (/srv/report/monthly) and 'report.folder' (/srv/report) are the same folder or one holds the other, so writing one would replace the other"
        )
        let short = try configFile(
            minimal + "\n  retention: 20d\n  history: 7d\nmonthly:\n  folder: /srv/monthly\n", name: "short")
        #expect(
            loadProblems(short).map(\.description) == [
                "\(short):7:14: error: 'archive.retention' is shorter than the monthly reports need: the month that ended, read by the first run of the next; keep at least 35d (a month, and the days until that run), or leave out 'monthly'"
            ])
        #expect(loadProblems(short, settings: ["archive.retention=35d"]).isEmpty)
    }

    @Test("The month due: the one before now's, in the configured time zone, unless the record has it")
    func due() throws {
        try withTemporaryFolder { folder in
            let berlin = try #require(LocalTime(identifier: "Europe/Berlin"))
            // 23:30 UTC on 30 November is already 1 December in Berlin.
            let night = Timestamp(year: 2026, month: 11, day: 30, hour: 23, minute: 30)
            #expect(MonthlyReports.due(at: night, zone: berlin, folder: folder.path) == ReportMonth("2026-11"))
            #expect(MonthlyReports.due(at: night, zone: .utc, folder: folder.path) == ReportMonth("2026-10"))
            #expect(
                MonthlyReports.due(at: Timestamp(year: 2027, month: 1, day: 1), zone: .utc, folder: folder.path)
                    == ReportMonth("2026-12"))
            let record = MonthlyReports.Record(
                month: ReportMonth(year: 2026, month: 11), written: night, organizations: 2)
            try MonthlyReports.record(record, folder: folder.path)
            #expect(MonthlyReports.read(folder: folder.path) == record)
            #expect(MonthlyReports.due(at: night, zone: berlin, folder: folder.path) == nil)
            // A clock set back writes nothing; the next month is due on its 1st.
            #expect(MonthlyReports.due(at: night, zone: .utc, folder: folder.path) == nil)
            #expect(
                MonthlyReports.due(at: Timestamp(year: 2027, month: 1, day: 1), zone: .utc, folder: folder.path)
                    == ReportMonth("2026-12"))
            // A record that cannot be read leaves the month due.
            try "{".write(toFile: folder.path + "/" + MonthlyReports.fileName, atomically: true, encoding: .utf8)
            #expect(MonthlyReports.due(at: night, zone: berlin, folder: folder.path) == ReportMonth("2026-11"))
        }
    }

    @Test("The first run of December writes November per organization, once; January's writes December")
    func once() async throws {
        try await RunFixture.with { fixture in
            let monthly = fixture.path("out/monthly")
            // In November, nothing is due until a record exists: the first run writes October.
            let first = try await run(fixture, at: RunFixture.now)
            #expect(first.exitStatus == .success)
            #expect(first.steps.map(\.step) == ["fetch sim", "read", "report", "site", "e-mail", "tickets", "monthly"])
            #expect(files(monthly) == [MonthlyReports.fileName, "2026-10"])
            let outcome = try await run(fixture, at: Self.december)
            #expect(outcome.exitStatus == .success)
            #expect(
                outcome.steps.map(\.step) == ["fetch sim", "read", "report", "site", "e-mail", "tickets", "monthly"])
            let line = try #require(outcome.steps.last?.line)
            #expect(
                line.hasPrefix(
                    "monthly: the reports of November 2026 for 2 organizations (xhtml, markdown) written to \(monthly)/2026-11 (open \(monthly)/2026-11/index.html)"
                ), "\(line)")
            let november = files(monthly + "/2026-11")
            #expect(november.contains("index.html") && november.contains("index.md"))
            #expect(november.filter { $0.hasSuffix("-2026-11.html") }.count == 2, "\(november)")
            #expect(november.filter { $0.hasSuffix("-2026-11.md") }.count == 2, "\(november)")
            let index = try String(contentsOfFile: monthly + "/2026-11/index.html", encoding: .utf8)
            #expect(index.contains("November 2026"))
            let record = try #require(MonthlyReports.read(folder: monthly))
            #expect(
                record == .init(month: ReportMonth(year: 2026, month: 11), written: Self.december, organizations: 2))
            // A later run of December does nothing more: no step, the folder as it was.
            let written =
                try FileManager.default.attributesOfItem(atPath: monthly + "/2026-11/index.html")[
                    .modificationDate] as? Date
            let later = try await run(fixture, at: Self.december.adding(seconds: 86_400))
            #expect(later.exitStatus == .success)
            #expect(!later.steps.contains { $0.step == "monthly" })
            #expect(
                try FileManager.default.attributesOfItem(atPath: monthly + "/2026-11/index.html")[.modificationDate]
                    as? Date == written)
            // January's first run writes December beside November.
            let january = try await run(
                fixture, at: Timestamp(year: 2027, month: 1, day: 2, hour: 6), settings: ["monthly.formats=[md]"])
            #expect(january.steps.last?.line.hasPrefix("monthly: the reports of December 2026 for ") == true)
            #expect(files(monthly) == [MonthlyReports.fileName, "2026-10", "2026-11", "2026-12"])
            #expect(files(monthly + "/2026-12").allSatisfy { !$0.hasSuffix(".html") })
            #expect(MonthlyReports.read(folder: monthly)?.month == ReportMonth(year: 2026, month: 12))
        }
    }

    @Test("A run that cannot write the month, or whose fetch failed, leaves it due; the next run writes it")
    func notMarked() async throws {
        try await RunFixture.with { fixture in
            let monthly = fixture.path("out/monthly")
            // A folder of someone else's where November's goes: the step fails (73), nothing is recorded.
            try FileManager.default.createDirectory(atPath: monthly + "/2026-11", withIntermediateDirectories: true)
            try "mine".write(toFile: monthly + "/2026-11/notes.txt", atomically: true, encoding: .utf8)
            let failed = try await run(fixture, at: Self.december)
            #expect(failed.exitStatus == .cannotCreate)
            let step = try #require(failed.steps.first { $0.step == "monthly" })
            #expect(step.status == .cannotCreate)
            #expect(step.line.hasPrefix("monthly failed (exit 73): "), "\(step.line)")
            #expect(MonthlyReports.read(folder: monthly) == nil)
            #expect(files(monthly + "/2026-11") == ["notes.txt"])
            try FileManager.default.removeItem(atPath: monthly + "/2026-11")
            // The server cannot be reached: the month's end may be missing, so it waits.
            await fixture.server.stop()
            let unreachable = try await run(fixture, at: Self.december)
            #expect(unreachable.exitStatus == .noHost)
            let waiting = try #require(unreachable.steps.first { $0.step == "monthly" })
            #expect(waiting.status == .success)
            #expect(
                waiting.line
                    == "monthly: the reports of November 2026 wait for a run whose fetches all work: the fetch of sim failed, so the month's last sessions may be missing"
            )
            #expect(MonthlyReports.read(folder: monthly) == nil)
            #expect(!FileManager.default.fileExists(atPath: monthly + "/2026-11"))
        }
    }

    @Test("A run that writes the month after a failed one: written, and recorded")
    func afterFailure() async throws {
        try await RunFixture.with { fixture in
            let monthly = fixture.path("out/monthly")
            try FileManager.default.createDirectory(atPath: monthly + "/2026-11", withIntermediateDirectories: true)
            try "mine".write(toFile: monthly + "/2026-11/notes.txt", atomically: true, encoding: .utf8)
            #expect(try await run(fixture, at: Self.december).exitStatus == .cannotCreate)
            try FileManager.default.removeItem(atPath: monthly + "/2026-11")
            let next = try await run(fixture, at: Self.december.adding(seconds: 3600))
            #expect(next.exitStatus == .success)
            // Then the e-mail that the run works again (issue 28: the failed one was e-mailed).
            #expect(next.steps.suffix(2).map(\.step) == ["monthly", "e-mail run"])
            #expect(MonthlyReports.read(folder: monthly)?.month == ReportMonth(year: 2026, month: 11))
            #expect(FileManager.default.fileExists(atPath: monthly + "/2026-11/index.html"))
        }
    }

    @Test("config check names the monthly folder, the last month written and the next")
    func configCheck() async throws {
        try await RunFixture.with { fixture in
            let monthly = fixture.path("out/monthly")
            let settings = ["monthly.folder=\(monthly)"]
            let before = await ConfigCheck.run(
                path: fixture.config, environment: [:], settings: settings, offline: true, toolVersion: "test")
            #expect(before.exitStatus == .success, "\(before.text)")
            #expect(
                before.text.contains(
                    "  ok    configuration: 1 server (sim); outputs: report, site, e-mail, tickets, monthly; set outside the file: monthly.folder\n"
                ))
            #expect(before.text.contains("  ok    monthly.folder \(monthly): will be created\n"), "\(before.text)")
            let berlin = try #require(LocalTime(identifier: "Europe/Berlin"))
            let now = ReportMonth.containing(Timestamp.systemClock(), in: berlin)
            let written = Timestamp(year: 2026, month: 12, day: 1, hour: 5)
            #expect(
                before.text.contains(
                    "  ok    monthly: the reports of each month per organization (xhtml, markdown) into \(monthly)/<yyyy-mm>, by the first run on or after the 1st (Europe/Berlin); none written yet; the next run writes \(now.previous)\n"
                ), "\(before.text)")
            #expect(before.text.contains("  warn  monthly: protection.enabled is not true"))
            try MonthlyReports.record(
                .init(month: now.previous, written: written, organizations: 2),
                folder: monthly)
            let after = await ConfigCheck.run(
                path: fixture.config, environment: [:], settings: settings + ["protection.enabled=true"], offline: true,
                toolVersion: "test")
            #expect(
                after.text.contains(
                    "; last written: \(now.previous) (2 organizations, \(berlin.format(written))); next: \(now), by the first run from \(berlin.format(now.range(in: berlin).upperBound))\n"
                ), "\(after.text)")
            #expect(!after.text.contains("warn  monthly"))
        }
    }
}
