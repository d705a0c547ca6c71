import VB365Model
import VB365Support

extension ProtectionGenerator {
    /// One item of a job's `SelectedItems` or `ExcludedItems`, with the object it names.
    package struct JobEntry: Hashable, Sendable {
        /// What the item selects (or excludes), as a fetch should read it back.
        package var item: JobItem
        /// The item's own id (`id`).
        package var id: String
        /// The user, group, site or team it names; nil for a `PartialOrganization` item.
        package var entry: Entry?
    }

    /// The items job `id` selects, in order; nil for a job this world does not know.
    package func selectedItems(ofJob id: EntityID) -> [JobEntry]? {
        guard let j = job(id), let o = organization(ofJob: j) else { return nil }
        let plan = plans[o]
        var out: [JobEntry] = []
        if plan.sitesJobs.contains(j) {
            var item = JobItem(jobID: id, isExclusion: false, type: .partialOrganization)
            item.data = [.site]
            out.append(JobEntry(item: item, id: itemID(id, "organization"), entry: nil))
        }
        if plan.usersJob == j {
            for k in selectedUsers(organization: o) { out.append(userItem(id, user(o, k), vip: false)) }
            for k in 0..<count(.group) {
                out.append(objectItem(id, group(o, k), exclusion: false, data: [.groupMailbox, .groupSite]))
            }
            if plan.sitesJobs.isEmpty {
                for k in 0..<Self.siteNames.count where k != Self.excludedSite {
                    out.append(objectItem(id, site(o, k), exclusion: false, data: [.site]))
                }
            }
        }
        if plan.teamsJob == j {
            for k in 0..<count(.team) { out.append(objectItem(id, team(o, k), exclusion: false, data: [.team])) }
        }
        if plan.vipJobs.contains(j) {
            for k in 0..<min(3, backedUpUsers(o)) { out.append(userItem(id, user(o, k), vip: true)) }
        }
        return out
    }

    /// The items job `id` excludes: the excluded site, in every job that backs up the
    /// organization's sites; nil for a job this world does not know.
    package func excludedItems(ofJob id: EntityID) -> [JobEntry]? {
        guard let j = job(id), let o = organization(ofJob: j) else { return nil }
        let plan = plans[o]
        guard plan.sitesJobs.contains(j) || (plan.sitesJobs.isEmpty && plan.usersJob == j) else { return [] }
        return [objectItem(id, site(o, Self.excludedSite), exclusion: true, data: [])]
    }

    /// The users (indexes) the users' job of organization `o` selects one by one, in its order:
    /// every user but the newest, then the backed-up shared mailbox; in the first organization
    /// from `SettingsIncidents.time` on (`settings.now`), only the first half of them (rounded
    /// down).
    package func selectedUsers(organization o: Int) -> [Int] {
        let all = Array(0..<newUser) + [sharedMailbox]
        return isSelectionShrunk(organization: o) ? Array(all.prefix(all.count / 2)) : all
    }

    /// The users (indexes) the users' job of organization `o` selected before
    /// `SettingsIncidents.time` and no longer does at `settings.now`: the second half of them in
    /// the first organization from that time on, none otherwise. They stay in the directory; their
    /// backups stop at the job's last run before that time.
    package func deselectedUsers(organization o: Int) -> [Int] {
        guard isSelectionShrunk(organization: o) else { return [] }
        let all = Array(0..<newUser) + [sharedMailbox]
        return Array(all.dropFirst(all.count / 2))
    }

    /// True when organization `o`'s users' job selects only half of its users at `settings.now`
    /// (`SettingsIncidents`): the first organization, from `SettingsIncidents.time` on.
    package func isSelectionShrunk(organization o: Int) -> Bool {
        o == 0 && SettingsIncidents.isWeakened(at: settings.now)
    }

    /// True when user `k` of organization `o` is one of `deselectedUsers(organization:)`.
    func isDeselected(_ o: Int, _ k: Int) -> Bool {
        guard isSelectionShrunk(organization: o), k != newUser, k != maskedMailbox else { return false }
        return k >= users / 2
    }

    /// The job that selects users and groups in organization `o`.
    package func usersJob(organization o: Int) -> EntityID? { plans[o].usersJob.map { jobs[$0].id } }

