import VB365Generation
import VB365Model

// MARK: - Protection (v6+): objects, backup data, licences, job items, restore points

extension SimulatorAPI {
    /// A protection list that a path after `/vN/` names.
    enum ProtectionResource: Equatable {
        /// `/Organizations/{id}/Users` (and `Groups`, `Sites`, `Teams`).
        case directory(organization: String, ProtectedObjectKind)
        /// `/Organizations/{id}/usedRepositories`.
        case usedRepositories(organization: String)
        /// `/BackupRepositories/{id}/UserData` and the other backup-data lists.
        case backupData(repository: String, BackupList)
        /// `/LicensedUsers`.
        case licensedUsers
        /// `/Jobs/{id}/SelectedItems` or `ExcludedItems`.
        case jobItems(job: String, excluded: Bool)
        /// `/RestorePoints`.
        case restorePoints
        /// `/ProtectedUsers` (and `ProtectedGroups`, `ProtectedSites`, `ProtectedTeams`), v8.
        case protected(ProtectedObjectKind)

        /// A repository's lists of backup data, by their lower-case path names.
        enum BackupList: String, CaseIterable {
            /// `UserData` ... `OrganizationData`.
            case userdata, groupdata, sitedata, teamdata, mailboxdata, onedrivedata, organizationdata

            /// The name as links spell it (`UserData`).
            var name: String {
                let names: [BackupList: String] = [
                    .userdata: "UserData", .groupdata: "GroupData", .sitedata: "SiteData", .teamdata: "TeamData",
                    .mailboxdata: "MailboxData", .onedrivedata: "OneDriveData", .organizationdata: "OrganizationData",
                ]
                return names[self] ?? rawValue
            }

            /// The kind of object a list of users, groups, sites or teams holds; nil for the others.
            var kind: ProtectedObjectKind? {
                let kinds: [BackupList: ProtectedObjectKind] = [
                    .userdata: .user, .groupdata: .group, .sitedata: .site, .teamdata: .team,
                ]
                return kinds[self]
            }
        }

        /// The objects' kinds by their lower-case collection names.
        static let kinds: [String: ProtectedObjectKind] = [
            "users": .user, "groups": .group, "sites": .site, "teams": .team,
        ]

        /// The list `rest` names; nil for any other path.
        init?(_ rest: [String]) {
            switch (rest.count, rest.first ?? "") {
            case (1, "licensedusers"): self = .licensedUsers
            case (1, "restorepoints"): self = .restorePoints
            case (1, let name) where name.hasPrefix("protected"):
                guard let kind = Self.kinds[String(name.dropFirst("protected".count))] else { return nil }
                self = .protected(kind)
            case (3, "organizations") where rest[2] == "usedrepositories":
                self = .usedRepositories(organization: rest[1])
            case (3, "organizations"):
                guard let kind = Self.kinds[rest[2]] else { return nil }
                self = .directory(organization: rest[1], kind)
            case (3, "backuprepositories"):
                guard let list = BackupList(rawValue: rest[2]) else { return nil }
                self = .backupData(repository: rest[1], list)
            case (3, "jobs") where rest[2] == "selecteditems" || rest[2] == "excludeditems":
                self = .jobItems(job: rest[1], excluded: rest[2] == "excludeditems")
            default: return nil
            }
        }

        /// The first version that serves it: v8 for protected objects, v6 for the rest.
        var since: APIVersion {
            if case .protected = self { return .v8 }
            return .v6
        }
    }

    /// A request the simulator answers with an error instead of a list.
    struct Refused: Error {
        /// The error answer: 400 for a bad parameter, 404 for an unknown organization, job or
        /// repository.
        var response: SimulatorResponse
    }

    /// The answer to a protection list (404 before the version that serves it, or without a
    /// protection world); nil for a path that names none.
    func protection(_ encoder: WireEncoder, _ rest: [String], _ query: [String: String], path: String)
        -> SimulatorResponse?
    {
        guard let resource = ProtectionResource(rest) else { return nil }
        let version = encoder.version
        guard version >= resource.since, let world = data.protection else { return notFound(version, path) }
        do throws(Refused) {
            switch resource {
            case .directory(let id, let kind): return try directory(encoder, world, id, kind, query)
            case .usedRepositories(let id): return try usedRepositories(encoder, world, id, query)
            case .backupData(let id, let list): return try backupData(encoder, world, id, list, query)
            case .licensedUsers: return try licensedUsers(encoder, world, query)
            case .jobItems(let id, let excluded): return try jobItems(encoder, world, id, excluded: excluded, query)
            case .restorePoints: return try restorePoints(encoder, world, query)
            case .protected(let kind): return try protectedObjects(encoder, world, kind, query)
            }
        } catch {
            return error.response
        }
    }

