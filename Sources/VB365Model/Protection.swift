/// What a protection snapshot holds: the objects a Microsoft 365 organization has (users, groups,
/// sites, teams), which of their data VB365 backed up and when, the licence state of its users,
/// what each job selects and excludes, and the restore points the jobs made. One snapshot is one
/// organization of one server at one time; the fetch writes it (see `ProtectionSnapshotFile` in
/// VB365Reading) and the statistics judge it against the RPO.

/// The kinds of object an organization has.
public enum ProtectedObjectKind: String, CaseIterable, Hashable, Sendable, Comparable {
    case user, group, site, team

    /// The word for one object: `user`, `group`, `site`, `team`.
    public var word: String { rawValue }

    /// The data kinds an object of this kind can hold.
    public var dataKinds: [ProtectedData] {
        switch self {
        case .user: return [.mailbox, .archive, .oneDrive, .personalSite]
        case .group: return [.groupMailbox, .groupSite]
        case .site: return [.site]
        case .team: return [.team]
        }
    }

    /// Its place in `allCases`: what order, equality and hashing use (a raw value's string would
    /// be hashed and compared otherwise, on the judgement's hot path).
    var ordinal: Int {
        switch self {
        case .user: return 0
        case .group: return 1
        case .site: return 2
        case .team: return 3
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
    public static func == (a: Self, b: Self) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// One kind of data of an object, as VB365's backup data reports it (`isMailboxBackedUp`,
/// `archiveBackedUpTime`, a site's `backedUpTime`, ...).
public enum ProtectedData: String, CaseIterable, Hashable, Sendable, Comparable {
    case mailbox
    case archive
    case oneDrive = "onedrive"
    case personalSite = "personal-site"
    case groupMailbox = "group-mailbox"
    case groupSite = "group-site"
    case site
    case team

    /// The words for it in a sentence: `mailbox`, `archive mailbox`, `OneDrive`, ...
    public var word: String {
        switch self {
        case .mailbox: return "mailbox"
        case .archive: return "archive mailbox"
        case .oneDrive: return "OneDrive"
        case .personalSite: return "personal site"
        case .groupMailbox: return "group mailbox"
        case .groupSite: return "group site"
        case .site: return "site"
        case .team: return "team"
        }
    }

    /// The kind of object that holds it.
    public var objectKind: ProtectedObjectKind {
        switch self {
        case .mailbox, .archive, .oneDrive, .personalSite: return .user
        case .groupMailbox, .groupSite: return .group
        case .site: return .site
        case .team: return .team
        }
    }

    /// Its place in `allCases`: what order, equality and hashing use (a raw value's string would
    /// be hashed and compared otherwise, on the judgement's hot path).
    var ordinal: Int {
        switch self {
        case .mailbox: return 0
        case .archive: return 1
        case .oneDrive: return 2
        case .personalSite: return 3
        case .groupMailbox: return 4
        case .groupSite: return 5
        case .site: return 6
        case .team: return 7
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
    public static func == (a: Self, b: Self) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// A user's kind of account: `User`, `Shared` or `Public` in `/Organizations/{id}/Users`
/// (`SharedMailbox`, `PublicMailbox` in backup data).
public enum AccountKind: String, CaseIterable, Hashable, Sendable {
    case user, shared, `public`

    /// Reads `User`, `Shared`, `SharedMailbox`, `Public`, `PublicMailbox` (any case); nil otherwise.
    public init?(wire: String) {
        switch wire.lowercased() {
        case "user": self = .user
        case "shared", "sharedmailbox": self = .shared
        case "public", "publicmailbox": self = .public
        default: return nil
        }
    }
}

/// A user's licence state from `/LicensedUsers`.
public enum UserLicenseState: Hashable, Sendable {
    /// A unit is in use: the user has a restore point from the last 31 days.
    case licensed
    /// Rental only: from the first backup to the 1st of the next month; uses no unit.
    case new
    /// From a job's start until its first success (PowerShell spells it `TemporaryAssigned`).
    case temporarilyAssigned
    /// Over the licence's limit: queued, and not backed up.
    case exceeded
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word, in any case.
    public init(wire: String) {
        switch wire.lowercased() {
        case "licensed": self = .licensed
        case "new": self = .new
        case "temporarilyassigned", "temporaryassigned": self = .temporarilyAssigned
        case "exceeded": self = .exceeded
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses.
    public var wire: String {
        switch self {
        case .licensed: return "Licensed"
        case .new: return "New"
        case .temporarilyAssigned: return "TemporarilyAssigned"
        case .exceeded: return "Exceeded"
        case .other(let word): return word
        }
    }
}

/// Whether one kind of an object's data was backed up, and when last (the newest over every
/// repository that holds it).
public struct BackupMark: Hashable, Sendable {
    /// The server said this data was backed up (`isMailboxBackedUp` and the like, or a time).
    public var isBackedUp: Bool
    /// The newest backup; nil when the server sent no readable time.
    public var time: Timestamp?

    /// Creates a mark.
    public init(isBackedUp: Bool, time: Timestamp?) {
        self.isBackedUp = isBackedUp
        self.time = time
    }

    /// The newer of two marks of the same data (from two repositories).
    public func merged(with other: BackupMark) -> BackupMark {
        let time: Timestamp? =
            switch (self.time, other.time) {
            case (let a?, let b?): max(a, b)
            case (let a?, nil): a
            case (nil, let b): b
            }
        return BackupMark(isBackedUp: isBackedUp || other.isBackedUp || time != nil, time: time)
    }
}

/// What `/LicensedUsers` says of a user.
public struct LicenseMark: Hashable, Sendable {
    public var state: UserLicenseState
    /// `isBackedUp`: the user was processed by a backup job.
    public var isBackedUp: Bool?
    /// `lastBackupDate`: when a job processed the user last.
    public var lastBackup: Timestamp?

    /// Creates a mark.
    public init(state: UserLicenseState, isBackedUp: Bool? = nil, lastBackup: Timestamp? = nil) {
        self.state = state
        self.isBackedUp = isBackedUp
        self.lastBackup = lastBackup
    }
}

/// One object of an organization, with what the server says of its backups.
public struct ProtectionObject: Hashable, Sendable {
    public var kind: ProtectedObjectKind
    /// The object's id in the organization (`/Organizations/{id}/Users` `id`, a backup-data
    /// `accountId`, a site's id); the key that joins the directory, the backup data, the licences
    /// and the jobs' selections.
    public var id: String
    /// The display name (a site's title).
    public var name: String?
    /// The e-mail address (users, groups, teams) or the URL (sites).
    public var address: String?
    /// Users: a person's, a shared or a public mailbox; nil when not sent.
    public var account: AccountKind?
    /// Sites: a personal (OneDrive) site.
    public var isPersonal = false
    /// The organization lists the object now (`/Organizations/{id}/Users` and the like); false for
    /// an object known only from backup data (deleted from Microsoft 365, or not listed).
    public var inDirectory = false
    /// Each kind of data that backup data reports for the object; a kind that no repository
    /// reports is absent.
    public var backups: [ProtectedData: BackupMark] = [:]
    /// Users: what `/LicensedUsers` says; nil when it does not list the user.
    public var license: LicenseMark?

    /// Creates an object with only its kind and id.
    public init(kind: ProtectedObjectKind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// The name to show: the name, else the address, else the id.
    public var displayName: String { name ?? address ?? id }

    /// Adds a repository's mark of `data`, keeping the newer.
    public mutating func addBackup(_ data: ProtectedData, _ mark: BackupMark) {
        backups[data] = backups[data].map { $0.merged(with: mark) } ?? mark
    }
}

/// What a job item selects or excludes: a user, group, site or team, a whole organization, its
/// personal sites, or OneDrive folders.
public enum JobItemType: Hashable, Sendable {
    case user, group, site, team, partialOrganization, personalSites, oneDriveFolders
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word, in any case.
    public init(wire: String) {
        switch wire.lowercased() {
        case "user": self = .user
        case "group": self = .group
        case "site": self = .site
        case "team": self = .team
        case "partialorganization": self = .partialOrganization
        case "personalsites": self = .personalSites
        case "onedrivefolders": self = .oneDriveFolders
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses.
    public var wire: String {
        switch self {
        case .user: return "User"
        case .group: return "Group"
        case .site: return "Site"
        case .team: return "Team"
        case .partialOrganization: return "PartialOrganization"
        case .personalSites: return "PersonalSites"
        case .oneDriveFolders: return "OneDriveFolders"
        case .other(let word): return word
        }
    }

    /// The kind of object the item names, when it names one.
    public var objectKind: ProtectedObjectKind? {
        switch self {
        case .user: return .user
        case .group: return .group
        case .site: return .site
        case .team: return .team
        default: return nil
        }
    }
}

/// One item of a job's `SelectedItems` or `ExcludedItems`.
public struct JobItem: Hashable, Sendable {
    public var jobID: EntityID
    /// True for an item of `ExcludedItems`: the job leaves it out on purpose.
    public var isExclusion: Bool
    public var type: JobItemType
    /// The id of the user, group, site or team it names (its `user.id`, `group.id`, ...).
    public var objectID: String?
    public var name: String?
    /// The e-mail address or URL of what it names.
    public var address: String?
    /// The data it selects (or excludes) of the object: from `mailbox`, `archiveMailbox`,
    /// `oneDrive`, `personalSite`, `groupSite`, `sites`, `teams` (an item that sends no option
    /// selects every kind of its object).
    public var data: Set<ProtectedData> = []
    /// A group item with `members`: it selects the group's members too (which the API lists
    /// elsewhere).
    public var includesMembers = false

    /// Creates an item.
    public init(jobID: EntityID, isExclusion: Bool, type: JobItemType) {
        self.jobID = jobID
        self.isExclusion = isExclusion
        self.type = type
    }
}

/// A job of the organization, as far as protection needs it.
public struct ProtectionJob: Hashable, Sendable {
    public var id: EntityID
    public var name: String?
    /// `EntireOrganization` or `SelectedItems`, as sent; nil for a copy job or when not sent.
    public var backupType: String?
    public var isEnabled: Bool?

    /// Creates a job.
    public init(id: EntityID, name: String? = nil, backupType: String? = nil, isEnabled: Bool? = nil) {
        self.id = id
        self.name = name
        self.backupType = backupType
        self.isEnabled = isEnabled
    }

    /// True when the job backs up the whole organization (less its exclusions).
    public var isEntireOrganization: Bool { backupType?.lowercased() == "entireorganization" }
}

/// The kinds of data a restore point holds.
public enum RestorePointData: String, CaseIterable, Hashable, Sendable {
    case exchange, oneDrive = "onedrive", sharePoint = "sharepoint", teams
}

/// A restore point from `/RestorePoints`.
public struct RestorePoint: Hashable, Sendable {
    public var id: String
    public var jobID: EntityID?
    public var organizationID: EntityID?
    public var repositoryID: EntityID?
    /// `backupTime`; nil when not sent or unreadable.
    public var backupTime: Timestamp?
    /// `isExchange`, `isOneDrive`, `isSharePoint`, `isTeams`.
    public var data: Set<RestorePointData> = []
    /// Made by a backup copy job (v7+ `isCopy`).
    public var isCopy = false
    public var isLongTermCopy = false
    /// Retrieved from object storage by a retrieval job (not a backup).
    public var isRetrieved = false
    /// v8 `immutabilityExpiresOn`.
    public var immutableUntil: Timestamp?

    /// Creates a restore point with only an id.
    public init(id: String) { self.id = id }
}

/// The lists a protection snapshot is built from; each is read completely, or not.
public enum ProtectionSource: String, CaseIterable, Hashable, Sendable, Comparable {
    case users, groups, sites, teams
    /// `/BackupRepositories`: the repositories whose backup data is read.
    case backupData = "backup-data"
    /// `/BackupRepositories/{id}/UserData` of every repository.
    case userData = "user-data"
    /// `/BackupRepositories/{id}/GroupData` of every repository.
    case groupData = "group-data"
    /// `/BackupRepositories/{id}/SiteData` of every repository.
    case siteData = "site-data"
    /// `/BackupRepositories/{id}/TeamData` of every repository.
    case teamData = "team-data"
    case licensedUsers = "licensed-users"
    /// `/Jobs/{id}/SelectedItems` and `ExcludedItems`.
    case jobItems = "job-items"
    case restorePoints = "restore-points"

    /// The directory list of objects of `kind`.
    public static func directory(_ kind: ProtectedObjectKind) -> ProtectionSource {
        switch kind {
        case .user: return .users
        case .group: return .groups
        case .site: return .sites
        case .team: return .teams
        }
    }

    /// The backup-data lists of objects of `kind`.
    public static func backupData(_ kind: ProtectedObjectKind) -> ProtectionSource {
        switch kind {
        case .user: return .userData
        case .group: return .groupData
        case .site: return .siteData
        case .team: return .teamData
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How a source was read.
public enum SourceState: String, Hashable, Sendable {
    /// Read to its end.
    case complete
    /// The server does not serve it (404) or refused it to this account (401, 403): not known.
    case unavailable
    /// A request failed part of the way: what was read is kept, the rest is not known.
    case partial
}

/// One organization's protection as one fetch saw it.
public struct ProtectionSnapshot: Sendable {
    public var organizationID: EntityID
    public var organizationName: String?
    /// When the fetch took it.
    public var taken: Timestamp
    /// The API version it was read with.
    public var version: APIVersion?
    /// How each source was read; a source not listed was not asked for.
    public var sources: [ProtectionSource: SourceState] = [:]
    /// The organization's objects, and those known only from backup data; sorted by kind, then id.
    public var objects: [ProtectionObject] = []
    public var jobs: [ProtectionJob] = []
    public var jobItems: [JobItem] = []
    /// The restore points made since the snapshot before (in the first, since the start of its
    /// month).
    public var restorePoints: [RestorePoint] = []
    /// The server it came from: an index into `Inventory.servers`, -1 for none.
    public var server: Int16 = -1

    /// Creates an empty snapshot.
    public init(organizationID: EntityID, taken: Timestamp) {
        self.organizationID = organizationID
        self.taken = taken
    }

    /// True when `source` was read to its end.
    public func isComplete(_ source: ProtectionSource) -> Bool { sources[source] == .complete }

    /// True when the backup data of objects of `kind` was read from every repository: the list
    /// of repositories and each one's list of that kind.
    public func backupDataKnown(_ kind: ProtectedObjectKind) -> Bool {
        // A snapshot that does not list the kind's own list read it with the repositories.
        isComplete(.backupData) && (sources[.backupData(kind)] ?? .complete) == .complete
    }
}

/// A protection snapshot file an input holds, not yet read: snapshots are read one organization
/// at a time when protection is judged.
public struct ProtectionSnapshotReference: Hashable, Sendable {
    public var path: String
    /// The server whose folder holds it: an index into `Inventory.servers`, -1 for none.
    public var server: Int16
    public var organization: EntityID
    public var taken: Timestamp

    /// Creates a reference.
    public init(path: String, server: Int16, organization: EntityID, taken: Timestamp) {
        self.path = path
        self.server = server
        self.organization = organization
        self.taken = taken
    }
}
