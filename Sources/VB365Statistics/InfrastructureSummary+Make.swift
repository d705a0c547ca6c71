import VB365Model

extension InfrastructureSummary {
    /// The infrastructure of `inventory` as of `judgedAt`: snapshots taken later are left out (a
    /// report of a past window shows the infrastructure of then); a snapshot without a time counts
    /// as taken at `judgedAt`. `organizations` places repositories and licensing figures with the
    /// report's organizations, for per-tenant reports.
    public static func make(
        _ inventory: Inventory, organizations: [OrganizationSummary], judgedAt: Timestamp,
        thresholds: InfrastructureThresholds
    ) -> InfrastructureSummary {
        let assembly = Assembly(
            inventory: inventory, organizations: organizations, judgedAt: judgedAt, thresholds: thresholds)
        var result = InfrastructureSummary()
        let versions = assembly.serverVersions()
        result.serverVersions = versions.list
        result.repositories = assembly.repositories()
        result.proxies = assembly.proxies(serverVersions: versions.byServer, repositories: result.repositories)
        result.licenses = assembly.licenses()
        result.organizationLicensing = assembly.organizationLicensing()
        let times =
            result.repositories.map(\.time) + result.proxies.map(\.time) + result.licenses.map(\.time)
            + result.organizationLicensing.map(\.time)
        result.newestSnapshot = times.compactMap { $0 }.max()
        result.judgedAt = judgedAt
        return result
    }

    private struct GroupKey: Hashable {
        var server: Int16
        var id: EntityID?
    }

    /// What `make` works from, with the lookups each part of the summary shares: one value, so
    /// that each part (versions, repositories, proxies, licences) is a step of its own.
    private struct Assembly {
        let inventory: Inventory
        let organizations: [OrganizationSummary]
        let judgedAt: Timestamp
        let thresholds: InfrastructureThresholds
        /// Each of `organizations`' index, by its id.
        let organizationIndex: [EntityID: Int]

        /// Gathers the inputs and indexes the organizations by id.
        init(
            inventory: Inventory, organizations: [OrganizationSummary], judgedAt: Timestamp,
            thresholds: InfrastructureThresholds
        ) {
            self.inventory = inventory
            self.organizations = organizations
            self.judgedAt = judgedAt
            self.thresholds = thresholds
            var organizationIndex: [EntityID: Int] = [:]
            for (index, o) in organizations.enumerated() { if let id = o.id { organizationIndex[id] = index } }
            self.organizationIndex = organizationIndex
        }

        /// The name of the inventory's server at `index`; nil when there is none there.
        func serverName(_ index: Int16) -> String? {
            index >= 0 && Int(index) < inventory.servers.count ? inventory.servers[Int(index)].name : nil
        }

        /// The newest reading of each thing, per server, not after `judgedAt`, with all of its
        /// readings oldest first (a reading without a time counts as taken at `judgedAt`).
        func newest<V>(_ readings: [Reading<V>], key: (V) -> EntityID?) -> [(reading: Reading<V>, all: [Reading<V>])] {
            var groups: [GroupKey: [Reading<V>]] = [:]
            var order: [GroupKey] = []
            for r in readings where (r.time ?? judgedAt) <= judgedAt {
                let k = GroupKey(server: r.server, id: key(r.value))
                if groups[k] == nil { order.append(k) }
                groups[k, default: []].append(r)
            }
            return order.map { k in
                let all = groups[k]!.enumerated().sorted {
                    ($0.element.time ?? judgedAt, $0.offset) < ($1.element.time ?? judgedAt, $1.offset)
                }.map(\.element)
                return (all.last!, all)
            }
        }

        /// Each server's version, from its newest service-instance reading: as the summary lists
        /// them, and by server (which proxies compare their own version with).
        func serverVersions() -> (list: [ServerVersion], byServer: [Int16: String]) {
            var list: [ServerVersion] = []
            var byServer: [Int16: String] = [:]
            for (r, _) in newest(inventory.infrastructure.serviceInstances, key: { _ in nil }) {
                if let v = r.value.version {
                    byServer[r.server] = v
                    list.append(ServerVersion(server: serverName(r.server), version: v))
                }
            }
            return (list, byServer)
        }

