import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Simulator
import VB365TestSupport

/// A logged-in client of a simulator, for the protection lists.
private struct ProtectionClient {
    var client: Client

    /// Logs in to `server` with `version`.
    static func login(_ server: SimulatorServer, _ version: APIVersion) async throws -> ProtectionClient {
        var client = Client(server: server)
        try await client.login(version)
        return ProtectionClient(client: client)
    }

    /// The status and parsed body of a GET.
    func get(_ path: String) async throws -> (Int, JSON) {
        let (status, body, _) = try await client.call(.GET, path)
        return (status, try JSON.parse(body))
    }

    /// Every row of a list: the bare array, or every page's results, following the next links.
    func all(_ path: String) async throws -> [JSON] {
        var rows: [JSON] = []
        var next: String? = path
        var pages = 0
        while let target = next, pages < 1000 {
            let (status, body) = try await get(target)
            #expect(status == 200, "\(target)")
            pages += 1
            if case .array(let items) = body { return items }
            if case .array(let items)? = body["results"] { rows += items }
            next = text(body["_links"]?["next"]?["href"])
        }
        return rows
    }
}

/// The string a JSON value holds, if it is one.
private func text(_ value: JSON?) -> String? {
    if case .string(let s)? = value { return s }
    return nil
}

/// Whether `value` matches a mask of `*` (any run) and `?` (any one character), ignoring case.
private func matches(_ mask: String, _ value: String) -> Bool {
    func match(_ m: Substring, _ v: Substring) -> Bool {
        guard let first = m.first else { return v.isEmpty }
        if first == "*" { return match(m.dropFirst(), v) || (!v.isEmpty && match(m, v.dropFirst())) }
        guard let c = v.first, first == "?" || first == c else { return false }
        return match(m.dropFirst(), v.dropFirst())
    }
    return match(Substring(mask.lowercased()), Substring(value.lowercased()))
}

/// The time a wire value holds; nil for none.
private func time(_ value: JSON?) -> Timestamp? {
    guard let t = text(value), case .time(let time) = TimestampParser.parse(t) else { return nil }
    return time
}

/// The age of a wire time at the simulator's clock, in seconds; nil for no time.
private func age(_ value: JSON?) -> Double? {
    guard let t = text(value), case .time(let time) = TimestampParser.parse(t) else { return nil }
    return Harness.now.seconds(since: time)
}

@Suite("the simulator serves the protection lists of v6 to v8")
struct SimulatorProtectionTests {
    /// A validator of `version`'s protection schemas: v6's backup-data schemas require members
    /// they do not define (`itemType`, `repositoryId`, `isDeleted`), which v6 rows lack, so those
    /// requirements are dropped.
    static func validator(_ version: APIVersion) throws -> (OpenAPIValidator, [String: Any]) {
        let folder = try #require(Fixtures.openAPIFolder)
        let url = URL(fileURLWithPath: "\(folder)/vb365-\(version)-protection.json")
        var spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var components = spec["components"] as? [String: Any] ?? [:]
        var schemas = components["schemas"] as? [String: Any] ?? [:]
        for (name, value) in schemas {
            guard var schema = value as? [String: Any], let required = schema["required"] as? [String] else { continue }
            let defined = (schema["properties"] as? [String: Any] ?? [:]).keys
            schema["required"] = required.filter { defined.contains($0) }
            schemas[name] = schema
        }
        components["schemas"] = schemas
        spec["components"] = components
        let validator = try withTemporaryFolder { folder in
            let patched = folder.appendingPathComponent("spec.json")
            try JSONSerialization.data(withJSONObject: spec).write(to: patched)
            return try OpenAPIValidator(specPath: patched.path)
        }
        return (validator, spec["paths"] as? [String: Any] ?? [:])
    }

    /// The schema of a path template's 200 answer.
    static func schema(_ paths: [String: Any], _ template: String) throws -> [String: Any] {
        let operation = try #require((paths[template] as? [String: Any])?["get"] as? [String: Any], "\(template)")
        let response = try #require((operation["responses"] as? [String: Any])?["200"] as? [String: Any])
        let media = try #require((response["content"] as? [String: Any])?["application/json"] as? [String: Any])
        return try #require(media["schema"] as? [String: Any])
    }

