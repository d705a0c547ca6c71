import Foundation
import Testing
import VB365Decoding
import VB365Generation
import VB365Model
import VB365TestSupport

/// The protection world before and after `SettingsIncidents.time`: the first organization's
/// users' job selects half its users, and the object storage's new restore points are no longer
/// immutable.
@Suite("Settings incidents in the protection world: a selection halved, immutability gone")
struct SettingsIncidentsTests {
    static let before = SettingsIncidents.time.adding(seconds: -Seconds.hour)
    static let after = SettingsIncidents.time.adding(seconds: Seconds.hour)

    /// The protection world at `now` of two organizations of three jobs, with the backup copy
    /// job of the first job, and the finished runs of the 14 days before `now` and the copies.
    static func world(now: Timestamp, users: Int = 12) -> (world: ProtectionGenerator, sessions: [JobSession]) {
        let generator = SessionGenerator(
            settings: .init(
                seed: 365, organizations: 2, jobsPerOrganization: 3, start: now.adding(seconds: -14 * Seconds.day)))
        let runs = (0..<(15 * generator.jobs.count)).map(generator.session).filter {
            ($0.endTime ?? .maximumISO) <= now
        }
        let infrastructure = InfrastructureGenerator(
            organizations: generator.organizations, jobs: generator.jobs, end: now)
        var settings = ProtectionGenerator.Settings(now: now)
        settings.usersPerOrganization = users
        let jobs = generator.jobs + [infrastructure.copyJob].compactMap { $0 }
        let world = ProtectionGenerator(settings: settings, organizations: generator.organizations, jobs: jobs)
        return (world, runs + infrastructure.copySessions(of: runs))
    }

    /// The ids of the users (and shared mailboxes) a job's selected items name.
    static func users(_ g: ProtectionGenerator, _ job: EntityID) -> [String] {
        (g.selectedItems(ofJob: job) ?? []).filter { $0.item.type == .user }.compactMap(\.item.objectID)
    }

    @Test(
        "from the time on, the first organization's users' job selects the first half of its users, rounded down",
        arguments: [4, 12, 13, 40])
    func selectionHalved(users: Int) throws {
        let (old, _) = Self.world(now: Self.before, users: users)
        let (new, _) = Self.world(now: Self.after, users: users)
        let job = try #require(old.usersJob(organization: 0))
        #expect(new.usersJob(organization: 0) == job)
        let was = Self.users(old, job)
        let now = Self.users(new, job)
        #expect(was.count == users, "every user but the newest, and the shared mailbox")
        #expect(now.count == users / 2)
        #expect(now == Array(was.prefix(users / 2)))
        #expect(
            (old.selectedItems(ofJob: job)?.count ?? 0) - (new.selectedItems(ofJob: job)?.count ?? 0) == users - users
                / 2)
        #expect(!old.isSelectionShrunk(organization: 0) && new.isSelectionShrunk(organization: 0))
        #expect(old.deselectedUsers(organization: 0).isEmpty)
        let dropped = new.deselectedUsers(organization: 0).map {
            new.entry(.user, organization: 0, index: $0).object.id
        }
        #expect(dropped == Array(was.dropFirst(users / 2)))
        // The users stay in the directory.
        #expect(new.count(.user) == old.count(.user))
        #expect(
            (0..<new.count(.user)).map { new.entry(.user, organization: 0, index: $0).object.id }
                == (0..<old.count(.user)).map { old.entry(.user, organization: 0, index: $0).object.id })
        // Every other job, and the other organization, as before.
        for j in old.jobs where j.id != job {
            #expect(old.selectedItems(ofJob: j.id) == new.selectedItems(ofJob: j.id), "\(j.name ?? "")")
            #expect(old.excludedItems(ofJob: j.id) == new.excludedItems(ofJob: j.id))
        }
        #expect(new.deselectedUsers(organization: 1).isEmpty && !new.isSelectionShrunk(organization: 1))
    }

    @Test("the users no longer selected were last backed up before the time, and so fall out of the RPO")
    func deselectedStopBackingUp() throws {
        let later = SettingsIncidents.time.adding(seconds: 2 * Seconds.day)
        let (g, _) = Self.world(now: later)
        let deselected = Set(g.deselectedUsers(organization: 0))
        #expect(deselected.count == 6)
        for k in 0..<g.count(.user) {
            let user = g.entry(.user, organization: 0, index: k)
            for mark in user.object.backups.values {
                let time = try #require(mark.time)
                if deselected.contains(k) {
                    #expect(time <= SettingsIncidents.time && later.seconds(since: time) > Seconds.day, "\(k)")
                } else {
                    #expect(later.seconds(since: time) < Seconds.day, "\(k)")
                }
            }
        }
        // Among them the gaps' users the job selected: in no job now.
        let gaps = g.gaps(organization: 0)
        for kind in [ProtectionGap.Kind.selectedNeverBackedUp, .licenceExceeded] {
            let gap = try #require(gaps.first { $0.kind == kind })
            #expect(gap.job == nil, "\(kind)")
        }
        #expect(g.gaps(organization: 1).first { $0.kind == .selectedNeverBackedUp }?.job == g.usersJob(organization: 1))
        let (before, _) = Self.world(now: Self.before)
        #expect(
            before.gaps(organization: 0).allSatisfy {
                $0.job != nil || [.newUserInNoJob, .maskedSharedMailbox].contains($0.kind)
            })
    }

    @Test("the copy job's restore points on object storage: immutable for 30 days before the time, not after")
    func immutability() throws {
        let (g, sessions) = Self.world(now: SettingsIncidents.time.adding(seconds: 3 * Seconds.day))
        let points = sessions.compactMap { g.restorePoint(of: $0) }
        let copies = points.filter(\.isCopy)
        #expect(copies.allSatisfy { $0.repositoryID == g.objectStorageRepositoryID })
        #expect(
            points.filter { !$0.isCopy }.allSatisfy {
                $0.immutableUntil == nil && $0.repositoryID != g.objectStorageRepositoryID
            })
        let made = copies.compactMap(\.backupTime)
        #expect(made.contains { $0 < SettingsIncidents.time } && made.contains { $0 > SettingsIncidents.time })
        for point in copies {
            let time = try #require(point.backupTime)
            let expected =
                time < SettingsIncidents.time
                ? time.adding(seconds: Double(SettingsIncidents.immutabilityDays) * Seconds.day) : nil
            #expect(point.immutableUntil == expected, "\(time.iso8601)")
        }
        // Copies of the first job's: its organization and kinds of data.
        let source = Set(points.filter { !$0.isCopy && $0.jobID == g.jobs[0].id }.map(\.data))
        #expect(source.count == 1)
        #expect(copies.allSatisfy { $0.organizationID == g.organizations[0].id && source == [$0.data] })
        // On the wire: v8's `immutabilityExpiresOn` where immutable, left out where not; never before v8.
        for version in [APIVersion.v6, .v7, .v8] {
            let body = WireEncoder(version: version).protectionList(.restorePoints(copies), path: "RestorePoints")
            let rows = try ProtectionWireTests.rows(body)
            #expect(rows.count == copies.count)
            for (row, point) in zip(rows, copies) {
                #expect((row["immutabilityExpiresOn"] != nil) == (version >= .v8 && point.immutableUntil != nil))
            }
            let back = try body.withUnsafeBytes { try ProtectionDecoder.restorePoints($0) }.values
            #expect(back.map(\.immutableUntil) == copies.map { version >= .v8 ? $0.immutableUntil : nil })
            #expect(back.map(\.isCopy) == copies.map { _ in version >= .v7 })
        }
    }
}
