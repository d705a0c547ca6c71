import VB365Model

// MARK: - How each pattern's sessions are made

extension ScheduleWorld {
    /// How the runs of a job go on an ordinary night.
    struct RunStyle {
        /// Starts are up to this many seconds after the slot (queueing).
        var jitter: Double = 480
        /// The shortest and longest incremental run, seconds (durations vary tenfold).
        var shortest: Double = 300
        var longest: Double = 3000
        /// The chance that a run warns, and that it fails.
        var warning = 0.05
        var failure = 0.05
        /// Failed and warned runs are retried automatically (`retryEnabled`).
        var retries = true
        /// A failed run is re-run by hand (a new run) about ten minutes after it ended.
        var manualRerun = false
        /// `retryWaitIntervalMinutes`, in seconds.
        var retryWait: Double = 600
        /// `retryNumber`.
        var retryNumber = 3
    }

    /// What happens at one slot.
    enum Night {
        case normal
        /// No run (stopped, or a missed day).
        case skip
        /// A run that never ends.
        case hang
        /// Every attempt fails.
        case fail
        /// The run warns.
        case warn
        /// A first full backup of about nine hours.
        case full
        /// A run that succeeds, changing this many weekdays' worth of data (a volume event); it
        /// takes longer, up to six times.
        case surge(Double)
    }

    /// The runs at `slots`, each as `night` says; returns each slot's first attempt's start (nil
    /// when skipped).
    static func runs(
        _ slots: [Timestamp], style: RunStyle, rng: inout Random, writer: inout RunWriter,
        night: (Timestamp) -> Night = { _ in .normal }
    ) -> [(slot: Timestamp, start: Timestamp?)] {
        var out: [(slot: Timestamp, start: Timestamp?)] = []
        for slot in slots {
            let start = slot.adding(seconds: rng.uniform(0, style.jitter).rounded() + rng.uniform(0, 0.999))
            let u = rng.uniform(0, 1)
            let uv = rng.uniform(0, 1)
            let duration = style.shortest + (style.longest - style.shortest) * uv * uv
            let failedDuration = rng.uniform(60, 300)
            let again = rng.uniform(0, 1)
            switch night(slot) {
            case .skip:
                out.append((slot, nil))
                continue
            case .hang:
                writer.run(at: start, [.init(status: .running, duration: nil)])
            case .full:
                writer.run(at: start, [.init(status: .success, duration: rng.uniform(8.5, 9.5) * 3600)], full: true)
            case .surge(let weekdays):
                let longer = min(6, weekdays.squareRoot())
                writer.run(at: start, [.init(status: .success, duration: duration * longer)], surge: weekdays)
            case .warn:
                writer.run(at: start, [.init(status: .warning, duration: duration)])
            case .fail:
                let attempts = (0...(style.retries ? style.retryNumber : 0)).map { _ in
                    RunWriter.Attempt(status: .failed, duration: rng.uniform(60, 240))
                }
                writer.run(at: start, attempts, waitSeconds: style.retryWait)
            case .normal where u < style.failure:
                let failed = RunWriter.Attempt(status: .failed, duration: failedDuration)
                if style.retries {
                    // Mostly the first retry works; now and then only the second.
                    var attempts = [failed]
                    if again < 0.15 { attempts.append(.init(status: .failed, duration: rng.uniform(60, 240))) }
                    attempts.append(.init(status: .success, duration: duration))
                    writer.run(at: start, attempts, waitSeconds: style.retryWait)
                } else {
                    writer.run(at: start, [failed])
                    if style.manualRerun {
                        let rerun = start.adding(seconds: failedDuration + rng.uniform(480, 900))
                        writer.run(at: rerun, [.init(status: .success, duration: duration)])
                    }
                }
            case .normal where u < style.failure + style.warning:
                let warned = RunWriter.Attempt(status: .warning, duration: duration)
                if style.retries {
                    let retry = RunWriter.Attempt(status: again < 0.7 ? .success : .warning, duration: duration * 0.3)
                    writer.run(at: start, [warned, retry], waitSeconds: style.retryWait)
                } else {
                    writer.run(at: start, [warned])
                }
            case .normal:
                writer.run(at: start, [.init(status: .success, duration: duration)])
            }
            out.append((slot, start))
        }
        return out
    }

