import VB365Model

/// Decodes the infrastructure responses: `/BackupRepositories`, `/Proxies`, `/License`,
/// `/Organizations/{id}/LicensingInformation`, `/ServiceInstance`,
/// `/JobSessions/{id}/ProcessedObjects`, and the users, groups, sites and teams processed objects
/// link to. They are recognised by their content (the first object's members), like sessions:
/// `capacityBytes`, `freeSpaceBytes` (or v1–v3 `capacity`, `freeSpace`) for repositories,
/// `hostName` with `port` or `status` for proxies, `licenseID` or `licenseExpires` for the licence,
/// `licensedUsers` for an organization's licensing, `installationId` for the service instance,
/// `id` + `type` + `status` (and nothing else) for processed objects, `displayName` for a linked
/// object. The documents are small (a few hundred objects), so they are parsed into a tree.
enum InfrastructureDecoder {
    /// The kinds of object it reads.
    enum Kind: Equatable {
        case repository, proxy, license, licensing, serviceInstance, processedObject, objectName
    }

    /// The members whose name (in quotes) in the first bytes of a document says it may be one of
    /// these (no session, job, organization or log item has them), the path of a page of
    /// processed objects and their types; grouped by their first two bytes for a single pass. A
    /// false match costs only the exact check of `kind(of:)`.
    private static let telltales = TellTales([
        "\"capacity", "\"freeSpace", "\"objectStorage", "\"isOutOfSync\"", "\"retentionPeriodType\"",
        "\"hostName\"", "\"licenseID\"", "\"licenseExpires\"", "\"expirationDate\"", "\"licensedTo\"",
        "\"totalNumber\"", "\"licensedUsers\"", "\"newUsers\"", "\"installationId\"", "\"displayName\"",
        "/ProcessedObjects", "\"User\"", "\"Group\"", "\"Site\"", "\"Team\"",
    ])

    /// A cheap filter before `kind(of:)`: true when the path says processed objects or their
    /// names, or a tell-tale appears in the first 2 KiB (the first object's members, as a server orders them) (spelled as the API writes it). Session
    /// pages and log files, by far the most files, pass without being parsed twice.
    static func mayHold(_ bytes: UnsafeRawBufferPointer, hints: WireDecoder.Hints) -> Bool {
        if hints.processedObjects || hints.objectNames { return true }
        return telltales.appear(in: bytes)
    }

    /// The kind of the document's first object, when it is one of these; nil for anything else
    /// (sessions, jobs, organizations, log items, or not JSON at all: the wire decoder reports it).
    static func kind(of bytes: UnsafeRawBufferPointer, hints: WireDecoder.Hints) -> Kind? {
        var reader = JSONReader(bytes: bytes)
        guard !reader.isAtEnd(), let first = try? firstObjectKeys(&reader) else { return nil }
        return kind(ofKeys: first.keys, type: first.type, hints: hints)
    }

    /// The members (lower case) of the first object: the top-level object, the first element of a
    /// top-level array, or the first element of a page's `results`. Reads no further than that
    /// object (a page's members after `results` are not needed), so a large session page costs
    /// only its first object.
    private static func firstObjectKeys(_ reader: inout JSONReader) throws(JSONError) -> (
        keys: Set<String>, type: String?
    )? {
        switch try reader.peekKind() {
        case .object:
            var keys = Set<String>()
            var type: String?
            var inner: (keys: Set<String>, type: String?)?
            try reader.scanObject { (r: inout JSONReader, name: String) throws(JSONError) -> Bool in
                if name == "results", try r.peekKind() == .array {
                    inner = try firstElementKeys(&r)
                    return false
                }
                if name == "type", try r.peekKind() == .string { type = try r.readString() } else { try r.skipValue() }
                keys.insert(name)
                return true
            }
            return inner ?? (keys, type)
        case .array:
            return try firstElementKeys(&reader)
        default:
            return nil
        }
    }

    private static func firstElementKeys(_ reader: inout JSONReader) throws(JSONError) -> (
        keys: Set<String>, type: String?
    )? {
        try reader.enter(UInt8(ascii: "["), "an array")
        reader.skipSpace()
        guard try reader.peekKind() == .object else { return nil }
        var keys = Set<String>()
        var type: String?
        try reader.scanObject { (r: inout JSONReader, name: String) throws(JSONError) -> Bool in
            if name == "type", try r.peekKind() == .string { type = try r.readString() } else { try r.skipValue() }
            keys.insert(name)
            return true
        }
        return (keys, type)
    }

