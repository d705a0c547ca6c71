// The libFuzzer target of script/fuzz: every entry point that reads untrusted bytes. It is not a
// SwiftPM target; script/fuzz compiles VB365Decoding and the modules it imports with
// -sanitize=fuzzer,address and links this file against them.
//
// Each input is read as a whole VB365 document (with no hints, then, when it decodes, as
// organizations.json and as logs/<uuid>.json, since hints change only how objects are classified),
// as the body of every protection list (ProtectionDecoder: each kind of object as the directory
// and as backup data, the licensed users, a job's items and the restore points), as a page body,
// and as text for every string parser. Any trap, sanitizer report, leak or hang is a bug in the
// decoding code: it must return a document or throw a JSONError. The checks below stop on what
// would be silent: an offset outside the input, a protection record that breaks what
// ProtectionDecoder promises of it, and PageInfo disagreeing with a plain walk of a valid
// document.

import VB365Decoding
import VB365Model
import VB365Support

private let organizationsHints = WireDecoder.Hints(path: "organizations.json")
private let logHints = WireDecoder.Hints(path: "samples/logs/6d24fcf4-1396-4d86-9285-6b2d519f85da.json")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var offsets = [0, size / 2, size, -1, size + 1]

    // The wire decoder.
    do {
        let document = try WireDecoder.decode(bytes)
        check(document, size: size)
        offsets += document.warnings.map(\.offset)
        check(try WireDecoder.decode(bytes, hints: organizationsHints), size: size)
        check(try WireDecoder.decode(bytes, hints: logHints), size: size)
    } catch {
        require((0...size).contains(error.offset), "error offset \(error.offset) outside 0...\(size)")
        require(!error.message.isEmpty, "an error without a message")
        offsets.append(error.offset)
    }

    // The protection decoder, at every entry point.
    bytes.withUnsafeBytes { offsets += checkProtection($0) }

    // Paging facts, checked against a plain walk of the document when it is valid JSON, and positions.
    let page = PageInfo(bytes)
    if let expected = expectedPageInfo(bytes) {
        require(page == expected, "PageInfo read \(page), the document says \(expected)")
    }
    for offset in offsets {
        let position = SourcePosition(offset: offset, in: bytes)
        require(position.line >= 1 && position.column >= 1, "position \(position) of offset \(offset)")
    }
    bytes.withUnsafeBytes { _ = SourcePosition.positions(of: offsets, in: $0) }

    // The string parsers, on the input as text and (timestamps, ids) as raw bytes. They read single
    // values, so the first 4 KB of a larger input are enough (and keep the runs fast).
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    _ = StatisticText.parse(text)
    _ = TimestampParser.parse(text)
    bytes.prefix(4096).withUnsafeBufferPointer { _ = TimestampParser.parse($0) }
    _ = EntityID(text)
    _ = EntityID.firstUUID(in: text)
    bytes.prefix(64).withUnsafeBufferPointer { _ = EntityID.parseUUID($0) }
    _ = WireDecoder.Hints(path: text)
    _ = Href.id(after: "jobs", in: text)
    _ = LogSeverity.split(title: text)
    return 0
}

/// Stops with `message` unless `condition` holds; unlike `precondition`, it keeps the message in
/// an optimized build.
private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// What every decoded document promises, beyond not crashing.
private func check(_ document: DecodedDocument, size: Int) {
    require(document.warnings.count <= WireDecoder.maximumWarnings, "too many warnings kept")
    for warning in document.warnings {
        require((0...size).contains(warning.offset), "warning offset \(warning.offset) outside 0...\(size)")
    }
    for session in document.sessions {
        require(session.creationTime != nil, "a session without creationTime was kept")
        if let start = session.creationTime, let end = session.endTime {
            require(end >= start, "a session ends before it starts")
        }
        _ = session.creationTime?.iso8601
        _ = session.endTime?.iso8601
        _ = session.id.description
    }
    for item in document.logItems {
        _ = item.creationTime?.iso8601
        _ = item.sessionID.description
    }
    for job in document.jobs { _ = (job.lastRun?.iso8601, job.nextRun?.iso8601, job.lastBackup?.iso8601) }
}

// MARK: - Protection

private let protectionJob = EntityID("2a347af6-43ef-43a7-97bf-58a36f8cf216")