        /// Which organizations' jobs back up to which repository, and which jobs, per server
        /// (server -1: the job's server is unknown): the jobs list's `repositoryId`, else the
        /// newest session's.
        func repositoryUsers() -> (organizations: [GroupKey: Set<Int>], jobs: [GroupKey: Set<EntityID>]) {
            var repositoryOrganizations: [GroupKey: Set<Int>] = [:]
            var repositoryJobs: [GroupKey: Set<EntityID>] = [:]
            for id in Set(inventory.jobs.keys).union(inventory.sessionRepositories.keys) {
                let job = inventory.jobs[id]
                guard let repository = job?.repositoryID ?? inventory.sessionRepositories[id]?.repository else {
                    continue
                }
                let key = GroupKey(server: inventory.jobServers[id] ?? -1, id: repository)
                repositoryJobs[key, default: []].insert(id)
                guard let org = job?.organizationID, let index = organizationIndex[org] else { continue }
                repositoryOrganizations[key, default: []].insert(index)
            }
            return (repositoryOrganizations, repositoryJobs)
        }

        /// Every repository's state with the organizations and jobs that use it, sorted by
        /// server, name and id.
        func repositories() -> [RepositoryState] {
            let users = repositoryUsers()
            var states: [RepositoryState] = []
            for (reading, all) in newest(inventory.infrastructure.repositories, key: { $0.id }) {
                var state = InfrastructureSummary.repositoryState(
                    reading, history: all, judgedAt: judgedAt, thresholds: thresholds)
                state.server = serverName(reading.server)
                var orgs = users.organizations[GroupKey(server: reading.server, id: reading.value.id)] ?? []
                if users.organizations.isEmpty || orgs.isEmpty {
                    orgs.formUnion(users.organizations[GroupKey(server: -1, id: reading.value.id)] ?? [])
                }
                if let org = reading.value.organizationID, let index = organizationIndex[org] { orgs.insert(index) }
                state.organizationIndices = orgs.sorted()
                let jobs =
                    users.jobs[GroupKey(server: reading.server, id: reading.value.id)]
                    ?? users.jobs[GroupKey(server: -1, id: reading.value.id)] ?? []
                state.jobIDs = jobs.sorted()
                state.proxyID = reading.value.proxyID
                states.append(state)
            }
            states.sort { ($0.server ?? "", $0.name, $0.id) < ($1.server ?? "", $1.name, $1.id) }
            return states
        }

        /// Every proxy's state, sorted by server, name and id; `repositories` (with their users)
        /// give the organizations and jobs each proxy serves.
        func proxies(serverVersions: [Int16: String], repositories: [RepositoryState]) -> [ProxyState] {
            var states: [ProxyState] = []
            for (reading, all) in newest(inventory.infrastructure.proxies, key: { $0.id }) {
                states.append(
                    proxyState(
                        reading, history: all, serverVersion: serverVersions[reading.server],
                        repositories: repositories))
            }
            states.sort { ($0.server ?? "", $0.name, $0.id) < ($1.server ?? "", $1.name, $1.id) }
            return states
        }

        /// One proxy's state from its newest reading: whether and since when it is offline, in
        /// maintenance, or of another version than its server, and whom it serves.
        func proxyState(
            _ reading: Reading<BackupProxy>, history all: [Reading<BackupProxy>], serverVersion: String?,
            repositories: [RepositoryState]
        ) -> ProxyState {
            let p = reading.value
            var state = ProxyState(
                id: p.id, name: p.displayName, server: serverName(reading.server), time: reading.time, status: p.status,
                maintenanceModeState: p.maintenanceModeState, cpuUsagePercent: p.cpuUsagePercent,
                memoryUsagePercent: p.memoryUsagePercent, version: p.version, serverVersion: serverVersion,
                operatingSystem: p.operatingSystem)
            if p.isOffline {
                // The newest run of snapshots that showed it offline: since when, as far as they say.
                let offline = all.reversed().prefix { $0.value.isOffline }
                let since = offline.count > 1 || offline.count < all.count ? offline.last?.time : nil
                state.findings.append(
                    RowFinding(
                        kind: .offline(since: since, orEarlier: since != nil && offline.count == all.count),
                        severity: p.isInMaintenance ? .warning : .failed))
            }
            // The organizations and jobs of the repositories it serves, on its server.
            for r in repositories where r.proxyID == p.id && r.server == state.server {
                state.organizationIndices.append(contentsOf: r.organizationIndices)
                state.jobIDs.append(contentsOf: r.jobIDs)
            }
            state.organizationIndices = Set(state.organizationIndices).sorted()
            state.jobIDs = Set(state.jobIDs).sorted()
            if p.isInMaintenance { state.findings.append(RowFinding(kind: .maintenance, severity: .warning)) }
            if let mine = p.version?.trimmingCharacters(), let theirs = state.serverVersion?.trimmingCharacters(),
                !mine.isEmpty, !theirs.isEmpty, mine != theirs
            {
                state.findings.append(
                    RowFinding(kind: .versionMismatch(proxy: mine, server: theirs), severity: .warning))
            }
            return state
        }

