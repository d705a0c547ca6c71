import VB365Decoding
import VB365Generation
import VB365Model

/// What the simulator serves beside sessions: repositories, proxies, the licence, licensing per
/// organization, the service instance, processed objects and the objects they link to; from
/// the generator at the server's clock, or the newest snapshot of each found in saved JSON.
package struct SimulatorInfrastructure: Sendable {
    enum Source: Sendable {
        case generated(InfrastructureGenerator, now: Timestamp)
        case stored(Stored)
    }

    /// The newest snapshot of each resource found in saved JSON.
    struct Stored: Sendable {
        var repositories: [Repository] = []
        var repositoriesTime: Timestamp?
        var proxies: [BackupProxy] = []
        var proxiesTime: Timestamp?
        var license: License?
        var licenseTime: Timestamp?
        var licensing: [EntityID: (OrganizationLicensing, Timestamp?)] = [:]
        var serviceInstance: ServiceInstance?
        var serviceInstanceTime: Timestamp?
        var processed: [EntityID: [ProcessedObject]] = [:]
        var names: [String: String] = [:]

        var hasSnapshots: Bool {
            !repositories.isEmpty || !proxies.isEmpty || license != nil || !licensing.isEmpty
                || serviceInstance != nil
        }

        /// Takes what `document` holds where it is newer than what was found so far.
        mutating func add(_ document: DecodedDocument) {
            let t = document.snapshotTime
            func newer(_ old: Timestamp?, _ found: Bool) -> Bool {
                guard found else { return true }
                guard let t else { return false }
                return old.map { t >= $0 } ?? true
            }
            if !document.repositories.isEmpty, newer(repositoriesTime, !repositories.isEmpty) {
                repositories = document.repositories
                repositoriesTime = t
            }
            if !document.proxies.isEmpty, newer(proxiesTime, !proxies.isEmpty) {
                proxies = document.proxies
                proxiesTime = t
            }
            if let l = document.licenses.last, newer(licenseTime, license != nil) {
                license = l
                licenseTime = t
            }
            for l in document.organizationLicensing {
                let old = licensing[l.organizationID]
                if newer(old?.1, old != nil) { licensing[l.organizationID] = (l, t) }
            }
            if let s = document.serviceInstances.last, newer(serviceInstanceTime, serviceInstance != nil) {
                serviceInstance = s
                serviceInstanceTime = t
            }
            var bySession: [EntityID: [ProcessedObject]] = [:]
            for o in document.processedObjects { bySession[o.sessionID, default: []].append(o) }
            for (session, objects) in bySession {
                var list = processed[session] ?? []
                for o in objects where !list.contains(where: { $0.id == o.id }) { list.append(o) }
                processed[session] = list
            }
            for n in document.objectNames { names[n.id.lowercased()] = n.name }
        }
    }

    let source: Source
    /// The generator for what saved JSON lacks (processed objects of its unsuccessful sessions).
    let fallback: InfrastructureGenerator?

    /// Generated at the server's clock `now`.
    init(generator: InfrastructureGenerator, now: Timestamp) {
        source = .generated(generator, now: now)
        fallback = generator
    }

    /// The newest snapshots in saved JSON; what it has none of is generated for its
    /// organizations and jobs at `clock` (its newest session).
    init(stored: Stored, generator: InfrastructureGenerator) {
        source = stored.hasSnapshots ? .stored(stored) : .generated(generator, now: generator.end)
        fallback = stored.processed.isEmpty ? generator : nil
        self.stored = stored
    }

    private var stored = Stored()

    /// The repositories as a server of `version` lists them (object storage from v6).
    package func repositories(_ version: APIVersion) -> [Repository] {
        switch source {
        case .generated(let g, let now): return g.repositories(at: now, version: version)
        case .stored(let s): return s.repositories.filter { version >= .v6 || !$0.isObjectStorage }
        }
    }

    /// The proxies.
    package func proxies(_ version: APIVersion) -> [BackupProxy] {
        switch source {
        case .generated(let g, let now): return g.proxies(at: now, version: version)
        case .stored(let s): return s.proxies
        }
    }

    /// The licence, if known.
    package var license: License? {
        switch source {
        case .generated(let g, let now): return g.license(at: now)
        case .stored(let s): return s.license
        }
    }

    /// The licensing figures of an organization, if known.
    package func licensing(_ organization: EntityID) -> OrganizationLicensing? {
        switch source {
        case .generated(let g, let now):
            return g.organizationLicensing(at: now).first { $0.organizationID == organization }
        case .stored(let s): return s.licensing[organization]?.0
        }
    }

    /// The service instance of a server of `version`, if known.
    package func serviceInstance(_ version: APIVersion) -> ServiceInstance? {
        switch source {
        case .generated(let g, _): return g.serviceInstance(version: version)
        case .stored(let s): return s.serviceInstance
        }
    }

    /// The objects `session` processed.
    package func processedObjects(_ session: JobSession) -> [ProcessedObject] {
        if let fallback { return fallback.processedObjects(for: session).map(\.0) }
        return stored.processed[session.id] ?? []
    }

    /// The object of `organization` with `id` that a processed object's link names, with the
    /// type its path says (`users`, `groups`, `sites`, `teams`).
    package func object(organization: EntityID, collection: String, id: String) -> InfrastructureGenerator.ObjectEntry?
    {
        let types = ["users": "User", "groups": "Group", "sites": "Site", "teams": "Team"]
        guard let type = types[collection.lowercased()] else { return nil }
        if let fallback, let found = fallback.object(id), found.type == type, found.organizationID == organization {
            return found
        }
        guard let name = stored.names[id.lowercased()] else { return nil }
        return InfrastructureGenerator.ObjectEntry(
            type: type, id: id, name: name, url: type == "Site" && name.hasPrefix("https://") ? name : nil,
            organizationID: organization)
    }
}
