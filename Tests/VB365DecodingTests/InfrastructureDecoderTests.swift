import Testing
import VB365Decoding
import VB365Model

/// The infrastructure responses of every version's shape, recognised by content.
@Suite("Infrastructure responses decode: repositories, proxies, licences, processed objects")
struct InfrastructureDecoderTests {
    func decode(_ text: String, path: String = "x.json") throws -> DecodedDocument {
        try WireDecoder.decode(Array(text.utf8), hints: WireDecoder.Hints(path: path))
    }

    @Test("repositories: v1–v3 capacity and freeSpace (numbers or sizes), v4+ capacityBytes, v8 pages and flags")
    func repositories() throws {
        let v1 = try decode(
            #"[{"id": "11111111-1111-1111-1111-111111111111", "name": "Repo", "path": "C:\\VBO", "capacity": "1.5 TB", "freeSpace": 107374182400}]"#
        )
        #expect(v1.repositories.count == 1)
        #expect(v1.repositories[0].capacityBytes == 1_649_267_441_664)
        #expect(v1.repositories[0].freeSpaceBytes == 107_374_182_400)
        #expect(v1.sessions.isEmpty && v1.jobs.isEmpty)
        let v8 = try decode(
            #"{"offset": 0, "limit": 30, "results": [{"id": "r", "name": "S3", "capacityBytes": null, "freeSpaceBytes": null, "isOutdated": true, "isOutOfOrder": true, "outOfOrderReason": "locked", "isOutOfSync": false, "organizationId": "22222222-2222-2222-2222-222222222222", "objectStorage": {"type": "AmazonS3", "usedSpaceBytes": 5000, "sizeLimitEnabled": true, "sizeLimitGB": 1, "freeSpaceBytes": 100}}, {"id": "d", "capacityBytes": 100, "freeSpaceBytes": 40}]}"#,
            path: "servers/a_443/infrastructure/20261122T060000Z-v8-repositories.json")
        #expect(v8.repositories.count == 2)
        let s3 = v8.repositories[0]
        #expect(s3.isObjectStorage)
        #expect(s3.objectStorageType == "AmazonS3")
        #expect(s3.usedSpaceBytes == 5000)
        #expect(s3.capacityBytes == 1 << 30)
        #expect(s3.freeSpaceBytes == 100)
        #expect(s3.isOutdated == true && s3.isOutOfOrder == true && s3.outOfOrderReason == "locked")
        #expect(s3.organizationID == EntityID("22222222-2222-2222-2222-222222222222"))
        #expect(v8.snapshotTime == Timestamp(year: 2026, month: 11, day: 22, hour: 6))
    }

