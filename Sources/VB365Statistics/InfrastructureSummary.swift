import VB365Model

/// The infrastructure as of the report's time: each repository with its trend and forecast, each
/// proxy, each server's licence, each organization's licensed users, and what needs attention.
/// A pure function of the inventory's snapshots (`InfrastructureSummary.make`).
public struct InfrastructureSummary: Sendable {
    public var repositories: [RepositoryState] = []
    public var proxies: [ProxyState] = []
    public var licenses: [LicenseState] = []
    public var organizationLicensing: [OrganizationLicensingState] = []
    /// The server versions (`/ServiceInstance`), by server name.
    public var serverVersions: [ServerVersion] = []
    /// The newest snapshot time among the readings used; nil when none had a time.
    public var newestSnapshot: Timestamp?
    /// The time the infrastructure is judged at (the report's `now`, or its window's end).
    public var judgedAt: Timestamp?

    /// How old the newest snapshot is at `judgedAt`, when that is more than a day and a half
    /// (fetches stopped saving snapshots, or the account may no longer read them): what it shows
    /// may have changed since, so it is never called all clear.
    public var staleSnapshotSeconds: Double? {
        guard let newest = newestSnapshot, let judgedAt else { return nil }
        let age = judgedAt.seconds(since: newest)
        return age > 36 * Seconds.hour ? age : nil
    }

    /// Creates an empty summary.
    public init() {}

    /// True when no snapshot was read: the reports say so rather than "all clear".
    public var isEmpty: Bool {
        repositories.isEmpty && proxies.isEmpty && licenses.isEmpty && organizationLicensing.isEmpty
    }

    /// Every finding, worst first, then in the order of the tables.
    public var findings: [InfrastructureFinding] {
        var all: [InfrastructureFinding] = []
        for (index, r) in repositories.enumerated() {
            all += r.findings.map {
                InfrastructureFinding(subject: .repository(index), kind: $0.kind, severity: $0.severity)
            }
        }
        for (index, p) in proxies.enumerated() {
            all += p.findings.map {
                InfrastructureFinding(subject: .proxy(index), kind: $0.kind, severity: $0.severity)
            }
        }
        for (index, l) in licenses.enumerated() {
            all += l.findings.map {
                InfrastructureFinding(subject: .license(index), kind: $0.kind, severity: $0.severity)
            }
        }
        return all.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// The worst finding; nil when nothing needs attention (or nothing was read).
    public var worst: Severity? { findings.map(\.severity).max() }

    /// The findings by object: each repository, proxy or licence once, at its worst finding's
    /// level, with every finding (worst first); worst objects first, then in `findings`' order.
    /// What every output lists, so one object is never two rows.
    public var problems: [InfrastructureProblem] {
        var order: [InfrastructureFinding.Subject] = []
        var bySubject: [InfrastructureFinding.Subject: [InfrastructureFinding]] = [:]
        for f in findings {
            if bySubject[f.subject] == nil { order.append(f.subject) }
            bySubject[f.subject, default: []].append(f)
        }
        // `findings` is worst first, so each object's first finding is its worst, and the objects
        // come worst first.
        return order.map { InfrastructureProblem(subject: $0, findings: bySubject[$0] ?? []) }
    }
}

/// One repository, proxy or licence that needs attention, with all its findings.
public struct InfrastructureProblem: Hashable, Sendable {
    /// What it is about.
    public var subject: InfrastructureFinding.Subject
    /// Its findings, worst first (never empty).
    public var findings: [InfrastructureFinding]

    /// The level of its worst finding.
    public var severity: Severity { findings.map(\.severity).max() ?? .warning }
}

/// Something in the infrastructure that needs attention.
public struct InfrastructureFinding: Hashable, Sendable {
    /// What it is about.
    public enum Subject: Hashable, Sendable {
        case repository(Int)
        case proxy(Int)
        case license(Int)
    }

    public var subject: Subject
    public var kind: FindingKind
    /// `.warning` or `.failed`.
    public var severity: Severity
}

/// What a finding says, with its figures (the words are made where it is shown).
public enum FindingKind: Hashable, Sendable {
    /// Free space below a limit: the percentage free.
    case lowFreeSpace(percent: Double)
    /// Forecast full within a limit: the days left.
    case fillsSoon(days: Double)
    /// `isOutOfOrder`: the repository is invalid, with the server's reason.
    case outOfOrder(reason: String?)
    /// `isOutOfSync`: the object storage cache is out of sync.
    case outOfSync
    /// `isOutdated`: the repository must be upgraded.
    case outdated
    /// The proxy is offline: `since` the first snapshot of the newest run of snapshots that showed
    /// it offline (nil when the only snapshot read did); `orEarlier` when that run reaches back to
    /// the oldest snapshot read, so it may have gone offline before.
    case offline(since: Timestamp? = nil, orEarlier: Bool = false)
    /// The proxy is in maintenance mode.
    case maintenance
    /// The proxy runs another version than the server.
    case versionMismatch(proxy: String, server: String)
    /// The licence expired (status or date), with the end of its grace period if known.
    case expired(on: Timestamp?, graceUntil: Timestamp?)
    /// The licence expires within the limit.
    case expiresSoon(on: Timestamp, days: Double)
    /// More users are licensed than the licence allows.
    case overused(used: Int64, total: Int64)
}

/// One finding of one row, before it is placed in the list of all findings.
public struct RowFinding: Hashable, Sendable {
    public var kind: FindingKind
    public var severity: Severity

