import Foundation
import Testing
import VB365Decoding
import VB365Generation
import VB365Model
import VB365TestSupport

@Suite("Generated restore activity: ordinary restores, the incidents, and their wire shapes in v6 to v8")
struct RestoreWireTests {
    /// The server's clock: Monday 2026-11-23, 22:01 UTC (23:01 in Berlin).
    static let now = ProtectionWireTests.now

    /// The restore world of a protection world of `organizations` organizations.
    static func world(
        seed: UInt64 = 365, organizations: Int = 3, _ configure: (inout RestoreGenerator.Settings) -> Void = { _ in }
    )
        -> RestoreGenerator
    {
        var settings = RestoreGenerator.Settings(now: now)
        settings.seed = seed
        configure(&settings)
        return RestoreGenerator(
            settings: settings, protection: ProtectionWireTests.world(seed: seed, organizations: organizations))
    }

    /// Every restore body of `world` in `version`'s shape, by a name: the sessions' list, each
    /// session alone, and each session's events.
    static func bodies(_ world: RestoreGenerator, _ version: APIVersion) -> [String: [UInt8]] {
        let encoder = WireEncoder(version: version)
        var out = ["sessions": encoder.restoreList(.sessions(world.sessions))]
        for s in world.sessions {
            out["session-\(s.id)"] = encoder.singleRestoreSession(s)
            let events = world.events(ofSession: s.id) ?? []
            out["events-\(s.id)"] = encoder.restoreList(.events(events, session: s.id))
        }
        return out
    }

    /// The top-level object of a body.
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// What `version` says of a session: v8 alone sends `eTag`.
    static func asSent(_ s: RestoreSession, _ version: APIVersion) -> RestoreSession {
        var s = s
        if version < .v8 { s.eTag = nil }
        return s
    }

    /// What `version` says of an event: v8 alone sends the ids of what the item belongs to.
    static func asSent(_ e: RestoreEvent, _ version: APIVersion) -> RestoreEvent {
        var e = e
        if version < .v8 {
            e.organizationID = nil
            e.backedUpOrganizationID = nil
            e.userID = nil
            e.siteID = nil
            e.teamID = nil
            e.groupID = nil
        }
        return e
    }

    // MARK: - Wire shapes

    @Test(
        "each version's sessions, events and pages carry only members its schema defines, and every required one",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func schemaMembers(version: APIVersion) throws {
        let folder = try #require(Fixtures.openAPIFolder)
        let spec = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/vb365-\(version)-protection.json")))
                as? [String: Any])
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func members(_ name: String) throws -> (all: Set<String>, required: Set<String>) {
            let schema = try #require(schemas[name] as? [String: Any], "\(version) has no \(name)")
            let all = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
            return (all, Set(schema["required"] as? [String] ?? []))
        }
        let session = try members("RESTRestoreSession")
        let event = try members("RESTRestoreSessionEvent")
        let sessionPage = try members("PageOfRESTRestoreSession")
        let eventPage = try members("PageOfRESTRestoreSessionEvent")
        func check(_ row: [String: Any], _ schema: (all: Set<String>, required: Set<String>), _ what: String) {
            let keys = Set(row.keys)
            #expect(keys.isSubset(of: schema.all), "\(version) \(what): \(keys.subtracting(schema.all))")
            #expect(schema.required.isSubset(of: keys), "\(version) \(what): \(schema.required.subtracting(keys))")
        }
        let world = Self.world()
        var rows = (sessions: 0, events: 0)
        for (name, bytes) in Self.bodies(world, version) {
            let top = try Self.object(bytes)
            if name.hasPrefix("session-") {
                check(top, session, name)
                continue
            }
            let isSessions = name == "sessions"
            check(top, isSessions ? sessionPage : eventPage, "\(name) page")
            #expect((top["totalCount"] != nil) == (version < .v8), "\(version) \(name): totalCount only before v8")
            #expect((top["setId"] != nil) == (version >= .v7), "\(version) \(name)")
            let results = try #require(top["results"] as? [[String: Any]])
            #expect(!results.isEmpty, "\(name)")
            for row in results {
                check(row, isSessions ? session : event, name)
                #expect(row["_links"] is [String: Any], "\(version) \(name): _links")
            }
            if isSessions { rows.sessions += results.count } else { rows.events += results.count }
        }
        #expect(rows.sessions == world.sessions.count && rows.sessions > 20)
        #expect(rows.events > 5_000)
    }

