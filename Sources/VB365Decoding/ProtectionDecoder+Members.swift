import VB365Model

// MARK: - Users, groups, sites and teams

extension ProtectionDecoder {
    /// A backup-data flag (`isMailboxBackedUp`) and its time (`mailboxBackedUpTime`), as sent.
    struct Mark {
        var flag: Bool?
        var time: Timestamp?
        /// True when the time was sent as anything but null or "" (`0001-01-01T00:00:00` too).
        var timeSent = false

        /// True when the flag or the time was sent: the repository reports this kind of data.
        var isSent: Bool { flag != nil || timeSent }

        /// The mark: backed up as the flag says, else when there is a time.
        var mark: BackupMark { BackupMark(isBackedUp: flag ?? (time != nil), time: time) }
    }

    /// The members of a user, group, site or team: of the directory, of backup data, or nested in
    /// a job item.
    struct ObjectFields: ElementFields {
        let kind: ProtectedObjectKind
        let inDirectory: Bool
        /// What warnings put before a member's name: `user.` inside a job item, else nothing.
        let prefix: String
        var start = 0
        var id: String?
        var accountID: String?
        var msid: String?
        var organizationID: EntityID?
        var displayName: String?
        var name: String?
        var title: String?
        var email: String?
        var mail: String?
        var url: String?
        /// A user's `type` or `accountType`, where it is, and which of the two it is.
        var account: (word: String, offset: Int, field: String)?
        var isPersonal: Bool?
        /// A user's or group's mailbox.
        var mailbox = Mark()
        var archive = Mark()
        var oneDrive = Mark()
        var personalSite = Mark()
        /// A group's site (`isSiteBackedUp`, `siteBackedUpTime`).
        var groupSite = Mark()
        /// A site's or team's `backedUpTime`.
        var backedUp = Mark()

        init(kind: ProtectedObjectKind, inDirectory: Bool, prefix: String = "") {
            self.kind = kind
            self.inDirectory = inDirectory
            self.prefix = prefix
        }

        var what: String { kind.word }

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            let prefix = self.prefix
            if key.hasName("id") {
                id = try d.id(&r, prefix + "id")
            } else if key.hasName("accountid") {
                accountID = try d.id(&r, prefix + "accountId")
            } else if key.hasName("msid") {
                msid = try d.id(&r, prefix + "msid")
            } else if key.hasName("organizationid") {
                organizationID = try d.entity(&r, prefix + "organizationId")
            } else if key.hasName("displayname") {
                displayName = try d.text(&r, prefix + "displayName")
            } else if key.hasName("name") {
                name = try d.text(&r, prefix + "name")
            } else if key.hasName("title") {
                title = try d.text(&r, prefix + "title")
            } else if key.hasName("email") {
                email = try d.text(&r, prefix + "email")
            } else if key.hasName("mail") {
                mail = try d.text(&r, prefix + "mail")
            } else if key.hasName("url") {
                url = try d.text(&r, prefix + "url")
            } else if kind == .user, key.hasName("type") || key.hasName("accounttype") {
                _ = try r.peekKind()
                let offset = r.offset
                let field = key.hasName("type") ? "type" : "accountType"
                account = try d.text(&r, prefix + field).map { ($0, offset, field) }
            } else if key.hasName("ispersonal") {
                isPersonal = try d.bool(&r, prefix + "isPersonal")
            } else if try !readBackup(key, &r, &d) {
                try r.skipValue()
            }
        }

