import Foundation
import Testing
import VB365Decoding
import VB365Generation
import VB365Model
import VB365Simulator
import VB365TestSupport

/// A logged-in client of a simulator, for the restore resources.
private struct RestoreClient {
    var client: Client

    /// Logs in to `server` with `version`.
    static func login(_ server: SimulatorServer, _ version: APIVersion) async throws -> RestoreClient {
        var client = Client(server: server)
        try await client.login(version)
        return RestoreClient(client: client)
    }

    /// The status and body of a GET.
    func get(_ path: String) async throws -> (Int, [UInt8]) {
        let (status, body, _) = try await client.call(.GET, path)
        return (status, body)
    }

    /// Every session of a list, page by page as a fetcher reads it: each body decoded alone, the
    /// next page from its `next` link.
    func sessions(_ path: String) async throws -> (values: [RestoreSession], pages: Int) {
        var values: [RestoreSession] = []
        var next: String? = path
        var pages = 0
        while let target = next, pages < 1_000 {
            let (status, body) = try await get(target)
            #expect(status == 200, "\(target)")
            let page = try RestoreDecoder.sessions(body)
            #expect(page.warnings.isEmpty, "\(target): \(page.warnings)")
            values += page.values
            pages += 1
            next = page.next
        }
        return (values, pages)
    }

    /// Every event of a session, page by page: each body decoded alone, the next page asked for at
    /// the offset the page gives.
    func events(_ version: APIVersion, _ session: EntityID, limit: Int) async throws -> (
        values: [RestoreEvent], pages: Int
    ) {
        var values: [RestoreEvent] = []
        var offset: Int? = 0
        var pages = 0
        while let start = offset, pages < 1_000 {
            let (status, body) = try await get(
                "/\(version)/RestoreSessions/\(session)/Events?offset=\(start)&limit=\(limit)")
            #expect(status == 200)
            let page = try RestoreDecoder.events(body, sessionID: session)
            #expect(page.warnings.isEmpty && page.offset == start && page.limit == limit)
            values += page.values
            pages += 1
            offset = page.nextOffset
        }
        return (values, pages)
    }
}

/// The string a JSON value holds, if it is one.
private func string(_ value: JSON?) -> String? {
    if case .string(let s)? = value { return s }
    return nil
}

@Suite("the simulator serves restore sessions and their events from v6 to v8")
struct SimulatorRestoreTests {
    /// The data every test serves, and its restore world.
    static func world() throws -> (SimulatorData, RestoreGenerator) {
        let data = Harness.data()
        return (data, try #require(data.restores))
    }

    @Test(
        "every restore body conforms to its version's schema",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func conforms(version: APIVersion) async throws {
        let (validator, specPaths) = try SimulatorProtectionTests.validator(version)
        let (data, world) = try Self.world()
        let v = "/\(version)"
        var checks: [(String, String)] = [("\(v)/RestoreSessions?limit=10000", "\(v)/RestoreSessions")]
        let ordinary = try #require(world.sessions.first { s in !world.incidents.contains { $0.session.id == s.id } })
        for session in world.incidents.map(\.session) + [ordinary] {
            let id = session.id
            checks.append(("\(v)/RestoreSessions/\(id)", "\(v)/RestoreSessions/{restoreSessionId}"))
            checks.append(
                ("\(v)/RestoreSessions/\(id)/Events?limit=50", "\(v)/RestoreSessions/{restoreSessionId}/Events"))
            let event = try #require(world.event(ofSession: id, at: 1))
            checks.append(
                (
                    "\(v)/RestoreSessions/\(id)/Events/\(event.id)",
                    "\(v)/RestoreSessions/{restoreSessionId}/Events/{eventId}"
                ))
        }
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await RestoreClient.login(server, version)
            for (path, template) in checks {
                let (status, body) = try await client.get(path)
                #expect(status == 200, "\(path)")
                let problems = validator.problems(
                    try JSON.parse(body), try SimulatorProtectionTests.schema(specPaths, template))
                #expect(problems.isEmpty, "\(version) \(path): \(problems.prefix(5))")
            }
        }
    }

    @Test("v5 and earlier answer 404; an unknown session or event answers 404 in the error shape")
    func versions() async throws {
        let (data, world) = try Self.world()
        let export = try #require(world.incident(.nightExport)).session.id
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await RestoreClient.login(server, .v8)
            for version in APIVersion.allCases {
                for path in ["RestoreSessions", "RestoreSessions/\(export)", "RestoreSessions/\(export)/Events"] {
                    let status = try await client.get("/\(version)/\(path)").0
                    #expect(status == (version >= .v6 ? 200 : 404), "\(version) \(path)")
                }
            }
            let unknown = UUID().uuidString
            let (status, body) = try await client.get("/v8/RestoreSessions/\(unknown)")
            let error = try JSON.parse(body)
            #expect(status == 404 && string(error["errorCode"]) == "ResourceNotFound")
            #expect(string(error["message"])?.contains("was not found") == true)
            #expect(try await client.get("/v6/RestoreSessions/\(unknown)/Events").0 == 404)
            #expect(try await client.get("/v7/RestoreSessions/not-an-id").0 == 404)
            #expect(try await client.get("/v8/RestoreSessions/\(export)/Events/\(unknown)").0 == 404)
            #expect(try await client.get("/v8/RestoreSessions/\(export)/Items").0 == 404)
        }
    }

