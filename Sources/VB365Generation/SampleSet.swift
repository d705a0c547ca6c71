import VB365Model
import VB365Support

/// The bundled `samples/` folder: two organizations, four jobs, fourteen days of nightly
/// sessions, exported through every API version in turn (as if the server had been upgraded from
/// VBO 1.5 to VB365 8 over the fortnight), with warnings, failures, retry chains, a running
/// session, a slow-down, overlapping exports and the side files that name jobs and
/// organizations. Generated deterministically; `vb365-dev samples` writes it.
package enum SampleSet {
    /// The first day of the samples (UTC midnight).
    package static let start = Timestamp(year: 2026, month: 11, day: 9)
    /// The number of days covered.
    package static let days = 14
    /// The morning after the last night, when the report is read and the last infrastructure
    /// snapshot is taken: 2026-11-23T06:00:00Z.
    package static let morningAfter = start.adding(seconds: Double(days) * Seconds.day + 6 * Seconds.hour)

    /// One file of the set.
    package struct File: Sendable {
        /// Path relative to the samples folder.
        package var path: String
        package var bytes: [UInt8]
    }

    /// Which API version exported each day's sessions.
    static func version(forDay day: Int) -> APIVersion {
        switch day {
        case 0, 1: return .v1
        case 2, 3: return .v2
        case 4, 5: return .v3
        case 6, 7: return .v4
        case 8, 9: return .v5
        case 10, 11: return .v6
        case 12: return .v7
        default: return .v8
        }
    }

    /// The world of the samples: two organizations of two jobs, nightly from `start`.
    static var world: SessionGenerator {
        SessionGenerator(
            settings: .init(seed: 365, organizations: 2, jobsPerOrganization: 2, start: start, interval: Seconds.day))
    }

    /// What the samples' infrastructure snapshots come from: the simulator's generator for the
    /// samples' organizations and jobs, up to `morningAfter` (tests check figures against it).
    package static var infrastructure: InfrastructureGenerator {
        let world = world
        return InfrastructureGenerator(
            organizations: world.organizations, jobs: world.jobs, anchor: start, end: morningAfter)
    }

    /// Every session of the set, with the index each was generated from (for its log items), and
    /// the last day's scenario.
    static func allSessions(_ generator: SessionGenerator) -> (
        sessions: [JobSession], logSource: [EntityID: Int], finalDay: LastDay
    ) {
        var sessions: [JobSession] = []
        var logSource: [EntityID: Int] = [:]
        for index in 0..<(days - 1) * generator.jobs.count {
            let s = generator.session(index)
            sessions.append(s)
            logSource[s.id] = index
        }
        let finalDay = scenarioForLastDay(generator)
        for (s, index) in finalDay.sessions {
            sessions.append(s)
            logSource[s.id] = index
        }
        return (sessions, logSource, finalDay)
    }

    /// The days (counted from `start`) whose mornings have a protection snapshot: the last week.
    package static let protectionDays = (days - 7)..<days

    /// The samples' protection snapshots: each organization's, every morning of the last week
    /// (`protectionDays`, at 06:00 UTC after the night), from the simulator's protection world for
    /// the samples' organizations and jobs, with the restore points of the night's runs. Written
    /// as plain JSON lines by `vb365-dev samples` (`samples/protection/`).
    package static func protectionSnapshots() -> [ProtectionSnapshot] {
        let generator = world
        let sessions = allSessions(generator).sessions
        var snapshots: [ProtectionSnapshot] = []
        for day in protectionDays {
            let morning = start.adding(seconds: Double(day + 1) * Seconds.day + 6 * Seconds.hour)
            let protection = ProtectionGenerator(
                settings: .init(now: morning), organizations: generator.organizations, jobs: generator.jobs)
            for o in generator.organizations.indices {
                snapshots.append(
                    protection.snapshot(
                        organization: o, sessions: sessions, since: morning.adding(seconds: -Seconds.day)))
            }
        }
        return snapshots
    }

    /// Every file of the set, in path order.
    package static func files() -> [File] {
        let generator = world
        let (sessions, logSource, finalDay) = allSessions(generator)
        let infrastructure = Self.infrastructure

        var files: [File] = []
        var byDay: [Int: [JobSession]] = [:]
        for s in sessions {
            let day = Int((s.creationTime!.seconds(since: start) / Seconds.day).rounded(.down))
            byDay[day, default: []].append(s)
        }
        for day in byDay.keys.sorted() {
            let version = version(forDay: day)
            let daySessions = byDay[day]!.sorted { $0.creationTime! < $1.creationTime! }
            let encoder = WireEncoder(version: version, decimalComma: version == .v2, indent: 2)
            let date = dateText(start.adding(seconds: Double(day) * Seconds.day))
            switch version {
            case .v6:
                // Two pages of one export with a relative `next` link.
                let half = daySessions.count / 2
                files += twoPages(
                    daySessions, secondFrom: half, limit: half, encoder: encoder, name: "\(version)-\(date)")
            case .v8:
                // Two overlapping pages (the last session of page 1 repeats on page 2), and one
                // session saved on its own.
                let half = daySessions.count / 2 + 1
                files += twoPages(
                    daySessions, secondFrom: half - 1, limit: half, encoder: encoder, name: "\(version)-\(date)")
                let slow = finalDay.slowSession
                files.append(
                    File(path: "sessions/\(version)-session-\(slow.id).json", bytes: encoder.singleSession(slow)))
            default:
                files.append(File(path: "sessions/\(version)-\(date).json", bytes: encoder.sessions(daySessions)))
            }
            if version == .v8 {
                // An earlier export, taken while the last night's first run was still running.
                let v7 = WireEncoder(version: .v7, indent: 2)
                files.append(
                    File(path: "sessions/v7-\(date)-while-running.json", bytes: v7.sessions([finalDay.earlyCopy])))
            }
            for s in daySessions where s.status != .success {
                let items = generator.logItems(for: s, index: logSource[s.id] ?? 0)
                files.append(File(path: "logs/\(s.id).json", bytes: encoder.logItems(items, session: s.id)))
            }
            if version >= .v7 {
                files += processedFiles(daySessions, infrastructure: infrastructure, encoder: encoder)
            }
        }
        for day in 0..<days {
            files += snapshotFiles(day: day, infrastructure: infrastructure)
        }

        // Side files: organizations and jobs as v8 returns them, and the jobs again as a v2
        // server listed them (merged by id).
        var jobs = generator.jobs
        for j in jobs.indices {
            let own = sessions.filter { $0.jobID == jobs[j].id }.sorted { $0.creationTime! < $1.creationTime! }
            jobs[j].lastRun = own.last?.creationTime
            jobs[j].lastStatus = own.last?.status
            jobs[j].lastBackup = own.last { $0.status == .success }?.endTime
            // A day after the last run's scheduled start (its first attempt, to the minute): each
            // job at its own time of day.
            let minute: Int64 = 600_000_000
            jobs[j].nextRun = own.last { ($0.retryCount ?? 0) == 0 }.map {
                Timestamp(ticks: $0.creationTime!.ticks / minute * minute + 864_000_000_000)
            }
            jobs[j].eTag = 40 + Int64(j)
        }
        let v8 = WireEncoder(version: .v8, indent: 2)
        files.append(File(path: "organizations.json", bytes: v8.organizations(generator.organizations)))
        files.append(File(path: "jobs.json", bytes: v8.jobs(jobs)))
        let v2 = WireEncoder(version: .v2, indent: 2)
        files.append(File(path: "legacy/jobs-v2.json", bytes: v2.jobs(generator.jobs)))
        return files.sorted { $0.path < $1.path }
    }

    struct LastDay {
        var sessions: [(JobSession, Int)]
        var slowSession: JobSession
        var earlyCopy: JobSession
    }

    /// The last night: job 1 fails and recovers on retry, job 2 runs at 40 % of its usual rate,
    /// job 3 is still running, job 4 fails twice and gives up.
    static func scenarioForLastDay(_ g: SessionGenerator) -> LastDay {
        let jobCount = g.jobs.count
        let day = days - 1
        func base(_ job: Int) -> (JobSession, Int) {
            let index = day * jobCount + job
            var s = g.session(index)
            let scheduled = start.adding(
                seconds: Double(day) * Seconds.day + 22 * Seconds.hour + Double(job) * 900 + 1.25)
            let duration = s.durationSeconds ?? 600
            s.creationTime = scheduled
            s.endTime = scheduled.adding(seconds: duration)
            s.retryCount = 0
            s.mainSessionID = nil
            s.jobWillBeRetried = false
            s.status = .success
            s.eTag = 3
            return (s, index)
        }
        func failed(_ s: inout JobSession) {
            s.status = .failed
            s.statistics.transferredBytes = (s.statistics.transferredBytes ?? 0) / 40
            s.statistics.processedObjects = (s.statistics.processedObjects ?? 0) / 10
            s.progress = s.statistics.processedObjects
            s.endTime = s.creationTime!.adding(seconds: 95)
            s.details = "Failed to process 1 site"
        }
        func retry(of main: JobSession, id: Int, status: SessionStatus) -> JobSession {
            var r = main
            r.id = SessionGenerator.uuid(365, 9, id)
            r.creationTime = main.endTime!.adding(seconds: 1200)
            r.mainSessionID = main.id
            r.retryCount = 1
            r.status = status
            r.jobWillBeRetried = false
            return r
        }
        var out: [(JobSession, Int)] = []

        var (first, i0) = base(0)
        failed(&first)
        first.jobWillBeRetried = true
        first.eTag = 5
        var recovered = retry(of: first, id: 1, status: .success)
        let full = g.session(i0)
        recovered.statistics = full.statistics
        recovered.endTime = recovered.creationTime!.adding(seconds: full.durationSeconds ?? 600)
        recovered.details = full.details
        out.append((first, i0))
        out.append((recovered, i0))
        var early = first
        early.status = .running
        early.endTime = nil
        early.jobWillBeRetried = nil
        early.eTag = 2
        early.details = nil

        var (slow, i1) = base(1)
        let rate = Double(slow.statistics.processingRateBytesPerSecond ?? 1) * 0.4
        slow.statistics.processingRateBytesPerSecond = Int64(rate)
        slow.statistics.readRateBytesPerSecond = Int64(Double(slow.statistics.readRateBytesPerSecond ?? 1) * 0.42)
        slow.statistics.writeRateBytesPerSecond = Int64(Double(slow.statistics.writeRateBytesPerSecond ?? 1) * 0.9)
        slow.endTime = slow.creationTime!.adding(seconds: Double(slow.statistics.transferredBytes ?? 0) / rate + 60)
        out.append((slow, i1))

        var (running, i2) = base(2)
        running.status = .running
        running.endTime = nil
        running.statistics.transferredBytes = (running.statistics.transferredBytes ?? 0) / 3
        running.details = nil
        out.append((running, i2))

        var (broken, i3) = base(3)
        failed(&broken)
        broken.jobWillBeRetried = true
        var gaveUp = retry(of: broken, id: 2, status: .failed)
        gaveUp.endTime = gaveUp.creationTime!.adding(seconds: 80)
        out.append((broken, i3))
        out.append((gaveUp, i3))
        return LastDay(sessions: out, slowSession: slow, earlyCopy: early)
    }

    /// A day's sessions as two pages of one export: the first from the start, with a `next` link;
    /// the second from `secondFrom` (which may repeat the first page's last session).
    static func twoPages(
        _ sessions: [JobSession], secondFrom: Int, limit: Int, encoder: WireEncoder, name: String
    ) -> [File] {
        [
            File(
                path: "sessions/\(name)-page1.json",
                bytes: encoder.sessions(Array(sessions[..<limit]), offset: 0, limit: limit, next: true)),
            File(
                path: "sessions/\(name)-page2.json",
                bytes: encoder.sessions(Array(sessions[secondFrom...]), offset: secondFrom, limit: limit)),
        ]
    }

    /// The infrastructure snapshot of the morning after `day` (06:00Z), in that day's version's
    /// shape: repositories, proxies, the licence, the service instance (v6+) and each
    /// organization's licensing figures.
    static func snapshotFiles(day: Int, infrastructure: InfrastructureGenerator) -> [File] {
        let version = version(forDay: day)
        let encoder = WireEncoder(version: version, decimalComma: version == .v2, indent: 2)
        let t = start.adding(seconds: Double(day + 1) * Seconds.day + 6 * Seconds.hour)
        let prefix = "infrastructure/\(stamp(t))-\(version)"
        var files = [
            File(
                path: "\(prefix)-repositories.json",
                bytes: encoder.repositories(infrastructure.repositories(at: t, version: version))),
            File(
                path: "\(prefix)-proxies.json", bytes: encoder.proxies(infrastructure.proxies(at: t, version: version))),
            File(path: "\(prefix)-license.json", bytes: encoder.license(infrastructure.license(at: t))),
        ]
        if version >= .v6 {
            files.append(
                File(
                    path: "\(prefix)-serviceinstance.json",
                    bytes: encoder.serviceInstance(infrastructure.serviceInstance(version: version))))
        }
        for l in infrastructure.organizationLicensing(at: t) {
            files.append(File(path: "\(prefix)-licensing-\(l.organizationID).json", bytes: encoder.licensing(l)))
        }
        return files
    }

    /// The processed objects of a v7/v8 day's sessions that did not succeed, and the objects
    /// their failed and warned ones link to.
    static func processedFiles(
        _ sessions: [JobSession], infrastructure: InfrastructureGenerator, encoder: WireEncoder
    ) -> [File] {
        var files: [File] = []
        var linked = Set<String>()
        for s in sessions where s.status != .success {
            let objects = infrastructure.processedObjects(for: s)
            guard !objects.isEmpty else { continue }
            files.append(
                File(path: "processed/\(s.id).json", bytes: encoder.processedObjects(objects.map(\.0), session: s.id)))
            for (o, entry) in objects where o.status != .success && linked.insert(entry.id).inserted {
                files.append(File(path: "processed/objects/\(entry.id).json", bytes: encoder.object(entry)))
            }
        }
        return files
    }

    /// `20261123T060000Z`: the time in a snapshot's file name.
    package static func stamp(_ t: Timestamp) -> String {
        let c = t.civil
        func p(_ v: Int, _ n: Int = 2) -> String { Formatting.pad(v, n) }
        return "\(p(c.year, 4))\(p(c.month))\(p(c.day))T\(p(c.hour))\(p(c.minute))\(p(c.second))Z"
    }

    static func dateText(_ t: Timestamp) -> String {
        let c = t.civil
        return "\(c.year)-\(Formatting.pad(c.month))-\(Formatting.pad(c.day))"
    }
}
