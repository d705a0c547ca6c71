import VB365Model

/// Decodes one JSON document of any VB365 shape: a single object, a bare array (v1–v4), or a
/// page `{offset, limit, results, _links}` (v5+), holding job sessions, jobs, organizations or log
/// items. It detects the shape, not the version: string statistics (v1/v2) or numeric ones (v3+),
/// `title` (v1–v7) or `type` and `message` (v8) on log items.
public struct WireDecoder {
    /// How many warnings one document keeps.
    public static let maximumWarnings = 50

    /// Hints that come from where the document was found, not from its content.
    public struct Hints: Sendable {
        /// The session that log items or processed objects without a session link belong to, or
        /// the organization of licensing figures (the first UUID in the file name).
        public var logSessionID: EntityID?
        /// True when the path says the file lists organizations (for objects with only `id` and
        /// `name`).
        public var organizations: Bool
        /// True when the path says the file holds processed objects (a `processed` folder).
        public var processedObjects: Bool
        /// True when the path says the file holds the objects processed objects link to
        /// (`processed/objects/`).
        public var objectNames: Bool
        /// When a snapshot was taken: the first `yyyymmddThhmmssZ` in the file name.
        public var snapshotTime: Timestamp?

        /// Creates hints.
        public init(
            logSessionID: EntityID? = nil, organizations: Bool = false, processedObjects: Bool = false,
            objectNames: Bool = false, snapshotTime: Timestamp? = nil
        ) {
            self.logSessionID = logSessionID
            self.organizations = organizations
            self.processedObjects = processedObjects
            self.objectNames = objectNames
            self.snapshotTime = snapshotTime
        }

        /// Hints from a file path or a request URL: the first UUID in the file's name (else the
        /// segment after `JobSessions` in a URL), and an `organization` in the
        /// name or a folder named `organizations` (`organizations/<id>.json`), never a server
        /// folder's host name; a `processed` folder (`processed/<session-id>.json`) and its
        /// `objects` folder; the time in the file's name (`20261123T060000Z-v8-repositories.json`).
        public init(path: String) {
            let parts = path.split(separator: "/")
            let name = parts.last.map(String.init) ?? path
            // A URL names its session in the segment after `JobSessions`
            // (`/v8/JobSessions/<id>/ProcessedObjects?offset=0`), whatever its objects' links say.
            let sessionSegment = parts.dropLast().lastIndex { $0.lowercased() == "jobsessions" }.map { $0 + 1 }
            self.logSessionID =
                EntityID.firstUUID(in: name)
                ?? sessionSegment.flatMap { $0 < parts.count ? EntityID.firstUUID(in: String(parts[$0])) : nil }
            let folders = parts.dropLast().suffix(2).map { $0.lowercased() }
            let folder = folders.last
            self.organizations = name.lowercased().contains("organization") || folder == "organizations"
            self.objectNames = folder == "objects" && folders.first == "processed"
            self.processedObjects = folder == "processed" || name.lowercased().contains("processedobjects")
            self.snapshotTime = Timestamp.firstStamp(in: name)
        }
    }

    private var document = DecodedDocument()
    private let hints: Hints
    private var unrecognized = 0
    private var firstUnrecognized = 0

    private init(hints: Hints) { self.hints = hints }