    @Test("only v8 writes the event's owner ids and the session's eTag; v6 and v7 write the same members")
    func membersByVersion() throws {
        let world = Self.world()
        let export = try #require(world.incident(.nightExport))
        let first = try #require(world.event(ofSession: export.session.id, at: 1))
        var keys: [APIVersion: Set<String>] = [:]
        for version in [APIVersion.v6, .v7, .v8] {
            let row = try Self.object(WireEncoder(version: version).singleRestoreEvent(first))
            keys[version] = Set(row.keys)
            let session = try Self.object(WireEncoder(version: version).singleRestoreSession(export.session))
            #expect((session["eTag"] != nil) == (version == .v8))
            let links = try #require(session["_links"] as? [String: [String: String]])
            #expect(links["self"]?["href"] == "/\(version)/RestoreSessions/\(export.session.id)")
            #expect(links["events"]?["href"] == "/\(version)/RestoreSessions/\(export.session.id)/Events")
        }
        let owners: Set<String> = ["organizationId", "backedUpOrganizationId", "userId", "siteId", "teamId", "groupId"]
        #expect(keys[.v6] == keys[.v7])
        #expect(keys[.v8] == keys[.v6]!.union(owners))
        let v8 = try Self.object(WireEncoder(version: .v8).singleRestoreEvent(first))
        #expect(v8["teamId"] is NSNull && v8["siteId"] is NSNull, "an Exchange item belongs to a user only")
        #expect(v8["userId"] as? String == first.userID)
    }

    @Test(
        "decoding what was encoded gives the sessions and events back, in every version",
        arguments: [
            APIVersion.v6, .v7, .v8,
        ])
    func roundTrip(version: APIVersion) throws {
        let world = Self.world()
        let encoder = WireEncoder(version: version)
        let sessions = try RestoreDecoder.sessions(encoder.restoreList(.sessions(world.sessions)))
        #expect(sessions.warnings.isEmpty)
        #expect(sessions.values == world.sessions.map { Self.asSent($0, version) })
        #expect(sessions.isPage && sessions.elementCount == world.sessions.count)
        #expect(sessions.totalCount == (version < .v8 ? world.sessions.count : nil))
        for s in world.sessions {
            let one = try RestoreDecoder.sessions(encoder.singleRestoreSession(s))
            #expect(one.values == [Self.asSent(s, version)] && !one.isPage)
            let all = try #require(world.events(ofSession: s.id))
            let events = try RestoreDecoder.events(encoder.restoreList(.events(all, session: s.id)), sessionID: s.id)
            #expect(events.warnings.isEmpty)
            #expect(events.values == all.map { Self.asSent($0, version) }, "\(s.id)")
        }
    }

    @Test("the same seed gives the same bytes; another seed other ids and the same incidents")
    func deterministic() throws {
        for version in [APIVersion.v6, .v8] {
            #expect(Self.bodies(Self.world(), version) == Self.bodies(Self.world(), version), "\(version)")
        }
        let a = Self.world()
        let b = Self.world(seed: 366)
        #expect(Set(a.sessions.map(\.id)).isDisjoint(with: b.sessions.map(\.id)))
        #expect(a.incidents.map(\.kind) == b.incidents.map(\.kind))
        #expect(a.incidents.map(\.session.creationTime) == b.incidents.map(\.session.creationTime))
    }

    // MARK: - The world