    private static let sessionKeys: Set<String> = [
        "creationtime", "statistics", "usn", "title", "schedulepolicy", "officename", "jobid", "lastrun",
    ]
    private static let processedObjectKeys: Set<String> = ["id", "type", "status", "_links", "name", "displayname"]
    private static let objectTypes: Set<String> = ["user", "group", "site", "team"]

    static func kind(ofKeys keys: Set<String>, type: String?, hints: WireDecoder.Hints) -> Kind? {
        // A site's `title` is also a log item's (v1–v7): in `processed/objects/` it names an object.
        if hints.objectNames, keys.contains("id"), !keys.isDisjoint(with: ["displayname", "name", "title", "url"]) {
            return .objectName
        }
        if !keys.isDisjoint(with: sessionKeys) { return nil }
        if keys.contains("capacitybytes") || keys.contains("freespacebytes") || keys.contains("capacity")
            || keys.contains("freespace") || keys.contains("objectstorageid") || keys.contains("objectstorage")
            || keys.contains("isoutofsync") || keys.contains("retentionperiodtype")
        {
            return .repository
        }
        if keys.contains("hostname")
            && !keys.isDisjoint(with: ["port", "status", "threadsnumber", "maintenancemodestate"])
        {
            return .proxy
        }
        if keys.contains("licenseid") || keys.contains("licenseexpires") || keys.contains("expirationdate")
            || (keys.contains("totalnumber") && keys.contains("usednumber")) || keys.contains("licensedto")
        {
            return .license
        }
        if (keys.contains("licensedusers") || keys.contains("newusers")) && !keys.contains("id") { return .licensing }
        if keys.contains("installationid") { return .serviceInstance }
        if keys.contains("id"), keys.contains("status"), keys.isSubset(of: processedObjectKeys),
            hints.processedObjects || type.map({ objectTypes.contains($0.lowercased()) }) == true
        {
            return .processedObject
        }
        if keys.contains("id"), hints.objectNames || keys.contains("displayname") {
            return .objectName
        }
        return nil
    }

    // MARK: - Decoding

    /// Decodes a document whose first object is of one of these kinds; every element is
    /// classified on its own, and elements of no known kind are skipped with a warning.
    static func decode(_ bytes: UnsafeRawBufferPointer, hints: WireDecoder.Hints) throws(JSONError) -> DecodedDocument {
        var reader = JSONReader(bytes: bytes)
        let root = try JSONNode.parse(&reader)
        try reader.expectEnd()
        var state = State(hints: hints)
        state.document.snapshotTime = hints.snapshotTime
        switch root.value {
        case .array(let elements):
            state.document.isList = true
            for element in elements { state.classify(element) }
        case .object(let members):
            if let results = members.first(where: { $0.key.lowercased() == "results" })?.value {
                state.document.isList = true
                if case .array(let elements) = results.value {
                    for element in elements { state.classify(element) }
                } else if case .null = results.value {
                } else {
                    state.warn("results should be an array; it is ignored", at: results.offset)
                }
            } else {
                state.classify(root)
            }
        default:
            throw JSONError(
                offset: root.offset, message: "expected an object or an array at the top level of a VB365 response")
        }
        // Objects of a known kind left out with a warning (a processed object whose session
        // nothing names) make a readable document that says why, never an unreadable one.
        if state.document.isEmpty && state.document.warnings.isEmpty {
            throw JSONError(
                offset: root.offset,
                message:
                    "not a VB365 response: the objects have none of the members of repositories, proxies, licences or processed objects that were expected"
            )
        }
        if state.unrecognized > 0 {
            state.warn(
                "skipped \(state.unrecognized) element(s) that are not repositories, proxies, licences or processed objects",
                at: state.firstUnrecognized)
        }
        return state.document
    }

    private struct State {
        let hints: WireDecoder.Hints
        var document = DecodedDocument()
        var unrecognized = 0
        var firstUnrecognized = 0

        init(hints: WireDecoder.Hints) { self.hints = hints }

        mutating func warn(_ message: String, at offset: Int) { document.warn(message, at: offset) }

        /// The entity id under `id`; nil, with the warning that `what` is left out, when none.
        mutating func id(_ f: inout Fields, of what: String) -> EntityID? {
            if let id = entity(&f, "id") { return id }
            warn("left out \(what) without an id", at: f.node.offset)
            return nil
        }

