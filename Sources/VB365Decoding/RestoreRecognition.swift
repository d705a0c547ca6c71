import VB365Model

/// Recognises the restore resources of v6+ by their content, as every other document is
/// recognised, and decodes them with `RestoreDecoder` into a `DecodedDocument`:
///
/// - restore sessions (`/RestoreSessions`, `/RestoreSessions/{id}`) by `initiatedBy`,
///   `clientHost` or `scopeName`, or an Explorer's `type` (`Vex`, `Veod`, `Vesp`, `Vet`) with
///   `creationTime` and `state`;
/// - their events (`/RestoreSessions/{id}/Events`) by `itemName`, `itemSizeBytes` or `itemType`,
///   or `order` with `status` and a time, title or message (a session's own first event names no
///   item). An event does not name its session: the first `/RestoreSessions/<id>` in the body's
///   links does (a page's `self`, an event's `restoreSession`), else the first UUID in the file's
///   name (`restores/events/<session-id>.json`).
///
/// Only the first object is looked at, as for the infrastructure (in a `restores` folder less is
/// needed); restore events share `type`, `title` and `message` with log items, so they are
/// checked before anything else.
enum RestoreRecognition {
    /// What a document holds.
    enum Kind: Equatable {
        case sessions, events
    }

    /// Member names and a path whose presence in the first bytes says a document may hold restore
    /// sessions or events (no job session, job, organization or log item has them), by their
    /// first two bytes. A false match costs only the exact check of `kind(of:)`.
    private static let telltales = TellTales([
        "\"initiatedBy\"", "\"clientHost\"", "\"scopeName\"", "\"itemName\"", "\"itemSizeBytes\"", "\"itemType\"",
        "\"order\"", "/RestoreSessions",
    ])

    /// A cheap filter before `kind(of:)`: true when the path says restores (`Hints.restores`), or a
    /// tell-tale appears in the first 2 KiB (spelled as the API writes it). Session pages and log
    /// files pass without being parsed twice.
    static func mayHold(_ bytes: UnsafeRawBufferPointer, hints: WireDecoder.Hints) -> Bool {
        if hints.restores { return true }
        return telltales.appear(in: bytes)
    }

    /// What the document's first object is, when it is a restore session or event; nil for
    /// anything else (and for a body that is not JSON: the wire decoder reports it).
    static func kind(of bytes: UnsafeRawBufferPointer, hints: WireDecoder.Hints) -> Kind? {
        var reader = JSONReader(bytes: bytes)
        guard !reader.isAtEnd(), let first = try? firstObject(&reader) else { return nil }
        return kind(ofKeys: first.keys, type: first.type, hints: hints)
    }

    /// Members of a job session, job, organization or log item: a document whose first object has
    /// one is none of these.
    private static let otherKeys: Set<String> = ["usn", "statistics", "schedulepolicy", "jobid", "officename"]
    private static let sessionTypes: Set<String> = ["vex", "veod", "vesp", "vet"]

    /// The kind of an object with `keys` (in lower case) and `type`. In a `restores` folder
    /// (`Hints.restores`) less is needed: an `id` with `order` or `status` is an event, one with
    /// `state`, `result` or `creationTime` a session.
    static func kind(ofKeys keys: Set<String>, type: String?, hints: WireDecoder.Hints) -> Kind? {
        if !keys.isDisjoint(with: otherKeys) { return nil }
        if !keys.isDisjoint(with: ["initiatedby", "clienthost", "scopename"]) { return .sessions }
        if !keys.isDisjoint(with: ["itemname", "itemsizebytes", "itemtype"]) { return .events }
        if keys.contains("order"), keys.contains("status"),
            !keys.isDisjoint(with: ["starttime", "endtime", "title", "message"])
        {
            return .events
        }
        if keys.contains("id"), keys.contains("creationtime"), keys.contains("state"),
            type.map({ sessionTypes.contains($0.lowercased()) }) == true
        {
            return .sessions
        }
        if hints.restores, keys.contains("id") {
            if keys.contains("order") || (keys.contains("status") && !keys.contains("state")) { return .events }
            if !keys.isDisjoint(with: ["state", "result", "creationtime"]) { return .sessions }
        }
        return nil
    }