    @Test("ordinary activity: weekdays in office hours, the two regular operators, a reason, items back in place")
    func ordinary() throws {
        let world = Self.world()
        let incidents = Set(world.incidents.map(\.session.id))
        let ordinary = world.sessions.filter { !incidents.contains($0.id) }
        #expect(ordinary.count >= 15)
        #expect(Set(ordinary.compactMap(\.initiatedBy)) == Set(world.settings.operators))
        #expect(Set(ordinary.compactMap(\.type)).isSuperset(of: [.exchange, .oneDrive, .sharePoint]))
        let first = try #require(world.sessions.first?.creationTime)
        #expect(Self.now.seconds(since: first) > 18 * Seconds.day, "a few weeks of history")
        for s in ordinary {
            let start = try #require(s.creationTime)
            // Berlin is UTC+1 all of this November.
            let local = start.adding(seconds: Seconds.hour).civil
            let weekday = (Timestamp.daysFromCivil(year: local.year, month: local.month, day: local.day) % 7 + 11) % 7
            #expect((1...5).contains(weekday) && (8..<18).contains(local.hour), "\(start.iso8601)")
            #expect(s.reason?.hasPrefix("INC-") == true)
            #expect(s.result == .success && s.state == .stopped && s.clientHost == world.settings.clientHost)
            let end = try #require(s.endTime)
            #expect(end <= Self.now)
            let events = try #require(world.events(ofSession: s.id))
            #expect(events.first?.type == RestoreEventType.none && (2...5).contains(events.count))
            for e in events.dropFirst() {
                #expect(e.type == .restore && e.status == .success && e.source == e.target && e.source != nil)
                #expect(["Message", "File", "Folder", "Channel"].contains(e.itemType ?? ""))
            }
        }
    }