        /// Every server's licence state, sorted by server.
        func licenses() -> [LicenseState] {
            var states = newest(inventory.infrastructure.licenses, key: { _ in nil }).map { licenseState($0.reading) }
            states.sort { ($0.server ?? "") < ($1.server ?? "") }
            return states
        }

        /// One licence's state from its newest reading: the days left, and whether it expired,
        /// expires soon or has more users than it allows.
        func licenseState(_ reading: Reading<License>) -> LicenseState {
            let l = reading.value
            var state = LicenseState(
                server: serverName(reading.server), time: reading.time, status: l.status, type: l.type,
                licensedTo: l.licensedTo, expires: l.expires, gracePeriodExpires: l.gracePeriodExpires,
                expiryUnreadable: l.expiryUnreadable, totalNumber: l.totalNumber, usedNumber: l.usedNumber,
                newNumber: l.newNumber)
            state.daysLeft = l.expires.map { $0.seconds(since: judgedAt) / 86_400 }
            if l.isExpired || (state.daysLeft.map { $0 < 0 } ?? false) {
                state.findings.append(
                    RowFinding(kind: .expired(on: l.expires, graceUntil: l.gracePeriodExpires), severity: .failed))
            } else if let expires = l.expires, let days = state.daysLeft, days <= thresholds.licenseWarningDays {
                let severity: Severity = days <= thresholds.licenseFailureDays ? .failed : .warning
                state.findings.append(RowFinding(kind: .expiresSoon(on: expires, days: days), severity: severity))
            }
            if let used = l.usedNumber, let total = l.totalNumber, total > 0, used > total {
                state.findings.append(RowFinding(kind: .overused(used: used, total: total), severity: .warning))
            }
            return state
        }

        /// Each organization's licensing figures from their newest reading, named as the report
        /// names the organization, sorted by server, name and id.
        func organizationLicensing() -> [OrganizationLicensingState] {
            var states: [OrganizationLicensingState] = []
            for (reading, _) in newest(inventory.infrastructure.organizationLicensing, key: { $0.organizationID }) {
                let l = reading.value
                let index = organizationIndex[l.organizationID]
                let name =
                    index.map { organizations[$0].name }
                    ?? inventory.organizations[l.organizationID]?.displayName ?? l.organizationID.description
                states.append(
                    OrganizationLicensingState(
                        organizationIndex: index, organizationID: l.organizationID, name: name,
                        server: serverName(reading.server), time: reading.time, licensedUsers: l.licensedUsers,
                        newUsers: l.newUsers))
            }
            states.sort {
                ($0.server ?? "", $0.name, $0.organizationID) < ($1.server ?? "", $1.name, $1.organizationID)
            }
            return states
        }
    }

