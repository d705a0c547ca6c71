import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365TestSupport

@Suite("Generated protection: objects, gaps, job items, restore points and their wire shapes")
struct ProtectionWireTests {
    /// The server's clock: 22:01 UTC, while the first nightly run is going.
    static let now = Timestamp(year: 2026, month: 11, day: 23).adding(seconds: 22 * Seconds.hour + 60)

    /// The protection world of `organizations` organizations of three jobs each.
    static func world(seed: UInt64 = 365, organizations: Int = 3, users: Int = 12) -> ProtectionGenerator {
        let sessions = SessionGenerator(
            settings: .init(
                seed: seed, organizations: organizations, jobsPerOrganization: 3,
                start: now.adding(seconds: -14 * Seconds.day)))
        var settings = ProtectionGenerator.Settings(now: now)
        settings.seed = seed
        settings.usersPerOrganization = users
        return ProtectionGenerator(settings: settings, organizations: sessions.organizations, jobs: sessions.jobs)
    }

    /// Every protection list of organization `o`, whole, in `version`'s shape, by a name.
    static func bodies(_ g: ProtectionGenerator, _ version: APIVersion, organization o: Int = 0) -> [String: [UInt8]] {
        let encoder = WireEncoder(version: version)
        var out: [String: [UInt8]] = [:]
        for kind in ProtectedObjectKind.allCases {
            let all = (0..<g.count(kind, includePersonalSites: true)).map { g.entry(kind, organization: o, index: $0) }
            out["directory-\(kind)"] = encoder.protectionList(.directory(kind, all), path: "x")
            let rows = (0..<g.backedUpCount(kind, organization: o)).map { g.backedUp(kind, organization: o, row: $0) }
            out["data-\(kind)"] = encoder.protectionList(.backupData(kind, rows), path: "x")
            out["protected-\(kind)"] = encoder.protectionList(.protected(kind, rows), path: "x")
        }
        let mailboxes = (0..<g.mailboxCount(organization: o)).map { g.mailbox(organization: o, row: $0) }
        out["mailboxes"] = encoder.protectionList(.mailboxData(mailboxes), path: "x")
        let users = (0..<g.oneDriveCount(organization: o)).map { g.backedUp(.user, organization: o, row: $0) }
        out["onedrives"] = encoder.protectionList(.oneDriveData(users), path: "x")
        out["organizations"] = encoder.protectionList(.organizationData([g.tenant(o)]), path: "x")
        let licensed = (0..<g.licensedCount(organization: o)).map { g.licensedUser(organization: o, row: $0) }
        out["licensed"] = encoder.protectionList(.licensedUsers(licensed), path: "x")
        for job in g.jobs where job.organizationID == g.organizations[o].id {
            let selected = g.selectedItems(ofJob: job.id) ?? []
            out["selected-\(job.id)"] = encoder.protectionList(
                .jobItems(selected, job: job.id, excluded: false), path: "x")
            let excluded = g.excludedItems(ofJob: job.id) ?? []
            out["excluded-\(job.id)"] = encoder.protectionList(
                .jobItems(excluded, job: job.id, excluded: true), path: "x")
        }
        return out
    }

    /// The rows of a list body: the array, or a page's `results`.
    static func rows(_ bytes: [UInt8]) throws -> [[String: Any]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(
            (parsed as? [[String: Any]]) ?? ((parsed as? [String: Any])?["results"] as? [[String: Any]]))
    }

    @Test("the same seed gives the same bodies in every version; another seed other ids")
    func deterministic() {
        for version in [APIVersion.v6, .v7, .v8] {
            #expect(Self.bodies(Self.world(), version) == Self.bodies(Self.world(), version), "\(version)")
        }
        let a = Self.world().entry(.user, organization: 1, index: 20)
        let b = Self.world(seed: 366).entry(.user, organization: 1, index: 20)
        #expect(a.object.id != b.object.id)
        #expect(a.object.name == b.object.name)
    }