    @Test("wrong types and negative sizes are unknown with a warning, never a crash")
    func badValues() throws {
        let d = try decode(#"[{"id": "r", "capacityBytes": -5, "freeSpaceBytes": "lots", "isOutOfSync": "maybe"}]"#)
        #expect(d.repositories[0].capacityBytes == nil)
        #expect(d.repositories[0].freeSpaceBytes == nil)
        #expect(d.repositories[0].isOutOfSync == nil)
        #expect(d.warnings.count == 3)
    }

    @Test("retention: v6/v7 flat fields, Monthly, Keep, v1 strings and KeepForever, in any case; missing is nil")
    func retention() throws {
        let v7 = try decode(
            #"[{"id": "a", "capacityBytes": 100, "retentionPeriodType": "Yearly", "yearlyRetentionPeriod": "Years3", "retentionFrequencyType": "Daily"}, {"id": "b", "capacityBytes": 100, "retentionPeriodType": "Daily", "dailyRetentionPeriod": 30, "monthlyRetentionPeriod": null, "yearlyRetentionPeriod": null}, {"id": "c", "objectStorageId": "44444444-4444-4444-4444-444444444444", "retentionPeriodType": "Monthly", "monthlyRetentionPeriod": 18}, {"id": "d", "capacityBytes": 100, "retentionPeriodType": "Yearly", "yearlyRetentionPeriod": "Keep"}, {"id": "e", "capacityBytes": 100, "retentionPeriodType": "yearly", "yearlyRetentionPeriod": "year1"}]"#
        )
        #expect(v7.repositories.map(\.retention) == [.years(3), .days(30), .months(18), .forever, .years(1)])
        #expect(v7.repositories.allSatisfy { $0.immutabilityEnabled == nil && $0.immutabilityDays == nil })
        #expect(v7.warnings.isEmpty)
        let v1 = try decode(
            #"[{"id": "a", "capacity": 100, "retentionPeriodType": "DAILY", "dailyRetentionPeriod": "14"}, {"id": "b", "capacity": 100, "retentionPeriodType": "Yearly", "yearlyRetentionPeriod": "KeepForever"}]"#
        )
        #expect(v1.repositories.map(\.retention) == [.days(14), .forever])
        #expect(v1.warnings.isEmpty)
        let missing = try decode(
            #"[{"id": "a", "capacityBytes": 100}, {"id": "b", "capacityBytes": 100, "retentionPeriodType": null, "dailyRetentionPeriod": 7}, {"id": "c", "capacityBytes": 100, "retentionPeriodType": "Daily"}, {"id": "d", "capacityBytes": 100, "retentionPeriodType": "Monthly", "monthlyRetentionPeriod": null, "dailyRetentionPeriod": 7}, {"id": "e", "capacityBytes": 100, "retentionPeriodType": "Yearly", "yearlyRetentionPeriod": ""}]"#
        )
        #expect(missing.repositories.map(\.retention) == [nil, nil, nil, nil, nil])
        #expect(missing.warnings.isEmpty)
    }

    @Test(
        "retention that cannot be read is unknown with a warning, never a failure",
        arguments: [
            #""retentionPeriodType": "Weekly", "dailyRetentionPeriod": 7"#,
            #""retentionPeriodType": 3"#,
            #""retentionPeriodType": "Daily", "dailyRetentionPeriod": 0"#,
            #""retentionPeriodType": "Daily", "dailyRetentionPeriod": -7"#,
            #""retentionPeriodType": "Daily", "dailyRetentionPeriod": 1.5"#,
            #""retentionPeriodType": "Daily", "dailyRetentionPeriod": "two weeks""#,
            #""retentionPeriodType": "Monthly", "monthlyRetentionPeriod": true"#,
            #""retentionPeriodType": "Yearly", "yearlyRetentionPeriod": "Decade""#,
            #""retentionPeriodType": "Yearly", "yearlyRetentionPeriod": "Years0""#,
            #""retentionPeriodType": "Yearly", "yearlyRetentionPeriod": 3"#,
        ])
    func badRetention(members: String) throws {
        let d = try decode(#"[{"id": "a", "name": "Repo", "capacityBytes": 100, "# + members + "}]")
        #expect(d.repositories.count == 1)
        #expect(d.repositories.first?.name == "Repo")
        #expect(d.repositories.first?.capacityBytes == 100)
        #expect(d.repositories.first?.retention == nil)
        #expect(d.warnings.count == 1, "\(d.warnings)")
    }

    @Test("v8 immutability: objectStorage's enableImmutability and immutabilityPeriodDays (0 or null: none)")
    func immutability() throws {
        let d = try decode(
            #"{"offset": 0, "limit": 30, "results": [{"id": "a", "retentionPeriodType": "Yearly", "yearlyRetentionPeriod": "Years3", "objectStorage": {"type": "AzureBlob", "sizeLimitEnabled": false, "enableImmutability": true, "immutabilityPeriodDays": 30}}, {"id": "b", "objectStorage": {"type": "AmazonS3", "enableImmutability": true, "immutabilityPeriodDays": 0}}, {"id": "c", "objectStorage": {"type": "AmazonS3", "enableImmutability": false, "immutabilityPeriodDays": null}}, {"id": "d", "objectStorage": {"type": "AmazonS3"}}, {"id": "e", "capacityBytes": 100, "freeSpaceBytes": 40}]}"#
        )
        #expect(d.repositories.map(\.immutabilityEnabled) == [true, true, false, nil, nil])
        #expect(d.repositories.map(\.immutabilityDays) == [30, nil, nil, nil, nil])
        #expect(d.repositories[0].retention == .years(3))
        #expect(d.repositories[0].isObjectStorage && d.repositories[0].objectStorageType == "AzureBlob")
        #expect(d.warnings.isEmpty)
        let bad = try decode(
            #"{"results": [{"id": "a", "objectStorage": {"type": "AmazonS3", "enableImmutability": "sometimes", "immutabilityPeriodDays": "a month"}}, {"id": "b", "objectStorage": {"enableImmutability": true, "immutabilityPeriodDays": -1}}]}"#
        )
        #expect(bad.repositories.map(\.immutabilityEnabled) == [nil, true])
        #expect(bad.repositories.map(\.immutabilityDays) == [nil, nil])
        #expect(bad.warnings.count == 3, "\(bad.warnings)")
    }

    @Test("proxies of v6 and v8; a percentage outside 0–100 is unknown")
    func proxies() throws {
        let d = try decode(
            #"{"offset": 0, "limit": 2, "results": [{"id": "p1", "hostName": "proxy-01", "port": 9193, "status": "Offline", "maintenanceModeState": "Enabled", "cpuUsagePercent": 250, "memoryUsagePercent": 41.5, "version": "8.1.0.305"}, {"id": "p2", "hostName": "proxy-02", "port": 9193, "status": "Online"}]}"#
        )
        #expect(d.proxies.map(\.displayName) == ["proxy-01", "proxy-02"])
        #expect(d.proxies[0].isOffline && d.proxies[0].isInMaintenance)
        #expect(d.proxies[0].cpuUsagePercent == nil)
        #expect(d.proxies[0].memoryUsagePercent == 41.5)
        #expect(d.proxies[1].version == nil)
    }

    @Test("the licence: v6 expirationDate, v7+ licenseExpires and gracePeriodExpires, an unreadable date")
    func licence() throws {
        let v6 = try decode(
            #"{"licenseID": "c1f5b3a2-0000-0000-0000-000000000001", "status": "Valid", "expirationDate": "2026-11-27T00:00:00Z", "totalNumber": 100, "usedNumber": 90, "newNumber": 2}"#
        )
        #expect(v6.licenses[0].expires == Timestamp(year: 2026, month: 11, day: 27))
        #expect(v6.licenses[0].usedNumber == 90)
        let v8 = try decode(
            #"{"licenseID": null, "status": "Expired", "licenseExpires": "2026-11-01T00:00:00Z", "gracePeriodExpires": "2026-12-01T00:00:00Z", "type": "Rental"}"#
        )
        #expect(v8.licenses[0].isExpired)
        #expect(v8.licenses[0].gracePeriodExpires == Timestamp(year: 2026, month: 12, day: 1))
        let bad = try decode(#"{"licenseID": "x", "status": "Valid", "licenseExpires": "next Friday"}"#)
        #expect(bad.licenses[0].expires == nil)
        #expect(bad.licenses[0].expiryUnreadable)
        #expect(bad.warnings.count == 1)
    }

    @Test("licensing per organization takes its id from the file name; the service instance its version")
    func licensingAndService() throws {
        let org = "33333333-3333-3333-3333-333333333333"
        let l = try decode(
            #"{"licensedUsers": 42, "newUsers": 3}"#, path: "infrastructure/20261122T060000Z-v8-licensing-\(org).json")
        #expect(l.organizationLicensing.first?.organizationID == EntityID(org))
        #expect(l.organizationLicensing.first?.licensedUsers == 42)
        let s = try decode(#"{"installationId": "44444444-4444-4444-4444-444444444444", "version": "8.1.0.305"}"#)
        #expect(s.serviceInstances.first?.version == "8.1.0.305")
    }

    @Test("processed objects: the session from the file name or the link, the object's own link kept")
    func processedObjects() throws {
        let session = "55555555-5555-5555-5555-555555555555"
        let d = try decode(
            #"{"offset": 0, "limit": 30, "results": [{"id": "u1", "type": "User", "status": "Failed", "_links": {"self": {"href": "/v8/JobSessions/x/ProcessedObjects/u1"}, "user": {"href": "/v8/Organizations/o/Users/u1"}}}, {"id": "s1", "type": "Site", "status": "Success", "_links": {}}]}"#,
            path: "processed/\(session).json")
        #expect(d.processedObjects.count == 2)
        #expect(d.processedObjects[0].sessionID == EntityID(session))
        #expect(d.processedObjects[0].status == .failed)
        #expect(d.processedObjects[0].link == "/v8/Organizations/o/Users/u1")
        // Without the folder's hint, the content is enough when the types are the API's.
        let plain = try decode(
            #"[{"id": "g1", "type": "Group", "status": "Warning", "_links": {"jobSession": {"href": "/v7/JobSessions/\#(session)"}}}]"#
        )
        #expect(plain.processedObjects.first?.sessionID == EntityID(session))
        // The names of linked objects.
        let names = try decode(
            #"{"id": "u1", "displayName": "Ann <script>", "name": "ann@example.com"}"#,
            path: "processed/objects/u1.json")
        #expect(names.objectNames == [ObjectName(id: "u1", name: "Ann <script>")])
    }

    @Test("processed objects with only id, type and status: the session from the request URL or the file name")
    func bareProcessedObjects() throws {
        let session = "66666666-6666-6666-6666-666666666666"
        let page =
            #"{"offset": 0, "limit": 30, "results": [{"id": "u1", "type": "User", "status": "Failed"}, {"id": "m1", "type": "Mailbox", "status": "Success"}]}"#
        for path in [
            "https://vbo.example.com:4443/v8/JobSessions/\(session)/ProcessedObjects?offset=0&limit=30",
            "/v7/jobsessions/\(session)/processedobjects", "processed/\(session).json",
        ] {
            let d = try decode(page, path: path)
            #expect(d.processedObjects.map(\.sessionID) == [EntityID(session), EntityID(session)], "\(path)")
            #expect(d.processedObjects.first?.status == .failed)
            #expect(d.processedObjects.first?.link == nil)
        }
    }

    @Test("sessions, jobs and error responses are still what they were")
    func unchanged() throws {
        let s = try decode(#"[{"id": "s", "creationTime": "2026-11-22T22:00:00Z", "status": "Failed", "type": "x"}]"#)
        #expect(s.sessions.count == 1)
        let j = try decode(
            #"[{"id": "j", "name": "Job", "backupJobId": "66666666-6666-6666-6666-666666666666", "repositoryId": "77777777-7777-7777-7777-777777777777"}]"#
        )
        #expect(j.jobs.first?.isCopyJob == true)
        #expect(j.jobs.first?.backupJobID == EntityID("66666666-6666-6666-6666-666666666666"))
        #expect(j.jobs.first?.repositoryID == EntityID("77777777-7777-7777-7777-777777777777"))
        #expect(throws: JSONError.self) { try decode(#"{"message": "Access denied"}"#) }
        #expect(throws: JSONError.self) { try decode(#"[{"foo": 1}]"#) }
    }
}
