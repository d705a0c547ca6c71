import Foundation
import VB365Decoding
import VB365Model
import VB365Reading
import VB365Support

/// What a fetch did, for the closing line and for tests.
public struct FetchReport: Sendable {
    public var server: String
    public var version: APIVersion
    /// True when the version was found by trying the newest first.
    public var autoDetected: Bool
    public var organizations = 0
    public var jobs = 0
    /// Sessions the server listed (each counted once).
    public var sessionsListed = 0
    /// Of those, sessions in the window (started or ended since `since`, or running).
    public var sessionsInWindow = 0
    public var pages = 0
    public var files = 0
    public var logs = 0
    public var requests = 0
    public var seconds: Double = 0
    /// Things the user should know that did not stop the fetch (a looping next link, …).
    public var warnings: [String] = []
}

/// Where a fetch is, for a progress line.
public struct FetchProgress: Sendable {
    public var pages = 0
    public var sessions = 0
    public var logsDone = 0
    public var logsTotal = 0
}

/// Downloads organizations, jobs, the job sessions of the window and their log items from a VB365
/// server into the archive layout, body by body, exactly as the server sent them.
public enum Fetcher {
    /// The most pages read from one list before giving up on it.
    static let maximumPages = 10_000

    /// Fetches into `archive`. Each body is written as soon as it arrives, so a failure keeps
    /// everything fetched before it; a later run adds to the archive and readers merge the copies.
    public static func fetch(
        _ settings: FetchSettings, into archive: String,
        progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) async throws(FetchError) -> FetchReport {
        let started = ContinuousClock.now
        let writer = try ArchiveWriter(root: archive, durable: settings.flushesArchive)
        let client = try APIClient(settings: settings)
        do {
            var report = try await run(settings, client: client, writer: writer, progress: progress)
            report.requests = await client.counter.count
            let elapsed = ContinuousClock.now - started
            report.seconds = Formatting.seconds(elapsed)
            await client.shutdown()
            return report
        } catch {
            await client.shutdown()
            throw error
        }
    }

    static func run(
        _ settings: FetchSettings, client: APIClient, writer: ArchiveWriter,
        progress: (@Sendable (FetchProgress) -> Void)?
    ) async throws(FetchError) -> FetchReport {
        // 1. The version: the one asked for, or the newest the server serves.
        let (version, organizationsReply) = try await chooseVersion(settings, client: client)
        var report = FetchReport(server: settings.server, version: version, autoDetected: settings.version == nil)
        let walker = ListWalker(client: client, version: version, pageSize: settings.limits.pageSize)

        // 2. Organizations and jobs, for names.
        var state = FetchProgress()
        let organizations = try await walker.walk(
            "Organizations", first: organizationsReply, name: "organizations"
        ) { page, reply, document throws(FetchError) in
            try writer.write(page == 1 ? "organizations.json" : "organizations-p\(page).json", reply.body)
            report.organizations += document.organizations.count
            report.files += 1
            return .next
        }
        report.warnings += organizations.warnings
        var jobs: [Job] = []
        for resource in version.hasCopyJobs ? ["Jobs", "CopyJobs"] : ["Jobs"] {
            let walked = try await walker.walk(resource, name: resource.lowercased(), optional: resource == "CopyJobs")
            {
                page, reply, document throws(FetchError) in
                let base = resource.lowercased()
                try writer.write(page == 1 ? "\(base).json" : "\(base)-p\(page).json", reply.body)
                jobs += document.jobs
                report.files += 1
                return .next
            }
            report.warnings += walked.warnings
        }
        report.jobs = jobs.count
        let selected = try selectJobs(settings.jobs, from: jobs)

        // 3. Sessions: every list the selection needs, with the server's filters where the
        //    version has them, and the window applied here too.
        let stamp = Self.stamp(settings.now)
        var filter: [(String, String)] = []
        if version.hasTimeFilter {
            // Which time the server filters on is not documented: ask for a day more and cut here.
            filter.append(("endTimeLowerBound", settings.since.adding(seconds: -86_400).iso8601))
        }
        var lists: [(resource: String, query: [(String, String)], label: String)] = []
        if selected.isEmpty {
            lists.append(("JobSessions", filter, ""))
            if version >= .v8 {
                // If the server's time filter drops sessions without an end, this brings them.
                lists.append(("JobSessions", [("status", "Running")], "-running"))
            }
        } else {
            for job in selected {
                let label = "-job-\(job.id)"
                if version.hasJobFilter {
                    lists.append(("JobSessions", filter + [("jobId", job.id.description)], label))
                } else {
                    // `/Jobs/{id}/JobSessions` has no time filter: the window is applied here.
                    lists.append(("Jobs/\(job.id)/JobSessions", [], label))
                }
            }
        }
        var listed = Set<EntityID>()
        var wanted: [EntityID: Bool] = [:]
        for list in lists {
            var previousOldest: Timestamp?
            var descending = true
            let walked = try await walker.walk(list.resource, query: list.query, name: "job sessions") {
                page, reply, document throws(FetchError) in
                var inWindow = 0
                var newest: Timestamp?
                var oldest: Timestamp?
                for s in document.sessions {
                    listed.insert(s.id)
                    if let c = s.creationTime {
                        newest = max(newest ?? c, c)
                        oldest = min(oldest ?? c, c)
                    }
                    guard Self.isInWindow(s, since: settings.since) else { continue }
                    inWindow += 1
                    let needsLog: Bool
                    switch settings.logs {
                    case .all: needsLog = true
                    case .none: needsLog = false
                    case .problems: needsLog = s.status != .success
                    }
                    wanted[s.id] = (wanted[s.id] ?? false) || needsLog
                }
                if inWindow > 0 {
                    let name = "sessions/\(stamp)-\(version)\(list.label)-p\(Formatting.pad(page, 4)).json"
                    try writer.write(name, reply.body)
                    report.files += 1
                }
                state.pages += 1
                state.sessions = listed.count
                progress?(state)
                // Without a server-side filter (v1–v5), stop once the pages are going back in
                // time and a whole page is older than the window.
                if let prev = previousOldest, let n = newest, n > prev { descending = false }
                previousOldest = oldest
                // The first page alone cannot show the order: stop from the second page on.
                if !version.hasTimeFilter, page >= 2, descending, inWindow == 0, let n = newest, n < settings.since,
                    !document.sessions.isEmpty
                {
                    return .stop
                }
                return .next
            }
            report.pages += walked.pages
            report.warnings += walked.warnings
        }
        report.sessionsListed = listed.count
        report.sessionsInWindow = wanted.count

        // 4. Log items of the sessions that need them, a few requests at a time. Only UUIDs go into
        //    a URL and a file name: an id of any other form is reported, not followed.
        var logIDs: [EntityID] = []
        for (id, needed) in wanted where needed {
            if case .uuid = id {
                logIDs.append(id)
            } else {
                report.warnings.append(
                    "the session id '\(ListWalker.clean(id.description))' is not a UUID; its log items were not fetched."
                )
            }
        }
        logIDs.sort()
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
        return report
    }