        mutating func skip(_ node: JSONNode) {
            if unrecognized == 0 { firstUnrecognized = node.offset }
            unrecognized += 1
        }

        mutating func classify(_ node: JSONNode) {
            guard case .object(let members) = node.value else { return skip(node) }
            var fields = Fields(node: node, members: members)
            let type = fields.byName["type"].flatMap { if case .string(let s) = $0.value { s } else { nil } }
            switch InfrastructureDecoder.kind(ofKeys: Set(fields.byName.keys), type: type, hints: hints) {
            case .repository: addRepository(&fields)
            case .proxy: addProxy(&fields)
            case .license: addLicense(&fields)
            case .licensing: addLicensing(&fields)
            case .serviceInstance: addServiceInstance(&fields)
            case .processedObject: addProcessedObject(&fields)
            case .objectName: addObjectName(&fields)
            case nil: skip(node)
            }
        }

        // MARK: Kinds

        mutating func addRepository(_ f: inout Fields) {
            guard let id = id(&f, of: "a backup repository") else { return }
            var r = Repository(id: id)
            r.name = text(&f, "name")
            r.description = text(&f, "description")
            r.path = text(&f, "path")
            r.capacityBytes = size(&f, "capacitybytes", "capacityBytes") ?? size(&f, "capacity", "capacity")
            r.freeSpaceBytes = size(&f, "freespacebytes", "freeSpaceBytes") ?? size(&f, "freespace", "freeSpace")
            r.usedSpaceBytes = size(&f, "usedspacebytes", "usedSpaceBytes")
            if let storageID = f.byName["objectstorageid"], !storageID.isNull {
                r.isObjectStorage = true
            }
            if let storage = f.byName["objectstorage"], case .object(let members) = storage.value {
                r.isObjectStorage = true
                var inner = Fields(node: storage, members: members)
                r.objectStorageType = text(&inner, "type")
                r.usedSpaceBytes = r.usedSpaceBytes ?? size(&inner, "usedspacebytes", "objectStorage.usedSpaceBytes")
                if bool(&inner, "sizelimitenabled") == true {
                    r.freeSpaceBytes =
                        r.freeSpaceBytes ?? size(&inner, "freespacebytes", "objectStorage.freeSpaceBytes")
                    if r.capacityBytes == nil, let gb = size(&inner, "sizelimitgb", "objectStorage.sizeLimitGB"),
                        gb < Int64.max / 1_073_741_824
                    {
                        r.capacityBytes = gb * 1_073_741_824
                    }
                }
                r.immutabilityEnabled = bool(&inner, "enableimmutability")
                // 0 or null: immutable as long as the retention keeps the data (the spec's words).
                r.immutabilityDays = wholeNumber(
                    &inner, "immutabilityperioddays", "objectStorage.immutabilityPeriodDays"
                )
                .flatMap { $0 > 0 ? $0 : nil }
            }
            r.isLongTerm = bool(&f, "islongterm")
            r.isOutOfSync = bool(&f, "isoutofsync")
            r.isOutdated = bool(&f, "isoutdated")
            r.isOutOfOrder = bool(&f, "isoutoforder")
            r.outOfOrderReason = text(&f, "outoforderreason")
            r.proxyID = entity(&f, "proxyid")
            r.organizationID = entity(&f, "organizationid")
            r.retentionType = text(&f, "retentiontype")
            r.retention = retention(&f)
            document.repositories.append(r)
        }

        mutating func addProxy(_ f: inout Fields) {
            guard let id = id(&f, of: "a backup proxy") else { return }
            var p = BackupProxy(id: id)
            p.hostName = text(&f, "hostname")
            p.fqdn = text(&f, "fqdn")
            p.description = text(&f, "description")
            p.port = size(&f, "port", "port")
            p.status = text(&f, "status")
            p.maintenanceModeState = text(&f, "maintenancemodestate")
            p.cpuUsagePercent = percent(&f, "cpuusagepercent", "cpuUsagePercent")
            p.memoryUsagePercent = percent(&f, "memoryusagepercent", "memoryUsagePercent")
            p.version = text(&f, "version")
            p.operatingSystem = text(&f, "operatingsystem")
            p.proxyPoolID = entity(&f, "proxypoolid")
            document.proxies.append(p)
        }