    /// The job that selects teams in organization `o`.
    package func teamsJob(organization o: Int) -> EntityID? { plans[o].teamsJob.map { jobs[$0].id } }

    /// The job that backs up (and excludes) sites in organization `o`.
    package func sitesJob(organization o: Int) -> EntityID? { plans[o].sitesJob.map { jobs[$0].id } }

    /// A stable item id for `key` in `job`.
    func itemID(_ job: EntityID, _ key: String) -> String {
        SessionGenerator.uuid(settings.seed, 55, Int(truncatingIfNeeded: FNV1a.hash("\(job)/\(key)".utf8)))
            .description
    }

    /// A user item: every kind of data the user has (a shared mailbox: its mailbox), or, for a VIP
    /// job, the mailbox and the archive it has.
    func userItem(_ job: EntityID, _ user: Entry, vip: Bool) -> JobEntry {
        var data: Set<ProtectedData> = [.mailbox]
        if user.archiveID != nil { data.insert(.archive) }
        if !vip && user.site != nil { data.formUnion([.oneDrive, .personalSite]) }
        return objectItem(job, user, exclusion: false, data: data)
    }

    /// An item that names one object.
    func objectItem(_ job: EntityID, _ entry: Entry, exclusion: Bool, data: Set<ProtectedData>) -> JobEntry {
        let type: JobItemType
        switch entry.object.kind {
        case .user: type = .user
        case .group: type = .group
        case .site: type = .site
        case .team: type = .team
        }
        var item = JobItem(jobID: job, isExclusion: exclusion, type: type)
        item.objectID = entry.object.id
        item.name = entry.object.name
        item.address = entry.object.address
        item.data = data
        return JobEntry(item: item, id: itemID(job, entry.object.id), entry: entry)
    }

    // MARK: - Restore points

    /// The kinds of data a job's restore points hold, by what it selects.
    func restorePointData(ofJob j: Int, organization o: Int) -> Set<RestorePointData> {
        let plan = plans[o]
        var data: Set<RestorePointData> = []
        if plan.sitesJobs.contains(j) { data.insert(.sharePoint) }
        if plan.usersJob == j { data.formUnion([.exchange, .oneDrive, .sharePoint]) }
        if plan.teamsJob == j { data.insert(.teams) }
        if plan.vipJobs.contains(j) { data.insert(.exchange) }
        return data
    }

    /// The restore point a finished run of a backup job made, at its end: successful, warned and
    /// stopped runs make one (a stopped run keeps what it processed); failed and running runs
    /// none. A backup copy job's run makes a copy (`isCopy`) holding what its backup job's do, in
    /// the repository it copies to (the object storage), immutable until
    /// `immutableUntil(repository:made:)`.
    package func restorePoint(of session: JobSession) -> RestorePoint? {
        guard let jobID = session.jobID, let j = job(jobID) ?? copySources[jobID], let o = organization(ofJob: j),
            let end = session.endTime, [.success, .warning, .stopped].contains(session.status)
        else { return nil }
        let key = Int(truncatingIfNeeded: FNV1a.hash(session.id.description.utf8))
        var point = RestorePoint(id: SessionGenerator.uuid(settings.seed, 56, key).description)
        point.jobID = jobID
        point.organizationID = organizations[o].id
        point.repositoryID = session.repositoryID ?? tenant(o).repositoryID
        point.backupTime = end
        point.data = restorePointData(ofJob: j, organization: o)
        point.isCopy = job(jobID) == nil
        point.immutableUntil = point.repositoryID.flatMap { immutableUntil(repository: $0, made: end) }
        return point
    }

    /// Until when a restore point made at `made` in `repository` is immutable: in the object
    /// storage, `SettingsIncidents.immutabilityDays` days after it was made when that was before
    /// `SettingsIncidents.time`; nil from then on, and in the disk repositories.
    package func immutableUntil(repository: EntityID, made: Timestamp) -> Timestamp? {
        guard repository == objectStorageRepositoryID, !SettingsIncidents.isWeakened(at: made) else { return nil }
        return made.adding(seconds: Double(SettingsIncidents.immutabilityDays) * Seconds.day)
    }
}