    /// A repository's state: its newest figures, with what is unknown and why, its trend, the
    /// robust fit of its growth and the forecast, and its findings.
    static func repositoryState(
        _ reading: Reading<Repository>, history: [Reading<Repository>], judgedAt: Timestamp,
        thresholds: InfrastructureThresholds
    ) -> RepositoryState {
        let r = reading.value
        var state = RepositoryState(
            id: r.id, name: r.name ?? r.id.description, path: r.path, time: reading.time,
            isObjectStorage: r.isObjectStorage, objectStorageType: r.objectStorageType, isLongTerm: r.isLongTerm)
        state.isOutOfSync = r.isOutOfSync
        state.isOutdated = r.isOutdated
        state.isOutOfOrder = r.isOutOfOrder
        state.outOfOrderReason = r.outOfOrderReason
        let figures = Figures(r)
        state.capacityBytes = figures.capacity
        state.freeBytes = figures.free
        state.usedBytes = figures.used
        state.notes = figures.notes
        if let free = figures.free, let capacity = figures.capacity {
            state.freePercent = Double(free) / Double(capacity) * 100
        }

        // The trend: the last snapshot of each UTC day over the fitting period.
        let newestTime = reading.time ?? judgedAt
        let from = newestTime.adding(seconds: -thresholds.trendDays * 86_400)
        var byDay: [Int64: Reading<Repository>] = [:]
        for h in history {
            guard let t = h.time, t >= from, t <= newestTime else { continue }
            byDay[t.ticks / 864_000_000_000] = h
        }
        if reading.time == nil { byDay[newestTime.ticks / 864_000_000_000] = reading }
        let days = byDay.keys.sorted()
        state.trend = days.map { day in
            let h = byDay[day]!
            let f = Figures(h.value)
            return TrendPoint(time: h.time ?? judgedAt, freeBytes: f.free, usedBytes: f.used)
        }
        let points: [(x: Double, y: Double)] = state.trend.compactMap { p in
            guard let used = p.usedBytes else { return nil }
            return (p.time.seconds(since: newestTime) / 86_400, Double(used))
        }
        state.trendPoints = points.count
        state.trendDays = (points.last?.x ?? 0) - (points.first?.x ?? 0)
        if points.count >= 3, state.trendDays >= 2 {
            let slope = theilSen(points)
            state.growthBytesPerDay = slope
            if slope > 0, let free = figures.free {
                state.daysToFull = Double(free) / slope
            } else if slope <= 0 {
                state.notes.append(.notFilling)
            }
        } else if !points.isEmpty || figures.used != nil {
            state.notes.append(.tooFewSnapshots(count: points.count))
        }

        if let percent = state.freePercent {
            if percent < thresholds.freeFailurePercent {
                state.findings.append(RowFinding(kind: .lowFreeSpace(percent: percent), severity: .failed))
            } else if percent < thresholds.freeWarningPercent {
                state.findings.append(RowFinding(kind: .lowFreeSpace(percent: percent), severity: .warning))
            }
        }
        if let days = state.daysToFull {
            if days < thresholds.fullFailureDays {
                state.findings.append(RowFinding(kind: .fillsSoon(days: days), severity: .failed))
            } else if days < thresholds.fullWarningDays {
                state.findings.append(RowFinding(kind: .fillsSoon(days: days), severity: .warning))
            }
        }
        if r.isOutOfOrder == true {
            state.findings.append(RowFinding(kind: .outOfOrder(reason: r.outOfOrderReason), severity: .failed))
        }
        if r.isOutOfSync == true { state.findings.append(RowFinding(kind: .outOfSync, severity: .warning)) }
        if r.isOutdated == true { state.findings.append(RowFinding(kind: .outdated, severity: .warning)) }
        return state
    }

    /// A repository's usable figures: a capacity of 0 or free space larger than the capacity
    /// make the figures concerned unknown, with a note; object storage has no capacity.
    struct Figures {
        var capacity: Int64?
        var free: Int64?
        var used: Int64?
        var notes: [RepositoryNote] = []

        init(_ r: Repository) {
            if let c = r.capacityBytes, c > 0 {
                capacity = c
            } else if r.isObjectStorage {
                notes.append(.objectStorage)
            } else {
                notes.append(r.capacityBytes == 0 ? .capacityZero : .capacityMissing)
            }
            if let f = r.freeSpaceBytes {
                if let c = capacity, f > c {
                    notes.append(.freeExceedsCapacity(free: f, capacity: c))
                } else {
                    free = f
                }
            } else if !r.isObjectStorage {
                notes.append(.freeMissing)
            }
            if let c = capacity, let f = free {
                used = c - f
            } else {
                used = r.usedSpaceBytes
            }
        }
    }

    /// The Theil–Sen slope: the median of the slopes between every pair of points, which one odd
    /// snapshot (a cleanup, a repository extended) does not move.
    static func theilSen(_ points: [(x: Double, y: Double)]) -> Double {
        var slopes: [Double] = []
        slopes.reserveCapacity(points.count * (points.count - 1) / 2)
        for i in points.indices {
            for j in points.indices where j > i && points[j].x != points[i].x {
                slopes.append((points[j].y - points[i].y) / (points[j].x - points[i].x))
            }
        }
        guard !slopes.isEmpty else { return 0 }
        slopes.sort()
        let mid = slopes.count / 2
        return slopes.count % 2 == 1 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