    @Test("startTimeFrom and startTimeTo filter creation times, both inclusive; v8 also end times and order")
    func filters() async throws {
        let (data, world) = try Self.world()
        let export = try #require(world.incident(.nightExport)).session
        let created = try #require(export.creationTime).iso8601
        let ended = try #require(export.endTime).iso8601
        let all = world.sessions
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await RestoreClient.login(server, .v8)
            for version in [APIVersion.v6, .v7, .v8] {
                let v = "/\(version)/RestoreSessions"
                let exact = try await client.sessions("\(v)?startTimeFrom=\(created)&startTimeTo=\(created)").values
                #expect(exact.map(\.id) == [export.id], "\(version)")
                let from = try await client.sessions("\(v)?startTimeFrom=\(created)&limit=3").values
                #expect(from.count == all.filter { $0.creationTime! >= export.creationTime! }.count && from.count >= 2)
                let to = try await client.sessions("\(v)?startTimeTo=\(created)&limit=9").values
                #expect(to.count == all.filter { $0.creationTime! <= export.creationTime! }.count)
                #expect(to.first?.id == export.id, "newest first")
                let byEnd = try await client.sessions("\(v)?endTimeFrom=\(ended)&endTimeTo=\(ended)").values
                #expect(byEnd.count == (version == .v8 ? 1 : all.count), "\(version): only v8 filters on end times")
                #expect(try await client.get("\(v)?startTimeFrom=yesterday").0 == 400)
            }
            let oldest = try await client.sessions("/v8/RestoreSessions?orderAsc=true&limit=10000").values
            #expect(oldest.map(\.id) == all.map(\.id))
            let newest = try await client.sessions("/v8/RestoreSessions?limit=10000").values
            #expect(newest.map(\.id) == all.reversed().map(\.id))
            let byEndTime = try await client.sessions("/v8/RestoreSessions?orderBy=EndTime&limit=10000").values
            #expect(byEndTime.compactMap(\.endTime) == all.compactMap(\.endTime).sorted())
            #expect(try await client.get("/v8/RestoreSessions?orderBy=Name").0 == 400)
            #expect(try await client.get("/v8/RestoreSessions?endTimeTo=soon").0 == 400)
        }
    }

    @Test("paging: next links through every page, totalCount in v6 and v7 only, the same sessions as the world")
    func paging() async throws {
        let (data, world) = try Self.world()
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await RestoreClient.login(server, .v8)
            for version in [APIVersion.v6, .v7, .v8] {
                let (values, pages) = try await client.sessions("/\(version)/RestoreSessions?limit=7")
                #expect(pages == (world.sessions.count + 6) / 7)
                #expect(
                    values
                        == world.sessions.reversed().map { s in
                            var s = s
                            if version < .v8 { s.eTag = nil }
                            return s
                        })
                let (_, body) = try await client.get("/\(version)/RestoreSessions?limit=7&offset=7")
                let page = try RestoreDecoder.sessions(body)
                #expect(page.totalCount == (version < .v8 ? world.sessions.count : nil))
                #expect(page.offset == 7 && page.values.count == 7)
                let (_, past) = try await client.get("/\(version)/RestoreSessions?offset=100000")
                let empty = try RestoreDecoder.sessions(past)
                #expect(empty.values.isEmpty && empty.next == nil && empty.nextOffset == nil)
            }
        }
    }

    @Test("events: the night's export in pages of 1,000, every item, its bytes; the failed export's last event")
    func events() async throws {
        let (data, world) = try Self.world()
        let export = try #require(world.incident(.nightExport))
        let failed = try #require(world.incident(.failedExport))
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await RestoreClient.login(server, .v8)
            let (values, pages) = try await client.events(.v8, export.session.id, limit: 1_000)
            #expect(pages == 6 && values.count == 5_001)
            #expect(values.compactMap(\.order) == Array(0...5_000))
            #expect(values == world.events(ofSession: export.session.id))
            let items = values.filter { $0.type == .export }
            #expect(items.count == export.items && items.allSatisfy { $0.status == .success })
            #expect(items.reduce(Int64(0)) { $0 + ($1.itemSizeBytes ?? 0) } == export.bytes)
            #expect(Set(items.compactMap(\.target)) == [export.target])
            #expect(items.allSatisfy { $0.userID != nil && $0.organizationID == export.organizationID })
            let v6 = try await client.events(.v6, failed.session.id, limit: 30).values
            #expect(v6.count == 402 && v6.last?.status == .failed && v6.allSatisfy { $0.userID == nil })
            let other = try #require(world.incident(.restoreToOtherMailbox))
            let restored = try await client.events(.v7, other.session.id, limit: 10_000).values.dropFirst()
            #expect(restored.count == other.items && restored.allSatisfy { $0.source != $0.target })
            let one = try #require(world.event(ofSession: failed.session.id, at: 401))
            let (status, body) = try await client.get("/v8/RestoreSessions/\(failed.session.id)/Events/\(one.id)")
            #expect(status == 200)
            #expect(try RestoreDecoder.events(body, sessionID: failed.session.id).values == [one])
            let (_, session) = try await client.get("/v8/RestoreSessions/\(failed.session.id)")
            #expect(try RestoreDecoder.sessions(session).values == [failed.session])
        }
    }
}