/// Reads `raw` with every entry point of `ProtectionDecoder` and checks what each returns; the
/// offsets of the warnings and errors, for the position checks (each once: the entry points share
/// most of them).
private func checkProtection(_ raw: UnsafeRawBufferPointer) -> [Int] {
    let size = raw.count
    var offsets: [Int] = []
    for kind in ProtectedObjectKind.allCases {
        offsets += checkPage(size, { () throws(JSONError) in try ProtectionDecoder.directory(raw, kind: kind) }) {
            check($0, kind: kind, inDirectory: true)
        }
        offsets += checkPage(size, { () throws(JSONError) in try ProtectionDecoder.backupData(raw, kind: kind) }) {
            check($0, kind: kind, inDirectory: false)
        }
    }
    offsets += checkPage(size, { () throws(JSONError) in try ProtectionDecoder.licensedUsers(raw) }) { user in
        checkKeys(user.keys, "licensed user")
        _ = user.mark.lastBackup?.iso8601
    }
    let isExclusion = size % 2 == 1
    offsets += checkPage(
        size,
        { () throws(JSONError) in try ProtectionDecoder.jobItems(raw, jobID: protectionJob, isExclusion: isExclusion) }
    ) { item in
        require(item.jobID == protectionJob && item.isExclusion == isExclusion, "a job item of another job or list")
        require(item.objectID?.isEmpty != true, "a job item names an empty object id")
    }
    offsets += checkPage(size, { () throws(JSONError) in try ProtectionDecoder.restorePoints(raw) }) { point in
        require(!point.id.isEmpty, "a restore point without an id was kept")
        _ = (point.backupTime?.iso8601, point.immutableUntil?.iso8601)
    }
    return Set(offsets).sorted()
}

/// Decodes a protection body and checks its warnings (`byte <offset>: ...`, at most
/// `WireDecoder.maximumWarnings` and a last one that counts the rest) or its error, then each
/// value; the offsets named.
private func checkPage<Value>(
    _ size: Int, _ decode: () throws(JSONError) -> ProtectionDecoder.Page<Value>, _ check: (Value) -> Void
) -> [Int] {
    do {
        let page = try decode()
        require(page.warnings.count <= WireDecoder.maximumWarnings + 1, "too many protection warnings kept")
        var offsets: [Int] = []
        for (index, warning) in page.warnings.enumerated() {
            if index == WireDecoder.maximumWarnings {
                require(warning.hasSuffix("more warning(s) like these were left out"), "a warning past the last")
                break
            }
            guard warning.hasPrefix("byte "), let colon = warning.firstIndex(of: ":"),
                let offset = Int(warning[warning.index(warning.startIndex, offsetBy: 5)..<colon])
            else {
                fatalError("a protection warning without its offset: \(warning)")
            }
            require((0...size).contains(offset), "protection warning offset \(offset) outside 0...\(size)")
            offsets.append(offset)
        }
        page.values.forEach(check)
        return offsets
    } catch {
        require((0...size).contains(error.offset), "error offset \(error.offset) outside 0...\(size)")
        require(!error.message.isEmpty, "an error without a message")
        return [error.offset]
    }
}

/// What `ProtectionDecoder.ObjectRecord` promises: the kind and list asked for, keys, the object's
/// id among them, and backup marks only outside the directory, of its kind's data.
private func check(_ record: ProtectionDecoder.ObjectRecord, kind: ProtectedObjectKind, inDirectory: Bool) {
    let object = record.object
    require(object.kind == kind && object.inDirectory == inDirectory, "an object of another kind or list")
    checkKeys(record.keys, kind.word)
    require(record.keys.contains(object.id), "the object's id \(object.id) is not among its keys")
    require(
        inDirectory ? object.backups.isEmpty : object.backups.keys.allSatisfy(kind.dataKinds.contains), "stray marks")
    require(kind == .site || !object.isPersonal, "a personal \(kind.word)")
    for mark in object.backups.values { _ = mark.time?.iso8601 }
}

/// Join keys: at least one, none empty, no two alike.
private func checkKeys(_ keys: [String], _ what: String) {
    require(!keys.isEmpty, "a \(what) without keys was kept")
    require(!keys.contains(""), "a \(what) with an empty key")
    require(Set(keys).count == keys.count, "a \(what) with a key twice: \(keys)")
}

// MARK: - Paging

/// What `PageInfo` should read from a document that is valid JSON (nil for any other input): the
/// last `offset` and `limit` that are integers and the last `_links.next.href` that is a string,
/// every other member skipped. A plain walk with the JSON reader, kept simple to be obviously right.
private func expectedPageInfo(_ bytes: [UInt8]) -> PageInfo? {
    bytes.withUnsafeBytes { raw -> PageInfo? in
        var validator = JSONReader(bytes: raw)
        do {
            try validator.skipValue()
            try validator.expectEnd()
        } catch {
            return nil
        }
        var info = PageInfo([])
        var reader = JSONReader(bytes: raw)
        guard (try? reader.peekKind()) == .object else { return info }
        info.isPage = true
        do {
            try reader.readObject { r, key throws(JSONError) in
                let kind = try r.peekKind()
                if key.matches("offset") || key.matches("limit"), kind == .number {
                    guard case .integer(let value) = try r.readNumber() else { return }
                    if key.matches("offset") {
                        info.offset = Int(clamping: value)
                    } else {
                        info.limit = Int(clamping: value)
                    }
                } else if key.matches("_links"), kind == .object {
                    try r.readObject { r, link throws(JSONError) in
                        guard link.matches("next"), try r.peekKind() == .object else { return try r.skipValue() }
                        try r.readObject { r, field throws(JSONError) in
                            guard field.matches("href"), try r.peekKind() == .string else { return try r.skipValue() }
                            info.next = try r.readString()
                        }
                    }
                } else {
                    try r.skipValue()
                }
            }
        } catch {
            fatalError("a valid JSON document failed to read: \(error)")
        }
        return info
    }
}
