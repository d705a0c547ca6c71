import Foundation
import VB365Generation
import VB365Model
import VB365Reading

/// What the simulator serves: organizations, jobs, sessions (newest first) and their logs, either
/// generated deterministically or read from a folder of saved JSON.
package struct SimulatorData: Sendable {
    package var organizations: [Organization]
    package var jobs: [Job]
    /// Newest first, as real servers tend to list them.
    package var sessions: [JobSession]
    /// Repositories, proxies, the licence, processed objects and the rest.
    package var infrastructure: SimulatorInfrastructure
    /// The organizations' users, groups, sites and teams, their backup data, licences, job items
    /// and restore points (v6+); nil for saved JSON and the schedule world, which have none.
    package var protection: ProtectionGenerator?
    /// The restore sessions and their events (v6+) of the protection world's organizations; nil
    /// where there is no protection world.
    package var restores: RestoreGenerator?
    /// The night whose backup of one job changed about 30 times its usual (`ChangeIncident`), when
    /// the generated world's runs reach it; nil for saved JSON and the schedule world.
    package var changeIncident: ChangeIncident?
    private var sessionIndex: [EntityID: Int]
    private var logSource: LogSource

    enum LogSource: Sendable {
        case generated(SessionGenerator, [EntityID: Int])
        case stored([EntityID: [LogItem]])
    }

    /// The settings of a generated world.
    package struct World: Sendable {
        package var seed: UInt64 = 365
        package var organizations = 2
        package var jobsPerOrganization = 3
        /// Days of history before `now`.
        package var days = 14
        /// Scheduled runs per job per day (1 = nightly).
        package var runsPerDay = 1
        /// The server's clock: sessions after it do not exist yet, sessions across it are running.
        package var now: Timestamp
        /// Whether the first job has a backup copy job (listed by `/CopyJobs`, v6+), with its
        /// sessions (`vb365-sim` serves one unless `--no-copy-job`).
        package var copyJob = false
        /// Users per organization in the protection world (at least 4), beside two shared
        /// mailboxes (`ProtectionGenerator`).
        package var usersPerOrganization = 12

        /// Creates settings.
        package init(now: Timestamp) { self.now = now }
    }

    /// Generates a world: `days` of runs of every job up to `now`, with successes, warnings,
    /// failures, stopped runs, retries (`mainSessionId`), and sessions still running at `now`;
    /// a backup copy job of the first job with its sessions; the night a Contoso job's backup
    /// changes 30 times its usual (`ChangeIncident`); and the infrastructure at `now`
    /// (`InfrastructureGenerator`), and the protection world at `now` (`ProtectionGenerator`).
    package static func generated(_ world: World) -> SimulatorData {
        let dayTicks: Int64 = 864_000_000_000
        let today = Timestamp(ticks: world.now.ticks / dayTicks * dayTicks)
        let start = today.adding(seconds: -Double(world.days) * Seconds.day)
        let perDay = max(1, world.runsPerDay)
        let generator = SessionGenerator(
            settings: .init(
                seed: world.seed, organizations: world.organizations, jobsPerOrganization: world.jobsPerOrganization,
                start: start, interval: Seconds.day / Double(perDay)))
        let jobCount = generator.jobs.count
        var sessions: [JobSession] = []
        var logIndex: [EntityID: Int] = [:]
        let runs = (world.days + 1) * perDay
        let incident = generator.changeIncident(runs: runs).flatMap { incident in
            incident.session.creationTime.map { $0 <= world.now } == true ? incident : nil
        }
        sessions.reserveCapacity(runs * jobCount)
        for index in 0..<(runs * jobCount) {
            var s = generator.session(index, incident: incident)
            guard let creation = s.creationTime, creation <= world.now else { continue }
            if let end = s.endTime, end > world.now {
                // Still running on the server's clock: no end, part of the data so far.
                let done = max(0.05, world.now.seconds(since: creation) / end.seconds(since: creation))
                s.status = .running
                s.endTime = nil
                s.jobWillBeRetried = nil
                s.details = nil
                s.statistics.transferredBytes = s.statistics.transferredBytes.map { Int64(Double($0) * done) }
                s.statistics.processedObjects = s.statistics.processedObjects.map { Int64(Double($0) * done) }
                s.progress = s.statistics.processedObjects
                s.eTag = 1
            }
            sessions.append(s)
            logIndex[s.id] = index
        }
        let infrastructure = InfrastructureGenerator(
            seed: world.seed, organizations: generator.organizations, jobs: generator.jobs, end: world.now)
        for (i, copy) in (world.copyJob ? infrastructure.copySessions(of: sessions) : []).enumerated() {
            sessions.append(copy)
            logIndex[copy.id] = runs * jobCount + i
        }
        sessions.sort { ($0.creationTime!, $0.id) > ($1.creationTime!, $1.id) }
        var jobs = generator.jobs
        if world.copyJob, let copy = infrastructure.copyJob { jobs.append(copy) }
        for j in jobs.indices {
            let own = sessions.filter { $0.jobID == jobs[j].id }
            jobs[j].lastRun = own.first?.creationTime
            jobs[j].lastStatus = own.first?.status
            jobs[j].lastBackup = own.first { $0.status == .success }?.endTime
            if let last = own.first?.creationTime {
                jobs[j].nextRun = last.adding(seconds: Seconds.day / Double(perDay))
            }
            jobs[j].eTag = 10 + Int64(j)
        }
        var settings = ProtectionGenerator.Settings(now: world.now)
        settings.seed = world.seed
        settings.usersPerOrganization = world.usersPerOrganization
        settings.interval = Seconds.day / Double(perDay)
        var data = SimulatorData(
            organizations: generator.organizations, jobs: jobs, sessions: sessions,
            infrastructure: SimulatorInfrastructure(generator: infrastructure, now: world.now),
            logSource: .generated(generator, logIndex),
            protection: ProtectionGenerator(settings: settings, organizations: generator.organizations, jobs: jobs))
        var restores = RestoreGenerator.Settings(now: world.now)
        restores.seed = world.seed
        data.restores = data.protection.map { RestoreGenerator(settings: restores, protection: $0) }
        data.changeIncident = incident
        return data
    }

    /// The schedule world of issue 24 (`ScheduleWorld`) as its server stood at `clock`: the
    /// sessions created by then (one going on Running, with no end), the jobs list as it stood
    /// (`lastRun`, `nextRun`, `lastBackup`, `isEnabled`, the schedule in force), its organization,
    /// and the infrastructure at `clock`. No log items.
    package static func scheduleWorld(_ world: ScheduleWorld, at clock: Timestamp) -> SimulatorData {
        let sessions = world.sessions(asOf: clock).sorted { ($0.creationTime!, $0.id) > ($1.creationTime!, $1.id) }
        let jobs = world.jobs(asOf: clock)
        let infrastructure = InfrastructureGenerator(
            seed: world.settings.seed, organizations: [world.organization], jobs: jobs, anchor: world.start,
            end: clock)
        return SimulatorData(
            organizations: [world.organization], jobs: jobs, sessions: sessions,
            infrastructure: SimulatorInfrastructure(generator: infrastructure, now: clock), logSource: .stored([:]))
    }

    /// Reads a folder (or files) of saved VB365 JSON in any version's shape, such as an archive
    /// that `vb365-report fetch` wrote or the bundled samples. Infrastructure snapshots: the
    /// newest of each resource is served; without any, they are generated for the data's
    /// organizations and jobs at its newest session, and so are processed objects.
    package static func stored(_ inputs: [String]) throws(SimulatorError) -> SimulatorData {
        let list = InputList(inputs)
        if let problem = list.problems.first { throw SimulatorError(problem.description) }
        var organizations: [EntityID: Organization] = [:]
        var jobs: [EntityID: Job] = [:]
        var sessions: [EntityID: JobSession] = [:]
        var logs: [EntityID: [LogItem]] = [:]
        var snapshots = SimulatorInfrastructure.Stored()
        for case .file(let path) in list.items {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SimulatorError("\(path): cannot be read; check that it exists and is readable.")
            }
            let bytes = [UInt8](data)
            let (document, diagnostics) = InventoryReader.decode(bytes: bytes, path: path)
            guard let document else {
                throw SimulatorError(diagnostics.first?.description ?? "\(path): unreadable")
            }
            for o in document.organizations { organizations[o.id] = o }
            for j in document.jobs { jobs[j.id] = j }
            for s in document.sessions {
                if let old = sessions[s.id], (old.eTag ?? 0) > (s.eTag ?? 0) { continue }
                sessions[s.id] = s
            }
            for item in document.logItems { logs[item.sessionID, default: []].append(item) }
            snapshots.add(document)
        }
        let ordered = sessions.values.filter { $0.creationTime != nil }.sorted {
            ($0.creationTime!, $0.id) > ($1.creationTime!, $1.id)
        }
        for (id, items) in logs { logs[id] = items.sorted { ($0.usn ?? 0) < ($1.usn ?? 0) } }
        let sortedOrganizations = organizations.values.sorted { $0.id < $1.id }
        let sortedJobs = jobs.values.sorted { $0.id < $1.id }
        let clock = ordered.compactMap { $0.endTime ?? $0.creationTime }.max() ?? SampleSet.start
        let generator = InfrastructureGenerator(organizations: sortedOrganizations, jobs: sortedJobs, end: clock)
        return SimulatorData(
            organizations: sortedOrganizations, jobs: sortedJobs, sessions: ordered,
            infrastructure: SimulatorInfrastructure(stored: snapshots, generator: generator), logSource: .stored(logs))
    }

    init(
        organizations: [Organization], jobs: [Job], sessions: [JobSession], infrastructure: SimulatorInfrastructure,
        logSource: LogSource, protection: ProtectionGenerator? = nil
    ) {
        self.organizations = organizations
        self.protection = protection
        self.jobs = jobs
        self.sessions = sessions
        self.infrastructure = infrastructure
        self.logSource = logSource
        var index: [EntityID: Int] = [:]
        for (i, s) in sessions.enumerated() { index[s.id] = i }
        self.sessionIndex = index
    }

    /// A session by id.
    package func session(_ id: EntityID) -> JobSession? { sessionIndex[id].map { sessions[$0] } }

    /// A job by id.
    package func job(_ id: EntityID) -> Job? { jobs.first { $0.id == id } }

    /// A session's log items, in `usn` order.
    package func logItems(for id: EntityID) -> [LogItem] {
        switch logSource {
        case .generated(let generator, let indexes):
            guard let s = session(id), let index = indexes[id] else { return [] }
            return generator.logItems(for: s, index: index)
        case .stored(let logs):
            return logs[id] ?? []
        }
    }
}

/// A problem that stops the simulator from starting.
package struct SimulatorError: Error, CustomStringConvertible, Sendable {
    package var description: String

    /// Creates an error with a sentence.
    package init(_ description: String) { self.description = description }
}