    /// The members (lower case) and string `type` of the first object: the top-level object, the
    /// first element of a top-level array, or the first element of a page's `results`.
    private static func firstObject(_ reader: inout JSONReader) throws(JSONError) -> (keys: Set<String>, type: String)?
    {
        switch try reader.peekKind() {
        case .object:
            var own: (keys: Set<String>, type: String?) = ([], nil)
            var inner: (keys: Set<String>, type: String?)?
            try reader.scanObject { (r: inout JSONReader, name: String) throws(JSONError) -> Bool in
                if name == "results", try r.peekKind() == .array {
                    inner = try firstElement(&r)
                    return false
                }
                if name == "type", try r.peekKind() == .string {
                    own.type = try r.readString()
                } else {
                    try r.skipValue()
                }
                own.keys.insert(name)
                return true
            }
            let found = inner ?? own
            return (found.keys, found.type ?? "")
        case .array:
            return try firstElement(&reader).map { ($0.keys, $0.type ?? "") }
        default:
            return nil
        }
    }

    private static func firstElement(_ reader: inout JSONReader) throws(JSONError) -> (
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

    // MARK: - Decoding

    /// Decodes a document of `kind`; throws only for a body that is not JSON (or not an object or
    /// an array at its top). Values of the wrong type are warnings, as everywhere.
    static func decode(_ bytes: UnsafeRawBufferPointer, kind: Kind, hints: WireDecoder.Hints) throws(JSONError)
        -> DecodedDocument
    {
        var document = DecodedDocument()
        let warnings: [String]
        let isPage: Bool
        switch kind {
        case .sessions:
            let page = try RestoreDecoder.sessions(bytes)
            document.restoreSessions = page.values
            (warnings, isPage) = (page.warnings, page.isPage)
        case .events:
            let session = linkedSession(bytes) ?? hints.logSessionID
            let page = try RestoreDecoder.events(bytes, sessionID: session ?? .text(""))
            (warnings, isPage) = (page.warnings, page.isPage)
            if session != nil {
                document.restoreEvents = page.values
            } else if !page.values.isEmpty {
                document.warn(
                    "left out \(page.values.count) restore session event(s) that name no restore session: keep them in a file named after their session, such as restores/events/<session-id>.json",
                    at: 0)
            }
        }
        document.isList = isPage || firstByte(bytes) == UInt8(ascii: "[")
        for text in warnings { add(text, to: &document) }
        return document
    }

    /// Adds one of `RestoreDecoder`'s warnings (`byte <offset>: <message>`, or a last one that
    /// counts those left out) to `document`.
    private static func add(_ text: String, to document: inout DecodedDocument) {
        if text.hasPrefix("byte "), let colon = text.firstIndex(of: ":"),
            let offset = Int(text[text.index(text.startIndex, offsetBy: 5)..<colon])
        {
            let message = text[text.index(after: colon)...].drop { $0 == " " }
            document.warn(String(message), at: offset)
        } else if let space = text.firstIndex(of: " "), let more = Int(text[..<space]), text.hasSuffix("left out") {
            document.suppressedWarnings += more
        } else {
            document.warn(text, at: 0)
        }
    }

    /// The first byte that is not white space.
    private static func firstByte(_ bytes: UnsafeRawBufferPointer) -> UInt8? {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    /// The session the first `/RestoreSessions/<id>` of the body names (in any case), if its id
    /// is a UUID.
    static func linkedSession(_ bytes: UnsafeRawBufferPointer) -> EntityID? {
        let pattern = Array("/restoresessions/".utf8)
        guard bytes.count >= pattern.count + 36 else { return nil }
        var i = 0
        while i <= bytes.count - pattern.count - 36 {
            var j = 0
            // ASCII letters in lower case: `| 0x20` maps `A`–`Z` to `a`–`z` and leaves `/` alone.
            while j < pattern.count, bytes[i + j] | 0x20 == pattern[j] { j += 1 }
            if j == pattern.count {
                let start = i + pattern.count
                let slice = UnsafeBufferPointer(
                    start: bytes.baseAddress!.advanced(by: start).assumingMemoryBound(to: UInt8.self), count: 36)
                if let id = EntityID.parseUUID(slice) { return id }
            }
            i += 1
        }
        return nil
    }
}
