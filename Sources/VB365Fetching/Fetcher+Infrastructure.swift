import Foundation
import VB365Decoding
import VB365Model
import VB365Support

extension Fetcher {
    /// What snapshotting the infrastructure or fetching processed objects did.
    struct SideOutcome: Sendable {
        var files = 0
        /// Sessions whose processed objects were fetched.
        var sessions = 0
        /// One sentence per resource skipped because the account may not read it or the
        /// version does not have it.
        var notes: [String] = []
        var warnings: [String] = []

        /// Adds what another step did.
        mutating func merge(_ other: SideOutcome) {
            files += other.files
            sessions += other.sessions
            notes += other.notes
            warnings += other.warnings
        }
    }

    /// Whether a failure says the resource is not for this account or version (401 or 403 after a
    /// working login, 404, 405): skipped with a note rather than failing anything.
    static func isSkippable(_ error: FetchError) -> Bool {
        if error.kind == .credentials { return true }
        return [401, 403, 404, 405].contains(error.status ?? 0)
    }

    /// The note for a resource skipped because of `error` (nil: not found).
    static func skipNote(_ what: String, _ path: String, _ error: FetchError?) -> String {
        let answer: String
        switch error?.status {
        case nil where error?.kind == .credentials: answer = "was refused to this account (401)"
        case nil, 404?: answer = "is not served by this server (404)"
        case 405?: answer = "is not served by this server (405)"
        case let status?: answer = "was refused to this account (\(status))"
        }
        return "GET \(path) \(answer); \(what) skipped. Reports show them once the account may read them."
    }

    /// Snapshots the repositories, proxies, licence and service instance (v6+) into
    /// `infrastructure/<stamp>-<version>-<resource>.json`.
    static func snapshotInfrastructure(
        version: APIVersion, walker: ListWalker, writer: ArchiveWriter, stamp: String
    ) async throws(FetchError) -> SideOutcome {
        var outcome = SideOutcome()
        let prefix = "infrastructure/\(stamp)-\(version)"
        for (resource, name) in [("BackupRepositories", "repositories"), ("Proxies", "proxies")] {
            do throws(FetchError) {
                let walked = try await walker.walk(resource, name: name, optional: true) {
                    page, reply, _ throws(FetchError) in
                    try writer.write(
                        page == 1 ? "\(prefix)-\(name).json" : "\(prefix)-\(name)-p\(page).json", reply.body)
                    outcome.files += 1
                    return .next
                }
                if walked.missing { outcome.notes.append(skipNote("the \(name)", "/\(version)/\(resource)", nil)) }
                outcome.warnings += walked.warnings
            } catch let error where isSkippable(error) {
                outcome.notes.append(skipNote("the \(name)", "/\(version)/\(resource)", error))
            } catch let error where canWorkAround(error) {
                outcome.warnings.append("\(error.message) The \(name) were not snapshotted.")
            }
        }
        var singles = [("License", "license", "the licence")]
        if version >= .v6 { singles.append(("ServiceInstance", "serviceinstance", "the service instance")) }
        for (resource, name, what) in singles {
            try await single(
                "/\(version)/\(resource)", file: "\(prefix)-\(name).json", what: what, walker: walker, writer: writer,
                outcome: &outcome)
        }
        return outcome
    }

    /// Snapshots each organization's licensing figures into
    /// `infrastructure/<stamp>-<version>-licensing-<organization-id>.json`.
    static func snapshotLicensing(
        version: APIVersion, walker: ListWalker, writer: ArchiveWriter, stamp: String, organizations: [EntityID]
    ) async throws(FetchError) -> SideOutcome {
        var outcome = SideOutcome()
        let prefix = "infrastructure/\(stamp)-\(version)"
        var refused: FetchError?
        var missing = false
        for organization in organizations {
            guard case .uuid = organization else { continue }
            let path = "/\(version)/Organizations/\(organization)/LicensingInformation"
            do throws(FetchError) {
                guard let reply = try await walker.client.get(path, allowNotFound: true) else {
                    missing = true
                    continue
                }
                let file = "\(prefix)-licensing-\(organization).json"
                _ = try ListWalker.decode(reply, as: file)
                try writer.write(file, reply.body)
                outcome.files += 1
            } catch let error where isSkippable(error) {
                refused = refused ?? error
            } catch let error where canWorkAround(error) {
                outcome.warnings.append("\(error.message) The licensing figures of \(organization) were not saved.")
            }
        }
        if refused != nil || missing {
            outcome.notes.append(
                skipNote(
                    "the licensing figures per organization", "/\(version)/Organizations/{id}/LicensingInformation",
                    refused))
        }
        return outcome
    }

