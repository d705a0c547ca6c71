import Testing
import VB365Generation
import VB365Model

/// The schedule world's volumes (issue 29): realistic scopes and changes that leave every time,
/// status and id as it was, and the volume events (`Settings.volumeEvents`).
@Suite("The schedule world's volumes and volume events")
struct ScheduleWorldVolumeTests {
    typealias World = ScheduleWorld
    static let world = World()
    static let events = World(settings: .init(volumeEvents: true))

    /// The sessions of `pattern` that did their work (Success or Warning), oldest first.
    static func completed(_ pattern: World.Pattern, in world: World = events) -> [JobSession] {
        world.job(pattern).sessions.filter { $0.status == .success || $0.status == .warning }
    }

    /// The completed incrementals of `pattern`: first attempts only (no retries) unless `retries`.
    static func incrementals(_ pattern: World.Pattern, in world: World = events, retries: Bool = false)
        -> [JobSession]
    {
        completed(pattern, in: world).filter { $0.configType == .incremental && (retries || $0.retryCount == 0) }
    }

    static func bytes(_ s: JobSession) -> Double { Double(s.statistics.transferredBytes!) }
    static func objects(_ s: JobSession) -> Double { Double(s.statistics.processedObjects!) }
    /// Items changed: the items rate times the duration, as a rule reads them.
    static func items(_ s: JobSession) -> Double {
        Double(s.statistics.processingRateItemsPerSecond!) * s.durationSeconds!
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// What the world says of its sessions but their volumes: ids, times, statuses, retries.
    static func schedule(_ s: JobSession) -> String {
        let end = s.endTime.map { String($0.ticks) } ?? "-"
        let main = s.mainSessionID.map { "\($0)" } ?? "-"
        let retried = s.jobWillBeRetried.map { "\($0)" } ?? "-"
        return
            "\(s.id)|\(s.jobID!)|\(s.creationTime!.ticks)|\(end)|\(s.status!)|\(s.retryCount!)|\(main)|\(retried)|\(s.jobType!)|\(s.configType!)|\(s.eTag!)"
    }

    /// FNV-1a, 64 bits: the same on every platform and run (unlike `Hasher`).
    static func fnv(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    @Test("the same settings give the same volumes; the events' world adds its 4 jobs after the others")
    func deterministic() {
        let again = World(settings: .init(volumeEvents: true))
        #expect(again.sessions(asOf: Self.events.settings.end) == Self.events.sessions(asOf: Self.events.settings.end))
        #expect(again.jobs.map(\.volume) == Self.events.jobs.map(\.volume))
        #expect(again.jobs.map(\.volumeEvent) == Self.events.jobs.map(\.volumeEvent))
        #expect(Self.world.jobs.map(\.pattern) == World.Pattern.allCases)
        #expect(Self.events.jobs.map(\.pattern) == World.Pattern.allCases + World.Pattern.volumeEventCases)
        #expect(World.Pattern.allCases.allSatisfy { !$0.isVolumeEvent })
        #expect(World.Pattern.volumeEventCases.allSatisfy { $0.isVolumeEvent })
        #expect(Self.world.jobs.allSatisfy { $0.volumeEvent == nil && $0.ignoreRange == nil })
        let other = World(settings: .init(seed: 25, volumeEvents: true))
        #expect(other.jobs.map(\.volume) != Self.events.jobs.map(\.volume))
    }

    @Test("volumes move no session: every id, time, status and retry is as before, with or without the events")
    func scheduleUnchanged() {
        // The default world's sessions as the schedule world made them before volumes were
        // realistic (2,543 sessions, hashed before the change).
        let sessions = Self.world.jobs.flatMap(\.sessions)
        #expect(sessions.count == 2543)
        #expect(Self.fnv(sessions.map(Self.schedule).joined(separator: "\n")) == 162_569_362_111_300_145)
        // The events' jobs come after the others, which are the same, volumes and all.
        for (plain, withEvents) in zip(Self.world.jobs, Self.events.jobs) {
            #expect(plain.sessions == withEvents.sessions, "\(plain.pattern)")
            #expect(plain.volume == withEvents.volume, "\(plain.pattern)")
        }
        for t in Self.world.pollTimes(every: 6 * 3600) {
            let common = Set(Self.world.jobs.map(\.job.id))
            #expect(Self.events.sessions(asOf: t).filter { common.contains($0.jobID!) } == Self.world.sessions(asOf: t))
            #expect(Self.events.jobs(asOf: t).filter { common.contains($0.id) } == Self.world.jobs(asOf: t))
        }
    }

    @Test("every job of usual volumes processes its scope, ±3 % at most, run after run; a failed attempt less")
    func stableScope() {
        for job in Self.events.jobs where job.hasUsualVolumes {
            let runs = Self.completed(job.pattern)
            let usual = Self.median(runs.map(Self.objects))
            #expect(usual >= 60 && usual <= 3000 * 1.02, "\(job.pattern)")
            for run in runs {
                #expect(abs(Self.objects(run) / usual - 1) <= 0.03, "\(job.pattern) \(run.creationTime!.iso8601)")
            }
            for failed in job.sessions where failed.status == .failed {
                #expect(Self.objects(failed) < usual, "\(job.pattern) \(failed.creationTime!.iso8601)")
            }
        }
    }

    @Test("an incremental changes about a weekday's worth of its interval: the median within range")
    func incrementalMedian() {
        let perDay: [World.Pattern: Double] = [.every4Hours: 6, .stopped4Hourly: 6, .every30Minutes: 48]
        for job in Self.events.jobs where job.pattern != .manualOnly && job.pattern != .scopeShrinks {
            let volume = job.volume
            #expect(volume.dailyChangeBytes >= 100e6 && volume.dailyChangeBytes <= 60e9, "\(job.pattern)")
            #expect(volume.sigma >= 0.35 && volume.sigma <= 0.5)
            #expect(volume.itemBytes >= 80_000 && volume.itemBytes <= 400_000)
            let median = Self.median(Self.incrementals(job.pattern).map(Self.bytes))
            let usual = volume.dailyChangeBytes / (perDay[job.pattern] ?? 1)
            #expect(median >= 0.6 * usual && median <= 1.5 * usual, "\(job.pattern): \(median / usual)")
            // Items follow the bytes, at the job's average item size.
            let items = Self.median(Self.incrementals(job.pattern).map(Self.items))
            #expect(items >= 0.3 * median / volume.itemBytes && items <= 3 * median / volume.itemBytes)
        }
    }

    @Test("the new job's first full transfers the whole data set: ≥ 100× the median incremental, every object")
    func firstFull() throws {
        let full = try #require(Self.world.job(.newJob).sessions.first)
        #expect(full.configType == .full)
        let incrementals = Self.incrementals(.newJob, in: Self.world)
        #expect(Self.bytes(full) >= 100 * Self.median(incrementals.map(Self.bytes)))
        #expect(Self.items(full) >= 100 * Self.median(incrementals.map(Self.items)))
        #expect(abs(Self.objects(full) / Self.median(incrementals.map(Self.objects)) - 1) <= 0.03)
    }

    @Test("no job of usual volumes changes 10× its median in a run; every event above changes ≥ 20×")
    func healthyBelowEvents() throws {
        for job in Self.events.jobs where job.hasUsualVolumes {
            let usual = Self.median(Self.incrementals(job.pattern).map(Self.bytes))
            for run in Self.incrementals(job.pattern, retries: true) {
                #expect(Self.bytes(run) < 10 * usual, "\(job.pattern) \(run.creationTime!.iso8601)")
            }
        }
        let surges = try [World.Pattern.encryptionNight, .announcedMigration].map { pattern in
            let event = try #require(Self.events.job(pattern).volumeEvent)
            return (pattern, event, Self.incrementals(pattern))
        }
        for (pattern, event, runs) in surges {
            let usual = Self.median(runs.map(Self.bytes))
            let usualItems = Self.median(runs.map(Self.items))
            let during = runs.filter { $0.creationTime! >= event.start && $0.creationTime! <= event.last! }
            #expect(during.count == (pattern == .encryptionNight ? 1 : 3))
            for run in during {
                #expect(Self.bytes(run) >= 20 * usual && Self.bytes(run) <= 40 * usual, "\(pattern)")
                #expect(Self.items(run) >= 15 * usualItems, "\(pattern)")
                #expect(run.status == .success)
            }
            for run in runs where !during.contains(run) {
                #expect(Self.bytes(run) < 10 * usual, "\(pattern) \(run.creationTime!.iso8601)")
            }
        }
    }

    @Test("mass encryption: one weeknight in the polled weeks, then back to normal")
    func encryptionNight() throws {
        let job = Self.events.job(.encryptionNight)
        let event = try #require(job.volumeEvent)
        #expect(event.expected == .unusualChangeAbove)
        #expect(event.last == event.start)
        #expect(job.isHealthy && !job.hasUsualVolumes && job.ignoreRange == nil)
        let polled = Self.events.settings.end.adding(seconds: -14 * 86_400)
        #expect(event.start > polled && event.start < Self.events.settings.end.adding(seconds: -5 * 86_400))
        let runs = Self.incrementals(.encryptionNight)
        let night = try #require(runs.first { $0.creationTime == event.start })
        #expect(Self.bytes(night) >= 20 * Self.median(runs.map(Self.bytes)))
        #expect(Self.items(night) >= 20 * Self.median(runs.map(Self.items)))
    }

    @Test("a scope that shrinks: ≤ 5 % of the objects from the event on, sessions still succeeding")
    func scopeShrinks() throws {
        let job = Self.events.job(.scopeShrinks)
        let event = try #require(job.volumeEvent)
        #expect(event.expected == .unusualChangeBelow && event.last == nil)
        let polled = Self.events.settings.end.adding(seconds: -14 * 86_400)
        #expect(event.start > polled)
        let runs = Self.completed(.scopeShrinks)
        let before = runs.filter { $0.creationTime! < event.start }
        let after = runs.filter { $0.creationTime! >= event.start }
        let usual = Self.median(before.map(Self.objects))
        #expect(usual >= 500)
        #expect(before.allSatisfy { abs(Self.objects($0) / usual - 1) <= 0.03 })
        #expect(after.count >= 5)
        #expect(after.allSatisfy { Self.objects($0) <= 0.05 * usual && Self.objects($0) >= 1 })
        #expect(after.first?.creationTime == event.start && after.first?.status == .success)
    }

    @Test("an announced migration: 3 nights of 20–40×, inside the range to configure as ignored")
    func announcedMigration() throws {
        let job = Self.events.job(.announcedMigration)
        let event = try #require(job.volumeEvent)
        let range = try #require(job.ignoreRange)
        #expect(event.expected == .unusualChangeAbove)
        #expect(range.from < event.start && event.last! < range.to)
        #expect(range.to.seconds(since: range.from) == 3 * 86_400)
        let runs = Self.incrementals(.announcedMigration)
        let usual = Self.median(runs.map(Self.bytes))
        let big = runs.filter { Self.bytes($0) >= 10 * usual }
        #expect(big.count == 3)
        #expect(big.allSatisfy { $0.creationTime! >= range.from && $0.creationTime! < range.to })
        #expect(big.first?.creationTime == event.start && big.last?.creationTime == event.last)
    }

    @Test("month-end: the last business day's run changes more (2026-10-30 and 09-30), 5× for the finance tenant")
    func monthEnd() throws {
        // The biggest completed run (or retry) of the evening of a Berlin day (20:00 to 23:00
        // Berlin: the same UTC date).
        func run(_ pattern: World.Pattern, on day: (Int, Int)) -> JobSession? {
            Self.incrementals(pattern, retries: true).filter {
                let c = $0.creationTime!.civil
                return (c.month, c.day) == day
            }.max { Self.bytes($0) < Self.bytes($1) }
        }
        let lastBusinessDays = [(9, 30), (10, 30)]
        // Daily jobs of usual volumes whose slot is in the evening and which ran both days.
        let daily: [World.Pattern] = [.daily, .dailyManualRerun, .pausedResumed, .warnsNightly, .encryptionNight]
        var ratios: [Double] = []
        for pattern in daily {
            let usual = Self.median(Self.incrementals(pattern).map(Self.bytes))
            for day in lastBusinessDays {
                let spike = try #require(run(pattern, on: day), "\(pattern) \(day)")
                ratios.append(Self.bytes(spike) / usual)
            }
        }
        #expect(Self.median(ratios) >= 2, "\(ratios)")
        // The finance tenant: 5× a weekday, above every other run, and its event is the last one.
        let heavy = Self.events.job(.monthEndHeavy)
        let event = try #require(heavy.volumeEvent)
        #expect(event.expected == nil && heavy.isHealthy && heavy.hasUsualVolumes)
        #expect(heavy.volume.monthEndFactor == 5)
        let runs = Self.incrementals(.monthEndHeavy)
        let usual = Self.median(runs.map(Self.bytes))
        let spikes = try lastBusinessDays.map { try #require(run(.monthEndHeavy, on: $0)) }
        #expect(spikes.last?.creationTime == event.start)
        for spike in spikes {
            #expect(Self.bytes(spike) >= 3 * usual)
            #expect(runs.filter { !spikes.contains($0) }.allSatisfy { Self.bytes($0) < Self.bytes(spike) })
        }
    }
}
