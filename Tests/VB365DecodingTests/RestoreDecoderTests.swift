import Testing
import VB365Decoding
import VB365Model

/// Restore sessions and their events of v6, v7 and v8 as a server sends them: pages with and
/// without `totalCount`, bare arrays and single objects, with the odd spellings, nulls, wrong
/// types and hostile text a real server or a broken proxy may send.
@Suite("Restore responses decode: sessions and their events, page by page")
struct RestoreDecoderTests {
    static let session = EntityID("61954db6-7278-4d26-86f7-888bda5a4ec4")

    func sessions(_ json: String) throws -> RestoreDecoder.Page<RestoreSession> {
        try RestoreDecoder.sessions(Array(json.utf8))
    }

    func events(_ json: String) throws -> RestoreDecoder.Page<RestoreEvent> {
        try RestoreDecoder.events(Array(json.utf8), sessionID: Self.session)
    }

    /// The byte offset of the first `needle` in `json`.
    func offset(of needle: String, in json: String) -> Int {
        let haystack = Array(json.utf8)
        let n = Array(needle.utf8)
        for i in 0...(haystack.count - n.count) where Array(haystack[i..<i + n.count]) == n { return i }
        return -1
    }

    // MARK: - Sessions

    /// Page 2 of a v6 server's `/RestoreSessions?limit=2`: `totalCount`, relative links, a working
    /// session with a null end, and a Restore Portal session with its scope.
    static let sessionsV6 = """
        {
          "offset": 2, "limit": 2, "totalCount": 5,
          "setId": "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
          "_links": {
            "self": { "href": "/v6/RestoreSessions?offset=2&limit=2" },
            "next": { "href": "/v6/RestoreSessions?offset=4&limit=2" }
          },
          "results": [
            {
              "id": "61954DB6-7278-4D26-86F7-888BDA5A4EC4", "name": "Exchange restore session",
              "organization": "contoso.onmicrosoft.com", "type": "Vex",
              "creationTime": "2022-04-12T16:55:20.8557416Z", "endTime": "2022-04-12T17:14:58.3532833Z",
              "state": "Stopped", "result": "Success", "initiatedBy": "CONTOSO\\\\helpdesk.anna",
              "details": "Restored 2 item(s) (1.3 MB).", "scopeName": "", "clientHost": "vb365.contoso.local",
              "reason": "INC-20410: Eva Novak deleted 2 messages by mistake",
              "_links": {
                "self": { "href": "/v6/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4" },
                "organization": { "href": "/v6/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4/Organization" }
              }
            },
            {
              "id": "0800471b-d0e2-422b-9d7c-35d15661c3fb", "name": "Self-service restore",
              "organization": "contoso.onmicrosoft.com", "type": "Veod",
              "creationTime": "2022-04-12T18:02:00Z", "endTime": null, "state": "Working", "result": "Success",
              "initiatedBy": "eva.novak@contoso.com", "details": null, "scopeName": "Contoso self-service",
              "clientHost": "vb365.contoso.local", "reason": null
            }
          ]
        }
        """

