import Testing
import VB365Decoding
import VB365Model
import VB365Support
import VB365TestSupport

@Suite("Every saved shape decodes: single objects, arrays, pages, v1 strings to v8 numbers")
struct WireDecoderTests {
    static let v1Session = """
        [ {
          "id": "be376069-2865-4156-a9bc-825cef7d687e",
          "creationTime": "2017-04-04T00:07:21.3994255-07:00",
          "endTime": "2017-04-04T00:11:36.9857918-07:00",
          "progress": 3,
          "status": "Success",
          "statistics": {
            "processingRate": "99.1 KB/s (6 items/s)", "readRate": "1.0 MB/s", "writeRate": "20.8 MB/s",
            "transferredData": "0 B", "processedObjects": 1655, "bottleneck": "Source"
          },
          "_links": {
            "self": { "href": "https://support.east.local:4443/v1/JobSessions/be376069-2865-4156-a9bc-825cef7d687e" },
            "log":  { "href": "https://support.east.local:4443/v1/JobSessions/be376069-2865-4156-a9bc-825cef7d687e/log" },
            "job":  { "href": "https://support.east.local:4443/v1/Jobs/00b96531-1a68-4c90-a398-91141ffedb3b" }
          }
        } ]
        """

    @Test("v1: string statistics, local offset, absolute job link")
    func v1() throws {
        let document = try Fixtures.decode(Self.v1Session)
        let s = try #require(document.sessions.first)
        #expect(document.isList)
        #expect(s.id == EntityID("be376069-2865-4156-a9bc-825cef7d687e"))
        #expect(s.jobID == EntityID("00b96531-1a68-4c90-a398-91141ffedb3b"))
        #expect(s.creationTime?.iso8601 == "2017-04-04T07:07:21.3994255Z")
        #expect(s.durationSeconds.map { ($0 * 1000).rounded() / 1000 } == 255.586)
        #expect(s.status == .success)
        #expect(s.statistics.processingRateBytesPerSecond == 101_478)
        #expect(s.statistics.processingRateItemsPerSecond == 6)
        #expect(s.statistics.readRateBytesPerSecond == 1_048_576)
        #expect(s.statistics.writeRateBytesPerSecond == 21_810_381)
        #expect(s.statistics.transferredBytes == 0)
        #expect(s.statistics.processedObjects == 1655)
        #expect(s.statistics.bottleneck == .source)
    }

    @Test("v3 real capture: numbers, lower-case absolute links")
    func v3() throws {
        let json = """
            [{"id": "9f4eba99-ce30-419b-a942-354744045f51","creationTime": "2019-06-16T22:00:00.0246404Z","endTime": "2019-06-16T22:09:26.9479152Z","progress": 21,"status": "Success","statistics": {"processingRateBytesPS": 98010,"processingRateItemsPS": 0,"readRateBytesPS": 1426172,"writeRateBytesPS": 31686381,"transferredDataBytes": 55561549,"processedObjects": 523,"bottleneck": "Source"},"_links": {"self": {"href": "https://172.30.6.90:4443/v3/jobsessions/9f4eba99-ce30-419b-a942-354744045f51"},"log": {"href": "https://172.30.6.90:4443/v3/jobsessions/9f4eba99-ce30-419b-a942-354744045f51/log"},"job": {"href": "https://172.30.6.90:4443/v3/jobs/2a347af6-43ef-43a7-97bf-58a36f8cf216"}}}]
            """
        let s = try #require(try Fixtures.decode(json).sessions.first)
        #expect(s.jobID == EntityID("2a347af6-43ef-43a7-97bf-58a36f8cf216"))
        #expect(s.statistics.transferredBytes == 55_561_549)
        #expect(s.statistics.processingRateItemsPerSecond == 0)
    }

