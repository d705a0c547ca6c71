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

    /// Counts `times` checks alike.
    public mutating func add(_ protected: Bool, times: Int) {
        checks += times
        if protected { met += times }
    }

    /// Adds `other`'s checks.
    public mutating func add(_ other: SLAShare) {
        met += other.met
        checks += other.checks
    }
}

/// A tenant's SLA over a period, from its snapshots: each snapshot is a check (only the last of
/// each day when the RPO is a day or longer, so that a day fetched hourly counts once), and an
/// object counts on the checks where it was in scope and decided. With an RPO of a day or longer,
/// each UTC day of the period before its first snapshot is a check too, estimated from restore
/// points (`ProtectionHistory`).
public struct ProtectionSLA: Sendable {
    public var start: Timestamp
    public var end: Timestamp
    /// The checks the period holds: its snapshots, and the days before the first estimated from
    /// restore points.
    public var checks = 0
    /// Of `checks`, the days before the period's first snapshot, estimated from restore points.
    public var estimatedChecks = 0
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
///
/// With an RPO of a day or longer, each UTC day of the period that ends before its first snapshot
/// is a check too, estimated from the restore points read up to that snapshot, copies and
/// retrievals left out (`docs/protection.md`, "The days before the first snapshot"). The days
/// start at the period's start, or at the start of that snapshot's calendar month when no snapshot
/// before the period was read (an organization's first snapshot holds the restore points since
/// then); on the day after the earliest restore point's when that falls later (the list may have
/// begun there). The first snapshot says what is judged: its objects, the data each must have and
/// the jobs that select it. An object in a job met the day when, for each kind of data it must
/// have, a job that selects that data of it made a restore point holding it within the RPO before
/// the day's end, and the first snapshot's backup data does not rule it out (never backed up, or
/// last before that). An object in no job counts as the first snapshot judges it; one excluded or
/// unknown there does not count. No day is estimated unless that snapshot read the restore points
/// completely.
public struct ProtectionHistory: Sendable {
    public let settings: ProtectionSettings
    public private(set) var sla: ProtectionSLA
    private var firstSeen: [String: Timestamp] = [:]
    private var first: Timestamp?
    /// Each object's checks, while the history is read.
    private var byObject: [String: SLAShare] = [:]
    private var newest: ProtectionSnapshot?
    /// The restore points that are backups (not copies, not retrieved), by id, read until the
    /// period's first snapshot; each is the job, the data and the time.
    private var points: [String: RestorePoint] = [:]
    /// The earliest restore point read until the period's first snapshot, copies too.
    private var earliestPoint: Timestamp?
    /// The period's first snapshot was added: the days before it were estimated (or none could be).
    private var estimated = false

    /// Creates a history judged by `settings`, with the SLA over `period`.
    public init(settings: ProtectionSettings, period: Range<Timestamp>) {
        self.settings = settings
        self.sla = ProtectionSLA(start: period.lowerBound, end: period.upperBound)
    }

    /// Which of `times` (one organization's snapshots, any order) are checks: all of them for a
    /// sub-daily RPO, else the last of each UTC day.
    public static func checks(_ times: [Timestamp], rpoSeconds: Double) -> Set<Timestamp> {
        guard rpoSeconds >= Seconds.day else { return Set(times) }
        var last: [Int64: Timestamp] = [:]
        for t in times {
            let day = Self.day(t)
            last[day] = max(last[day] ?? t, t)
        }
        return Set(last.values)
    }

    /// The UTC day `t` falls on, in days since 1970-01-01.
    static func day(_ t: Timestamp) -> Int64 {
        let dayTicks = Int64(Seconds.day) * Timestamp.ticksPerSecond
        return t.ticks >= 0 ? t.ticks / dayTicks : (t.ticks - dayTicks + 1) / dayTicks
    }