    @Test("a v6 page: totalCount, setId and the next link; ids in lower case; a null end while working")
    func sessionsV6() throws {
        let page = try sessions(Self.sessionsV6)
        #expect(page.warnings.isEmpty)
        #expect(page.isPage && page.offset == 2 && page.limit == 2 && page.totalCount == 5)
        #expect(page.setID == EntityID("0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"))
        #expect(page.next == "/v6/RestoreSessions?offset=4&limit=2")
        #expect(page.elementCount == 2 && page.nextOffset == 4)
        let first = try #require(page.values.first)
        #expect(first.id == Self.session && first.id.description == "61954db6-7278-4d26-86f7-888bda5a4ec4")
        #expect(first.name == "Exchange restore session" && first.organizationName == "contoso.onmicrosoft.com")
        #expect(first.organizationID == nil, "a link to the session's own /Organization names no organization")
        #expect(first.type == .exchange && first.state == .stopped && first.result == .success)
        #expect(
            first.creationTime
                == Timestamp(
                    year: 2022, month: 4, day: 12, hour: 16, minute: 55, second: 20, fractionTicks: 8_557_416))
        #expect(first.durationSeconds.map { $0 > 1_177 && $0 < 1_178 } == true)
        #expect(first.initiatedBy == "CONTOSO\\helpdesk.anna" && first.clientHost == "vb365.contoso.local")
        #expect(first.reason == "INC-20410: Eva Novak deleted 2 messages by mistake")
        #expect(first.scopeName == nil, "an empty string is not sent")
        #expect(first.details == "Restored 2 item(s) (1.3 MB).")
        #expect(first.eTag == nil)
        let second = page.values[1]
        #expect(second.type == .oneDrive && second.state == .working && second.endTime == nil)
        #expect(second.reason == nil && second.details == nil && second.scopeName == "Contoso self-service")
    }

    /// A v8 server's `/RestoreSessions`: no `totalCount`, `eTag`, a failed SharePoint session and a
    /// Teams one, on the last page.
    static let sessionsV8 = """
        {"offset":0,"limit":30,"setId":"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a","results":[
        {"id":"5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f","name":"SharePoint restore session","organization":"Contoso Ltd","type":"Vesp","creationTime":"2026-11-23T01:00:04.0000000Z","endTime":"2026-11-23T01:07:44.1200000Z","state":"Stopped","result":"Failed","initiatedBy":"CONTOSO\\\\svc-temp","details":"Exported 400 item(s) (118.2 MB) of 1500; item 401 failed: There is not enough space on the disk.","clientHost":"vb365.contoso.local","eTag":403,"_links":{"self":{"href":"/v8/RestoreSessions/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f"},"events":{"href":"/v8/RestoreSessions/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f/Events"}}},
        {"id":"6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a","organization":"Contoso Ltd","type":"Vet","creationTime":"2026-11-20T09:15:12Z","endTime":"2026-11-20T09:19:34Z","state":"Stopped","result":"Warning","initiatedBy":"CONTOSO\\\\helpdesk.ben","reason":"INC-20977","eTag":2,"_links":{}}
        ],"_links":{"self":{"href":"/v8/RestoreSessions?offset=0&limit=30"}}}
        """

    @Test("a v8 page: no totalCount, eTag, the last page (no next link, fewer than the limit)")
    func sessionsV8() throws {
        let page = try sessions(Self.sessionsV8)
        #expect(page.warnings.isEmpty)
        #expect(page.isPage && page.totalCount == nil && page.next == nil && page.nextOffset == nil)
        #expect(page.values.map(\.type) == [.sharePoint, .teams])
        #expect(page.values.map(\.result) == [.failed, .warning])
        #expect(page.values.map(\.eTag) == [403, 2])
        #expect(page.values[0].initiatedBy == "CONTOSO\\svc-temp" && page.values[0].reason == nil)
        #expect(page.values[1].name == nil && page.values[1].organizationName == "Contoso Ltd")
    }

    @Test("a bare array and a single session; an organization object or a link gives an id")
    func shapes() throws {
        let array = try sessions(
            #"[{"id": "a1", "type": "Vex", "organization": {"id": "5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "name": "Contoso Ltd"}}]"#
        )
        #expect(!array.isPage && array.elementCount == 1 && array.nextOffset == nil)
        #expect(array.values[0].id == .text("a1"))
        #expect(array.values[0].organizationName == "Contoso Ltd")
        #expect(array.values[0].organizationID == EntityID("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
        let single = try sessions(
            #"{"id": "\#(Self.session)", "type": "Vet", "organization": "Contoso Ltd", "_links": {"organization": {"href": "/v8/Organizations/5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}}}"#
        )
        #expect(!single.isPage && single.values.count == 1)
        #expect(single.values[0].organizationID == EntityID("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
        #expect(single.values[0].organizationName == "Contoso Ltd")
    }

    @Test("enum words and member names match in any case; PowerShell's words too")
    func caseInsensitive() throws {
        let page = try sessions(
            #"[{"ID": "s1", "TYPE": "vex", "State": "STOPPED", "result": "success", "CreationTime": "2026-11-20T09:15:12Z", "InitiatedBy": "x"}, {"id": "s2", "type": "OneDrive", "state": "running", "result": "Succeeded"}]"#
        )
        #expect(page.warnings.isEmpty)
        #expect(
            page.values[0].type == .exchange && page.values[0].state == .stopped && page.values[0].result == .success)
        #expect(
            page.values[0].creationTime == Timestamp(year: 2026, month: 11, day: 20, hour: 9, minute: 15, second: 12))
        #expect(page.values[0].initiatedBy == "x")
        #expect(
            page.values[1].type == .oneDrive && page.values[1].state == .working && page.values[1].result == .success)
        #expect(RestoreSessionType(wire: "VESP") == .sharePoint && RestoreSessionType(wire: "vet").wire == "Vet")
        #expect(RestoreEventStatus(wire: "Canceled") == .cancelled && RestoreEventStatus(wire: "SKIPPED") == .skipped)
    }

    @Test("unknown words are kept verbatim, and written back as they came")
    func unknownWords() throws {
        let page = try sessions(#"[{"id": "s", "type": "Vexx", "state": "Paused", "result": "PartiallyFailed"}]"#)
        #expect(page.warnings.isEmpty)
        #expect(page.values[0].type == .other("Vexx") && page.values[0].type?.wire == "Vexx")
        #expect(page.values[0].state == .other("Paused") && page.values[0].result == .other("PartiallyFailed"))
        let event = try events(#"[{"id": "e", "type": "Print", "status": "Queued", "order": 1, "message": "m"}]"#)
        #expect(event.values[0].type == .other("Print") && event.values[0].status == .other("Queued"))
        #expect(event.values[0].type?.takesDataOut == false)
    }

    // MARK: - Events

    /// A v6 server's events of one session (as in Veeam's own example: a local offset, a first
    /// `None` event, `Save` of a message), then an export.
    static let eventsV6 = """
        {
          "offset": 0, "limit": 30, "totalCount": 3,
          "results": [
            {
              "id": "f346f90e-a02f-4747-b30e-ef34f980c670", "type": "None", "status": "Success",
              "startTime": "2017-05-30T13:53:45.0679711+03:00", "endTime": "2017-05-30T13:53:45.0679711+03:00",
              "duration": "00:00:00", "title": "Restore session started", "message": "Restore session started",
              "order": 0,
              "_links": {
                "self": { "href": "/v6/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4/Events/f346f90e-a02f-4747-b30e-ef34f980c670" },
                "restoreSession": { "href": "/v6/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4" }
              }
            },
            {
              "id": "755d207e-ebd6-49da-9943-3b9e5eb31dee", "type": "Save", "status": "Success",
              "startTime": "2017-05-30T13:57:28.0422679+03:00", "endTime": "2017-05-30T13:57:28.0869607+03:00",
              "duration": "00:00:00.0446928", "title": "Item is successfully restored.",
              "message": "Item \\"Q3 forecast\\" was saved to C:\\\\Users\\\\anna\\\\Desktop\\\\Q3 forecast.msg.",
              "order": 1, "itemName": "Q3 forecast", "itemType": "Message", "itemSizeBytes": 48213,
              "source": "eva.novak@contoso.com\\\\Inbox", "target": "C:\\\\Users\\\\anna\\\\Desktop\\\\Q3 forecast.msg"
            },
            {
              "id": "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "type": "Export", "status": "Failed",
              "startTime": "2017-05-30T14:01:00Z", "endTime": null, "duration": "00:01:02.5000000",
              "title": "Item is not exported.", "message": "There is not enough space on the disk.", "order": 2,
              "itemName": "Inbox", "itemType": "Folder", "itemSizeBytes": "1073741824",
              "source": "eva.novak@contoso.com\\\\Inbox", "target": "D:\\\\export\\\\eva.pst"
            }
          ]
        }
        """

    @Test("v6 events: local offsets to UTC, a time span as sent, a size as a numeric string")
    func eventsV6() throws {
        let page = try events(Self.eventsV6)
        #expect(page.warnings.isEmpty)
        #expect(page.totalCount == 3 && page.values.count == 3 && page.nextOffset == nil)
        #expect(page.values.allSatisfy { $0.sessionID == Self.session })
        let start = page.values[0]
        #expect(start.type == RestoreEventType.none && start.status == .success && start.order == 0)
        #expect(
            start.startTime
                == Timestamp(year: 2017, month: 5, day: 30, hour: 10, minute: 53, second: 45, fractionTicks: 679_711))
        #expect(start.itemName == nil && start.itemSizeBytes == nil && start.durationSeconds == 0)
        let save = page.values[1]
        #expect(save.type == .save && save.type?.takesDataOut == true)
        #expect(save.itemName == "Q3 forecast" && save.itemType == "Message" && save.itemSizeBytes == 48_213)
        #expect(
            save.source == "eva.novak@contoso.com\\Inbox" && save.target == "C:\\Users\\anna\\Desktop\\Q3 forecast.msg")
        #expect(save.duration == "00:00:00.0446928" && save.durationSeconds == 0.0446928)
        #expect(save.message == "Item \"Q3 forecast\" was saved to C:\\Users\\anna\\Desktop\\Q3 forecast.msg.")
        #expect(save.userID == nil && save.organizationID == nil)
        let export = page.values[2]
        #expect(export.type == .export && export.status == .failed && export.endTime == nil)
        #expect(export.itemSizeBytes == 1_073_741_824 && export.durationSeconds == 62.5)
    }

    /// A v8 server's events: no `totalCount`, the owner ids (a UUID in upper case, nulls), and a
    /// next link.
    static let eventsV8 = """
        {"offset":0,"limit":2,"setId":"1f4e8a2c-3b5d-4e6f-8a9b-0c1d2e3f4a5b","results":[
        {"id":"a0000000-0000-4000-8000-000000000001","type":"Restore","status":"Success","startTime":"2026-11-20T15:41:13.0000000Z","endTime":"2026-11-20T15:41:14.2000000Z","duration":"00:00:01.2000000","title":"Item is successfully restored.","message":"Item \\"Contract draft v4\\" was restored to hugo.martin@contoso.onmicrosoft.com\\\\Chen Wei (restored).","order":1,"itemName":"Contract draft v4","itemType":"Message","itemSizeBytes":91234,"source":"chen.wei@contoso.onmicrosoft.com\\\\Inbox\\\\Projects","target":"hugo.martin@contoso.onmicrosoft.com\\\\Chen Wei (restored)","organizationId":"5A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D","backedUpOrganizationId":"b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e","userId":"0B5C1D2E-3F4A-4B6C-8D9E-0F1A2B3C4D5E","groupId":null,"siteId":null,"teamId":null,"_links":{"self":{"href":"/v8/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4/Events/a0000000-0000-4000-8000-000000000001"}}},
        {"id":"a0000000-0000-4000-8000-000000000002","type":"Restore","status":"Success","startTime":"2026-11-20T15:41:15Z","message":"m","order":2,"itemName":"General","itemType":"Channel","itemSizeBytes":4000000,"source":"Finance team","target":"Finance team","organizationId":null,"backedUpOrganizationId":null,"userId":null,"groupId":"9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a","siteId":"contoso.sharepoint.com,6a1b2c3d,7b2c3d4e","teamId":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"}
        ],"_links":{"self":{"href":"/v8/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4/Events?offset=0&limit=2"},"next":{"href":"/v8/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4/Events?offset=2&limit=2"}}}
        """

    @Test("v8 events: owner ids (UUIDs in lower case, other ids verbatim, nulls not sent), the next page")
    func eventsV8() throws {
        let page = try events(Self.eventsV8)
        #expect(page.warnings.isEmpty)
        #expect(page.totalCount == nil && page.nextOffset == 2)
        #expect(page.next == "/v8/RestoreSessions/61954db6-7278-4d26-86f7-888bda5a4ec4/Events?offset=2&limit=2")
        let first = page.values[0]
        #expect(first.organizationID == EntityID("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
        #expect(first.backedUpOrganizationID == EntityID("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"))
        #expect(first.userID == "0b5c1d2e-3f4a-4b6c-8d9e-0f1a2b3c4d5e")
        #expect(first.groupID == nil && first.siteID == nil && first.teamID == nil)
        #expect(
            first.source != first.target && first.target == "hugo.martin@contoso.onmicrosoft.com\\Chen Wei (restored)")
        let second = page.values[1]
        #expect(second.organizationID == nil && second.userID == nil)
        #expect(second.siteID == "contoso.sharepoint.com,6a1b2c3d,7b2c3d4e")
        #expect(second.teamID == "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
        #expect(second.groupID == "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")
        #expect(second.endTime == nil && second.durationSeconds == nil && second.title == nil)
    }

    @Test("a single event; a single event's message is the event's, not an error")
    func singleEvent() throws {
        let page = try events(
            #"{"id": "e1", "type": "Send", "status": "Success", "startTime": "2026-11-20T15:41:15Z", "order": 3, "message": "Item was sent to x@example.com."}"#
        )
        #expect(page.warnings.isEmpty && !page.isPage && page.elementCount == 1)
        #expect(page.values.map(\.message) == ["Item was sent to x@example.com."])
        #expect(page.values.first?.type == .send)
    }

    // MARK: - Defensive reading

    @Test("a wrong type is a warning that names the member and its byte; the rest of the object is kept")
    func wrongTypes() throws {
        let json =
            #"{"offset": 0, "limit": 30, "results": [{"id": "e1", "status": "Success", "order": "first", "itemSizeBytes": {"value": 12}, "startTime": 1700000000, "endTime": "next Friday", "itemName": ["a"], "source": true, "target": "t", "message": "m"}]}"#
        let page = try events(json)
        let event = try #require(page.values.first)
        #expect(event.status == .success && event.target == "t" && event.message == "m")
        #expect(event.order == nil && event.itemSizeBytes == nil && event.startTime == nil && event.endTime == nil)
        #expect(event.itemName == nil && event.source == nil)
        #expect(page.warnings.count == 6)
        #expect(
            page.warnings.contains(
                "byte \(offset(of: "\"first\"", in: json)): order \"first\" is not a number; it is unknown"))
        #expect(
            page.warnings.contains(
                "byte \(offset(of: "{\"value\"", in: json)): itemSizeBytes should be a number; it is unknown"))
        #expect(page.warnings.contains { $0.hasPrefix("byte \(offset(of: "1700000000", in: json)): startTime") })
        #expect(
            page.warnings.contains(
                "byte \(offset(of: "\"next Friday\"", in: json)): endTime \"next Friday\" is not an ISO 8601 timestamp; it is unknown"
            ))
        #expect(
            page.warnings.contains {
                $0.hasPrefix("byte \(offset(of: "[\"a\"]", in: json)): itemName should be a string")
            })
        #expect(
            page.warnings.contains { $0.hasPrefix("byte \(offset(of: "true", in: json)): source should be a string") })
        let session = try sessions(#"[{"id": "s", "eTag": -3, "organization": [1], "creationTime": null}]"#)
        #expect(session.values.count == 1 && session.values[0].eTag == nil && session.values[0].organizationName == nil)
        #expect(session.warnings.count == 2)
        #expect(session.warnings.contains { $0.contains("eTag is negative") })
    }

    @Test("hostile item names, operators and reasons (markup, pipes, emoji, RTL, NUL) are kept exactly")
    func hostileStrings() throws {
        let name = #"<script>alert(\"x\")</script> | `*_[ 👩🏽‍💻 \u202Eevil\u202C مرحبا \ud83d\ude00 \u0000"#
        let expected = "<script>alert(\"x\")</script> | `*_[ 👩🏽‍💻 \u{202E}evil\u{202C} مرحبا 😀 \u{0}"
        let page = try events(
            #"[{"id": "e", "itemName": "\#(name)", "source": "</td><td>", "target": "|a|b|", "order": 1}]"#)
        #expect(page.values[0].itemName == expected)
        #expect(page.values[0].source == "</td><td>" && page.values[0].target == "|a|b|")
        let session = try sessions(
            #"[{"id": "s", "initiatedBy": "CONTOSO\\\u202Eadmin", "reason": "\#(name)", "name": "|x|"}]"#)
        #expect(session.values[0].initiatedBy == "CONTOSO\\\u{202E}admin")
        #expect(session.values[0].reason == expected && session.values[0].name == "|x|")
    }

    @Test("objects without an id, error responses, null results, non-objects and bodies that are not JSON")
    func odd() throws {
        let noID = try sessions(#"[{"type": "Vex"}, {"id": null}, {"id": "ok"}]"#)
        #expect(noID.values.map(\.id) == [.text("ok")] && noID.warnings.count == 2 && noID.elementCount == 3)
        let error = try sessions(
            #"{"message": "The restore session with ID x was not found.", "errorCode": "ResourceNotFound", "stackTrace": null}"#
        )
        #expect(error.values.isEmpty && error.warnings.count == 1 && error.warnings[0].contains("an error response"))
        let eventError = try events(#"{"message": "Access is denied."}"#)
        #expect(eventError.values.isEmpty && eventError.warnings.count == 1)
        let null = try events(#"{"offset": 0, "limit": 30, "results": null}"#)
        #expect(null.values.isEmpty && null.warnings.isEmpty && null.isPage && null.nextOffset == nil)
        let noResults = try events(#"{"offset": 0, "limit": 30}"#)
        #expect(noResults.isPage && noResults.warnings.count == 1)
        let mixed = try events(#"{"offset": 0, "limit": 3, "results": [1, "x", {"id": "e", "order": 0}]}"#)
        #expect(
            mixed.values.count == 1 && mixed.elementCount == 3 && mixed.nextOffset == 3 && mixed.warnings.count == 1)
        #expect(throws: JSONError.self) { try sessions("") }
        #expect(throws: JSONError.self) { try sessions("<html><title>502 Bad Gateway</title></html>") }
        #expect(throws: JSONError.self) { try events("\"text\"") }
        #expect(throws: JSONError.self) { try events(#"[{"id": "e",}]"#) }
    }
}
