import VB365Decoding
import VB365Model
import VB365Support

extension ProtectionSnapshotFile {
    /// Reads the file at `path` (gzip-compressed or plain JSON lines). A file that cannot be read
    /// is an error diagnostic naming the file and the line; a line of a kind this version does
    /// not know is skipped.
    public static func read(_ path: String) -> Result<ProtectionSnapshot, Failure> {
        read(path, settingsOnly: false)
    }

    /// Reads the settings part of the file at `path`: its header, jobs, job items and restore
    /// points, with `objects` empty. Reading stops at the first `object` line, and a
    /// gzip-compressed file is decompressed only up to it (`Gzip.decompress(_:limit:until:)`), so
    /// the objects, however many, cost nothing (the job items still cost theirs: one per user for a
    /// job that selects users one by one). A file written before the restore points came before
    /// the objects (`lines(_:)`) gives none. What follows the first object is not read, so damage
    /// there goes unnoticed; damage before it is the same error as `read(_:)`'s.
    public static func readSettings(_ path: String) -> Result<ProtectionSnapshot, Failure> {
        read(path, settingsOnly: true)
    }

    /// Decodes a file's bytes; `path` names it in a diagnostic.
    public static func decode(_ bytes: [UInt8], path: String) -> Result<ProtectionSnapshot, Failure> {
        bytes.withUnsafeBytes { decode($0, path: path, settingsOnly: false) }
    }

    /// Decodes the settings part of a file's bytes, as `readSettings(_:)` reads it.
    package static func decodeSettings(_ bytes: [UInt8], path: String) -> Result<ProtectionSnapshot, Failure> {
        bytes.withUnsafeBytes { decode($0, path: path, settingsOnly: true) }
    }

    /// The start of an object line as `lines(_:)` writes it: where `readSettings(_:)` stops.
    static let objectLineStart = Array("{\"object\"".utf8)

    /// `read(_:)`, or with `settingsOnly` `readSettings(_:)`.
    private static func read(_ path: String, settingsOnly: Bool) -> Result<ProtectionSnapshot, Failure> {
        let input: InputBytes
        do throws(InputFailure) {
            input = try InputBytes(path: path)
        } catch {
            return .failure(
                unreadable(
                    path: path, message: "cannot be read: \(error.sentence)", advice: "check the archive's permissions")
            )
        }
        return input.withBytes { decode($0, path: path, settingsOnly: settingsOnly) }
    }

    /// Decodes the bytes of a file (all of it, or with `settingsOnly` up to its first object).
    private static func decode(_ bytes: UnsafeRawBufferPointer, path: String, settingsOnly: Bool) -> Result<
        ProtectionSnapshot, Failure
    > {
        guard Gzip.isGzip(bytes) else { return decodeLines(bytes, path: path, settingsOnly: settingsOnly) }
        let text: [UInt8]
        do throws(Gzip.Failure) {
            text = try Gzip.decompress(bytes, until: settingsOnly ? [0x0A] + objectLineStart : nil)
        } catch {
            return .failure(
                unreadable(
                    path: path, message: "is not a readable protection snapshot (\(error.reason))"))
        }
        return text.withUnsafeBytes { decodeLines($0, path: path, settingsOnly: settingsOnly) }
    }

