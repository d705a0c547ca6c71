import Testing
import VB365Decoding
import VB365Model

/// The protection resources of v6, v7 and v8 as a server sends them: pages, bare arrays and single
/// objects, with the nulls, odd types and hostile text a real server or a broken proxy may send.
@Suite("Protection responses decode: directory, backup data, licences, job items, restore points")
struct ProtectionDecoderTests {
    typealias Record = ProtectionDecoder.ObjectRecord

    // MARK: - Helpers

    /// Runs `body` over the UTF-8 bytes of `json`.
    func decode<V>(_ json: String, _ body: (UnsafeRawBufferPointer) throws(JSONError) -> V) throws(JSONError) -> V {
        let bytes = Array(json.utf8)
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(JSONError) in try body(buffer) } }
        return try result.get()
    }

    func directory(_ json: String, _ kind: ProtectedObjectKind) throws -> ProtectionDecoder.Page<Record> {
        try decode(json) { (b) throws(JSONError) in try ProtectionDecoder.directory(b, kind: kind) }
    }

    func backupData(_ json: String, _ kind: ProtectedObjectKind) throws -> ProtectionDecoder.Page<Record> {
        try decode(json) { (b) throws(JSONError) in try ProtectionDecoder.backupData(b, kind: kind) }
    }

    func licensedUsers(_ json: String) throws -> ProtectionDecoder.Page<ProtectionDecoder.LicensedUserRecord> {
        try decode(json) { (b) throws(JSONError) in try ProtectionDecoder.licensedUsers(b) }
    }

    static let job = EntityID("5d2f8a61-7c3e-4b9a-9e1d-2a6b4c8e0f13")

    func jobItems(_ json: String, isExclusion: Bool = false) throws -> ProtectionDecoder.Page<JobItem> {
        try decode(json) { (b) throws(JSONError) in
            try ProtectionDecoder.jobItems(b, jobID: Self.job, isExclusion: isExclusion)
        }
    }

    func restorePoints(_ json: String) throws -> ProtectionDecoder.Page<RestorePoint> {
        try decode(json) { (b) throws(JSONError) in try ProtectionDecoder.restorePoints(b) }
    }

    /// What every function makes of `bytes`: its number of values, or its error.
    static func outcomes(_ bytes: [UInt8]) -> [Result<Int, JSONError>] {
        bytes.withUnsafeBytes { b in
            var out: [Result<Int, JSONError>] = []
            for kind in ProtectedObjectKind.allCases {
                out.append(
                    Result { () throws(JSONError) in try ProtectionDecoder.directory(b, kind: kind).values.count })
                out.append(
                    Result { () throws(JSONError) in try ProtectionDecoder.backupData(b, kind: kind).values.count })
            }
            out.append(Result { () throws(JSONError) in try ProtectionDecoder.licensedUsers(b).values.count })
            out.append(
                Result { () throws(JSONError) in
                    try ProtectionDecoder.jobItems(b, jobID: job, isExclusion: true).values.count
                })
            out.append(Result { () throws(JSONError) in try ProtectionDecoder.restorePoints(b).values.count })
            return out
        }
    }

    /// The byte offset of the first `needle` in `json`.
    func offset(of needle: String, in json: String) -> Int {
        let haystack = Array(json.utf8)
        let n = Array(needle.utf8)
        for i in 0...(haystack.count - n.count) where Array(haystack[i..<i + n.count]) == n { return i }
        return -1
    }

    static let adele = "0b5c1d2e-3f4a-4b6c-8d9e-0f1a2b3c4d5e"
    static let organization = "5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    // MARK: - Directory

    static let usersV6 = """
        {
          "offset": 0, "limit": 30, "setId": "1f4e8a2c-3b5d-4e6f-8a9b-0c1d2e3f4a5b",
          "results": [
            {
              "id": "0B5C1D2E-3F4A-4B6C-8D9E-0F1A2B3C4D5E", "displayName": "Adele Vance",
              "name": "AdeleV@Contoso.onmicrosoft.com", "type": "User", "locationType": "Cloud",
              "_links": { "self": { "href": "/v6/Organizations/5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/Users/0b5c1d2e-3f4a-4b6c-8d9e-0f1a2b3c4d5e" } }
            },
            {
              "id": "7e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b", "displayName": "Info", "name": "info@contoso.com",
              "type": "Shared", "locationType": "Hybrid",
              "_links": { "self": { "href": "/v6/Organizations/5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/Users/7e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b" } }
            }
          ],
          "_links": {
            "self": { "href": "/v6/Organizations/5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/Users?offset=0&limit=30" },
            "next": { "href": "/v6/Organizations/5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/Users?offset=30&limit=30&setId=1f4e8a2c-3b5d-4e6f-8a9b-0c1d2e3f4a5b" }
          }
        }
        """

    @Test("v6 users: a page with setId and _links; ids in lower case, e-mail keys in lower case, the address as sent")
    func usersV6() throws {
        let page = try directory(Self.usersV6, .user)
        #expect(page.warnings.isEmpty)
        #expect(page.values.count == 2)
        let adele = page.values[0]
        #expect(adele.keys == [Self.adele, "adelev@contoso.onmicrosoft.com"])
        #expect(adele.object.id == Self.adele)
        #expect(adele.object.kind == .user)
        #expect(adele.object.name == "Adele Vance")
        #expect(adele.object.address == "AdeleV@Contoso.onmicrosoft.com")
        #expect(adele.object.account == .user)
        #expect(adele.object.inDirectory)
        #expect(adele.object.backups.isEmpty)
        #expect(page.values[1].object.account == .shared)
    }

    @Test("v7 and v8 users: office and onPremisesSid ignored, msid a key after the id, a null type, a single object")
    func usersV7V8() throws {
        let v7 = try directory(
            #"[{"id": "\#(Self.adele)", "displayName": "Adele Vance", "name": "adelev@contoso.com", "office": "18/2111", "onPremisesSid": "S-1-5-21-1004336348-1177238915-682003330-512", "type": "Public", "locationType": "OnPremises", "_links": {}}]"#,
            .user)
        #expect(v7.values.map(\.object.account) == [.public])
        let v8 = """
            {
              "id": "\(Self.adele)", "msid": "C0FFEE00-1111-4222-8333-444455556666", "eTag": 17,
              "displayName": "Adele Vance", "name": "AdeleV@contoso.com", "type": null, "dataLocation": null,
              "assignedLicenses": [{ "skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df", "capability": "E5" }],
              "locationType": "Cloud", "office": null, "onPremisesSid": null,
              "_links": { "self": { "href": "/v8/Organizations/\(Self.organization)/Users/\(Self.adele)" } }
            }
            """
        let page = try directory(v8, .user)
        #expect(page.warnings.isEmpty)
        #expect(page.values.count == 1)
        #expect(page.values[0].keys == [Self.adele, "c0ffee00-1111-4222-8333-444455556666", "adelev@contoso.com"])
        #expect(page.values[0].object.account == nil)
    }

    @Test("groups: v8 with a mail-like name and nulls, v6 with a plain name (no address)")
    func groups() throws {
        let v8 = """
            {"offset": 0, "limit": 30, "results": [{
              "id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "msid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "eTag": null,
              "displayName": "Sales", "name": "Sales@Contoso.com", "type": "Office365", "managedBy": null, "site": null,
              "dataLocation": null, "locationType": "Cloud", "onPremisesSid": null,
              "_links": {"self": {"href": "/v8/Organizations/\(Self.organization)/Groups/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"}}
            }], "_links": {"self": {"href": "/v8/Organizations/\(Self.organization)/Groups?offset=0&limit=30"}}}
            """
        let page = try directory(v8, .group)
        #expect(page.warnings.isEmpty)
        let sales = try #require(page.values.first)
        #expect(sales.keys == ["9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "sales@contoso.com"])
        #expect(sales.object.name == "Sales")
        #expect(sales.object.address == "Sales@Contoso.com")
        #expect(sales.object.account == nil)
        let v6 = try directory(
            #"[{"id": "g-1", "displayName": "Security Team", "name": "Security Team", "type": "Security", "managedBy": "Adele Vance", "site": "", "locationType": "Cloud"}]"#,
            .group)
        #expect(v6.values[0].keys == ["g-1"])
        #expect(v6.values[0].object.address == nil)
        #expect(v6.values[0].object.displayName == "Security Team")
    }

    @Test("sites: the title is the name, the URL the address and a key; isPersonal; a null title falls back to name")
    func sites() throws {
        let v6 = """
            {"offset": 0, "limit": 2, "results": [
              {"id": "d3c2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b0a", "url": "https://contoso.sharepoint.com/sites/Marketing",
               "title": "Marketing", "name": "Marketing", "isCloud": true, "isPersonal": false, "isAvailable": true,
               "parentUrl": "https://contoso.sharepoint.com", "siteCollectionError": null, "_links": {}},
              {"id": "e4d3c2b1-a09f-4e8d-9c7b-6a5f4e3d2c1b", "url": "https://contoso-my.sharepoint.com/personal/adelev_contoso_com",
               "title": null, "name": "Adele Vance", "isCloud": true, "isPersonal": true}
            ]}
            """
        let page = try directory(v6, .site)
        #expect(page.warnings.isEmpty)
        #expect(
            page.values[0].keys == [
                "d3c2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b0a", "https://contoso.sharepoint.com/sites/marketing",
            ])
        #expect(page.values[0].object.name == "Marketing")
        #expect(page.values[0].object.address == "https://contoso.sharepoint.com/sites/Marketing")
        #expect(!page.values[0].object.isPersonal)
        #expect(page.values[1].object.isPersonal)
        #expect(page.values[1].object.name == "Adele Vance")
        let v8 = try directory(
            #"{"id": "s-8", "msid": "contoso.sharepoint.com,6a1b2c3d-0000-4000-8000-000000000001,7b2c3d4e-0000-4000-8000-000000000002", "eTag": 4, "dataLocation": "EUR", "url": "https://Contoso.sharepoint.com/sites/HR", "title": "HR", "isCloud": true, "isPersonal": null, "isAvailable": true}"#,
            .site)
        #expect(
            v8.values[0].keys == [
                "s-8",
                "contoso.sharepoint.com,6a1b2c3d-0000-4000-8000-000000000001,7b2c3d4e-0000-4000-8000-000000000002",
                "https://contoso.sharepoint.com/sites/hr",
            ])
        #expect(!v8.values[0].object.isPersonal)
    }

    @Test("teams: v7 mail as address and key, v8 msid")
    func teams() throws {
        let v7 = try directory(
            #"{"offset": 0, "limit": 30, "results": [{"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "displayName": "Project X", "description": "<b>Launch</b>", "mail": "ProjectX@contoso.com", "_links": {"self": {"href": "/v7/Organizations/x/Teams/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"}}}]}"#,
            .team)
        #expect(v7.values[0].keys == ["1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "projectx@contoso.com"])
        #expect(v7.values[0].object.address == "ProjectX@contoso.com")
        let v8 = try directory(
            #"[{"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "msid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "displayName": "Project X", "mail": null, "eTag": 2, "dataLocation": null}]"#,
            .team)
        #expect(v8.values[0].keys == ["1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"])
        #expect(v8.values[0].object.address == nil)
        #expect(v8.warnings.isEmpty)
    }

    // MARK: - Backup data

    static let userDataV6 = """
        {"offset": 0, "limit": 30, "results": [{
          "id": "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "accountId": "\(adele)", "accountType": "User",
          "displayName": "Adele Vance", "email": "AdeleV@contoso.com", "organizationId": "\(organization)",
          "repositoryId": "8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d",
          "isMailboxBackedUp": true, "mailboxBackedUpTime": "2026-11-22T06:04:11.1234567Z",
          "isArchiveBackedUp": false, "archiveBackedUpTime": "0001-01-01T00:00:00", "archiveName": null,
          "isOneDriveBackedUp": true, "oneDriveBackedUpTime": "2026-11-22T06:10:00Z",
          "oneDriveUrl": ["https://contoso-my.sharepoint.com/personal/adelev_contoso_com/Documents"],
          "isPersonalSiteBackedUp": false, "personalSiteBackedUpTime": null, "personalSiteUrl": [],
          "_links": {"self": {"href": "/v6/BackupRepositories/8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d/UserData/6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"}}
        }], "_links": {"self": {"href": "/v6/BackupRepositories/8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d/UserData?offset=0&limit=30"}}}
        """

    @Test("v6 user data: accountId is the id; a 7-digit fraction; 0001-01-01 is no time; flags and times to marks")
    func userDataV6() throws {
        let page = try backupData(Self.userDataV6, .user)
        #expect(page.warnings.isEmpty)
        let user = try #require(page.values.first)
        #expect(user.keys == ["6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f", Self.adele, "adelev@contoso.com"])
        #expect(user.object.id == Self.adele)
        #expect(!user.object.inDirectory)
        #expect(user.object.name == "Adele Vance")
        #expect(user.object.address == "AdeleV@contoso.com")
        #expect(user.object.account == .user)
        #expect(user.organizationID == EntityID(Self.organization))
        let mailboxTime = Timestamp(
            year: 2026, month: 11, day: 22, hour: 6, minute: 4, second: 11, fractionTicks: 1_234_567)
        #expect(user.object.backups[.mailbox] == BackupMark(isBackedUp: true, time: mailboxTime))
        #expect(user.object.backups[.archive] == BackupMark(isBackedUp: false, time: nil))
        #expect(
            user.object.backups[.oneDrive]
                == BackupMark(isBackedUp: true, time: Timestamp(year: 2026, month: 11, day: 22, hour: 6, minute: 10)))
        #expect(user.object.backups[.personalSite] == BackupMark(isBackedUp: false, time: nil))
    }

    @Test("v7 and v8 user data: SharedMailbox, a time with no flag, a null flag with a null time, an offset")
    func userDataV7V8() throws {
        let v7 = """
            [{"id": "u-7", "accountId": null, "accountType": "SharedMailbox", "displayName": "Info", "email": "info@contoso.com",
              "isDeleted": true, "itemType": "User", "organizationId": null, "backedUpOrganizationId": "b0b0b0b0-0000-4000-8000-000000000000",
              "proxyId": "c1c1c1c1-0000-4000-8000-000000000000", "repositoryId": "8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d",
              "mailboxBackedUpTime": "2026-11-21T22:00:00-02:00", "isOneDriveBackedUp": null, "oneDriveBackedUpTime": null,
              "isArchiveBackedUp": true}]
            """
        let page = try backupData(v7, .user)
        #expect(page.warnings.isEmpty)
        let info = try #require(page.values.first)
        #expect(info.object.id == "u-7")
        #expect(info.keys == ["u-7", "info@contoso.com"])
        #expect(info.object.account == .shared)
        #expect(info.organizationID == nil)
        #expect(
            info.object.backups[.mailbox]
                == BackupMark(isBackedUp: true, time: Timestamp(year: 2026, month: 11, day: 22)))
        #expect(info.object.backups[.oneDrive] == nil)
        #expect(info.object.backups[.archive] == BackupMark(isBackedUp: true, time: nil))
        #expect(info.object.backups[.personalSite] == nil)
        let v8 = try backupData(
            #"{"id": "u-8", "accountId": "a-8", "accountType": "PublicMailbox", "email": "", "itemType": "User", "repositoryId": "r", "backedUpOrganizationId": "o", "isPersonalSiteBackedUp": true, "personalSiteBackedUpTime": "2026-11-22T07:00:00+01:00"}"#,
            .user)
        #expect(v8.values[0].keys == ["u-8", "a-8"])
        #expect(v8.values[0].object.account == .public)
        #expect(v8.values[0].object.backups[.personalSite]?.time == Timestamp(year: 2026, month: 11, day: 22, hour: 6))
    }

    @Test("group, site and team data: group mailbox and site, a personal site in SiteData is .site, a team's time")
    func otherBackupData() throws {
        let groups = try backupData(
            #"{"offset": 0, "limit": 30, "results": [{"id": "g-data", "accountId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "displayName": "Sales", "email": "Sales@contoso.com", "groupSiteUrl": ["https://contoso.sharepoint.com/sites/Sales"], "isDeleted": false, "itemType": "Group", "isMailboxBackedUp": true, "mailboxBackedUpTime": "2026-11-22T05:00:00Z", "isSiteBackedUp": false, "siteBackedUpTime": null, "organizationId": "\#(Self.organization)", "repositoryId": "r", "_links": {}}], "_links": {}}"#,
            .group)
        let sales = try #require(groups.values.first)
        #expect(sales.keys == ["g-data", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "sales@contoso.com"])
        #expect(sales.object.id == "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")
        #expect(sales.object.backups.keys.sorted() == [.groupMailbox, .groupSite])
        #expect(sales.object.backups[.groupSite] == BackupMark(isBackedUp: false, time: nil))
        let sites = try backupData(
            #"[{"id": "s-data", "msid": "s-msid", "title": "Adele Vance", "url": "https://contoso-my.sharepoint.com/personal/adelev_contoso_com", "backedUpTime": "2026-11-22T05:30:00.5Z", "itemType": "Site", "repositoryId": "r", "backedUpOrganizationId": "o"}]"#,
            .site)
        let site = try #require(sites.values.first)
        #expect(
            site.keys == ["s-data", "s-msid", "https://contoso-my.sharepoint.com/personal/adelev_contoso_com"])
        #expect(site.object.backups.keys.sorted() == [.site])
        #expect(site.object.backups[.site]?.isBackedUp == true)
        #expect(!site.object.isPersonal)
        let teams = try backupData(
            #"{"id": "t-data", "displayName": "Project X", "backedUpTime": "0001-01-01T00:00:00Z", "organizationId": "\#(Self.organization)", "repositoryId": "r", "itemType": "Team"}"#,
            .team)
        #expect(teams.values[0].object.backups == [.team: BackupMark(isBackedUp: false, time: nil)])
        #expect(teams.warnings.isEmpty)
    }

    // MARK: - Licensed users

    @Test("licensed users: every state, the PowerShell spelling, an unknown word kept, a missing state warned")
    func licensedUsers() throws {
        let json = """
            {"offset": 0, "limit": 100, "results": [
              {"id": "\(Self.adele)", "name": "AdeleV@Contoso.com", "organizationId": "\(Self.organization)", "organizationName": "contoso.onmicrosoft.com", "backedUpOrganizationId": "b0b0b0b0-0000-4000-8000-000000000000", "isBackedUp": true, "lastBackupDate": "2026-11-22T06:04:11.1234567Z", "licenseState": "Licensed", "_links": {}},
              {"id": "n", "name": "New User", "licenseState": "New", "isBackedUp": false, "lastBackupDate": "0001-01-01T00:00:00", "organizationId": null},
              {"id": "t1", "licenseState": "TemporarilyAssigned"},
              {"id": "t2", "licenseState": "TemporaryAssigned"},
              {"id": "x", "licenseState": "exceeded"},
              {"id": "s", "licenseState": "Suspended"},
              {"id": "m", "name": "No State", "licenseState": null}
            ], "_links": {"self": {"href": "/v7/LicensedUsers?offset=0&limit=100"}}}
            """
        let page = try licensedUsers(json)
        #expect(page.values.count == 7)
        let adele = page.values[0]
        #expect(adele.keys == [Self.adele, "adelev@contoso.com"])
        #expect(adele.name == "AdeleV@Contoso.com")
        #expect(adele.organizationID == EntityID(Self.organization))
        #expect(
            adele.mark
                == LicenseMark(
                    state: .licensed, isBackedUp: true,
                    lastBackup: Timestamp(
                        year: 2026, month: 11, day: 22, hour: 6, minute: 4, second: 11, fractionTicks: 1_234_567)))
        #expect(page.values[1].keys == ["n", "New User"])
        #expect(page.values[1].mark == LicenseMark(state: .new, isBackedUp: false, lastBackup: nil))
        #expect(
            page.values[2...].map(\.mark.state) == [
                .temporarilyAssigned, .temporarilyAssigned, .exceeded, .other("Suspended"), .other(""),
            ])
        #expect(page.warnings.count == 1)
        #expect(page.warnings[0].contains("licenseState"))
        #expect(page.warnings[0].hasPrefix("byte \(offset(of: #"{"id": "m""#, in: json)):"))
    }

    // MARK: - Job items

    static let selectedItemsV6 = """
        [
          {"id": "2b38d840-8098-4614-b369-ebce33f9b2c70b5c1d2e3f4a4b6c8d9e0f1a2b3c4d5e", "type": "User",
           "user": {"id": "\(adele)", "displayName": "Adele Vance", "name": "AdeleV@contoso.com", "type": "User", "locationType": "Cloud"},
           "mailbox": true, "archiveMailbox": true, "oneDrive": false, "personalSite": null, "_links": {"self": {"href": "/v6/Jobs/x/SelectedItems/y"}}},
          {"id": "9592732d-22d8-426a-8167-d9635158e945", "type": "Group",
           "group": {"id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "displayName": "Sales", "name": "sales@contoso.com", "type": "Office365"},
           "mailbox": true, "groupSite": false, "members": true, "memberMailbox": true, "memberOnedrive": false, "chats": null},
          {"id": "e1fa728c-4150-4724-ab3b-5deda33db0cf", "type": "Site",
           "site": {"id": "d3c2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b0a", "url": "https://contoso.sharepoint.com/sites/Marketing", "title": "Marketing", "isCloud": true, "isPersonal": false}},
          {"id": "c37da450-6c4b-48c4-87e2-cc557ef5d897", "type": "PartialOrganization",
           "mailbox": true, "archiveMailbox": false, "oneDrive": true, "personalSite": false, "sites": true, "teams": false, "chats": false},
          {"id": "9a01bcb3-d2de-4271-96bb-95611ddc70b3", "type": "PersonalSites"},
          {"id": "7f07820e-9e77-4beb-92a3-b31f30bc192c", "type": "OneDriveFolders", "folders": ["Documents", "Desktop"]},
          {"id": "7B985334-BC0E-4791-B30C-D03A1FECC840", "type": "Team",
           "team": {"id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "displayName": "Project X", "mail": "ProjectX@contoso.com"}}
        ]
        """

    @Test("v6 selected items: options to data sets, group members, the nested object's id, name and address")
    func selectedItemsV6() throws {
        let page = try jobItems(Self.selectedItemsV6)
        #expect(page.warnings.isEmpty)
        let items = page.values
        #expect(
            items.map(\.type) == [.user, .group, .site, .partialOrganization, .personalSites, .oneDriveFolders, .team])
        #expect(items.allSatisfy { $0.jobID == Self.job && !$0.isExclusion })
        #expect(items[0].objectID == Self.adele)
        #expect(items[0].name == "Adele Vance")
        #expect(items[0].address == "AdeleV@contoso.com")
        #expect(items[0].data == [.mailbox, .archive])
        #expect(items[1].objectID == "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")
        #expect(items[1].address == "sales@contoso.com")
        #expect(items[1].data == [.groupMailbox])
        #expect(items[1].includesMembers)
        #expect(items[2].name == "Marketing")
        #expect(items[2].address == "https://contoso.sharepoint.com/sites/Marketing")
        #expect(items[2].data == [.site])
        #expect(items[3].objectID == nil)
        #expect(items[3].data == [.mailbox, .oneDrive, .site])
        #expect(items[4].data == [.personalSite])
        #expect(items[5].data == [.oneDrive])
        #expect(items[6].address == "ProjectX@contoso.com")
        #expect(items[6].data == [.team])
        #expect(!items.dropFirst(2).contains { $0.includesMembers })
    }

    @Test("v7 and v8 items: no options selects every kind; a v8 page of exclusions; a missing type; an unknown type")
    func itemsV7V8() throws {
        let v7 = try jobItems(
            #"[{"id": null, "type": "User", "user": {"id": "u1", "name": "a@b.c"}, "_links": null}, {"type": "Group", "group": {"id": "g1", "displayName": "G"}, "mailbox": null, "groupSite": null, "teamsChats": true}, {"type": "PartialOrganization"}]"#
        )
        #expect(v7.warnings.isEmpty)
        #expect(v7.values[0].data == Set(ProtectedObjectKind.user.dataKinds))
        #expect(v7.values[1].data == [.groupMailbox, .groupSite])
        #expect(!v7.values[1].includesMembers)
        #expect(v7.values[2].data == Set(ProtectedData.allCases))
        let v8 = """
            {"offset": 0, "limit": 100, "results": [
              {"id": "x1", "type": "User", "user": {"id": "u2", "msid": "m2", "displayName": "Bob", "name": "bob@contoso.com", "eTag": 3}, "mailbox": false, "archiveMailbox": false, "oneDrive": false, "personalSite": true},
              {"id": "x2", "user": {"id": "u3", "displayName": "Carol"}, "mailbox": true},
              {"id": "x3", "type": "MailboxFolders", "folders": []}
            ], "_links": {"self": {"href": "/v8/Jobs/\(Self.job)/ExcludedItems?offset=0&limit=100"}}}
            """
        let page = try jobItems(v8, isExclusion: true)
        #expect(page.values.count == 3)
        #expect(page.values.allSatisfy { $0.isExclusion })
        #expect(page.values[0].data == [.personalSite])
        #expect(page.values[1].type == .user)
        #expect(page.values[1].data == [.mailbox])
        #expect(page.values[2].type == .other("MailboxFolders"))
        #expect(page.values[2].data.isEmpty)
        #expect(page.warnings.count == 1)
        #expect(page.warnings[0].hasPrefix("byte \(offset(of: #"{"id": "x2""#, in: v8)):"))
    }

    @Test("a single item (the /{id} form) and an item whose object is missing")
    func singleItem() throws {
        let one = try jobItems(
            #"{"id": "9592732d", "type": "Group", "group": null, "members": true, "memberSite": true}"#)
        #expect(one.values.count == 1)
        #expect(one.values[0].objectID == nil)
        #expect(one.values[0].data.isEmpty)
        #expect(one.values[0].includesMembers)
        #expect(one.warnings.count == 1)
    }

    // MARK: - Restore points

    @Test("restore points: a v6 bare array, a v7 page with isCopy, a v8 single object with immutability")
    func restorePoints() throws {
        let v6 = try restorePoints(
            """
            [{"id": "3C4D5E6F-7A8B-4C9D-8E0F-1A2B3C4D5E6F", "jobId": "\(Self.job)", "organizationId": "\(Self.organization)",
              "repositoryId": "8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d", "backupTime": "2026-11-22T06:00:12.517Z",
              "isExchange": true, "isOneDrive": true, "isSharePoint": false, "isTeams": false,
              "isLongTermCopy": false, "isRetrieved": false, "retrievalId": "00000000-0000-0000-0000-000000000000",
              "_links": {"self": {"href": "/v6/RestorePoints/3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"}}}]
            """)
        #expect(v6.warnings.isEmpty)
        let point = try #require(v6.values.first)
        #expect(point.id == "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f")
        #expect(point.jobID == Self.job)
        #expect(point.organizationID == EntityID(Self.organization))
        #expect(point.repositoryID == EntityID("8a9b0c1d-2e3f-4a4b-8c5d-6e7f8a9b0c1d"))
        #expect(
            point.backupTime == Timestamp(year: 2026, month: 11, day: 22, hour: 6, second: 12, fractionTicks: 5_170_000)
        )
        #expect(point.data == [.exchange, .oneDrive])
        #expect(!point.isCopy && !point.isLongTermCopy && !point.isRetrieved)
        let v7 = try restorePoints(
            #"{"offset": 0, "limit": 30, "results": [{"id": "rp7", "backupTime": "2026-11-22T06:00:00Z", "isCopy": true, "isDeleted": false, "isSharePoint": true, "isTeams": true, "isLongTermCopy": true, "isRetrieved": null, "isExchange": null}], "_links": {}}"#
        )
        #expect(v7.values[0].isCopy && v7.values[0].isLongTermCopy && !v7.values[0].isRetrieved)
        #expect(v7.values[0].data == [.sharePoint, .teams])
        let v8 = try restorePoints(
            #"{"id": "rp8", "eTag": 12, "objectsEtag": 4, "jobId": null, "backupTime": "2026-11-22T06:00:00.0000001Z", "immutabilityExpiresOn": "2027-11-22T06:00:00Z", "isRetrieved": true}"#
        )
        #expect(v8.values[0].backupTime == Timestamp(year: 2026, month: 11, day: 22, hour: 6, fractionTicks: 1))
        #expect(v8.values[0].immutableUntil == Timestamp(year: 2027, month: 11, day: 22, hour: 6))
        #expect(v8.values[0].isRetrieved)
        #expect(v8.values[0].jobID == nil)
        #expect(v8.warnings.isEmpty)
    }

    // MARK: - Defensive reading

    @Test("nulls where the schema forbids them are simply not sent; no id falls back to a key with a warning")
    func nulls() throws {
        let sites = try directory(
            #"[{"id": null, "url": "https://Contoso.sharepoint.com/sites/A", "title": null, "name": null, "isCloud": null, "isPersonal": null}, {"id": null, "url": null, "title": "Nothing"}]"#,
            .site)
        #expect(sites.values.count == 1)
        #expect(sites.values[0].object.id == "https://contoso.sharepoint.com/sites/a")
        #expect(sites.values[0].keys == ["https://contoso.sharepoint.com/sites/a"])
        #expect(sites.warnings.count == 2)
        let points = try restorePoints(
            #"[{"id": null, "backupTime": null}, {"id": "p", "backupTime": null, "isExchange": null, "isCopy": null}]"#)
        #expect(points.values.map(\.id) == ["p"])
        #expect(points.values[0].backupTime == nil)
        #expect(points.warnings.count == 1)
        let users = try licensedUsers(
            #"[{"id": "u", "name": null, "isBackedUp": null, "lastBackupDate": null, "licenseState": "New", "organizationId": null}]"#
        )
        #expect(users.values[0].mark == LicenseMark(state: .new))
        #expect(users.warnings.isEmpty)
    }

    @Test(
        "wrong types: numbers for strings kept as written, \"true\" for true, objects and bad times warned at their byte"
    )
    func wrongTypes() throws {
        let json =
            #"[{"id": 42, "accountId": 7, "displayName": 3.5, "email": true, "isMailboxBackedUp": "True", "mailboxBackedUpTime": "next Friday", "isArchiveBackedUp": 1, "archiveBackedUpTime": 1700000000, "accountType": {"kind": "User"}, "oneDriveUrl": "not an array", "unknownMember": [1, {"deep": null}]}]"#
        let page = try backupData(json, .user)
        let user = try #require(page.values.first)
        #expect(user.object.id == "7")
        #expect(user.keys == ["42", "7"])
        #expect(user.object.name == "3.5")
        #expect(user.object.address == nil)
        #expect(user.object.backups[.mailbox] == BackupMark(isBackedUp: true, time: nil))
        #expect(user.object.backups[.archive] == BackupMark(isBackedUp: false, time: nil))
        #expect(page.warnings.count == 5)
        #expect(
            page.warnings.contains { $0.hasPrefix("byte \(offset(of: "true", in: json)): email should be a string") })
        let time = page.warnings.first { $0.contains("mailboxBackedUpTime") }
        #expect(
            time
                == "byte \(offset(of: "\"next Friday\"", in: json)): mailboxBackedUpTime \"next Friday\" is not an ISO 8601 timestamp; it is unknown"
        )
        #expect(page.warnings.contains { $0.hasPrefix("byte \(offset(of: "1,", in: json)): isArchiveBackedUp") })
        #expect(
            page.warnings.contains { $0.hasPrefix("byte \(offset(of: "1700000000", in: json)): archiveBackedUpTime") })
        #expect(page.warnings.contains { $0.hasPrefix("byte \(offset(of: #"{"kind""#, in: json)): accountType") })
    }

    @Test("member names match in any case, escaped or not; an unknown account word is warned")
    func memberCase() throws {
        let page = try backupData(
            #"[{"ID": "u", "AccountID": "A", "DISPLAYNAME": "Upper", "Is\u004dailboxBackedUp": true, "mailboxbackeduptime": "2026-11-22T06:00:00Z", "AccountType": "Guest"}]"#,
            .user)
        let user = try #require(page.values.first)
        #expect(user.keys == ["u", "A"])
        #expect(user.object.name == "Upper")
        #expect(user.object.backups[.mailbox]?.time == Timestamp(year: 2026, month: 11, day: 22, hour: 6))
        #expect(user.object.account == nil)
        #expect(page.warnings.count == 1)
        #expect(page.warnings[0].contains("\"Guest\""))
    }

    @Test("hostile strings (markup, emoji, RTL, escaped NUL, surrogate pairs) are kept exactly")
    func hostileStrings() throws {
        let json =
            #"[{"id": "<id>\u0000", "displayName": "<script>alert(\"x\")</script> & 👩🏽‍💻 \u202Eevil\u202C مرحبا \ud83d\ude00|`*_[", "name": "A\u0000B@contoso.com"}]"#
        let page = try directory(json, .user)
        let user = try #require(page.values.first)
        #expect(user.object.id == "<id>\u{0}")
        #expect(user.object.name == "<script>alert(\"x\")</script> & 👩🏽‍💻 \u{202E}evil\u{202C} مرحبا 😀|`*_[")
        #expect(user.object.address == "A\u{0}B@contoso.com")
        #expect(user.keys == ["<id>\u{0}", "a\u{0}b@contoso.com"])
        let item = try jobItems(
            #"{"type": "Us\u0000er", "user": {"id": "\u202E", "displayName": "</td><td>"}}"#)
        #expect(item.values[0].type == .other("Us\u{0}er"))
        #expect(item.values[0].name == "</td><td>")
    }

    @Test("pages without results, error responses, null results and elements that are not objects")
    func odd() throws {
        let empty = try directory(#"{"offset": 0, "limit": 30, "_links": {"self": {"href": "/v8/x"}}}"#, .user)
        #expect(empty.values.isEmpty)
        #expect(empty.warnings.count == 1)
        let null = try restorePoints(#"{"offset": 0, "limit": 30, "results": null}"#)
        #expect(null.values.isEmpty && null.warnings.isEmpty)
        let error = try licensedUsers(#"{"message": "Access denied.", "errorCode": "Forbidden"}"#)
        #expect(error.values.isEmpty)
        #expect(error.warnings.contains { $0.contains("\"Access denied.\"") })
        let mixed = try directory(#"[1, null, "x", {"id": "u"}, []]"#, .team)
        #expect(mixed.values.map(\.object.id) == ["u"])
        #expect(mixed.warnings == ["byte 1: skipped 4 element(s) that are not team objects"])
        let bad = try directory(#"{"results": "none"}"#, .user)
        #expect(bad.values.isEmpty && bad.warnings.count == 1)
    }

    @Test("warnings stop at 50, with a last one that counts the rest")
    func warningCap() throws {
        let json = "[" + Array(repeating: #"{"id": "u", "displayName": {}}"#, count: 60).joined(separator: ",") + "]"
        let page = try directory(json, .user)
        #expect(page.values.count == 60)
        #expect(page.warnings.count == 51)
        #expect(page.warnings.last == "10 more warning(s) like these were left out")
    }

    // MARK: - Not JSON

    @Test(
        "a body that is not JSON, or not an array or object, throws for every resource",
        arguments: [
            "", "   \n", "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>", "{", "[",
            #"[{"id": "#, #"{"results": [{"id": "u"}"#, #""a string""#, "42", "null", "true", "[] []",
            #"{"id": "u",}"#, "[1,]", "\u{FEFF}", #"{"id": "\x"}"#,
            String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        ])
    func notJSON(_ body: String) {
        for outcome in Self.outcomes(Array(body.utf8)) {
            #expect(throws: JSONError.self) { try outcome.get() }
        }
    }

    @Test("invalid UTF-8 inside a string throws")
    func invalidUTF8() {
        let bytes = Array(#"[{"id": "a"#.utf8) + [0xC3, 0x28] + Array(#""}]"#.utf8)
        for outcome in Self.outcomes(bytes) {
            #expect(throws: JSONError.self) { try outcome.get() }
        }
    }

    @Test("every cut-short prefix of real bodies throws, and no byte flipped anywhere crashes")
    func truncatedAndMangled() {
        for body in [Self.selectedItemsV6, Self.userDataV6] {
            let bytes = Array(body.utf8)
            #expect(Self.outcomes(bytes).allSatisfy { (try? $0.get()) != nil })
            var length = bytes.count
            while length > 0, bytes[length - 1] == UInt8(ascii: "\n") || bytes[length - 1] == UInt8(ascii: " ") {
                length -= 1
            }
            for cut in 0..<length {
                let outcomes = Self.outcomes(Array(bytes[0..<cut]))
                #expect(outcomes.allSatisfy { (try? $0.get()) == nil }, "cut at \(cut)")
            }
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func next() -> UInt64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return state >> 33
            }
            for _ in 0..<300 {
                var mangled = bytes
                for _ in 0..<(1 + Int(next() % 4)) {
                    mangled[Int(next() % UInt64(mangled.count))] = UInt8(truncatingIfNeeded: next())
                }
                _ = Self.outcomes(mangled)
            }
        }
    }

    // MARK: - Size

    @Test("a page of 10,000 objects decodes")
    func largePage() throws {
        var json = #"{"offset": 0, "limit": 10000, "results": ["#
        for i in 0..<10_000 {
            if i > 0 { json += "," }
            json += """
                {"id": "u\(i)", "accountId": "00000000-0000-4000-8000-\(String(100_000_000_000 + i))", "accountType": "User", \
                "displayName": "User \(i)", "email": "User\(i)@contoso.com", "isMailboxBackedUp": true, \
                "mailboxBackedUpTime": "2026-11-22T06:04:11.1234567Z", "isArchiveBackedUp": false, \
                "archiveBackedUpTime": null, "isOneDriveBackedUp": true, "oneDriveBackedUpTime": "2026-11-22T06:10:00Z", \
                "isPersonalSiteBackedUp": false, "personalSiteBackedUpTime": "0001-01-01T00:00:00", \
                "_links": {"self": {"href": "/v8/BackupRepositories/r/UserData/u\(i)"}}}
                """
        }
        json += #"], "_links": {"self": {"href": "/v8/BackupRepositories/r/UserData?offset=0&limit=10000"}}}"#
        let page = try backupData(json, .user)
        #expect(page.values.count == 10_000)
        #expect(page.warnings.isEmpty)
        #expect(page.values[9_999].keys == ["u9999", "00000000-0000-4000-8000-100000009999", "user9999@contoso.com"])
        #expect(page.values[9_999].object.backups.count == 4)
    }
}