    @Test("the incidents: where and when they sit, who did what, and what each should be found for")
    func incidents() throws {
        let world = Self.world()
        let organization = ProtectionWireTests.world().organizations[0]
        #expect(world.incidents.map(\.kind) == RestoreIncident.Kind.allCases)
        for incident in world.incidents {
            #expect(incident.organizationID == organization.id)
            #expect(incident.session.organizationName == organization.name)
            let end = try #require(incident.session.endTime)
            #expect(end <= Self.now)
            #expect(world.session(incident.session.id) == incident.session)
        }
        // 3: Friday 20 November, 10:15 local (09:15 UTC), before the weekend and the night.
        let legitimate = try #require(world.incident(.legitimateRestore))
        #expect(legitimate.signals.isEmpty && !legitimate.expectsFinding)
        #expect(
            legitimate.session.creationTime
                == Timestamp(year: 2026, month: 11, day: 20, hour: 9, minute: 15, second: 12))
        #expect(legitimate.session.initiatedBy == "CONTOSO\\helpdesk.anna" && legitimate.session.type == .oneDrive)
        #expect(legitimate.source == legitimate.target && legitimate.items == 1 && legitimate.session.reason != nil)
        // 2: the same afternoon, into another user's mailbox.
        let other = try #require(world.incident(.restoreToOtherMailbox))
        #expect(other.signals == [.otherTarget])
        #expect(other.session.initiatedBy == "CONTOSO\\helpdesk.ben" && other.session.reason != nil)
        #expect(
            other.session.creationTime == Timestamp(year: 2026, month: 11, day: 20, hour: 15, minute: 40, second: 3))
        let from = try #require(other.source.split(separator: "\\").first)
        let to = try #require(other.target.split(separator: "\\").first)
        #expect(from != to && from.hasSuffix("@contoso.onmicrosoft.com") && to.hasSuffix("@contoso.onmicrosoft.com"))
        // 1: Monday 23 November, 02:00 local (01:00 UTC): 5,000 messages to a PST, no reason.
        let export = try #require(world.incident(.nightExport))
        #expect(export.signals == [.newOperator, .offHours, .noReason, .export, .bulk])
        #expect(export.session.creationTime == Timestamp(year: 2026, month: 11, day: 23, hour: 1, second: 4))
        #expect(export.session.initiatedBy == "CONTOSO\\svc-temp" && export.session.reason == nil)
        #expect(export.items == 5_000 && export.bytes == 6_700_000_000)
        #expect(export.target == "C:\\Users\\svc-temp\\Documents\\Export\\bola.okafor.pst")
        let exported = try #require(world.events(ofSession: export.session.id))
        #expect(exported.count == 5_001)
        #expect(
            exported.dropFirst().allSatisfy {
                $0.type == .export && $0.status == .success && $0.target == export.target
            })
        #expect(exported.dropFirst().reduce(Int64(0)) { $0 + ($1.itemSizeBytes ?? 0) } == 6_700_000_000)
        #expect(exported.compactMap(\.order) == Array(0...5_000))
        // 4: the same night, 03:25 local: fails after 400 items.
        let failed = try #require(world.incident(.failedExport))
        #expect(failed.signals == [.newOperator, .offHours, .noReason, .export, .failed])
        #expect(failed.session.result == .failed && failed.session.state == .stopped)
        let exportEnd = try #require(export.session.endTime)
        let failedStart = try #require(failed.session.creationTime)
        #expect(failedStart > exportEnd)
        let events = try #require(world.events(ofSession: failed.session.id))
        #expect(events.count == 1 + 401 && failed.items == 401)
        #expect(events.dropFirst().dropLast().allSatisfy { $0.status == .success })
        #expect(events.last?.status == .failed && events.last?.message?.contains("not enough space") == true)
        #expect(failed.bytes == events.dropFirst().dropLast().reduce(Int64(0)) { $0 + ($1.itemSizeBytes ?? 0) })
        #expect(failed.session.details?.contains("400 item(s)") == true)
        // The night's operator appears nowhere else.
        let others = world.sessions.filter { $0.id != export.session.id && $0.id != failed.session.id }
        #expect(!others.contains { $0.initiatedBy == "CONTOSO\\svc-temp" })
    }

    @Test("settings: no incidents, another organization, a smaller export, another intruder")
    func settings() throws {
        #expect(Self.world { $0.incidents = false }.incidents.isEmpty)
        let world = Self.world {
            $0.organization = 2
            $0.exportItems = 600
            $0.exportBytes = 1_500_000_000
            $0.intruder = "FABRIKAM\\temp.admin"
        }
        let export = try #require(world.incident(.nightExport))
        #expect(export.organizationID == ProtectionWireTests.world().organizations[2].id)
        #expect(export.items == 600 && export.bytes == 1_500_000_000 && export.signals.contains(.bulk))
        #expect(export.target.hasPrefix("C:\\Users\\temp.admin\\"))
        let small = try #require(Self.world { $0.exportBytes = 900_000_000 }.incident(.nightExport))
        #expect(small.signals.contains(.bulk), "5,000 items are bulk whatever their size")
        let few = try #require(
            Self.world {
                $0.exportItems = 10
                $0.exportBytes = 50_000_000
            }.incident(.nightExport))
        #expect(!few.signals.contains(.bulk))
    }

    @Test("durations are .NET time spans, read back by the model")
    func timeSpans() {
        #expect(RestoreGenerator.timeSpan(0) == "00:00:00")
        #expect(RestoreGenerator.timeSpan(4.123) == "00:00:04.1230000")
        #expect(RestoreGenerator.timeSpan(93_784.5) == "1.02:03:04.5000000")
        #expect(RestoreEvent.seconds(ofTimeSpan: "00:00:00.0446928") == 0.0446928)
        #expect(RestoreEvent.seconds(ofTimeSpan: "1.02:03:04.5") == 93_784.5)
        for bad in ["", "4s", "00:61:00", "-00:00:01", "1:2", "00:00:xx", "00:00:5e1", "+1.00:00:00", " 00:00:01"] {
            #expect(RestoreEvent.seconds(ofTimeSpan: bad) == nil, "\(bad)")
        }
    }
}