        mutating func addLicense(_ f: inout Fields) {
            var l = License()
            l.id = text(&f, "licenseid")
            l.status = text(&f, "status")
            l.type = text(&f, "type")
            l.package = text(&f, "package")
            l.licensedTo = text(&f, "licensedto")
            for key in ["licenseexpires", "expirationdate"] where f.byName[key] != nil {
                let (time, unreadable) = self.time(&f, key)
                l.expires = l.expires ?? time
                if unreadable { l.expiryUnreadable = true }
            }
            l.gracePeriodExpires = time(&f, "graceperiodexpires").0
            l.supportExpires = time(&f, "supportexpirationdate").0
            l.totalNumber = size(&f, "totalnumber", "totalNumber")
            l.usedNumber = size(&f, "usednumber", "usedNumber")
            l.newNumber = size(&f, "newnumber", "newNumber")
            document.licenses.append(l)
        }

        mutating func addLicensing(_ f: inout Fields) {
            guard let organization = entity(&f, "organizationid") ?? hints.logSessionID else {
                warn(
                    "left out licensing figures that name no organization: keep them in a file named after the organization, such as <time>-v8-licensing-<organization-id>.json",
                    at: f.node.offset)
                return
            }
            var l = OrganizationLicensing(organizationID: organization)
            l.licensedUsers = size(&f, "licensedusers", "licensedUsers")
            l.newUsers = size(&f, "newusers", "newUsers")
            document.organizationLicensing.append(l)
        }

        mutating func addServiceInstance(_ f: inout Fields) {
            var s = ServiceInstance()
            s.installationID = entity(&f, "installationid")
            s.version = text(&f, "version")
            document.serviceInstances.append(s)
        }

        mutating func addProcessedObject(_ f: inout Fields) {
            guard let objectID = text(&f, "id"), !objectID.isEmpty else {
                warn("left out a processed object without an id", at: f.node.offset)
                return
            }
            var session = hints.logSessionID
            var link: String?
            if let links = f.byName["_links"], case .object(let members) = links.value {
                for m in members {
                    guard case .object(let inner) = m.value.value,
                        let href = inner.first(where: { $0.key.lowercased() == "href" }),
                        case .string(let text) = href.value.value
                    else { continue }
                    switch m.key.lowercased() {
                    case "self": continue
                    case "jobsession", "jobsessions", "session":
                        session = Href.id(after: "jobsessions", in: text) ?? session
                    default: link = link ?? text
                    }
                }
            }
            guard let session else {
                warn(
                    "left out a processed object that names no job session: keep processed objects in a file named after their session, such as processed/<session-id>.json",
                    at: f.node.offset)
                return
            }
            var o = ProcessedObject(sessionID: session, id: objectID)
            o.type = text(&f, "type")
            o.status = text(&f, "status").map(SessionStatus.init(wire:))
            o.name = text(&f, "displayname") ?? text(&f, "name")
            o.link = link
            document.processedObjects.append(o)
        }

        mutating func addObjectName(_ f: inout Fields) {
            guard let objectID = text(&f, "id"), !objectID.isEmpty else {
                warn("left out an object without an id", at: f.node.offset)
                return
            }
            guard let name = text(&f, "displayname") ?? text(&f, "name") ?? text(&f, "title") ?? text(&f, "url") else {
                skip(f.node)
                return
            }
            document.objectNames.append(ObjectName(id: objectID, name: name))
        }

        // MARK: Values

        mutating func text(_ f: inout Fields, _ key: String) -> String? {
            guard let node = f.byName[key] else { return nil }
            switch node.value {
            case .string(let s): return s.isEmpty ? nil : s
            case .null: return nil
            case .number(.integer(let v)): return String(v)
            case .number(.real(let v)): return String(v)
            case .bool(let b): return String(b)
            default:
                warn("\(key) should be a string; it is unknown", at: node.offset)
                return nil
            }
        }

        mutating func entity(_ f: inout Fields, _ key: String) -> EntityID? {
            guard let node = f.byName[key] else { return nil }
            switch node.value {
            case .string(let s): return s.isEmpty ? nil : EntityID(s)
            case .null: return nil
            default:
                warn("\(key) should be a string id; it is unknown", at: node.offset)
                return nil
            }
        }

        mutating func bool(_ f: inout Fields, _ key: String) -> Bool? {
            guard let node = f.byName[key] else { return nil }
            switch node.value {
            case .bool(let b): return b
            case .null: return nil
            case .string(let s) where s.lowercased() == "true": return true
            case .string(let s) where s.lowercased() == "false": return false
            default:
                warn("\(key) should be true or false; it is unknown", at: node.offset)
                return nil
            }
        }

