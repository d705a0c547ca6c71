import VB365Model

/// What counts as a change of settings that weakens protection (`security.*` in the
/// configuration).
public struct SettingChangeSettings: Hashable, Sendable {
    /// Compare snapshots at all.
    public var enabled = true
    /// A job disabled for this long is a finding (Veeam ONE's alarm: 12 hours).
    public var disabledSeconds: Double = 12 * 3600
    /// A job's selected items losing at least this share (and at least one item) is a finding.
    public var selectionShare = 0.10

    /// The defaults.
    public init() {}
}

/// A setting that weakens protection changed between two snapshots: a job disabled for longer
/// than `SettingChangeSettings.disabledSeconds`, a job's selection shrunk, an exclusion added, a
/// repository's retention or immutability shortened or switched off, a job removed. Each is
/// found once, when the first snapshot after it was taken, with what was before and after.
public struct SettingChange: Hashable, Sendable {
    /// What changed: a kind of `SecurityFinding` (`jobDisabled` ... `jobRemoved`).
    public var kind: SecurityFinding.Kind
    /// When it counts as happened: the first snapshot that shows it (for a disabled job, when it
    /// had been disabled for `disabledSeconds`).
    public var time: Timestamp
    /// The first snapshot that showed it (`time`, but for a disabled job).
    public var firstSeen: Timestamp
    /// The last snapshot that still showed the setting as it was; nil when unknown.
    public var lastSeenBefore: Timestamp?
    /// Index into `Summary.servers`; nil when the input named no server.
    public var serverIndex: Int?
    /// Index into `Summary.organizations`: the organization the job or repository serves when it
    /// is exactly one; nil for a repository several organizations share (the provider's alone).
    public var organizationIndex: Int?
    /// Index into `Summary.jobs` when the job is one the summary lists.
    public var jobIndex: Int?
    /// True when it is about a repository, false for a job.
    public var isRepository: Bool
    /// The job's or repository's name (its id when the snapshot gave none).
    public var name: String
    /// The job's or repository's id, unscoped, as the server gives it.
    public var id: String
    /// The setting before and after, in words: `enabled`, `disabled`; `40 items`, `20 items`;
    /// `3 years`, `30 days`; `on, 30 days`, `off`.
    public var before: String
    public var after: String
    /// The items removed from the selection or excluded, by name (at most `itemsKept`).
    public var items: [String] = []
    /// How many items `items` would list without the cut.
    public var itemCount = 0
    /// Where the change was read: `jobs`, `repositories`, `protection` (job items or restore
    /// points).
    public var source: Source

    /// Where a change was read.
    public enum Source: String, Hashable, Sendable {
        case jobs, repositories, protection
    }

    /// How many item names a change keeps.
    public static let itemsKept = 20
}

/// Finds `SettingChange`s in the snapshots an inventory holds.
public enum SettingChanges {
    /// The changes seen in the repositories' readings (retention, immutability) and the jobs
    /// snapshots (disabled, removed, whole organization to selected items), whose time falls in
    /// `window`, oldest first. `servers` is the summary's order of the inventory's servers.
    static func fromSnapshots(
        _ inventory: Inventory, summary: Summary, servers: [Int16], settings: SettingChangeSettings
    ) -> [SettingChange] {
        guard settings.enabled else { return [] }
        let place = Placement(summary: summary, servers: servers)
        var changes = repositoryChanges(inventory.infrastructure.repositories, place: place)
        changes += jobChanges(inventory, place: place, settings: settings)
        return changes.filter { holds(summary.window, $0.time) }.sorted(by: SettingChange.order)
    }