    @Test("v6 page with relative links, details and retryCount; v7 null endTime and retry fields")
    func v6v7() throws {
        let json = """
            {"offset": 0, "limit": 30, "totalCount": null,
             "_links": {"self": {"href": "/v7/JobSessions?offset=0&limit=30"}, "next": {"href": "/v7/JobSessions?offset=30&limit=30"}},
             "results": [
              {"id": "fcb1c775-edbb-4beb-830f-fb051ef9ab1b", "repositoryId": "00000000-0000-0000-0000-000000000000",
               "mainSessionId": "6a3fa2fb-3a77-4d99-8b5d-b6bd4102ffb1", "details": "Transferred: 0 B (0 items) at 0 B/s (0 items/s)",
               "creationTime": "2022-01-31T16:39:24.008771Z", "endTime": null, "retryCount": 1, "jobWillBeRetried": false,
               "progress": 1, "jobType": "Backup", "status": "Running",
               "statistics": {"processingRateBytesPS": 0, "processingRateItemsPS": 0, "readRateBytesPS": 0, "writeRateBytesPS": 0,
                              "transferredDataBytes": 0, "processedObjects": 0, "bottleneck": "Detecting"},
               "_links": {"self": {"href": "/v7/JobSessions/fcb1c775-edbb-4beb-830f-fb051ef9ab1b"}, "job": {"href": "/v7/Jobs/196e4df2-0faf-4b8e-ba17-ce8c0eb4edc5"}}}
             ]}
            """
        let s = try #require(try Fixtures.decode(json).sessions.first)
        #expect(s.endTime == nil)
        #expect(s.durationSeconds == nil)
        #expect(s.status == .running)
        #expect(s.retryCount == 1)
        #expect(s.mainSessionID == EntityID("6a3fa2fb-3a77-4d99-8b5d-b6bd4102ffb1"))
        #expect(s.jobWillBeRetried == false)
        #expect(s.jobType == .backup)
        #expect(s.details == "Transferred: 0 B (0 items) at 0 B/s (0 items/s)")
        #expect(s.jobID == EntityID("196e4df2-0faf-4b8e-ba17-ce8c0eb4edc5"))
        #expect(s.statistics.bottleneck == .detecting)
    }

    @Test("v8 single session: jobId wins over the link, eTag, config type, numeric strings")
    func v8() throws {
        let json = """
            {"id": "fcb1c775-edbb-4beb-830f-fb051ef9ab1b", "jobId": "196E4DF2-0FAF-4B8E-BA17-CE8C0EB4EDC5",
             "creationTime": "2022-01-31T16:39:24Z", "endTime": "2022-01-31T16:49:24Z", "jobSessionConfigType": "Incremental",
             "status": "Succeeded", "eTag": "7", "total": 12, "proxyId": null, "proxyPoolId": null,
             "statistics": {"processingRateBytesPS": "1683256", "processingRateItemsPS": 20.0, "readRateBytesPS": 5383429,
                            "writeRateBytesPS": 26015396, "transferredDataBytes": 9000000000000, "processedObjects": 1193, "bottleneck": "target"},
             "_links": {"job": {"href": "/v8/Jobs/00000000-0000-0000-0000-000000000001"}}}
            """
        let document = try Fixtures.decode(json)
        #expect(!document.isList)
        let s = try #require(document.sessions.first)
        #expect(s.jobID == EntityID("196e4df2-0faf-4b8e-ba17-ce8c0eb4edc5"))
        #expect(s.status == .success)
        #expect(s.eTag == 7)
        #expect(s.configType == .incremental)
        #expect(s.statistics.processingRateBytesPerSecond == 1_683_256)
        #expect(s.statistics.processingRateItemsPerSecond == 20)
        #expect(s.statistics.transferredBytes == 9_000_000_000_000)
        #expect(s.statistics.bottleneck == .target)
        #expect(s.durationSeconds == 600)
    }

    @Test("endTime: null, absent, the .NET minimum date, or before creation all mean no end")
    func noEnd() throws {
        for end in [
            #""endTime": null,"#, "", #""endTime": "0001-01-01T00:00:00","#, #""endTime": "2022-01-31T16:00:00Z","#,
        ] {
            let json = #"[{"id": "a1", "creationTime": "2022-01-31T16:39:24Z", \#(end) "status": "Failed"}]"#
            let s = try #require(try Fixtures.decode(json).sessions.first)
            #expect(s.endTime == nil, "\(end)")
            #expect(s.durationSeconds == nil)
        }
    }