    /// Decodes uncompressed JSON lines; with `settingsOnly`, up to the first object line (whose
    /// rest, and what follows, may be cut off).
    private static func decodeLines(_ raw: UnsafeRawBufferPointer, path: String, settingsOnly: Bool) -> Result<
        ProtectionSnapshot, Failure
    > {
        var lineNumber = 0
        var snapshot: ProtectionSnapshot?
        var start = 0
        while start < raw.count {
            var end = start
            while end < raw.count, raw[end] != 0x0A { end += 1 }
            lineNumber += 1
            defer { start = end + 1 }
            guard end > start else { continue }
            let line = UnsafeRawBufferPointer(rebasing: raw[start..<end])
            if settingsOnly, snapshot != nil, line.starts(with: objectLineStart) { break }
            do throws(JSONError) {
                if snapshot == nil {
                    snapshot = try header(line)
                    if snapshot == nil {
                        return .failure(
                            unreadable(
                                path: path, position: SourcePosition(line: 1, column: 1),
                                message:
                                    "is not a protection snapshot of format \(formatVersion) (its first line is not the header)"
                            ))
                    }
                } else if try record(line, into: &snapshot!, objects: !settingsOnly) == "object" && settingsOnly {
                    break
                }
            } catch {
                return .failure(
                    unreadable(
                        path: path, position: SourcePosition(line: lineNumber, column: error.offset + 1),
                        message: "is not a readable protection snapshot: \(error.message)"))
            }
        }
        guard let snapshot else {
            return .failure(
                unreadable(
                    path: path, message: "is an empty protection snapshot"))
        }
        return .success(snapshot)
    }

    /// A failure for a file that cannot be used.
    private static func unreadable(
        path: String, position: SourcePosition? = nil, message: String,
        advice: String = "remove it; the next fetch takes a new snapshot"
    ) -> Failure {
        Failure(.dataError, diagnostics: [Diagnostic(path: path, position: position, message: message, advice: advice)])
    }

    /// The header line; nil when it is not one of this format's version.
    private static func header(_ line: UnsafeRawBufferPointer) throws(JSONError) -> ProtectionSnapshot? {
        var reader = JSONReader(bytes: line)
        var isFormat = false
        var version = 0
        var organization: EntityID?
        var name: String?
        var taken: Timestamp?
        var api: APIVersion?
        var sources: [ProtectionSource: SourceState] = [:]
        try reader.readObject { r, key throws(JSONError) in
            if key.matches("format") {
                isFormat = try r.readString() == format
            } else if key.matches("formatVersion"), case .integer(let v) = try r.readNumber() {
                version = Int(v)
            } else if key.matches("organization") {
                organization = EntityID(try r.readString())
            } else if key.matches("name") {
                name = try r.readString()
            } else if key.matches("taken") {
                taken = time(try r.readString())
            } else if key.matches("version") {
                api = APIVersion(text: try r.readString())
            } else if key.matches("sources") {
                try r.readObject { r, key throws(JSONError) in
                    let state = SourceState(rawValue: try r.readString())
                    if let source = ProtectionSource(rawValue: key.string), let state { sources[source] = state }
                }
            } else {
                try r.skipValue()
            }
        }
        guard isFormat, version == formatVersion, let organization, let taken else { return nil }
        var snapshot = ProtectionSnapshot(organizationID: organization, taken: taken)
        snapshot.organizationName = name
        snapshot.version = api
        snapshot.sources = sources
        return snapshot
    }

    /// One line after the header, added to `snapshot` by its kind (an object only with
    /// `objects`); returns the kind.
    @discardableResult
    private static func record(_ line: UnsafeRawBufferPointer, into snapshot: inout ProtectionSnapshot, objects: Bool)
        throws(JSONError) -> String
    {
        var reader = JSONReader(bytes: line)
        var fields: [String: Value] = [:]
        var kind = ""
        try reader.readObject { r, key throws(JSONError) in
            let name = key.string
            if kind.isEmpty { kind = name }
            fields[name] = try value(&r)
        }
        switch kind {
        case "job":
            guard let id = fields["job"]?.text else { return kind }
            snapshot.jobs.append(
                ProtectionJob(
                    id: EntityID(id), name: fields["name"]?.text, backupType: fields["backupType"]?.text,
                    isEnabled: fields["enabled"]?.flag))
        case "item":
            guard let job = fields["item"]?.text, let type = fields["type"]?.text else { return kind }
            var item = JobItem(
                jobID: EntityID(job), isExclusion: fields["exclusion"]?.flag ?? false, type: JobItemType(wire: type))
            item.objectID = fields["id"]?.text
            item.name = fields["name"]?.text
            item.address = fields["address"]?.text
            item.data = Set((fields["data"]?.list ?? []).compactMap(ProtectedData.init(rawValue:)))
            item.includesMembers = fields["members"]?.flag ?? false
            snapshot.jobItems.append(item)
        case "object":
            guard objects, let objectKind = fields["object"]?.text.flatMap(ProtectedObjectKind.init(rawValue:)),
                let id = fields["id"]?.text
            else { return kind }
            snapshot.objects.append(object(objectKind, id, fields))
        case "restorePoint":
            guard let id = fields["restorePoint"]?.text else { return kind }
            snapshot.restorePoints.append(restorePoint(id, fields))
        default:
            break
        }
        return kind
    }

