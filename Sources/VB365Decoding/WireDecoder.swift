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
        /// True when the path says the file is in an `infrastructure` folder (a server's
        /// snapshots: `infrastructure/20261123T060000Z-v8-jobs.json`).
        public var infrastructure: Bool
        /// True when the path says the file holds restore sessions or their events (a `restores`
        /// folder, or a `/RestoreSessions` address): its content is checked for them first.
        public var restores: Bool

        /// Creates hints.
        public init(
            logSessionID: EntityID? = nil, organizations: Bool = false, processedObjects: Bool = false,
            objectNames: Bool = false, snapshotTime: Timestamp? = nil, restores: Bool = false,
            infrastructure: Bool = false
        ) {
            self.logSessionID = logSessionID
            self.organizations = organizations
            self.processedObjects = processedObjects
            self.objectNames = objectNames
            self.snapshotTime = snapshotTime
            self.restores = restores
            self.infrastructure = infrastructure
        }

        /// True when jobs read from the file are a jobs snapshot (`DecodedDocument.jobSnapshots`),
        /// not the server's jobs: the file is in an `infrastructure` folder and its name has a time.
        public var jobSnapshot: Bool { infrastructure && snapshotTime != nil }
        /// True when the file is the first page of a jobs snapshot's `/Jobs` (`…-jobs.json`),
        /// written last: the snapshot is whole, and was taken at its time even when it lists no
        /// job.
        public var jobSnapshotHead = false

        /// Hints from a file path or a request URL: the first UUID in the file's name (else the
        /// segment after `JobSessions` in a URL), and an `organization` in the
        /// name or a folder named `organizations` (`organizations/<id>.json`), never a server
        /// folder's host name; a `processed` folder (`processed/<session-id>.json`) and its
        /// `objects` folder; the time in the file's name (`20261123T060000Z-v8-repositories.json`);
        /// a `restores` folder (`restores/events/<session-id>.json`) or a `/RestoreSessions` URL;
        /// an `infrastructure` folder (the file's own).
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
            self.infrastructure = folder == "infrastructure"
            self.jobSnapshotHead =
                infrastructure && snapshotTime != nil && name.lowercased().hasSuffix("-jobs.json")
            self.restores =
                folders.contains { $0 == "restores" || $0 == "restoresessions" }
                || name.lowercased().hasPrefix("restoresessions")
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
        // Restore events share `type`, `title` and `message` with log items: checked first.
        if RestoreRecognition.mayHold(bytes, hints: hints), let kind = RestoreRecognition.kind(of: bytes, hints: hints)
        {
            return try RestoreRecognition.decode(bytes, kind: kind, hints: hints)
        }
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
        if hints.jobSnapshotHead {
            decoder.document.jobSnapshotHead = true
            decoder.document.snapshotTime = hints.snapshotTime
        }
        return decoder.document
    }

    // MARK: - Structure

    /// Reads a list's elements (a bare array or a page's `results`), classifying each object.
    mutating func readElements(_ reader: inout JSONReader) throws(JSONError) {
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
        guard let id = id(f, of: "a job session") else { return }
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
        guard let id = id(f, of: "a job") else { return }
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
        if hints.jobSnapshot {
            // A snapshot of the jobs' settings at that time, never the server's jobs now.
            document.jobSnapshots.append(job)
            document.snapshotTime = hints.snapshotTime
        } else {
            document.jobs.append(job)
        }
    }

    private mutating func addOrganization(_ f: WireFields) {
        guard let id = id(f, of: "an organization") else { return }
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

    /// Keeps a warning for the document, up to `maximumWarnings`; the rest are only counted.
    mutating func warn(_ message: String, at offset: Int) { document.warn(message, at: offset) }

    /// The id of what `f` holds; nil, with the warning that `what` is left out, when it has none.
    @inline(__always)
    private mutating func id(_ f: WireFields, of what: String) -> EntityID? {
        if let id = f.id { return id }
        warn("left out \(what) without an id", at: f.start)
        return nil
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