    /// Decodes `bytes`; throws for anything that is not a readable VB365 document.
    public static func decode(_ bytes: [UInt8], hints: Hints = Hints()) throws(JSONError) -> DecodedDocument {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try decode(buffer, hints: hints) }
        }
        return try result.get()
    }

    /// Decodes bytes that the caller keeps alive for the duration of the call (mapped files).
    package static func decode(_ bytes: UnsafeRawBufferPointer, hints: Hints = Hints()) throws(JSONError)
        -> DecodedDocument
    {
        var decoder = WireDecoder(hints: hints)
        var reader = JSONReader(bytes: bytes)
        if reader.isAtEnd() {
            throw JSONError(offset: 0, message: "the file is empty; expected a VB365 JSON response")
        }
        if let page = HTMLPage.error(in: bytes, at: reader.offset) { throw page }
        if InfrastructureDecoder.mayHold(bytes, hints: hints),
            InfrastructureDecoder.kind(of: bytes, hints: hints) != nil
        {
            return try InfrastructureDecoder.decode(bytes, hints: hints)
        }
        let kind = try reader.peekKind()
        switch kind {
        case .object:
            let start = reader.offset
            var fields = try decoder.readFields(&reader, topLevel: true)
            if fields.resultsSeen {
                decoder.document.isList = true
            } else {
                fields.start = start
                if fields.has(.message)
                    && fields.markers & ~(WireFields.Marker.message.rawValue | WireFields.Marker.errorCode.rawValue)
                        == 0
                {
                    throw JSONError(
                        offset: start,
                        message:
                            "this is a VB365 error response, not data: \"\(String((fields.message ?? "").prefix(200)))\""
                    )
                }
                decoder.classify(fields)
            }
        case .array:
            decoder.document.isList = true
            try decoder.readElements(&reader)
        default:
            throw reader.unexpected(expected: "an object or an array at the top level of a VB365 response")
        }
        try reader.expectEnd()
        if decoder.unrecognized > 0 {
            if decoder.document.isEmpty {
                throw JSONError(
                    offset: decoder.firstUnrecognized,
                    message:
                        "not a VB365 response: expected job sessions, jobs, organizations or log items (objects with members such as creationTime and statistics, name and schedulePolicy, or title)"
                )
            }
            decoder.warn(
                "skipped \(decoder.unrecognized) element(s) that are not job sessions, jobs, organizations or log items",
                at: decoder.firstUnrecognized)
        }
        return decoder.document
    }

    // MARK: - Structure

    private mutating func readElements(_ reader: inout JSONReader) throws(JSONError) {
        if try reader.readNullIfPresent() { return }
        try reader.readArray { (r: inout JSONReader) throws(JSONError) in
            let kind = try r.peekKind()
            let start = r.offset
            guard kind == .object else {
                if self.unrecognized == 0 { self.firstUnrecognized = start }
                self.unrecognized += 1
                try r.skipValue()
                return
            }
            var fields = try self.readFields(&r, topLevel: false)
            fields.start = start
            self.classify(fields)
        }
    }

    private mutating func readFields(_ reader: inout JSONReader, topLevel: Bool) throws(JSONError) -> WireFields {
        var f = WireFields()
        f.start = reader.offset
        try reader.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            try self.readMember(&r, key, into: &f, topLevel: topLevel)
        }
        return f
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func readMember(
        _ r: inout JSONReader, _ key: JSONKey, into f: inout WireFields, topLevel: Bool
    ) throws(JSONError) {
        switch key.hasEscapes ? key.string.utf8.count : key.end - key.start {
        case 2:
            if key.matches("id") { f.id = try readID(&r, "id") } else { try r.skipValue() }
        case 3:
            if key.matches("usn") {
                f.mark(.log)
                f.usn = try readCount(&r, "usn")
            } else {
                try r.skipValue()
            }
        case 4:
            if key.matches("name") {
                f.name = try readText(&r, "name")
            } else if key.matches("type") {
                f.type = try readText(&r, "type")
            } else if key.matches("eTag") {
                f.eTag = try readCount(&r, "eTag")
            } else {
                try r.skipValue()
            }
        case 5:
            if key.matches("jobId") {
                f.mark(.session)
                f.jobID = try readID(&r, "jobId")
            } else if key.matches("title") {
                f.mark(.log)
                f.title = try readText(&r, "title")
            } else {
                try r.skipValue()
            }
        case 6:
            if key.matches("status") {
                f.mark(.session)
                f.status = try readText(&r, "status").map(SessionStatus.init(wire:))
            } else if key.matches("_links") {
                try readLinks(&r, into: &f)
            } else if key.matches("region") {
                // Only organizations have a region (`Worldwide`, `China`, ...).
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 7:
            if key.matches("endTime") {
                f.endTime = try readTime(&r, "endTime")
            } else if key.matches("details") {
                f.mark(.session)
                f.details = try readText(&r, "details")
            } else if key.matches("results") {
                if topLevel {
                    f.resultsSeen = true
                    try readElements(&r)
                } else {
                    try r.skipValue()
                }
            } else if key.matches("message") || key.matches("Message") {
                f.mark(.message)
                f.message = try readText(&r, "message")
            } else if key.matches("jobType") {
                f.jobType = try readText(&r, "jobType").map(JobType.init(wire:))
            } else if key.matches("lastRun") {
                f.mark(.job)
                f.lastRun = try readTime(&r, "lastRun")
            } else if key.matches("nextRun") {
                f.mark(.job)
                f.nextRun = try readTime(&r, "nextRun")
            } else if key.matches("proxyId") {
                f.proxyID = try readID(&r, "proxyId")
            } else {
                try r.skipValue()
            }
        case 8:
            if key.matches("progress") {
                f.mark(.session)
                f.progress = try readCount(&r, "progress")
            } else {
                try r.skipValue()
            }
        case 9:
            if key.matches("isEnabled") {
                f.mark(.job)
                f.isEnabled = try readBool(&r, "isEnabled")
            } else if key.matches("errorCode") {
                f.mark(.errorCode)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 10:
            if key.matches("statistics") {
                f.mark(.session)
                try readStatistics(&r, into: &f.statistics)
            } else if key.matches("retryCount") {
                f.mark(.session)
                f.retryCount = try readCount(&r, "retryCount")
            } else if key.matches("lastStatus") {
                f.mark(.job)
                f.lastStatus = try readText(&r, "lastStatus").map(SessionStatus.init(wire:))
            } else if key.matches("officeName") {
                f.mark(.organization)
                f.officeName = try readText(&r, "officeName")
            } else if key.matches("lastBackup") {
                f.mark(.job)
                f.lastBackup = try readTime(&r, "lastBackup")
            } else if key.matches("backupType") {
                f.mark(.job)
                f.backupType = try readText(&r, "backupType")
            } else if key.matches("isBackedup") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 11:
            if key.matches("description") {
                f.description = try readText(&r, "description")
            } else if key.matches("backupJobId") {
                f.mark(.job)
                f.mark(.copyJob)
                f.backupJobID = try readID(&r, "backupJobId")
                f.backupType = f.backupType ?? "Copy"
            } else {
                try r.skipValue()
            }
        case 12:
            if key.matches("creationTime") {
                f.mark(.creationTime)
                f.creationTime = try readTime(&r, "creationTime")
            } else if key.matches("repositoryId") {
                f.repositoryID = try readID(&r, "repositoryId")
            } else if key.matches("allMailboxes") {
                f.mark(.job)
                let value = try readBool(&r, "allMailboxes")
                if let value { f.backupType = value ? "EntireOrganization" : "SelectedItems" }
            } else {
                try r.skipValue()
            }
        case 13:
            if key.matches("mainSessionId") {
                f.mark(.session)
                f.mainSessionID = try readID(&r, "mainSessionId")
            } else {
                try r.skipValue()
            }
        case 14:
            if key.matches("schedulePolicy") {
                f.mark(.job)
                f.schedule = try readSchedule(&r)
            } else if key.matches("organizationId") {
                f.organizationID = try readID(&r, "organizationId")
            } else if key.matches("lastBackuptime") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 15:
            if key.matches("firstBackuptime") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 16:
            if key.matches("jobWillBeRetried") {
                f.mark(.session)
                f.jobWillBeRetried = try readBool(&r, "jobWillBeRetried")
            } else if key.matches("isExchangeOnline") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 20:
            if key.matches("jobSessionConfigType") {
                f.mark(.session)
                f.configType = try readText(&r, "jobSessionConfigType").map(SessionConfigType.init(wire:))
            } else {
                try r.skipValue()
            }
        default:
            try r.skipValue()
        }
    }

    // MARK: - Classification

    private mutating func classify(_ f: WireFields) {
        if f.has(.session) {
            addSession(f)
        } else if f.has(.log) || (f.has(.message) && (f.type != nil || f.has(.creationTime))) {
            addLogItem(f)
        } else if f.has(.job) {
            addJob(f)
        } else if f.has(.organization) {
            addOrganization(f)
        } else if f.id != nil, f.name != nil {
            if hints.organizations || f.type != nil { addOrganization(f) } else { addJob(f) }
        } else if f.has(.creationTime), f.id != nil {
            addSession(f)
        } else {
            if unrecognized == 0 { firstUnrecognized = f.start }
            unrecognized += 1
        }
    }

    private mutating func addSession(_ f: WireFields) {
        guard let id = f.id else {
            warn("left out a job session without an id", at: f.start)
            return
        }
        var s = JobSession(id: id)
        s.jobID = f.jobID ?? f.linkJob
        s.creationTime = f.creationTime
        if let end = f.endTime, let start = f.creationTime, end < start {
            s.endTime = nil  // A broken session: no end, never a negative duration.
        } else {
            s.endTime = f.endTime
        }
        s.status = f.status
        s.statistics = f.statistics
        s.progress = f.progress
        s.details = f.details
        s.retryCount = f.retryCount.map { Int(clamping: $0) }
        s.mainSessionID = f.mainSessionID == id ? nil : f.mainSessionID
        s.jobWillBeRetried = f.jobWillBeRetried
        s.jobType = f.jobType
        s.configType = f.configType
        s.eTag = f.eTag
        s.repositoryID = f.repositoryID
        s.proxyID = f.proxyID
        if f.creationTime == nil {
            warn("job session \(id) has no usable creationTime; it is left out", at: f.start)
            return
        }
        document.sessions.append(s)
    }

    private mutating func addJob(_ f: WireFields) {
        guard let id = f.id else {
            warn("left out a job without an id", at: f.start)
            return
        }
        var job = Job(id: id)
        job.name = f.name
        job.description = f.description
        job.organizationID = f.organizationID ?? f.linkOrganization
        job.lastRun = f.lastRun
        job.nextRun = f.nextRun
        job.lastBackup = f.lastBackup
        job.lastStatus = f.lastStatus
        job.isEnabled = f.isEnabled
        job.backupType = f.backupType
        job.isCopyJob = f.has(.copyJob)
        job.backupJobID = f.backupJobID
        job.repositoryID = f.repositoryID
        job.schedule = f.schedule
        job.eTag = f.eTag
        document.jobs.append(job)
    }

    private mutating func addOrganization(_ f: WireFields) {
        guard let id = f.id else {
            warn("left out an organization without an id", at: f.start)
            return
        }
        var org = Organization(id: id)
        org.name = f.name
        org.officeName = f.officeName
        org.type = f.type
        document.organizations.append(org)
    }

    private mutating func addLogItem(_ f: WireFields) {
        guard let session = f.linkSession ?? hints.logSessionID else {
            warn(
                "left out a log item that names no job session: keep log items in a file named after their session, such as logs/<session-id>.json",
                at: f.start)
            return
        }
        let severity: LogSeverity
        let text: String
        if let title = f.title {
            (severity, text) = LogSeverity.split(title: title)
        } else {
            severity = f.type.map(LogSeverity.init(wire:)) ?? .success
            text = f.message ?? ""
        }
        document.logItems.append(
            LogItem(
                id: f.id, sessionID: session, usn: f.usn, severity: severity, message: text,
                creationTime: f.creationTime, endTime: f.endTime))
    }

    // MARK: - Members

    private mutating func readLinks(_ r: inout JSONReader, into f: inout WireFields) throws(JSONError) {
        if try r.readNullIfPresent() { return }
        guard try r.peekKind() == .object else {
            warn("_links should be an object; it is ignored", at: r.offset)
            try r.skipValue()
            return
        }
        try r.readObject { (r: inout JSONReader, name: JSONKey) throws(JSONError) in
            let which: Int
            if name.matches("job") {
                which = 1
            } else if name.matches("organization") {
                which = 2
            } else if name.matches("jobsessions") || name.matches("jobSession") || name.matches("jobSessions")
                || name.matches("jobsession") || name.matches("session")
            {
                which = 3
            } else {
                which = 0
            }
            guard which != 0, try r.peekKind() == .object else {
                try r.skipValue()
                return
            }
            var href: String?
            try r.readObject { (r: inout JSONReader, k: JSONKey) throws(JSONError) in
                if k.matches("href"), try r.peekKind() == .string {
                    href = try r.readString()
                } else {
                    try r.skipValue()
                }
            }
            guard let href else { return }
            switch which {
            case 1: f.linkJob = Href.id(after: "jobs", in: href)
            case 2: f.linkOrganization = Href.id(after: "organizations", in: href)
            default: f.linkSession = Href.id(after: "jobsessions", in: href)
            }
        }
    }

    private mutating func readStatistics(_ r: inout JSONReader, into s: inout SessionStatistics) throws(JSONError) {
        if try r.readNullIfPresent() { return }
        guard try r.peekKind() == .object else {
            warn("statistics should be an object; the session's statistics are unknown", at: r.offset)
            try r.skipValue()
            return
        }
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key.matches("processingRateBytesPS") {
                s.processingRateBytesPerSecond = try self.readCount(&r, "processingRateBytesPS")
            } else if key.matches("processingRateItemsPS") {
                s.processingRateItemsPerSecond = try self.readCount(&r, "processingRateItemsPS")
            } else if key.matches("readRateBytesPS") {
                s.readRateBytesPerSecond = try self.readCount(&r, "readRateBytesPS")
            } else if key.matches("writeRateBytesPS") {
                s.writeRateBytesPerSecond = try self.readCount(&r, "writeRateBytesPS")
            } else if key.matches("transferredDataBytes") {
                s.transferredBytes = try self.readCount(&r, "transferredDataBytes")
            } else if key.matches("processedObjects") {
                s.processedObjects = try self.readCount(&r, "processedObjects")
            } else if key.matches("bottleneck") {
                s.bottleneck = try self.readText(&r, "bottleneck").map(Bottleneck.init(wire:))
            } else if key.matches("processingRate") {
                if let q = try self.readQuantity(&r, "processingRate") {
                    s.processingRateBytesPerSecond = q.bytes
                    s.processingRateItemsPerSecond = q.itemsPerSecond ?? s.processingRateItemsPerSecond
                }
            } else if key.matches("readRate") {
                s.readRateBytesPerSecond = try self.readQuantity(&r, "readRate")?.bytes
            } else if key.matches("writeRate") {
                s.writeRateBytesPerSecond = try self.readQuantity(&r, "writeRate")?.bytes
            } else if key.matches("transferredData") {
                s.transferredBytes = try self.readQuantity(&r, "transferredData")?.bytes
            } else {
                try r.skipValue()
            }
        }
    }

    private mutating func readSchedule(_ r: inout JSONReader) throws(JSONError) -> SchedulePolicy? {
        if try r.readNullIfPresent() { return nil }
        guard try r.peekKind() == .object else {
            warn("schedulePolicy should be an object; it is ignored", at: r.offset)
            try r.skipValue()
            return nil
        }
        var p = SchedulePolicy()
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key.matches("type") {
                p.type = try self.readText(&r, "schedulePolicy.type")
            } else if key.matches("dailyType") {
                p.dailyType = try self.readText(&r, "schedulePolicy.dailyType")
            } else if key.matches("dailyTime") {
                p.dailyTime = try self.readText(&r, "schedulePolicy.dailyTime")
            } else if key.matches("periodicallyEvery") {
                p.periodicallyEvery = try self.readText(&r, "schedulePolicy.periodicallyEvery")
            } else if key.matches("retryEnabled") {
                p.retryEnabled = try self.readBool(&r, "schedulePolicy.retryEnabled")
            } else if key.matches("retryNumber") {
                p.retryNumber = try self.readCount(&r, "schedulePolicy.retryNumber").map { Int(clamping: $0) }
            } else if key.matches("retryWaitInterval") {
                p.retryWaitIntervalMinutes = try self.readCount(&r, "schedulePolicy.retryWaitInterval").map {
                    Int(clamping: $0)
                }
            } else {
                try r.skipValue()
            }
        }
        return p
    }

    // MARK: - Values

    /// A string, or nil for null; other types are reported and skipped.
    private mutating func readText(_ r: inout JSONReader, _ field: String) throws(JSONError) -> String? {
        switch try r.peekKind() {
        case .string: return try r.readString()
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .number, .bool:
            let start = r.offset
            try r.skipValue()
            return String(decoding: r.sliceBytes(start, r.offset), as: UTF8.self)
        default:
            warn("\(field) should be a string; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
    }

    private mutating func readID(_ r: inout JSONReader, _ field: String) throws(JSONError) -> EntityID? {
        guard try r.peekKind() == .string else {
            if try r.readNullIfPresent() { return nil }
            warn("\(field) should be a string id; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
        let raw = try r.readRawString()
        if !raw.hasEscapes, let id = EntityID.parseUUID(raw.bytes) { return id }
        let text = raw.string
        return text.isEmpty ? nil : EntityID(text)
    }

    private mutating func readTime(_ r: inout JSONReader, _ field: String) throws(JSONError) -> Timestamp? {
        guard try r.peekKind() == .string else {
            if try r.readNullIfPresent() { return nil }
            warn("\(field) should be an ISO 8601 timestamp string; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
        let start = r.offset
        let raw = try r.readRawString()
        let result: TimestampParser.Result =
            raw.hasEscapes ? TimestampParser.parse(raw.string) : TimestampParser.parse(raw.bytes)
        switch result {
        case .time(let t): return t
        case .minimum: return nil
        case .invalid:
            if raw.end == raw.start { return nil }
            warn("\(field) \"\(raw.string.prefix(60))\" is not an ISO 8601 timestamp; it is unknown", at: start)
            return nil
        }
    }

    private mutating func readBool(_ r: inout JSONReader, _ field: String) throws(JSONError) -> Bool? {
        let kind = try r.peekKind()
        let start = r.offset
        switch kind {
        case .bool: return try r.readBool()
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .string:
            switch try r.readString().lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        default: try r.skipValue()
        }
        warn("\(field) should be true or false; it is unknown", at: start)
        return nil
    }

    /// A non-negative int64 given as a number or a numeric string.
    private mutating func readCount(_ r: inout JSONReader, _ field: String) throws(JSONError) -> Int64? {
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
            if let v = Int64(text) {
                number = .integer(v)
            } else if !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }), let d = Double(text) {
                number = .real(d)
            } else {
                warn("\(field) \"\(text.prefix(40))\" is not a number; it is unknown", at: start)
                return nil
            }
        default:
            warn("\(field) should be a number; it is unknown", at: start)
            try r.skipValue()
            return nil
        }
        switch number {
        case .integer(let v) where v >= 0: return v
        case .integer(let v):
            warn("\(field) is negative (\(v)); it is unknown", at: start)
            return nil
        case .real(let d) where d.isFinite && d >= 0 && d < 9.2e18: return Int64(d.rounded())
        case .real(let d):
            warn("\(field) is out of range (\(d)); it is unknown", at: start)
            return nil
        }
    }

    /// A v1/v2 statistics string such as `"99.1 KB/s (6 items/s)"`, or a plain number of bytes.
    private mutating func readQuantity(_ r: inout JSONReader, _ field: String) throws(JSONError) -> StatisticText
        .Quantity?
    {
        let kind = try r.peekKind()
        let start = r.offset
        if kind == .string {
            let text = try r.readString()
            if let q = StatisticText.parse(text) { return q }
            warn("\(field) \"\(text.prefix(60))\" is not a size or rate such as \"1.5 MB/s\"; it is unknown", at: start)
            return nil
        }
        return try readCount(&r, field).map { StatisticText.Quantity(bytes: $0, itemsPerSecond: nil) }
    }

    private mutating func warn(_ message: String, at offset: Int) {
        if document.warnings.count < Self.maximumWarnings {
            document.warnings.append(DecodingWarning(offset: offset, message: message))
        } else {
            document.suppressedWarnings += 1
        }
    }
}

extension JSONReader {
    /// The bytes from `start` to `end`.
    func sliceBytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + start, count: end - start)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
