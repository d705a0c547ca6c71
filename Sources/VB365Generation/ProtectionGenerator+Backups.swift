import VB365Model
import VB365Support

extension ProtectionGenerator {
    // MARK: - When objects were backed up

    /// Seconds after midnight at which `job` runs (its `dailyTime`, 22:00 when it has none).
    func clock(ofJob j: Int) -> Int64 {
        let parts = (jobs[j].schedule?.dailyTime ?? "").split(separator: ":").compactMap { Int64($0) }
        guard parts.count >= 2 else { return 22 * 3600 }
        return parts[0] * 3600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0)
    }

    /// The newest moment by `by` (`now` unless told) at which `job` reached an object `delay`
    /// seconds into its run: less than one run interval before it; nil without a job.
    func lastRun(ofJob j: Int?, delay: Int64, by: Timestamp? = nil) -> Timestamp? {
        guard let j else { return nil }
        let interval = max(60, Int64(settings.interval))
        let now = (by ?? settings.now).ticks / Timestamp.ticksPerSecond
        let phase = ((clock(ofJob: j) + delay) % interval + interval) % interval
        let runs = (now - phase) >= 0 ? (now - phase) / interval : (now - phase - interval + 1) / interval
        return Timestamp(secondsSince1970: phase + runs * interval)
    }

    /// A mark of data backed up at `time`, or none without a time.
    static func mark(_ time: Timestamp?) -> BackupMark? { time.map { BackupMark(isBackedUp: true, time: $0) } }

    /// A user's backups and licence: the regular users' mailbox, archive, OneDrive and personal
    /// site, the backed-up shared mailbox's mailbox; none for the gaps' users, whose licence says
    /// why (`TemporarilyAssigned` for the one never backed up, `Exceeded` over the limit). A user
    /// the job no longer selects (`deselectedUsers(organization:)`) was last backed up by its last
    /// run before `SettingsIncidents.time`.
    func addUserBackups(_ entry: inout Entry) {
        let o = entry.tenant.index
        let k = entry.index
        switch k {
        case newUser, maskedMailbox:
            return
        case neverBackedUpUser:
            entry.object.license = LicenseMark(state: .temporarilyAssigned, isBackedUp: false)
            return
        case exceededUser where o == 0:
            entry.object.license = LicenseMark(state: .exceeded, isBackedUp: false)
            return
        default: break
        }
        let job = plans[o].usersJob
        let delay = 60 + Int64(k % 1200) * 3
        let by = isDeselected(o, k) ? min(settings.now, SettingsIncidents.time) : settings.now
        entry.object.backups[.mailbox] = Self.mark(lastRun(ofJob: job, delay: delay, by: by))
        guard k != sharedMailbox else { return }
        if entry.archiveID != nil {
            entry.object.backups[.archive] = Self.mark(lastRun(ofJob: job, delay: delay + 20, by: by))
        }
        if entry.site != nil {
            entry.object.backups[.oneDrive] = Self.mark(lastRun(ofJob: job, delay: delay + 40, by: by))
            entry.object.backups[.personalSite] = Self.mark(lastRun(ofJob: job, delay: delay + 60, by: by))
        }
        let newest = entry.object.backups.values.compactMap(\.time).max()
        entry.object.license = LicenseMark(state: .licensed, isBackedUp: newest != nil, lastBackup: newest)
    }

    /// A group's mailbox and site, backed up by the users' job.
    func addGroupBackups(_ entry: inout Entry) {
        let job = plans[entry.tenant.index].usersJob
        let delay = 30 + Int64(entry.index) * 45
        entry.object.backups[.groupMailbox] = Self.mark(lastRun(ofJob: job, delay: delay))
        entry.object.backups[.groupSite] = Self.mark(lastRun(ofJob: job, delay: delay + 30))
    }

    /// A non-personal site, backed up by the sites' job; the excluded one last 30 days before.
    func addSiteBackups(_ entry: inout Entry) {
        var time = lastRun(ofJob: plans[entry.tenant.index].sitesJob, delay: 45 + Int64(entry.index) * 60)
        if entry.index == Self.excludedSite { time = time?.adding(seconds: -30 * Seconds.day) }
        entry.object.backups[.site] = Self.mark(time)
    }

    /// A team, backed up by the teams' job; the stale one last three days before.
    func addTeamBackups(_ entry: inout Entry) {
        var time = lastRun(ofJob: plans[entry.tenant.index].teamsJob, delay: 90 + Int64(entry.index) * 120)
        if entry.index == Self.staleTeam { time = time?.adding(seconds: -3 * Seconds.day) }
        entry.object.backups[.team] = Self.mark(time)
    }

    // MARK: - Backup data: what each organization's repository holds

    /// How many objects of `kind` organization `o`'s repository holds (`UserData` and the like),
    /// and `ProtectedUsers` and the like list: the users with backup data and the backed-up shared
    /// mailbox; every group, non-personal site (the excluded one from its old backups) and team.
    package func backedUpCount(_ kind: ProtectedObjectKind, organization o: Int) -> Int {
        switch kind {
        case .user: return backedUpUsers(o) + 1
        case .site: return Self.siteNames.count
        default: return count(kind)
        }
    }

    /// Row `row` of organization `o`'s backup data of `kind`.
    package func backedUp(_ kind: ProtectedObjectKind, organization o: Int, row: Int) -> Entry {
        guard kind == .user else { return entry(kind, organization: o, index: row) }
        return user(o, row < backedUpUsers(o) ? row : sharedMailbox)
    }

    /// One mailbox in backup data (`MailboxData`): a user's primary or archive mailbox.
    package struct Mailbox: Hashable, Sendable {
        /// The user (or shared mailbox) it belongs to.
        package var owner: Entry
        /// True for the archive mailbox, false for the primary one.
        package var isArchive: Bool

        /// The mailbox's id in backup data.
        package var id: EntityID? { isArchive ? owner.archiveID : owner.mailboxID }
    }

    /// How many mailboxes organization `o`'s repository holds: every backed-up user's primary
    /// mailbox, then the archives.
    package func mailboxCount(organization o: Int) -> Int {
        backedUpCount(.user, organization: o) + (backedUpUsers(o) + 3) / 4
    }

    /// Mailbox `row` of organization `o`'s repository.
    package func mailbox(organization o: Int, row: Int) -> Mailbox {
        let primaries = backedUpCount(.user, organization: o)
        if row < primaries { return Mailbox(owner: backedUp(.user, organization: o, row: row), isArchive: false) }
        return Mailbox(owner: user(o, (row - primaries) * 4), isArchive: true)
    }

    /// How many OneDrives organization `o`'s repository holds: one per backed-up regular user.
    package func oneDriveCount(organization o: Int) -> Int { backedUpUsers(o) }

    // MARK: - Licensed users

    /// How many users `/LicensedUsers` lists of organization `o`: every user but the newest,
    /// those never backed up included (shared mailboxes need no licence).
    package func licensedCount(organization o: Int) -> Int { users - 1 }

    /// Licensed user `row` of organization `o`.
    package func licensedUser(organization o: Int, row: Int) -> Entry { user(o, row) }

    // MARK: - Lists across organizations

    /// Rows `range` of a list that runs through `organizations` in turn, each contributing
    /// `count(o)` rows that `row(o, i)` makes; only the rows asked for are made.
    package func rows<T>(
        _ range: Range<Int>, of organizations: [Int], count: (Int) -> Int, row: (Int, Int) -> T
    ) -> [T] {
        var out: [T] = []
        out.reserveCapacity(range.count)
        var start = 0
        for o in organizations where start < range.upperBound {
            let n = count(o)
            let lower = max(range.lowerBound, start) - start
            let upper = min(range.upperBound, start + n) - start
            if lower < upper { for i in lower..<upper { out.append(row(o, i)) } }
            start += n
        }
        return out
    }

    // MARK: - Storage

    /// What an organization uses of a repository (`/Organizations/{id}/usedRepositories`).
    package struct StorageUsage: Hashable, Sendable {
        /// The repository used.
        package var repositoryID: EntityID
        /// Bytes its backups use; nil when the repository's figures are not known.
        package var usedSpaceBytes: Int64?
        /// The objects with backup data in it (v8 `protectedObjectsCount`).
        package var protectedObjects: Int64
    }

    /// Organization `o`'s use of its repository, whose figures `repository` gives (its capacity
    /// less its free space, as only the organization writes to it).
    package func storageUsage(organization o: Int, repository: Repository?) -> StorageUsage {
        var used: Int64?
        if let capacity = repository?.capacityBytes, let free = repository?.freeSpaceBytes { used = capacity - free }
        let objects = ProtectedObjectKind.allCases.reduce(0) { $0 + backedUpCount($1, organization: o) }
        return StorageUsage(
            repositoryID: tenant(o).repositoryID, usedSpaceBytes: used ?? repository?.usedSpaceBytes,
            protectedObjects: Int64(objects))
    }
}