    // MARK: - Paging and parameters

    /// One page of a protection list of `count` rows (or all of it as a bare array where the
    /// version sends one), with the filters in `extra` kept in its links.
    func protectionPage(
        _ encoder: WireEncoder, count: Int, path: String, _ query: [String: String], extra: String = "",
        setID: EntityID? = nil, rows: (Range<Int>) -> WireEncoder.ProtectionContent
    ) -> SimulatorResponse {
        guard encoder.isPaged(rows(0..<0)) else {
            return single(
                encoder.protectionPage(rows(0..<count), offset: 0, limit: count, selfPath: path, nextPath: nil))
        }
        let window = window(count: count, query)
        let selfPath = "\(path)?offset=\(window.offset)&limit=\(window.limit)\(extra)"
        let nextPath = window.nextOffset.map { "\(path)?offset=\($0)&limit=\(window.limit)\(extra)" }
        return single(
            encoder.protectionPage(
                rows(window.range), offset: window.offset, limit: window.limit, setID: setID, selfPath: selfPath,
                nextPath: nextPath))
    }

    /// A 400 answer for a query parameter's value.
    func invalid(_ version: APIVersion, _ text: String, _ name: String) -> Refused {
        Refused(response: error(version, 400, "The value '\(text)' is not valid for \(name)."))
    }

    /// The UUID the query parameter `name` gives, nil when absent; 400 when it is not a UUID.
    func uuidParameter(_ version: APIVersion, _ query: [String: String], _ name: String) throws(Refused) -> EntityID? {
        guard let text = query[name.lowercased()] else { return nil }
        let id = EntityID(text)
        if case .text = id { throw invalid(version, text, name) }
        return id
    }

    /// The time the query parameter `name` gives, nil when absent; 400 when it is not a time.
    func timeParameter(_ version: APIVersion, _ query: [String: String], _ name: String) throws(Refused) -> Timestamp? {
        guard let text = query[name.lowercased()] else { return nil }
        guard case .time(let t) = TimestampParser.parse(text) else { throw invalid(version, text, name) }
        return t
    }

    /// The organization `text` names, or 404.
    func organization(_ version: APIVersion, _ world: ProtectionGenerator, _ text: String) throws(Refused) -> Int {
        guard let o = world.organization(EntityID(text)) else {
            throw Refused(
                response: error(
                    version, 404, "The organization with ID \(text) was not found.", code: "ResourceNotFound"))
        }
        return o
    }

    /// The organizations that `organizationId` (and in v8 `backedUpOrganizationId`, and with
    /// `repository` also `repositoryId`) leave, with those filters as link parameters.
    func organizations(
        _ version: APIVersion, _ world: ProtectionGenerator, _ query: [String: String], repository: Bool = false
    ) throws(Refused) -> ([Int], String) {
        var chosen = Array(world.organizations.indices)
        var extra = ""
        if let id = try uuidParameter(version, query, "organizationId") {
            chosen = chosen.filter { world.organizations[$0].id == id }
            extra += "&organizationId=\(id)"
        }
        if version >= .v8, let text = query["backeduporganizationid"] {
            chosen = chosen.filter { world.tenant($0).backedUpID == EntityID(text) }
            extra += "&backedUpOrganizationId=\(Self.encode(text))"
        }
        if repository, let id = try uuidParameter(version, query, "repositoryId") {
            chosen = chosen.filter { world.tenant($0).repositoryID == id }
            extra += "&repositoryId=\(id)"
        }
        return (chosen, extra)
    }

    // MARK: - Lists

