import Foundation
import Testing
import VB365Fetching
import VB365Generation
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

/// An archive a fetch from the simulator wrote, with a small restore world, read back.
private enum FetchedArchive {
    static let now = Timestamp(year: 2026, month: 11, day: 23).adding(seconds: 22 * Seconds.hour + 60)
    static let password = "restore-Pässword"

    /// The simulator's data: its job world, and a restore world whose night export takes 40 items.
    static func data() throws -> SimulatorData {
        var data = SimulatorData.generated(SimulatorData.World(now: now))
        var settings = RestoreGenerator.Settings(now: now)
        settings.exportItems = 40
        settings.exportBytes = 53_600_000
        data.restores = RestoreGenerator(settings: settings, protection: try #require(data.protection))
        return data
    }

    /// Fetches every restore session of `data` (and the job sessions of a day) into `archive`
    /// with `version`, in pages of 10; returns the server's folder in the archive.
    static func fetch(_ data: SimulatorData, into archive: URL, version: APIVersion = .v8) async throws -> URL {
        var configuration = SimulatorAPI.Configuration()
        configuration.password = password
        let api = SimulatorAPI(data: data, configuration: configuration)
        return try await withSimulator(api) { server in
            // A first fetch lists restore sessions from its history start: 30 days, the whole world.
            var settings = FetchSettings(
                server: server.baseURL, credentials: .password(username: "vb365\\admin", password: password),
                since: now.adding(seconds: -30 * Seconds.day), now: now)
            settings.version = version
            settings.limits.pageSize = 10
            settings.logs = .none
            settings.flushesArchive = false
            let report = try await Fetcher.fetch(settings, into: archive.path)
            #expect(report.warnings.isEmpty, "\(report.warnings)")
            return archive.appendingPathComponent(report.folder)
        }
    }
}

@Suite("restore sessions and their events read from an archive")
struct RestoreReadingTests {
    @Test("a fetched archive: the world's sessions, oldest first, each with its events; the incidents as made")
    func fetchedArchive() async throws {
        let data = try FetchedArchive.data()
        let world = try #require(data.restores)
        try await withTemporaryFolder { archive in
            let folder = try await FetchedArchive.fetch(data, into: archive)
            let events = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/restores/events")
            #expect(events.contains { $0.hasSuffix("-p5.json") }, "the export's 41 events in pages of 10")

            let read = await InventoryReader.read(InputList([archive.path]))
            #expect(!read.hasErrors, "\(read.diagnostics)")
            #expect(!read.diagnostics.contains { $0.path?.contains("/restores/") == true }, "\(read.diagnostics)")
            let inventory = read.inventory
            #expect(inventory.servers.count == 1)
            let activity = inventory.restoreActivity
            #expect(activity.map(\.session) == world.sessions)
            #expect(activity.allSatisfy { $0.server == 0 })
            for record in activity {
                #expect(record.events == world.events(ofSession: record.session.id), "\(record.session.id)")
            }
            #expect(inventory.restoreSessionCount == world.sessions.count)
            #expect(inventory.duplicateRestoreSessions == 0)
            #expect(inventory.restoreEventsOfUnreadSessions == (0, 0))
            // Job sessions are read beside them, as ever.
            #expect(!inventory.sessions.isEmpty && inventory.logItems.isEmpty)

            #expect(world.incidents.map(\.kind) == RestoreIncident.Kind.allCases)
            for incident in world.incidents {
                let record = try #require(activity.first { $0.session.id == incident.session.id })
                #expect(record.session == incident.session)
                let items = record.events.filter { $0.type != RestoreEventType.none }
                #expect(items.count == incident.items, "\(incident.kind)")
                let done = items.filter { $0.status == .success }.compactMap(\.itemSizeBytes).reduce(0, +)
                #expect(done == incident.bytes, "\(incident.kind)")
                #expect(items.first?.source == incident.source && items.first?.target == incident.target)
                #expect(record.events.map(\.order) == record.events.map(\.order).sorted { ($0 ?? 0) < ($1 ?? 0) })
            }
            let export = try #require(activity.first { $0.session.id == world.incident(.nightExport)?.session.id })
            #expect(export.session.initiatedBy == "CONTOSO\\svc-temp" && export.session.reason == nil)
            #expect(export.events.filter { $0.type == .export }.count == 40)
            let failed = try #require(activity.first { $0.session.id == world.incident(.failedExport)?.session.id })
            #expect(failed.session.result == .failed && failed.events.last?.status == .failed)
        }
    }

