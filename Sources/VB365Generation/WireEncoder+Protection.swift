import VB365Model
import VB365Support

extension WireEncoder {
    // MARK: - Protection documents (v6+)

    /// What a protection list holds.
    package enum ProtectionContent: Sendable {
        /// `/Organizations/{id}/Users` (and `Groups`, `Sites`, `Teams`).
        case directory(ProtectedObjectKind, [ProtectionGenerator.Entry])
        /// `/BackupRepositories/{id}/UserData` (and `GroupData`, `SiteData`, `TeamData`).
        case backupData(ProtectedObjectKind, [ProtectionGenerator.Entry])
        /// `/BackupRepositories/{id}/MailboxData`.
        case mailboxData([ProtectionGenerator.Mailbox])
        /// `/BackupRepositories/{id}/OneDriveData`: the users whose OneDrive is backed up.
        case oneDriveData([ProtectionGenerator.Entry])
        /// `/BackupRepositories/{id}/OrganizationData`.
        case organizationData([ProtectionGenerator.Tenant])
        /// `/LicensedUsers`.
        case licensedUsers([ProtectionGenerator.Entry])
        /// `/Jobs/{id}/SelectedItems` or `ExcludedItems`.
        case jobItems([ProtectionGenerator.JobEntry], job: EntityID, excluded: Bool)
        /// `/RestorePoints`.
        case restorePoints([RestorePoint])
        /// `/ProtectedUsers` (and `ProtectedGroups`, `ProtectedSites`, `ProtectedTeams`), v8.
        case protected(ProtectedObjectKind, [ProtectionGenerator.Entry])
        /// `/Organizations/{id}/usedRepositories`.
        case storageUsage([ProtectionGenerator.StorageUsage])
    }

    /// Whether this version sends `content` as a page: job items from v8 and restore points from
    /// v7 (bare arrays before), every other protection list always.
    package func isPaged(_ content: ProtectionContent) -> Bool {
        switch content {
        case .jobItems: return version >= .v8
        case .restorePoints: return version >= .v7
        default: return true
        }
    }

