import VB365Model

/// Decodes one response body of VB365's restore resources of REST API v6, v7 or v8 into the model
/// of `VB365Model/Restore.swift`: `/RestoreSessions` (and `/RestoreSessions/{id}`) and
/// `/RestoreSessions/{id}/Events` (and `/Events/{id}`). A fetcher calls it page by page: each
/// answer gives the page's values and what it says of the next page.
///
/// Every function takes a page (`{offset, limit, setId, totalCount, results, _links}`; v8 sends no
/// `totalCount`), a bare array, or a single object. As in `ProtectionDecoder`, the bytes are
/// streamed with `JSONReader`, member names and enum words match in any case, unknown members are
/// ignored and unknown words kept verbatim; a value of the wrong type, an unreadable time or an
/// object left out becomes a warning that names the member and its byte offset, and a null is
/// taken as "not sent", whatever the schema says. Only a body that is not JSON, or whose top level
/// is neither an array nor an object, throws.
package enum RestoreDecoder {
    /// What a body decoded to, and what it says of the list's next page.
    package struct Page<Value: Sendable>: Sendable {
        /// The objects, in the body's order.
        package var values: [Value] = []
        /// Sentences of the form `byte <offset>: <member> ...`; at most `WireDecoder.maximumWarnings`
        /// of them and a last one that counts the rest.
        package var warnings: [String] = []
        /// True for a page object; false for a bare array or a single object.
        package var isPage = false
        /// The page's `offset`, `limit` and (v6, v7) `totalCount`; nil when not sent or unreadable.
        package var offset: Int?
        package var limit: Int?
        package var totalCount: Int?
        /// The page's `setId`.
        package var setID: EntityID?
        /// `_links.next.href`, as sent (relative from v6: resolve it against the configured server).
        package var next: String?
        /// The elements of the array or of `results`, objects or not (a page is as full as its
        /// `limit` by this count, not by the values kept).
        package var elementCount = 0

        /// Creates an empty page.
        package init() {}

        /// Where the next page starts when this one says or suggests there is one (a `next` link,
        /// or a page as full as its `limit`): this page's `offset` plus its elements; nil after
        /// the last page, for an empty page, and for a bare array or a single object.
        package var nextOffset: Int? {
            guard isPage, elementCount > 0 else { return nil }
            let full = limit.map { elementCount >= $0 } ?? false
            guard next != nil || full else { return nil }
            return (offset ?? 0) + elementCount
        }
    }

    /// `/RestoreSessions` or `/RestoreSessions/{id}`: id, name, `type` (`Vex`, `Veod`, `Vesp`,
    /// `Vet`), state, result, creation and end times, `initiatedBy`, `clientHost`, `reason`,
    /// `scopeName`, `organization` (a name; an object's `name` and `id` too), `details` and v8's
    /// `eTag`. A session without an id is left out, with a warning.
    package static func sessions(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> Page<RestoreSession> {
        try decode(bytes, SessionFields())
    }

    /// `sessions` over an array of bytes.
    package static func sessions(_ bytes: [UInt8]) throws(JSONError) -> Page<RestoreSession> {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(JSONError) in try sessions(raw) } }
        return try result.get()
    }

    /// `/RestoreSessions/{id}/Events` or `/Events/{id}` of the session `sessionID`: id, `type`
    /// (`Save`, `Export`, `Send`, `Restore`, `View`, `None`), status, the item's name, type and
    /// size, `source`, `target`, title, message, order, start and end times, `duration` as sent,
    /// and v8's `organizationId`, `backedUpOrganizationId`, `userId`, `siteId`, `teamId` and
    /// `groupId`. An event without an id is left out, with a warning.
    package static func events(_ bytes: UnsafeRawBufferPointer, sessionID: EntityID) throws(JSONError)
        -> Page<RestoreEvent>
    {
        try decode(bytes, EventFields(sessionID: sessionID))
    }

    /// `events` over an array of bytes.
    package static func events(_ bytes: [UInt8], sessionID: EntityID) throws(JSONError) -> Page<RestoreEvent> {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try events(raw, sessionID: sessionID) }
        }
        return try result.get()
    }
}

// MARK: - Shapes

extension RestoreDecoder {
    typealias Reading = ProtectionDecoder.Reading

    /// The members of one restore object, and the two things only a top-level object can pass on:
    /// its `_links` (read with the page's) and a `message` (an event's, or an error response's).
    protocol Fields: ProtectionDecoder.ElementFields {
        /// True once an `id` was read.
        var hasID: Bool { get }
        /// Takes one of the object's links.
        mutating func link(_ name: String, _ href: String)
        /// Takes the object's `message`.
        mutating func message(_ text: String)
    }

