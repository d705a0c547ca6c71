/// One restore session as the inputs hold it, with its events: what `Inventory.restoreActivity`
/// lists (restore auditing, issue 29).
public struct RestoreActivityRecord: Hashable, Sendable {
    /// The server it was read from: an index into `Inventory.servers`, -1 when its input named
    /// none.
    public var server: Int16
    /// The session, as the server sent it (its `id` is the server's own, never scoped): the
    /// newest copy read (`RestoreSession.supersedes`).
    public var session: RestoreSession
    /// Its events, one per event id, in `order` (then by start time and id; events without an
    /// `order` last). Empty when no events file of the session was read.
    public var events: [RestoreEvent]

    /// Creates a record.
    public init(server: Int16, session: RestoreSession, events: [RestoreEvent]) {
        self.server = server
        self.session = session
        self.events = events
    }
}

extension RestoreSession {
    /// True once the session has ended: `Stopped` (or any state but `Working`), or, without a
    /// state, an end time.
    public var isFinished: Bool {
        switch state {
        case .working?: return false
        case .stopped?, .other?: return true
        case nil: return endTime != nil
        }
    }

    /// Whether this copy of a session is newer than `other`, a copy of the same session read
    /// elsewhere (an earlier fetch, an overlapping export): the higher `eTag`, else the later
    /// `endTime` (a missing end counts as earliest), else finished over `Working`. A tie keeps
    /// `other`, the copy read first.
    public func supersedes(_ other: RestoreSession) -> Bool {
        if let a = eTag, let b = other.eTag, a != b { return a > b }
        switch (endTime, other.endTime) {
        case (let a?, let b?) where a != b: return a > b
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        return isFinished && !other.isFinished
    }
}

extension RestoreEvent {
    /// Whether this copy of an event is further along than `other`, a copy of the same event: it
    /// has ended where the other had not, or has an end where the other has none. A tie keeps
    /// `other`.
    func supersedes(_ other: RestoreEvent) -> Bool {
        let ended = status.map { $0 != .running } ?? (endTime != nil)
        let otherEnded = other.status.map { $0 != .running } ?? (other.endTime != nil)
        if ended != otherEnded { return ended }
        return endTime != nil && other.endTime == nil
    }
}

/// The restore sessions and events read so far, kept apart by server as job sessions are: an id
/// one server already holds, met again from another server, is keyed `id@address` of the later
/// server. Restore sessions are few (a few a day per server), so they are kept whole.
struct RestoreStore: Sendable {
    /// A session and the server it came from.
    struct Entry: Sendable {
        var server: Int16
        var session: RestoreSession
    }

    /// Sessions by scoped id.
    var sessions: [EntityID: Entry] = [:]
    /// The server that first held each (scoped) session id, from its session or its events.
    var owners: [EntityID: Int16] = [:]
    /// Events by the scoped id of their session, then by event id.
    var events: [EntityID: [EntityID: RestoreEvent]] = [:]
    /// Copies of a session read again.
    var duplicates = 0
}

extension Inventory {
    /// The restore session id `id` of `server` (-1: none), scoped: itself, unless another server
    /// held it first; then `id@address` of `server`. Recorded as `server`'s.
    private mutating func scopedRestoreSession(_ id: EntityID, server: Int16) -> EntityID {
        var scoped = id
        if server >= 0, let owner = restores.owners[id], owner >= 0, owner != server {
            scoped = .text(id.description + "@" + servers[Int(server)].address)
        }
        if server >= 0, (restores.owners[scoped] ?? -1) < 0 { restores.owners[scoped] = server }
        return scoped
    }

    /// Adds a restore session read from `server` (-1: an input that named none). A session read
    /// before keeps the newer copy (`RestoreSession.supersedes`); an input that named no server
    /// merges with any server's copy of the id, and the copy keeps that server.
    public mutating func addRestoreSession(_ session: RestoreSession, server: Int16 = -1) {
        let key = scopedRestoreSession(session.id, server: server)
        guard let old = restores.sessions[key] else {
            restores.sessions[key] = RestoreStore.Entry(server: server, session: session)
            return
        }
        restores.duplicates += 1
        if session.supersedes(old.session) {
            restores.sessions[key] = RestoreStore.Entry(server: old.server >= 0 ? old.server : server, session: session)
        } else if old.server < 0, server >= 0 {
            restores.sessions[key]?.server = server
        }
    }

    /// Adds events of restore sessions read from `server`, each kept with its session (by the
    /// event's `sessionID`, scoped as `addRestoreSession` scopes it, whether the session is read
    /// before or after). An event read before (the same id in the same session) keeps the copy
    /// that has ended, else the first.
    public mutating func addRestoreEvents(_ events: [RestoreEvent], server: Int16 = -1) {
        for (unscoped, new) in Dictionary(grouping: events, by: \.sessionID).sorted(by: { $0.key < $1.key }) {
            let key = scopedRestoreSession(unscoped, server: server)
            var kept = restores.events[key] ?? [:]
            for event in new {
                if let old = kept[event.id], !event.supersedes(old) { continue }
                kept[event.id] = event
            }
            restores.events[key] = kept
        }
    }

    /// Every restore session read, each with its server and its events (one per id, in `order`),
    /// oldest first by creation time (then by server and id; sessions without a creation time
    /// last). Events whose session was not read are not here (`restoreEventsOfUnreadSessions`).
    public var restoreActivity: [RestoreActivityRecord] {
        let records = restores.sessions.map { key, entry in
            RestoreActivityRecord(
                server: entry.server, session: entry.session, events: Self.ordered(restores.events[key] ?? [:]))
        }
        return records.sorted { a, b in
            let x = a.session.creationTime?.ticks ?? .max
            let y = b.session.creationTime?.ticks ?? .max
            if x != y { return x < y }
            if a.server != b.server { return a.server < b.server }
            return a.session.id < b.session.id
        }
    }

    /// How many distinct restore sessions were read.
    public var restoreSessionCount: Int { restores.sessions.count }

    /// How many copies of restore sessions read again were merged into one.
    public var duplicateRestoreSessions: Int { restores.duplicates }

    /// Restore session events whose session was not read, and how many sessions they name: they
    /// cannot be shown with a session.
    public var restoreEventsOfUnreadSessions: (events: Int, sessions: Int) {
        var count = 0
        var sessions = 0
        for (key, events) in restores.events where restores.sessions[key] == nil {
            count += events.count
            sessions += 1
        }
        return (count, sessions)
    }

    /// Events in `order`, then by start time and id; events without an `order` last.
    private static func ordered(_ events: [EntityID: RestoreEvent]) -> [RestoreEvent] {
        events.values.sorted { a, b in
            let x = (a.order ?? .max, a.startTime?.ticks ?? .max)
            let y = (b.order ?? .max, b.startTime?.ticks ?? .max)
            if x != y { return x < y }
            return a.id < b.id
        }
    }
}