    /// One page (or the bare array) of a protection list, with the `self` and `next` links given
    /// as paths after `/vN/`; `setID` is the page's `setId` (from v7 one is made when none is
    /// given, as for the other lists).
    package func protectionPage(
        _ content: ProtectionContent, offset: Int, limit: Int, setID: EntityID? = nil, selfPath: String,
        nextPath: String?
    ) -> [UInt8] {
        var w = WireJSONWriter(indent: indent, capacity: 600 * limit + 256)
        guard isPaged(content) else {
            w.beginArray()
            protectionRows(&w, content)
            w.endArray()
            return w.bytes
        }
        w.beginObject()
        w.number("offset", Int64(offset))
        w.number("limit", Int64(limit))
        if let set = setID ?? (version >= .v7 ? SessionGenerator.uuid(UInt64(offset), 7, limit) : nil) {
            w.string("setId", set.description)
        }
        links(&w, [("self", selfPath), nextPath.map { ("next", $0) }])
        w.beginArray("results")
        protectionRows(&w, content)
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// A whole protection list in one response: the bare array, or a single page of it all.
    package func protectionList(_ content: ProtectionContent, path: String) -> [UInt8] {
        let limit = 10_000
        return protectionPage(
            content, offset: 0, limit: limit, selfPath: "\(collection(path))?offset=0&limit=\(limit)", nextPath: nil)
    }

    /// Writes each row of `content`.
    private func protectionRows(_ w: inout WireJSONWriter, _ content: ProtectionContent) {
        switch content {
        case .directory(let kind, let entries):
            for e in entries { directoryObject(&w, kind, e) }
        case .backupData(let kind, let entries):
            for e in entries { backupData(&w, kind, e) }
        case .mailboxData(let mailboxes): for m in mailboxes { mailboxData(&w, m) }
        case .oneDriveData(let entries): for e in entries { oneDriveData(&w, e) }
        case .organizationData(let tenants): for t in tenants { organizationData(&w, t) }
        case .licensedUsers(let entries): for e in entries { licensedUser(&w, e) }
        case .jobItems(let items, let job, let excluded):
            for item in items { jobItem(&w, item, job: job, excluded: excluded) }
        case .restorePoints(let points): for p in points { restorePoint(&w, p) }
        case .protected(let kind, let entries):
            for e in entries { protectedObject(&w, kind, e) }
        case .storageUsage(let usages): for u in usages { storageUsage(&w, u) }
        }
    }

    // MARK: - Directory objects

    /// The path of an organization's list of `kind` (`Organizations/{id}/Users`).
    package func directoryPath(_ kind: ProtectedObjectKind, _ tenant: ProtectionGenerator.Tenant) -> String {
        let names: [ProtectedObjectKind: String] = [.user: "Users", .group: "Groups", .site: "Sites", .team: "Teams"]
        return "\(collection("Organizations"))/\(tenant.id)/\(names[kind] ?? "Users")"
    }

    /// An object as its organization's list of `kind` writes it.
    func directoryObject(_ w: inout WireJSONWriter, _ kind: ProtectedObjectKind, _ e: ProtectionGenerator.Entry) {
        switch kind {
        case .user: directoryUser(&w, e)
        case .group: directoryGroup(&w, e)
        case .site: directorySite(&w, e)
        case .team: directoryTeam(&w, e)
        }
    }

    /// A user as `RESTUser` (member `name` inside a job item).
    func directoryUser(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry, as name: String? = nil) {
        w.beginObject(name)
        w.string("id", e.object.id)
        w.string("displayName", e.object.name)
        w.string("name", e.object.address)
        w.string("type", e.object.account == .shared ? "Shared" : "User")
        w.string("locationType", "Cloud")
        if version >= .v8 { w.string("msid", e.msid.description) }
        links(&w, [("self", "\(directoryPath(.user, e.tenant))/\(e.object.id)")])
        w.endObject()
    }

    /// A group as `RESTGroup`, with its site's address.
    func directoryGroup(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry, as name: String? = nil) {
        w.beginObject(name)
        w.string("id", e.object.id)
        w.string("displayName", e.object.name)
        w.string("name", e.object.address)
        w.string("type", "Office365")
        w.string("site", e.site?.url)
        w.string("locationType", "Cloud")
        if version >= .v8 { w.string("msid", e.msid.description) }
        links(&w, [("self", "\(directoryPath(.group, e.tenant))/\(e.object.id)")])
        w.endObject()
    }

    /// A site as `RESTSite`, or inside a job item as `RESTJobSite` (no `isAvailable`, no `msid`).
    func directorySite(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry, as name: String? = nil) {
        w.beginObject(name)
        w.string("id", e.object.id)
        w.string("url", e.object.address)
        w.string("title", e.object.name)
        w.string("name", e.object.name)
        w.bool("isCloud", true)
        w.bool("isPersonal", e.object.isPersonal)
        if name == nil {
            w.bool("isAvailable", true)
            if version >= .v8 { w.string("msid", e.msid.description) }
        }
        links(&w, [("self", "\(directoryPath(.site, e.tenant))/\(e.object.id)")])
        w.endObject()
    }

    /// A team as `RESTTeam`.
    func directoryTeam(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry, as name: String? = nil) {
        w.beginObject(name)
        w.string("id", e.object.id)
        w.string("displayName", e.object.name)
        w.string("mail", e.object.address)
        w.string("description", "Team of \(e.object.displayName.replacingOccurrences(of: " team", with: ""))")
        if version >= .v8 { w.string("msid", e.msid.description) }
        links(&w, [("self", "\(directoryPath(.team, e.tenant))/\(e.object.id)")])
        w.endObject()
    }

    // MARK: - Backup data

    /// The members every backup-data row has beside its own: the organization's ids, and from v7
    /// the item type and repository (v7 also the proxy and `isDeleted`).
    func backupDataHead(_ w: inout WireJSONWriter, _ tenant: ProtectionGenerator.Tenant, itemType: String) {
        w.string("organizationId", tenant.id.description)
        guard version >= .v7 else { return }
        w.string("backedUpOrganizationId", tenant.backedUpID.description)
        w.string("itemType", itemType)
        w.string("repositoryId", tenant.repositoryID.description)
        if version == .v7 {
            w.string("proxyId", tenant.proxyID.description)
            w.bool("isDeleted", false)
        }
    }

    /// `isXBackedUp` and `xBackedUpTime` (null when never).
    func backupMark(_ w: inout WireJSONWriter, _ flag: String, _ time: String, _ mark: BackupMark?) {
        w.bool(flag, mark?.isBackedUp ?? false)
        if let t = mark?.time { w.string(time, self.time(t)) } else { w.null(time) }
    }

    /// A list of addresses, empty when none.
    func addresses(_ w: inout WireJSONWriter, _ name: String, _ values: [String]) {
        w.beginArray(name)
        for v in values { w.string(nil, v) }
        w.endArray()
    }

    /// The link to a row of `list` in the entry's repository.
    func backupDataLink(_ tenant: ProtectionGenerator.Tenant, _ list: String, _ id: String) -> String {
        "\(collection("BackupRepositories"))/\(tenant.repositoryID)/\(list)/\(id)"
    }

    /// An object's row of its repository's backup data of `kind`.
    func backupData(_ w: inout WireJSONWriter, _ kind: ProtectedObjectKind, _ e: ProtectionGenerator.Entry) {
        switch kind {
        case .user: userData(&w, e)
        case .group: groupData(&w, e)
        case .site: siteData(&w, e)
        case .team: teamData(&w, e)
        }
    }

    /// A user's row of `UserData`.
    func userData(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        let backups = e.object.backups
        w.beginObject()
        w.string("id", e.object.id)
        w.string("accountId", e.object.id)
        w.string("displayName", e.object.name)
        w.string("email", e.object.address)
        w.string("accountType", e.object.account == .shared ? "SharedMailbox" : "User")
        backupDataHead(&w, e.tenant, itemType: "User")
        backupMark(&w, "isMailboxBackedUp", "mailboxBackedUpTime", backups[.mailbox])
        if e.archiveID != nil { w.string("archiveName", e.archiveName) }
        backupMark(&w, "isArchiveBackedUp", "archiveBackedUpTime", backups[.archive])
        backupMark(&w, "isOneDriveBackedUp", "oneDriveBackedUpTime", backups[.oneDrive])
        addresses(&w, "oneDriveUrl", backups[.oneDrive] == nil ? [] : [e.site?.url].compactMap { $0 })
        backupMark(&w, "isPersonalSiteBackedUp", "personalSiteBackedUpTime", backups[.personalSite])
        addresses(&w, "personalSiteUrl", backups[.personalSite] == nil ? [] : [e.site?.url].compactMap { $0 })
        links(&w, [("self", backupDataLink(e.tenant, "UserData", e.object.id))])
        w.endObject()
    }

    /// A group's row of `GroupData`.
    func groupData(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        w.beginObject()
        w.string("id", e.object.id)
        w.string("accountId", e.object.id)
        w.string("displayName", e.object.name)
        w.string("email", e.object.address)
        backupDataHead(&w, e.tenant, itemType: "Group")
        backupMark(&w, "isMailboxBackedUp", "mailboxBackedUpTime", e.object.backups[.groupMailbox])
        backupMark(&w, "isSiteBackedUp", "siteBackedUpTime", e.object.backups[.groupSite])
        addresses(&w, "groupSiteUrl", e.object.backups[.groupSite] == nil ? [] : [e.site?.url].compactMap { $0 })
        links(&w, [("self", backupDataLink(e.tenant, "GroupData", e.object.id))])
        w.endObject()
    }

    /// A site's row of `SiteData`.
    func siteData(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        w.beginObject()
        w.string("id", e.object.id)
        w.string("title", e.object.name)
        w.string("url", e.object.address)
        backupDataHead(&w, e.tenant, itemType: "Site")
        if version >= .v8 { w.string("msid", e.msid.description) }
        w.string("backedUpTime", time(e.object.backups[.site]?.time))
        links(&w, [("self", backupDataLink(e.tenant, "SiteData", e.object.id))])
        w.endObject()
    }

    /// A team's row of `TeamData`.
    func teamData(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        w.beginObject()
        w.string("id", e.object.id)
        w.string("displayName", e.object.name)
        backupDataHead(&w, e.tenant, itemType: "Team")
        if version >= .v8 { w.string("msid", e.msid.description) }
        w.string("backedUpTime", time(e.object.backups[.team]?.time))
        links(&w, [("self", backupDataLink(e.tenant, "TeamData", e.object.id))])
        w.endObject()
    }

    /// A mailbox's row of `MailboxData` (v6 omits the members its schema requires but does not
    /// define: `isDeleted`, `itemType`, `repositoryId`).
    func mailboxData(_ w: inout WireJSONWriter, _ m: ProtectionGenerator.Mailbox) {
        let id = m.id?.description ?? m.owner.object.id
        w.beginObject()
        w.string("id", id)
        w.string("email", m.owner.object.address)
        w.string("displayName", m.isArchive ? m.owner.archiveName : m.owner.object.name)
        w.bool("isArchive", m.isArchive)
        backupDataHead(&w, m.owner.tenant, itemType: "Mailbox")
        w.string("backedUpTime", time(m.owner.object.backups[m.isArchive ? .archive : .mailbox]?.time))
        links(&w, [("self", backupDataLink(m.owner.tenant, "MailboxData", id))])
        w.endObject()
    }

    /// A user's OneDrive's row of `OneDriveData`.
    func oneDriveData(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        let id = e.oneDriveID?.description ?? e.object.id
        w.beginObject()
        w.string("id", id)
        w.string("title", e.object.name)
        w.string("url", e.site?.url)
        backupDataHead(&w, e.tenant, itemType: "OneDrive")
        w.string("backedUpTime", time(e.object.backups[.oneDrive]?.time))
        links(&w, [("self", backupDataLink(e.tenant, "OneDriveData", id))])
        w.endObject()
    }

    /// An organization's row of `OrganizationData`.
    func organizationData(_ w: inout WireJSONWriter, _ t: ProtectionGenerator.Tenant) {
        w.beginObject()
        w.string("displayName", t.name)
        w.string("organizationId", t.id.description)
        if version >= .v7 { w.string("backedUpOrganizationId", t.backedUpID.description) }
        if version >= .v8 { w.string("msid", t.msid.description) }
        links(&w, [("self", backupDataLink(t, "OrganizationData", t.id.description))])
        w.endObject()
    }

    // MARK: - Licences

    /// A user as `/LicensedUsers` lists it (`lastBackupDate` only once it was backed up).
    func licensedUser(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        let license = e.object.license
        w.beginObject()
        w.string("id", e.object.id)
        w.string("name", e.object.address)
        w.bool("isBackedUp", license?.isBackedUp ?? false)
        if let last = license?.lastBackup { w.string("lastBackupDate", time(last)) }
        w.string("licenseState", (license?.state ?? .licensed).wire)
        w.string("organizationId", e.tenant.id.description)
        w.string("organizationName", e.tenant.name)
        w.string("backedUpOrganizationId", e.tenant.backedUpID.description)
        links(&w, [("organization", "\(collection("Organizations"))/\(e.tenant.id)")])
        w.endObject()
    }

    // MARK: - Job items

    /// An item of a job's `SelectedItems` or `ExcludedItems` (`RESTJobItemComposed`): its type,
    /// the object it names, and the options of its type.
    func jobItem(_ w: inout WireJSONWriter, _ item: ProtectionGenerator.JobEntry, job: EntityID, excluded: Bool) {
        let data = item.item.data
        w.beginObject()
        w.string("id", item.id)
        w.string("type", item.item.type.wire)
        switch (item.item.type, item.entry) {
        case (.user, let e?):
            directoryUser(&w, e, as: "user")
            w.bool("mailbox", data.contains(.mailbox))
            w.bool("archiveMailbox", data.contains(.archive))
            w.bool("oneDrive", data.contains(.oneDrive))
            w.bool("personalSite", data.contains(.personalSite))
        case (.group, let e?):
            directoryGroup(&w, e, as: "group")
            w.bool("mailbox", data.contains(.groupMailbox))
            w.bool("groupSite", data.contains(.groupSite))
            w.bool("members", item.item.includesMembers)
        case (.site, let e?):
            directorySite(&w, e, as: "site")
        case (.team, let e?):
            directoryTeam(&w, e, as: "team")
            w.bool(version >= .v7 ? "teamsChats" : "chats", false)
        default:
            w.bool("mailbox", data.contains(.mailbox))
            w.bool("archiveMailbox", data.contains(.archive))
            w.bool("oneDrive", data.contains(.oneDrive))
            w.bool("sites", data.contains(.site))
            w.bool("teams", data.contains(.team))
            w.bool("teamsChats", false)
        }
        let list = excluded ? "ExcludedItems" : "SelectedItems"
        links(&w, [("self", "\(collection("Jobs"))/\(job)/\(list)/\(item.id)")])
        w.endObject()
    }

    // MARK: - Restore points

    /// A restore point (`isCopy` and `isDeleted` from v7; v8 `immutabilityExpiresOn` where it
    /// is immutable, left out where it is not).
    func restorePoint(_ w: inout WireJSONWriter, _ p: RestorePoint) {
        w.beginObject()
        w.string("id", p.id)
        w.string("backupTime", time(p.backupTime))
        w.string("jobId", p.jobID?.description)
        w.string("organizationId", p.organizationID?.description)
        w.string("repositoryId", p.repositoryID?.description)
        w.bool("isExchange", p.data.contains(.exchange))
        w.bool("isOneDrive", p.data.contains(.oneDrive))
        w.bool("isSharePoint", p.data.contains(.sharePoint))
        w.bool("isTeams", p.data.contains(.teams))
        w.bool("isLongTermCopy", p.isLongTermCopy)
        w.bool("isRetrieved", p.isRetrieved)
        if version >= .v7 {
            w.bool("isCopy", p.isCopy)
            w.bool("isDeleted", false)
        }
        if version >= .v8, let until = p.immutableUntil { w.string("immutabilityExpiresOn", time(until)) }
        links(
            &w,
            [
                ("self", "\(collection("RestorePoints"))/\(p.id)"),
                p.jobID.map { ("job", "\(collection("Jobs"))/\($0)") },
                p.organizationID.map { ("organization", "\(collection("Organizations"))/\($0)") },
            ])
        w.endObject()
    }

    // MARK: - Protected objects (v8)

    /// The members every protected object has: its organization's ids, `msid` and `eTag`.
    func protectedHead(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry) {
        w.string("organizationId", e.tenant.id.description)
        w.string("backedUpOrganizationId", e.tenant.backedUpID.description)
        w.string("msid", e.msid.description)
        w.number("eTag", Int64(e.index + 1))
    }

    /// A protected user, group, site or team: what it has backups of, without times or links.
    func protectedObject(_ w: inout WireJSONWriter, _ kind: ProtectedObjectKind, _ e: ProtectionGenerator.Entry) {
        let backups = e.object.backups
        w.beginObject()
        w.string("id", e.object.id)
        w.string("displayName", e.object.name)
        switch kind {
        case .user:
            w.string("accountType", e.object.account == .shared ? "SharedMailbox" : "User")
            protectedHead(&w, e)
            w.beginArray("mailboxes")
            if backups[.mailbox] != nil { protectedMailbox(&w, e, e.mailboxID, archive: false) }
            if backups[.archive] != nil { protectedMailbox(&w, e, e.archiveID, archive: true) }
            w.endArray()
            w.beginArray("oneDrives")
            if backups[.oneDrive] != nil, let site = e.site {
                w.beginObject()
                w.string("id", e.oneDriveID?.description ?? site.id)
                w.string("url", site.url)
                w.string("displayName", e.object.name)
                w.endObject()
            }
            w.endArray()
            w.beginArray("sites")
            if backups[.personalSite] != nil, let site = e.site { protectedSite(&w, e, site) }
            w.endArray()
        case .group:
            protectedHead(&w, e)
            w.beginArray("mailboxes")
            if backups[.groupMailbox] != nil { protectedMailbox(&w, e, e.mailboxID, archive: false) }
            w.endArray()
            w.beginArray("sites")
            if backups[.groupSite] != nil, let site = e.site { protectedSite(&w, e, site) }
            w.endArray()
        case .site:
            w.string("url", e.object.address)
            protectedHead(&w, e)
        case .team:
            w.string("description", "Team of \(e.object.displayName.replacingOccurrences(of: " team", with: ""))")
            protectedHead(&w, e)
        }
        w.endObject()
    }

    /// A mailbox inside a protected user or group.
    func protectedMailbox(_ w: inout WireJSONWriter, _ e: ProtectionGenerator.Entry, _ id: EntityID?, archive: Bool) {
        w.beginObject()
        w.string("id", id?.description)
        w.string("email", e.object.address)
        w.string("displayName", archive ? e.archiveName : e.object.name)
        w.bool("isArchive", archive)
        w.endObject()
    }

    /// A user's personal site or a group's site inside a protected user or group.
    func protectedSite(
        _ w: inout WireJSONWriter, _ owner: ProtectionGenerator.Entry, _ site: ProtectionGenerator.SiteLink
    ) {
        w.beginObject()
        w.string("id", site.id)
        w.string("displayName", site.title)
        w.string("url", site.url)
        w.string("organizationId", owner.tenant.id.description)
        w.string("backedUpOrganizationId", owner.tenant.backedUpID.description)
        w.string("msid", site.msid.description)
        w.number("eTag", Int64(owner.index + 1))
        w.endObject()
    }

    // MARK: - Storage

    /// What an organization uses of a repository (`protectedObjectsCount` and `repositoryId` v8).
    func storageUsage(_ w: inout WireJSONWriter, _ u: ProtectionGenerator.StorageUsage) {
        w.beginObject()
        if version >= .v8 { w.string("repositoryId", u.repositoryID.description) }
        if let used = u.usedSpaceBytes { w.number("usedSpaceBytes", used) } else { w.null("usedSpaceBytes") }
        w.null("localCacheUsedSpaceBytes")
        w.null("objectStorageUsedSpaceBytes")
        w.bool("isAvailable", true)
        if version >= .v8 { w.number("protectedObjectsCount", u.protectedObjects) }
        links(&w, [("backupRepository", "\(collection("BackupRepositories"))/\(u.repositoryID)")])
        w.endObject()
    }
}