    private static func object(_ kind: ProtectedObjectKind, _ id: String, _ fields: [String: Value])
        -> ProtectionObject
    {
        var o = ProtectionObject(kind: kind, id: id)
        o.name = fields["name"]?.text
        o.address = fields["address"]?.text
        o.account = fields["account"]?.text.flatMap(AccountKind.init(rawValue:))
        o.isPersonal = fields["personal"]?.flag ?? false
        o.inDirectory = fields["directory"]?.flag ?? false
        for (name, value) in fields["backups"]?.members ?? [:] {
            guard let data = ProtectedData(rawValue: name) else { continue }
            switch value {
            case .text(let t): o.backups[data] = BackupMark(isBackedUp: true, time: time(t))
            case .flag(let b): o.backups[data] = BackupMark(isBackedUp: b, time: nil)
            default: continue
            }
        }
        if let license = fields["license"]?.members, let state = license["state"]?.text {
            o.license = LicenseMark(
                state: UserLicenseState(wire: state), isBackedUp: license["backedUp"]?.flag,
                lastBackup: license["last"]?.text.flatMap(time))
        }
        return o
    }

    private static func restorePoint(_ id: String, _ fields: [String: Value]) -> RestorePoint {
        var p = RestorePoint(id: id)
        p.jobID = fields["job"]?.text.map(EntityID.init)
        p.organizationID = fields["organization"]?.text.map(EntityID.init)
        p.repositoryID = fields["repository"]?.text.map(EntityID.init)
        p.backupTime = fields["time"]?.text.flatMap(time)
        p.data = Set((fields["data"]?.list ?? []).compactMap(RestorePointData.init(rawValue:)))
        p.isCopy = fields["copy"]?.flag ?? false
        p.isLongTermCopy = fields["longTerm"]?.flag ?? false
        p.isRetrieved = fields["retrieved"]?.flag ?? false
        p.immutableUntil = fields["immutableUntil"]?.text.flatMap(time)
        return p
    }

    /// A member's value, as far as this format uses values.
    private enum Value {
        case text(String)
        case flag(Bool)
        case list([String])
        case members([String: Value])
        case other

        var text: String? {
            if case .text(let t) = self { return t }
            return nil
        }
        var flag: Bool? {
            if case .flag(let b) = self { return b }
            return nil
        }
        var list: [String]? {
            if case .list(let l) = self { return l }
            return nil
        }
        var members: [String: Value]? {
            if case .members(let m) = self { return m }
            return nil
        }
    }

    private static func value(_ r: inout JSONReader) throws(JSONError) -> Value {
        switch try r.peekKind() {
        case .string: return .text(try r.readString())
        case .bool: return .flag(try r.readBool())
        case .array:
            var list: [String] = []
            try r.readArray { r throws(JSONError) in
                if try r.peekKind() == .string { list.append(try r.readString()) } else { try r.skipValue() }
            }
            return .list(list)
        case .object:
            var members: [String: Value] = [:]
            try r.readObject { r, key throws(JSONError) in members[key.string] = try value(&r) }
            return .members(members)
        default:
            try r.skipValue()
            return .other
        }
    }

    private static func time(_ text: String) -> Timestamp? {
        if case .time(let t) = TimestampParser.parse(text) { return t }
        return nil
    }
}
