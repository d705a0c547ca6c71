import VB365Model

extension TenantProtection {
    /// Judges every object of `snapshot` against `settings`. `firstSeen` gives, by object id,
    /// when an earlier snapshot first listed it (for "newest unprotected first").
    public static func judge(
        _ snapshot: ProtectionSnapshot, settings: ProtectionSettings = .standard,
        firstSeen: [String: Timestamp] = [:]
    ) -> TenantProtection {
        var result = TenantProtection(
            organizationID: snapshot.organizationID, taken: snapshot.taken, rpoSeconds: settings.rpoSeconds,
            server: snapshot.server)
        result.organizationName = snapshot.organizationName
        result.incompleteSources = ProtectionSource.allCases.filter { source in
            switch source {
            case .restorePoints: return false
            default: return snapshot.sources[source].map { $0 != .complete } ?? true
            }
        }
        let scope = Scope(snapshot)
        for object in snapshot.objects {
            // An object the organization no longer lists is history, not a gap: left out while
            // its directory list was read completely.
            if !object.inDirectory, snapshot.isComplete(.directory(object.kind)) { continue }
            var verdict = judge(object, scope: scope, snapshot: snapshot, settings: settings)
            verdict.firstSeen = firstSeen[object.id]
            result.byKind[object.kind, default: StateCounts()].add(verdict.state)
            if verdict.state != .excluded {
                for data in verdict.required {
                    result.byData[data, default: StateCounts()].add(
                        dataState(
                            object, data, taken: snapshot.taken, backupDataKnown: snapshot.isComplete(.backupData),
                            settings: settings, inJob: !verdict.jobs.isEmpty))
                }
            }
            if object.license?.state == .exceeded { result.licenceExceeded.append(object) }
            result.objects.append(verdict)
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
        /// Data selected per object key (an id, or a lower-cased address), and by which jobs.
        var selected: [String: (data: Set<ProtectedData>, jobs: Set<EntityID>)] = [:]
        /// Jobs excluding each object key.
        var excluded: [String: Set<EntityID>] = [:]
        /// Data every object of the organization has selected (EntireOrganization jobs,
        /// PartialOrganization items), by job.
        var organizationWide: [EntityID: Set<ProtectedData>] = [:]
        /// Jobs selecting the personal sites of everyone.
        var personalSites: Set<EntityID> = []
        /// A group is selected with its members: users in no job may still be members.
        var groupsWithMembers = false
        var jobNames: [EntityID: String] = [:]

        init(_ snapshot: ProtectionSnapshot) {
            var entire = Set<EntityID>()
            for job in snapshot.jobs {
                jobNames[job.id] = job.name
                if job.isEntireOrganization { entire.insert(job.id) }
            }
            for item in snapshot.jobItems {
                let keys = [item.objectID, item.address?.lowercased()].compactMap { $0 }.filter { !$0.isEmpty }
                if item.isExclusion {
                    for key in keys { excluded[key, default: []].insert(item.jobID) }
                    continue
                }
                switch item.type {
                case .partialOrganization:
                    // The processing options of an organization-wide selection (an
                    // EntireOrganization job sends its options as such an item).
                    organizationWide[item.jobID, default: []].formUnion(
                        item.data.isEmpty ? Set(ProtectedData.allCases) : item.data)
                case .personalSites:
                    personalSites.insert(item.jobID)
                default:
                    if item.type == .group, item.includesMembers { groupsWithMembers = true }
                    let data = item.data.isEmpty ? Set(item.type.objectKind?.dataKinds ?? []) : item.data
                    for key in keys {
                        selected[key, default: ([], [])].data.formUnion(data)
                        selected[key, default: ([], [])].jobs.insert(item.jobID)
                    }
                }
            }
            // An EntireOrganization job without options sent backs up every kind of data.
            for job in entire where organizationWide[job] == nil { organizationWide[job] = Set(ProtectedData.allCases) }
        }

        /// The keys an object is named by in job items.
        func keys(_ o: ProtectionObject) -> [String] {
            [o.id, o.address?.lowercased()].compactMap { $0 }.filter { !$0.isEmpty }
        }

        /// The data jobs select of `o`, and the jobs; excluded objects lose the
        /// organization-wide selection of the jobs that exclude them.
        func selection(of o: ProtectionObject) -> (data: Set<ProtectedData>, jobs: Set<EntityID>) {
            var data = Set<ProtectedData>()
            var jobs = Set<EntityID>()
            let excluding = keys(o).reduce(into: Set<EntityID>()) { $0.formUnion(excluded[$1] ?? []) }
            for key in keys(o) {
                if let s = selected[key] {
                    data.formUnion(s.data)
                    jobs.formUnion(s.jobs)
                }
            }
            for (job, wide) in organizationWide where !excluding.contains(job) {
                let own = wide.intersection(o.kind.dataKinds)
                if !own.isEmpty {
                    data.formUnion(own)
                    jobs.insert(job)
                }
            }
            if o.kind == .user {
                for job in personalSites where !excluding.contains(job) {
                    data.insert(.personalSite)
                    jobs.insert(job)
                }
            }
            return (data.intersection(o.kind.dataKinds), jobs)
        }

        /// The jobs that exclude `o`.
        func exclusions(of o: ProtectionObject) -> Set<EntityID> {
            keys(o).reduce(into: Set<EntityID>()) { $0.formUnion(excluded[$1] ?? []) }
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
        if selection.jobs.isEmpty, let job = exclusions.sorted().first {
            let name = scope.jobNames[job].map { "job \($0)" } ?? "a job"
            return ObjectProtection(object: o, state: .excluded, reason: "excluded by \(name)")
        }
        var required = settings.requiredData(of: o)
        if !selection.jobs.isEmpty {
            let narrowed = required.intersection(selection.data)
            // A job that selects none of the required data still protects what it selects.
            required = narrowed.isEmpty ? selection.data : narrowed
        }
        var verdict = ObjectProtection(object: o, state: .protected, reason: "")
        verdict.required = required.sorted()
        verdict.jobs = jobs
        let (state, reason, last, overdue) = dataVerdict(
            o, verdict.required, inJob: !jobs.isEmpty, snapshot: snapshot, settings: settings,
            membersUnknown: scope.groupsWithMembers)
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
        let backupDataKnown = snapshot.isComplete(.backupData)
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
        if !backupDataKnown && !anyBackup {
            return (.unknown, "the server did not give its backup data", nil, nil)
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
