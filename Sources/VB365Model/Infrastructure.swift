/// A backup repository from `/BackupRepositories`, as one snapshot read it.
///
/// v1–v3 name the sizes `capacity` and `freeSpace`, v4 and later `capacityBytes` and
/// `freeSpaceBytes`; object-storage repositories (`objectStorageId` in v6–v7, an `objectStorage`
/// object in v8) have no meaningful capacity: their sizes come from `usedSpaceBytes` and, when a
/// size limit is set, `freeSpaceBytes` of the object storage.
public struct Repository: Hashable, Sendable {
    public var id: EntityID
    public var name: String?
    public var description: String?
    public var path: String?
    /// Bytes the repository can hold; nil when unknown (missing, null, 0 or not a number).
    public var capacityBytes: Int64?
    /// Free bytes; nil when unknown.
    public var freeSpaceBytes: Int64?
    /// Bytes used by backups, where the API says (object storage in v8).
    public var usedSpaceBytes: Int64?
    /// True for an object-storage repository (Azure Blob, Amazon S3, S3-compatible, ...).
    public var isObjectStorage = false
    /// The object storage's type (`AzureBlob`, `AmazonS3`, ...), as sent.
    public var objectStorageType: String?
    /// True for an archive tier (Glacier, Azure Archive).
    public var isLongTerm: Bool?
    /// The repository's cache is out of sync with its object storage.
    public var isOutOfSync: Bool?
    /// The repository must be upgraded (v8).
    public var isOutdated: Bool?
    /// The repository is in the Invalid state (v8), with `outOfOrderReason`.
    public var isOutOfOrder: Bool?
    public var outOfOrderReason: String?
    public var proxyID: EntityID?
    /// The organization the repository is bound to (v8), if any.
    public var organizationID: EntityID?
    /// `ItemLevel` or `SnapshotBased`, as sent.
    public var retentionType: String?
    /// How long backups are kept (`retentionPeriodType` with `dailyRetentionPeriod`,
    /// `monthlyRetentionPeriod` or `yearlyRetentionPeriod`); nil when not sent or unreadable.
    public var retention: RetentionPeriod?
    /// Object storage: immutability is on (v8 `objectStorage.enableImmutability`); nil when not sent.
    public var immutabilityEnabled: Bool?
    /// Object storage: days the data stays immutable (v8 `objectStorage.immutabilityPeriodDays`);
    /// nil or 0 when not sent or when it follows the retention period.
    public var immutabilityDays: Int64?

    /// Creates a repository with only an id.
    public init(id: EntityID) { self.id = id }
}

/// How long a repository keeps backups.
public enum RetentionPeriod: Hashable, Sendable {
    /// `Daily` with `dailyRetentionPeriod` days.
    case days(Int)
    /// `Monthly` with `monthlyRetentionPeriod` months.
    case months(Int)
    /// `Yearly` with `yearlyRetentionPeriod` (`Year1`, `Years2`, ... `Years25`) years.
    case years(Int)
    /// `Yearly` with `Keep`: never removed.
    case forever

    /// Its length in days, to compare two periods (a month 30.44 days, a year 365.25); infinite
    /// for `forever`.
    public var days: Double {
        switch self {
        case .days(let n): return Double(n)
        case .months(let n): return Double(n) * 30.436875
        case .years(let n): return Double(n) * 365.2425
        case .forever: return .infinity
        }
    }

    /// `30 days`, `3 years`, `1 month`, `forever`.
    public var words: String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)" + (n == 1 ? "" : "s") }
        switch self {
        case .days(let n): return count(n, "day")
        case .months(let n): return count(n, "month")
        case .years(let n): return count(n, "year")
        case .forever: return "forever"
        }
    }
}

/// A backup proxy from `/Proxies`.
public struct BackupProxy: Hashable, Sendable {
    public var id: EntityID
    public var hostName: String?
    public var fqdn: String?
    public var description: String?
    public var port: Int64?
    /// `Online` or `Offline` (kept as sent when neither); nil when not sent.
    public var status: String?
    /// `Disabled`, `Enabling` or `Enabled` (v8).
    public var maintenanceModeState: String?
    /// 0–100 (v8); nil when not given or out of range.
    public var cpuUsagePercent: Double?
    public var memoryUsagePercent: Double?
    /// The VB365 version installed on the proxy (v8).
    public var version: String?
    /// `Windows` or `Linux` (v8).
    public var operatingSystem: String?
    /// The proxy pool (v8).
    public var proxyPoolID: EntityID?

    /// Creates a proxy with only an id.
    public init(id: EntityID) { self.id = id }

    /// The name to show: the host name, else the FQDN, else the id.
    public var displayName: String { hostName ?? fqdn ?? id.description }

    /// True when the status says offline.
    public var isOffline: Bool { status?.lowercased() == "offline" }
    /// True when the status says online.
    public var isOnline: Bool { status?.lowercased() == "online" }
    /// True when maintenance mode is on or being turned on.
    public var isInMaintenance: Bool {
        switch maintenanceModeState?.lowercased() {
        case "enabled", "enabling": return true
        default: return false
        }
    }
}