    /// Fetches one object resource into `file`; a refusal or absence is a note.
    static func single(
        _ path: String, file: String, what: String, walker: ListWalker, writer: ArchiveWriter,
        outcome: inout SideOutcome
    ) async throws(FetchError) {
        do throws(FetchError) {
            guard let reply = try await walker.client.get(path, allowNotFound: true) else {
                outcome.notes.append(skipNote(what, path, nil))
                return
            }
            _ = try ListWalker.decode(reply, as: file)
            try writer.write(file, reply.body)
            outcome.files += 1
        } catch let error where isSkippable(error) {
            outcome.notes.append(skipNote(what, path, error))
        } catch let error where canWorkAround(error) {
            outcome.warnings.append("\(error.message) \(what.prefix(1).uppercased() + what.dropFirst()) was not saved.")
        }
    }

    /// `fetchProcessedObjects(_:maximumObjects:concurrency:walker:writer:)` with the settings'
    /// `processedObjects` and `limits.concurrency`.
    static func fetchProcessedObjects(
        _ sessions: [(id: EntityID, running: Bool)], limits settings: FetchSettings, walker: ListWalker,
        writer: ArchiveWriter
    ) async throws(FetchError) -> SideOutcome {
        try await fetchProcessedObjects(
            sessions, maximumObjects: settings.processedObjects, concurrency: settings.limits.concurrency,
            walker: walker, writer: writer)
    }

    /// Fetches the processed objects (v7+) of `sessions` into `processed/<session-id>.json` (and
    /// `-p2`…), skipping a finished session fetched before, and the objects that at most
    /// `maximumObjects` failed or warned ones of each link to into `processed/objects/<id>.json`,
    /// `concurrency` requests at a time (the logs' bounded concurrency: over a WAN, one at a time
    /// made the fetch wait on each). A server that refuses or lacks the resource is noted once, and
    /// no new request is started once one says so.
    static func fetchProcessedObjects(
        _ sessions: [(id: EntityID, running: Bool)], maximumObjects: Int, concurrency: Int = 1, walker: ListWalker,
        writer: ArchiveWriter
    ) async throws(FetchError) -> SideOutcome {
        var outcome = SideOutcome()
        let version = walker.version
        guard version >= .v7, maximumObjects > 0 else { return outcome }
        let wanted = sessions.filter { session in
            guard case .uuid = session.id else { return false }
            return session.running || !writer.exists("processed/\(session.id).json")
        }
        // 1. Each session's objects, `concurrency` at a time; the results in the sessions' order.
        let walked = try await boundedMap(
            wanted.map(\.id), concurrency: concurrency, what: "processed objects", probe: true,
            stop: \.isNotServed
        ) { id in
            try await processedObjects(of: id, maximumObjects: maximumObjects, walker: walker, writer: writer)
        }
        var linked: [String] = []
        for result in walked {
            switch result {
            case .saved(let files, let links, let warnings):
                outcome.files += files
                if files > 0 { outcome.sessions += 1 }
                outcome.warnings += warnings
                linked += links
            case .warned(let warning):
                outcome.warnings.append(warning)
            case .notServed(let error):
                // The server does not serve the list (or refuses it): said once, nothing more asked.
                outcome.notes.append(
                    skipNote("the objects sessions processed", "/\(version)/JobSessions/{id}/ProcessedObjects", error))
                return outcome
            }
        }
        // 2. The names of the failed and warned objects, each once, `concurrency` at a time.
        var seen = Set<String>()
        let paths = linked.compactMap { href -> (path: String, file: String)? in
            guard let path = ListWalker.resolve(href, version: version),
                let last = path.split(separator: "/").last.map(String.init),
                case .uuid(let hi, let lo) = EntityID(last)
            else { return nil }
            let id = EntityID.uuid(hi, lo).description
            let file = "processed/objects/\(id).json"
            guard seen.insert(id).inserted, !writer.exists(file) else { return nil }
            return (path, file)
        }
        let names = try await boundedMap(
            paths, concurrency: concurrency, what: "processed objects' names", probe: true,
            stop: \.isRefused
        ) { item in try await objectName(item.path, file: item.file, walker: walker, writer: writer) }
        var objectsRefused: FetchError?
        var objectsMissing = 0
        for name in names {
            switch name {
            case .saved: outcome.files += 1
            case .missing: objectsMissing += 1
            case .refused(let error): objectsRefused = objectsRefused ?? error
            case .warned(let warning): outcome.warnings.append(warning)
            }
        }
        if let objectsRefused {
            outcome.notes.append(
                skipNote(
                    "the names of processed objects", "/\(version)/Organizations/{id}/Users/{id} (and the like)",
                    objectsRefused))
        } else if objectsMissing > 0 {
            outcome.notes.append(
                "\(Formatting.count(objectsMissing, "object")) that processed objects link to were not found (404); they are shown by their ids."
            )
        }
        return outcome
    }