    /// Tries the asked version, or each from v8 down. With a password the login is the probe; with
    /// a token, `/Organizations` is (and its answer is kept).
    static func chooseVersion(_ settings: FetchSettings, client: APIClient) async throws(FetchError) -> (
        APIVersion, Reply?
    ) {
        let candidates = settings.version.map { [$0] } ?? APIVersion.allCases.reversed()
        for version in candidates {
            guard try await client.authenticate(version) else { continue }
            if case .token = settings.credentials {
                guard let reply = try await client.get("/\(version)/Organizations", allowNotFound: true) else {
                    continue
                }
                return (version, reply)
            }
            return (version, nil)
        }
        if let version = settings.version {
            let probe: String
            if case .token = settings.credentials { probe = "Organizations" } else { probe = "token" }
            throw FetchError(
                .badResponse,
                "\(settings.server) does not serve REST API \(version) (404 at /\(version)/\(probe)); use --api-version auto to use the newest version it serves."
            )
        }
        throw FetchError(
            .badResponse,
            "\(settings.server) serves no VB365 REST API version from v1 to v8 (every /vN/token answered 404); check that --server is the VB365 server and its REST API port (usually 4443)."
        )
    }

    static func selectJobs(_ wanted: [String], from jobs: [Job]) throws(FetchError) -> [Job] {
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
            guard let first = matches.first else {
                let names = jobs.compactMap(\.name).sorted().prefix(20).joined(separator: ", ")
                throw FetchError(
                    .usage,
                    "--job '\(text)' names no job on the server; its jobs are: \(names.isEmpty ? "none" : names).")
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
        var fetched = 0
        var files = 0
        var warnings: [String] = []
        do {
            try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                var next = 0
                func start() {
                    guard next < ids.count else { return }
                    let id = ids[next]
                    next += 1
                    group.addTask {
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
                for _ in 0..<max(1, concurrency) { start() }
                while let (written, notes) = try await group.next() {
                    files += written
                    if written > 0 { fetched += 1 }
                    warnings += notes
                    onDone(fetched)
                    start()
                }
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(.unavailable, "fetching log items failed: \(error)")
        }
        return (fetched, files, warnings)
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
