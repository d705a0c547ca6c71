import VB365Model

extension WireEncoder {
    // MARK: - Restore sessions and their events (v6+)

    /// What a restore list holds.
    package enum RestoreContent: Sendable {
        /// `/RestoreSessions`.
        case sessions([RestoreSession])
        /// `/RestoreSessions/{id}/Events` of the session `session`.
        case events([RestoreEvent], session: EntityID)
    }

    /// The path of a restore list after `/vN/`: `RestoreSessions` or `RestoreSessions/{id}/Events`.
    package func restorePath(_ content: RestoreContent) -> String {
        switch content {
        case .sessions: return collection("RestoreSessions")
        case .events(_, let session): return "\(collection("RestoreSessions"))/\(session)/Events"
        }
    }

    /// One page of a restore list (a page in every version from v6), with the `self` and `next`
    /// links given as paths after `/vN/`; `totalCount` is written in v6 and v7 only (v8's pages
    /// have none), and `setId` is `setID` or, from v7, one made from the page's place.
    package func restorePage(
        _ content: RestoreContent, offset: Int, limit: Int, totalCount: Int? = nil, setID: EntityID? = nil,
        selfPath: String, nextPath: String?
    ) -> [UInt8] {
        var w = WireJSONWriter(indent: indent, capacity: 900 * min(limit, 2_000) + 256)
        w.beginObject()
        w.number("offset", Int64(offset))
        w.number("limit", Int64(limit))
        if version < .v8, let totalCount { w.number("totalCount", Int64(totalCount)) }
        if let set = setID ?? (version >= .v7 ? SessionGenerator.uuid(UInt64(offset), 7, limit) : nil) {
            w.string("setId", set.description)
        }
        links(&w, [("self", selfPath), nextPath.map { ("next", $0) }])
        w.beginArray("results")
        switch content {
        case .sessions(let sessions): for s in sessions { restoreSession(&w, s) }
        case .events(let events, _): for e in events { restoreEvent(&w, e) }
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// A whole restore list in one page.
    package func restoreList(_ content: RestoreContent) -> [UInt8] {
        let count: Int
        switch content {
        case .sessions(let sessions): count = sessions.count
        case .events(let events, _): count = events.count
        }
        let limit = max(30, count)
        return restorePage(
            content, offset: 0, limit: limit, totalCount: count,
            selfPath: "\(restorePath(content))?offset=0&limit=\(limit)", nextPath: nil)
    }

    /// One session as `GET /RestoreSessions/{id}` returns it.
    package func singleRestoreSession(_ s: RestoreSession) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        restoreSession(&w, s)
        return w.bytes
    }

    /// One event as `GET /RestoreSessions/{id}/Events/{eventId}` returns it.
    package func singleRestoreEvent(_ e: RestoreEvent) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        restoreEvent(&w, e)
        return w.bytes
    }

    // MARK: - Objects

    /// A string member, left out when there is none (the schemas do not let these be null).
    private func optional(_ w: inout WireJSONWriter, _ name: String, _ value: String?) {
        if let value { w.string(name, value) }
    }

    /// A restore session as RESTRestoreSession: the five members the schema requires always (null
    /// when unknown), `endTime` null while it works, other members only when known, and v8's
    /// `eTag`.
    func restoreSession(_ w: inout WireJSONWriter, _ s: RestoreSession) {
        w.beginObject()
        w.string("id", s.id.description)
        optional(&w, "name", s.name)
        optional(&w, "organization", s.organizationName)
        w.string("type", s.type?.wire)
        w.string("creationTime", time(s.creationTime))
        w.string("endTime", time(s.endTime))
        w.string("state", s.state?.wire)
        w.string("result", s.result?.wire)
        optional(&w, "initiatedBy", s.initiatedBy)
        optional(&w, "details", s.details)
        optional(&w, "scopeName", s.scopeName)
        optional(&w, "clientHost", s.clientHost)
        optional(&w, "reason", s.reason)
        if version >= .v8 { w.number("eTag", s.eTag ?? 1) }
        let path = "\(collection("RestoreSessions"))/\(s.id)"
        links(&w, [("self", path), ("events", "\(path)/Events")])
        w.endObject()
    }

    /// A restore session's event as RESTRestoreSessionEvent: the members the schema requires
    /// always, the others when known, and from v8 the ids of what the item belongs to (null when
    /// none).
    func restoreEvent(_ w: inout WireJSONWriter, _ e: RestoreEvent) {
        w.beginObject()
        w.string("id", e.id.description)
        optional(&w, "type", e.type?.wire)
        w.string("status", e.status?.wire)
        w.string("startTime", time(e.startTime))
        w.string("endTime", time(e.endTime))
        optional(&w, "duration", e.duration)
        optional(&w, "title", e.title)
        w.string("message", e.message ?? "")
        w.number("order", Int64(e.order ?? 0))
        optional(&w, "itemName", e.itemName)
        optional(&w, "itemType", e.itemType)
        if let size = e.itemSizeBytes { w.number("itemSizeBytes", size) }
        optional(&w, "source", e.source)
        optional(&w, "target", e.target)
        if version >= .v8 {
            w.string("organizationId", e.organizationID?.description)
            w.string("backedUpOrganizationId", e.backedUpOrganizationID?.description)
            w.string("userId", e.userID)
            w.string("groupId", e.groupID)
            w.string("siteId", e.siteID)
            w.string("teamId", e.teamID)
        }
        let session = "\(collection("RestoreSessions"))/\(e.sessionID)"
        links(&w, [("self", "\(session)/Events/\(e.id)"), ("restoreSession", session)])
        w.endObject()
    }
}
