import Foundation
import VB365Decoding
import VB365Model
import VB365Reading
import VB365Support

/// Downloads organizations, jobs, the job sessions of the window and their log items from a VB365
/// server into the archive layout, body by body, exactly as the server sent them.
package enum Fetcher {
    /// The most pages read from one list before giving up on it.
    static let maximumPages = 10_000

    /// Fetches into the folder of `settings.server` in `archive` (see `ArchiveLayout`). Each
    /// body is written as soon as it arrives, so a failure keeps everything fetched before it; a
    /// later run adds to the archive and readers merge the copies.
    package static func fetch(
        _ settings: FetchSettings, into archive: String,
        progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) async throws(FetchError) -> FetchReport {
        let started = ContinuousClock.now
        guard let address = ServerAddress(configured: settings.server) else {
            throw FetchError(
                .usage,
                "--server \(settings.server) is not a usable URL; give one such as https://vbo.example.com:4443.")
        }
        let writer = try ArchiveWriter(archive: archive, server: address, durable: settings.flushesArchive)
        let client = try APIClient(settings: settings)
        do {
            var report = try await run(settings, client: client, writer: writer, progress: progress)
            report.requests = client.requests.load(ordering: .relaxed)
            let elapsed = ContinuousClock.now - started
            report.seconds = Formatting.seconds(elapsed)
            await client.shutdown()
            return report
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// The fetch, step by step (the listing steps are in `Fetcher+Lists.swift`).
    static func run(
        _ settings: FetchSettings, client: APIClient, writer: ArchiveWriter,
        progress: (@Sendable (FetchProgress) -> Void)?
    ) async throws(FetchError) -> FetchReport {
        // 1. The version: the one asked for, or the newest the server serves.
        let (version, probe) = try await chooseVersion(settings, client: client)
        var report = FetchReport(
            server: settings.server, since: settings.since, version: version, autoDetected: settings.version == nil)
        report.folder = writer.folder
        let walker = ListWalker(client: client, version: version, pageSize: settings.limits.pageSize)
        adoptLegacyFiles(writer, server: settings.server, into: &report)

        // 2. Organizations and jobs, for names. A list the server refuses or does not serve is
        //    worked around after the sessions (their jobs, and the jobs' organizations, one by one).
        var names = try await listNames(probe: probe, walker: walker, writer: writer, report: &report)
        let selected = try selectJobs(settings.jobs, from: names.jobs, listFailure: names.jobsFailures.first)

        // 2a. The jobs snapshot, with the stamp of this fetch's infrastructure snapshots: the
        //     lists' bodies again, only when the jobs' settings changed since the newest one.
        let stamp = Self.stamp(settings.now)
        report.jobSnapshots = try snapshotJobs(names.lists, version: version, stamp: stamp, writer: writer)
        report.files += report.jobSnapshots
        names.lists = JobLists()

        // 3. Sessions: every list the selection needs, with the server's filters where the
        //    version has them, and the window applied here too.
        var state = FetchProgress()
        let sessions = try await listSessions(
            sessionLists(settings, version: version, selected: selected), settings: settings, stamp: stamp,
            walker: walker, writer: writer, names: &names, report: &report, state: &state, progress: progress)

        // 3a. The infrastructure (repositories, proxies, licence, service instance), with the
        //     same client, while the missing names and the log items are fetched.
        async let snapshot: Result<SideOutcome, FetchError> = {
            do throws(FetchError) {
                return .success(
                    try await snapshotInfrastructure(version: version, walker: walker, writer: writer, stamp: stamp))
            } catch {
                return .failure(error)
            }
        }()

        // 3b. Names the lists did not give: the jobs the sessions name, then their organizations,
        //     one by one; one warning for each list that failed, saying what came of it.
        for job in selected { names.sessionJobs.insert(job.id) }
        let missing = try await fetchMissingNames(&names, walker: walker, writer: writer)
        report.files += missing.files
        report.warnings += missing.warnings
        report.organizations = names.organizations.count
        report.jobs = names.jobs.count

        // 4. Log items of the sessions that need them, a few requests at a time.
        let logIDs = Self.logIDs(sessions.wanted, report: &report)
        state.logsTotal = logIDs.count
        progress?(state)
        let logs = try await fetchLogs(
            logIDs, walker: walker, writer: writer, concurrency: settings.limits.concurrency
        ) { done in
            state.logsDone = done
            progress?(state)
        }
        report.logs = logs.fetched
        report.files += logs.files
        report.warnings += logs.warnings

        // 4a. Restore sessions (v6+, unless turned off) and the events of those that are new or
        //     were still working at the last fetch, a few requests at a time (Fetcher+Restores).
        if settings.restores, version >= .v6 {
            try await fetchRestores(settings: settings, stamp: stamp, walker: walker, writer: writer, into: &report)
        }

        // 5. The infrastructure snapshot, each organization's licensing figures, and the
        //    processed objects (v7+) of the sessions that did not succeed.
        var side = try await snapshot.get()
        side.merge(
            try await snapshotLicensing(
                version: version, walker: walker, writer: writer, stamp: stamp,
                organizations: names.organizations.sorted()))
        report.snapshots = side.files + report.jobSnapshots
        let processed = try await fetchProcessedObjects(
            sessions.unsuccessful.map { (id: $0.key, running: $0.value) }.sorted { $0.id < $1.id },
            limits: settings, walker: walker, writer: writer)
        report.processedSessions = processed.sessions
        side.merge(processed)

        // 6. Protection (v6+, when asked): each organization's objects and their backups, at
        //    most once per interval.
        if let protection = settings.protection {
            let scope = ProtectionScope(
                organizations: names.organizations.sorted(), jobs: names.jobs, stamp: stamp, now: settings.now,
                settings: protection)
            let snapshots = try await snapshotProtection(scope, walker: walker, writer: writer)
            report.protectionSnapshots = snapshots.files
            side.merge(snapshots)
        }
        report.files += side.files
        report.notes += side.notes
        report.warnings += side.warnings
        return report
    }

    /// The restore sessions' step, its counts, files and warnings added to `report`.
    static func fetchRestores(
        settings: FetchSettings, stamp: String, walker: ListWalker, writer: ArchiveWriter,
        into report: inout FetchReport
    ) async throws(FetchError) {
        let restores = try await fetchRestores(settings: settings, stamp: stamp, walker: walker, writer: writer)
        report.restoresSince = restores.since
        report.restoreSessions = restores.sessions
        report.restoreEvents = restores.eventSessions
        report.files += restores.files
        report.warnings += restores.warnings
    }

    /// What the version probe brought: nothing (a password login is the probe), the first page
    /// of `/Organizations` (a token's probe), or why `/Organizations` could not be read.
    enum Probe {
        case none
        case reply(Reply)
        case failed(FetchError)

        var reply: Reply? {
            if case .reply(let reply) = self { return reply }
            return nil
        }
    }

    /// Tries the asked version, or each from v8 down. With a password the login is the probe; with
    /// a token, `/Organizations` is (and its answer is kept), and when that is not found,
    /// `/JobSessions` says whether the version is served at all.
    static func chooseVersion(_ settings: FetchSettings, client: APIClient) async throws(FetchError) -> (
        APIVersion, Probe
    ) {
        let candidates = settings.version.map { [$0] } ?? APIVersion.allCases.reversed()
        let pageSize = String(settings.limits.pageSize)
        for version in candidates {
            guard try await client.authenticate(version) else { continue }
            guard case .token = settings.credentials else { return (version, .none) }
            let organizations = ListWalker.path(version, "Organizations", [("offset", "0"), ("limit", pageSize)])
            do throws(FetchError) {
                if let reply = try await client.get(organizations, allowNotFound: true) {
                    return (version, .reply(reply))
                }
            } catch let error where canWorkAround(error) {
                // The version answered, though not with the organizations.
                return (version, .failed(error))
            }
            let sessions = ListWalker.path(version, "JobSessions", [("offset", "0"), ("limit", "1")])
            do throws(FetchError) {
                guard try await client.get(sessions, allowNotFound: true) != nil else { continue }
            } catch let error where canWorkAround(error) {
                // Served: the session list itself will say what is wrong with it.
            }
            let url = settings.server + organizations
            let notFound = FetchError(.badResponse, "\(url) was not found (404).", url: url, status: 404)
            return (version, .failed(notFound))
        }
        // What the probe asked for: a token is tried on the lists, a password on the login.
        func probed(_ version: String) -> String {
            if case .token = settings.credentials { return "/\(version)/Organizations and /\(version)/JobSessions" }
            return "/\(version)/token"
        }
        if let version = settings.version {
            throw FetchError(
                .badResponse,
                "\(settings.server) does not serve REST API \(version) (404 at \(probed(version.description))); use --api-version auto to use the newest version it serves."
            )
        }
        let probe = probed("vN")
        throw FetchError(
            .badResponse,
            "\(settings.server) serves no VB365 REST API version from v1 to v8 (every \(probe) answered 404); check that --server is the VB365 server and its REST API port (usually 4443)."
        )
    }

    /// Whether a failure of a list that only gives names (organizations, jobs) is the list's
    /// own, which a fetch works around: an answer that cannot be used (403, 404, 500, not JSON, a
    /// body that cannot be read). Refused credentials, TLS, an unreachable or busy server and an
    /// archive that cannot be written end the fetch whatever was being read.
    static func canWorkAround(_ error: FetchError) -> Bool {
        error.kind == .badResponse || error.kind == .malformed
    }

    /// The jobs `--job` names, by id or name. When a jobs list failed (`listFailure`), an id
    /// the lists did not give is taken as it is, and a name they did not give cannot be matched.
    static func selectJobs(_ wanted: [String], from jobs: [Job], listFailure: FetchError? = nil) throws(FetchError)
        -> [Job]
    {
        var selected: [Job] = []
        for text in wanted {
            let matches = jobs.filter {
                $0.id.description.lowercased() == text.lowercased()
                    || $0.name?.compare(text, options: [.caseInsensitive]) == .orderedSame
            }
            if let odd = matches.first(where: { if case .uuid = $0.id { false } else { true } }) {
                throw FetchError(
                    .badResponse,
                    "the server lists job '\(ListWalker.clean(odd.name ?? ""))' with the id '\(ListWalker.clean(odd.id.description))', which is not a UUID; it cannot be fetched on its own."
                )
            }
            if matches.isEmpty, let listFailure {
                let id = EntityID(text)
                guard case .uuid = id else {
                    throw FetchError(
                        .badResponse,
                        "\(describe(listFailure)), so --job '\(text)' cannot be matched to a job by its name; give the job's id instead."
                    )
                }
                if !selected.contains(where: { $0.id == id }) { selected.append(Job(id: id)) }
                continue
            }
            guard let first = matches.first else {
                let names = jobs.compactMap(\.name).sorted().prefix(20).joined(separator: ", ")
                throw FetchError(
                    .usage,
                    "the job '\(text)' (of --job, or of a server's jobs: in the configuration) names no job on the server; its jobs are: \(names.isEmpty ? "none" : names)."
                )
            }
            for job in [first] + matches.dropFirst() where !selected.contains(where: { $0.id == job.id }) {
                selected.append(job)
            }
        }
        return selected
    }

    static func fetchLogs(
        _ ids: [EntityID], walker: ListWalker, writer: ArchiveWriter, concurrency: Int,
        onDone: (Int) -> Void
    ) async throws(FetchError) -> (fetched: Int, files: Int, warnings: [String]) {
        try await boundedly(ids, concurrency: concurrency, what: "log items", onDone: onDone) { id in
            var written = 0
            let walked = try await walker.walk(
                "JobSessions/\(id)/\(walker.version.logResource)", name: "log items", optional: true
            ) { page, reply, _ throws(FetchError) in
                try writer.write(page == 1 ? "logs/\(id).json" : "logs/\(id)-p\(page).json", reply.body)
                written += 1
                return .next
            }
            // Pages an earlier, longer copy of this log left behind would be stale.
            var stale = written + 1
            while written > 0, writer.remove("logs/\(id)-p\(stale).json") { stale += 1 }
            var notes = walked.warnings
            if walked.missing { notes.append("the log of session \(id) was not found (404); skipped.") }
            return (written, notes)
        }
    }

    /// Runs `fetch` for each of `ids`, at most `concurrency` at a time (the logs', the restore
    /// events'), each returning the files it wrote and its warnings; `onDone` hears how many ids
    /// wrote a file so far. Returns those, the files and the warnings; any other error than a
    /// `FetchError` is one that says it was fetching `what`.
    static func boundedly(
        _ ids: [EntityID], concurrency: Int, what: String, onDone: (Int) -> Void = { _ in },
        _ fetch: @escaping @Sendable (EntityID) async throws -> (files: Int, warnings: [String])
    ) async throws(FetchError) -> (fetched: Int, files: Int, warnings: [String]) {
        var fetched = 0
        var files = 0
        var warnings: [String] = []
        _ = try await boundedMap(
            ids, concurrency: concurrency, what: what,
            done: { (result: (files: Int, warnings: [String])) in
                files += result.files
                if result.files > 0 { fetched += 1 }
                warnings += result.warnings
                onDone(fetched)
            }, fetch)
        return (fetched, files, warnings)
    }

    /// `body` of each of `items`, at most `concurrency` at a time, the results in the items' order;
    /// `done` hears each as it ends (in the order they end). Once a result satisfies `stop`, no
    /// other item is started (those under way end), and only the results of the items started
    /// are returned; with `probe`, the first item runs alone before the others. Any other error
    /// than a `FetchError` is one that says it was fetching `what`.
    static func boundedMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], concurrency: Int, what: String, probe: Bool = false,
        stop: @escaping (Result) -> Bool = { _ in false },
        done: (Result) -> Void = { _ in }, _ body: @escaping @Sendable (Item) async throws -> Result
    ) async throws(FetchError) -> [Result] {
        var results: [Result?] = Array(repeating: nil, count: items.count)
        do {
            try await withThrowingTaskGroup(of: (Int, Result).self) { group in
                var next = 0
                var stopped = false
                func start() {
                    guard !stopped, next < items.count else { return }
                    let index = next
                    let item = items[index]
                    next += 1
                    group.addTask { (index, try await body(item)) }
                }
                // With `probe`, the first alone: a server that refuses the resource is asked once.
                let width = max(1, concurrency)
                for _ in 0..<(probe ? 1 : width) { start() }
                var first = true
                while let (index, result) = try await group.next() {
                    results[index] = result
                    done(result)
                    if stop(result) { stopped = true }
                    for _ in 0..<(first && probe ? width : 1) { start() }
                    first = false
                }
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(.unavailable, "fetching \(what) failed: \(error)")
        }
        return results.compactMap { $0 }
    }

    /// A session that started or ended at or after `since`, or has not ended.
    static func isInWindow(_ s: JobSession, since: Timestamp) -> Bool {
        if let end = s.endTime, end >= since { return true }
        if let creation = s.creationTime, creation >= since { return true }
        return s.endTime == nil && s.status?.isInProgress != false
    }

    /// `20261123T060000Z`: names the files of one fetch.
    static func stamp(_ t: Timestamp) -> String {
        let c = t.civil
        func p(_ v: Int, _ n: Int = 2) -> String { Formatting.pad(v, n) }
        return "\(p(c.year, 4))\(p(c.month))\(p(c.day))T\(p(c.hour))\(p(c.minute))\(p(c.second))Z"
    }

}

extension Fetcher {
    /// Whether the server answers and the login works, without fetching or writing anything:
    /// logs in (or tries the token), checks that the jobs filter names jobs the server has, and
    /// returns the API version it would fetch with. Throws
    /// the fetch's errors (refused credentials 67, unreachable 68, TLS 77, …).
    package static func probe(_ settings: FetchSettings) async throws(FetchError) -> APIVersion {
        guard ServerAddress(configured: settings.server) != nil else {
            throw FetchError(
                .usage, "\(settings.server) is not a usable URL; give one such as https://vbo.example.com:4443.")
        }
        let client = try APIClient(settings: settings)
        do {
            let (version, _) = try await chooseVersion(settings, client: client)
            if !settings.jobs.isEmpty {
                // The jobs filter names jobs the server has (as a fetch would find them).
                var jobs: [Job] = []
                var failure: FetchError?
                let walker = ListWalker(client: client, version: version, pageSize: settings.limits.pageSize)
                for resource in version.hasCopyJobs ? ["Jobs", "CopyJobs"] : ["Jobs"] {
                    do throws(FetchError) {
                        _ = try await walker.walk(
                            resource, name: resource.lowercased(), optional: resource == "CopyJobs"
                        ) {
                            _, _, document throws(FetchError) in
                            jobs += document.jobs
                            return .next
                        }
                    } catch let error where canWorkAround(error) {
                        failure = failure ?? error
                    }
                }
                _ = try selectJobs(settings.jobs, from: jobs, listFailure: failure)
            }
            await client.shutdown()
            return version
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
