import VB365Model

// MARK: - Restore sessions

extension RestoreDecoder {
    /// The members of a RESTRestoreSession.
    struct SessionFields: Fields {
        var start = 0
        var session = RestoreSession(id: .text(""))
        var hasID = false

        var what: String { "restore session" }

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            if key.hasName("id") {
                let id = try d.entity(&r, "id")
                session.id = id ?? .text("")
                hasID = id != nil
            } else if key.hasName("name") {
                session.name = try d.text(&r, "name")
            } else if key.hasName("type") {
                session.type = try d.text(&r, "type").map(RestoreSessionType.init(wire:))
            } else if key.hasName("state") {
                session.state = try d.text(&r, "state").map(RestoreSessionState.init(wire:))
            } else if key.hasName("result") {
                session.result = try d.text(&r, "result").map(RestoreSessionResult.init(wire:))
            } else if key.hasName("creationtime") {
                session.creationTime = try d.time(&r, "creationTime").time
            } else if key.hasName("endtime") {
                session.endTime = try d.time(&r, "endTime").time
            } else if key.hasName("initiatedby") {
                session.initiatedBy = try d.text(&r, "initiatedBy")
            } else if key.hasName("clienthost") {
                session.clientHost = try d.text(&r, "clientHost")
            } else if key.hasName("reason") {
                session.reason = try d.text(&r, "reason")
            } else if key.hasName("scopename") {
                session.scopeName = try d.text(&r, "scopeName")
            } else if key.hasName("details") {
                session.details = try d.text(&r, "details")
            } else if key.hasName("etag") {
                session.eTag = try d.integer(&r, "eTag")
            } else if key.hasName("organization") {
                try readOrganization(&r, &d)
            } else if key.hasName("_links") {
                for (name, href) in try RestoreDecoder.readLinks(&r, &d) { link(name, href) }
            } else {
                try r.skipValue()
            }
        }

        /// `organization`: a name, as the schema says; an object's `name` (else `displayName`,
        /// `officeName`) and `id`, as an older or newer server may send.
        private mutating func readOrganization(_ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            guard try r.peekKind() == .object else {
                session.organizationName = try d.text(&r, "organization")
                return
            }
            var name: String?
            var displayName: String?
            var officeName: String?
            try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
                if key.hasName("id") {
                    session.organizationID = try d.entity(&r, "organization.id")
                } else if key.hasName("name") {
                    name = try d.text(&r, "organization.name")
                } else if key.hasName("displayname") {
                    displayName = try d.text(&r, "organization.displayName")
                } else if key.hasName("officename") {
                    officeName = try d.text(&r, "organization.officeName")
                } else {
                    try r.skipValue()
                }
            }
            session.organizationName = name ?? displayName ?? officeName
        }

        /// An `organization` link to `/Organizations/{id}` gives the organization's id (a link to
        /// the session's own `/Organization` gives none).
        mutating func link(_ name: String, _ href: String) {
            guard session.organizationID == nil, name.lowercased() == "organization" else { return }
            let lowered = href.lowercased()
            guard let range = lowered.range(of: "/organizations/") else { return }
            let id = EntityID(String(lowered[range.upperBound...].prefix(36)))
            if case .uuid = id { session.organizationID = id }
        }

        mutating func message(_ text: String) {}

        func value(_ d: inout Reading) -> RestoreSession? {
            guard hasID else {
                d.warn("left out a restore session without an id", at: start)
                return nil
            }
            return session
        }
    }
}

// MARK: - Restore session events

extension RestoreDecoder {
    /// The members of a RESTRestoreSessionEvent.
    struct EventFields: Fields {
        var start = 0
        var event: RestoreEvent
        var hasID = false

        init(sessionID: EntityID) { event = RestoreEvent(sessionID: sessionID, id: .text("")) }

