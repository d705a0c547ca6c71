import Foundation
import VB365Decoding
import VB365Model
import VB365Reading
import VB365Support

// The step of `Fetcher.run` that fetches restore sessions (v6+) and their events, for restore
// auditing (issue 29).
extension Fetcher {
    /// How far before the newest restore session in the archive a later fetch lists them again:
    /// a session listed while it was still working is listed again, and read whole.
    static let restoreOverlapSeconds = Seconds.day
    /// A session still `Working` at the last fetch is listed again from its own start while it
    /// started within this long of the fetch's clock; one open longer is taken as abandoned.
    static let restoreOpenSeconds = 7 * Seconds.day

    /// What fetching the restore sessions did.
    struct RestoreOutcome: Sendable {
        /// The `startTimeFrom` the list was asked with.
        var since: Timestamp
        /// Sessions listed (each counted once).
        var sessions = 0
        /// Sessions whose events were fetched.
        var eventSessions = 0
        /// Files written: pages of sessions and pages of events.
        var files = 0
        var warnings: [String] = []
    }

    /// Lists the restore sessions created since the fetch's history start (the first time) or
    /// since the newest one in the archive less `restoreOverlapSeconds` (and since the start of
    /// any session still working at the last fetch), writing each page that holds a session to
    /// `restores/<stamp>-<version>-p0001.json`; then fetches the events of each session that is
    /// new, was still working at the last fetch, or has no events file, `concurrency` at a time,
    /// into `restores/events/<session-id>.json` (`-p2.json`, … for more pages). A list the server
    /// refuses or does not serve is one warning; a session whose events fail is one warning that
    /// names it. Neither fails the fetch.
    static func fetchRestores(settings: FetchSettings, stamp: String, walker: ListWalker, writer: ArchiveWriter)
        async throws(FetchError) -> RestoreOutcome
    {
        let known = knownRestoreSessions(writer)
        var outcome = RestoreOutcome(since: restoreStart(known: known, settings: settings))
        let version = walker.version
        var listed: [EntityID: RestoreSession] = [:]
        do throws(FetchError) {
            let walked = try await walker.walkBodies(
                "RestoreSessions", query: [("startTimeFrom", outcome.since.iso8601)], name: "restore sessions",
                optional: true
            ) { number, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<EntityID>, count: Int) in
                let page = try decodeRestores(reply) { (raw) throws(JSONError) in try RestoreDecoder.sessions(raw) }
                if !page.values.isEmpty {
                    let name = "\(ArchiveLayout.restoresFolder)/\(stamp)-\(version)-p\(Formatting.pad(number, 4)).json"
                    try writer.write(name, reply.body)
                    outcome.files += 1
                }
                outcome.warnings += page.warnings.prefix(5).map { "\(reply.url): \($0)" }
                for session in page.values {
                    if let old = listed[session.id], !session.supersedes(old) { continue }
                    listed[session.id] = session
                }
                return (.next, Set(page.values.map(\.id)), page.elementCount)
            }
            outcome.warnings += walked.warnings
            if walked.missing {
                outcome.warnings.append(
                    "GET /\(version)/RestoreSessions was not found (404); restore sessions were not fetched, so restores on this server cannot be audited."
                )
                return outcome
            }
        } catch let error where canWorkAround(error) || error.kind == .credentials {
            // The sessions of the pages read before the failure still get their events.
            let what =
                listed.isEmpty
                ? "Restore sessions were not fetched, so restores on this server cannot be audited"
                : "Not every restore session was fetched, so restores on this server cannot be audited in full"
            let refused = error.kind == .credentials || [401, 403].contains(error.status ?? 0)
            outcome.warnings.append(
                "\(error.message) \(what)\(refused ? "; the account needs a role that may read them" : "").")
        }
        outcome.sessions = listed.count
        var wanted: [EntityID] = []
        for (id, _) in listed {
            guard case .uuid = id else {
                outcome.warnings.append(
                    "the restore session id '\(ListWalker.clean(id.description))' is not a UUID; its events were not fetched."
                )
                continue
            }
            if let old = known[id], old.isFinished, writer.exists(eventsFile(id, page: 1)) { continue }
            wanted.append(id)
        }
        let events = try await fetchRestoreEvents(
            wanted.sorted(), walker: walker, writer: writer, concurrency: settings.limits.concurrency)
        outcome.eventSessions = events.sessions
        outcome.files += events.files
        outcome.warnings += events.warnings
        return outcome
    }

    /// Where the restore session list starts: the fetch's history start when the archive holds no
    /// restore session; else `restoreOverlapSeconds` before the newest one's creation, or the
    /// creation of a session still working at the last fetch if earlier (one that started less
    /// than `restoreOpenSeconds` before the fetch's clock).
    static func restoreStart(known: [EntityID: RestoreSession], settings: FetchSettings) -> Timestamp {
        guard let newest = known.values.compactMap(\.creationTime).max() else { return settings.since }
        var start = newest.adding(seconds: -restoreOverlapSeconds)
        let open = settings.now.adding(seconds: -restoreOpenSeconds)
        for session in known.values where !session.isFinished {
            if let created = session.creationTime, created >= open, created < start { start = created }
        }
        return start
    }

    /// The restore sessions the server's folder holds (`restores/*.json`), each id's newest copy
    /// (`RestoreSession.supersedes`). A file that cannot be read is passed over: it is only what
    /// an earlier fetch knew.
    static func knownRestoreSessions(_ writer: ArchiveWriter) -> [EntityID: RestoreSession] {
        let folder = writer.root + "/" + ArchiveLayout.restoresFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [:] }
        var known: [EntityID: RestoreSession] = [:]
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                let page = try? RestoreDecoder.sessions(Array(data))
            else { continue }
            for session in page.values {
                if let old = known[session.id], !session.supersedes(old) { continue }
                known[session.id] = session
            }
        }
        return known
    }

    /// `restores/events/<id>.json`, or `-p<page>.json` after the first page.
    static func eventsFile(_ id: EntityID, page: Int) -> String {
        "\(ArchiveLayout.restoreEventsFolder)/\(id)\(page == 1 ? "" : "-p\(page)").json"
    }

    /// Fetches the events of `ids`, at most `concurrency` sessions at a time, each session's
    /// pages in order; returns the sessions fetched, the files written and a warning for each
    /// session whose events could not be fetched.
    static func fetchRestoreEvents(
        _ ids: [EntityID], walker: ListWalker, writer: ArchiveWriter, concurrency: Int
    ) async throws(FetchError) -> (sessions: Int, files: Int, warnings: [String]) {
        let done = try await boundedly(ids, concurrency: concurrency, what: "the events of restore sessions") { id in
            try await fetchEvents(of: id, walker: walker, writer: writer)
        }
        return (done.fetched, done.files, done.warnings)
    }

    /// Fetches the events of one session; returns the files written and the warnings. A 404, a
    /// refusal or an answer that cannot be used is a warning that names the session; a server
    /// that cannot be reached or an archive that cannot be written still ends the fetch.
    private static func fetchEvents(of id: EntityID, walker: ListWalker, writer: ArchiveWriter)
        async throws(FetchError) -> (Int, [String])
    {
        var written = 0
        var warnings: [String] = []
        do throws(FetchError) {
            let walked = try await walker.walkBodies(
                "RestoreSessions/\(id)/Events", name: "events of restore session \(id)", optional: true
            ) { number, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<EntityID>, count: Int) in
                let page = try decodeRestores(reply) { (raw) throws(JSONError) in
                    try RestoreDecoder.events(raw, sessionID: id)
                }
                // An empty page after the first only ends the list: nothing to keep.
                if number == 1 || page.elementCount > 0 {
                    try writer.write(eventsFile(id, page: number), reply.body)
                    written += 1
                }
                warnings += page.warnings.prefix(5).map { "\(reply.url): \($0)" }
                return (.next, Set(page.values.map(\.id)), page.elementCount)
            }
            warnings += walked.warnings
            if walked.missing { warnings.append("the events of restore session \(id) were not found (404); skipped.") }
        } catch let error where canWorkAround(error) || error.kind == .credentials {
            warnings.append("\(error.message) The events of restore session \(id) were not saved.")
        }
        // Pages an earlier, longer copy of these events left behind would be stale.
        var stale = written + 1
        while written > 0, writer.remove(eventsFile(id, page: stale)) { stale += 1 }
        return (written, warnings)
    }

    /// Decodes a restore body with `decode`; a body that is not JSON fails the list.
    static func decodeRestores<Value>(
        _ reply: Reply, _ decode: (UnsafeRawBufferPointer) throws(JSONError) -> RestoreDecoder.Page<Value>
    ) throws(FetchError) -> RestoreDecoder.Page<Value> {
        let result = reply.body.withUnsafeBytes { raw -> Result<RestoreDecoder.Page<Value>, JSONError> in
            do throws(JSONError) {
                return .success(try decode(raw))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let page): return page
        case .failure(let error): throw unreadable(reply, error)
        }
    }
}
