import VB365Model

extension TenantProtection {
    /// Judges every object of `snapshot` against `settings`. `firstSeen` gives, by object id,
    /// when an earlier snapshot first listed it (for "newest unprotected first").
    public static func judge(
        _ snapshot: ProtectionSnapshot, settings: ProtectionSettings = .standard,
        firstSeen: [String: Timestamp] = [:], keeping: ObjectsKept = .all
    ) -> TenantProtection {
        judge(snapshot, settings: settings, keeping: keeping, firstSeen: { firstSeen[$0.id] }, visit: { _ in })
    }

    /// Judges every object of `snapshot`, keeping the verdicts `keeping` says in `objects` (worst
    /// state first, then the newest first seen, then by name) and handing each to `visit`; the
    /// counts are of every object whatever is kept.
    static func judge(
        _ snapshot: ProtectionSnapshot, settings: ProtectionSettings, keeping: ObjectsKept,
        firstSeen: (ProtectionObject) -> Timestamp?, visit: (ObjectProtection) -> Void
    ) -> TenantProtection {
        var result = TenantProtection(
            organizationID: snapshot.organizationID, taken: snapshot.taken, rpoSeconds: settings.rpoSeconds,
            server: snapshot.server)
        result.organizationName = snapshot.organizationName
        result.objectsKept = keeping
        let present = Set(snapshot.objects.map(\.kind))
        result.incompleteSources = ProtectionSource.allCases.filter { source in
            switch source {
            case .restorePoints: return false
            case .userData, .groupData, .siteData, .teamData:
                // Said once, under the repositories, when those were not read.
                guard snapshot.isComplete(.backupData) else { return false }
                let kind = ProtectedObjectKind.allCases.first { ProtectionSource.backupData($0) == source }
                return kind.map(present.contains) == true && (snapshot.sources[source] ?? .complete) != .complete
            default: return snapshot.sources[source].map { $0 != .complete } ?? true
            }
        }
        let scope = Scope(snapshot)
        for object in snapshot.objects {
            // An object the organization no longer lists is history, not a gap: left out while
            // its directory list was read completely.
            if !object.inDirectory, snapshot.isComplete(.directory(object.kind)) { continue }
            var verdict = judge(object, scope: scope, snapshot: snapshot, settings: settings)
            verdict.firstSeen = firstSeen(object)
            result.byKind[object.kind, default: StateCounts()].add(verdict.state)
            if verdict.state != .excluded {
                for data in verdict.required {
                    result.byData[data, default: StateCounts()].add(
                        dataState(
                            object, data, taken: snapshot.taken,
                            backupDataKnown: snapshot.backupDataKnown(object.kind),
                            settings: settings, inJob: !verdict.jobs.isEmpty))
                }
            }
            if object.license?.state == .exceeded { result.licenceExceeded.append(object) }
            visit(verdict)
            if keeping.keeps(verdict.state) { result.objects.append(verdict) }
        }
        result.objects.sort { a, b in
            if a.state != b.state { return a.state < b.state }
            if a.firstSeen != b.firstSeen { return (a.firstSeen ?? .minimumISO) > (b.firstSeen ?? .minimumISO) }
            let (x, y) = (a.object.displayName.lowercased(), b.object.displayName.lowercased())
            return x != y ? x < y : a.object.id < b.object.id
        }
        return result
    }

    /// What the jobs select and exclude, by object id and address.
    struct Scope {
        /// Data each job selects of each object key (an id, or a lower-cased address).
        var selected: [String: [EntityID: Set<ProtectedData>]] = [:]
        /// What each job excludes of each object key: the data its item names (empty: all of it).
        var excluded: [String: [EntityID: Set<ProtectedData>]] = [:]
        /// Data every object of the organization has selected (EntireOrganization jobs,
        /// PartialOrganization items), by job.
        var organizationWide: [EntityID: Set<ProtectedData>] = [:]
        /// Jobs selecting the personal sites of everyone.
        var personalSites: Set<EntityID> = []
        /// A group is selected with its members: users in no job may still be members.
        var groupsWithMembers = false
        /// The jobs' items were not all read: "in no job" cannot be said.
        var itemsKnown = true
        var jobNames: [EntityID: String] = [:]

