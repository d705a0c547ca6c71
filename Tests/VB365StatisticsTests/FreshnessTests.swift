import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput

/// Two jobs run nightly at 22:00 from Sunday 2026-11-01; `quiet` stops after `lastNight` of
/// `nights`, while `busy` keeps going, so the data (and the default window) reach the last night.
struct Nights {
    static let start = Timestamp(year: 2026, month: 11, day: 1, hour: 22)
    var inventory = Inventory()
    let busy = EntityID("busy")
    let quiet = EntityID("quiet")

    init(nights: Int, lastNight: Int?, quietSchedule: SchedulePolicy? = nil, quietJob: (inout Job) -> Void = { _ in }) {
        var b = Job(id: busy)
        b.name = "Busy"
        inventory.add(b)
        var q = Job(id: quiet)
        q.name = "Quiet"
        q.schedule = quietSchedule
        quietJob(&q)
        inventory.add(q)
        for night in 0..<nights {
            add(busy, night: night, status: .success)
            if let lastNight, night <= lastNight { add(quiet, night: night, status: .success) }
        }
    }

    mutating func add(_ job: EntityID, night: Int, status: SessionStatus, hours: Double = 0) {
        var s = JobSession(id: EntityID("\(job)-\(night)-\(hours)"))
        s.jobID = job
        s.creationTime = Nights.start.adding(seconds: Double(night) * 86_400 + hours * 3600)
        s.endTime = s.creationTime!.adding(seconds: 600)
        s.status = status
        inventory.add(s)
    }

    /// The summary with `now` at `hoursAfterLastNight` after the last night's 22:00.
    func summary(nights: Int, hoursAfter: Double = 8, maxAge: Double? = nil) -> Summary {
        var options = SummaryOptions(
            now: Nights.start.adding(seconds: Double(nights - 1) * 86_400 + hoursAfter * 3600))
        if let maxAge { options.maximumAgeSeconds = maxAge }
        return Summarizer.summarize(inventory, options: options)
    }

    func freshness(_ s: Summary, _ id: EntityID) -> Freshness {
        s.jobs.first { $0.id == id }!.freshness
    }
}

@Suite("missed and stale runs")
struct FreshnessTests {
    static func schedule(_ type: String, daily: String? = nil, every: String? = nil) -> SchedulePolicy {
        var p = SchedulePolicy()
        p.type = type
        p.dailyType = daily
        p.periodicallyEvery = every
        return p
    }

    /// True when `f` holds no finding.
    static func clear(_ f: Freshness) -> Bool { f.missed == nil && f.stale == nil && f.hung == nil && f.streak == nil }

    @Test("no schedule: a job that stopped running is missed after its usual interval; louder than failed")
    func historyInterval() throws {
        let data = Nights(nights: 10, lastNight: 6)
        let s = data.summary(nights: 10)
        let missed = try #require(data.freshness(s, data.quiet).missed)
        #expect(missed.basis == .history)
        #expect(missed.expectedInterval == 86_400, "the typical gap of the regular runs")
        #expect(missed.lastRun == Nights.start.adding(seconds: 6 * 86_400))
        #expect(Self.clear(data.freshness(s, data.busy)))
        #expect(s.jobs.first { $0.id == data.quiet }?.outcome == .missed)
        #expect(s.headlineWord == "Missed")
        #expect(s.reaches(.failed))
        #expect(s.missedJobs.count == 1)
        // The quiet job's last success is three nights old too.
        #expect(data.freshness(s, data.quiet).stale?.ageSeconds ?? 0 > 3 * 86_400)
    }

    @Test("an hour after the run was due it is not missed yet; the next morning it is")
    func grace() {
        let data = Nights(nights: 10, lastNight: 8)
        #expect(data.freshness(data.summary(nights: 10, hoursAfter: 1), data.quiet).missed == nil)
        #expect(data.freshness(data.summary(nights: 10, hoursAfter: 8), data.quiet).missed != nil)
    }

    @Test("a run still going is not a missed one")
    func stillRunning() {
        var data = Nights(nights: 10, lastNight: 6)
        var s = JobSession(id: EntityID("quiet-long"))
        s.jobID = data.quiet
        s.creationTime = Nights.start.adding(seconds: 7 * 86_400)
        s.status = .running
        data.inventory.add(s)
        #expect(data.freshness(data.summary(nights: 10), data.quiet).missed == nil)
    }

    @Test("a new job whose first run is still to come is not missed")
    func notYetRun() {
        let data = Nights(nights: 5, lastNight: nil, quietSchedule: Self.schedule("Daily", daily: "Everyday")) {
            $0.nextRun = Nights.start.adding(seconds: 5 * 86_400)
        }
        #expect(data.freshness(data.summary(nights: 5), data.quiet).missed == nil)
    }

    @Test("a Warning run counts as a completed backup; a weekly job is allowed its week")
    func warningAndWeekly() {
        var warned = Nights(nights: 10, lastNight: 8)
        warned.add(warned.quiet, night: 9, status: .warning)
        #expect(warned.freshness(warned.summary(nights: 10), warned.quiet).stale == nil)
        let weekly = Nights(nights: 10, lastNight: nil, quietSchedule: Self.schedule("Daily", daily: "Friday"))
        var w = weekly
        w.add(w.quiet, night: 5, status: .success)
        let f = w.freshness(w.summary(nights: 10), w.quiet)
        #expect(f.stale == nil && f.missed == nil)
    }