    @Test("unknown enum values are kept verbatim; status is case-insensitive; unknown keys are ignored")
    func enums() throws {
        let json = """
            [{"id": "a", "creationTime": "2022-01-31T16:39:24Z", "status": "PartiallyDone", "jobType": "Archive",
              "someFutureField": {"nested": [1, 2, {"x": null}]}, "statistics": {"bottleneck": "Network"}},
             {"id": "b", "creationTime": "2022-01-31T16:39:24Z", "status": "wArNiNg"}]
            """
        let sessions = try Fixtures.decode(json).sessions
        #expect(sessions[0].status == .other("PartiallyDone"))
        #expect(sessions[0].status?.description == "PartiallyDone")
        #expect(sessions[0].jobType == .other("Archive"))
        #expect(sessions[0].statistics.bottleneck == .other("Network"))
        #expect(sessions[1].status == .warning)
    }

    @Test("a session without statistics is read with its statistics unknown")
    func noStatistics() throws {
        let s = try #require(
            try Fixtures.decode(#"{"id":"a","creationTime":"2022-01-31T16:39:24Z","status":"Success"}"#).sessions.first)
        #expect(s.statistics.isEmpty)
    }

    @Test("wrong types, negative and absurd numbers become unknown values with a warning at their position")
    func badValues() throws {
        let json = """
            [{"id": "a", "creationTime": "2022-01-31T16:39:24Z", "status": 5,
              "statistics": {"processingRateBytesPS": -5, "readRateBytesPS": {"x": 1}, "writeRateBytesPS": 1e300,
                             "transferredDataBytes": "lots", "processedObjects": true}}]
            """
        let document = try Fixtures.decode(json)
        let s = try #require(document.sessions.first)
        #expect(s.statistics.processingRateBytesPerSecond == nil)
        #expect(s.statistics.readRateBytesPerSecond == nil)
        #expect(s.statistics.writeRateBytesPerSecond == nil)
        #expect(s.statistics.transferredBytes == nil)
        #expect(s.statistics.processedObjects == nil)
        #expect(s.status == .other("5"))
        let messages = document.warnings.map(\.message)
        #expect(messages.contains { $0.contains("processingRateBytesPS is negative") })
        #expect(messages.contains { $0.contains("readRateBytesPS should be a number") })
        #expect(messages.contains { $0.contains("writeRateBytesPS is out of range") })
        #expect(messages.contains { $0.contains("\"lots\" is not a number") })
        #expect(document.warnings.allSatisfy { $0.offset > 0 })
    }

    @Test("a session without a creation time is left out with a warning")
    func noCreationTime() throws {
        let document = try Fixtures.decode(#"[{"id": "a", "status": "Success", "creationTime": "last tuesday"}]"#)
        #expect(document.sessions.isEmpty)
        #expect(document.warnings.count == 2)
    }

    @Test("jobs: v1 quoted booleans, v2 links to the organization, v8 page with organizationId")
    func jobs() throws {
        let v1 =
            #"[{"id": "93089cfa-81d6-4551-8a7b-a7290868d6f9", "name": "Backup Job ABC", "allMailboxes": "false", "lastStatus": "Success", "isEnabled": "true", "schedulePolicy": {"type": "Daily", "retryEnabled": "true", "retryNumber": 5}, "_links": {"organization": {"href": "https://support.east.local:4443/v1/Organizations/357c6d0d-70b7-4c59-8285-76be5ac9c136"}}}]"#
        let job = try #require(try Fixtures.decode(v1).jobs.first)
        #expect(job.name == "Backup Job ABC")
        #expect(job.isEnabled == true)
        #expect(job.backupType == "SelectedItems")
        #expect(job.organizationID == EntityID("357c6d0d-70b7-4c59-8285-76be5ac9c136"))
        #expect(job.schedule?.retryEnabled == true)
        #expect(job.schedule?.retryNumber == 5)
        let v8 =
            #"{"offset": 0, "limit": 30, "results": [{"id": "j1", "organizationId": "o1", "name": "Mail", "lastRun": "2026-11-22T22:00:00Z", "nextRun": null, "eTag": 4, "_links": {"organization": {"href": "/v8/Organizations/o2"}}}]}"#
        let page = try #require(try Fixtures.decode(v8).jobs.first)
        #expect(page.organizationID == .text("o1"))
        #expect(page.eTag == 4)
    }

    @Test("organizations from /Organizations, as an array or a page")
    func organizations() throws {
        let json =
            #"{"offset":0,"limit":30,"results":[{"type":"Office365","id":"357c6d0d-70b7-4c59-8285-76be5ac9c136","name":"Contoso","officeName":"contoso.onmicrosoft.com","isBackedup":true}]}"#
        let org = try #require(try Fixtures.decode(json).organizations.first)
        #expect(org.displayName == "Contoso")
        #expect(org.officeName == "contoso.onmicrosoft.com")
    }

    @Test("log items: v2-v7 titles with a status prefix, v8 type and message, session from link or file name")
    func logItems() throws {
        let v3 =
            #"{"offset": 0,"limit": 30,"results": [{"id": "35de947e-4512-4e71-8be4-1471d84ae21d","usn": 1,"title": "[Success] Job started at 17/06/2019 10:00:00 AM","creationTime": "2019-06-16T15:00:00.0402129-07:00","endTime": "2019-06-16T15:00:00.0402129-07:00","_links": {"jobsessions": {"href": "https://172.30.6.90:4443/v3/jobsessions/9f4eba99-ce30-419b-a942-354744045f51"}}}, {"id": "35de947e-4512-4e71-8be4-1471d84ae21e","usn": 2,"title": "[Warning] Item skipped"}]}"#
        let items = try Fixtures.decode(v3, path: "logs/9f4eba99-ce30-419b-a942-354744045f51.json").logItems
        #expect(items.count == 2)
        #expect(items[0].sessionID == EntityID("9f4eba99-ce30-419b-a942-354744045f51"))
        #expect(items[0].severity == .success)
        #expect(items[0].message == "Job started at 17/06/2019 10:00:00 AM")
        #expect(items[0].creationTime?.iso8601 == "2019-06-16T22:00:00.0402129Z")
        #expect(items[1].severity == .warning)
        #expect(items[1].message == "Item skipped")

        let v8 =
            #"[{"id": "e7668151-524f-4fa5-a30a-c647bf7ca8c5", "usn": 9, "type": "Error", "message": "Failed to connect", "creationTime": "2026-11-22T22:00:00Z"}]"#
        let item = try #require(
            try Fixtures.decode(v8, path: "archive/logs/be376069-2865-4156-a9bc-825cef7d687e.json").logItems.first)
        #expect(item.severity == .error)
        #expect(item.sessionID == EntityID("be376069-2865-4156-a9bc-825cef7d687e"))

        let orphan = try Fixtures.decode(v8, path: "log.json")
        #expect(orphan.logItems.isEmpty)
        #expect(orphan.warnings.first?.message.contains("logs/<session-id>.json") == true)
    }

    @Test("an error response saved by mistake, or JSON that is not VB365, is an error")
    func notData() {
        #expect(
            Fixtures.decodingError(#"{"message": "Access denied", "errorCode": "ResourceAccessDenied"}"#)?.1.contains(
                "error response") == true)
        #expect(Fixtures.decodingError(#"{"name": 1, "color": "blue"}"#)?.1.contains("not a VB365 response") == true)
        #expect(Fixtures.decodingError(#"[1, 2, 3]"#)?.1.contains("not a VB365 response") == true)
    }