        init(_ snapshot: ProtectionSnapshot) {
            itemsKnown = snapshot.isComplete(.jobItems)
            var entire = Set<EntityID>()
            for job in snapshot.jobs {
                jobNames[job.id] = job.name
                if job.isEntireOrganization { entire.insert(job.id) }
            }
            for item in snapshot.jobItems {
                let keys = [item.objectID, item.address?.lowercased()].compactMap { $0 }.filter { !$0.isEmpty }
                if item.isExclusion {
                    for key in keys { excluded[key, default: [:]][item.jobID, default: []].formUnion(item.data) }
                    continue
                }
                switch item.type {
                case .partialOrganization:
                    // The processing options of an organization-wide selection (an
                    // EntireOrganization job sends its options as such an item): mail and sites
                    // reach the groups' mailboxes and sites too.
                    var data = item.data
                    if data.contains(.mailbox) { data.insert(.groupMailbox) }
                    if data.contains(.site) { data.insert(.groupSite) }
                    organizationWide[item.jobID, default: []].formUnion(data)
                case .personalSites:
                    personalSites.insert(item.jobID)
                default:
                    if item.type == .group, item.includesMembers { groupsWithMembers = true }
                    for key in keys { selected[key, default: [:]][item.jobID, default: []].formUnion(item.data) }
                }
            }
            // An EntireOrganization job without options sent backs up every kind of data.
            for job in entire where organizationWide[job] == nil { organizationWide[job] = Set(ProtectedData.allCases) }
        }

        /// The keys an object is named by in job items.
        func keys(_ o: ProtectionObject) -> [String] {
            [o.id, o.address?.lowercased()].compactMap { $0 }.filter { !$0.isEmpty }
        }

        /// What each job excludes of `o` (empty: all of it).
        func exclusions(of o: ProtectionObject) -> [EntityID: Set<ProtectedData>] {
            var result: [EntityID: Set<ProtectedData>] = [:]
            for key in keys(o) {
                for (job, data) in excluded[key] ?? [:] { result[job, default: []].formUnion(data) }
            }
            return result
        }

        /// The data jobs select of `o`, and the jobs: `selectionByJob(of:)` over every job.
        func selection(of o: ProtectionObject) -> (data: Set<ProtectedData>, jobs: Set<EntityID>) {
            let byJob = selectionByJob(of: o)
            return (byJob.values.reduce(into: Set<ProtectedData>()) { $0.formUnion($1) }, Set(byJob.keys))
        }

        /// What each job selects of `o`: a job's exclusion of `o` takes away the data it names
        /// (all of it when it names none) from that job's organization-wide selection; a job whose
        /// item selects none of the object's own data (a group for its members only) does not
        /// select it.
        func selectionByJob(of o: ProtectionObject) -> [EntityID: Set<ProtectedData>] {
            var result: [EntityID: Set<ProtectedData>] = [:]
            let exclusions = exclusions(of: o)
            func add(_ job: EntityID, _ selected: Set<ProtectedData>) {
                var own = selected.intersection(o.kind.dataKinds)
                if let excluded = exclusions[job] { own = excluded.isEmpty ? [] : own.subtracting(excluded) }
                guard !own.isEmpty else { return }
                result[job, default: []].formUnion(own)
            }
            for key in keys(o) {
                for (job, own) in selected[key] ?? [:] where !own.isDisjoint(with: o.kind.dataKinds) {
                    result[job, default: []].formUnion(own.intersection(o.kind.dataKinds))
                }
            }
            for (job, wide) in organizationWide { add(job, wide) }
            if o.kind == .user, o.account == nil || o.account == .user {
                for job in personalSites { add(job, [.personalSite]) }
            }
            return result
        }
    }

    /// The verdict of one object.
    static func judge(
        _ o: ProtectionObject, scope: Scope, snapshot: ProtectionSnapshot, settings: ProtectionSettings
    ) -> ObjectProtection {
        let selection = scope.selection(of: o)
        let jobs = selection.jobs.sorted()
        if let mask = settings.mask(matching: o) {
            return ObjectProtection(object: o, state: .excluded, reason: "matches the mask \(mask)")
        }
        let exclusions = scope.exclusions(of: o)
        let whole = exclusions.filter { $0.value.isEmpty || $0.value.isSuperset(of: o.kind.dataKinds) }
        if selection.jobs.isEmpty, let job = whole.keys.sorted().first {
            let name = scope.jobNames[job].map { "job \($0)" } ?? "a job"
            return ObjectProtection(object: o, state: .excluded, reason: "excluded by \(name)")
        }
        var required = settings.requiredData(of: o)
        // Data a job excludes of the object on purpose (its archive mailbox) is not required.
        for (_, data) in exclusions where !data.isEmpty { required.subtract(data) }
        var membersOnly = false
        if !selection.jobs.isEmpty {
            let narrowed = required.intersection(selection.data)
            // A job that selects none of the required data still protects what it selects.
            required = narrowed.isEmpty ? selection.data : narrowed
        } else if o.kind == .user, scope.groupsWithMembers, o.backups.values.contains(where: \.isBackedUp) {
            // Backed up while in no job of its own: a member of a group a job selects with its
            // members (which the API lists elsewhere), for the data that group's job backs up.
            let backedUp = Set(o.backups.filter { $0.value.isBackedUp }.keys)
            let narrowed = required.intersection(backedUp)
            required = narrowed.isEmpty ? backedUp : narrowed
            membersOnly = true
        }
        var verdict = ObjectProtection(object: o, state: .protected, reason: "")
        verdict.required = required.sorted()
        verdict.jobs = jobs
        guard !required.isEmpty else {
            verdict.state = .unknown
            verdict.reason = "what its jobs select of it is not known"
            return verdict
        }
        var (state, reason, last, overdue) = dataVerdict(
            o, verdict.required, inJob: !jobs.isEmpty || membersOnly, snapshot: snapshot, settings: settings,
            membersUnknown: scope.groupsWithMembers)
        if membersOnly, state != .unknown { reason += " (through a group a job selects with its members)" }
        if state == .unprotected, !scope.itemsKnown {
            // "In no job" rests on every job's items: without them it is not known.
            (state, reason) = (.unknown, "the jobs' selections were not all read; \(reason)")
        }
        verdict.state = state
        verdict.reason = reason
        verdict.lastBackup = last
        verdict.overdueSeconds = overdue
        return verdict
    }

