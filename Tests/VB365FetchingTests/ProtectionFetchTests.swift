import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Reading
import VB365Simulator
import VB365Statistics
import VB365TestSupport

@testable import VB365Fetching

@Suite("Protection snapshots fetched from the simulator name exactly the gaps its world has")
struct ProtectionFetchTests {
    /// The states each gap must be judged in, with the world's masks.
    static let expected: [ProtectionGap.Kind: ProtectionState] = [
        .newUserInNoJob: .unprotected, .selectedNeverBackedUp: .neverBackedUp, .excludedSite: .excluded,
        .staleTeam: .breached, .maskedSharedMailbox: .excluded, .licenceExceeded: .neverBackedUp,
    ]

    /// Fetches `version` with protection into a fresh archive and returns each organization's
    /// snapshot, read back from its file, and the fetch's report.
    static func fetch(_ version: APIVersion, data: SimulatorData = Harness.data(), pageSize: Int = 4) async throws
        -> (snapshots: [ProtectionSnapshot], report: FetchReport, files: [String])
    {
        try await withTemporaryFolder("protection-\(version)") { archive in
            try await withSimulator(Harness.api(data: data)) { server in
                var settings = Harness.settings(server, version: version)
                settings.limits.pageSize = pageSize
                settings.protection = ProtectionFetch()
                let report = try await Fetcher.fetch(settings, into: archive.path)
                let catalog = ProtectionCatalog.find(in: [archive.path])
                let snapshots = try catalog.entries.map { try ProtectionSnapshotFile.read($0.path).get() }
                return (snapshots, report, catalog.entries.map(\.path))
            }
        }
    }

    @Test("v6, v7 and v8: each gap in its state, everything else protected", arguments: [APIVersion.v6, .v7, .v8])
    func gaps(version: APIVersion) async throws {
        let data = Harness.data()
        let world = try #require(data.protection)
        let (snapshots, report, _) = try await Self.fetch(version, data: data)
        #expect(report.protectionSnapshots == world.organizations.count)
        #expect(snapshots.count == world.organizations.count)
        let settings = ProtectionSettings(exclusionMasks: ProtectionGenerator.excludedMailboxMasks)
        for snapshot in snapshots {
            #expect(ProtectionSource.allCases.allSatisfy { snapshot.sources[$0] == .complete }, "\(snapshot.sources)")
            let judged = TenantProtection.judge(snapshot, settings: settings)
            let gaps = world.gaps(organization: snapshot.organizationID)
            #expect(!gaps.isEmpty)
            for gap in gaps {
                let verdict = judged.objects.first { $0.object.id == gap.object.id }
                // A gap the job selected until `SettingsIncidents` halved its selection is in no job.
                let deselected = gap.job == nil && [.selectedNeverBackedUp, .licenceExceeded].contains(gap.kind)
                #expect(
                    verdict?.state == (deselected ? .unprotected : Self.expected[gap.kind]),
                    "\(version) \(gap.kind): \(verdict?.reason ?? "absent")")
            }
            // The users the first organization's job no longer selects: in no job, last backed up
            // two days before.
            let o = try #require(world.organization(snapshot.organizationID))
            let deselected = Set(
                world.deselectedUsers(organization: o).map { world.entry(.user, organization: o, index: $0).object.id })
            #expect(deselected.isEmpty == (o != 0))
            for verdict in judged.objects where deselected.contains(verdict.object.id) {
                #expect(verdict.state == .unprotected, "\(version) \(verdict.object.displayName): \(verdict.reason)")
            }
            let gapIDs = Set(gaps.map(\.object.id)).union(deselected)
            let others = judged.objects.filter { !gapIDs.contains($0.object.id) && $0.state != .protected }
            #expect(
                others.isEmpty, "\(version): \(others.map { "\($0.object.displayName): \($0.state) \($0.reason)" })")
            #expect(judged.licenceExceeded.map(\.id) == gaps.filter { $0.kind == .licenceExceeded }.map(\.object.id))
            #expect(!snapshot.restorePoints.isEmpty)
        }
    }

    @Test("v5 has no protection resources: one note, no snapshot, the fetch works")
    func beforeV6() async throws {
        let (snapshots, report, _) = try await Self.fetch(.v5)
        #expect(snapshots.isEmpty)
        #expect(report.notes.contains { $0.contains("Protection needs API v6") })
    }

    @Test("a second fetch within the interval takes no new snapshot; the request cost is stated")
    func interval() async throws {
        try await withTemporaryFolder { archive in
            try await withSimulator(Harness.api()) { server in
                var settings = Harness.settings(server, version: .v8)
                settings.protection = ProtectionFetch()
                let plain = try await Fetcher.fetch(
                    Harness.settings(server, version: .v8), into: archive.path + "/plain")
                let first = try await Fetcher.fetch(settings, into: archive.path)
                #expect(first.protectionSnapshots == 2)
                settings.now = settings.now.adding(seconds: 3600)
                let second = try await Fetcher.fetch(settings, into: archive.path)
                #expect(second.protectionSnapshots == 0)
                #expect(second.requests < first.requests)
                // One organization's snapshot costs a bounded number of requests at this size.
                #expect(first.requests - plain.requests < 60, "\(first.requests - plain.requests) more requests")
            }
        }
    }
}

