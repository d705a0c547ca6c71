import Foundation
import Testing
import VB365Model
import VB365SummaryOutput
import VB365Text

@testable import VB365Notifying

/// The state model: a message when a problem appears, changes level or clears; nothing when
/// nothing changed; a flapping problem said once and held until steady.
@Suite struct PlannerTests {
    static let start = Timestamp(year: 2026, month: 12, day: 1, hour: 6)
    let channel = NotificationChannel(name: "ops", kind: .slack, addressFile: "/dev/null")

    func job(_ level: CheckState, _ name: String = "Exchange", reason: String? = nil) -> Finding {
        Finding(
            key: "job/vbo/org/\(name)", subject: .job, level: level, title: "\(name) (Fabrikam)",
            reasons: [reason ?? (level == .ok ? "succeeded at 2026-12-01 23:45 UTC" : "failed (1 of 1 run)")],
            server: "vbo", organization: "Fabrikam", organizationID: "org", job: name)
    }

    /// Runs the planner over `runs` (one list of findings per run, a day apart) and returns each
    /// run's events.
    func events(_ runs: [[Finding]], channel: NotificationChannel? = nil) -> [[NotificationEvent]] {
        var state = NotificationState.Channel()
        var out: [[NotificationEvent]] = []
        for (day, findings) in runs.enumerated() {
            let planner = NotificationPlanner(
                channel: channel ?? self.channel, now: Self.start.adding(seconds: Double(day) * 86_400), zone: .utc)
            let plan = planner.plan(findings, judged: Set(Finding.Subject.allCases), state: state)
            state = plan.state
            out.append(plan.events)
        }
        return out
    }

    @Test("a problem appears (one message), persists (none), clears (one resolved message), and is forgotten")
    func lifecycle() {
        let runs = events([[job(.ok)], [job(.critical)], [job(.critical)], [job(.critical)], [job(.ok)], [job(.ok)]])
        #expect(runs.map(\.count) == [0, 1, 0, 0, 1, 0])
        #expect(runs[1].first?.change == .opened)
        #expect(runs[1].first?.finding.level == .critical)
        let resolved = runs[4].first
        #expect(resolved?.change == .resolved && resolved?.previous == .critical)
        #expect(resolved?.summary.hasPrefix("succeeded at 2026-12-01 23:45 UTC; it was CRITICAL for 3 d") == true)
        #expect(resolved?.summary.hasSuffix(": failed (1 of 1 run)") == true)
    }

    @Test("a security finding is told once: its session leaving the window sends nothing and forgets it")
    func securityOnce() {
        let finding = Finding(
            key: "security/restore/vbo/r1", subject: .security, level: .warning,
            title: "Bulk export, new operator", reasons: ["Contoso Ltd: Exchange restore session by an operator"],
            server: "vbo", organization: "Contoso", organizationID: "org", job: nil)
        let runs = events([[finding], [finding], [], [finding]])
        #expect(runs.map { $0.map(\.change) } == [[.opened], [], [], [.opened]])
    }

    @Test("a level change of an open problem is one message each way; the words alone changing is none")
    func levels() {
        let runs = events([
            [job(.warning)], [job(.critical)], [job(.critical, reason: "failed (2 of 2 runs)")], [job(.warning)],
        ])
        #expect(runs.map { $0.map(\.change) } == [[.opened], [.raised], [], [.lowered]])
    }

    @Test("a job that fails and recovers every other run is one open problem with a count, not a message per run")
    func flapping() {
        let pattern: [CheckState] = [.critical, .ok, .critical, .ok, .critical, .ok, .critical, .ok, .ok, .ok, .ok]
        let runs = events(pattern.map { [job($0)] })
        let changes = runs.map { $0.map(\.change) }
        // Opened, resolved, then the second opening is flapping; held until 3 runs at OK.
        #expect(changes == [[.opened], [.resolved], [.flapping], [], [], [], [], [], [], [.steady], []])
        #expect(runs[2].first?.occurrences == 2)
        #expect(runs[9].first?.finding.level == .ok && runs[9].first?.occurrences == 4)
        // Steady at the level said: nothing more to say.
        let stuck = events([[job(.critical)], [job(.ok)], [job(.critical)], [job(.critical)], [job(.critical)]])
        #expect(stuck.map { $0.map(\.change) } == [[.opened], [.resolved], [.flapping], [], []])
    }