    /// The state of `o` from the marks of its required data.
    static func dataVerdict(
        _ o: ProtectionObject, _ required: [ProtectedData], inJob: Bool, snapshot: ProtectionSnapshot,
        settings: ProtectionSettings, membersUnknown: Bool
    ) -> (ProtectionState, String, Timestamp?, Double?) {
        let backupDataKnown = snapshot.backupDataKnown(o.kind)
        var never: [ProtectedData] = []
        var stale: [(ProtectedData, Timestamp?)] = []
        var oldest: Timestamp?
        var anyBackup = false
        for data in required {
            guard let mark = o.backups[data], mark.isBackedUp else {
                never.append(data)
                continue
            }
            anyBackup = true
            guard let time = mark.time else {
                stale.append((data, nil))
                continue
            }
            oldest = oldest.map { min($0, time) } ?? time
            if snapshot.taken.seconds(since: time) > settings.rpoSeconds { stale.append((data, time)) }
        }
        anyBackup = anyBackup || o.backups.values.contains { $0.isBackedUp }
        if never.isEmpty && stale.isEmpty {
            return (.protected, "backed up within the RPO", oldest, nil)
        }
        if !backupDataKnown {
            // A newer backup may be in a repository whose data was not read: no verdict but
            // protected rests on incomplete data.
            return (.unknown, "the server did not give all of its backup data", oldest, nil)
        }
        let last = never.isEmpty ? oldest : nil
        if !inJob {
            var reason = "in no job"
            if membersUnknown { reason += " (unless a member of a group a job selects with its members)" }
            if anyBackup, let latest = o.backups.values.compactMap(\.time).max() {
                reason += "; last backed up \(age(snapshot.taken.seconds(since: latest))) before the snapshot"
            }
            return (.unprotected, reason, last, nil)
        }
        if !anyBackup {
            var reason = "selected by a job, never backed up"
            if o.license?.state == .exceeded { reason += " (licence exceeded)" }
            return (.neverBackedUp, reason, nil, nil)
        }
        var parts: [String] = never.map { "\($0.word) never backed up" }
        for (data, time) in stale {
            parts.append(
                time.map { "\(data.word) last backed up \(age(snapshot.taken.seconds(since: $0))) before the snapshot" }
                    ?? "\(data.word) backup time unknown")
        }
        let overdue = stale.compactMap { $0.1 }.min().map { snapshot.taken.seconds(since: $0) - settings.rpoSeconds }
        return (.breached, parts.joined(separator: "; "), last, overdue)
    }

    /// The state of one required kind of data of `o`, for the counts per data kind.
    static func dataState(
        _ o: ProtectionObject, _ data: ProtectedData, taken: Timestamp, backupDataKnown: Bool,
        settings: ProtectionSettings, inJob: Bool
    ) -> ProtectionState {
        guard let mark = o.backups[data], mark.isBackedUp else {
            if !backupDataKnown { return .unknown }
            return inJob ? .neverBackedUp : .unprotected
        }
        guard let time = mark.time else { return .breached }
        if taken.seconds(since: time) <= settings.rpoSeconds { return .protected }
        return inJob ? .breached : .unprotected
    }

    /// A length in words for a reason, the same in every output and time zone: `45 min`, `5 h`,
    /// `3 d 7 h`.
    static func age(_ seconds: Double) -> String {
        let minutes = Int((max(0, seconds) / 60).rounded(.down))
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 24 { return "\(hours) h" }
        return hours % 24 == 0 ? "\(hours / 24) d" : "\(hours / 24) d \(hours % 24) h"
    }
}
