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
    /// Per object id.
    public var byObject: [String: SLAShare] = [:]

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
        if isCheck, snapshot.taken >= sla.start, snapshot.taken < sla.end {
            count(TenantProtection.judge(snapshot, settings: settings))
        }
        if newest.map({ $0.taken <= snapshot.taken }) ?? true { newest = snapshot }
    }

    private mutating func count(_ judged: TenantProtection) {
        sla.checks += 1
        for verdict in judged.objects where verdict.state != .excluded && verdict.state != .unknown {
            let met = verdict.state == .protected
            sla.total.add(met)
            sla.byKind[verdict.object.kind, default: SLAShare()].add(met)
            sla.byObject[verdict.object.id, default: SLAShare()].add(met)
            for data in verdict.required {
                let state = TenantProtection.dataState(
                    verdict.object, data, taken: judged.taken, backupDataKnown: true, settings: settings,
                    inJob: !verdict.jobs.isEmpty)
                sla.byData[data, default: SLAShare()].add(state == .protected)
            }
        }
    }

    /// The protection as of the newest snapshot, with first-seen times and the SLA; nil when no
    /// snapshot was added.
    public func result() -> TenantProtection? {
        guard let newest else { return nil }
        var judged = TenantProtection.judge(newest, settings: settings, firstSeen: firstSeen)
        judged.sla = sla
        return judged
    }
}
