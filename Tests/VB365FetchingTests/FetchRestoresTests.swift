import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

/// A simulator world whose restore activity is small enough for pages of 4.
enum RestoreWorld {
    /// The job world of `Harness.data()` with a restore world at `now`: `days` of ordinary
    /// restores and, with `incidents`, the incidents, the night's export taking `exportItems`.
    static func data(
        now: Timestamp = Harness.now, days: Int = 21, exportItems: Int = 30, incidents: Bool = true
    ) throws -> SimulatorData {
        var data = Harness.data()
        var settings = RestoreGenerator.Settings(now: now)
        settings.days = days
        settings.exportItems = exportItems
        settings.exportBytes = Int64(exportItems) * 1_340_000
        settings.incidents = incidents
        data.restores = RestoreGenerator(settings: settings, protection: try #require(data.protection))
        return data
    }

    /// The fetch settings of `Harness.settings` with restore sessions on.
    static func settings(_ server: SimulatorServer, version: APIVersion? = .v8) -> FetchSettings {
        var settings = Harness.settings(server, version: version)
        settings.restores = true
        return settings
    }

    /// The files below the server's folder of `archive`, by their path in that folder.
    static func files(_ archive: URL, _ server: SimulatorServer) -> [String: Data] {
        let prefix = Harness.folder(server) + "/"
        var files: [String: Data] = [:]
        for (path, bytes) in Harness.files(archive) where path.hasPrefix(prefix) {
            files[String(path.dropFirst(prefix.count))] = bytes
        }
        return files
    }

    /// Requests of the events of any restore session so far.
    static func eventRequests(_ server: SimulatorServer) -> Int {
        server.api.counters.resources["restoresessions/{id}/events"] ?? 0
    }
}

@Suite("fetch restore sessions and their events (v6+)")
struct FetchRestoresTests {
    @Test(
        "v6 and v8: the sessions since the history start in pages, every session's events in its own files",
        arguments: [APIVersion.v6, .v8])
    func firstFetch(version: APIVersion) async throws {
        let data = try RestoreWorld.data()
        let world = try #require(data.restores)
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(
                    RestoreWorld.settings(server, version: version), into: archive.path)
                #expect(report.warnings.isEmpty, "\(report.warnings)")
                #expect(report.restoresSince == Harness.since)
                let listed = world.sessions.filter { $0.creationTime! >= Harness.since }
                #expect(listed.count >= 4, "the incidents at least")
                #expect(report.restoreSessions == listed.count)
                #expect(report.restoreEvents == listed.count)
                #expect(FetchReport.sentence(report, archive: "a").contains("\(listed.count) restore sessions"))

                let files = RestoreWorld.files(archive, server)
                let pages = files.keys.filter { $0.hasPrefix("restores/") && !$0.hasPrefix("restores/events/") }
                #expect(pages.count == (listed.count + 3) / 4, "\(pages.sorted())")
                let stamp = Fetcher.stamp(Harness.now)
                #expect(pages.sorted().first == "restores/\(stamp)-\(version)-p0001.json")
                for session in listed {
                    let count = try #require(world.eventCount(ofSession: session.id))
                    // Pages of 4 (a last page as full as its limit asks once more, and saves no empty one).
                    let written = files.keys.filter { $0.hasPrefix("restores/events/\(session.id)") }
                    #expect(written.count == (count + 3) / 4, "\(session.id)")
                    #expect(files["restores/events/\(session.id).json"] != nil)
                }
                let export = try #require(world.incident(.nightExport))
                #expect(files["restores/events/\(export.session.id)-p8.json"] != nil, "31 events in pages of 4")
                #expect(!files.keys.contains { $0.contains(".partial") })

                let read = await InventoryReader.read(InputList([archive.path]))
                #expect(!read.hasErrors, "\(read.diagnostics)")
                let activity = read.inventory.restoreActivity
                #expect(activity.map(\.session.id) == listed.map(\.id))
                for record in activity {
                    var expected = try #require(world.events(ofSession: record.session.id))
                    if version < .v8 {
                        // v6 and v7 events have no organization, user, site, team or group.
                        expected = expected.map { e in
                            var e = e
                            (e.organizationID, e.backedUpOrganizationID) = (nil, nil)
                            (e.userID, e.siteID, e.teamID, e.groupID) = (nil, nil, nil, nil)
                            return e
                        }
                    }
                    #expect(record.events == expected, "\(record.session.id)")
                }
            }
        }
    }

    @Test("a second fetch lists from the newest session less a day, and fetches no finished session's events again")
    func secondFetch() async throws {
        let data = try RestoreWorld.data()
        let world = try #require(data.restores)
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                var settings = RestoreWorld.settings(server)
                settings.limits.pageSize = 1000
                let first = try await Fetcher.fetch(settings, into: archive.path)
                let events = RestoreWorld.eventRequests(server)
                #expect(events == first.restoreSessions && events > 0)
                settings.now = Harness.now.adding(seconds: 3600)
                let second = try await Fetcher.fetch(settings, into: archive.path)
                #expect(second.warnings.isEmpty, "\(second.warnings)")
                let newest = try #require(world.sessions.last?.creationTime)
                #expect(second.restoresSince == newest.adding(seconds: -Seconds.day))
                #expect(
                    second.restoreSessions == world.sessions.filter { $0.creationTime! >= second.restoresSince! }.count)
                #expect(second.restoreEvents == 0)
                #expect(RestoreWorld.eventRequests(server) == events, "no events asked for again")
                #expect(server.api.counters.resources["restoresessions"] == 2)
                // The second page of sessions is saved beside the first; read, each session counts once.
                let pages = RestoreWorld.files(archive, server).keys.filter {
                    $0.hasPrefix("restores/") && !$0.hasPrefix("restores/events/")
                }
                #expect(pages.count == 2)
                let read = await InventoryReader.read(InputList([archive.path]))
                #expect(read.inventory.restoreSessionCount == first.restoreSessions)
                #expect(read.inventory.duplicateRestoreSessions == second.restoreSessions)
            }
        }
    }

    @Test("a later fetch: events of the new sessions and of one still working at the last fetch, of no other")
    func newAndUnfinished() async throws {
        let later = Harness.now.adding(seconds: 2 * Seconds.day)
        let before = try RestoreWorld.data(incidents: false)
        // Two days more of the same world: the same sessions (same ids), and those of two workdays.
        let after = try RestoreWorld.data(now: later, days: 23, incidents: false)
        let old = try #require(before.restores).sessions
        let all = try #require(after.restores).sessions
        try #require(Array(all.prefix(old.count)) == old)
        let added = all.dropFirst(old.count)
        try #require(!added.isEmpty)
        let newest = try #require(old.last?.creationTime)
        let firstSince = Harness.now.adding(seconds: -10 * Seconds.day)
        // A session still working at the first fetch: older than the overlap, within the week.
        let working = try #require(
            old.last {
                $0.creationTime! < newest.adding(seconds: -Seconds.day)
                    && $0.creationTime! >= later.adding(seconds: -6 * Seconds.day)
            })
        try await withTemporaryFolder { archive in
            let (settings, firstFolder) = try await withSimulator(Harness.api(data: before)) { server in
                var s = RestoreWorld.settings(server)
                s.limits.pageSize = 1000
                s.since = firstSince
                let first = try await Fetcher.fetch(s, into: archive.path)
                #expect(first.warnings.isEmpty, "\(first.warnings)")
                return (s, Harness.folder(server))
            }
            try await withSimulator(Harness.api(data: after)) { server in
                // The same server's archive, as if it had answered at the same address.
                let fm = FileManager.default
                let restores = archive.appendingPathComponent(Harness.folder(server) + "/restores")
                try fm.createDirectory(
                    at: restores.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: archive.appendingPathComponent(firstFolder + "/restores"), to: restores)
                try Self.markWorking(working.id, in: restores)

                var s = settings
                s.server = server.baseURL
                s.now = later
                s.since = later.adding(seconds: -Seconds.day)
                let report = try await Fetcher.fetch(s, into: archive.path)
                #expect(report.warnings.isEmpty, "\(report.warnings)")
                #expect(report.restoresSince == working.creationTime)
                #expect(report.restoreEvents == added.count + 1)
                #expect(RestoreWorld.eventRequests(server) == added.count + 1)
                let files = RestoreWorld.files(archive, server)
                for session in added { #expect(files["restores/events/\(session.id).json"] != nil) }

                let read = await InventoryReader.read(
                    InputList([archive.appendingPathComponent(Harness.folder(server)).path]))
                #expect(!read.hasErrors, "\(read.diagnostics)")
                let activity = read.inventory.restoreActivity
                #expect(activity.map(\.session.id) == all.filter { $0.creationTime! >= firstSince }.map(\.id))
                let refreshed = try #require(activity.first { $0.session.id == working.id })
                #expect(refreshed.session == working, "the finished copy wins over the working one")
            }
        }
    }

    /// Rewrites the copy of session `id` in the pages of `folder` as still working: no end, a
    /// lower eTag.
    static func markWorking(_ id: EntityID, in folder: URL) throws {
        var found = false
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            let url = folder.appendingPathComponent(name)
            guard var page = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                var results = page["results"] as? [[String: Any]]
            else { continue }
            for i in results.indices where (results[i]["id"] as? String) == id.description {
                results[i]["state"] = "Working"
                results[i]["endTime"] = NSNull()
                results[i]["eTag"] = 1
                found = true
            }
            page["results"] = results
            try JSONSerialization.data(withJSONObject: page).write(to: url)
        }
        #expect(found, "\(id) is in a page")
    }

    @Test("v5 and earlier, or restores turned off: no restore request, no warning", arguments: [false, true])
    func notAsked(turnedOff: Bool) async throws {
        let data = try RestoreWorld.data()
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                var settings = RestoreWorld.settings(server, version: turnedOff ? .v8 : .v5)
                settings.restores = !turnedOff
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.warnings.isEmpty, "\(report.warnings)")
                #expect(report.notes.allSatisfy { !$0.lowercased().contains("restore") }, "\(report.notes)")
                #expect(report.restoresSince == nil && report.restoreSessions == 0)
                #expect(!server.api.counters.resources.keys.contains { $0.hasPrefix("restoresessions") })
                #expect(!RestoreWorld.files(archive, server).keys.contains { $0.hasPrefix("restores/") })
                #expect(report.sessionsInWindow > 0)
            }
        }
    }

    @Test(
        "a list refused (403), not found (404) or not implemented (501): one warning, the fetch succeeds",
        arguments: [403, 404, 501])
    func listRefused(status: Int) async throws {
        let data = try RestoreWorld.data()
        try await withSimulator(Harness.api(data: data) { $0.faults.refusals = ["restoresessions": status] }) {
            server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(RestoreWorld.settings(server), into: archive.path)
                #expect(report.warnings.count == 1, "\(report.warnings)")
                let warning = try #require(report.warnings.first)
                #expect(warning.contains("/v8/RestoreSessions") && warning.contains("\(status)"), "\(warning)")
                #expect(warning.contains("were not fetched"))
                #expect(report.restoreSessions == 0 && report.sessionsInWindow > 0 && report.logs > 0)
                #expect(RestoreWorld.eventRequests(server) == 0)
                #expect(!RestoreWorld.files(archive, server).keys.contains { $0.hasPrefix("restores/") })
            }
        }
    }

    @Test("events refused: a warning naming each session, the sessions' pages saved, the fetch succeeds")
    func eventsRefused() async throws {
        let data = try RestoreWorld.data()
        let api = Harness.api(data: data) { $0.faults.refusals = ["restoresessions/{id}/events": 403] }
        try await withSimulator(api) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(RestoreWorld.settings(server), into: archive.path)
                #expect(report.restoreSessions > 0 && report.restoreEvents == 0)
                #expect(report.warnings.count == report.restoreSessions, "\(report.warnings)")
                let listed = try #require(data.restores).sessions.filter { $0.creationTime! >= Harness.since }
                for session in listed {
                    #expect(report.warnings.contains { $0.contains("restore session \(session.id) were not saved") })
                }
                let files = RestoreWorld.files(archive, server)
                #expect(files.keys.contains { $0.hasPrefix("restores/2") })
                #expect(!files.keys.contains { $0.hasPrefix("restores/events/") })
                // The next fetch asks for the events again of those it lists: none was saved yet.
                let again = try await Fetcher.fetch(RestoreWorld.settings(server), into: archive.path)
                #expect(again.restoreSessions > 0 && again.warnings.count == again.restoreSessions)
            }
        }
    }

    @Test("retention removes restore pages and events written before the cutoff, like logs")
    func retention() async throws {
        let data = try RestoreWorld.data()
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                _ = try await Fetcher.fetch(RestoreWorld.settings(server), into: archive.path)
                let folder = archive.appendingPathComponent(Harness.folder(server))
                let restores = RestoreWorld.files(archive, server).keys.filter { $0.hasPrefix("restores/") }
                #expect(restores.count > 10)
                let old = Date(timeIntervalSinceNow: -40 * 86_400)
                for path in restores {
                    try FileManager.default.setAttributes(
                        [.modificationDate: old], ofItemAtPath: folder.appendingPathComponent(path).path)
                }
                let removed = try ArchiveRetention.prune(
                    archive: archive.path, server: server.baseURL,
                    before: Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970) - 30 * 86_400))
                #expect(removed == restores.count)
                let left = RestoreWorld.files(archive, server)
                #expect(!left.keys.contains { $0.hasPrefix("restores/") })
                #expect(left.keys.contains { $0.hasPrefix("sessions/") })
            }
        }
    }

    @Test("events are fetched a few sessions at a time: up to --concurrency in flight, one with 1", arguments: [1, 4])
    func concurrency(concurrency: Int) async throws {
        let data = try RestoreWorld.data()
        try await withSimulator(Harness.api(data: data) { $0.faults.delayMilliseconds = 40 }) { server in
            try await withTemporaryFolder { archive in
                var settings = RestoreWorld.settings(server)
                settings.limits.pageSize = 1000
                settings.limits.concurrency = concurrency
                settings.logs = .none
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.restoreEvents >= 4)
                let most = server.api.counters.maximumInFlight["restoresessions/{id}/events"] ?? 0
                if concurrency == 1 {
                    #expect(most == 1)
                } else {
                    #expect(most > 1 && most <= concurrency, "\(most) in flight")
                }
            }
        }
    }
}