        var what: String { "restore session event" }

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            if key.hasName("id") {
                let id = try d.entity(&r, "id")
                event.id = id ?? .text("")
                hasID = id != nil
            } else if key.hasName("type") {
                event.type = try d.text(&r, "type").map(RestoreEventType.init(wire:))
            } else if key.hasName("status") {
                event.status = try d.text(&r, "status").map(RestoreEventStatus.init(wire:))
            } else if key.hasName("itemname") {
                event.itemName = try d.text(&r, "itemName")
            } else if key.hasName("itemtype") {
                event.itemType = try d.text(&r, "itemType")
            } else if key.hasName("itemsizebytes") {
                event.itemSizeBytes = try d.integer(&r, "itemSizeBytes")
            } else if key.hasName("source") {
                event.source = try d.text(&r, "source")
            } else if key.hasName("target") {
                event.target = try d.text(&r, "target")
            } else if key.hasName("title") {
                event.title = try d.text(&r, "title")
            } else if key.hasName("message") {
                event.message = try d.text(&r, "message")
            } else if key.hasName("order") {
                event.order = try d.integer(&r, "order").map { Int(clamping: $0) }
            } else if key.hasName("starttime") {
                event.startTime = try d.time(&r, "startTime").time
            } else if key.hasName("endtime") {
                event.endTime = try d.time(&r, "endTime").time
            } else if key.hasName("duration") {
                event.duration = try d.text(&r, "duration")
            } else if try !readOwner(key, &r, &d) {
                try r.skipValue()
            }
        }

        /// Reads one of v8's ids of what the item belongs to; false when `key` is none of them.
        private mutating func readOwner(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError)
            -> Bool
        {
            if key.hasName("organizationid") {
                event.organizationID = try d.entity(&r, "organizationId")
            } else if key.hasName("backeduporganizationid") {
                event.backedUpOrganizationID = try d.entity(&r, "backedUpOrganizationId")
            } else if key.hasName("userid") {
                event.userID = try d.id(&r, "userId")
            } else if key.hasName("siteid") {
                event.siteID = try d.id(&r, "siteId")
            } else if key.hasName("teamid") {
                event.teamID = try d.id(&r, "teamId")
            } else if key.hasName("groupid") {
                event.groupID = try d.id(&r, "groupId")
            } else {
                return false
            }
            return true
        }

        mutating func link(_ name: String, _ href: String) {}

        mutating func message(_ text: String) { event.message = text.isEmpty ? nil : text }

        func value(_ d: inout Reading) -> RestoreEvent? {
            guard hasID else {
                d.warn("left out a restore session event without an id", at: start)
                return nil
            }
            return event
        }
    }
}

// MARK: - Values

extension ProtectionDecoder.Reading {
    /// A non-negative whole number: a JSON number (a fraction rounded) or a numeric string; nil
    /// for null or "", and (with a warning) for a negative or out-of-range number or a value of
    /// another kind.
    mutating func integer(_ r: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONError) -> Int64? {
        let kind = try r.peekKind()
        let start = r.offset
        let number: JSONReader.Number
        switch kind {
        case .number:
            number = try r.readNumber()
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .string:
            let text = try r.readString().trimmingSpaces
            if text.isEmpty { return nil }
            if let v = Int64(text) {
                number = .integer(v)
            } else if text.allSatisfy({ "0123456789+-.eE".contains($0) }), let v = Double(text) {
                number = .real(v)
            } else {
                warn("\(field()) \"\(text.prefix(40))\" is not a number; it is unknown", at: start)
                return nil
            }
        case .bool, .object, .array:
            warn("\(field()) should be a number; it is unknown", at: start)
            try r.skipValue()
            return nil
        }
        switch number {
        case .integer(let v) where v >= 0: return v
        case .real(let v) where v.isFinite && v >= 0 && v < 9.2e18: return Int64(v.rounded())
        case .integer(let v):
            warn("\(field()) is negative (\(v)); it is unknown", at: start)
            return nil
        case .real(let v):
            warn("\(field()) is negative or out of range (\(v)); it is unknown", at: start)
            return nil
        }
    }
}
