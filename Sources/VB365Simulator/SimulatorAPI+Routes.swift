import VB365Generation
import VB365Model

// MARK: - Routes: which resource a path names

extension SimulatorAPI {
    /// The answer to a GET of `rest`, the lower-case path after `/vN/`: a list, one entity, a
    /// session's or organization's part, or 404 for anything this version does not serve.
    func route(_ version: APIVersion, _ rest: [String], _ query: [String: String], path: String) -> SimulatorResponse {
        var configured = WireEncoder(version: version, server: baseURL)
        configured.linksProcessedObjects = !configuration.faults.bareProcessedObjects
        let encoder = configured
        if let response = protection(encoder, rest, query, path: path) { return response }
        if let response = restores(encoder, rest, query, path: path) { return response }
        switch rest.count {
        case 1:
            if let response = collection(encoder, rest[0], query, path: path) { return response }
        case 2:
            return entity(encoder, rest, path: path)
        case 3:
            if let response = subresource(encoder, rest, query, path: path) { return response }
        case 4 where rest[0] == "organizations":
            return organizationObject(encoder, rest, path: path)
        default: break
        }
        return notFound(version, path)
    }

    /// A top-level resource (`/Jobs`, `/BackupRepositories`, `/License`, ...); nil for a name
    /// this simulator does not serve.
    private func collection(_ encoder: WireEncoder, _ name: String, _ query: [String: String], path: String)
        -> SimulatorResponse?
    {
        let version = encoder.version
        switch name {
        case "organizations":
            return list(encoder, .organizations(data.organizations), "Organizations", query)
        case "jobs":
            return list(encoder, .jobs(data.jobs.filter { !$0.isCopyJob }), "Jobs", query)
        case "copyjobs":
            guard version >= .v6 else { return notFound(version, path) }
            return list(encoder, .jobs(data.jobs.filter(\.isCopyJob)), "CopyJobs", query)
        case "jobsessions":
            return sessions(encoder, query, jobID: nil)
        case "backuprepositories":
            let all = data.infrastructure.repositories(version)
            return page(
                encoder, .repositories(all), count: all.count, path: encoder.collection("BackupRepositories"), query
            ) {
                .repositories(Array(all[$0]))
            }
        case "proxies":
            let all = data.infrastructure.proxies(version)
            return page(encoder, .proxies(all), count: all.count, path: encoder.collection("Proxies"), query) {
                .proxies(Array(all[$0]))
            }
        case "license":
            guard let license = data.infrastructure.license else { return notFound(version, path) }
            return single(encoder.license(license))
        case "serviceinstance":
            guard let instance = data.infrastructure.serviceInstance(version) else {
                return notFound(version, path)
            }
            return single(encoder.serviceInstance(instance))
        default: return nil
        }
    }

    /// One organization, job or session by its id (`/Jobs/{id}`), or 404.
    private func entity(_ encoder: WireEncoder, _ rest: [String], path: String) -> SimulatorResponse {
        let version = encoder.version
        let id = EntityID(rest[1])
        switch rest[0] {
        case "organizations":
            if let o = data.organizations.first(where: { $0.id == id }) {
                return single(encoder.singleOrganization(o))
            }
        case "jobs", "copyjobs":
            if let j = data.job(id) { return single(encoder.singleJob(j)) }
        case "jobsessions":
            if let s = data.session(id) { return single(encoder.singleSession(s)) }
        default: return notFound(version, path)
        }
        return error(
            version, 404, "The \(rest[0]) resource with ID \(rest[1]) was not found.", code: "ResourceNotFound")
    }

    /// A part of one entity (`/Organizations/{id}/LicensingInformation`,
    /// `/JobSessions/{id}/ProcessedObjects`, `/Jobs/{id}/JobSessions`, a session's log); nil for
    /// a part this simulator does not serve.
    private func subresource(_ encoder: WireEncoder, _ rest: [String], _ query: [String: String], path: String)
        -> SimulatorResponse?
    {
        let version = encoder.version
        let id = EntityID(rest[1])
        if rest[0] == "organizations" && rest[2] == "licensinginformation" {
            guard let figures = data.infrastructure.licensing(id) else {
                return error(
                    version, 404, "The organization with ID \(rest[1]) was not found.", code: "ResourceNotFound")
            }
            return single(encoder.licensing(figures))
        }
        if rest[0] == "jobsessions" && rest[2] == "processedobjects" {
            return processedObjects(encoder, rest, query, path: path)
        }
        if rest[0] == "jobs" && rest[2] == "jobsessions" {
            // Removed in v7: use /JobSessions?jobId=.
            guard version <= .v6 else { return notFound(version, path) }
            guard data.job(id) != nil else { return error(version, 404, "Job \(rest[1]) was not found.") }
            return sessions(encoder, query, jobID: id)
        }
        if rest[0] == "jobsessions" && (rest[2] == "log" || rest[2] == "logitems") {
            return logItems(encoder, rest, query, path: path)
        }
        return nil
    }

    /// A page of the objects a session processed (v7+), or 404.
    private func processedObjects(_ encoder: WireEncoder, _ rest: [String], _ query: [String: String], path: String)
        -> SimulatorResponse
    {
        let version = encoder.version
        let id = EntityID(rest[1])
        guard version >= .v7 else { return notFound(version, path) }
        guard let session = data.session(id) else {
            return error(
                version, 404, "The job session with ID \(rest[1]) was not found.", code: "ResourceNotFound")
        }
        let all = data.infrastructure.processedObjects(session)
        return page(
            encoder, .processedObjects(all, session: id), count: all.count,
            path: "\(encoder.collection("JobSessions"))/\(rest[1])/ProcessedObjects", query
        ) { .processedObjects(Array(all[$0]), session: id) }
    }

    /// A page of a session's log items, filtered and ordered as v8 allows, or 404 (a version's
    /// other log path, an unknown session).
    private func logItems(_ encoder: WireEncoder, _ rest: [String], _ query: [String: String], path: String)
        -> SimulatorResponse
    {
        let version = encoder.version
        let id = EntityID(rest[1])
        // v1 has /log only; from v2 it is /LogItems, and a v3 `_links.log` still points at /log (404).
        guard (rest[2] == "log") == (version == .v1) else { return notFound(version, path) }
        guard data.session(id) != nil else {
            return error(
                version, 404, "The job session with ID \(rest[1]) was not found.", code: "ResourceNotFound")
        }
        var items = data.logItems(for: id)
        if version >= .v8, let type = query["type"] {
            items = items.filter { LogSeverity(wire: type) == $0.severity }
        }
        if version >= .v8, query["orderasc"] == "false" { items.reverse() }
        return page(
            encoder, .logItems(items, session: id), count: items.count,
            path: "\(encoder.collection("JobSessions"))/\(rest[1])/\(version.logPath)", query,
            slice: { .logItems(Array(items[$0]), session: id) })
    }

    /// One object of an organization (`/Organizations/{id}/Users/{id}`, groups, sites, teams),
    /// or 404.
    private func organizationObject(_ encoder: WireEncoder, _ rest: [String], path: String) -> SimulatorResponse {
        let segments = path.split(separator: "/")
        guard
            let object = data.infrastructure.object(
                organization: EntityID(rest[1]), collection: rest[2], id: String(segments[segments.count - 1]))
        else {
            return error(
                encoder.version, 404, "The \(rest[2]) object with ID \(rest[3]) was not found.",
                code: "ResourceNotFound")
        }
        return single(encoder.object(object))
    }
}
