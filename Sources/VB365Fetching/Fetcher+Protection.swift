import Foundation
import VB365Decoding
import VB365Model
import VB365Reading
import VB365Support

/// Whether and how often a fetch snapshots protection (v6+).
package struct ProtectionFetch: Sendable, Equatable {
    /// A snapshot of an organization is taken when its newest is at least this old: a fetch every
    /// hour (for `check`) does not read 100,000 objects every hour.
    package var intervalSeconds: Double = 12 * Seconds.hour

    /// Creates settings.
    package init(intervalSeconds: Double = 12 * Seconds.hour) { self.intervalSeconds = intervalSeconds }

    /// The largest page the API serves (v5+), used for the object lists: a 10,000-user
    /// organization costs one request a list.
    package static let pageSize = 10_000
}

extension Fetcher {
    /// The organizations and jobs a protection snapshot covers.
    struct ProtectionScope {
        var organizations: [EntityID]
        var jobs: [Job]
        var stamp: String
        var now: Timestamp
        var settings: ProtectionFetch
    }

    /// Snapshots the protection of each organization whose newest snapshot is older than the
    /// interval into `protection/<stamp>-<organization>.jsonl.gz` (see `ProtectionSnapshotFile`):
    /// its users, groups, sites and teams, every repository's backup data of them, the licence
    /// states, its jobs' selected and excluded items, and the restore points made since its last
    /// snapshot. A list the server lacks or refuses is one note and leaves its part unknown.
    static func snapshotProtection(_ scope: ProtectionScope, walker base: ListWalker, writer: ArchiveWriter)
        async throws(FetchError) -> SideOutcome
    {
        var outcome = SideOutcome()
        let version = base.version
        guard version >= .v6 else {
            outcome.notes.append(
                "Protection needs API v6 or later and this server serves \(version); no protection snapshot was taken.")
            return outcome
        }
        let walker = ListWalker(client: base.client, version: version, pageSize: ProtectionFetch.pageSize)
        let newest = newestSnapshots(writer)
        // An organization whose newest snapshot was cut short is snapshotted again at once: a
        // partial snapshot does not wait out the interval.
        var retry = partialSnapshots(writer)
        let due = scope.organizations.filter { organization in
            guard case .uuid = organization else { return false }
            guard let last = newest[organization], !retry.contains(organization) else { return true }
            return scope.now.seconds(since: last) >= scope.settings.intervalSeconds
        }
        guard !due.isEmpty else { return outcome }
        // Written before the snapshots, and again after them: a fetch stopped half way leaves
        // the organizations it did not reach due at the next one.
        retry.formUnion(due)
        try writePartialSnapshots(retry, writer)
        var shared = try ServerProtection()
        try await shared.read(walker: walker, organizations: Set(due), outcome: &outcome)
        for organization in due {
            var assembly = ProtectionAssembly(organization: organization, now: scope.now, version: version)
            assembly.snapshot.sources[.backupData] = shared.backupDataState
            for (kind, state) in shared.kindStates { assembly.snapshot.sources[.backupData(kind)] = state }
            assembly.snapshot.sources[.licensedUsers] = shared.licensedUsersState
            try await assembly.readDirectory(walker: walker, outcome: &outcome)
            let jobs = scope.jobs.filter { $0.organizationID == organization && !$0.isCopyJob }
            try await assembly.readJobItems(jobs, walker: walker, outcome: &outcome)
            try await assembly.readRestorePoints(
                since: newest[organization] ?? ProtectionAssembly.firstRestorePoints(now: scope.now), walker: walker,
                outcome: &outcome)
            let spooled = try shared.spool.take(organization)
            assembly.join(backupData: spooled.backupData, licences: spooled.licences)
            let file =
                ProtectionSnapshotFile.folder + "/"
                + ProtectionSnapshotFile.name(stamp: scope.stamp, organization: organization)
            try writer.write(file, ProtectionSnapshotFile.encode(assembly.snapshot))
            outcome.files += 1
            if !assembly.snapshot.sources.values.contains(.partial) { retry.remove(organization) }
        }
        try writePartialSnapshots(retry, writer)
        // Each skipped list is one note, however many organizations asked for it.
        var said = Set<String>()
        outcome.notes = outcome.notes.filter { said.insert($0).inserted }
        return outcome
    }