        /// A non-negative count or size: a JSON number, a numeric string or (v1–v2) a size such as
        /// `"1.5 TB"`.
        mutating func size(_ f: inout Fields, _ key: String, _ wire: String) -> Int64? {
            guard let node = f.byName[key] else { return nil }
            switch node.value {
            case .null: return nil
            case .number(.integer(let v)) where v >= 0: return v
            case .number(.real(let d)) where d.isFinite && d >= 0 && d < 9.2e18: return Int64(d.rounded())
            case .number:
                warn("\(wire) is negative or out of range; it is unknown", at: node.offset)
                return nil
            case .string(let s):
                let t = s.trimmingSpaces
                if let v = Int64(t), v >= 0 { return v }
                if let q = StatisticText.parse(t) { return q.bytes }
                warn("\(wire) \"\(t.prefix(40))\" is not a number or a size; it is unknown", at: node.offset)
                return nil
            default:
                warn("\(wire) should be a number; it is unknown", at: node.offset)
                return nil
            }
        }

        /// A repository's retention: `retentionPeriodType` (`Daily`, `Monthly` or `Yearly`, in any
        /// case) with `dailyRetentionPeriod` days, `monthlyRetentionPeriod` months or
        /// `yearlyRetentionPeriod` (`Year1`, `Years2` … `Years25`, `Keep`; v1 `KeepForever`). Nil
        /// when the type or its period is missing or null; a value that is there but unreadable, or
        /// a period that is not positive, is unknown with a warning.
        mutating func retention(_ f: inout Fields) -> RetentionPeriod? {
            guard let node = f.byName["retentionperiodtype"] else { return nil }
            let type: String
            switch node.value {
            case .null: return nil
            case .string(let s): type = s.trimmingSpaces
            default:
                warn("retentionPeriodType should be a string; the retention is unknown", at: node.offset)
                return nil
            }
            switch type.lowercased() {
            case "": return nil
            case "daily": return period(&f, "dailyretentionperiod", "dailyRetentionPeriod").map { .days($0) }
            case "monthly": return period(&f, "monthlyretentionperiod", "monthlyRetentionPeriod").map { .months($0) }
            case "yearly": return years(&f)
            default:
                warn(
                    "retentionPeriodType \"\(type.prefix(40))\" is not Daily, Monthly or Yearly; the retention is unknown",
                    at: node.offset)
                return nil
            }
        }

        /// A retention period in days or months: a positive whole number (v1–v3 send it as a
        /// string, `"14"`); nil when missing or null, and with a warning when not positive.
        mutating func period(_ f: inout Fields, _ key: String, _ wire: String) -> Int? {
            guard let n = wholeNumber(&f, key, wire) else { return nil }
            guard n > 0, let value = Int(exactly: n) else {
                warn("\(wire) \(n) is not a positive number; the retention is unknown", at: f.byName[key]?.offset ?? 0)
                return nil
            }
            return value
        }

        /// `yearlyRetentionPeriod`: `Year1`, `Years2` … `Years25` (any case) as years, `Keep` (v1
        /// `KeepForever`) as forever; anything else is unknown with a warning.
        mutating func years(_ f: inout Fields) -> RetentionPeriod? {
            guard let node = f.byName["yearlyretentionperiod"] else { return nil }
            let text: String
            switch node.value {
            case .null: return nil
            case .string(let s): text = s.trimmingSpaces
            default:
                warn("yearlyRetentionPeriod should be a string; the retention is unknown", at: node.offset)
                return nil
            }
            let lower = text.lowercased()
            if lower.isEmpty { return nil }
            if lower == "keep" || lower == "keepforever" { return .forever }
            for prefix in ["years", "year"] where lower.hasPrefix(prefix) {
                if let n = Int(lower.dropFirst(prefix.count)), n > 0 { return .years(n) }
            }
            warn(
                "yearlyRetentionPeriod \"\(text.prefix(40))\" is not Year1, Years2 … Years25 or Keep; the retention is unknown",
                at: node.offset)
            return nil
        }

