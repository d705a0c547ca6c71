import VB365Model

extension Summary {
    /// The summary as one organization (a tenant) may see it: its jobs, their sessions and
    /// history, its own totals, and nothing of any other organization or of the rest of the
    /// input. Counts of the whole input (sessions before and after the window, duplicates merged,
    /// unread log items) are zero, and no server is listed: a server's totals cover other tenants.
    ///
    /// Pure and index-preserving in order: jobs, sessions and history keep their relative order,
    /// so a tenant's pages read like the same pages of the whole report.
    ///
    /// Its infrastructure is what serves its backups (`InfrastructureSummary.tenant`): the
    /// proxies are named when `proxyNames` is true, else called "serving your backups" (a
    /// provider may keep its host names to itself).
    public func tenant(_ organizationIndex: Int, proxyNames: Bool = false) -> Summary {
        let organization = organizations[organizationIndex]
        var jobPlace: [Int: Int] = [:]
        for (place, job) in organization.jobIndices.enumerated() { jobPlace[job] = place }
        func keep(_ facts: [SessionFacts]) -> (facts: [SessionFacts], places: [Int: Int]) {
            var kept: [SessionFacts] = []
            var places: [Int: Int] = [:]
            for (index, f) in facts.enumerated() {
                guard let place = jobPlace[f.jobIndex] else { continue }
                var copy = f
                copy.jobIndex = place
                places[index] = kept.count
                kept.append(copy)
            }
            return (kept, places)
        }
        let window = keep(sessions)
        let earlier = keep(history)
        let tenantJobs = organization.jobIndices.map { index in
            var job = jobs[index]
            job.organizationIndex = 0
            job.serverIndex = nil
            job.sessionIndices = job.sessionIndices.compactMap { window.places[$0] }
            job.historyIndices = job.historyIndices.compactMap { earlier.places[$0] }
            return job
        }
        var only = organization
        only.jobIndices = Array(tenantJobs.indices)
        only.serverIndex = nil
        var result = Summary(
            window: self.window, options: options.judging(organization: organizationIndex),
            totals: organization.statistics, organizations: [only],
            jobs: tenantJobs, sessions: window.facts, history: earlier.facts, sessionsBeforeWindow: 0,
            sessionsAfterWindow: 0, duplicateSessions: 0)
        result.servers = []
        result.ownLastFetched = organization.serverIndex.flatMap { servers[$0].lastFetched }
        let ownJobs = Set(tenantJobs.compactMap(\.id))
        result.infrastructure = infrastructure.tenant(organizationIndex, jobs: ownJobs, proxyNames: proxyNames)
        // Its own restore sessions only: never another tenant's.
        result.restores = restores.filter { $0.organizationIndex == organizationIndex }.map {
            var own = $0
            own.organizationIndex = 0
            own.serverIndex = nil
            return own
        }
        // Its own jobs' and repositories' changes only: a shared repository's are the provider's.
        result.settingChanges = settingChanges.filter { $0.organizationIndex == organizationIndex }.map {
            var own = $0
            own.organizationIndex = 0
            own.serverIndex = nil
            own.jobIndex = own.jobIndex.flatMap { jobPlace[$0] }
            return own
        }
        result.settingsWatched = organization.serverIndex.map(settingsWatchedServers.contains) ?? settingsWatched
        result.protection.period = protection.period
        result.protection.tenants = protection.tenants.filter { $0.organizationIndex == organizationIndex }.map {
            var own = $0
            own.organizationIndex = 0
            own.server = -1
            own.serverIndex = nil
            return own
        }
        return result
    }
}

extension InfrastructureSummary {
    /// What one organization (a tenant) may see: the repositories bound to it or used by its
    /// jobs, the proxies that serve those repositories, and its own licensed users; never the
    /// server's licence or version, nor other tenants' jobs. A proxy shows only whether it is
    /// offline or in maintenance (its version, load and system are the provider's), under its name
    /// when `proxyNames` is true, else as "serving your backups" (numbered when there are
    /// several). `jobs` are the tenant's own job ids: the only ones its repositories and proxies
    /// name.
    public func tenant(_ organizationIndex: Int, jobs: Set<EntityID> = [], proxyNames: Bool = false)
        -> InfrastructureSummary
    {
        var result = InfrastructureSummary()
        result.repositories = repositories.filter { $0.organizationIndices.contains(organizationIndex) }.map {
            var r = $0
            r.organizationIndices = [0]
            r.server = nil
            r.proxyID = nil
            r.jobIDs = r.jobIDs.filter(jobs.contains)
            return r
        }
        let serving = proxies.filter { $0.organizationIndices.contains(organizationIndex) }
        result.proxies = serving.enumerated().map { place, p in
            var name = p.name
            if !proxyNames { name = "serving your backups" + (serving.count > 1 ? " (\(place + 1))" : "") }
            var proxy = ProxyState(id: EntityID("proxy-\(place + 1)"), name: name, server: nil, time: p.time)
            proxy.status = p.status
            proxy.maintenanceModeState = p.maintenanceModeState
            proxy.organizationIndices = [0]
            proxy.jobIDs = p.jobIDs.filter(jobs.contains)
            proxy.findings = p.findings.filter {
                switch $0.kind {
                case .offline, .maintenance: return true
                default: return false
                }
            }
            if proxyNames { proxy.id = p.id }
            return proxy
        }
        result.organizationLicensing = organizationLicensing.filter { $0.organizationIndex == organizationIndex }.map {
            var l = $0
            l.organizationIndex = 0
            l.server = nil
            return l
        }
        let times =
            result.repositories.map(\.time) + result.proxies.map(\.time) + result.organizationLicensing.map(\.time)
        result.newestSnapshot = times.compactMap { $0 }.max()
        result.judgedAt = judgedAt
        return result
    }
}

extension Summary {
    /// The jobs an infrastructure problem stops or slows, as the API links them: a repository's
    /// jobs (those that back up to it), a proxy's (those of the repositories it serves); none for
    /// a licence, which serves every job of its server. Indices into `jobs`, in their order.
    public func affectedJobs(_ problem: InfrastructureProblem) -> [Int] {
        let ids: [EntityID]
        let server: String?
        switch problem.subject {
        case .repository(let i):
            (ids, server) = (infrastructure.repositories[i].jobIDs, infrastructure.repositories[i].server)
        case .proxy(let i): (ids, server) = (infrastructure.proxies[i].jobIDs, infrastructure.proxies[i].server)
        case .license: return []
        }
        let wanted = Set(ids)
        guard !wanted.isEmpty else { return [] }
        return jobs.indices.filter { index in
            let job = jobs[index]
            guard let id = job.id, wanted.contains(id) else { return false }
            guard let server, let place = job.serverIndex else { return true }
            return servers[place].name == server
        }
    }
}