    @Test("a Daily schedule gives the interval even without history")
    func dailySchedule() throws {
        let data = Nights(nights: 3, lastNight: 0, quietSchedule: Self.schedule("Daily", daily: "Everyday"))
        let missed = try #require(data.freshness(data.summary(nights: 3), data.quiet).missed)
        #expect(missed.basis == .schedule)
    }

    @Test("Workdays: a weekend without runs is not missed; a skipped Tuesday is")
    func workdays() {
        // Night 5 is Friday 2026-11-06; nights 6 and 7 are the weekend; night 8 is Monday.
        var weekend = Nights(nights: 9, lastNight: 4, quietSchedule: Self.schedule("Daily", daily: "Workdays"))
        weekend.add(weekend.quiet, night: 5, status: .success)
        weekend.add(weekend.quiet, night: 8, status: .success)
        #expect(weekend.freshness(weekend.summary(nights: 9), weekend.quiet).missed == nil)
        let monday = Nights(nights: 9, lastNight: 5, quietSchedule: Self.schedule("Daily", daily: "Workdays"))
        #expect(monday.freshness(monday.summary(nights: 9, hoursAfter: 2), monday.quiet).missed == nil)
        let tuesday = Nights(nights: 10, lastNight: 5, quietSchedule: Self.schedule("Daily", daily: "Workdays"))
        #expect(tuesday.freshness(tuesday.summary(nights: 10), tuesday.quiet).missed != nil)
    }

    @Test("Periodically every 4 hours: 9 hours without a run is missed")
    func periodically() throws {
        var data = Nights(nights: 4, lastNight: nil, quietSchedule: Self.schedule("Periodically", every: "Hours4"))
        data.add(data.quiet, night: 3, status: .success, hours: -9)
        let missed = try #require(data.freshness(data.summary(nights: 4, hoursAfter: 0.5), data.quiet).missed)
        #expect(missed.expectedInterval == 4 * 3600)
        var fine = Nights(nights: 4, lastNight: nil, quietSchedule: Self.schedule("Periodically", every: "Hours4"))
        fine.add(fine.quiet, night: 3, status: .success, hours: -3)
        #expect(fine.freshness(fine.summary(nights: 4, hoursAfter: 0.5), fine.quiet).missed == nil)
    }

    @Test("the server's nextRun passed with no run since: missed")
    func nextRunPassed() throws {
        let due = Nights.start.adding(seconds: 8 * 86_400)
        let data = Nights(nights: 10, lastNight: 7) { $0.nextRun = due }
        let missed = try #require(data.freshness(data.summary(nights: 10, hoursAfter: 2), data.quiet).missed)
        #expect(missed.due == due)
    }

    @Test("the job's lastRun from the server counts when the sessions read stop earlier")
    func serverLastRun() {
        let lastNight = Nights.start.adding(seconds: 9 * 86_400)
        let data = Nights(nights: 10, lastNight: 5) { $0.lastRun = lastNight }
        #expect(data.freshness(data.summary(nights: 10), data.quiet).missed == nil)
    }

    @Test("disabled and manual-only jobs are never missed or stale")
    func notExpected() {
        let disabled = Nights(nights: 10, lastNight: 3) { $0.isEnabled = false }
        #expect(Self.clear(disabled.freshness(disabled.summary(nights: 10), disabled.quiet)))
        let manual = Nights(nights: 10, lastNight: 3, quietSchedule: Self.schedule("ManualOnly"))
        #expect(Self.clear(manual.freshness(manual.summary(nights: 10), manual.quiet)))
        #expect(manual.freshness(manual.summary(nights: 10), manual.quiet).schedule == .notExpected)
    }

    @Test("a scheduled job with no session at all: missed once the data covers its interval")
    func neverRan() throws {
        let long = Nights(nights: 5, lastNight: nil, quietSchedule: Self.schedule("Daily", daily: "Everyday"))
        let missed = try #require(long.freshness(long.summary(nights: 5), long.quiet).missed)
        #expect(missed.lastRun == nil)
        let short = Nights(nights: 1, lastNight: nil, quietSchedule: Self.schedule("Daily", daily: "Everyday"))
        #expect(short.freshness(short.summary(nights: 1), short.quiet).missed == nil)
    }

    @Test("stale: the last success older than the maximum age, or none at all")
    func stale() throws {
        var data = Nights(nights: 10, lastNight: 8)
        data.add(data.quiet, night: 9, status: .failed)
        let s = data.summary(nights: 10, hoursAfter: 8)
        let stale = try #require(data.freshness(s, data.quiet).stale)
        #expect(stale.maximumAgeSeconds >= 26 * 3600 && stale.maximumAgeSeconds < 27 * 3600)
        #expect(abs((stale.ageSeconds ?? 0) - (32 * 3600 - 600)) < 1)
        #expect(data.freshness(s, data.quiet).missed == nil, "it ran, and failed")
        // Failed names the cause; the staleness stays a finding (the detail).
        #expect(s.jobs.first { $0.id == data.quiet }?.outcome == .failed)
        #expect(s.jobs.first { $0.id == data.quiet }?.freshness.stale != nil)
        #expect(data.freshness(data.summary(nights: 10, maxAge: 2 * 86_400), data.quiet).stale == nil)

        // A scheduled job that never completed a backup is stale once its first run is older than
        // the limit.
        var failing = Nights(nights: 3, lastNight: nil, quietSchedule: Self.schedule("Daily", daily: "Everyday"))
        for night in 0..<3 { failing.add(failing.quiet, night: night, status: .failed) }
        let never = try #require(failing.freshness(failing.summary(nights: 3), failing.quiet).stale)
        #expect(never.ageSeconds == nil)
    }
}