        /// A non-negative whole number: a JSON integer, a real without a fraction or a numeric
        /// string; nil when missing or null, and with a warning when anything else.
        mutating func wholeNumber(_ f: inout Fields, _ key: String, _ wire: String) -> Int64? {
            guard let node = f.byName[key] else { return nil }
            switch node.value {
            case .null: return nil
            case .number(.integer(let v)) where v >= 0: return v
            case .number(.real(let d)) where d >= 0 && d < 9.2e18 && d == d.rounded(): return Int64(d)
            case .string(let s) where Int64(s.trimmingSpaces).map({ $0 >= 0 }) == true: return Int64(s.trimmingSpaces)
            case .string(let s) where s.trimmingSpaces.isEmpty: return nil
            case .number(.integer(let v)):
                warn("\(wire) \(v) is negative; it is unknown", at: node.offset)
                return nil
            case .string(let s):
                warn("\(wire) \"\(s.prefix(40))\" is not a whole number; it is unknown", at: node.offset)
                return nil
            default:
                warn("\(wire) should be a whole number; it is unknown", at: node.offset)
                return nil
            }
        }

        /// A percentage from 0 to 100.
        mutating func percent(_ f: inout Fields, _ key: String, _ wire: String) -> Double? {
            guard let node = f.byName[key] else { return nil }
            let value: Double
            switch node.value {
            case .null: return nil
            case .number(.integer(let v)): value = Double(v)
            case .number(.real(let d)): value = d
            case .string(let s) where Double(s.trimmingSpaces) != nil: value = Double(s.trimmingSpaces)!
            default:
                warn("\(wire) should be a number; it is unknown", at: node.offset)
                return nil
            }
            guard value.isFinite, value >= 0, value <= 100 else {
                warn("\(wire) \(value) is not a percentage from 0 to 100; it is unknown", at: node.offset)
                return nil
            }
            return value
        }

        /// A time, and whether a value was there but could not be read.
        mutating func time(_ f: inout Fields, _ key: String) -> (Timestamp?, Bool) {
            guard let node = f.byName[key] else { return (nil, false) }
            switch node.value {
            case .null: return (nil, false)
            case .string(let s):
                switch TimestampParser.parse(s) {
                case .time(let t): return (t, false)
                case .minimum: return (nil, false)
                case .invalid:
                    if s.isEmpty { return (nil, false) }
                    warn("\(key) \"\(s.prefix(60))\" is not an ISO 8601 timestamp; it is unknown", at: node.offset)
                    return (nil, true)
                }
            default:
                warn("\(key) should be an ISO 8601 timestamp string; it is unknown", at: node.offset)
                return (nil, true)
            }
        }
    }

    /// An object's members by lower-case name.
    struct Fields {
        let node: JSONNode
        var byName: [String: JSONNode] = [:]

        /// An object's members by their names in lower case.
        init(node: JSONNode, members: [(key: String, value: JSONNode)]) {
            self.node = node
            for m in members { byName[m.key.lowercased()] = m.value }
        }
    }
}

/// A JSON value with the offset it starts at.
struct JSONNode {
    indirect enum Value {
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(JSONReader.Number)
        case bool(Bool)
        case null
    }

    var offset: Int
    var value: Value

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    static func parse(_ r: inout JSONReader) throws(JSONError) -> JSONNode {
        let kind = try r.peekKind()
        let offset = r.offset
        switch kind {
        case .object:
            var members: [(key: String, value: JSONNode)] = []
            try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
                members.append((key.string, try parse(&r)))
            }
            return JSONNode(offset: offset, value: .object(members))
        case .array:
            var elements: [JSONNode] = []
            try r.readArray { (r: inout JSONReader) throws(JSONError) in elements.append(try parse(&r)) }
            return JSONNode(offset: offset, value: .array(elements))
        case .string: return JSONNode(offset: offset, value: .string(try r.readString()))
        case .number: return JSONNode(offset: offset, value: .number(try r.readNumber()))
        case .bool: return JSONNode(offset: offset, value: .bool(try r.readBool()))
        case .null:
            _ = try r.readNullIfPresent()
            return JSONNode(offset: offset, value: .null)
        }
    }
}

extension JSONReader {
    /// Reads an object's members like `readObject`, with their names in lower case, until `body`
    /// returns false; the reader is then left inside the object. It has its own loop over
    /// `readObject`'s inlined steps on purpose: `readObject` written on top of it (a closure
    /// returning true) decoded sessions a third slower (`script/bench --part read`: 123 against
    /// 179–191 MB/s on one core).
    mutating func scanObject(_ body: (inout JSONReader, String) throws(JSONError) -> Bool) throws(JSONError) {
        if try enterEmpty(UInt8(ascii: "{"), UInt8(ascii: "}"), "an object") { return }
        repeat {
            guard try body(&self, try readMemberName().string.lowercased()) else { return }
        } while try nextMember()
    }
}