    /// What reading one session's processed objects came to.
    enum ProcessedObjects: Sendable {
        /// Its pages written, the links of its failed and warned objects, the walk's warnings.
        case saved(files: Int, links: [String], warnings: [String])
        /// A request failed in a way the fetch works around: this session's objects are not saved.
        case warned(String)
        /// The server does not serve the list (404) or refuses it (401, 403).
        case notServed(FetchError?)

        /// True for `notServed`: no other session's list is asked for.
        var isNotServed: Bool {
            if case .notServed = self { return true }
            return false
        }
    }

    /// What fetching one object's name came to.
    enum ObjectName: Sendable {
        case saved, missing
        case refused(FetchError)
        case warned(String)

        /// True for `refused`: no other object is asked for.
        var isRefused: Bool {
            if case .refused = self { return true }
            return false
        }
    }

    /// The object at `path` (a processed object's link) written as `file`.
    static func objectName(_ path: String, file: String, walker: ListWalker, writer: ArchiveWriter)
        async throws(FetchError) -> ObjectName
    {
        do throws(FetchError) {
            guard let reply = try await walker.client.get(path, allowNotFound: true) else { return .missing }
            _ = try ListWalker.decode(reply, as: file)
            try writer.write(file, reply.body)
            return .saved
        } catch let error where isSkippable(error) {
            return .refused(error)
        } catch let error where canWorkAround(error) {
            return .warned("\(error.message) The object's name was not saved.")
        }
    }

    /// Session `id`'s processed objects, every page written (stale later pages removed), with the
    /// links of at most `maximumObjects` failed or warned objects.
    static func processedObjects(of id: EntityID, maximumObjects: Int, walker: ListWalker, writer: ArchiveWriter)
        async throws(FetchError) -> ProcessedObjects
    {
        let file = "processed/\(id).json"
        var linked: [String] = []
        var written = 0
        var warnings: [String] = []
        do throws(FetchError) {
            let walked = try await walker.walk(
                "JobSessions/\(id)/ProcessedObjects", name: "processed objects", optional: true
            ) { page, reply, document throws(FetchError) in
                try writer.write(page == 1 ? file : "processed/\(id)-p\(page).json", reply.body)
                written += 1
                for o in document.processedObjects
                where (o.status == .failed || o.status == .warning) && linked.count < maximumObjects {
                    if let link = o.link, case .uuid = EntityID(o.id) { linked.append(link) }
                }
                return .next
            }
            if walked.missing { return .notServed(nil) }
            warnings = walked.warnings
        } catch let error where isSkippable(error) {
            return .notServed(error)
        } catch let error where canWorkAround(error) {
            return .warned("\(error.message) The processed objects of session \(id) were not saved.")
        }
        var stale = written + 1
        while written > 0, writer.remove("processed/\(id)-p\(stale).json") { stale += 1 }
        return .saved(files: written, links: linked, warnings: warnings)
    }
}