    /// Creates a finding.
    public init(kind: FindingKind, severity: Severity) {
        self.kind = kind
        self.severity = severity
    }
}

/// A repository as of the newest snapshot, with its trend.
public struct RepositoryState: Sendable {
    public var id: EntityID
    public var name: String
    public var path: String?
    /// The server's name; nil when the input did not name one.
    public var server: String?
    /// Indices into `Summary.organizations`: the organization the repository is bound to, and
    /// those whose jobs back up to it.
    public var organizationIndices: [Int] = []
    /// The jobs that back up to it (their ids, as the jobs list links them).
    public var jobIDs: [EntityID] = []
    /// The proxy that serves it (`proxyId`), if the snapshot says.
    public var proxyID: EntityID?
    /// When the newest snapshot was taken (nil when its file name had no time).
    public var time: Timestamp?
    public var isObjectStorage: Bool
    public var objectStorageType: String?
    public var isLongTerm: Bool?
    /// Usable capacity, free and used bytes; nil when unknown (a capacity of 0, free space larger
    /// than the capacity).
    public var capacityBytes: Int64?
    public var freeBytes: Int64?
    public var usedBytes: Int64?
    /// Free space as a percentage of the capacity.
    public var freePercent: Double?
    /// Bytes the used space grows per day (negative when it shrinks), from a robust fit.
    public var growthBytesPerDay: Double?
    /// Days until no space is left at that growth; nil when not filling or unknown.
    public var daysToFull: Double?
    /// Snapshots the fit used and the days they span.
    public var trendPoints = 0
    public var trendDays: Double = 0
    /// One point per day (the day's last snapshot): free bytes, oldest first, for the trend.
    public var trend: [TrendPoint] = []
    public var isOutOfSync: Bool?
    public var isOutdated: Bool?
    public var isOutOfOrder: Bool?
    public var outOfOrderReason: String?
    /// Why a figure is unknown, or why there is no forecast.
    public var notes: [RepositoryNote] = []
    public var findings: [RowFinding] = []

    /// The worst finding; nil when none.
    public var worst: Severity? { findings.map(\.severity).max() }
}

/// A point of a repository's trend.
public struct TrendPoint: Hashable, Sendable {
    public var time: Timestamp
    public var freeBytes: Int64?
    public var usedBytes: Int64?
}

/// Why a repository's figure is unknown or why it has no forecast.
public enum RepositoryNote: Hashable, Sendable {
    case capacityMissing
    case capacityZero
    case freeMissing
    case freeExceedsCapacity(free: Int64, capacity: Int64)
    case objectStorage
    case tooFewSnapshots(count: Int)
    case notFilling
}

/// A proxy as of the newest snapshot.
public struct ProxyState: Sendable {
    public var id: EntityID
    public var name: String
    public var server: String?
    /// Indices into `Summary.organizations`: the organizations whose repositories it serves (a
    /// repository's `proxyId`), so whose backups stop when it does.
    public var organizationIndices: [Int] = []
    /// The jobs that back up to the repositories it serves.
    public var jobIDs: [EntityID] = []
    public var time: Timestamp?
    /// `Online`, `Offline`, or as sent; nil when unknown.
    public var status: String?
    public var maintenanceModeState: String?
    public var cpuUsagePercent: Double?
    public var memoryUsagePercent: Double?
    public var version: String?
    /// The server's version (`/ServiceInstance`), for comparison.
    public var serverVersion: String?
    public var operatingSystem: String?
    public var findings: [RowFinding] = []

    /// The worst finding; nil when none.
    public var worst: Severity? { findings.map(\.severity).max() }
}

/// A server's licence as of the newest snapshot.
public struct LicenseState: Sendable {
    public var server: String?
    public var time: Timestamp?
    public var status: String?
    public var type: String?
    public var licensedTo: String?
    public var expires: Timestamp?
    public var gracePeriodExpires: Timestamp?
    /// Days from the report's time to the expiry (negative once expired).
    public var daysLeft: Double?
    public var expiryUnreadable: Bool
    public var totalNumber: Int64?
    public var usedNumber: Int64?
    public var newNumber: Int64?
    public var findings: [RowFinding] = []

    /// The worst finding; nil when none.
    public var worst: Severity? { findings.map(\.severity).max() }
}

/// An organization's licensed and new users as of the newest snapshot.
public struct OrganizationLicensingState: Sendable {
    /// Index into `Summary.organizations`; nil when the organization has no job in the report.
    public var organizationIndex: Int?
    public var organizationID: EntityID
    public var name: String
    public var server: String?
    public var time: Timestamp?
    public var licensedUsers: Int64?
    public var newUsers: Int64?
}

/// A server's VB365 version.
public struct ServerVersion: Hashable, Sendable {
    public var server: String?
    public var version: String
}