        /// Reads a backed-up flag or time; false when `key` is neither.
        private mutating func readBackup(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError)
            -> Bool
        {
            let prefix = self.prefix
            if key.hasName("ismailboxbackedup") {
                mailbox.flag = try d.bool(&r, prefix + "isMailboxBackedUp")
            } else if key.hasName("mailboxbackeduptime") {
                (mailbox.time, mailbox.timeSent) = try d.time(&r, prefix + "mailboxBackedUpTime")
            } else if key.hasName("isarchivebackedup") {
                archive.flag = try d.bool(&r, prefix + "isArchiveBackedUp")
            } else if key.hasName("archivebackeduptime") {
                (archive.time, archive.timeSent) = try d.time(&r, prefix + "archiveBackedUpTime")
            } else if key.hasName("isonedrivebackedup") {
                oneDrive.flag = try d.bool(&r, prefix + "isOneDriveBackedUp")
            } else if key.hasName("onedrivebackeduptime") {
                (oneDrive.time, oneDrive.timeSent) = try d.time(&r, prefix + "oneDriveBackedUpTime")
            } else if key.hasName("ispersonalsitebackedup") {
                personalSite.flag = try d.bool(&r, prefix + "isPersonalSiteBackedUp")
            } else if key.hasName("personalsitebackeduptime") {
                (personalSite.time, personalSite.timeSent) = try d.time(&r, prefix + "personalSiteBackedUpTime")
            } else if key.hasName("issitebackedup") {
                groupSite.flag = try d.bool(&r, prefix + "isSiteBackedUp")
            } else if key.hasName("sitebackeduptime") {
                (groupSite.time, groupSite.timeSent) = try d.time(&r, prefix + "siteBackedUpTime")
            } else if key.hasName("backeduptime") {
                (backedUp.time, backedUp.timeSent) = try d.time(&r, prefix + "backedUpTime")
            } else {
                return false
            }
            return true
        }

        /// The name to show: `displayName`; a site's `title`, else its `name`.
        var objectName: String? {
            switch kind {
            case .user: return displayName
            case .group, .team: return displayName ?? name
            case .site: return title ?? name ?? displayName
            }
        }

        /// The e-mail address, or a site's URL.
        var address: String? {
            let nameAddress = name.flatMap { $0.contains("@") ? $0 : nil }
            switch kind {
            case .user: return nameAddress ?? email ?? mail ?? name
            case .group: return mail ?? email ?? nameAddress
            case .team: return mail ?? email
            case .site: return url
            }
        }

        /// Every key another list may join the object on, in the order `ObjectRecord` documents.
        var keys: [String] {
            var keys: [String] = []
            func add(_ key: String?) {
                if let key, !key.isEmpty, !keys.contains(key) { keys.append(key) }
            }
            add(id)
            add(accountID)
            add(msid)
            add(email?.lowercased())
            add(mail?.lowercased())
            if kind == .user || kind == .group, let name, name.contains("@") { add(name.lowercased()) }
            if kind == .site { add(url?.lowercased()) }
            return keys
        }

        func value(_ d: inout Reading) -> ObjectRecord? {
            let keys = self.keys
            let ownID = inDirectory ? id : accountID ?? id
            guard let objectID = ownID ?? keys.first else {
                d.warn("left out a \(kind.word) without an id, e-mail or URL", at: start)
                return nil
            }
            if ownID == nil {
                d.warn("a \(kind.word) without an id: \"\(objectID.prefix(80))\" stands in for it", at: start)
            }
            var object = ProtectionObject(kind: kind, id: objectID)
            object.name = objectName
            object.address = address
            object.inDirectory = inDirectory
            if kind == .user, let account {
                object.account = AccountKind(wire: account.word)
                if object.account == nil {
                    d.warn(
                        "\(prefix)\(account.field) \"\(account.word.prefix(40))\" is not User, Shared or Public; the account kind is unknown",
                        at: account.offset)
                }
            }
            object.isPersonal = kind == .site && isPersonal == true
            if !inDirectory {
                for (data, mark) in marks where mark.isSent { object.backups[data] = mark.mark }
            }
            return ObjectRecord(object: object, keys: keys, organizationID: organizationID)
        }

        /// Each kind of data of the object's kind, with its flag and time.
        private var marks: [(ProtectedData, Mark)] {
            switch kind {
            case .user:
                return [(.mailbox, mailbox), (.archive, archive), (.oneDrive, oneDrive), (.personalSite, personalSite)]
            case .group: return [(.groupMailbox, mailbox), (.groupSite, groupSite)]
            case .site: return [(.site, backedUp)]
            case .team: return [(.team, backedUp)]
            }
        }
    }
}

// MARK: - Licensed users

extension ProtectionDecoder {
    /// The members of a RESTLicensedUser.
    struct LicensedUserFields: ElementFields {
        var start = 0
        var id: String?
        var name: String?
        var organizationID: EntityID?
        var state: String?
        var isBackedUp: Bool?
        var lastBackup: Timestamp?