    /// The job of `pattern`, the `index`-th of the world.
    static func make(_ pattern: Pattern, index: Int, settings: Settings, organization: EntityID) -> WorldJob {
        var rng = Random(seed: settings.seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let id = SessionGenerator.uuid(settings.seed, 22, index)
        // The draw of a rate the volumes once came from: kept, so that every later draw of the
        // times and statuses, and so every session, stays as it was. Volumes have their own draws.
        _ = rng.uniform(4, 24)
        let origin = settings.end.adding(seconds: -Double(settings.historyDays) * Seconds.day)
        let writer = RunWriter(seed: settings.seed, jobIndex: index, jobID: id, origin: origin)
        var history = JobHistory(settings: settings, rng: rng, writer: writer)
        history.schedule(pattern)
        history.play(pattern)
        return history.worldJob(pattern, id: id, organization: organization)
    }

    /// One job's history in the making: its schedule and style of runs, the runs written so far
    /// and the ground truth. `make` sets the schedule, plays the runs, then assembles the job.
    private struct JobHistory {
        var rng: Random
        var writer: RunWriter
        let end: Timestamp
        let historyStart: Timestamp
        let polledStart: Timestamp
        let endDay: Int
        var style = RunStyle()
        var cadence = ScheduleCadence.daily(secondOfDay: 22 * 3600, workdaysOnly: false)
        var schedules: [(from: Timestamp, cadence: ScheduleCadence, policy: SchedulePolicy)] = []
        var disabled: [(from: Timestamp, to: Timestamp)] = []
        var created: Timestamp
        var stuck: [(slot: Timestamp, until: Timestamp?)] = []
        var problem: Problem?
        var volumeEvent: VolumeEvent?
        var ignoreRange: (from: Timestamp, to: Timestamp)?

        /// A history of nothing yet over the span `settings` give, created when the history starts.
        init(settings: Settings, rng: Random, writer: RunWriter) {
            self.rng = rng
            self.writer = writer
            end = settings.end
            historyStart = end.adding(seconds: -Double(settings.historyDays) * 86_400)
            polledStart = end.adding(seconds: -Double(settings.polledDays) * 86_400)
            endDay = BerlinTime.day(of: end)
            created = historyStart
        }

        /// The instant of `hour` (Berlin wall clock) on `day`.
        func at(_ day: Int, _ hour: Double) -> Timestamp {
            BerlinTime.instant(day: day, secondOfDay: hour * 3600)
        }

        /// The first slot at or after `t`.
        func firstSlot(_ t: Timestamp) -> Timestamp { cadence.slot(after: t.adding(seconds: -0.001))! }

        /// The slots of the cadence from `from` (the history's start when nil) to the end.
        func slots(from: Timestamp? = nil) -> [Timestamp] { cadence.slots(from: from ?? historyStart, to: end) }

        /// Runs the job at `slots` in its style, each as `night` says; each slot's first start.
        @discardableResult
        mutating func run(
            _ slots: [Timestamp], night: (Timestamp) -> Night = { _ in .normal }
        ) -> [(slot: Timestamp, start: Timestamp?)] {
            ScheduleWorld.runs(slots, style: style, rng: &rng, writer: &writer, night: night)
        }

        /// Step 1: the cadence `pattern` runs at and how its runs go (no runs yet), and its volumes.
        mutating func schedule(_ pattern: Pattern) {
            switch pattern {
            case .daily, .movedSchedule, .newJob, .encryptionNight: break
            case .dailyManualRerun:
                cadence = .daily(secondOfDay: 23 * 3600, workdaysOnly: false)
                style.retries = false
                style.manualRerun = true
                style.failure = 0.12
                style.warning = 0.04
            case .every4Hours:
                cadence = .periodic(seconds: 4 * 3600)
                style.jitter = 180
                style.warning = 0.04
                style.failure = 0.03
            case .every30Minutes:
                cadence = .periodic(seconds: 1800)
                style.jitter = 60
                style.shortest = 60
                style.longest = 600
                style.warning = 0.02
                style.failure = 0.01
                style.retryWait = 300
            case .weekdays, .weekdayMissesThursday: cadence = .daily(secondOfDay: 21 * 3600, workdaysOnly: true)
            case .weekdaysShortHistory: cadence = .daily(secondOfDay: 20.5 * 3600, workdaysOnly: true)
            case .manualOnly:
                cadence = .manual
                style.retries = false
                style.failure = 0
            case .pausedResumed: cadence = .daily(secondOfDay: 20 * 3600, workdaysOnly: false)
            case .stoppedDaily:
                style.warning = 0.03
                style.failure = 0.03
            case .hung: cadence = .daily(secondOfDay: 21 * 3600, workdaysOnly: false)
            case .failingForDays: cadence = .daily(secondOfDay: 23 * 3600, workdaysOnly: false)
            case .warnsNightly:
                cadence = .daily(secondOfDay: 22.5 * 3600, workdaysOnly: false)
                style.retries = false
                style.failure = 0
                style.warning = 0.03
            case .stopped4Hourly:
                cadence = .periodic(seconds: 4 * 3600)
                style.jitter = 180
                style.warning = 0.03
                style.failure = 0.02
            case .scopeShrinks:
                cadence = .daily(secondOfDay: 21.5 * 3600, workdaysOnly: false)
                // Large enough that 2 % of it is still a few objects.
                writer.volume.scope(atLeast: 500)
            case .announcedMigration: cadence = .daily(secondOfDay: 23 * 3600, workdaysOnly: false)
            case .monthEndHeavy:
                cadence = .daily(secondOfDay: 20 * 3600, workdaysOnly: false)
                writer.volume.monthEndFactor = 5
                writer.volume.sigma = 0.35
            }
            switch cadence {
            case .daily: writer.volume.interval = Seconds.day
            case .periodic(let seconds): writer.volume.interval = seconds
            case .manual: writer.volume.interval = 2 * Seconds.day
            }
        }

        /// Step 2: the runs of `pattern` over the history, with its changes of schedule and its
        /// injected problem.
        mutating func play(_ pattern: Pattern) {
            switch pattern {
            case .daily, .dailyManualRerun, .every4Hours, .every30Minutes, .weekdays: run(slots())
            case .weekdaysShortHistory:
                created = at(BerlinTime.day(of: polledStart) - 7, 9)
                run(slots(from: created))
            case .manualOnly: runByHand()
            case .pausedResumed:
                let firstDay = BerlinTime.day(of: historyStart)
                let pause = (from: at(firstDay + 6, 12), to: at(firstDay + 12, 12))
                disabled = [pause]
                run(slots().filter { !($0 >= pause.from && $0 < pause.to) })
            case .movedSchedule: moveSchedule()
            case .newJob:
                created = at(endDay - 9, 12)
                let first = firstSlot(created)
                run(slots(from: created)) { $0 == first ? .full : .normal }
            case .stoppedDaily: stop(at: firstSlot(at(endDay - 5, 0)))
            case .hung: hang()
            case .failingForDays:
                breakDown(from: at(endDay - 3, 0), as: .fail, expected: .failed) {
                    "every run and retry fails from \($0.iso8601) on"
                }
            case .warnsNightly:
                breakDown(from: at(endDay - 12, 0), as: .warn, expected: .warning) {
                    "warns every night from \($0.iso8601) on"
                }
            case .weekdayMissesThursday: missThursday()
            case .stopped4Hourly: stop(at: firstSlot(end.adding(seconds: -2 * 86_400)))
            case .encryptionNight: encrypt()
            case .scopeShrinks: shrinkScope()
            case .announcedMigration: migrate()
            case .monthEndHeavy: closeMonth()
            }
        }

        /// Runs normally but on one weeknight in the polled weeks (the last at least 8 days before
        /// the end's day, not a month-end), which changes about 30 weekdays' worth: mass encryption.
        mutating func encrypt() {
            var day = endDay - 8
            while !(1...5).contains(BerlinTime.weekday(day: day)) || VolumeProfile.isLastBusinessDay(day) { day -= 1 }
            let night = firstSlot(at(day, 12))
            let starts = run(slots()) { $0 == night ? .surge(30) : .normal }
            let start = starts.first { $0.slot == night }!.start!
            volumeEvent = VolumeEvent(
                start: start, last: start, expected: .unusualChangeAbove,
                description: "mass encryption: the run of \(start.iso8601) changes about 30× the usual bytes and items")
        }

        /// Runs normally until the slot six days before the end's day; from it on, every run
        /// processes 2 % of the scope (and changes as little), still succeeding.
        mutating func shrinkScope() {
            let from = firstSlot(at(endDay - 6, 12))
            writer.shrink = (from, 0.02)
            let starts = run(slots())
            let start = starts.first { $0.slot == from }!.start!
            volumeEvent = VolumeEvent(
                start: start, last: nil, expected: .unusualChangeBelow,
                description: "the scope shrinks to about 2 % of its objects from the run of \(start.iso8601) on")
        }

        /// Runs normally but on three nights in a row in the polled weeks (12 to 10 days before
        /// the end's day), each changing 20 to 40 weekdays' worth: a migration the admin announced
        /// for the range from noon of the first day to noon after the third night.
        mutating func migrate() {
            let first = endDay - 12
            let nights = (first..<first + 3).map { firstSlot(at($0, 12)) }
            var sizes: [Timestamp: Double] = [:]
            for night in nights { sizes[night] = writer.draw(24, 38) }
            let starts = run(slots()) { sizes[$0].map { Night.surge($0) } ?? .normal }
            let start = starts.first { $0.slot == nights[0] }!.start!
            let last = starts.first { $0.slot == nights[2] }!.start!
            let announced = (from: at(first, 12), to: at(first + 3, 12))
            ignoreRange = announced
            volumeEvent = VolumeEvent(
                start: start, last: last, expected: .unusualChangeAbove,
                description:
                    "an announced migration: the runs of 3 nights from \(start.iso8601) change 20–40× the usual; announced from \(announced.from.iso8601) to \(announced.to.iso8601)"
            )
        }

        /// Runs normally; its month-end runs change about 5 weekdays' worth (a finance tenant).
        /// The event is the last month-end run's session that did the work (a retry when the first
        /// attempt failed): not a finding.
        mutating func closeMonth() {
            let starts = run(slots())
            let lastDays = (BerlinTime.day(of: historyStart)...endDay).filter(VolumeProfile.isLastBusinessDay)
            guard let day = lastDays.last,
                let first = starts.first(where: { BerlinTime.day(of: $0.slot) == day })?.start,
                let start = writer.sessions.first(where: { $0.creationTime! >= first && $0.status != .failed })?
                    .creationTime
            else { return }
            volumeEvent = VolumeEvent(
                start: start, last: start, expected: nil,
                description: "month-end close: the run of \(start.iso8601) changes about 5× a usual day; usual for it")
        }

        /// Ad-hoc runs by hand at daytime hours on about half of the days, a few of them warning.
        mutating func runByHand() {
            for day in BerlinTime.day(of: historyStart)...endDay {
                let ranThatDay = rng.uniform(0, 1) < 0.45
                let hour = rng.uniform(8, 18)
                let u = rng.uniform(0, 1)
                let duration = style.shortest + (style.longest - style.shortest) * u * u
                let warned = rng.uniform(0, 1) < 0.05
                let start = at(day, hour)
                guard ranThatDay, start >= historyStart, start < end else { continue }
                writer.run(at: start, [.init(status: warned ? .warning : .success, duration: duration)])
            }
        }

        /// Runs on the first schedule until noon four days before the end's day, daily at 02:00
        /// Berlin from then on (two schedules in force, one after the other).
        mutating func moveSchedule() {
            let move = at(endDay - 4, 12)
            let before = cadence
            let after = ScheduleCadence.daily(secondOfDay: 2 * 3600, workdaysOnly: false)
            schedules = [
                (historyStart, before, before.policy(retryEnabled: true)),
                (move, after, after.policy(retryEnabled: true)),
            ]
            run(before.slots(from: historyStart, to: move) + after.slots(from: move, to: end))
            cadence = after
        }

        /// Runs until `stop`, then no more: the job's `nextRun` stays at that slot.
        mutating func stop(at stop: Timestamp) {
            stuck = [(stop, nil)]
            problem = Problem(
                start: stop, expected: .missed,
                description: "stops: no run from the slot \(stop.iso8601) on; nextRun stays there")
            run(slots()) { $0 >= stop ? .skip : .normal }
        }

        /// Runs until the slot ten days before the end, whose run stays Running with no end.
        mutating func hang() {
            let hang = firstSlot(at(endDay - 10, 0))
            let starts = run(slots()) { $0 == hang ? .hang : $0 > hang ? .skip : .normal }
            let start = starts.first { $0.slot == hang }!.start!
            problem = Problem(
                start: start, expected: .hung, description: "the run of \(start.iso8601) stays Running, no end")
        }

        /// Runs normally until the first slot at or after `time`, every run as `night` from then
        /// on; the problem starts at that slot's run and `description` tells it from its start.
        mutating func breakDown(
            from time: Timestamp, as night: Night, expected: Finding, description: (Timestamp) -> String
        ) {
            let from = firstSlot(time)
            let starts = run(slots()) { $0 >= from ? night : .normal }
            let start = starts.first { $0.slot == from }!.start!
            problem = Problem(start: start, expected: expected, description: description(start))
        }

        /// Runs on weekdays but misses one Thursday's slot (the last Thursday at least two days
        /// before the end's day), then runs again on Friday.
        mutating func missThursday() {
            var thursday = endDay - 2
            while BerlinTime.weekday(day: thursday) != 4 { thursday -= 1 }
            let missed = at(thursday, 21)
            let starts = run(slots()) { $0 == missed ? .skip : .normal }
            let resumed = starts.first { $0.slot > missed }?.start
            stuck = [(missed, resumed)]
            problem = Problem(
                start: missed, expected: .missed,
                description: "misses the Thursday slot \(missed.iso8601), then runs again on Friday")
        }

        /// Step 3: the job as the jobs list says at the end, its sessions up to the end (oldest
        /// first) and its ground truth.
        func worldJob(_ pattern: Pattern, id: EntityID, organization: EntityID) -> WorldJob {
            var job = Job(id: id)
            job.name = pattern.jobName
            job.description = "Schedule world: \(pattern.rawValue)"
            job.organizationID = organization
            job.backupType = "EntireOrganization"
            job.isEnabled = true
            var inForce = schedules
            if inForce.isEmpty {
                inForce = [(historyStart, cadence, cadence.policy(retryEnabled: style.retries))]
            }
            job.schedule = inForce.last?.policy
            let sessions = writer.sessions.filter { $0.creationTime! < end || $0.creationTime! == end }.sorted {
                ($0.creationTime!, $0.id) < ($1.creationTime!, $1.id)
            }
            var world = WorldJob(
                pattern: pattern, job: job, sessions: sessions, problem: problem, volume: writer.volume,
                volumeEvent: volumeEvent, ignoreRange: ignoreRange, schedules: inForce, created: created)
            world.disabled = disabled
            world.stuck = stuck
            return world
        }
    }
}