    @Test("an HTML error page saved as JSON says so, with its title and where it starts")
    func htmlPage() throws {
        let page = "\n  <html><head><title>502 Bad\n Gateway</title></head><body><h1>502</h1></body></html>"
        let (position, message) = try #require(Fixtures.decodingError(page))
        #expect(position == SourcePosition(line: 2, column: 3))
        #expect(
            message.hasPrefix(
                "an HTML page (502 Bad Gateway), not JSON: the server or a proxy answered with an error page; fetch again"
            ))
        let untitled = try #require(Fixtures.decodingError("<!DOCTYPE html>\n<body>Service Unavailable</body>"))
        #expect(untitled.1.hasPrefix("an HTML page, not JSON: "))
        let markup = try #require(Fixtures.decodingError("<?xml version=\"1.0\"?><feed/>"))
        #expect(markup.1.contains("found '<'"), "markup that is not HTML keeps the plain message")
    }

    @Test("empty lists are fine")
    func emptyLists() throws {
        #expect(try Fixtures.decode("[]").isEmpty)
        #expect(try Fixtures.decode(#"{"offset": 0, "limit": 30, "results": []}"#).isEmpty)
        #expect(try Fixtures.decode(#"{"offset": 0, "limit": 30, "results": null}"#).isEmpty)
    }

    @Test("hrefs: absolute, relative, any case, query strings")
    func hrefs() {
        #expect(
            Href.id(after: "jobs", in: "https://h:4443/v3/jobs/B20CEDD4-66B2-49B1-86DE-A575DC67E83B")
                == EntityID("b20cedd4-66b2-49b1-86de-a575dc67e83b"))
        #expect(Href.id(after: "jobs", in: "/v7/Jobs/abc?x=1") == .text("abc"))
        #expect(Href.id(after: "jobsessions", in: "/v8/JobSessions/s1/LogItems") == .text("s1"))
    }

    /// ASCII hrefs are split as bytes: the ids must be the ones splitting by characters finds.
    @Test(
        "hrefs split as bytes give the ids that splitting by characters gives",
        arguments: [
            "https://h:4443/v3/jobs/B20CEDD4-66B2-49B1-86DE-A575DC67E83B", "/v7/Jobs/abc?x=1", "/v7/JOBS/a%2Fb",
            "/v7/jobs/", "jobs", "", "?", "??", "?a?b", "/a?/jobs/x", "//jobs//x//", "/x/jobsX/y", "/x/y:z",
            "/x/jobs/%4", "/x/jobs/%zz", "/x/jobs/%+f", "a\r\n/jobs/b", "/jobs/x/Jobs/y", "/OrGaNiZaTiOnS/o1",
        ])
    func hrefBytes(href: String) {
        for collection in ["jobs", "organizations", "jobsessions", "Jobs"] {
            #expect(Href.id(after: collection, in: href) == Href.unicodeID(after: collection, in: href))
        }
    }
}