        var what: String { "licensed user" }

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            if key.hasName("id") {
                id = try d.id(&r, "id")
            } else if key.hasName("name") {
                name = try d.text(&r, "name")
            } else if key.hasName("organizationid") {
                organizationID = try d.entity(&r, "organizationId")
            } else if key.hasName("licensestate") {
                state = try d.text(&r, "licenseState")
            } else if key.hasName("isbackedup") {
                isBackedUp = try d.bool(&r, "isBackedUp")
            } else if key.hasName("lastbackupdate") {
                lastBackup = try d.time(&r, "lastBackupDate").time
            } else {
                try r.skipValue()
            }
        }

        func value(_ d: inout Reading) -> LicensedUserRecord? {
            var keys: [String] = []
            if let id { keys.append(id) }
            if let name {
                let key = name.contains("@") ? name.lowercased() : name
                if !keys.contains(key) { keys.append(key) }
            }
            guard !keys.isEmpty else {
                d.warn("left out a licensed user without an id or a name", at: start)
                return nil
            }
            if state == nil { d.warn("licenseState is missing; the licence state is unknown", at: start) }
            let mark = LicenseMark(
                state: UserLicenseState(wire: state ?? ""), isBackedUp: isBackedUp, lastBackup: lastBackup)
            return LicensedUserRecord(keys: keys, name: name, organizationID: organizationID, mark: mark)
        }
    }
}

// MARK: - Job items

extension ProtectionDecoder {
    /// The processing options of a RESTJobItemComposed that say what data it selects.
    enum JobOption: Int, CaseIterable {
        case mailbox, archiveMailbox, oneDrive, personalSite, groupSite, sites, teams
        case members, memberMailbox, memberArchiveMailbox, memberOnedrive, memberSite

        var bit: UInt16 { 1 << UInt16(rawValue) }

        /// The member's name in lower case.
        var lowercased: StaticString {
            switch self {
            case .mailbox: return "mailbox"
            case .archiveMailbox: return "archivemailbox"
            case .oneDrive: return "onedrive"
            case .personalSite: return "personalsite"
            case .groupSite: return "groupsite"
            case .sites: return "sites"
            case .teams: return "teams"
            case .members: return "members"
            case .memberMailbox: return "membermailbox"
            case .memberArchiveMailbox: return "memberarchivemailbox"
            case .memberOnedrive: return "memberonedrive"
            case .memberSite: return "membersite"
            }
        }

        /// The option that `key` names, if any.
        init?(_ key: JSONKey) {
            guard let option = Self.allCases.first(where: { key.hasName($0.lowercased) }) else { return nil }
            self = option
        }
    }

    /// The members of a RESTJobItemComposed.
    struct JobItemFields: ElementFields {
        let jobID: EntityID
        let isExclusion: Bool
        var start = 0
        var type: (word: String, offset: Int)?
        var user: ObjectFields?
        var group: ObjectFields?
        var site: ObjectFields?
        var team: ObjectFields?
        /// The options sent as true or false, and those sent as true.
        var sent: UInt16 = 0
        var on: UInt16 = 0

        init(jobID: EntityID, isExclusion: Bool) {
            self.jobID = jobID
            self.isExclusion = isExclusion
        }

        var what: String { "job item" }

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            if key.hasName("type") {
                _ = try r.peekKind()
                let offset = r.offset
                type = try d.text(&r, "type").map { ($0, offset) }
            } else if key.hasName("user") {
                user = try Self.nested(.user, &r, &d)
            } else if key.hasName("group") {
                group = try Self.nested(.group, &r, &d)
            } else if key.hasName("site") {
                site = try Self.nested(.site, &r, &d)
            } else if key.hasName("team") {
                team = try Self.nested(.team, &r, &d)
            } else if let option = JobOption(key) {
                if let value = try d.bool(&r, "\(option)") {
                    sent |= option.bit
                    if value { on |= option.bit }
                }
            } else {
                try r.skipValue()
            }
        }