    /// The file, in the server's protection folder, of the organizations whose newest snapshot was
    /// cut short (a list's pages repeated or broke off): one id a line.
    static let partialSnapshotsFile = ProtectionSnapshotFile.folder + "/.partial"

    /// The organizations `partialSnapshotsFile` names.
    static func partialSnapshots(_ writer: ArchiveWriter) -> Set<EntityID> {
        guard let data = FileManager.default.contents(atPath: writer.root + "/" + partialSnapshotsFile) else {
            return []
        }
        return Set(
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { EntityID(String($0)) })
    }

    /// Writes `organizations` into `partialSnapshotsFile`; removes it when there are none.
    static func writePartialSnapshots(_ organizations: Set<EntityID>, _ writer: ArchiveWriter) throws(FetchError) {
        guard !organizations.isEmpty else {
            _ = writer.remove(partialSnapshotsFile)
            return
        }
        let text = organizations.map(\.description).sorted().joined(separator: "\n") + "\n"
        try writer.write(partialSnapshotsFile, Array(text.utf8))
    }

    /// The time of the newest snapshot of each organization in the server's folder.
    static func newestSnapshots(_ writer: ArchiveWriter) -> [EntityID: Timestamp] {
        let folder = writer.root + "/" + ProtectionSnapshotFile.folder
        var newest: [EntityID: Timestamp] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where ProtectionSnapshotFile.isSnapshotName(name) {
            guard let (time, organization) = ProtectionSnapshotFile.parseName(name) else { continue }
            newest[organization] = max(newest[organization] ?? time, time)
        }
        return newest
    }

    /// Skips a resource the server lacks or refuses (a note) or cannot serve properly (a
    /// warning); the state says what became of it.
    static func tolerate(
        _ what: String, _ path: String, outcome: inout SideOutcome,
        _ body: () async throws(FetchError) -> ListWalker.Outcome
    ) async throws(FetchError) -> SourceState {
        do throws(FetchError) {
            let walked = try await body()
            if walked.missing {
                outcome.notes.append(skipNote(what, path, nil))
                return .unavailable
            }
            outcome.warnings += walked.warnings
            return walked.warnings.isEmpty ? .complete : .partial
        } catch let error where isSkippable(error) {
            outcome.notes.append(skipNote(what, path, error))
            return .unavailable
        } catch let error where canWorkAround(error) {
            outcome.warnings.append(
                "\(error.message) \(what.prefix(1).uppercased() + what.dropFirst()) are incomplete.")
            return .partial
        }
    }

    /// The error for a body of a protection list that is not JSON.
    static func unreadable(_ reply: Reply, _ error: JSONError) -> FetchError {
        FetchError(
            .malformed,
            "\(reply.url) sent a body that cannot be read (byte \(error.offset): \(error.message)). Nothing from it was used."
        )
    }
}

/// What a fetch reads once per server for every organization: each repository's backup data
/// and the licensed users, spooled by organization (see `ProtectionSpool`).
struct ServerProtection {
    let spool: ProtectionSpool
    /// How `/BackupRepositories` was read.
    var backupDataState = SourceState.complete
    /// How each kind's backup data was read, over every repository.
    var kindStates: [ProtectedObjectKind: SourceState] = [:]
    var licensedUsersState = SourceState.complete

    /// Creates an empty one, with its spool.
    init() throws(FetchError) { spool = try ProtectionSpool() }