@Suite("Decoder details found in review")
struct WireDecoderReviewTests {
    @Test("the organizations hint comes from the file's name or folder, not a server folder's host name")
    func organizationsHint() {
        #expect(WireDecoder.Hints(path: "archive/organizations.json").organizations)
        #expect(WireDecoder.Hints(path: "archive/servers/a_443/organizations/42.json").organizations)
        #expect(!WireDecoder.Hints(path: "archive/servers/organization.example.com_443/jobs.json").organizations)
        #expect(!WireDecoder.Hints(path: "archive/servers/organization.example.com_443/jobs/7.json").organizations)
    }

    @Test("warnings in pretty-printed arrays point at the element, not the previous line")
    func elementPositions() throws {
        let json = "[\n  {\"id\": \"a\", \"creationTime\": \"2026-11-22T22:00:00Z\"},\n  42\n]"
        let document = try Fixtures.decode(json)
        let warning = try #require(document.warnings.first)
        let position = Array(json.utf8).withUnsafeBytes { SourcePosition(offset: warning.offset, in: $0) }
        #expect(position == SourcePosition(line: 3, column: 3))
    }

    @Test("escaped member names are still recognised")
    func escapedKeys() throws {
        let s = try #require(
            try Fixtures.decode(
                #"[{"\u0069d": "a", "creation\u0054ime": "2026-11-22T22:00:00Z", "status": "Success"}]"#
            ).sessions.first)
        #expect(s.id == .text("a"))
    }

    @Test("a v1-v5 error body with a capital M is an error response; hex strings are not numbers")
    func oddities() throws {
        #expect(
            Fixtures.decodingError(#"{"Message": "Authorization has been denied for this request."}"#)?.1.contains(
                "error response") == true)
        let s = try #require(
            try Fixtures.decode(
                #"[{"id": "a", "creationTime": "2026-11-22T22:00:00Z", "statistics": {"processedObjects": "0x10"}}]"#
            ).sessions.first)
        #expect(s.statistics.processedObjects == nil)
    }

    @Test("a byte-order mark is not a column")
    func bomColumn() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{x".utf8)
        let position = bytes.withUnsafeBytes { SourcePosition(offset: 4, in: $0) }
        #expect(position == SourcePosition(line: 1, column: 2))
    }

    @Test("an object with a region is an organization, without a hint from the file name")
    func organizationByRegion() throws {
        let document = try Fixtures.decode(
            #"[{"id": "357c6d0d-70b7-4c59-8285-76be5ac9c136", "name": "Contoso", "region": "Worldwide"}]"#,
            path: "list.json")
        #expect(document.organizations.map(\.id) == [EntityID("357c6d0d-70b7-4c59-8285-76be5ac9c136")])
    }
}
