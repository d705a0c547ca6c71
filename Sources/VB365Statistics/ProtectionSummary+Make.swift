import VB365Model

extension ProtectionSummary {
    /// The protection of every organization `inventory` holds snapshots of: each judged as of its
    /// newest snapshot before the period's end, with the SLA over `period` from the checks its
    /// snapshots give (and, for an RPO of a day or longer, the days before the period's first
    /// snapshot estimated from restore points: `ProtectionHistory`). `read` reads one snapshot
    /// (nil: it could not be read, and is left out; the caller says so); snapshots are read one
    /// organization at a time. `rpo` gives an organization's own RPO (by its index in
    /// `sessions.organizations`), else `settings`' applies.
    /// Each tenant keeps the verdicts `keeping` says (`ObjectsKept.problems` holds an estate of a
    /// million objects as counts; `detail` gives one tenant's every object). Without `history`, each
    /// organization is judged from its newest snapshot alone and has no SLA (a check of the state
    /// now reads one snapshot an organization rather than a month's).
    public static func make(
        _ inventory: Inventory, sessions: Summary, settings: ProtectionSettings, period: Range<Timestamp>,
        keeping: ObjectsKept = .all, history withHistory: Bool = true, rpo: (Int) -> Double? = { _ in nil },
        read: (ProtectionSnapshotReference) -> ProtectionSnapshot?
    ) -> ProtectionSummary {
        var summary = ProtectionSummary()
        guard !inventory.protectionSnapshots.isEmpty else { return summary }
        summary.period = period
        var groups: [[ProtectionSnapshotReference]] = []
        for reference in inventory.protectionSnapshots {
            if let last = groups.last?.last, last.server == reference.server,
                last.organization == reference.organization
            {
                groups[groups.count - 1].append(reference)
            } else {
                groups.append([reference])
            }
        }
        for group in groups {
            let usable = group.filter { $0.taken < period.upperBound }.sorted { $0.taken < $1.taken }
            guard let newest = usable.last else { continue }
            let (serverIndex, organizationIndex) = place(newest, inventory: inventory, sessions: sessions)
            var own = settings
            if let index = organizationIndex, let seconds = rpo(index) { own.rpoSeconds = seconds }
            let checks =
                withHistory
                ? ProtectionHistory.checks(
                    usable.filter { $0.taken >= period.lowerBound }.map(\.taken), rpoSeconds: own.rpoSeconds) : []
            var history = ProtectionHistory(settings: own, period: period)
            // The last snapshot before the period too: an object it listed was not first seen in
            // the period (the period's "newest first" would otherwise start afresh each month), and
            // it holds restore points. The period's first snapshot, a check or not, estimates the
            // days before it from the restore points (`ProtectionHistory`).
            let before = withHistory ? usable.last { $0.taken < period.lowerBound } : nil
            let first = withHistory ? usable.first { $0.taken >= period.lowerBound } : nil
            for reference in usable
            where checks.contains(reference.taken) || reference == newest || reference == before
                || reference == first
            {
                guard var snapshot = read(reference) else { continue }
                snapshot.server = reference.server
                history.add(snapshot, isCheck: checks.contains(reference.taken))
            }
            guard var tenant = history.result(keeping: keeping) else { continue }
            if !withHistory { tenant.sla = nil }
            tenant.newest = newest
            let age = period.upperBound.seconds(since: newest.taken)
            if age > own.snapshotMaxAgeSeconds { tenant.staleSnapshotSeconds = age }
            tenant.serverIndex = serverIndex
            tenant.organizationIndex = organizationIndex
            tenant.organizationName =
                tenant.organizationName
                ?? inventory.organization(newest.organization, server: newest.server)?.displayName
                ?? organizationIndex.map { sessions.organizations[$0].name }
            summary.tenants.append(tenant)
        }
        summary.tenants.sort {
            ($0.server, $0.displayName.lowercased(), $0.organizationID.description)
                < ($1.server, $1.displayName.lowercased(), $1.organizationID.description)
        }
        return summary
    }

    /// `tenant` with every object's verdict, when `make` kept fewer: its newest snapshot read
    /// again (`read`) and judged by `settings` with the tenant's own RPO; the counts, the SLA and
    /// the rest are the tenant's. Nil when the snapshot cannot be read again.
    public static func detail(
        _ tenant: TenantProtection, settings: ProtectionSettings,
        read: (ProtectionSnapshotReference) -> ProtectionSnapshot?
    ) -> TenantProtection? {
        guard tenant.objectsKept != .all else { return tenant }
        guard let reference = tenant.newest, var snapshot = read(reference) else { return nil }
        snapshot.server = reference.server
        var own = settings
        own.rpoSeconds = tenant.rpoSeconds
        let firstSeen = tenant.firstSeen
        let judged = TenantProtection.judge(
            snapshot, settings: own, keeping: .all, firstSeen: { firstSeen[$0] }, visit: { _ in })
        var result = tenant
        result.objects = judged.objects
        result.objectsKept = .all
        return result
    }

    /// Where a snapshot's organization is in `sessions`: its server (the summary lists servers in
    /// the reports' order, not the inventory's: matched by address) and the organization (by id,
    /// a second server's copy scoped `id@address`, on the same server).
    static func place(_ reference: ProtectionSnapshotReference, inventory: Inventory, sessions: Summary) -> (
        server: Int?, organization: Int?
    ) {
        let address = reference.server >= 0 ? inventory.servers[Int(reference.server)].address : nil
        let server = address.flatMap { address in sessions.servers.firstIndex { $0.address == address } }
        let organization = sessions.organizations.firstIndex { organization in
            guard let id = organization.id else { return false }
            let bare = id.description.split(separator: "@").first.map(String.init) ?? id.description
            return bare == reference.organization.description
                && (server == nil || organization.serverIndex == nil || organization.serverIndex == server)
        }
        return (server, organization)
    }
}
