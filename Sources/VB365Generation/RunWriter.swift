import VB365Model

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one `ScheduleWorld` job's sessions, run by run: a first attempt and its automatic
/// retries (`mainSessionId`, `retryCount`, `jobWillBeRetried`), each with realistic volumes
/// (`ScheduleWorld.VolumeProfile`).
///
/// The volumes are drawn from generators of their own, one for the job and one per session
/// (seeded from the world's seed, the job's index and the session's number), never from the
/// generator of the times and statuses: the world's sessions start, end and fail when they did
/// before volumes were realistic.
struct RunWriter {
    /// The world's seed (session ids, volumes).
    let seed: UInt64
    /// The job's place in the world (session ids, repository and proxy, volumes).
    let jobIndex: Int
    let jobID: EntityID
    /// The job's volumes; a pattern may change them before its runs.
    var volume: ScheduleWorld.VolumeProfile
    /// The start of the world's history: the scope grows from it.
    let origin: Timestamp
    /// From `from` on, the scope (and its change) is `factor` of what it was.
    var shrink: (from: Timestamp, factor: Double)?
    /// The sessions so far, oldest first.
    private(set) var sessions: [JobSession] = []
    /// The start of the last run that completed (Success or Warning): its change is backed up.
    private var backedUp: Timestamp?
    /// Draws the job's volumes and its events' sizes.
    private var jobRandom: Random

    /// A writer for the job at `jobIndex`, its volumes drawn; its scope grows from `origin`.
    init(seed: UInt64, jobIndex: Int, jobID: EntityID, origin: Timestamp) {
        self.seed = seed
        self.jobIndex = jobIndex
        self.jobID = jobID
        self.origin = origin
        var random = Random(seed: (seed &* 0xD6E8_FEB8_6659_FD93) ^ (UInt64(jobIndex) << 40) ^ 0x766F_6C75_6D65_0001)
        volume = ScheduleWorld.VolumeProfile.draw(&random)
        jobRandom = random
    }

    /// One attempt of a run.
    struct Attempt {
        var status: SessionStatus
        /// Seconds; nil for a session that never ends (a hang).
        var duration: Double?
    }

    /// A value drawn uniformly from [low, high) by the job's own volume generator (an event's
    /// size).
    mutating func draw(_ low: Double, _ high: Double) -> Double { jobRandom.uniform(low, high) }

    /// Adds a run that starts at `start`: `attempts[0]` is the first attempt, the others its
    /// automatic retries, each created `waitSeconds` after the previous one ended. A `full` run
    /// transfers the whole data set; a `surge` above 1 changes that many weekdays' worth (an
    /// event), whatever the time since the last run. Returns the first attempt's id.
    @discardableResult
    mutating func run(
        at start: Timestamp, _ attempts: [Attempt], waitSeconds: Double = 600, full: Bool = false, surge: Double = 1
    ) -> EntityID {
        var creation = start
        var mainID: EntityID?
        for (i, attempt) in attempts.enumerated() {
            var s = JobSession(id: SessionGenerator.uuid(seed, 20, jobIndex << 20 | sessions.count))
            s.jobID = jobID
            s.creationTime = creation
            s.status = attempt.duration == nil ? .running : attempt.status
            s.endTime = attempt.duration.map { creation.adding(seconds: $0) }
            s.retryCount = i
            s.mainSessionID = i == 0 ? nil : mainID
            let troubled = attempt.status == .failed || attempt.status == .warning
            s.jobWillBeRetried = attempt.duration == nil ? nil : troubled && i < attempts.count - 1
            s.jobType = .backup
            s.configType = full ? .full : .incremental
            s.eTag = 3
            s.repositoryID = SessionGenerator.uuid(seed, 24, 0)
            s.proxyID = SessionGenerator.uuid(seed, 25, 0)
            if let duration = attempt.duration {
                let failed = attempt.status == .failed
                let v = volumes(at: creation, failed: failed, full: full, surge: surge)
                let rate = v.bytes / duration
                s.statistics = SessionStatistics(
                    processingRateBytesPerSecond: Int64(rate),
                    processingRateItemsPerSecond: Int64((v.items / duration).rounded()),
                    readRateBytesPerSecond: Int64(rate * 1.2), writeRateBytesPerSecond: Int64(rate * 2.5),
                    transferredBytes: Int64(v.bytes), processedObjects: Int64(v.objects), bottleneck: .source)
                s.progress = Int64(v.objects)
                s.details = failed ? "Failed to process 1 mailbox" : "Transferred \(Int64(v.bytes)) bytes"
                if !failed { backedUp = creation }
            }
            if i == 0 { mainID = s.id }
            sessions.append(s)
            guard let end = s.endTime else { break }
            creation = end.adding(seconds: waitSeconds)
        }
        return mainID!
    }

