import VB365Generation
import VB365Model

// MARK: - Restore sessions and their events (v6+)

extension SimulatorAPI {
    /// The answer to `/RestoreSessions`, `/RestoreSessions/{id}`, `/RestoreSessions/{id}/Events`
    /// or `/RestoreSessions/{id}/Events/{eventId}` (404 before v6, as this simulator's older
    /// versions serve none, or without a restore world); nil for a path that names none.
    func restores(_ encoder: WireEncoder, _ rest: [String], _ query: [String: String], path: String)
        -> SimulatorResponse?
    {
        guard rest.first == "restoresessions", rest.count <= 4, rest.count < 3 || rest[2] == "events" else {
            return nil
        }
        let version = encoder.version
        guard version >= .v6 else { return notFound(version, path) }
        guard let world = data.restores else {
            // Saved data holds no restore session: an empty list, as a server where nobody has
            // restored anything answers; any one session is not found.
            guard rest.count == 1 else { return notFound(version, path) }
            let list = encoder.collection("RestoreSessions")
            return single(
                encoder.restorePage(
                    .sessions([]), offset: 0, limit: 100, totalCount: 0, selfPath: "\(list)?offset=0&limit=100",
                    nextPath: nil))
        }
        do throws(Refused) {
            switch rest.count {
            case 1:
                return try restoreSessions(encoder, world, query)
            case 2:
                return single(encoder.singleRestoreSession(try restoreSession(version, world, rest[1])))
            case 3:
                return try restoreEvents(encoder, world, rest[1], query)
            default:
                let session = try restoreSession(version, world, rest[1])
                let id = EntityID(rest[3])
                let count = world.eventCount(ofSession: session.id) ?? 0
                guard
                    let event = (0..<count).lazy.compactMap({ world.event(ofSession: session.id, at: $0) })
                        .first(where: { $0.id == id })
                else {
                    throw Refused(
                        response: error(
                            version, 404, "The restore session event with ID \(rest[3]) was not found.",
                            code: "ResourceNotFound"))
                }
                return single(encoder.singleRestoreEvent(event))
            }
        } catch {
            return error.response
        }
    }

    /// The session `text` names, or 404.
    func restoreSession(_ version: APIVersion, _ world: RestoreGenerator, _ text: String) throws(Refused)
        -> RestoreSession
    {
        guard let session = world.session(EntityID(text)) else {
            throw Refused(
                response: error(
                    version, 404, "The restore session with ID \(text) was not found.", code: "ResourceNotFound"))
        }
        return session
    }

    /// The restore sessions, newest first, filtered by `startTimeFrom` and `startTimeTo` (both
    /// inclusive, on `creationTime`) and from v8 by `endTimeFrom` (a session still working is
    /// kept) and `endTimeTo` (both inclusive, on `endTime`); v8 orders by `orderBy`
    /// (`CreationTime` or `EndTime`, ascending unless `orderAsc=false`), or by creation time as
    /// `orderAsc` says. Pages in every version (`totalCount` in v6 and v7), filters kept in links.
    func restoreSessions(_ encoder: WireEncoder, _ world: RestoreGenerator, _ query: [String: String])
        throws(Refused) -> SimulatorResponse
    {
        let version = encoder.version
        let from = try timeParameter(version, query, "startTimeFrom")
        let to = try timeParameter(version, query, "startTimeTo")
        var names = ["startTimeFrom", "startTimeTo"]
        var endFrom: Timestamp?
        var endTo: Timestamp?
        var orderBy: String?
        var ascending: Bool?
        if version >= .v8 {
            endFrom = try timeParameter(version, query, "endTimeFrom")
            endTo = try timeParameter(version, query, "endTimeTo")
            if let text = query["orderby"] {
                guard ["creationtime", "endtime"].contains(text.lowercased()) else {
                    throw invalid(version, text, "orderBy")
                }
                orderBy = text.lowercased()
            }
            if let text = query["orderasc"] {
                guard let flag = Bool(text.lowercased()) else { throw invalid(version, text, "orderAsc") }
                ascending = flag
            }
            names += ["endTimeFrom", "endTimeTo", "orderBy", "orderAsc"]
        }
        var sessions = world.sessions.filter { s in
            guard let created = s.creationTime else { return false }
            return from.map { created >= $0 } ?? true && to.map { created <= $0 } ?? true
                && endFrom.map { bound in s.endTime.map { $0 >= bound } ?? true } ?? true
                && endTo.map { bound in s.endTime.map { $0 <= bound } ?? false } ?? true
        }
        if orderBy == "endtime" {
            // Oldest end first, sessions still working (no end) last.
            sessions.sort { ($0.endTime ?? .maximumISO, $0.id) < ($1.endTime ?? .maximumISO, $1.id) }
        }
        // The world lists them oldest first: newest first unless `orderAsc=true`, or with an
        // `orderBy` unless `orderAsc=false`.
        if orderBy == nil ? ascending != true : ascending == false { sessions.reverse() }
        var extra = ""
        for name in names {
            if let text = query[name.lowercased()] { extra += "&\(name)=\(Self.encode(text))" }
        }
        let all = sessions
        let window = window(count: all.count, query)
        let path = encoder.collection("RestoreSessions")
        return single(
            encoder.restorePage(
                .sessions(Array(all[window.range])), offset: window.offset, limit: window.limit,
                totalCount: all.count, selfPath: "\(path)?offset=\(window.offset)&limit=\(window.limit)\(extra)",
                nextPath: window.nextOffset.map { "\(path)?offset=\($0)&limit=\(window.limit)\(extra)" }))
    }

    /// A page of a session's events, in order; 404 for an unknown session.
    func restoreEvents(
        _ encoder: WireEncoder, _ world: RestoreGenerator, _ text: String, _ query: [String: String]
    ) throws(Refused) -> SimulatorResponse {
        let session = try restoreSession(encoder.version, world, text)
        let count = world.eventCount(ofSession: session.id) ?? 0
        let window = window(count: count, query)
        let events = window.range.compactMap { world.event(ofSession: session.id, at: $0) }
        let content = WireEncoder.RestoreContent.events(events, session: session.id)
        let path = encoder.restorePath(content)
        return single(
            encoder.restorePage(
                content, offset: window.offset, limit: window.limit, totalCount: count,
                selfPath: "\(path)?offset=\(window.offset)&limit=\(window.limit)",
                nextPath: window.nextOffset.map { "\(path)?offset=\($0)&limit=\(window.limit)" }))
    }
}