/// The installed licence from `/License`.
public struct License: Hashable, Sendable {
    /// `licenseID`.
    public var id: String?
    /// `Valid` or `Expired` (kept as sent).
    public var status: String?
    /// `Subscription`, `Evaluation`, `NFR`, `Rental`, `Community`, ... (kept as sent).
    public var type: String?
    public var package: String?
    public var licensedTo: String?
    /// `licenseExpires` (v7+) or `expirationDate` (v1–v6); nil when missing or unreadable.
    public var expires: Timestamp?
    /// `gracePeriodExpires` (v7+).
    public var gracePeriodExpires: Timestamp?
    /// `supportExpirationDate` (v6).
    public var supportExpires: Timestamp?
    /// Licensed users the licence allows, uses and that are new this month.
    public var totalNumber: Int64?
    public var usedNumber: Int64?
    public var newNumber: Int64?
    /// Set when `licenseExpires` or `expirationDate` was present but not a readable time: the
    /// expiry is unknown, which the reports say rather than show nothing.
    public var expiryUnreadable = false

    /// Creates an empty licence.
    public init() {}

    /// True when the status says expired.
    public var isExpired: Bool { status?.lowercased() == "expired" }
}

/// Licensed and new users of one organization, from `/Organizations/{id}/LicensingInformation`
/// (the response does not name the organization: its id comes from where it was fetched).
public struct OrganizationLicensing: Hashable, Sendable {
    public var organizationID: EntityID
    public var licensedUsers: Int64?
    public var newUsers: Int64?

    /// Creates licensing figures of `organizationID`.
    public init(organizationID: EntityID) { self.organizationID = organizationID }
}

/// The server itself, from `/ServiceInstance`.
public struct ServiceInstance: Hashable, Sendable {
    public var installationID: EntityID?
    /// The VB365 version the server runs (`8.1.0.305`).
    public var version: String?

    /// Creates an empty service instance.
    public init() {}
}

/// An object a job session processed, from `/JobSessions/{id}/ProcessedObjects` (v7+).
public struct ProcessedObject: Hashable, Sendable {
    /// The session that processed it.
    public var sessionID: EntityID
    /// The object's id (not always a UUID).
    public var id: String
    /// `User`, `Group`, `Site` or `Team` (kept as sent).
    public var type: String?
    /// `Success`, `Warning` or `Failed`.
    public var status: SessionStatus?
    /// The object's name, where the object or its linked resource gives one.
    public var name: String?
    /// The href of the object's own resource (`_links` other than `self` and the session's).
    public var link: String?

    /// Creates a processed object.
    public init(sessionID: EntityID, id: String) {
        self.sessionID = sessionID
        self.id = id
    }
}

/// The name of an object a processed object's link points to (a user, group, site or team as
/// `/Organizations/{id}/Users/{userId}` and the like return it).
public struct ObjectName: Hashable, Sendable {
    /// The object's id.
    public var id: String
    /// `displayName`, else `name`, else `title`, else `url`.
    public var name: String

    /// Creates a name.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A value read from a snapshot: when it was taken (from the file's name; nil when the name has
/// no time) and the server it came from (an index into `Inventory.servers`, -1 for none).
public struct Reading<Value: Sendable>: Sendable {
    public var value: Value
    public var time: Timestamp?
    public var server: Int16

    /// Creates a reading.
    public init(_ value: Value, time: Timestamp?, server: Int16) {
        self.value = value
        self.time = time
        self.server = server
    }
}

extension Reading: Equatable where Value: Equatable {}
extension Reading: Hashable where Value: Hashable {}

/// Every infrastructure snapshot read: repositories, proxies, licences, licensing per
/// organization, service instances, and the objects sessions processed with their names.
public struct Infrastructure: Sendable {
    public var repositories: [Reading<Repository>] = []
    public var proxies: [Reading<BackupProxy>] = []
    public var licenses: [Reading<License>] = []
    public var organizationLicensing: [Reading<OrganizationLicensing>] = []
    public var serviceInstances: [Reading<ServiceInstance>] = []
    /// The jobs and copy jobs of each jobs snapshot (`infrastructure/<time>-<version>-jobs.json`
    /// and `-copyjobs.json`, written by the fetch when a job's settings changed): the history of
    /// the jobs' settings, not the jobs the reports list. A snapshot is every reading of one
    /// server at one time.
    public var jobSnapshots: [Reading<Job>] = []
    /// The whole jobs snapshots read (their `-jobs.json`, written last, was read), by server and
    /// time, empty or not: only these are compared, so a snapshot cut short never reads as jobs
    /// removed, and one that lists no job reads as every job removed.
    public var jobSnapshotTimes: [Reading<Bool>] = []
    /// Objects of each session, in input order (a session's objects read twice count once).
    public var processedObjects: [EntityID: [ProcessedObject]] = [:]
    /// Names of objects by id, from the linked resources.
    public var objectNames: [String: String] = [:]

    /// Creates an empty set.
    public init() {}

    /// True when no snapshot and no processed object was read.
    public var isEmpty: Bool {
        repositories.isEmpty && proxies.isEmpty && licenses.isEmpty && organizationLicensing.isEmpty
            && serviceInstances.isEmpty && processedObjects.isEmpty && jobSnapshots.isEmpty
            && jobSnapshotTimes.isEmpty
    }
}

extension Infrastructure {
    /// Each session's processed objects with their names resolved: an object's own name first,
    /// else the name of the resource its link points to (`objectNames`), else none.
    public var namedProcessedObjects: [EntityID: [ProcessedObject]] {
        guard !objectNames.isEmpty else { return processedObjects }
        return processedObjects.mapValues { objects in
            objects.map { object in
                guard object.name == nil, let name = objectNames[object.id] else { return object }
                var named = object
                named.name = name
                return named
            }
        }
    }
}