extension ProtectionFetchTests {
    @Test("a snapshot cut short is taken again at the next fetch, not after the interval")
    func partialRetried() async throws {
        try await withTemporaryFolder { archive in
            var now = Harness.now
            var firstFolder = ""
            // A server whose licensed users fail (500, after the retries): that list is cut short.
            try await withSimulator(Harness.api { $0.faults.refusals = ["licensedusers": 500] }) { server in
                var settings = Harness.settings(server, version: .v8)
                settings.protection = ProtectionFetch()
                let first = try await Fetcher.fetch(settings, into: archive.path)
                #expect(first.protectionSnapshots == 2)
                let snapshot = try #require(
                    ProtectionCatalog.find(in: [archive.path]).entries.first.map {
                        try ProtectionSnapshotFile.read($0.path).get()
                    })
                #expect(snapshot.sources.values.contains(.partial), "\(snapshot.sources)")
                firstFolder = try #require(ArchiveLayout.folder(ofServer: server.baseURL, in: archive.path))
            }
            // The same world served again, as the same server (its folder moved to the new port's).
            try await withSimulator(Harness.api()) { server in
                let folder = try #require(ArchiveLayout.folder(ofServer: server.baseURL, in: archive.path))
                try FileManager.default.moveItem(atPath: firstFolder, toPath: folder)
                var settings = Harness.settings(server, version: .v8)
                settings.protection = ProtectionFetch()
                now = now.adding(seconds: 3600)
                settings.now = now
                let second = try await Fetcher.fetch(settings, into: archive.path)
                #expect(second.protectionSnapshots == 2, "cut short an hour ago: taken again")
                settings.now = now.adding(seconds: 3600)
                let third = try await Fetcher.fetch(settings, into: archive.path)
                #expect(third.protectionSnapshots == 0, "complete an hour ago: within the interval")
            }
        }
    }
}

extension ProtectionFetchTests {
    @Test(
        "an organization's first snapshot holds the restore points since its month's start, the next those since the first",
        arguments: [APIVersion.v6, .v8])
    func restorePointsSinceTheMonthsStart(version: APIVersion) async throws {
        // A month of runs: the server holds restore points from before the month's start.
        let data = Harness.data(days: 30)
        let world = try #require(data.protection)
        let monthStart = Timestamp(year: 2026, month: 11, day: 1)
        let all = data.sessions.compactMap { world.restorePoint(of: $0) }
        #expect(all.contains { ($0.backupTime ?? monthStart) < monthStart })
        try await withTemporaryFolder("points-\(version)") { archive in
            try await withSimulator(Harness.api(data: data)) { server in
                var settings = Harness.settings(server, version: version)
                settings.protection = ProtectionFetch()
                // The first fetch two days before the second, its window three days long.
                let firstNow = Harness.now.adding(seconds: -2 * Seconds.day)
                let firstSince = firstNow.adding(seconds: -3 * Seconds.day)
                settings.now = firstNow
                settings.since = firstSince
                let first = try await Fetcher.fetch(settings, into: archive.path)
                #expect(first.protectionSnapshots == 2)
                settings.now = Harness.now
                settings.since = Harness.since
                let second = try await Fetcher.fetch(settings, into: archive.path)
                #expect(second.protectionSnapshots == 2)
                let entries = ProtectionCatalog.find(in: [archive.path]).entries
                for organization in Set(entries.map(\.organization)) {
                    let own = entries.filter { $0.organization == organization }.sorted { $0.taken < $1.taken }
                    try #require(own.count == 2)
                    let snapshots = try own.map { try ProtectionSnapshotFile.read($0.path).get() }
                    let (older, newer) = (snapshots[0], snapshots[1])
                    #expect(older.isComplete(.restorePoints) && newer.isComplete(.restorePoints))
                    let olderTimes = older.restorePoints.compactMap(\.backupTime)
                    #expect(olderTimes.count == older.restorePoints.count)
                    #expect(olderTimes.allSatisfy { $0 > monthStart }, "\(version): none before the month's start")
                    #expect(olderTimes.contains { $0 < firstSince }, "before the first fetch's window")
                    let expected = all.filter {
                        $0.organizationID == organization && ($0.backupTime.map { $0 > monthStart } ?? false)
                    }
                    #expect(Set(older.restorePoints.map(\.id)) == Set(expected.map(\.id)), "every one since then")
                    #expect(!newer.restorePoints.isEmpty)
                    #expect(newer.restorePoints.allSatisfy { ($0.backupTime ?? monthStart) > older.taken })
                }
            }
        }
    }
}

@Suite("Protection snapshots: joining the lists")
struct ProtectionAssemblyTests {
    @Test("a team that shares its group's address and Microsoft id stays a team of its own")
    func teamBesideItsGroup() {
        var assembly = ProtectionAssembly(
            organization: EntityID("6f1d3c1e-0000-4000-8000-000000000001"), now: Harness.now, version: .v8)
        var group = ProtectionObject(kind: .group, id: "g-1")
        group.inDirectory = true
        var team = ProtectionObject(kind: .team, id: "t-1")
        team.inDirectory = true
        assembly.add(.init(object: group, keys: ["g-1", "ms-1", "sales@fabrikam.com"]))
        assembly.add(.init(object: team, keys: ["t-1", "ms-1", "sales@fabrikam.com"]))
        var teamData = ProtectionObject(kind: .team, id: "t-1")
        teamData.backups[.team] = BackupMark(isBackedUp: true, time: Harness.now)
        assembly.join(backupData: [.init(object: teamData, keys: ["t-1", "ms-1"])], licences: [])
        #expect(assembly.snapshot.objects.map(\.kind) == [.group, .team])
        #expect(assembly.snapshot.objects.last?.backups[.team]?.isBackedUp == true)
        #expect(assembly.snapshot.objects.allSatisfy { $0.inDirectory })
    }
}