    /// An organization's users, groups, sites (personal ones with `includePersonalSites=true`)
    /// or teams; `dataSource` (v7+) is checked and kept, and `setId` is echoed (one is made when
    /// none is given) and kept in the links, so later pages come from the same set.
    func directory(
        _ encoder: WireEncoder, _ world: ProtectionGenerator, _ id: String, _ kind: ProtectedObjectKind,
        _ query: [String: String]
    ) throws(Refused) -> SimulatorResponse {
        let version = encoder.version
        let o = try organization(version, world, id)
        var extra = ""
        if version >= .v7, let source = query["datasource"] {
            guard ["preferlocal", "production", "preferlocalresynced"].contains(source.lowercased()) else {
                throw invalid(version, source, "dataSource")
            }
            extra += "&dataSource=\(Self.encode(source))"
        }
        var personal = false
        if kind == .site, let text = query["includepersonalsites"] {
            guard let flag = Bool(text.lowercased()) else { throw invalid(version, text, "includePersonalSites") }
            personal = flag
            extra += "&includePersonalSites=\(flag)"
        }
        let set =
            try uuidParameter(version, query, "setId")
            ?? world.setID(kind, organization: o, includePersonalSites: personal)
        extra += "&setId=\(set)"
        return protectionPage(
            encoder, count: world.count(kind, includePersonalSites: personal),
            path: encoder.directoryPath(kind, world.tenant(o)), query, extra: extra, setID: set
        ) { range in .directory(kind, range.map { world.entry(kind, organization: o, index: $0) }) }
    }

    /// What an organization uses of its repository.
    func usedRepositories(
        _ encoder: WireEncoder, _ world: ProtectionGenerator, _ id: String, _ query: [String: String]
    ) throws(Refused) -> SimulatorResponse {
        let o = try organization(encoder.version, world, id)
        let tenant = world.tenant(o)
        let repository = data.infrastructure.repositories(encoder.version).first { $0.id == tenant.repositoryID }
        let usage = [world.storageUsage(organization: o, repository: repository)]
        return protectionPage(
            encoder, count: usage.count, path: "\(encoder.collection("Organizations"))/\(tenant.id)/usedRepositories",
            query
        ) { .storageUsage(Array(usage[$0])) }
    }

    /// A repository's backup data: its organization's rows (none in the object-storage
    /// repository); `organizationId` narrows `MailboxData` and `OneDriveData`; 404 for an unknown
    /// repository.
    func backupData(
        _ encoder: WireEncoder, _ world: ProtectionGenerator, _ text: String,
        _ list: ProtectionResource.BackupList, _ query: [String: String]
    ) throws(Refused) -> SimulatorResponse {
        let version = encoder.version
        let id = EntityID(text)
        guard data.infrastructure.repositories(version).contains(where: { $0.id == id }) else {
            throw Refused(
                response: error(
                    version, 404, "The backup repository with ID \(text) was not found.", code: "ResourceNotFound"))
        }
        var owner = world.organization(repository: id)
        var extra = ""
        if list == .mailboxdata || list == .onedrivedata,
            let organization = try uuidParameter(version, query, "organizationId")
        {
            if owner.map({ world.organizations[$0].id }) != organization { owner = nil }
            extra = "&organizationId=\(organization)"
        }
        let path = "\(encoder.collection("BackupRepositories"))/\(id)/\(list.name)"
        guard let o = owner else {
            // The object-storage repository (or another organization's filter): an empty page.
            return protectionPage(encoder, count: 0, path: path, query, extra: extra) { _ in .organizationData([]) }
        }
        switch list {
        case .mailboxdata:
            return protectionPage(encoder, count: world.mailboxCount(organization: o), path: path, query, extra: extra)
            {
                .mailboxData($0.map { world.mailbox(organization: o, row: $0) })
            }
        case .onedrivedata:
            return protectionPage(encoder, count: world.oneDriveCount(organization: o), path: path, query, extra: extra)
            {
                .oneDriveData($0.map { world.backedUp(.user, organization: o, row: $0) })
            }
        case .organizationdata:
            let tenants = [world.tenant(o)]
            return protectionPage(encoder, count: 1, path: path, query) { .organizationData(Array(tenants[$0])) }
        default:
            let kind = list.kind ?? .user
            return protectionPage(
                encoder, count: world.backedUpCount(kind, organization: o), path: path, query, extra: extra
            ) { range in .backupData(kind, range.map { world.backedUp(kind, organization: o, row: $0) }) }
        }
    }

