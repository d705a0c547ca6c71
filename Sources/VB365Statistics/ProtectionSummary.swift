import VB365Model

/// What an object's protection is, worst first in `allCases`' reverse: the words every output
/// uses (`protection-reports.md` §6).
public enum ProtectionState: String, CaseIterable, Hashable, Sendable, Comparable {
    /// In no job and never backed up (or not for longer than the RPO): nothing protects it.
    case unprotected
    /// A job selects it, but it was never backed up (the job fails for it, or it is queued
    /// behind an exceeded licence).
    case neverBackedUp = "never-backed-up"
    /// Backed up, but a required kind of its data not within the RPO.
    case breached
    /// Cannot be decided: the server did not say (a list refused or cut short).
    case unknown
    /// Every required kind of its data was backed up within the RPO.
    case protected
    /// Left out on purpose: a job's exclusion or a configured mask.
    case excluded

    /// The words in a sentence or a badge: `unprotected`, `never backed up`, ...
    public var word: String {
        switch self {
        case .unprotected: return "unprotected"
        case .neverBackedUp: return "never backed up"
        case .breached: return "breached"
        case .unknown: return "unknown"
        case .protected: return "protected"
        case .excluded: return "excluded"
        }
    }

    /// True for the states that need action.
    public var isProblem: Bool { self == .unprotected || self == .neverBackedUp || self == .breached }