    @Test(
        "each version's rows carry only members its schema defines, and every required one it defines",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func schemaMembers(version: APIVersion) throws {
        let folder = try #require(Fixtures.openAPIFolder)
        let spec = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/vb365-\(version)-protection.json")))
                as? [String: Any])
        let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func members(_ name: String) -> (all: Set<String>, required: Set<String>) {
            let schema = schemas[name] as? [String: Any] ?? [:]
            let all = Set((schema["properties"] as? [String: Any] ?? [:]).keys)
            // v6's backup-data schemas require itemType and repositoryId without defining them.
            return (all, Set(schema["required"] as? [String] ?? []).intersection(all))
        }
        var names = [
            "directory-user": "RESTUser", "directory-group": "RESTGroup", "directory-site": "RESTSite",
            "directory-team": "RESTTeam", "data-user": "RESTBackupUserData", "data-group": "RESTBackupGroupData",
            "data-site": "RESTBackupSiteData", "data-team": "RESTBackupTeamData", "mailboxes": "RESTBackupMailboxData",
            "onedrives": "RESTBackupOneDriveData", "organizations": "RESTBackupOrganizationData",
            "licensed": "RESTLicensedUser",
        ]
        if version >= .v8 {
            names["protected-user"] = "RESTProtectedUser"
            names["protected-group"] = "RESTProtectedGroup"
            names["protected-site"] = "RESTProtectedSite"
            names["protected-team"] = "RESTProtectedTeam"
        }
        let g = Self.world()
        let bodies = Self.bodies(g, version)
        for (body, schema) in names {
            let (all, required) = members(schema)
            let rows = try Self.rows(try #require(bodies[body]))
            #expect(!rows.isEmpty, "\(body)")
            for row in rows {
                #expect(Set(row.keys).isSubset(of: all), "\(version) \(body): \(Set(row.keys).subtracting(all))")
                #expect(required.isSubset(of: Set(row.keys)), "\(version) \(body): \(required.subtracting(row.keys))")
            }
        }
        let item = members("RESTJobItemComposed").all
        for (body, bytes) in bodies where body.hasPrefix("selected-") || body.hasPrefix("excluded-") {
            let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
            #expect((parsed is [Any]) == (version < .v8), "\(version) \(body): bare arrays before v8")
            for row in try Self.rows(bytes) { #expect(Set(row.keys).isSubset(of: item), "\(version) \(body)") }
        }
    }

    @Test("v6 backup data lacks backedUpOrganizationId, itemType and repositoryId; v7 adds proxyId and isDeleted")
    func backupDataByVersion() throws {
        let g = Self.world()
        let row = g.backedUp(.user, organization: 0, row: 0)
        for version in [APIVersion.v6, .v7, .v8] {
            let body = WireEncoder(version: version).protectionList(.backupData(.user, [row]), path: "x")
            let keys = Set(try #require(try Self.rows(body).first).keys)
            let later: Set<String> = ["backedUpOrganizationId", "itemType", "repositoryId"]
            #expect(later.isSubset(of: keys) == (version >= .v7), "\(version)")
            #expect(keys.isDisjoint(with: later) == (version == .v6), "\(version)")
            #expect(keys.contains("proxyId") == (version == .v7) && keys.contains("isDeleted") == (version == .v7))
        }
    }

    @Test("every organization has its gaps, the exceeded licence only the first")
    func gaps() throws {
        let g = Self.world()
        for o in g.organizations.indices {
            let gaps = g.gaps(organization: o)
            let kinds = gaps.map(\.kind)
            #expect(kinds == ProtectionGap.Kind.allCases.filter { o == 0 || $0 != .licenceExceeded })
            let selected = Set(
                g.jobs.filter { $0.organizationID == g.organizations[o].id }.flatMap {
                    (g.selectedItems(ofJob: $0.id) ?? []).compactMap(\.item.objectID)
                })
            for gap in gaps {
                #expect(gap.organizationID == g.organizations[o].id)
                switch gap.kind {
                case .newUserInNoJob:
                    #expect(gap.object.backups.isEmpty && gap.object.license == nil && gap.job == nil)
                    #expect(!selected.contains(gap.object.id))
                    #expect(gap.created == Self.now.adding(seconds: -3 * Seconds.day))
                case .selectedNeverBackedUp:
                    // In no job once `SettingsIncidents` halved the first organization's selection.
                    #expect(gap.object.backups.isEmpty && selected.contains(gap.object.id) == (gap.job != nil))
                    #expect((gap.job == nil) == g.isSelectionShrunk(organization: o))
                    #expect(gap.object.license == LicenseMark(state: .temporarilyAssigned, isBackedUp: false))
                case .excludedSite:
                    let job = try #require(gap.job)
                    let excluded = try #require(g.excludedItems(ofJob: job))
                    #expect(excluded.map(\.item.objectID) == [gap.object.id])
                    #expect(excluded.allSatisfy { $0.item.isExclusion })
                    let age = Self.now.seconds(since: try #require(gap.object.backups[.site]?.time))
                    #expect(age > 30 * Seconds.day && age < 31 * Seconds.day)
                case .staleTeam:
                    #expect(selected.contains(gap.object.id))
                    let age = Self.now.seconds(since: try #require(gap.object.backups[.team]?.time))
                    #expect(age >= 3 * Seconds.day && age < 4 * Seconds.day)
                case .maskedSharedMailbox:
                    #expect(gap.object.account == .shared && gap.object.backups.isEmpty && gap.object.license == nil)
                    #expect(!selected.contains(gap.object.id))
                    #expect(gap.object.address == "shared-test-noreply@\(g.tenant(o).domain)")
                case .licenceExceeded:
                    #expect(gap.object.backups.isEmpty && selected.contains(gap.object.id) == (gap.job != nil))
                    #expect((gap.job == nil) == g.isSelectionShrunk(organization: o))
                    #expect(gap.object.license == LicenseMark(state: .exceeded, isBackedUp: false))
                }
            }
        }
    }

    @Test(
        "everything but the gaps is in a job and was backed up less than 24 hours before now (but the users the first organization's job no longer selects)"
    )
    func everythingElseProtected() throws {
        let g = Self.world(users: 40)
        for o in g.organizations.indices {
            let gaps = g.gaps(organization: o)
            // `SettingsIncidentsTests` checks the users `SettingsIncidents` left out.
            let deselected = g.deselectedUsers(organization: o).map { g.entry(.user, organization: o, index: $0) }
            #expect(deselected.isEmpty == (o != 0))
            let gapIDs = Set(
                gaps.map(\.object.id) + gaps.compactMap(\.personalSiteID) + deselected.map(\.object.id)
                    + deselected.compactMap(\.site?.id))
            let items = g.jobs.filter { $0.organizationID == g.organizations[o].id }.flatMap {
                g.selectedItems(ofJob: $0.id) ?? []
            }
            let selected = Set(items.compactMap(\.item.objectID))
            let allSites = items.contains { $0.item.type == .partialOrganization && $0.item.data.contains(.site) }
            for kind in ProtectedObjectKind.allCases {
                for index in 0..<g.count(kind, includePersonalSites: true) {
                    let entry = g.entry(kind, organization: o, index: index)
                    guard !gapIDs.contains(entry.object.id) else { continue }
                    if entry.object.isPersonal {
                        // Protected through its user: the user's personal-site backup is recent.
                        let owner = g.entry(.user, organization: o, index: index - ProtectionGenerator.siteNames.count)
                        #expect(owner.site?.url == entry.object.address)
                        #expect(owner.object.backups[.personalSite] != nil)
                        continue
                    }
                    #expect(selected.contains(entry.object.id) || (kind == .site && allSites), "\(entry.object.name!)")
                    let expected = Set(kind.dataKinds).filter { data in
                        switch data {
                        case .archive: return entry.archiveID != nil
                        case .oneDrive, .personalSite: return entry.site != nil
                        default: return true
                        }
                    }
                    #expect(Set(entry.object.backups.keys) == expected, "\(entry.object.name!)")
                    for mark in entry.object.backups.values {
                        let age = Self.now.seconds(since: try #require(mark.time))
                        #expect(age >= 0 && age < Seconds.day, "\(entry.object.name!): \(age)")
                    }
                }
            }
        }
    }

    @Test("ids join: directory, backup data, licensed users and job items name a user by one id; URLs match")
    func idsJoin() throws {
        let g = Self.world()
        let encoder = WireEncoder(version: .v8)
        let user = g.backedUp(.user, organization: 1, row: 2)
        let directory = try Self.rows(encoder.protectionList(.directory(.user, [user]), path: "x"))[0]
        let data = try Self.rows(encoder.protectionList(.backupData(.user, [user]), path: "x"))[0]
        let licensed = try Self.rows(encoder.protectionList(.licensedUsers([user]), path: "x"))[0]
        #expect(directory["id"] as? String == user.object.id)
        #expect(data["id"] as? String == user.object.id && data["accountId"] as? String == user.object.id)
        #expect(licensed["id"] as? String == user.object.id && licensed["name"] as? String == user.object.address)
        #expect(directory["msid"] as? String != user.object.id)
        let job = try #require(g.usersJob(organization: 1))
        let items = try Self.rows(
            encoder.protectionList(.jobItems(g.selectedItems(ofJob: job) ?? [], job: job, excluded: false), path: "x"))
        #expect(items.contains { ($0["user"] as? [String: Any])?["id"] as? String == user.object.id })
        let personal = g.entry(.site, organization: 1, index: ProtectionGenerator.siteNames.count + 2)
        #expect(personal.object.isPersonal && (data["personalSiteUrl"] as? [String]) == [personal.object.address!])
        let site = g.entry(.site, organization: 1, index: 1)
        let siteData = try Self.rows(encoder.protectionList(.backupData(.site, [site]), path: "x"))[0]
        #expect(siteData["id"] as? String == site.object.id && siteData["url"] as? String == site.object.address)
        let group = g.entry(.group, organization: 1, index: 1)
        #expect(group.site?.url == site.object.address)
    }

    @Test("restore points: one per successful, warned or stopped run, with the kinds of data its job selects")
    func restorePoints() throws {
        let sessions = SessionGenerator(
            settings: .init(
                seed: 365, organizations: 2, jobsPerOrganization: 3, start: Self.now.adding(seconds: -14 * Seconds.day))
        )
        let g = Self.world(organizations: 2)
        for index in 0..<(14 * sessions.jobs.count) {
            let s = sessions.session(index)
            let point = g.restorePoint(of: s)
            #expect((point != nil) == [.success, .warning, .stopped].contains(s.status))
            guard let point else { continue }
            #expect(point.backupTime == s.endTime && point.jobID == s.jobID && !point.isCopy)
            #expect(point.repositoryID == s.repositoryID)
            let o = try #require(g.organizations.firstIndex { $0.id == point.organizationID })
            let expected: Set<RestorePointData> =
                s.jobID == g.sitesJob(organization: o)
                ? [.sharePoint]
                : s.jobID == g.teamsJob(organization: o) ? [.teams] : [.exchange, .oneDrive, .sharePoint]
            #expect(point.data == expected)
        }
    }

    @Test("an estate of 500 organizations of 2,000 users is addressed by index, without being built")
    func estate() {
        let g = Self.world(organizations: 500, users: 2000)
        #expect(g.count(.user) == 2002)
        let last = g.entry(.user, organization: 499, index: 2001)
        #expect(last.object.address == "shared-test-noreply@\(g.tenant(499).domain)")
        let total = g.organizations.indices.reduce(0) { $0 + g.licensedCount(organization: $1) }
        #expect(total == 500 * 1999)
        let tail = g.rows(
            (total - 3)..<total, of: Array(g.organizations.indices), count: { g.licensedCount(organization: $0) },
            row: { g.licensedUser(organization: $0, row: $1) })
        #expect(tail.map(\.index) == [1996, 1997, 1998] && tail.allSatisfy { $0.tenant.index == 499 })
        let users = (0..<g.count(.user)).map { g.entry(.user, organization: 7, index: $0) }
        #expect(Set(users.map(\.object.id)).count == users.count)
        #expect(Set(users.compactMap(\.object.address)).count == users.count)
        #expect(g.backedUpCount(.user, organization: 0) == 1998 && g.backedUpCount(.user, organization: 1) == 1999)
    }
}