    /// Reads the repositories' backup data and the licensed users of `organizations`.
    mutating func read(walker: ListWalker, organizations: Set<EntityID>, outcome: inout Fetcher.SideOutcome)
        async throws(FetchError)
    {
        let version = walker.version
        var repositories: [EntityID] = []
        backupDataState = try await Fetcher.tolerate(
            "the backup data", "/\(version)/BackupRepositories", outcome: &outcome
        ) { () async throws(FetchError) -> ListWalker.Outcome in
            try await walker.walk("BackupRepositories", name: "repositories", optional: true) { _, _, document in
                repositories += document.repositories.map(\.id)
                return .next
            }
        }
        let kinds: [(ProtectedObjectKind, String)] = [
            (.user, "UserData"), (.group, "GroupData"), (.site, "SiteData"), (.team, "TeamData"),
        ]
        var warnings: [String] = []
        defer { outcome.warnings += warnings }
        for (kind, _) in kinds { kindStates[kind] = backupDataState == .unavailable ? .unavailable : .complete }
        // Every repository is read even when one fails: an object's newest backup may be in any.
        for repository in repositories where backupDataState != .unavailable {
            for (kind, resource) in kinds {
                let path = "BackupRepositories/\(repository)/\(resource)"
                let state = try await Fetcher.tolerate("the backup data", "/\(version)/\(path)", outcome: &outcome) {
                    () async throws(FetchError) -> ListWalker.Outcome in
                    try await walker.walkBodies(path, name: "backup data", optional: true) {
                        _, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<Int>, count: Int) in
                        let page = try Self.decode(reply) { (raw) throws(JSONError) in
                            try ProtectionDecoder.backupData(raw, kind: kind)
                        }
                        warnings += page.warnings.prefix(5).map { "\(reply.url): \($0)" }
                        // Hashes, not the ids: a million ids would hold 100 MB to find a page
                        // sent twice.
                        var ids = Set<Int>()
                        for record in page.values {
                            ids.insert((record.keys.first ?? "").hashValue)
                            guard let organization = record.organizationID, organizations.contains(organization)
                            else { continue }
                            try spool.add(record, of: organization)
                        }
                        return (.next, ids, page.values.count)
                    }
                }
                kindStates[kind] = Self.worse(kindStates[kind] ?? .complete, state)
            }
        }
        licensedUsersState = try await Fetcher.tolerate(
            "the licensed users", "/\(version)/LicensedUsers", outcome: &outcome
        ) { () async throws(FetchError) -> ListWalker.Outcome in
            try await walker.walkBodies("LicensedUsers", name: "licensed users", optional: true) {
                _, reply throws(FetchError) -> (step: ListWalker.Step, ids: Set<Int>, count: Int) in
                let page = try Self.decode(reply) { (raw) throws(JSONError) in try ProtectionDecoder.licensedUsers(raw)
                }
                var ids = Set<Int>()
                for record in page.values {
                    ids.insert((record.keys.first ?? "").hashValue)
                    guard let organization = record.organizationID, organizations.contains(organization) else {
                        continue
                    }
                    try spool.add(record, of: organization)
                }
                return (.next, ids, page.values.count)
            }
        }
    }

    /// Decodes a body with `decode`; a body that is not JSON fails the list.
    static func decode<Value>(
        _ reply: Reply, _ decode: (UnsafeRawBufferPointer) throws(JSONError) -> ProtectionDecoder.Page<Value>
    ) throws(FetchError) -> ProtectionDecoder.Page<Value> {
        let result = reply.body.withUnsafeBytes { raw -> Result<ProtectionDecoder.Page<Value>, JSONError> in
            do throws(JSONError) {
                return .success(try decode(raw))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let page): return page
        case .failure(let error): throw Fetcher.unreadable(reply, error)
        }
    }

    /// The worse of two states.
    static func worse(_ a: SourceState, _ b: SourceState) -> SourceState {
        if a == .unavailable || b == .unavailable { return .unavailable }
        return a == .partial || b == .partial ? .partial : .complete
    }
}