    /// Adds the next snapshot (in time order); `isCheck` counts it for the SLA when it falls in
    /// the period. The period's first snapshot (a check or not) estimates the days before it.
    public mutating func add(_ snapshot: ProtectionSnapshot, isCheck: Bool = true) {
        for object in snapshot.objects where object.inDirectory && firstSeen[object.id] == nil {
            firstSeen[object.id] = snapshot.taken
        }
        let readBefore = first.map { $0 < sla.start } ?? false
        if first == nil { first = snapshot.taken }
        let inPeriod = snapshot.taken >= sla.start && snapshot.taken < sla.end
        if !estimated {
            for point in snapshot.restorePoints {
                if let organization = point.organizationID, organization != snapshot.organizationID { continue }
                if let time = point.backupTime { earliestPoint = min(earliestPoint ?? time, time) }
                if point.isBackup { points[point.id] = point }
            }
            if inPeriod {
                estimate(before: snapshot, readBefore: readBefore)
                estimated = true
                points = [:]
            }
        }
        if isCheck, inPeriod { count(snapshot) }
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

    /// The ends of the UTC days of the period before `snapshot`, the period's first, that the
    /// restore points read can tell: from the period's start, or from the start of the
    /// snapshot's month when it is the organization's first snapshot read; from the day after the
    /// earliest restore point's when that is later.
    func estimatedDays(before snapshot: ProtectionSnapshot, readBefore: Bool) -> [Timestamp] {
        guard settings.rpoSeconds >= Seconds.day, snapshot.isComplete(.restorePoints), let earliestPoint else {
            return []
        }
        var from = sla.start
        if !readBefore {
            let month = snapshot.taken.civil
            from = max(from, Timestamp(year: month.year, month: month.month, day: 1))
        }
        let dayTicks = Int64(Seconds.day) * Timestamp.ticksPerSecond
        // The first whole day from `from`, up to the day the snapshot falls on (which it checks).
        var firstDay = Self.day(from) + (Self.day(from) * dayTicks < from.ticks ? 1 : 0)
        // Restore points that begin after the first day: the list may have begun there (a
        // snapshot taken before the fetch read the month's), so that day is not told in full.
        if Self.day(earliestPoint) > firstDay { firstDay = Self.day(earliestPoint) + 1 }
        let lastDay = Self.day(snapshot.taken)
        guard firstDay < lastDay else { return [] }
        return (firstDay..<lastDay).map { Timestamp(ticks: ($0 + 1) * dayTicks) }
    }

    /// Counts each day before `snapshot`, the period's first, as a check estimated from the
    /// restore points read (see the type).
    private mutating func estimate(before snapshot: ProtectionSnapshot, readBefore: Bool) {
        let ends = estimatedDays(before: snapshot, readBefore: readBefore)
        guard !ends.isEmpty else { return }
        let rpo = settings.rpoSeconds
        let days = ends.count
        // Per job and kind of data, the days on which it made a restore point within the RPO.
        var made: [EntityID: [RestorePointData: [Bool]]] = [:]
        for point in points.values {
            guard let job = point.jobID, let time = point.backupTime else { continue }
            for (day, end) in ends.enumerated() where time <= end && end.seconds(since: time) <= rpo {
                for data in point.data {
                    made[job, default: [:]][data, default: Array(repeating: false, count: days)][day] = true
                }
            }
        }
        sla.checks += days
        sla.estimatedChecks += days
        var sla = self.sla
        var byObject = self.byObject
        self.byObject = [:]
        let settings = self.settings
        let scope = TenantProtection.Scope(snapshot)
        _ = TenantProtection.judge(snapshot, settings: settings, keeping: .none, firstSeen: { _ in nil }) {
            verdict in
            guard verdict.state != .excluded && verdict.state != .unknown else { return }
            let o = verdict.object
            var met = Array(repeating: true, count: days)
            if verdict.jobs.isEmpty {
                // In no job (or through a group's members): as the first snapshot judges it.
                met = Array(repeating: verdict.state == .protected, count: days)
                for data in verdict.required {
                    let state = TenantProtection.dataState(
                        o, data, taken: snapshot.taken, backupDataKnown: true, settings: settings, inJob: false)
                    sla.byData[data, default: SLAShare()].add(state == .protected, times: days)
                }
            } else {
                let jobs = scope.selectionByJob(of: o)
                for data in verdict.required {
                    var backedUp = Array(repeating: false, count: days)
                    for (job, selected) in jobs where selected.contains(data) {
                        guard let byDay = made[job]?[data.restorePointData] else { continue }
                        for day in 0..<days where byDay[day] { backedUp[day] = true }
                    }
                    // The object's own backup data bounds what its jobs' restore points say.
                    let mark = o.backups[data]
                    for day in 0..<days where backedUp[day] {
                        if mark?.isBackedUp != true {
                            backedUp[day] = false
                        } else if let time = mark?.time, ends[day].seconds(since: time) >= rpo {
                            backedUp[day] = false
                        }
                    }
                    let share = SLAShare(met: backedUp.count(where: { $0 }), checks: days)
                    sla.byData[data, default: SLAShare()].add(share)
                    for day in 0..<days where !backedUp[day] { met[day] = false }
                }
            }
            let share = SLAShare(met: met.count(where: { $0 }), checks: days)
            byObject[o.id, default: SLAShare()].add(share)
            sla.total.add(share)
            sla.byKind[o.kind, default: SLAShare()].add(share)
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

extension RestorePoint {
    /// A backup a job made: not a copy (a copy is not a backup of the day), not retrieved from
    /// archive storage.
    var isBackup: Bool { !isCopy && !isLongTermCopy && !isRetrieved }
}

extension ProtectedData {
    /// The kind of data of a restore point that holds it.
    var restorePointData: RestorePointData {
        switch self {
        case .mailbox, .archive, .groupMailbox: return .exchange
        case .oneDrive: return .oneDrive
        case .site, .personalSite, .groupSite: return .sharePoint
        case .team: return .teams
        }
    }
}