    /// `summary`'s changes with those of the protection snapshots `inventory` lists added: of each
    /// organization, the snapshots taken in the window and the newest before it, each read with
    /// `read` (its jobs, items and restore points; nil: left out). A repository's immutability
    /// that its readings already reported, or that several organizations' snapshots report, is
    /// one change (a shared repository's, of no organization); a repository whose readings say
    /// whether it is immutable (v8) is judged by them alone.
    public static func addingProtection(
        to summary: Summary, inventory: Inventory, read: (ProtectionSnapshotReference) -> ProtectionSnapshot?
    ) -> [SettingChange] {
        let settings = summary.options.settingChanges
        guard settings.enabled, !inventory.protectionSnapshots.isEmpty else { return summary.settingChanges }
        let servers: [Int16] = summary.servers.map { server in
            Int16(inventory.servers.firstIndex { $0.address == server.address } ?? -1)
        }
        var groups: [String: [ProtectionSnapshotReference]] = [:]
        for reference in inventory.protectionSnapshots {
            groups["\(reference.server)|\(reference.organization)", default: []].append(reference)
        }
        // Restore points tell of a repository's immutability only where its readings do not (v8
        // says it of the repository itself): never the same change twice, on two days.
        var skip = Set<String>()
        for r in inventory.infrastructure.repositories where r.value.immutabilityEnabled != nil {
            skip.insert("\(r.server)|\(Placement.bare(r.value.id))")
        }
        var found: [SettingChange] = []
        for key in groups.keys.sorted() {
            let all = groups[key]!.sorted { $0.taken < $1.taken }
            let before = all.last { $0.taken <= summary.window.start }
            let inWindow = all.filter { holds(summary.window, $0.taken) }
            guard !inWindow.isEmpty else { continue }
            let snapshots = ([before].compactMap { $0 } + inWindow).compactMap { reference -> ProtectionSnapshot? in
                guard var s = read(reference) else { return nil }
                s.server = reference.server
                return s
            }
            found += fromProtection(
                snapshots, summary: summary, servers: servers, settings: settings, skipRepositories: skip)
        }
        // One change per repository and time: several organizations' restore points on a shared
        // repository say the same.
        var merged: [SettingChange] = []
        var seen: [String: Int] = [:]
        for c in found {
            guard c.kind == .immutabilityOff else {
                merged.append(c)
                continue
            }
            let k = "\(c.serverIndex ?? -1)|\(c.id)|\(c.time.iso8601)"
            if let index = seen[k] {
                if merged[index].organizationIndex != c.organizationIndex { merged[index].organizationIndex = nil }
            } else {
                seen[k] = merged.count
                merged.append(c)
            }
        }
        return (summary.settingChanges + merged).sorted(by: SettingChange.order)
    }

    /// True when a change seen at `time` is `window`'s: after its start and up to its end, whether
    /// the window includes its bounds or not, so that consecutive windows (days, months) share
    /// every change out and none twice (a fetch's snapshot is taken at the run's `now`, the next
    /// day's window's start: it is the earlier window's).
    static func holds(_ window: TimeWindow, _ time: Timestamp) -> Bool { time > window.start && time <= window.end }

    /// The changes between consecutive protection snapshots of one organization (`snapshots`,
    /// any order, read with their jobs, items and restore points): selection shrunk, exclusion
    /// added, restore points no longer immutable. `place` gives the summary's indices;
    /// `skipRepositories` the repositories whose immutability a repository reading already
    /// reported.
    public static func fromProtection(
        _ snapshots: [ProtectionSnapshot], summary: Summary, servers: [Int16], settings: SettingChangeSettings,
        skipRepositories: Set<String> = []
    ) -> [SettingChange] {
        guard settings.enabled, snapshots.count > 1 else { return [] }
        let place = Placement(summary: summary, servers: servers)
        let ordered = snapshots.sorted { $0.taken < $1.taken }
        var changes: [SettingChange] = []
        for (a, b) in zip(ordered, ordered.dropFirst()) where holds(summary.window, b.taken) {
            changes += selectionChanges(a, b, place: place, settings: settings)
            changes += immutabilityChanges(a, b, place: place, skip: skipRepositories)
        }
        return changes.sorted(by: SettingChange.order)
    }
}

extension SettingChange {
    /// Oldest first, then by kind, then by name.
    static func order(_ a: SettingChange, _ b: SettingChange) -> Bool {
        if a.time != b.time { return a.time < b.time }
        let (ka, kb) = (
            SecurityFinding.Kind.allCases.firstIndex(of: a.kind)!, SecurityFinding.Kind.allCases.firstIndex(of: b.kind)!
        )
        if ka != kb { return ka < kb }
        return (a.name, a.id) < (b.name, b.id)
    }
}

