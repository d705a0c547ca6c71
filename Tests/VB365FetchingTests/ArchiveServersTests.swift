import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

/// One archive, several servers: each in a folder of its own, and an archive written before
/// servers had folders moved into one without losing a file.
@Suite("several servers in one archive, and archives from before")
struct ArchiveServersTests {
    /// A second world: other ids, three organizations (one name the first world does not have).
    static func otherData() -> SimulatorData {
        var world = SimulatorData.World(now: Harness.now)
        world.seed = 2
        world.organizations = 3
        world.jobsPerOrganization = 2
        return .generated(world)
    }

    /// Every session of `data` in the window is in `inventory`, with its job's and its
    /// organization's names as `data` has them.
    static func expectNamed(_ data: SimulatorData, in inventory: Inventory) throws {
        for id in Harness.expected(data) {
            let record = try #require(inventory.record(for: id))
            let jobID = try #require(inventory.jobID(of: record))
            let job = try #require(inventory.jobs[jobID], "job \(jobID) of session \(id)")
            let expected = try #require(data.job(jobID))
            #expect(job.name == expected.name)
            let organization = try #require(job.organizationID.flatMap { inventory.organizations[$0] })
            #expect(organization.name == data.organizations.first { $0.id == expected.organizationID }?.name)
        }
    }