    /// Each protection path a version serves for the first organization, with its template.
    static func paths(_ version: APIVersion, _ data: SimulatorData) throws -> [(String, String)] {
        let world = try #require(data.protection)
        let o = data.organizations[0].id
        let repository = world.tenant(0).repositoryID
        let v = "/\(version)"
        var checks: [(String, String)] = [
            ("\(v)/Organizations/\(o)/usedRepositories", "\(v)/Organizations/{organizationId}/usedRepositories"),
            ("\(v)/LicensedUsers?limit=200", "\(v)/LicensedUsers"),
            ("\(v)/RestorePoints?organizationId=\(o)&limit=200", "\(v)/RestorePoints"),
        ]
        for list in ["Users", "Groups", "Sites?includePersonalSites=true", "Teams"] {
            let name = String(list.prefix { $0 != "?" })
            checks.append(("\(v)/Organizations/\(o)/\(list)", "\(v)/Organizations/{organizationId}/\(name)"))
        }
        for list in [
            "UserData", "GroupData", "SiteData", "TeamData", "MailboxData", "OneDriveData", "OrganizationData",
        ] {
            checks.append(
                ("\(v)/BackupRepositories/\(repository)/\(list)", "\(v)/BackupRepositories/{repositoryId}/\(list)"))
        }
        for job in data.jobs where job.organizationID == o && !job.isCopyJob {
            checks.append(("\(v)/Jobs/\(job.id)/SelectedItems", "\(v)/Jobs/{jobId}/SelectedItems"))
            checks.append(("\(v)/Jobs/\(job.id)/ExcludedItems", "\(v)/Jobs/{jobId}/ExcludedItems"))
        }
        if version >= .v8 {
            for list in ["Users", "Groups", "Sites", "Teams"] {
                checks.append(("\(v)/Protected\(list)?organizationId=\(o)", "\(v)/Protected\(list)"))
            }
        }
        return checks
    }

    @Test(
        "every protection body conforms to its version's schema",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func conforms(version: APIVersion) async throws {
        let (validator, specPaths) = try Self.validator(version)
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await ProtectionClient.login(server, version)
            for (path, template) in try Self.paths(version, data) {
                let (status, body) = try await client.get(path)
                #expect(status == 200, "\(path)")
                let problems = validator.problems(body, try Self.schema(specPaths, template))
                #expect(problems.isEmpty, "\(version) \(path): \(problems.prefix(5))")
                let rows: [JSON]
                switch body {
                case .array(let items): rows = items
                default:
                    guard case .array(let items)? = body["results"] else {
                        rows = []
                        break
                    }
                    rows = items
                }
                #expect(!rows.isEmpty || path.hasSuffix("ExcludedItems"), "\(path) is empty")
            }
        }
    }