        /// Reads the user, group, site or team an item names; nil for null or a value that is not an
        /// object (with a warning).
        private static func nested(_ kind: ProtectedObjectKind, _ r: inout JSONReader, _ d: inout Reading)
            throws(JSONError) -> ObjectFields?
        {
            if try r.readNullIfPresent() { return nil }
            guard try r.peekKind() == .object else {
                d.warn("\(kind.word) should be an object; it is ignored", at: r.offset)
                try r.skipValue()
                return nil
            }
            var fields = ObjectFields(kind: kind, inDirectory: true, prefix: kind.word + ".")
            fields.start = r.offset
            try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
                try fields.read(key, &r, &d)
            }
            return fields
        }

        func value(_ d: inout Reading) -> JobItem? {
            let type = itemType(&d)
            var item = JobItem(jobID: jobID, isExclusion: isExclusion, type: type)
            let object: ObjectFields?
            switch type.objectKind {
            case .user: object = user
            case .group: object = group
            case .site: object = site
            case .team: object = team
            case nil: object = user ?? group ?? site ?? team
            }
            if let kind = type.objectKind, object == nil {
                d.warn("a \(type.wire) job item has no \(kind.word); it names no object", at: start)
            }
            if let object {
                item.objectID = object.id ?? object.msid
                item.name = object.objectName
                item.address = object.address
            }
            item.data = data(for: type)
            item.includesMembers = type == .group && on & JobOption.members.bit != 0
            return item
        }

        /// The `type`; else the kind of the object it nests, with a warning.
        private func itemType(_ d: inout Reading) -> JobItemType {
            if let type { return JobItemType(wire: type.word) }
            let nestedType: JobItemType? =
                user != nil ? .user : group != nil ? .group : site != nil ? .site : team != nil ? .team : nil
            guard let nestedType else {
                d.warn("a job item without a type; what it selects is unknown", at: start)
                return .other("")
            }
            d.warn(
                "a job item without a type: its \(nestedType.wire.lowercased()) member says it is a \(nestedType.wire)",
                at: start)
            return nestedType
        }

        /// The data the options select; every kind of the item's object when it sends no option.
        private func data(for type: JobItemType) -> Set<ProtectedData> {
            let userOptions: [(JobOption, ProtectedData)] = [
                (.mailbox, .mailbox), (.archiveMailbox, .archive), (.oneDrive, .oneDrive),
                (.personalSite, .personalSite),
            ]
            switch type {
            case .user:
                return sent == 0 ? Set(ProtectedObjectKind.user.dataKinds) : selected(userOptions)
            case .group:
                return sent == 0
                    ? Set(ProtectedObjectKind.group.dataKinds)
                    : selected([(.mailbox, .groupMailbox), (.groupSite, .groupSite)])
            case .site: return [.site]
            case .team: return [.team]
            case .partialOrganization:
                return sent == 0
                    ? Set(ProtectedData.allCases) : selected(userOptions + [(.sites, .site), (.teams, .team)])
            case .personalSites: return [.personalSite]
            case .oneDriveFolders: return [.oneDrive]
            case .other: return []
            }
        }

        private func selected(_ options: [(JobOption, ProtectedData)]) -> Set<ProtectedData> {
            Set(options.lazy.filter { on & $0.0.bit != 0 }.map(\.1))
        }
    }
}

// MARK: - Restore points

extension ProtectionDecoder {
    /// The members of a RESTRestorePoint.
    struct RestorePointFields: ElementFields {
        var start = 0
        var point = RestorePoint(id: "")
        var hasID = false

        var what: String { "restore point" }

        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError) {
            if key.hasName("id") {
                let id = try d.id(&r, "id")
                point.id = id ?? ""
                hasID = id != nil
            } else if key.hasName("jobid") {
                point.jobID = try d.entity(&r, "jobId")
            } else if key.hasName("organizationid") {
                point.organizationID = try d.entity(&r, "organizationId")
            } else if key.hasName("repositoryid") {
                point.repositoryID = try d.entity(&r, "repositoryId")
            } else if key.hasName("backuptime") {
                point.backupTime = try d.time(&r, "backupTime").time
            } else if key.hasName("immutabilityexpireson") {
                point.immutableUntil = try d.time(&r, "immutabilityExpiresOn").time
            } else if key.hasName("iscopy") {
                point.isCopy = try d.bool(&r, "isCopy") ?? false
            } else if key.hasName("islongtermcopy") {
                point.isLongTermCopy = try d.bool(&r, "isLongTermCopy") ?? false
            } else if key.hasName("isretrieved") {
                point.isRetrieved = try d.bool(&r, "isRetrieved") ?? false
            } else if let data = Self.data(key) {
                if try d.bool(&r, "is\(data.wire)") == true {
                    point.data.insert(data.kind)
                } else {
                    point.data.remove(data.kind)
                }
            } else {
                try r.skipValue()
            }
        }

