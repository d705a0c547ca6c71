import Foundation
import Testing
import VB365Decoding
import VB365Generation
import VB365Model

@Suite("The generated world's encryption-like night: one run transferring and changing 30 times its usual")
struct ChangeIncidentTests {
    /// The server's clock of the end-to-end tests: Monday 2026-11-23, 22:01 UTC.
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 22, minute: 1)
    /// Runs per job of the simulator's default world: 14 days of nightly runs up to `now`.
    static let runs = 15

    /// The simulator's default world (`SimulatorData.generated`): two organizations of three
    /// jobs, nightly from 14 days before `now`'s day.
    static let generator = SessionGenerator(
        settings: .init(
            seed: 365, organizations: 2, jobsPerOrganization: 3, start: Timestamp(year: 2026, month: 11, day: 9)))

    /// The median of `values`.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The items a session changed, as the change-volume rule counts them: items per second times
    /// the duration.
    static func items(_ s: JobSession) -> Double {
        guard let rate = s.statistics.processingRateItemsPerSecond, let start = s.creationTime, let end = s.endTime
        else { return 0 }
        return Double(rate) * end.seconds(since: start)
    }

    @Test("the incident is a Contoso job's ordinary successful run in the night of Sunday 22 to Monday 23 November")
    func incident() throws {
        let incident = try #require(Self.generator.changeIncident(runs: Self.runs))
        #expect(incident.organizationID == Self.generator.organizations[0].id)
        #expect(Self.generator.organizations[0].name == "Contoso Ltd")
        #expect(Self.generator.jobs.first { $0.id == incident.jobID }?.organizationID == incident.organizationID)
        #expect(incident.jobName == "Exchange Online mailboxes")
        #expect(incident.factor == 30)
        let creation = try #require(incident.session.creationTime)
        #expect(creation >= ChangeIncident.nightStart && creation < ChangeIncident.nightEnd)
        #expect(ChangeIncident.nightStart == Timestamp(year: 2026, month: 11, day: 22, hour: 17))
        #expect(ChangeIncident.nightEnd == Timestamp(year: 2026, month: 11, day: 23, hour: 3))
        #expect(incident.session.status == .success && incident.session.retryCount == 0)
        #expect(incident.session.configType == .incremental)
        #expect(incident.session == Self.generator.session(incident.sessionIndex, incident: incident))
        // Everything else as the ordinary run would be: its id, start, objects.
        let ordinary = Self.generator.session(incident.sessionIndex)
        #expect(ordinary.status == .success)
        #expect(incident.session.id == ordinary.id && incident.session.creationTime == ordinary.creationTime)
        #expect(incident.session.statistics.processedObjects == ordinary.statistics.processedObjects)
        #expect(incident.session.progress == ordinary.progress)
        // Ground truth: exactly 30 times the job's usual.
        #expect(abs(Double(incident.bytes) / incident.usualBytes - 30) < 0.01)
        #expect(abs(incident.items / incident.usualItems - 30) < 0.01)
        // Every other session is the ordinary one.
        for index in 0..<(Self.runs * Self.generator.jobs.count) where index != incident.sessionIndex {
            #expect(Self.generator.session(index, incident: incident) == Self.generator.session(index))
        }
    }

    @Test("no incident when the runs end before the night or the world holds no night", arguments: [3, 1])
    func noNight(runs: Int) {
        #expect(Self.generator.changeIncident(runs: runs) == nil)
        let later = SessionGenerator(
            settings: .init(
                seed: 365, organizations: 2, jobsPerOrganization: 3, start: Timestamp(year: 2026, month: 12, day: 1)))
        #expect(later.changeIncident(runs: 15) == nil)
    }

    @Test(
        "the incident's session is about 30 times its job's median in bytes and items, in v2's strings and v8's numbers",
        arguments: [APIVersion.v2, .v8])
    func wire(version: APIVersion) throws {
        let incident = try #require(Self.generator.changeIncident(runs: Self.runs))
        let sessions = (0..<(Self.runs * Self.generator.jobs.count)).map {
            Self.generator.session($0, incident: incident)
        }.filter { ($0.endTime ?? Self.now) < Self.now }
        let bytes = WireEncoder(version: version).sessions(sessions)
        let decoded = try bytes.withUnsafeBytes { try WireDecoder.decode($0) }.sessions
        let own = decoded.filter { $0.jobID == incident.jobID }.sorted { $0.creationTime! < $1.creationTime! }
        let night = try #require(own.first { $0.id == incident.session.id })
        #expect(night.status == .success)
        #expect(night.statistics.processedObjects == incident.session.statistics.processedObjects)
        // The job's comparable runs before it, as the change-volume rule takes them: ended Success
        // or Warning, not the first (full) run, the last 20.
        let before = own.prefix { $0.creationTime! < night.creationTime! }.dropFirst().filter {
            $0.status == .success || $0.status == .warning
        }.suffix(20)
        #expect(before.count >= 7)
        let usualBytes = Self.median(before.map { Double($0.statistics.transferredBytes ?? 0) })
        let usualItems = Self.median(before.map(Self.items))
        let byteFactor = Double(night.statistics.transferredBytes ?? 0) / usualBytes
        let itemFactor = Self.items(night) / usualItems
        #expect(byteFactor > 28 && byteFactor < 32, "bytes \(night.statistics.transferredBytes ?? 0) vs \(usualBytes)")
        #expect(itemFactor > 27 && itemFactor < 33, "items \(Self.items(night)) vs \(usualItems)")
        // A 30-fold night runs longer at the job's usual throughput: hours, not minutes, ending
        // within the night.
        let duration = night.endTime!.seconds(since: night.creationTime!)
        let usualDuration = Self.median(before.map { $0.endTime!.seconds(since: $0.creationTime!) })
        #expect(duration > 10 * usualDuration && duration < 6 * Seconds.hour, "\(duration) vs \(usualDuration)")
        #expect(night.endTime! < ChangeIncident.nightEnd)
    }

    @Test("whatever the history's length, an incident is a Contoso run of the night that ends in it", arguments: 7...21)
    func otherWorlds(days: Int) {
        let generator = SessionGenerator(
            settings: .init(
                seed: 365, organizations: 2, jobsPerOrganization: 3,
                start: Timestamp(year: 2026, month: 11, day: 23).adding(seconds: -Double(days) * Seconds.day)))
        guard let incident = generator.changeIncident(runs: days + 1) else { return }
        #expect(incident.organizationID == generator.organizations[0].id)
        #expect(incident.session.status == .success && incident.session.retryCount == 0)
        #expect(incident.session.creationTime! >= ChangeIncident.nightStart)
        #expect(incident.session.endTime! < ChangeIncident.nightEnd)
        #expect(abs(incident.items / incident.usualItems - 30) < 0.01)
    }
}