    /// The licensed users of every organization, or of the one `organizationId` (v8 also
    /// `backedUpOrganizationId`) names.
    func licensedUsers(_ encoder: WireEncoder, _ world: ProtectionGenerator, _ query: [String: String])
        throws(Refused) -> SimulatorResponse
    {
        let (chosen, extra) = try organizations(encoder.version, world, query)
        let count = chosen.reduce(0) { $0 + world.licensedCount(organization: $1) }
        return protectionPage(encoder, count: count, path: encoder.collection("LicensedUsers"), query, extra: extra) {
            .licensedUsers(
                world.rows(
                    $0, of: chosen, count: { world.licensedCount(organization: $0) },
                    row: { world.licensedUser(organization: $0, row: $1) }))
        }
    }

    /// A job's selected or excluded items: a bare array in v6 and v7, pages in v8; 404 for an
    /// unknown job.
    func jobItems(
        _ encoder: WireEncoder, _ world: ProtectionGenerator, _ text: String, excluded: Bool, _ query: [String: String]
    ) throws(Refused) -> SimulatorResponse {
        let id = EntityID(text)
        guard let items = excluded ? world.excludedItems(ofJob: id) : world.selectedItems(ofJob: id) else {
            throw Refused(
                response: error(
                    encoder.version, 404, "The job with ID \(text) was not found.", code: "ResourceNotFound"))
        }
        let path = "\(encoder.collection("Jobs"))/\(id)/\(excluded ? "ExcludedItems" : "SelectedItems")"
        return protectionPage(encoder, count: items.count, path: path, query) {
            .jobItems(Array(items[$0]), job: id, excluded: excluded)
        }
    }

    /// The restore points of the finished runs, oldest first (`orderAsc=false`, v7+, newest
    /// first), filtered by `organizationId`, `jobId`, `repositoryId` and (v7+) `from` and `to`,
    /// both inclusive: a bare array in v6, pages from v7.
    func restorePoints(_ encoder: WireEncoder, _ world: ProtectionGenerator, _ query: [String: String])
        throws(Refused) -> SimulatorResponse
    {
        let version = encoder.version
        let organization = try uuidParameter(version, query, "organizationId")
        let job = try uuidParameter(version, query, "jobId")
        let repository = try uuidParameter(version, query, "repositoryId")
        let from = version >= .v7 ? try timeParameter(version, query, "from") : nil
        let to = version >= .v7 ? try timeParameter(version, query, "to") : nil
        var points = data.sessions.compactMap { world.restorePoint(of: $0) }.filter { p in
            guard let time = p.backupTime else { return false }
            return organization.map { $0 == p.organizationID } ?? true && job.map { $0 == p.jobID } ?? true
                && repository.map { $0 == p.repositoryID } ?? true && from.map { time >= $0 } ?? true
                && to.map { time <= $0 } ?? true
        }
        points.sort { ($0.backupTime ?? .minimumISO, $0.id) < ($1.backupTime ?? .minimumISO, $1.id) }
        var extra = ""
        for (name, value) in [("organizationId", organization), ("jobId", job), ("repositoryId", repository)] {
            if let value { extra += "&\(name)=\(value)" }
        }
        for name in ["from", "to", "orderAsc"] where version >= .v7 {
            if let text = query[name.lowercased()] { extra += "&\(name)=\(Self.encode(text))" }
        }
        if version >= .v7, query["orderasc"]?.lowercased() == "false" { points.reverse() }
        let all = points
        return protectionPage(encoder, count: all.count, path: encoder.collection("RestorePoints"), query, extra: extra)
        {
            .restorePoints(Array(all[$0]))
        }
    }

    /// The users, groups, sites or teams with backups (v8), across organizations or filtered by
    /// `organizationId`, `backedUpOrganizationId` and `repositoryId`.
    func protectedObjects(
        _ encoder: WireEncoder, _ world: ProtectionGenerator, _ kind: ProtectedObjectKind, _ query: [String: String]
    ) throws(Refused) -> SimulatorResponse {
        let (chosen, extra) = try organizations(encoder.version, world, query, repository: true)
        let names: [ProtectedObjectKind: String] = [.user: "Users", .group: "Groups", .site: "Sites", .team: "Teams"]
        let count = chosen.reduce(0) { $0 + world.backedUpCount(kind, organization: $1) }
        let path = encoder.collection("Protected\(names[kind] ?? "Users")")
        return protectionPage(encoder, count: count, path: path, query, extra: extra) {
            .protected(
                kind,
                world.rows(
                    $0, of: chosen, count: { world.backedUpCount(kind, organization: $0) },
                    row: { world.backedUp(kind, organization: $0, row: $1) }))
        }
    }
}