/// Where a server's job, organization or repository is in a summary.
struct Placement {
    let summary: Summary
    let servers: [Int16]
    /// Jobs by server index in the inventory and bare id.
    private var jobs: [String: Int] = [:]
    /// Organizations by server index in the inventory and bare id.
    private var organizations: [String: Int] = [:]

    init(summary: Summary, servers: [Int16]) {
        self.summary = summary
        self.servers = servers
        for (index, job) in summary.jobs.enumerated() {
            guard let id = job.id else { continue }
            jobs[Self.key(server: job.serverIndex.map { servers[$0] } ?? -1, id: id)] = index
        }
        for (index, o) in summary.organizations.enumerated() {
            guard let id = o.id else { continue }
            organizations[Self.key(server: o.serverIndex.map { servers[$0] } ?? -1, id: id)] = index
        }
    }

    /// An id without the `@server` a second server's copy is scoped with.
    static func bare(_ id: EntityID) -> String {
        String(id.description.split(separator: "@", maxSplits: 1).first ?? "")
    }

    static func key(server: Int16, id: EntityID) -> String { "\(server)|" + bare(id).lowercased() }

    /// The summary's index of inventory server `server`.
    func server(_ server: Int16) -> Int? { servers.firstIndex(of: server) }

    /// The summary's index of job `id` of inventory server `server`.
    func job(_ id: EntityID, server: Int16) -> Int? {
        jobs[Self.key(server: server, id: id)] ?? (servers.count <= 1 ? jobs[Self.key(server: -1, id: id)] : nil)
    }

    /// The summary's index of organization `id` of inventory server `server`.
    func organization(_ id: EntityID, server: Int16) -> Int? {
        organizations[Self.key(server: server, id: id)]
            ?? (servers.count <= 1 ? organizations[Self.key(server: -1, id: id)] : nil)
    }

    /// The one organization a repository serves (bound to it, or the only one whose jobs use it),
    /// from the infrastructure summary; nil when none or several.
    func repositoryOrganization(_ id: EntityID, server: Int16) -> Int? {
        let orgs = Set(repository(id, server: server).flatMap(\.organizationIndices))
        return orgs.count == 1 ? orgs.first : nil
    }

    /// The infrastructure summary's states of repository `id` of inventory server `server`.
    func repository(_ id: EntityID, server: Int16) -> [RepositoryState] {
        let name = serverName(server)
        return summary.infrastructure.repositories.filter {
            Placement.bare($0.id) == Placement.bare(id) && (name == nil || $0.server == nil || $0.server == name)
        }
    }

    /// The summary's name of inventory server `server`, if it lists it.
    func serverName(_ server: Int16) -> String? { self.server(server).map { summary.servers[$0].name } }
}

extension SettingChanges {
    // MARK: - Repositories

    /// Retention shortened, immutability switched off or shortened, between consecutive readings
    /// of each repository of each server.
    static func repositoryChanges(_ readings: [Reading<Repository>], place: Placement) -> [SettingChange] {
        var groups: [String: [Reading<Repository>]] = [:]
        for r in readings where r.time != nil {
            groups["\(r.server)|\(r.value.id)", default: []].append(r)
        }
        var changes: [SettingChange] = []
        for key in groups.keys.sorted() {
            let all = groups[key]!.sorted { $0.time! < $1.time! }
            for (a, b) in zip(all, all.dropFirst()) {
                func change(_ kind: SecurityFinding.Kind, before: String, after: String) -> SettingChange {
                    SettingChange(
                        kind: kind, time: b.time!, firstSeen: b.time!, lastSeenBefore: a.time,
                        serverIndex: place.server(b.server),
                        organizationIndex: place.repositoryOrganization(b.value.id, server: b.server),
                        jobIndex: nil, isRepository: true, name: b.value.name ?? a.value.name ?? b.value.id.description,
                        id: b.value.id.description, before: before, after: after, source: .repositories)
                }
                if let old = a.value.retention, let new = b.value.retention, new.days < old.days {
                    changes.append(change(.retentionShortened, before: old.words, after: new.words))
                }
                let (old, new) = (immutability(a.value), immutability(b.value))
                if case .on(let days)? = old {
                    switch new {
                    case .off?:
                        changes.append(change(.immutabilityOff, before: Immutability.on(days).words, after: "off"))
                    case .on(let newDays)?:
                        if let d0 = days, let d1 = newDays, d1 < d0 {
                            changes.append(
                                change(
                                    .immutabilityOff, before: Immutability.on(d0).words,
                                    after: Immutability.on(d1).words))
                        }
                    case nil:
                        break
                    }
                }
            }
        }
        return changes
    }

