import VB365Model

/// The share of checks met over a period: the SLA.
public struct SLAShare: Hashable, Sendable {
    /// Checks on which the object (or the data, or the tenant's objects) was protected.
    public var met = 0
    /// Checks on which it counted: in scope and decided (not excluded, not unknown).
    public var checks = 0

    /// Creates counts.
    public init(met: Int = 0, checks: Int = 0) {
        self.met = met
        self.checks = checks
    }

    /// `met / checks`, from 0 to 1; nil when nothing counted.
    public var share: Double? { checks > 0 ? Double(met) / Double(checks) : nil }

    /// Counts one check.
    public mutating func add(_ protected: Bool) {
        checks += 1
        if protected { met += 1 }
    }
}

/// A tenant's SLA over a period, from its snapshots: each snapshot is a check (only the last of
/// each day when the RPO is a day or longer, so that a day fetched hourly counts once), and an
/// object counts on the checks where it was in scope and decided.
public struct ProtectionSLA: Sendable {
    public var start: Timestamp
    public var end: Timestamp
    /// The checks (snapshots) the period holds.
    public var checks = 0
    /// Over every object and check.
    public var total = SLAShare()
    /// Per required kind of data.
    public var byData: [ProtectedData: SLAShare] = [:]
    /// Per kind of object.
    public var byKind: [ProtectedObjectKind: SLAShare] = [:]
    /// Per object id, the objects that did not count as met on every check: those that missed one,
    /// or were not in scope on all (listed later, excluded, unknown). Every other object met all
    /// `checks`: an estate of a million objects holds only its exceptions (`TenantProtection.sla(of:)`).
    public var exceptions: [String: SLAShare] = [:]

    /// Creates an empty SLA over `start..<end`.
    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }
}

/// Reads an organization's snapshots in time order and gives its protection as of the newest,
/// with when each object was first listed and the SLA over the period.
public struct ProtectionHistory: Sendable {
    public let settings: ProtectionSettings
    public private(set) var sla: ProtectionSLA
    private var firstSeen: [String: Timestamp] = [:]
    private var first: Timestamp?
    /// Each object's checks, while the history is read.
    private var byObject: [String: SLAShare] = [:]
    private var newest: ProtectionSnapshot?

    /// Creates a history judged by `settings`, with the SLA over `period`.
    public init(settings: ProtectionSettings, period: Range<Timestamp>) {
        self.settings = settings
        self.sla = ProtectionSLA(start: period.lowerBound, end: period.upperBound)
    }

    /// Which of `times` (one organization's snapshots, any order) are checks: all of them for a
    /// sub-daily RPO, else the last of each UTC day.
    public static func checks(_ times: [Timestamp], rpoSeconds: Double) -> Set<Timestamp> {
        guard rpoSeconds >= Seconds.day else { return Set(times) }
        let dayTicks = Int64(Seconds.day) * Timestamp.ticksPerSecond
        var last: [Int64: Timestamp] = [:]
        for t in times {
            let day = t.ticks >= 0 ? t.ticks / dayTicks : (t.ticks - dayTicks + 1) / dayTicks
            last[day] = max(last[day] ?? t, t)
        }
        return Set(last.values)
    }

    /// Adds the next snapshot (in time order); `isCheck` counts it for the SLA when it falls in
    /// the period.
    public mutating func add(_ snapshot: ProtectionSnapshot, isCheck: Bool = true) {
        for object in snapshot.objects where object.inDirectory && firstSeen[object.id] == nil {
            firstSeen[object.id] = snapshot.taken
        }
        if first == nil { first = snapshot.taken }
        if isCheck, snapshot.taken >= sla.start, snapshot.taken < sla.end { count(snapshot) }
        if newest.map({ $0.taken <= snapshot.taken }) ?? true { newest = snapshot }
    }

    /// Counts a check: each object's verdict, as it is judged, without keeping the verdicts.
    private mutating func count(_ snapshot: ProtectionSnapshot) {
        sla.checks += 1
        var sla = self.sla
        var byObject = self.byObject
        self.byObject = [:]
        let settings = self.settings
        _ = TenantProtection.judge(snapshot, settings: settings, keeping: .none, firstSeen: { _ in nil }) {
            verdict in
            guard verdict.state != .excluded && verdict.state != .unknown else { return }
            let met = verdict.state == .protected
            byObject[verdict.object.id, default: SLAShare()].add(met)
            sla.total.add(met)
            sla.byKind[verdict.object.kind, default: SLAShare()].add(met)
            for data in verdict.required {
                let state = TenantProtection.dataState(
                    verdict.object, data, taken: snapshot.taken, backupDataKnown: true, settings: settings,
                    inJob: !verdict.jobs.isEmpty)
                sla.byData[data, default: SLAShare()].add(state == .protected)
            }
        }
        self.sla = sla
        self.byObject = byObject
    }

    /// The protection as of the newest snapshot, with first-seen times and the SLA, keeping the
    /// verdicts `keeping` says; nil when no snapshot was added.
    public func result(keeping: ObjectsKept = .all) -> TenantProtection? {
        guard let newest else { return nil }
        var judged = TenantProtection.judge(newest, settings: settings, firstSeen: firstSeen, keeping: keeping)
        var sla = self.sla
        sla.exceptions = byObject.filter { $0.value.met != sla.checks }
        judged.sla = sla
        // When each object was first listed, compactly, for `ProtectionSummary.detail`.
        var times = FirstSeenTimes(first: first)
        for object in newest.objects {
            let seen = firstSeen[object.id]
            if object.inDirectory ? seen != first : seen != nil { times.exceptions[object.id] = seen }
        }
        judged.firstSeen = times
        return judged
    }
}