    /// The volumes of the session created at `t` (the next one): the objects it processes, the
    /// bytes it transfers and the items it changes. A run carries the change since the last
    /// completed run (a day's for a daily job, the missed days' after a pause, the day's for a
    /// re-run or retry after a failure); a failed attempt transfers 5 % of it and processes part
    /// of the scope.
    private func volumes(at t: Timestamp, failed: Bool, full: Bool, surge: Double) -> (
        objects: Double, bytes: Double, items: Double
    ) {
        var random = Random(
            seed: (seed &* 0x9FB2_1C65_1E98_DF25) ^ (UInt64(jobIndex) << 40) ^ UInt64(sessions.count)
                ^ 0x766F_6C75_6D65_0002)
        let jitter = random.uniform(-0.01, 0.01)
        let z = random.normal(cappedAt: 2)
        let part = random.uniform(0.05, 0.6)
        let scale = shrink.map { t >= $0.from ? $0.factor : 1 } ?? 1
        let days: Double
        if full {
            days = volume.fullFactor
        } else if surge > 1 {
            days = surge * exp(0.05 * z)
        } else {
            let since = backedUp ?? t.adding(seconds: -volume.interval)
            days = volume.weekdays(from: since, to: t) * exp(volume.sigma * z)
        }
        let scope = Double(volume.objects) * (1 + volume.growthPerDay * t.seconds(since: origin) / 86_400)
        var objects = max(1, (scope * scale * (1 + jitter)).rounded())
        var bytes = volume.dailyChangeBytes * scale * days
        if failed {
            bytes *= 0.05
            objects = max(1, (objects * part).rounded())
        }
        return (objects, bytes.rounded(), (bytes / volume.itemBytes).rounded())
    }
}

extension ScheduleWorld.VolumeProfile {
    /// A job's volumes, drawn from `random`: 60 to 3,000 objects growing up to 0.04 % a day, 2 to
    /// 20 MB of change an object each weekday, σ 0.35 to 0.5, weekends 40 % of a weekday, a
    /// month-end 2 to 3 times, a data set 200 to 800 days' change, items of 80 to 400 KB; runs
    /// daily.
    static func draw(_ random: inout Random) -> Self {
        let objects = Int(logUniform(60, 3000, &random).rounded())
        let perObject = logUniform(2_000_000, 20_000_000, &random)
        return Self(
            objects: objects, growthPerDay: random.uniform(0, 0.0004), dailyChangeBytes: Double(objects) * perObject,
            sigma: random.uniform(0.35, 0.5), weekendShare: 0.4, monthEndFactor: random.uniform(2, 3),
            fullFactor: random.uniform(200, 800), itemBytes: random.uniform(80_000, 400_000), interval: 86_400)
    }

    /// A value between `low` and `high` whose logarithm is uniform.
    private static func logUniform(_ low: Double, _ high: Double, _ random: inout Random) -> Double {
        exp(random.uniform(log(low), log(high)))
    }

    /// Makes the scope `minimum` objects when it is smaller, its change growing with it.
    mutating func scope(atLeast minimum: Int) {
        guard objects < minimum else { return }
        dailyChangeBytes *= Double(minimum) / Double(objects)
        objects = minimum
    }

    /// The change from `from` to `to` in weekdays' worth: each Berlin day counts for the part of
    /// it inside the span, a Saturday or Sunday `weekendShare`, the last business day of a month
    /// `monthEndFactor`, any other day 1.
    func weekdays(from: Timestamp, to: Timestamp) -> Double {
        func local(_ t: Timestamp) -> Double { (t.secondsSince1970 + BerlinTime.offset(at: t)) / 86_400 }
        let (a, b) = (local(from), local(to))
        var total = 0.0
        var day = a.rounded(.down)
        while day < b {
            total += (min(b, day + 1) - max(a, day)) * weight(day: Int(day))
            day += 1
        }
        return total
    }

    /// What a Berlin day's change weighs, in weekdays.
    func weight(day: Int) -> Double {
        let weekday = BerlinTime.weekday(day: day)
        if weekday == 0 || weekday == 6 { return weekendShare }
        return Self.isLastBusinessDay(day) ? monthEndFactor : 1
    }

    /// True when `day` (counted from 1970-01-01) is the last Monday-to-Friday of its month.
    static func isLastBusinessDay(_ day: Int) -> Bool {
        func month(_ day: Int) -> Int { Timestamp(secondsSince1970: Int64(day) * 86_400).civil.month }
        guard (1...5).contains(BerlinTime.weekday(day: day)) else { return false }
        var next = day + 1
        while !(1...5).contains(BerlinTime.weekday(day: next)) { next += 1 }
        return month(next) != month(day)
    }
}

extension Random {
    /// A standard normal value (Box–Muller), capped at ±`cap`.
    mutating func normal(cappedAt cap: Double) -> Double {
        let u = uniform(0, 1)
        let v = uniform(0, 1)
        let z = (-2 * log(1 - u)).squareRoot() * cos(2 * Double.pi * v)
        return min(cap, max(-cap, z))
    }
}