    /// Its place in `allCases`: what order, equality and hashing use (not the raw value's string).
    var ordinal: Int {
        switch self {
        case .unprotected: return 0
        case .neverBackedUp: return 1
        case .breached: return 2
        case .unknown: return 3
        case .protected: return 4
        case .excluded: return 5
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
    public static func == (a: Self, b: Self) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// One object's verdict.
public struct ObjectProtection: Sendable {
    public var object: ProtectionObject
    public var state: ProtectionState
    /// Why, in words: `in no job`, `OneDrive last backed up 3 days ago`, `excluded by job Mail
    /// (ExcludedItems)`, `matches the mask *-noreply@*`.
    public var reason: String
    /// The data it must have backed up (empty when excluded).
    public var required: [ProtectedData]
    /// The oldest of the newest backups of the required data; nil when one was never backed up.
    public var lastBackup: Timestamp?
    /// How far the oldest required backup is past the RPO, in seconds (breached only).
    public var overdueSeconds: Double?
    /// The jobs that select it (directly or as the whole organization).
    public var jobs: [EntityID]
    /// When a snapshot first listed it (nil when only this one did, or unknown).
    public var firstSeen: Timestamp?

    /// Creates a verdict.
    public init(object: ProtectionObject, state: ProtectionState, reason: String) {
        self.object = object
        self.state = state
        self.reason = reason
        self.required = []
        self.jobs = []
    }
}

/// Counts of objects by state.
public struct StateCounts: Hashable, Sendable {
    public private(set) var counts: [ProtectionState: Int] = [:]

    /// Creates empty counts.
    public init() {}

    /// Counts one more object in `state`.
    public mutating func add(_ state: ProtectionState) { counts[state, default: 0] += 1 }

    /// Adds `other`'s counts.
    public mutating func add(_ other: StateCounts) {
        for (state, n) in other.counts { counts[state, default: 0] += n }
    }

    /// The objects in `state`.
    public subscript(_ state: ProtectionState) -> Int { counts[state] ?? 0 }

    /// The objects that count: every state but excluded.
    public var inScope: Int { counts.filter { $0.key != .excluded }.reduce(0) { $0 + $1.value } }
    /// Objects that need action.
    public var problems: Int { counts.filter { $0.key.isProblem }.reduce(0) { $0 + $1.value } }
    /// Every object counted.
    public var total: Int { counts.values.reduce(0, +) }

    /// The share of the objects that count which are protected, from 0 to 1; nil when none count
    /// or any is unknown (a share over an unknown is not a share).
    public var protectedShare: Double? {
        guard inScope > 0, self[.unknown] == 0 else { return nil }
        return Double(self[.protected]) / Double(inScope)
    }
}

/// Which verdicts a `TenantProtection` keeps in `objects` (its counts are of every object).
public enum ObjectsKept: Sendable, Hashable {
    /// Every object: the protection page's table, the CSV file.
    case all
    /// The objects that need action (`ProtectionState.isProblem`): what the digest, the e-mail,
    /// the check and the JSON summary list. An estate of a million objects is held as counts.
    case problems
    /// None: counts only.
    case none

    /// True when a verdict in `state` is kept.
    public func keeps(_ state: ProtectionState) -> Bool {
        switch self {
        case .all: return true
        case .problems: return state.isProblem
        case .none: return false
        }
    }
}

/// When each object of a tenant's newest snapshot was first listed, held compactly: the time of
/// the first snapshot read, and the objects whose time is another (listed later, or out of the
/// directory now).
public struct FirstSeenTimes: Sendable, Hashable {
    /// The first snapshot of the period read.
    public var first: Timestamp?
    /// By object id: the objects first listed after `first`, and those not in the directory now
    /// that an earlier snapshot listed.
    public var exceptions: [String: Timestamp] = [:]

    /// Creates times.
    public init(first: Timestamp? = nil, exceptions: [String: Timestamp] = [:]) {
        self.first = first
        self.exceptions = exceptions
    }

    /// When `o` was first listed: nil for an object out of the directory no snapshot listed.
    public subscript(_ o: ProtectionObject) -> Timestamp? {
        exceptions[o.id] ?? (o.inDirectory ? first : nil)
    }
}

/// One organization's protection as of one snapshot.
public struct TenantProtection: Sendable {
    public var organizationID: EntityID
    public var organizationName: String?
    /// The server it came from: an index into `Inventory.servers`, -1 for none.
    public var server: Int16
    /// The server in `Summary.servers` (the reports' order), when the summary lists it.
    public var serverIndex: Int?
    /// The organization in `Summary.organizations` it is, when the sessions name it.
    public var organizationIndex: Int?
    public var taken: Timestamp
    public var rpoSeconds: Double
    /// The objects `objectsKept` says (every object unless the summary was made for counts and
    /// problems), worst state first, then the newest first seen, then by name.
    public var objects: [ObjectProtection] = []
    /// Which objects `objects` holds; `ProtectionSummary.detail` gives every object of a
    /// tenant made with fewer.
    public var objectsKept = ObjectsKept.all
    /// The snapshot it was judged from, when read from an archive (for `ProtectionSummary.detail`).
    public var newest: ProtectionSnapshotReference?
    /// When each object of `newest` was first listed (for `ProtectionSummary.detail`).
    public var firstSeen = FirstSeenTimes()
    /// Counts per kind of object.
    public var byKind: [ProtectedObjectKind: StateCounts] = [:]
    /// Counts per required kind of data: an object counts under each kind of data it must have,
    /// in the state of that data (protected, breached, never backed up, unprotected, unknown).
    public var byData: [ProtectedData: StateCounts] = [:]
    /// The sources the server did not give completely: the coverage they feed is unknown.
    public var incompleteSources: [ProtectionSource] = []
    /// Users whose licence state is `Exceeded` (not backed up because the licence is full).
    public var licenceExceeded: [ProtectionObject] = []
    /// The SLA over the period, when a history gave it.
    public var sla: ProtectionSLA?

    /// Creates an empty summary.
    public init(organizationID: EntityID, taken: Timestamp, rpoSeconds: Double, server: Int16 = -1) {
        self.organizationID = organizationID
        self.taken = taken
        self.rpoSeconds = rpoSeconds
        self.server = server
    }

    /// The name to show: the organization's name, else its id.
    public var displayName: String { organizationName ?? organizationID.description }

    /// Counts over every kind of object.
    public var totals: StateCounts {
        var all = StateCounts()
        for counts in byKind.values { all.add(counts) }
        return all
    }

    /// The objects judged (every one, whatever `objects` keeps).
    public var objectCount: Int { totals.total }

    /// The SLA of `verdict`'s object over the period: the checks it counted on and those it met;
    /// nil when the period has no check or the object counted on none (excluded or unknown on
    /// every check).
    public func sla(of verdict: ObjectProtection) -> SLAShare? {
        guard let sla, sla.checks > 0 else { return nil }
        if let own = sla.exceptions[verdict.object.id] { return own.checks > 0 ? own : nil }
        // Not an exception: it met every check when it is protected now (the newest snapshot is
        // a check); else it counted on none (excluded, unknown), or the SLA did not count it.
        return verdict.state == .protected ? SLAShare(met: sla.checks, checks: sla.checks) : nil
    }

    /// The states any object is in.
    public var states: Set<ProtectionState> { Set(ProtectionState.allCases.filter { totals[$0] > 0 }) }

    /// How old the newest snapshot was when judged, when it is older than the settings allow
    /// (`ProtectionSettings.snapshotMaxAgeSeconds`): its objects may have changed since.
    public var staleSnapshotSeconds: Double?

    /// True when the objects' states cannot be trusted as a whole: a directory list, backup data
    /// or the jobs' items were not read completely (objects are missing, or "in no job" or a
    /// backup cannot be decided), or the newest snapshot is too old. No share is shown then.
    public var coverageUnknown: Bool {
        staleSnapshotSeconds != nil || incompleteSources.contains { $0 != .licensedUsers && $0 != .restorePoints }
    }
}

/// The protection of every organization snapshots were found for.
public struct ProtectionSummary: Sendable {
    /// One per server and organization, by server, then name.
    public var tenants: [TenantProtection] = []
    /// The settings they were judged by (the RPO may differ per organization: see each tenant).
    public var period: Range<Timestamp>?

    /// Creates an empty summary.
    public init() {}

    /// True when no snapshot was found: protection is not known, which every output says as
    /// "not snapshotted" rather than as zero objects.
    public var isEmpty: Bool { tenants.isEmpty }

    /// The tenants with objects that need action or whose coverage is unknown.
    public var tenantsWithProblems: [TenantProtection] {
        tenants.filter { $0.totals.problems > 0 || $0.coverageUnknown || !$0.licenceExceeded.isEmpty }
    }
}