    @Test("v5 and earlier answer 404 for every protection path; v6 and v7 for the protected objects")
    func versions() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await ProtectionClient.login(server, .v8)
            for version in [APIVersion.v5, .v6, .v7, .v8] {
                for (path, _) in try Self.paths(.v8, data) {
                    let asked = path.replacingOccurrences(of: "/v8/", with: "/\(version)/")
                    let status = try await client.get(asked).0
                    let served = version == .v8 || (version >= .v6 && !asked.contains("/Protected"))
                    #expect(status == (served ? 200 : 404), "\(asked)")
                }
            }
            #expect(try await client.get("/v8/Organizations/\(UUID())/Users").0 == 404)
            #expect(try await client.get("/v8/Jobs/\(UUID())/SelectedItems").0 == 404)
            #expect(try await client.get("/v8/BackupRepositories/\(UUID())/UserData").0 == 404)
            let o = data.organizations[0].id
            #expect(try await client.get("/v8/Organizations/\(o)/Sites?includePersonalSites=maybe").0 == 400)
            #expect(try await client.get("/v8/Organizations/\(o)/Users?dataSource=Cloud").0 == 400)
            #expect(try await client.get("/v8/RestorePoints?from=yesterday").0 == 400)
        }
    }

    @Test("paging: next links through every page with one setId; a limit above 10,000 is capped to it")
    func paging() async throws {
        var world = SimulatorData.World(now: Harness.now)
        world.usersPerOrganization = 23
        let data = SimulatorData.generated(world)
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await ProtectionClient.login(server, .v8)
            let o = data.organizations[1].id
            var next: String? = "/v8/Organizations/\(o)/Users?limit=7"
            var ids: [String] = []
            var sets: Set<String> = []
            var pages = 0
            while let target = next {
                let (status, body) = try await client.get(target)
                #expect(status == 200)
                pages += 1
                if case .array(let rows)? = body["results"] { ids += rows.compactMap { text($0["id"]) } }
                sets.insert(text(body["setId"]) ?? "")
                next = text(body["_links"]?["next"]?["href"])
                #expect(next.map { $0.hasPrefix("/v8/Organizations/") && $0.contains("setId=") } ?? true)
            }
            #expect(pages == 4 && ids.count == 25 && Set(ids).count == 25)
            #expect(sets.count == 1)
            let asked = "11111111-2222-4333-8444-555555555555"
            let (_, echoed) = try await client.get("/v8/Organizations/\(o)/Users?setId=\(asked)")
            #expect(text(echoed["setId"]) == asked)
            let (_, capped) = try await client.get("/v8/LicensedUsers?limit=20000")
            #expect(capped["limit"] == .integer(10_000))
            #expect(try await client.all("/v6/LicensedUsers?limit=10").count == 2 * 22)
            let sites = try await client.all("/v7/Organizations/\(o)/Sites")
            let withPersonal = try await client.all("/v7/Organizations/\(o)/Sites?includePersonalSites=true")
            #expect(sites.count == ProtectionGenerator.siteNames.count, "personal sites only when asked for")
            #expect(withPersonal.count == sites.count + 22)
            #expect(withPersonal.filter { $0["isPersonal"] == .bool(true) }.count == 22)
        }
    }

    @Test("the gaps are there in every organization, through HTTP", arguments: [APIVersion.v6, .v7, .v8])
    func gaps(version: APIVersion) async throws {
        let data = Harness.data()
        let world = try #require(data.protection)
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await ProtectionClient.login(server, version)
            for (o, org) in data.organizations.enumerated() {
                let v = "/\(version)"
                let repository = "\(v)/BackupRepositories/\(world.tenant(o).repositoryID)"
                let users = try await client.all("\(v)/Organizations/\(org.id)/Users?limit=10000")
                let userData = Set(try await client.all("\(repository)/UserData").compactMap { text($0["id"]) })
                let licensed = try await client.all("\(v)/LicensedUsers?organizationId=\(org.id)&limit=10000")
                var selected: [String: Set<String>] = [:]
                var excluded: [String: Set<String>] = [:]
                for job in data.jobs where job.organizationID == org.id && !job.isCopyJob {
                    let items = try await client.all("\(v)/Jobs/\(job.id)/SelectedItems")
                    for key in ["user", "group", "site", "team"] {
                        selected[job.id.description, default: []].formUnion(items.compactMap { text($0[key]?["id"]) })
                    }
                    let out = try await client.all("\(v)/Jobs/\(job.id)/ExcludedItems")
                    excluded[job.id.description] = Set(out.compactMap { text($0["site"]?["id"]) })
                }
                let inAnyJob = selected.values.reduce(into: Set<String>()) { $0.formUnion($1) }
                func license(_ id: String) -> JSON? { licensed.first { text($0["id"]) == id } }
                for gap in world.gaps(organization: o) {
                    let id = gap.object.id
                    let job = gap.job?.description ?? ""
                    switch gap.kind {
                    case .newUserInNoJob, .maskedSharedMailbox:
                        #expect(users.contains { text($0["id"]) == id })
                        #expect(!userData.contains(id) && license(id) == nil && !inAnyJob.contains(id), "\(gap.kind)")
                        if gap.kind == .maskedSharedMailbox {
                            let row = users.first { text($0["id"]) == id }
                            #expect(row?["type"] == .string("Shared"))
                            let address = try #require(text(row?["name"]))
                            #expect(ProtectionGenerator.excludedMailboxMasks.allSatisfy { matches($0, address) })
                        }
                    case .selectedNeverBackedUp, .licenceExceeded:
                        let state = gap.kind == .licenceExceeded ? "Exceeded" : "TemporarilyAssigned"
                        // In no job once `SettingsIncidents` halved the first organization's selection.
                        #expect(
                            (gap.job == nil ? !inAnyJob.contains(id) : selected[job]?.contains(id) == true)
                                && !userData.contains(id))
                        #expect(license(id)?["licenseState"] == .string(state))
                        #expect(license(id)?["isBackedUp"] == .bool(false))
                    case .excludedSite:
                        #expect(excluded[job] == [id])
                        let row = try await client.all("\(repository)/SiteData").first { text($0["id"]) == id }
                        #expect((age(row?["backedUpTime"]) ?? 0) > 30 * Seconds.day)
                    case .staleTeam:
                        #expect(selected[job]?.contains(id) == true)
                        let row = try await client.all("\(repository)/TeamData").first { text($0["id"]) == id }
                        let stale = try #require(age(row?["backedUpTime"]))
                        #expect(stale >= 3 * Seconds.day && stale < 4 * Seconds.day)
                    }
                }
                #expect(licensed.contains { $0["licenseState"] == .string("Exceeded") } == (o == 0))
                // The users the job no longer selects were last backed up before `SettingsIncidents.time`.
                let deselected = world.deselectedUsers(organization: o).map {
                    world.entry(.user, organization: o, index: $0).object.id
                }
                #expect(deselected.allSatisfy { !inAnyJob.contains($0) })
                try await Self.expectRecent(
                    client, repository, gaps: Set(world.gaps(organization: o).map(\.object.id) + deselected))
            }
        }
    }

    /// Every row of a repository's backup data that is not a gap was backed up in the last 24 h.
    private static func expectRecent(_ client: ProtectionClient, _ repository: String, gaps: Set<String>) async throws {
        let times = [
            "UserData": "mailboxBackedUpTime", "GroupData": "mailboxBackedUpTime", "SiteData": "backedUpTime",
            "TeamData": "backedUpTime",
        ]
        for (list, member) in times {
            for row in try await client.all("\(repository)/\(list)") where !gaps.contains(text(row["id"]) ?? "") {
                let recent = try #require(age(row[member]), "\(list) \(row)")
                #expect(recent >= 0 && recent < Seconds.day, "\(list) \(text(row["id"]) ?? "")")
            }
        }
    }

    @Test("restore points: a bare array in v6, pages from v7, filtered by job, organization and time")
    func restorePoints() async throws {
        let data = Harness.data()
        let world = try #require(data.protection)
        let all = data.sessions.compactMap { world.restorePoint(of: $0) }
        let job = data.jobs[1].id
        try await withSimulator(Harness.api(data: data)) { server in
            let client = try await ProtectionClient.login(server, .v8)
            let (_, v6) = try await client.get("/v6/RestorePoints?jobId=\(job)")
            guard case .array(let bare) = v6 else {
                Issue.record("v6 restore points are not an array")
                return
            }
            #expect(bare.count == all.filter { $0.jobID == job }.count)
            #expect(bare.allSatisfy { $0["jobId"] == .string(job.description) && $0["isCopy"] == nil })
            let from = Harness.now.adding(seconds: -2 * Seconds.day)
            let recent = try await client.all("/v7/RestorePoints?limit=5&from=\(from.iso8601)")
            #expect(recent.count == all.filter { $0.backupTime! >= from }.count && !recent.isEmpty)
            #expect(recent.allSatisfy { (age($0["backupTime"]) ?? .infinity) <= 2 * Seconds.day })
            #expect(recent.allSatisfy { $0["isCopy"] == .bool(false) })
            let o = data.organizations[1].id
            let newest = try await client.all("/v8/RestorePoints?organizationId=\(o)&orderAsc=false&limit=10000")
            #expect(newest.count == all.filter { $0.organizationID == o }.count)
            let times = newest.compactMap { age($0["backupTime"]) }
            #expect(times == times.sorted(), "newest first")
        }
    }

    @Test(
        "settings incidents (v8): Contoso's users' job selects half its users; new copies on object storage are not immutable"
    )
    func settingsIncidents() async throws {
        /// The user items of Contoso's users' job, and the copies on object storage, at `now`.
        func served(at now: Timestamp, _ version: APIVersion) async throws -> (users: Int, copies: [JSON]) {
            var settings = SimulatorData.World(now: now)
            settings.copyJob = true
            let data = SimulatorData.generated(settings)
            let world = try #require(data.protection)
            let job = try #require(world.usersJob(organization: 0))
            return try await withSimulator(Harness.api(data: data)) { server in
                let client = try await ProtectionClient.login(server, version)
                let items = try await client.all("/\(version)/Jobs/\(job)/SelectedItems")
                let copies = try await client.all(
                    "/\(version)/RestorePoints?repositoryId=\(world.objectStorageRepositoryID)&limit=10000")
                if version == .v8, Fixtures.openAPIFolder != nil {
                    let (validator, paths) = try Self.validator(.v8)
                    let (_, page) = try await client.get(
                        "/v8/RestorePoints?repositoryId=\(world.objectStorageRepositoryID)&limit=10000")
                    let problems = validator.problems(page, try Self.schema(paths, "/v8/RestorePoints"))
                    #expect(problems.isEmpty, "\(problems.prefix(5))")
                }
                return (items.filter { $0["user"] != nil }.count, copies)
            }
        }
        let users = SimulatorData.World(now: Harness.now).usersPerOrganization
        let before = try await served(at: SettingsIncidents.time.adding(seconds: -Seconds.hour), .v8)
        let after = try await served(at: Harness.now, .v8)
        #expect(before.users == users && after.users == users / 2)
        let days = Double(SettingsIncidents.immutabilityDays) * Seconds.day
        #expect(!before.copies.isEmpty)
        for copy in before.copies + after.copies {
            #expect(copy["isCopy"] == .bool(true))
            let made = try #require(time(copy["backupTime"]))
            let until = time(copy["immutabilityExpiresOn"])
            #expect(until == (made < SettingsIncidents.time ? made.adding(seconds: days) : nil), "\(made.iso8601)")
        }
        let made = after.copies.compactMap { time($0["backupTime"]) }
        #expect(made.contains { $0 < SettingsIncidents.time } && made.contains { $0 > SettingsIncidents.time })
        // v7 has no immutabilityExpiresOn.
        let v7 = try await served(at: Harness.now, .v7)
        #expect(v7.copies.count == after.copies.count && v7.copies.allSatisfy { $0["immutabilityExpiresOn"] == nil })
    }

    @Test("the same seed serves the same bodies; a refused protection list answers its status")
    func deterministicAndRefused() async throws {
        var bodies: [[UInt8]] = []
        for _ in 0..<2 {
            let data = Harness.data()
            try await withSimulator(Harness.api(data: data)) { server in
                var client = Client(server: server)
                try await client.login(.v8)
                for (path, _) in try Self.paths(.v8, data) { bodies.append(try await client.call(.GET, path).1) }
            }
        }
        #expect(bodies.count % 2 == 0 && !bodies.isEmpty)
        #expect(Array(bodies.prefix(bodies.count / 2)) == Array(bodies.suffix(bodies.count / 2)))
        let refused = Harness.api(data: Harness.data()) { $0.faults.refusals = ["licensedusers": 403] }
        try await withSimulator(refused) { server in
            let client = try await ProtectionClient.login(server, .v8)
            #expect(try await client.get("/v8/LicensedUsers").0 == 403)
        }
    }
}