    @Test("a first run with many open problems gives one plan, and one grouped message")
    func firstRun() throws {
        let findings = (0..<300).map { job(.critical, "Job \($0)") }
        let planner = NotificationPlanner(channel: channel, now: Self.start, zone: .utc)
        let plan = planner.plan(findings, judged: Set(Finding.Subject.allCases), state: .init())
        #expect(plan.events.count == 300 && plan.open.count == 300)
        let message = try #require(planner.message(plan, siteURL: nil, tool: "vb365-report test"))
        #expect(message.title == "300 new problems (300 CRITICAL); 300 open")
        #expect(message.kind == .changes && message.level == .critical)
        // A repeat (a later run planning from the same, unwritten state) has the same id; the
        // next message, once the state is written, another.
        let later = NotificationPlanner(channel: channel, now: Self.start.adding(seconds: 3600), zone: .utc)
        let repeated = later.plan(findings, judged: Set(Finding.Subject.allCases), state: .init())
        #expect(later.message(repeated, siteURL: nil, tool: "x")?.id == message.id)
        let cleared = later.plan([], judged: Set(Finding.Subject.allCases), state: plan.state)
        let next = try #require(later.message(cleared, siteURL: nil, tool: "x"))
        #expect(next.id != message.id && next.title == "300 resolved; 0 open")
    }

    @Test("below the channel's level is OK for it; a problem that falls below it is said to have fallen")
    func channelLevel() {
        var critical = channel
        critical.level = .critical
        let runs = events([[job(.warning)], [job(.critical)], [job(.warning)], [job(.warning)]], channel: critical)
        #expect(runs.map { $0.map(\.change) } == [[], [.opened], [.resolved], []])
        #expect(runs[2].first?.summary.hasPrefix("now WARNING, below this channel's level (CRITICAL)") == true)
        // UNKNOWN (no data) reaches every channel.
        let data = Finding(key: "data", subject: .data, level: .unknown, title: "the data", reasons: ["no data"])
        #expect(events([[data]], channel: critical).first?.first?.change == .opened)
    }

    @Test("a problem no longer found is resolved when its subject was judged, kept when it was not")
    func absent() {
        let repository = Finding(
            key: "infrastructure/vbo/repository/r1", subject: .infrastructure, level: .warning,
            title: "Repository Repo-EU (vbo)", reasons: ["Repository Repo-EU (vbo): 7% free"])
        let planner = NotificationPlanner(channel: channel, now: Self.start, zone: .utc)
        let first = planner.plan([repository], judged: Set(Finding.Subject.allCases), state: .init())
        // A run that read nothing judges only itself: the repository stays open, unsaid.
        let run = Finding(key: "run", subject: .run, level: .critical, title: "the reporting run", reasons: ["x"])
        let failed = planner.plan([run], judged: [.run], state: first.state)
        #expect(failed.events.map(\.change) == [.opened])
        #expect(failed.open.map(\.key).sorted() == ["infrastructure/vbo/repository/r1", "run"])
        let gone = planner.plan([], judged: Set(Finding.Subject.allCases).subtracting([.run]), state: failed.state)
        #expect(gone.events.map(\.change) == [.resolved])
        #expect(gone.events.first?.summary.hasPrefix("no longer found; it was WARNING") == true)
        #expect(gone.events.first?.finding.title == "Repository Repo-EU (vbo)")
    }

