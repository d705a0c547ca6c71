import VB365Decoding
import VB365Model
import VB365Reading
import VB365Support

// The steps of `Fetcher.run` that list what the server has: names, then sessions.
extension Fetcher {
    /// Moves what an archive written before servers had folders holds at its top into the
    /// server's folder: the server answered as a VB365 server, and it is the only one those files
    /// can be known to come from. Says what moved, and what could not.
    static func adoptLegacyFiles(_ writer: ArchiveWriter, server: String, into report: inout FetchReport) {
        let adoption = writer.adoptLegacyEntries()
        if !adoption.moved.isEmpty {
            let names = adoption.moved.map { ArchiveLayout.legacyFolders.contains($0) ? $0 + "/" : $0 }
            report.notes.append(
                "moved what \(writer.archive) held at its top (\(names.joined(separator: ", "))) into \(writer.folder)/, the folder of \(server); an archive keeps each server's files in a folder of its own."
            )
        }
        report.warnings += adoption.problems.map {
            "\($0); it is still read where it is, and the next fetch tries again."
        }
    }

    /// Lists the organizations (the probe's page first) and the jobs (and copy jobs where the
    /// version has them), writing each page; a list the server refuses or does not serve is
    /// recorded in the names' failures, to be worked around after the sessions.
    static func listNames(
        probe: Probe, walker: ListWalker, writer: ArchiveWriter, report: inout FetchReport
    ) async throws(FetchError) -> Names {
        var names = Names()
        do throws(FetchError) {
            switch probe {
            case .failed(let error): throw error
            case .reply, .none: break
            }
            let organizations = try await walker.walk(
                "Organizations", first: probe.reply, name: "organizations"
            ) { page, reply, document throws(FetchError) in
                try writer.write(page == 1 ? "organizations.json" : "organizations-p\(page).json", reply.body)
                for o in document.organizations { names.organizations.insert(o.id) }
                report.files += 1
                return .next
            }
            report.warnings += organizations.warnings
        } catch let error where canWorkAround(error) {
            names.organizationsFailures.append(error)
        }
        for resource in walker.version.hasCopyJobs ? ["Jobs", "CopyJobs"] : ["Jobs"] {
            let base = resource.lowercased()
            do throws(FetchError) {
                let walked = try await walker.walk(
                    resource, name: base, optional: resource == "CopyJobs"
                ) { page, reply, document throws(FetchError) in
                    try writer.write(page == 1 ? "\(base).json" : "\(base)-p\(page).json", reply.body)
                    names.add(document.jobs)
                    names.lists.add(base, reply.body, document.jobs)
                    report.files += 1
                    return .next
                }
                report.warnings += walked.warnings
                // A list cut short or not served is not the server's whole list of jobs.
                if walked.missing || !walked.warnings.isEmpty { names.lists.complete = false }
            } catch let error where canWorkAround(error) {
                names.jobsFailures.append(error)
                names.lists.complete = false
            }
        }
        return names
    }

    /// A list of sessions to walk: the resource, its query, and the label of its files.
    typealias SessionList = (resource: String, query: [(String, String)], label: String)

    /// The session lists the selection needs: every job's sessions (and, v8, the running ones,
    /// which a time filter may drop), or each selected job's, with the server's filters where the
    /// version has them.
    static func sessionLists(_ settings: FetchSettings, version: APIVersion, selected: [Job]) -> [SessionList] {
        var filter: [(String, String)] = []
        if version.hasTimeFilter {
            // Which time the server filters on is not documented: ask for a day more and cut here.
            filter.append(("endTimeLowerBound", settings.since.adding(seconds: -Seconds.day).iso8601))
        }
        guard !selected.isEmpty else {
            // If the server's time filter drops sessions without an end, the second list brings them.
            return [("JobSessions", filter, "")]
                + (version >= .v8 ? [("JobSessions", [("status", "Running")], "-running")] : [])
        }
        return selected.map { job in
            let label = "-job-\(job.id)"
            // `/Jobs/{id}/JobSessions` has no time filter: the window is applied here.
            return version.hasJobFilter
                ? ("JobSessions", filter + [("jobId", job.id.description)], label)
                : ("Jobs/\(job.id)/JobSessions", [], label)
        }
    }

    /// What the session lists held.
    struct ListedSessions {
        /// Every session listed, in the window or not.
        var listed = Set<EntityID>()
        /// The sessions in the window, and whether each one's log items are wanted.
        var wanted: [EntityID: Bool] = [:]
        /// The sessions in the window that did not succeed, and whether each is still running.
        var unsuccessful: [EntityID: Bool] = [:]
    }

    /// Walks every session list, writing each page that holds a session of the window, noting
    /// the jobs those sessions name and which need their log items; stops a list without a
    /// server-side filter (v1–v5) once its pages go back in time past the window.
    static func listSessions(
        _ lists: [SessionList], settings: FetchSettings, stamp: String, walker: ListWalker, writer: ArchiveWriter,
        names: inout Names, report: inout FetchReport, state: inout FetchProgress,
        progress: (@Sendable (FetchProgress) -> Void)?
    ) async throws(FetchError) -> ListedSessions {
        var sessions = ListedSessions()
        let version = walker.version
        for list in lists {
            var previousOldest: Timestamp?
            var descending = true
            let walked = try await walker.walk(list.resource, query: list.query, name: "job sessions") {
                page, reply, document throws(FetchError) in
                let (inWindow, newest, oldest) = note(
                    document.sessions, settings: settings, in: &sessions, names: &names)
                if inWindow > 0 {
                    let name = "sessions/\(stamp)-\(version)\(list.label)-p\(Formatting.pad(page, 4)).json"
                    try writer.write(name, reply.body)
                    report.files += 1
                }
                state.pages += 1
                state.sessions = sessions.listed.count
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
        report.sessionsListed = sessions.listed.count
        report.sessionsInWindow = sessions.wanted.count
        return sessions
    }

    /// Notes one page's sessions; returns how many are in the window, and the newest and oldest
    /// creation times of the page.
    private static func note(
        _ page: [JobSession], settings: FetchSettings, in sessions: inout ListedSessions, names: inout Names
    ) -> (inWindow: Int, newest: Timestamp?, oldest: Timestamp?) {
        var inWindow = 0
        var newest: Timestamp?
        var oldest: Timestamp?
        for s in page {
            sessions.listed.insert(s.id)
            if let c = s.creationTime {
                newest = max(newest ?? c, c)
                oldest = min(oldest ?? c, c)
            }
            guard Self.isInWindow(s, since: settings.since) else { continue }
            inWindow += 1
            if let job = s.jobID { names.sessionJobs.insert(job) }
            let needsLog: Bool
            switch settings.logs {
            case .all: needsLog = true
            case .none: needsLog = false
            case .problems: needsLog = s.status != .success
            }
            sessions.wanted[s.id] = (sessions.wanted[s.id] ?? false) || needsLog
            if s.status != .success {
                sessions.unsuccessful[s.id] = s.endTime == nil || s.status?.isInProgress == true
            }
        }
        return (inWindow, newest, oldest)
    }

    /// The sessions whose log items are wanted, sorted. Only UUIDs go into a URL and a file
    /// name: an id of any other form is reported, not followed.
    static func logIDs(_ wanted: [EntityID: Bool], report: inout FetchReport) -> [EntityID] {
        var ids: [EntityID] = []
        for (id, needed) in wanted where needed {
            if case .uuid = id {
                ids.append(id)
            } else {
                report.warnings.append(
                    "the session id '\(ListWalker.clean(id.description))' is not a UUID; its log items were not fetched."
                )
            }
        }
        return ids.sorted()
    }
}