    /// A repository's immutability as one reading says.
    enum Immutability: Hashable {
        /// On, for this many days (nil: as long as the retention, whose shortening is a finding of
        /// its own, never a second one here).
        case on(Double?)
        case off

        var words: String {
            switch self {
            case .off: return "off"
            case .on(let days?): return "on, \(RetentionPeriod.days(Int(days)).words)"
            case .on(nil): return "on, for the retention period"
            }
        }
    }

    /// On (with its own days, if set), off, or nil when not said.
    static func immutability(_ r: Repository) -> Immutability? {
        guard let enabled = r.immutabilityEnabled else { return nil }
        guard enabled else { return .off }
        if let days = r.immutabilityDays, days > 0 { return .on(Double(days)) }
        return .on(nil)
    }

    // MARK: - Jobs

    /// A job disabled for `disabledSeconds`, a job removed, a job from the whole organization to
    /// selected items, between consecutive jobs snapshots of each server.
    static func jobChanges(_ inventory: Inventory, place: Placement, settings: SettingChangeSettings)
        -> [SettingChange]
    {
        // Only whole snapshots (their `-jobs.json` read), empty ones too: a snapshot cut short
        // would read as jobs removed.
        var byServer: [Int16: [Timestamp: [Job]]] = [:]
        for r in inventory.infrastructure.jobSnapshotTimes {
            guard let time = r.time else { continue }
            byServer[r.server, default: [:]][time] = []
        }
        for r in inventory.infrastructure.jobSnapshots {
            guard let time = r.time, byServer[r.server]?[time] != nil else { continue }
            byServer[r.server]![time]!.append(r.value)
        }
        // When each server was seen: every infrastructure reading and jobs snapshot.
        var seen: [Int16: [Timestamp]] = [:]
        func saw(_ server: Int16, _ time: Timestamp?) {
            if let time { seen[server, default: []].append(time) }
        }
        let infrastructure = inventory.infrastructure
        for r in infrastructure.repositories { saw(r.server, r.time) }
        for r in infrastructure.proxies { saw(r.server, r.time) }
        for r in infrastructure.licenses { saw(r.server, r.time) }
        for r in infrastructure.serviceInstances { saw(r.server, r.time) }
        for r in infrastructure.jobSnapshotTimes { saw(r.server, r.time) }
        for (server, times) in seen { seen[server] = times.sorted() }

        var changes: [SettingChange] = []
        for server in byServer.keys.sorted() {
            let snapshots = byServer[server]!.sorted { $0.key < $1.key }.map { (time: $0.key, jobs: $0.value) }
            func change(_ kind: SecurityFinding.Kind, _ job: Job, at time: Timestamp, since: Timestamp?)
                -> SettingChange
            {
                let jobIndex = place.job(job.id, server: server)
                let organization =
                    jobIndex.map { place.summary.jobs[$0].organizationIndex }
                    ?? job.organizationID.flatMap { place.organization($0, server: server) }
                return SettingChange(
                    kind: kind, time: time, firstSeen: time, lastSeenBefore: since, serverIndex: place.server(server),
                    organizationIndex: organization, jobIndex: jobIndex, isRepository: false,
                    name: job.name ?? Placement.bare(job.id), id: Placement.bare(job.id), before: "", after: "",
                    source: .jobs)
            }
            for (k, (time, jobs)) in snapshots.enumerated() where k > 0 {
                let previous = snapshots[k - 1]
                let now = Dictionary(jobs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                for old in previous.jobs {
                    guard let new = now[old.id] else {
                        var c = change(.jobRemoved, old, at: time, since: previous.time)
                        c.before = old.isCopyJob ? "a backup copy job" : "a backup job"
                        c.after = "no longer listed"
                        changes.append(c)
                        continue
                    }
                    if old.isEnabled != false, new.isEnabled == false {
                        // Disabled since this snapshot: a finding at the first reading of the server
                        // `disabledSeconds` later or more, while no later snapshot enabled it again
                        // (a missed fetch delays it to the next one, never loses it).
                        let due = time.adding(seconds: settings.disabledSeconds)
                        let enabledAgain = snapshots[(k + 1)...].first { s in
                            s.jobs.first { $0.id == old.id }.map { $0.isEnabled != false } ?? true
                        }?.time
                        if let evidence = seen[server]?.first(where: { $0 >= due }),
                            enabledAgain.map({ evidence <= $0 }) ?? true
                        {
                            var c = change(.jobDisabled, new, at: evidence, since: previous.time)
                            c.firstSeen = time
                            c.before = "enabled"
                            c.after = "disabled"
                            changes.append(c)
                        }
                    }
                    if let from = old.backupType, from.lowercased() == "entireorganization",
                        let to = new.backupType, to.lowercased() != from.lowercased()
                    {
                        var c = change(.selectionShrunk, new, at: time, since: previous.time)
                        c.before = "the entire organization"
                        c.after = to.lowercased() == "selecteditems" ? "selected items" : to
                        changes.append(c)
                    }
                }
            }
        }
        return changes
    }

    // MARK: - Protection snapshots

    /// A job's selected items shrunk (items removed, or an item's data narrowed) by at least
    /// `selectionShare`, and exclusions added, from `a` to `b`; only when both read the jobs'
    /// items to the end.
    static func selectionChanges(
        _ a: ProtectionSnapshot, _ b: ProtectionSnapshot, place: Placement, settings: SettingChangeSettings
    ) -> [SettingChange] {
        guard a.isComplete(.jobItems), b.isComplete(.jobItems) else { return [] }
        func key(_ item: JobItem) -> String {
            "\(item.type.wire)|" + (item.objectID ?? item.address ?? item.name ?? "").lowercased()
        }
        func label(_ item: JobItem) -> String { item.name ?? item.address ?? item.objectID ?? item.type.wire }
        func items(_ s: ProtectionSnapshot, exclusions: Bool) -> [EntityID: [String: JobItem]] {
            var out: [EntityID: [String: JobItem]] = [:]
            for item in s.jobItems where item.isExclusion == exclusions {
                out[item.jobID, default: [:]][key(item)] = item
            }
            return out
        }
        let server = b.server
        let organization = place.organization(b.organizationID, server: server)
        let jobsBefore = Set(a.jobs.map(\.id))
        let names = Dictionary(
            (a.jobs + b.jobs).map { ($0.id, $0.name) }, uniquingKeysWith: { old, new in new ?? old })
        var changes: [SettingChange] = []
        func change(_ kind: SecurityFinding.Kind, job: EntityID, before: String, after: String, items: [String])
            -> SettingChange
        {
            SettingChange(
                kind: kind, time: b.taken, firstSeen: b.taken, lastSeenBefore: a.taken,
                serverIndex: place.server(server),
                organizationIndex: organization, jobIndex: place.job(job, server: server), isRepository: false,
                name: (names[job] ?? nil) ?? Placement.bare(job), id: Placement.bare(job), before: before, after: after,
                items: Array(items.sorted().prefix(SettingChange.itemsKept)), itemCount: items.count,
                source: .protection)
        }
        let (selectedBefore, selectedAfter) = (items(a, exclusions: false), items(b, exclusions: false))
        // A job that now backs up the entire organization selects no items: wider, not shrunk.
        for job in selectedBefore.keys.sorted(by: { $0.description < $1.description })
        where b.jobs.contains(where: { $0.id == job && !$0.isEntireOrganization }) {
            let old = selectedBefore[job]!
            let new = selectedAfter[job] ?? [:]
            var lost: [String] = []
            for (k, item) in old {
                guard let now = new[k] else {
                    lost.append(label(item))
                    continue
                }
                // No data listed selects every kind: narrowed when it now lists some, or fewer.
                let narrowed =
                    item.data.isEmpty ? !now.data.isEmpty : (!now.data.isEmpty && !item.data.isSubset(of: now.data))
                if narrowed { lost.append(label(item) + " (" + Self.dataWords(item.data.subtracting(now.data)) + ")") }
            }
            guard !lost.isEmpty, Double(lost.count) >= settings.selectionShare * Double(old.count) else { continue }
            changes.append(
                change(
                    .selectionShrunk, job: job, before: Self.items(old.count), after: Self.items(new.count),
                    items: lost))
        }
        let (excludedBefore, excludedAfter) = (items(a, exclusions: true), items(b, exclusions: true))
        for job in excludedAfter.keys.sorted(by: { $0.description < $1.description }) where jobsBefore.contains(job) {
            let old = excludedBefore[job] ?? [:]
            let new = excludedAfter[job]!
            let added = new.filter { old[$0.key] == nil }.map { label($0.value) }
            guard !added.isEmpty else { continue }
            changes.append(
                change(
                    .exclusionAdded, job: job, before: Self.exclusions(old.count), after: Self.exclusions(new.count),
                    items: added))
        }
        return changes
    }

    /// Restore points of a repository that were immutable in `a` and are made without
    /// immutability in `b` (v8 `immutabilityExpiresOn`).
    static func immutabilityChanges(
        _ a: ProtectionSnapshot, _ b: ProtectionSnapshot, place: Placement, skip: Set<String>
    ) -> [SettingChange] {
        guard a.isComplete(.restorePoints), b.isComplete(.restorePoints) else { return [] }
        var immutableBefore = Set<EntityID>()
        for p in a.restorePoints where p.immutableUntil != nil {
            if let r = p.repositoryID { immutableBefore.insert(r) }
        }
        var mutableAfter: [EntityID: Int] = [:]
        var immutableAfter = Set<EntityID>()
        for p in b.restorePoints {
            guard let r = p.repositoryID else { continue }
            if p.immutableUntil == nil { mutableAfter[r, default: 0] += 1 } else { immutableAfter.insert(r) }
        }
        var changes: [SettingChange] = []
        for repository in immutableBefore.sorted(by: { $0.description < $1.description })
        where mutableAfter[repository] != nil && !immutableAfter.contains(repository)
            && !skip.contains("\(b.server)|\(Placement.bare(repository))")
        {
            // The repository's organization as its readings place it (nil when shared or unknown):
            // never the one tenant whose snapshot happened to show a shared repository's points.
            let state = place.repository(repository, server: b.server)
            let organizations = Set(state.flatMap(\.organizationIndices))
            changes.append(
                SettingChange(
                    kind: .immutabilityOff, time: b.taken, firstSeen: b.taken, lastSeenBefore: a.taken,
                    serverIndex: place.server(b.server),
                    organizationIndex: organizations.count == 1 ? organizations.first : nil, jobIndex: nil,
                    isRepository: true, name: state.first?.name ?? Placement.bare(repository),
                    id: Placement.bare(repository),
                    before: "restore points immutable",
                    after: "\(Self.count(mutableAfter[repository]!, "new restore point")) without immutability",
                    source: .protection))
        }
        return changes
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)" + (n == 1 ? "" : "s") }
    static func items(_ n: Int) -> String { count(n, "selected item") }
    static func exclusions(_ n: Int) -> String { count(n, "exclusion") }

    /// `mailbox, OneDrive`.
    static func dataWords(_ data: Set<ProtectedData>) -> String {
        data.sorted().map(\.word).joined(separator: ", ")
    }
}