    @Test("a failed run's message is [Run failed], and the daily summary is due once a day after its time")
    func runAndSummary() throws {
        var summarised = channel
        summarised.summaryMinute = 8 * 60
        let run = Notifier.finding(
            .failed(what: "fetch vbo", reason: "connection refused", status: .noHost), channel: summarised,
            lastGood: "2026-11-30 06:00 UTC")
        let planner = NotificationPlanner(channel: summarised, now: Self.start, zone: .utc)
        let plan = planner.plan([run], judged: [.run], state: .init())
        let message = try #require(planner.message(plan, siteURL: nil, tool: "t"))
        #expect(message.kind == .runFailed)
        #expect(
            message.title
                == "[Run failed] vb365-report could not fetch vbo (exit 68): connection refused; last good report 2026-11-30 06:00 UTC"
        )
        // 06:00 is before 08:00; at 08:00 it is due, and not again that day.
        #expect(!planner.summaryDue(plan.state))
        let eight = NotificationPlanner(channel: summarised, now: Self.start.adding(seconds: 7200), zone: .utc)
        #expect(eight.summaryDue(plan.state))
        var sent = plan.state
        sent.lastSummaryDay = "2026-12-01"
        #expect(!eight.summaryDue(sent))
        #expect(eight.summary(plan, siteURL: nil, tool: "t").title == "Daily summary: 1 open problem (1 CRITICAL)")
        // A tenant's channel hears that the run failed, not why.
        var tenant = channel
        tenant.organizations = ["Fabrikam"]
        let theirs = Notifier.finding(
            .failed(what: "fetch vbo", reason: "connection refused by vbo.msp.example", status: .noHost),
            channel: tenant, lastGood: nil)
        #expect(!(theirs.reasons.first ?? "").contains("vbo"))
    }

    @Test("the state file is written atomically and read back the same; a damaged one is an error naming it")
    func stateFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-notify-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/state.json"
        var state = NotificationState()
        let planner = NotificationPlanner(channel: channel, now: Self.start, zone: .utc)
        state.channels["ops"] = planner.plan([job(.critical)], judged: [.job], state: .init()).state
        try state.write(path)
        #expect(try NotificationState.read(path) == state)
        try "{\"version\": ".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: (any Error).self) { try NotificationState.read(path) }
        do {
            _ = try NotificationState.read(path)
        } catch {
            #expect(error.diagnostics.first?.path == path)
        }
    }
}

extension PlannerTests {
    @Test("a job with no run ended in the window (its run still going) keeps what was said: not resolved, not opened")
    func held() {
        var running = job(.ok)
        running.held = true
        let runs = events([[job(.warning)], [running], [job(.warning)], [running], [job(.ok)], [running]])
        #expect(runs.map { $0.map(\.change) } == [[.opened], [], [], [], [.resolved], []])
    }
}

extension PlannerTests {
    @Test("no data judges only what it judged: an open repository problem is not resolved by a window without sessions")
    func noDataResolvesNothing() {
        let repository = Finding(
            key: "infrastructure/vbo/repository/r1", subject: .infrastructure, level: .warning,
            title: "Repository Repo-EU (vbo)", reasons: ["7% free"])
        let data = Finding(key: "data", subject: .data, level: .unknown, title: "the data", reasons: ["no data"])
        #expect(
            NotificationFindings.judged([repository, job(.critical)])
                == Set(Finding.Subject.allCases).subtracting([.run]))
        #expect(NotificationFindings.judged([data]) == [.data])
        #expect(NotificationFindings.judged([data, job(.critical)]) == [.data, .job, .protection, .server])
        let planner = NotificationPlanner(channel: channel, now: Self.start, zone: .utc)
        let first = planner.plan(
            [repository, job(.critical)], judged: NotificationFindings.judged([repository]), state: .init())
        let empty = planner.plan([data], judged: NotificationFindings.judged([data]), state: first.state)
        #expect(empty.events.map(\.change) == [.opened])
        #expect(empty.open.map(\.key).sorted() == ["data", "infrastructure/vbo/repository/r1", "job/vbo/org/Exchange"])
    }
}
