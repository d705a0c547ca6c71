import VB365Model

extension ProtectionGenerator {
    /// Organization `o`'s protection as a fetch at `settings.now` reads it: every object (the
    /// personal sites through their users), its jobs and their items, and the restore points of
    /// `sessions` (its jobs' finished runs) made after `since`. Every list complete.
    package func snapshot(organization o: Int, sessions: [JobSession] = [], since: Timestamp? = nil)
        -> ProtectionSnapshot
    {
        let organization = organizations[o]
        var snapshot = ProtectionSnapshot(organizationID: organization.id, taken: settings.now)
        snapshot.organizationName = organization.name
        snapshot.version = .v8
        for source in ProtectionSource.allCases { snapshot.sources[source] = .complete }
        for kind in ProtectedObjectKind.allCases {
            for index in 0..<count(kind) {
                snapshot.objects.append(entry(kind, organization: o, index: index).object)
            }
        }
        snapshot.objects.sort { $0.kind != $1.kind ? $0.kind < $1.kind : $0.id < $1.id }
        for job in jobs where job.organizationID == organization.id && !job.isCopyJob {
            snapshot.jobs.append(
                ProtectionJob(id: job.id, name: job.name, backupType: job.backupType, isEnabled: job.isEnabled))
            snapshot.jobItems += (selectedItems(ofJob: job.id) ?? []).map(\.item)
            snapshot.jobItems += (excludedItems(ofJob: job.id) ?? []).map(\.item)
        }
        snapshot.restorePoints = sessions.compactMap { session in
            guard let point = restorePoint(of: session), point.organizationID == organization.id,
                let time = point.backupTime, time <= settings.now, since.map({ time > $0 }) ?? true
            else { return nil }
            return point
        }.sorted { ($0.backupTime ?? .minimumISO, $0.id) < ($1.backupTime ?? .minimumISO, $1.id) }
        return snapshot
    }
}