    @Test("two servers into one archive: the second destroys nothing; reading gives both, each with its names")
    func twoServers() async throws {
        let first = Harness.data()
        let second = Self.otherData()
        try await withSimulator(Harness.api(data: first)) { a in
            try await withSimulator(Harness.api(data: second)) { b in
                try await withTemporaryFolder { archive in
                    _ = try await Fetcher.fetch(Harness.settings(a), into: archive.path)
                    let afterA = Harness.files(archive)
                    _ = try await Fetcher.fetch(Harness.settings(b), into: archive.path)
                    let afterB = Harness.files(archive)
                    for (path, bytes) in afterA { #expect(afterB[path] == bytes, "\(path) changed or went") }
                    #expect(afterB.keys.contains(Harness.folder(b) + "/jobs.json"))
                    #expect(
                        ArchiveLayout.servers(in: archive.path)
                            == [a, b].map { ServerAddress(configured: $0.baseURL)! }.sorted())

                    let read = await InventoryReader.read(InputList([archive.path]))
                    #expect(!read.hasErrors, "\(read.diagnostics)")
                    try Self.expectNamed(first, in: read.inventory)
                    try Self.expectNamed(second, in: read.inventory)
                    #expect(
                        read.inventory.organizations.count == first.organizations.count + second.organizations.count)
                    #expect(read.inventory.organizations.values.contains { $0.name == "Northwind Traders" })
                    #expect(read.inventory.jobs.count == first.jobs.count + second.jobs.count)
                }
            }
        }
    }

    @Test("two servers with the same ids and names: two folders, neither touched by the other")
    func sameIDs() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { a in
            try await withSimulator(Harness.api(data: data)) { b in
                try await withTemporaryFolder { archive in
                    _ = try await Fetcher.fetch(Harness.settings(a), into: archive.path)
                    let afterA = Harness.files(archive)
                    _ = try await Fetcher.fetch(Harness.settings(b), into: archive.path)
                    let afterB = Harness.files(archive)
                    for (path, bytes) in afterA { #expect(afterB[path] == bytes, "\(path) changed or went") }
                    let inA = afterB.keys.filter { $0.hasPrefix(Harness.folder(a) + "/") }
                    let inB = afterB.keys.filter { $0.hasPrefix(Harness.folder(b) + "/") }
                    #expect(inA.count == inB.count && !inA.isEmpty)
                }
            }
        }
    }

    @Test("the same server written two ways is one folder")
    func oneServerTwoSpellings() async throws {
        try await withSimulator(Harness.api()) { server in
            try await withTemporaryFolder { archive in
                _ = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                var again = Harness.settings(server)
                again.server = server.baseURL.replacingOccurrences(of: "http://", with: "HTTP://") + "/"
                again.now = Harness.now.adding(seconds: 3600)
                _ = try await Fetcher.fetch(again, into: archive.path)
                #expect(ArchiveLayout.servers(in: archive.path).count == 1)
            }
        }
    }

    @Test("an archive from before servers had folders: read as it is, moved by the next fetch, nothing lost")
    func legacyArchive() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.logs = .all
                _ = try await Fetcher.fetch(settings, into: archive.path)
                // The same bodies where fetch used to write them: at the top of the archive.
                let fm = FileManager.default
                let folder = archive.appendingPathComponent(Harness.folder(server))
                // (Infrastructure snapshots and processed objects came after servers had folders.)
                for name in try fm.contentsOfDirectory(atPath: folder.path)
                where !["infrastructure", "processed"].contains(name) {
                    try fm.moveItem(at: folder.appendingPathComponent(name), to: archive.appendingPathComponent(name))
                }
                try fm.removeItem(at: archive.appendingPathComponent(ArchiveLayout.serversFolder))
                let legacy = Harness.files(archive).filter { !$0.key.hasPrefix(".") }
                #expect(legacy["jobs.json"] != nil && legacy["organizations.json"] != nil)
                #expect(
                    legacy.keys.contains { $0.hasPrefix("sessions/") } && legacy.keys.contains { $0.hasPrefix("logs/") }
                )

                let before = await InventoryReader.read(InputList([archive.path]))
                #expect(!before.hasErrors, "\(before.diagnostics)")
                try Self.expectNamed(data, in: before.inventory)

                var later = settings
                later.now = Harness.now.adding(seconds: 86_400)
                let report = try await Fetcher.fetch(later, into: archive.path)
                #expect(ArchiveLayout.legacyEntries(in: archive.path).isEmpty)
                let note = try #require(report.notes.first)
                #expect(
                    note.contains("jobs.json, logs/, organizations.json, sessions/) into \(Harness.folder(server))/"))
                let after = Harness.files(archive)
                for (path, bytes) in legacy {
                    let moved: String
                    if path.hasPrefix("sessions/") || path.hasPrefix("logs/") {
                        moved = path
                    } else {
                        moved = path.replacingOccurrences(of: ".json", with: "-legacy.json")
                    }
                    #expect(after[Harness.folder(server) + "/" + moved] == bytes, "\(path) was lost")
                }
                #expect(!after.keys.contains { !$0.hasPrefix(ArchiveLayout.serversFolder + "/") && !$0.hasPrefix(".") })

                let read = await InventoryReader.read(InputList([archive.path]))
                #expect(!read.hasErrors, "\(read.diagnostics)")
                try Self.expectNamed(data, in: read.inventory)
                let ids = Set(read.inventory.sessions.map { read.inventory.id(of: $0) })
                #expect(Set(before.inventory.sessions.map { before.inventory.id(of: $0) }).isSubset(of: ids))
            }
        }
    }

    @Test("moving old files never overwrites: a taken name gets -2, leftovers of a broken write go")
    func legacyNamesTaken() throws {
        try withTemporaryFolder { archive in
            let id = "0badc0de-0000-4000-8000-000000000001"
            try Fixtures.write(
                [
                    "jobs.json": "old jobs", "jobs-p2.json": "old jobs, page 2", "logs/\(id).json": "old log",
                    "logs/.\(id).json.123.partial": "half", "sessions/a.json": "old sessions", "notes.json": "mine",
                    "servers/vbo.example.com_4443/jobs-legacy.json": "moved before",
                    "servers/vbo.example.com_4443/logs/\(id).json": "new log",
                ], to: archive)
            let server = try #require(ServerAddress(configured: "https://vbo.example.com:4443"))
            let writer = try ArchiveWriter(archive: archive.path, server: server)
            let adoption = writer.adoptLegacyEntries()
            #expect(adoption.problems.isEmpty)
            #expect(adoption.moved == ["jobs-p2.json", "jobs.json", "logs", "sessions"])
            let files = Harness.files(archive).mapValues { String(decoding: $0, as: UTF8.self) }
            let folder = "servers/vbo.example.com_4443/"
            #expect(files[folder + "jobs-legacy.json"] == "moved before")
            #expect(files[folder + "jobs-legacy-2.json"] == "old jobs")
            #expect(files[folder + "jobs-p2-legacy.json"] == "old jobs, page 2")
            #expect(files[folder + "logs/\(id).json"] == "new log")
            #expect(files[folder + "logs/\(id)-2.json"] == "old log")
            #expect(files[folder + "sessions/a.json"] == "old sessions")
            #expect(files["notes.json"] == "mine", "not a file fetch wrote: left where it is")
            #expect(!files.keys.contains { $0.hasSuffix(".partial") })
            #expect(!FileManager.default.fileExists(atPath: archive.appendingPathComponent("logs").path))
            #expect(ArchiveLayout.legacyEntries(in: archive.path).isEmpty)
        }
    }
}