    @Test("v6: the same sessions and events, without what only v8 sends")
    func version6() async throws {
        let data = try FetchedArchive.data()
        let world = try #require(data.restores)
        try await withTemporaryFolder { archive in
            _ = try await FetchedArchive.fetch(data, into: archive, version: .v6)
            let read = await InventoryReader.read(InputList([archive.path]))
            #expect(!read.hasErrors, "\(read.diagnostics)")
            let activity = read.inventory.restoreActivity
            #expect(activity.map(\.session.id) == world.sessions.map(\.id))
            #expect(activity.allSatisfy { $0.session.eTag == nil && $0.session.initiatedBy != nil })
            #expect(activity.map(\.events.count) == world.sessions.map { world.eventCount(ofSession: $0.id) ?? -1 })
        }
    }

    @Test("a copy read twice merges: the newer session, each event once; another server's same id kept apart")
    func duplicates() async throws {
        let data = try FetchedArchive.data()
        let world = try #require(data.restores)
        try await withTemporaryFolder { archive in
            let folder = try await FetchedArchive.fetch(data, into: archive)
            let fm = FileManager.default
            // A copy of the whole restores folder, as an older fetch of the same server left it:
            // the export still working (no end, a lower eTag).
            let export = try #require(world.incident(.nightExport)).session
            let pages = try fm.contentsOfDirectory(atPath: folder.path + "/restores").filter { $0.hasSuffix(".json") }
            for name in pages {
                let text = try String(contentsOfFile: folder.path + "/restores/" + name, encoding: .utf8)
                var page = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                var results = try #require(page["results"] as? [[String: Any]])
                for i in results.indices where results[i]["id"] as? String == export.id.description {
                    results[i]["state"] = "Working"
                    results[i]["endTime"] = NSNull()
                    results[i]["eTag"] = 2
                }
                page["results"] = results
                try JSONSerialization.data(withJSONObject: page).write(
                    to: URL(fileURLWithPath: folder.path + "/restores/0-older-" + name))
            }
            // The export's first page of events saved twice, under another name.
            try fm.copyItem(
                atPath: folder.path + "/restores/events/\(export.id).json",
                toPath: folder.path + "/restores/events/copy-of-\(export.id).json")
            // Another server holding the same ids (a restored configuration database).
            let other = archive.appendingPathComponent("servers/vbo2.example.com_4443")
            try fm.createDirectory(at: other, withIntermediateDirectories: true)
            try fm.copyItem(at: folder.appendingPathComponent("restores"), to: other.appendingPathComponent("restores"))

            let read = await InventoryReader.read(InputList([archive.path]))
            #expect(!read.hasErrors, "\(read.diagnostics)")
            let inventory = read.inventory
            #expect(inventory.servers.count == 2)
            #expect(inventory.restoreSessionCount == 2 * world.sessions.count)
            #expect(inventory.duplicateRestoreSessions == 2 * world.sessions.count)
            for server in [Int16(0), 1] {
                let own = inventory.restoreActivity.filter { $0.server == server }
                #expect(own.map(\.session) == world.sessions, "server \(server)")
                let record = try #require(own.first { $0.session.id == export.id })
                #expect(record.session.isFinished && record.session == export)
                #expect(record.events == world.events(ofSession: export.id))
            }
        }
    }

    @Test("merging: the higher eTag, else the later end, else finished over working; events once each")
    func mergeRules() {
        let id = EntityID("61954db6-7278-4d26-86f7-888bda5a4ec4")
        var working = RestoreSession(id: id)
        working.creationTime = Timestamp(year: 2026, month: 11, day: 23, hour: 1)
        working.state = .working
        var stopped = working
        stopped.state = .stopped
        var ended = stopped
        ended.endTime = Timestamp(year: 2026, month: 11, day: 23, hour: 2)
        var later = ended
        later.endTime = Timestamp(year: 2026, month: 11, day: 23, hour: 3)
        var newer = working
        newer.eTag = 9
        var older = later
        older.eTag = 3
        for (first, second, kept) in [
            (working, stopped, stopped), (stopped, working, stopped), (working, ended, ended), (later, ended, later),
            (ended, later, later), (older, newer, newer), (newer, older, newer), (stopped, stopped, stopped),
        ] {
            var inventory = Inventory()
            inventory.addRestoreSession(first)
            inventory.addRestoreSession(second)
            #expect(inventory.restoreActivity.map(\.session) == [kept])
            #expect(inventory.duplicateRestoreSessions == 1)
        }

        var inventory = Inventory()
        var start = RestoreEvent(sessionID: id, id: EntityID("a0000000-0000-4000-8000-000000000000"))
        start.order = 0
        var item = RestoreEvent(sessionID: id, id: EntityID("a0000000-0000-4000-8000-000000000001"))
        item.order = 1
        item.status = .running
        var done = item
        done.status = .success
        // Events before their session, out of order, twice; the running copy gives way.
        inventory.addRestoreEvents([item, start])
        #expect(inventory.restoreEventsOfUnreadSessions == (2, 1))
        inventory.addRestoreEvents([done, start, item])
        inventory.addRestoreSession(working)
        #expect(inventory.restoreEventsOfUnreadSessions == (0, 0))
        #expect(inventory.restoreActivity.first?.events == [start, done])
    }