    /// Reads a body of any shape, each object into a copy of `template`.
    static func decode<F: Fields>(_ bytes: UnsafeRawBufferPointer, _ template: F) throws(JSONError) -> Page<F.Value> {
        var reader = JSONReader(bytes: bytes)
        var d = Reading()
        var page = Page<F.Value>()
        if reader.isAtEnd() {
            throw JSONError(offset: reader.offset, message: "the body is empty; expected a VB365 JSON response")
        }
        if let html = HTMLPage.error(in: bytes, at: reader.offset) { throw html }
        switch try reader.peekKind() {
        case .array:
            try readElements(&reader, template, &d, &page)
        case .object:
            try readTopObject(&reader, template, &d, &page)
        default:
            throw reader.unexpected(expected: "an array or an object at the top level of a VB365 response")
        }
        try reader.expectEnd()
        page.warnings = d.warnings
        return page
    }

    /// Reads a top-level object: a page when it has `results` (or two of `offset`, `limit` and
    /// `setId`), else one object of the resource, or an error response (a `message` and no id).
    private static func readTopObject<F: Fields>(
        _ r: inout JSONReader, _ template: F, _ d: inout Reading, _ page: inout Page<F.Value>
    ) throws(JSONError) {
        var single = template
        single.start = r.offset
        var hasResults = false
        var pagingMembers = 0
        var message: (text: String, offset: Int)?
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key.hasName("results") {
                hasResults = true
                try readElements(&r, template, &d, &page)
            } else if key.hasName("offset") {
                pagingMembers += 1
                page.offset = try d.integer(&r, "offset").map { Int(clamping: $0) }
            } else if key.hasName("limit") {
                pagingMembers += 1
                page.limit = try d.integer(&r, "limit").map { Int(clamping: $0) }
            } else if key.hasName("setid") {
                pagingMembers += 1
                page.setID = try d.entity(&r, "setId")
            } else if key.hasName("totalcount") {
                page.totalCount = try d.integer(&r, "totalCount").map { Int(clamping: $0) }
            } else if key.hasName("_links") {
                for (name, href) in try readLinks(&r, &d) {
                    if name.lowercased() == "next" { page.next = href }
                    single.link(name, href)
                }
            } else if key.hasName("message"), try r.peekKind() == .string {
                let offset = r.offset
                let text = try r.readString()
                message = (text, offset)
                single.message(text)
            } else {
                try single.read(key, &r, &d)
            }
        }
        if hasResults || pagingMembers >= 2 {
            page.isPage = true
            if !hasResults { d.warn("the page has no results; it holds no \(template.what)s", at: single.start) }
            return
        }
        if let message, !single.hasID {
            d.warn(
                "the response says \"\(message.text.prefix(200))\": an error response, not a \(template.what)",
                at: message.offset)
            return
        }
        page.elementCount = 1
        if let value = single.value(&d) { page.values.append(value) }
    }

    /// Reads a list: a bare array or a page's `results`. Elements that are not objects are
    /// counted and skipped with one warning.
    private static func readElements<F: Fields>(
        _ r: inout JSONReader, _ template: F, _ d: inout Reading, _ page: inout Page<F.Value>
    ) throws(JSONError) {
        if try r.readNullIfPresent() { return }
        guard try r.peekKind() == .array else {
            d.warn("results should be an array; it is ignored", at: r.offset)
            try r.skipValue()
            return
        }
        var skipped = 0
        var firstSkipped = 0
        try r.readArray { (r: inout JSONReader) throws(JSONError) in
            page.elementCount += 1
            guard try r.peekKind() == .object else {
                if skipped == 0 { firstSkipped = r.offset }
                skipped += 1
                try r.skipValue()
                return
            }
            var fields = template
            fields.start = r.offset
            try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
                try fields.read(key, &r, &d)
            }
            if let value = fields.value(&d) { page.values.append(value) }
        }
        if skipped > 0 {
            d.warn("skipped \(skipped) element(s) that are not \(template.what) objects", at: firstSkipped)
        }
    }

    /// Reads `_links`: each relation whose value is an object with a string `href`, in order; a
    /// value of another shape is warned about and ignored.
    static func readLinks(_ r: inout JSONReader, _ d: inout Reading) throws(JSONError) -> [(String, String)] {
        var links: [(String, String)] = []
        if try r.readNullIfPresent() { return links }
        guard try r.peekKind() == .object else {
            d.warn("_links should be an object; it is ignored", at: r.offset)
            try r.skipValue()
            return links
        }
        try r.readObject { (r: inout JSONReader, name: JSONKey) throws(JSONError) in
            guard try r.peekKind() == .object else {
                try r.skipValue()
                return
            }
            let relation = name.string
            try r.readObject { (r: inout JSONReader, field: JSONKey) throws(JSONError) in
                if field.hasName("href"), let href = try d.text(&r, "_links.\(relation).href") {
                    links.append((relation, href))
                } else {
                    try r.skipValue()
                }
            }
        }
        return links
    }
}
