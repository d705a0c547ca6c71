import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

@Suite("fetch snapshots the infrastructure and the processed objects")
struct InfrastructureFetchTests {
    static let stamp = "20261123T220100Z"

    /// Fetches from a simulator serving `data` into a temporary archive, then runs `body` with the
    /// report, the server's files by path, what the archive reads back as, the server and the
    /// archive (the server stopped and the archive removed afterwards).
    static func withFetch<T>(
        version: APIVersion, data: SimulatorData = Harness.data(), refusals: [String: Int] = [:],
        bareProcessedObjects: Bool = false, adjust: (inout FetchSettings) -> Void = { _ in },
        _ body: (FetchReport, [String: Data], InventoryReader.Result, SimulatorServer, URL) async throws -> T
    ) async throws -> T {
        let api = Harness.api(data: data) {
            $0.faults.refusals = refusals
            $0.faults.bareProcessedObjects = bareProcessedObjects
        }
        return try await withSimulator(api) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server, version: version)
                adjust(&settings)
                let report = try await Fetcher.fetch(settings, into: archive.path)
                let all = Harness.files(archive)
                let prefix = Harness.folder(server) + "/"
                var files: [String: Data] = [:]
                for (path, bytes) in all where path.hasPrefix(prefix) {
                    files[String(path.dropFirst(prefix.count))] = bytes
                }
                let read = await InventoryReader.read(InputList([archive.path]))
                return try await body(report, files, read, server, archive)
            }
        }
    }

    @Test(
        "v1, v5, v7, v8: the snapshot's files, named by time and version, in the version's shape",
        arguments: [APIVersion.v1, .v5, .v7, .v8])
    func snapshotFiles(version: APIVersion) async throws {
        let data = Harness.data()
        try await Self.withFetch(version: version, data: data) { report, files, read, server, archive in
            #expect(report.warnings.isEmpty, "\(report.warnings)")
            #expect(report.notes.isEmpty, "\(report.notes)")
            let prefix = "infrastructure/\(Self.stamp)-\(version)"
            var expected: Set<String> = [
                "\(prefix)-repositories.json", "\(prefix)-proxies.json", "\(prefix)-license.json",
            ]
            if version >= .v6 { expected.insert("\(prefix)-serviceinstance.json") }
            for o in data.organizations { expected.insert("\(prefix)-licensing-\(o.id).json") }
            // The jobs snapshot (the first fetch): the lists' bodies again, named alike.
            for name in files.keys where !name.contains("/") && (name.hasPrefix("jobs") || name.hasPrefix("copyjobs")) {
                expected.insert("\(prefix)-\(name)")
            }
            #expect(expected.contains("\(prefix)-jobs.json"))
            #expect(expected.contains("\(prefix)-copyjobs.json") == (version >= .v6))
            #expect(Set(files.keys.filter { $0.hasPrefix("infrastructure/") }) == expected)
            #expect(report.snapshots == expected.count)
            let repositories = try JSON.parse(Array(try #require(files["\(prefix)-repositories.json"])))
            switch repositories {
            case .array(let items):
                #expect(version < .v8)
                let keys = items.first.map { item -> Set<String> in
                    if case .object(let members) = item { return Set(members.map(\.0)) }
                    return []
                }
                #expect(keys?.contains(version <= .v3 ? "capacity" : "capacityBytes") == true)
            default:
                #expect(version == .v8)
                #expect(repositories["results"] != nil)
            }
            // What was read back is what the simulator generated.
            let infrastructure = read.inventory.infrastructure
            #expect(infrastructure.repositories.map(\.value) == data.infrastructure.repositories(version))
            #expect(infrastructure.repositories.allSatisfy { $0.time == Harness.now.adding(seconds: 0) })
            #expect(infrastructure.proxies.map(\.value) == data.infrastructure.proxies(version))
            #expect(infrastructure.proxies.first { $0.value.hostName == "proxy-02" }?.value.isOffline == true)
            #expect(infrastructure.licenses.first?.value.expires == data.infrastructure.license?.expires)
            #expect(infrastructure.licenses.first?.value.expires == Timestamp(year: 2026, month: 11, day: 27))
            #expect(
                Set(infrastructure.organizationLicensing.map(\.value))
                    == Set(data.organizations.compactMap { data.infrastructure.licensing($0.id) }))
            let filling = try #require(infrastructure.repositories.first)
            #expect(filling.value.capacityBytes == InfrastructureGenerator.diskCapacity)
        }
    }

    @Test(
        "v7, v8: processed objects only for the sessions that did not succeed, with at most N names each",
        arguments: [APIVersion.v7, .v8])
    func processedObjects(version: APIVersion) async throws {
        let data = Harness.data()
        try await Self.withFetch(version: version, data: data, adjust: { $0.processedObjects = 2 }) {
            report, files, read, server, archive in
            let window = Harness.expected(data).compactMap(data.session)
            let unsuccessful = Set(window.filter { $0.status != .success }.map(\.id))
            #expect(!unsuccessful.isEmpty)
            let saved = Set(
                files.keys.filter { $0.hasPrefix("processed/") && !$0.hasPrefix("processed/objects/") }.compactMap {
                    EntityID.firstUUID(in: $0)
                })
            #expect(saved == unsuccessful)
            #expect(report.processedSessions == unsuccessful.count)
            let objects = read.inventory.infrastructure.processedObjects
            for id in unsuccessful {
                let session = try #require(data.session(id))
                #expect(objects[id]?.count == data.infrastructure.processedObjects(session).count)
            }
            // At most 2 names per session, and only of failed or warned objects.
            let names = files.keys.filter { $0.hasPrefix("processed/objects/") }
            let bad = unsuccessful.flatMap { id in
                data.infrastructure.processedObjects(data.session(id)!).filter { $0.status != .success }.prefix(2)
            }
            #expect(names.count == Set(bad.map(\.id)).count)
            #expect(!names.isEmpty)
            for object in bad { #expect(read.inventory.infrastructure.objectNames[object.id] != nil) }

            // None at all with 0.
            try await Self.withFetch(version: version, data: data, adjust: { $0.processedObjects = 0 }) {
                _, none, _, _, _ in
                #expect(!none.keys.contains { $0.hasPrefix("processed/") })
            }
        }
    }

    @Test(
        "v7, v8: processed objects with only id, type and status (no _links): the session from the request, every page saved",
        arguments: [APIVersion.v7, .v8])
    func bareProcessedObjects(version: APIVersion) async throws {
        let data = Harness.data()
        try await Self.withFetch(version: version, data: data, bareProcessedObjects: true) {
            report, files, read, server, archive in
            #expect(report.warnings.isEmpty, "\(report.warnings)")
            let unsuccessful = Set(
                Harness.expected(data).compactMap(data.session).filter { $0.status != .success }.map(\.id))
            #expect(!unsuccessful.isEmpty)
            let saved = Set(
                files.keys.filter { $0.hasPrefix("processed/") && !$0.hasPrefix("processed/objects/") }.compactMap {
                    EntityID.firstUUID(in: $0)
                })
            #expect(saved == unsuccessful)
            #expect(!read.hasErrors, "\(read.diagnostics)")
            for id in unsuccessful {
                let session = try #require(data.session(id))
                #expect(
                    read.inventory.infrastructure.processedObjects[id]?.count
                        == data.infrastructure.processedObjects(session).count)
            }
        }
    }

    @Test(
        "403 or 404 on a resource: one note, a successful fetch, the rest saved",
        arguments: [403, 404])
    func refused(status: Int) async throws {
        let refusals = [
            "proxies": status, "license": status, "organizations/{id}/licensinginformation": status,
            "jobsessions/{id}/processedobjects": status,
        ]
        try await Self.withFetch(version: .v8, refusals: refusals) { report, files, _, server, archive in
            #expect(report.warnings.isEmpty, "\(report.warnings)")
            #expect(report.notes.count == 4, "\(report.notes)")
            for path in [
                "/v8/Proxies ", "/v8/License ", "/v8/Organizations/{id}/LicensingInformation ", "ProcessedObjects ",
            ] {
                #expect(report.notes.filter { $0.contains(path) }.count == 1, "\(path): \(report.notes)")
            }
            #expect(report.notes.allSatisfy { $0.contains(status == 403 ? "refused" : "not served") })
            #expect(files.keys.contains { $0.hasSuffix("-repositories.json") })
            #expect(files.keys.contains { $0.hasSuffix("-serviceinstance.json") })
            #expect(!files.keys.contains { $0.hasSuffix("-proxies.json") || $0.hasPrefix("processed/") })
            #expect(report.sessionsInWindow == Harness.expected(server.api.data).count)
            // The processed objects were asked for once, not once per session.
            #expect(server.api.counters.resources["jobsessions/{id}/processedobjects"] == 1)
        }
    }

    @Test("a later clock: the repository is fuller in the second snapshot, both kept")
    func fillsUp() async throws {
        let first = Harness.data()
        var world = SimulatorData.World(now: Harness.now.adding(seconds: 86_400))
        world.days = 14
        let second = SimulatorData.generated(world)
        try await withTemporaryFolder { archive in
            for (data, now) in [(first, Harness.now), (second, world.now)] {
                try await withSimulator(Harness.api(data: data)) { server in
                    var settings = Harness.settings(server, version: .v8)
                    settings.now = now
                    _ = try await Fetcher.fetch(settings, into: archive.path)
                }
            }
            let read = await InventoryReader.read(InputList([archive.path]))
            let filling = read.inventory.infrastructure.repositories.filter { $0.value.name == "Contoso repository" }
                .sorted { $0.time! < $1.time! }
            #expect(filling.count == 2)
            #expect(filling[1].value.freeSpaceBytes! < filling[0].value.freeSpaceBytes!)
        }
    }

    @Test("retention removes old snapshots and processed objects like logs")
    func retention() async throws {
        try await Self.withFetch(version: .v8) { _, files, _, server, archive in
            await server.stop()
            let folder = archive.appendingPathComponent(Harness.folder(server))
            let old = Date(timeIntervalSinceNow: -40 * 86_400)
            // (Not the jobs snapshot: the newest is never removed, JobSnapshotTests.)
            let snapshot = try #require(
                files.keys.first {
                    $0.hasPrefix("infrastructure/") && JobSnapshotFiles.parse(String($0.dropFirst(15))) == nil
                })
            let processed = try #require(files.keys.first { $0.hasPrefix("processed/") && !$0.contains("/objects/") })
            let object = try #require(files.keys.first { $0.hasPrefix("processed/objects/") })
            for path in [snapshot, processed, object] {
                try FileManager.default.setAttributes(
                    [.modificationDate: old], ofItemAtPath: folder.appendingPathComponent(path).path)
            }
            let removed = try ArchiveRetention.prune(
                archive: archive.path, server: server.baseURL,
                before: Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970) - 30 * 86_400))
            #expect(removed == 3)
            let left = Harness.files(archive)
            for path in [snapshot, processed, object] { #expect(left[Harness.folder(server) + "/" + path] == nil) }
            #expect(left.keys.contains { $0.contains("/infrastructure/") })
        }
    }

    @Test("saved JSON served again (the samples, from v7 links): every failed or warned object's name resolves")
    func storedNamesResolve() async throws {
        let data = try SimulatorData.stored([Fixtures.samples])
        try await Self.withFetch(
            version: .v8, data: data,
            adjust: {
                $0.since = SampleSet.start
                $0.now = SampleSet.morningAfter
            }
        ) { report, files, read, server, archive in
            // The samples' links are v7's (/v7/Organizations/…); served as v8 they must not become
            // /v8//v7/…, which the server does not know (a 404 for each name, before the fix).
            #expect(report.notes.isEmpty, "\(report.notes)")
            let names = files.keys.filter { $0.hasPrefix("processed/objects/") }
            #expect(!names.isEmpty)
            let objects = read.inventory.infrastructure.processedObjects.values.joined()
            #expect(
                objects.allSatisfy { $0.link?.hasPrefix("/v8/Organizations/") ?? true },
                "\(objects.compactMap(\.link).prefix(2))")
            for o in objects where o.status != .success {
                #expect(read.inventory.infrastructure.objectNames[o.id] != nil, "\(o.id)")
            }
        }
    }
}