        /// The kind of data an `isExchange`, `isOneDrive`, `isSharePoint` or `isTeams` member says.
        private static func data(_ key: JSONKey) -> (kind: RestorePointData, wire: String)? {
            if key.hasName("isexchange") { return (.exchange, "Exchange") }
            if key.hasName("isonedrive") { return (.oneDrive, "OneDrive") }
            if key.hasName("issharepoint") { return (.sharePoint, "SharePoint") }
            if key.hasName("isteams") { return (.teams, "Teams") }
            return nil
        }

        func value(_ d: inout Reading) -> RestorePoint? {
            guard hasID else {
                d.warn("left out a restore point without an id", at: start)
                return nil
            }
            return point
        }
    }
}

// MARK: - Values

extension ProtectionDecoder.Reading {
    /// A string, or a number as written; nil for null, "" or (with a warning) true, false, an
    /// object or an array.
    mutating func text(_ r: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONError) -> String? {
        switch try r.peekKind() {
        case .string:
            let text = try r.readString()
            return text.isEmpty ? nil : text
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .number:
            let start = r.offset
            try r.skipValue()
            return String(decoding: r.sliceBytes(start, r.offset), as: UTF8.self)
        case .bool, .object, .array:
            warn("\(field()) should be a string; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
    }

    /// An id: a string (a UUID in any case or in braces, else any text) or a number; nil for null,
    /// "" or (with a warning) anything else.
    mutating func entity(_ r: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONError) -> EntityID? {
        switch try r.peekKind() {
        case .string:
            let raw = try r.readRawString()
            if !raw.hasEscapes, let id = EntityID.parseUUID(raw.bytes) { return id }
            let text = raw.string
            return text.isEmpty ? nil : EntityID(text)
        case .number:
            let start = r.offset
            try r.skipValue()
            return EntityID(String(decoding: r.sliceBytes(start, r.offset), as: UTF8.self))
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .object, .array, .bool:
            warn("\(field()) should be a string id; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
    }

    /// An id as text: a UUID in lower case, anything else verbatim.
    mutating func id(_ r: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONError) -> String? {
        try entity(&r, field())?.description
    }

    /// `true` or `false` (also as a string, in any case); nil for null or (with a warning) anything
    /// else.
    mutating func bool(_ r: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONError) -> Bool? {
        switch try r.readLenientBool() {
        case .value(let value): return value
        case .absent: return nil
        case .unusable(let value):
            warn("\(field()) should be true or false; it is unknown", at: value.offset)
            return nil
        }
    }

    /// A time, and whether one was sent: null and "" are not; `0001-01-01T00:00:00` is, with no
    /// time; an unreadable one is, with no time and a warning.
    mutating func time(_ r: inout JSONReader, _ field: @autoclosure () -> String) throws(JSONError) -> (
        time: Timestamp?, sent: Bool
    ) {
        switch try r.readLenientTime() {
        case .value(let time): return (time, true)
        case .absent: return (nil, false)
        case .unusable(let value):
            let name = field()  // not in the closure below, which would keep the field's text alive on every read
            warn(
                value.text.map { "\(name) \"\($0.string.prefix(60))\" is not an ISO 8601 timestamp; it is unknown" }
                    ?? "\(name) should be an ISO 8601 timestamp string; it is unknown", at: value.offset)
            return (nil, true)
        }
    }
}

extension JSONKey {
    /// True when the member's name, with its ASCII letters in lower case, is `lowercased`.
    @inline(__always)
    func hasName(_ lowercased: StaticString) -> Bool {
        let count = lowercased.utf8CodeUnitCount
        if hasEscapes {
            var name = string
            return name.withUTF8 { Self.equalFolded($0, lowercased.utf8Start, count) }
        }
        guard end - start == count else { return false }
        return Self.equalFolded(bytes, lowercased.utf8Start, count)
    }

    private static func equalFolded(
        _ name: UnsafeBufferPointer<UInt8>, _ lowercased: UnsafePointer<UInt8>, _ count: Int
    )
        -> Bool
    {
        guard name.count == count else { return false }
        for i in 0..<count {
            var c = name[i]
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { c |= 0x20 }
            if c != lowercased[i] { return false }
        }
        return true
    }
}