    @Test("hostile and damaged restore files: unreadable with a reason and a place, or warnings; never a crash")
    func hostile() async throws {
        let data = try FetchedArchive.data()
        try await withTemporaryFolder { archive in
            let folder = try await FetchedArchive.fetch(data, into: archive)
            let restores = folder.path + "/restores"
            let page = try #require(
                try FileManager.default.contentsOfDirectory(atPath: restores).first { $0.hasSuffix(".json") })
            let whole = try String(contentsOfFile: restores + "/" + page, encoding: .utf8)
            let session = "61954db6-7278-4d26-86f7-888bda5a4ec4"
            let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
            try Fixtures.write(
                [
                    // Cut off half way, as an interrupted copy leaves it.
                    "restores/x-truncated.json": String(whole.prefix(whole.count / 2)),
                    // Nested far deeper than any VB365 body.
                    "restores/x-deep.json": #"{"results":[{"id":"\#(session)","initiatedBy":"x","details":\#(deep)}]}"#,
                    // Wrong types, a negative size, an unreadable time, no id: warnings.
                    "restores/x-odd.json":
                        #"{"offset":0,"limit":30,"results":[{"id":"\#(session)","initiatedBy":true,"creationTime":"yesterday","state":["Working"],"eTag":-1},{"initiatedBy":"CONTOSO\\x"}]}"#,
                    "restores/events/\(session).json":
                        #"{"offset":0,"limit":30,"results":[{"id":"e1","order":"first","status":"Success","itemName":"Budget.xlsx","itemSizeBytes":-5,"startTime":12}]}"#,
                    // Events that name no session, in a file that names none either.
                    "restores/events/unnamed.json": #"[{"id":"e2","order":1,"status":"Success","itemName":"x"}]"#,
                ], to: folder)
            // Invalid UTF-8 inside a string.
            var bytes = Array(#"{"results":[{"id":"\#(session)","initiatedBy":""#.utf8)
            bytes += [0xC3, 0x28, 0xFF]
            bytes += Array(#""}]}"#.utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: restores + "/x-bad-bytes.json"))

            let read = await InventoryReader.read(InputList([archive.path]), strict: false)
            #expect(!read.hasErrors)
            let unreadable = Dictionary(
                uniqueKeysWithValues: read.inventory.unreadableFiles.map {
                    (URL(fileURLWithPath: $0.path).lastPathComponent, $0)
                })
            #expect(Set(unreadable.keys) == ["x-truncated.json", "x-deep.json", "x-bad-bytes.json"], "\(unreadable)")
            for file in unreadable.values {
                #expect(file.line != nil && file.column != nil && !file.reason.isEmpty)
                #expect(file.server?.hasPrefix("127.0.0.1:") == true)
            }
            #expect(unreadable["x-truncated.json"]?.reason.contains("unexpected end of input") == true)
            let warnings = read.diagnostics.filter { $0.level == .warning }.map(\.description)
            #expect(warnings.contains { $0.contains("x-odd.json") && $0.contains("creationTime") })
            #expect(warnings.contains { $0.contains("x-odd.json") && $0.contains("without an id") })
            #expect(warnings.contains { $0.contains("x-odd.json") && $0.contains("initiatedBy should be a string") })
            #expect(warnings.contains { $0.contains("\(session).json") && $0.contains("itemSizeBytes") })
            #expect(warnings.contains { $0.contains("unnamed.json") && $0.contains("name no restore session") })

            // The odd session and its odd event are read for what they hold; the rest as fetched.
            let activity = read.inventory.restoreActivity
            #expect(activity.count == data.restores!.sessions.count + 1)
            let odd = try #require(activity.first { $0.session.id == EntityID(session) })
            #expect(odd.session.creationTime == nil && odd.session.initiatedBy == nil && odd.session.state == nil)
            #expect(odd.events.map(\.itemName) == ["Budget.xlsx"] && odd.events.first?.itemSizeBytes == nil)
            #expect(activity.last?.session.id == EntityID(session), "no creation time: last")
        }
    }
}
