import VB365Model

extension Summary {
    /// The summary as one organization (a tenant) may see it: its jobs, their sessions and
    /// history, its own totals, and nothing of any other organization or of the rest of the
    /// input. Counts of the whole input (sessions before and after the window, duplicates merged,
    /// unread log items) are zero, and no server is listed: a server's totals cover other tenants.
    ///
    /// Pure and index-preserving in order: jobs, sessions and history keep their relative order,
    /// so a tenant's pages read like the same pages of the whole report.
    public func tenant(_ organizationIndex: Int) -> Summary {
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
            window: self.window, options: options, totals: organization.statistics, organizations: [only],
            jobs: tenantJobs, sessions: window.facts, history: earlier.facts, sessionsBeforeWindow: 0,
            sessionsAfterWindow: 0, duplicateSessions: 0)
        result.servers = []
        result.infrastructure = infrastructure.tenant(organizationIndex)
        return result
    }
}

extension InfrastructureSummary {
    /// What one organization (a tenant) may see: the repositories bound to it or used by its
    /// jobs, and its own licensed users; no proxy, no server licence and no server version (they
    /// serve every tenant).
    public func tenant(_ organizationIndex: Int) -> InfrastructureSummary {
        var result = InfrastructureSummary()
        result.repositories = repositories.filter { $0.organizationIndices.contains(organizationIndex) }.map {
            var r = $0
            r.organizationIndices = [0]
            r.server = nil
            return r
        }
        result.organizationLicensing = organizationLicensing.filter { $0.organizationIndex == organizationIndex }.map {
            var l = $0
            l.organizationIndex = 0
            l.server = nil
            return l
        }
        let times = result.repositories.map(\.time) + result.organizationLicensing.map(\.time)
        result.newestSnapshot = times.compactMap { $0 }.max()
        result.judgedAt = judgedAt
        return result
    }
}
