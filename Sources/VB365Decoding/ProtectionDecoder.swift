import VB365Model

/// Decodes one response body of a protection resource of VB365's REST API v6, v7 or v8 into the
/// model of `VB365Model/Protection.swift`; the fetcher calls it page by page as it walks each list.
///
/// Every function takes a bare array (v6 and v7 job items and v6 restore points), a page
/// (`{offset, limit, setId, results, _links}`, of which only `results` is read) or a single object
/// (the `/{id}` form). The bytes are streamed with `JSONReader`, never built into a tree, and
/// member names match in any case. A value of the wrong type, an unreadable time, an unknown word or
/// an object left out becomes a warning that names the member and its byte offset; a null is
/// taken as "not sent", whatever the schema says. Only a body that is not JSON, or whose top level
/// is neither an array nor an object, throws.
package enum ProtectionDecoder {
    /// What a body decoded to.
    package struct Page<Value: Sendable>: Sendable {
        /// The objects, in the body's order.
        package var values: [Value]
        /// Sentences of the form `byte <offset>: <member> ...`; at most `WireDecoder.maximumWarnings`
        /// of them and a last one that counts the rest.
        package var warnings: [String]

        /// Creates a page.
        package init(values: [Value] = [], warnings: [String] = []) {
            self.values = values
            self.warnings = warnings
        }
    }

    /// An object with every key another list may join it on: its `id`, then `accountId`, then
    /// `msid`, then its e-mail (`email`, `mail`, or a user's or group's `name` when it holds an
    /// `@`), or a site's `url`; e-mails and URLs in lower case, ids as `EntityID` prints them (a
    /// UUID in lower case, anything else verbatim); empty strings and nulls left out; no duplicates.
    package struct ObjectRecord: Sendable {
        package var object: ProtectionObject
        package var keys: [String]
        /// `organizationId`: in backup data, the organization whose backup holds the object (a
        /// repository holds several); nil when not sent, as in the directory.
        package var organizationID: EntityID?

        /// Creates a record.
        package init(object: ProtectionObject, keys: [String], organizationID: EntityID? = nil) {
            self.object = object
            self.keys = keys
            self.organizationID = organizationID
        }
    }

    /// A user of `/LicensedUsers`.
    package struct LicensedUserRecord: Sendable {
        /// The `id`, then the `name` (in lower case when it is an e-mail address).
        package var keys: [String]
        package var name: String?
        /// `organizationId`, the organization whose backups hold the user.
        package var organizationID: EntityID?
        package var mark: LicenseMark

        /// Creates a record.
        package init(keys: [String], name: String?, organizationID: EntityID?, mark: LicenseMark) {
            self.keys = keys
            self.name = name
            self.organizationID = organizationID
            self.mark = mark
        }
    }

    /// `/Organizations/{id}/Users`, `Groups`, `Sites` or `Teams` (RESTUser, RESTGroup, RESTSite,
    /// RESTTeam) as objects with `inDirectory` set: the name (`displayName`; a site's `title`, else
    /// its `name`), the address (a user's `name`, which is its e-mail; a group's `mail`, else its
    /// `name` when that holds an `@`; a team's `mail`; a site's `url`), a user's account (`type`
    /// `User`, `Shared`, `Public`) and a site's `isPersonal`.
    package static func directory(_ bytes: UnsafeRawBufferPointer, kind: ProtectedObjectKind) throws(JSONError)
        -> Page<ObjectRecord>
    {
        try decode(bytes, ObjectFields(kind: kind, inDirectory: true))
    }

    /// `/BackupRepositories/{id}/UserData`, `GroupData`, `SiteData` or `TeamData` as objects not
    /// in the directory, whose id is the `accountId` (else the `id`), with the name, the address
    /// (`email`; a site's `url`), a user's account (`accountType`) and `backups`: a user's
    /// `isMailboxBackedUp`/`mailboxBackedUpTime` as `.mailbox`, and likewise `.archive`,
    /// `.oneDrive`, `.personalSite`; a group's mailbox as `.groupMailbox` and site as `.groupSite`;
    /// a site's `backedUpTime` as `.site` (a personal site too: the caller tells them apart by the
    /// URL); a team's as `.team`. A kind is there when its flag or a non-empty time is sent, as
    /// `BackupMark(isBackedUp: flag ?? (time != nil), time:)`.
    package static func backupData(_ bytes: UnsafeRawBufferPointer, kind: ProtectedObjectKind) throws(JSONError)
        -> Page<ObjectRecord>
    {
        try decode(bytes, ObjectFields(kind: kind, inDirectory: false))
    }

    /// `/LicensedUsers`: each user's keys, name, organization and `licenseState` (any case; the
    /// PowerShell spelling `TemporaryAssigned` too; another word kept as `.other`, a missing one
    /// as `.other("")` with a warning), `isBackedUp` and `lastBackupDate`.
    package static func licensedUsers(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> Page<LicensedUserRecord> {
        try decode(bytes, LicensedUserFields())
    }

    /// `/Jobs/{id}/SelectedItems` or `ExcludedItems` (RESTJobItemComposed): the type, the nested
    /// user's, group's, site's or team's id, name and address, and the data its true options
    /// select (user: `mailbox`, `archiveMailbox`, `oneDrive`, `personalSite`; group: `mailbox`,
    /// `groupSite`, with `members` setting `includesMembers`; `PartialOrganization`: those of a
    /// user and `sites`, `teams`). A site or team item selects `.site` or `.team`, a
    /// `PersonalSites` item `.personalSite`, a `OneDriveFolders` item `.oneDrive`; an item that
    /// sends no option as true or false selects every kind of its object (every kind, for a
    /// `PartialOrganization`).
    package static func jobItems(_ bytes: UnsafeRawBufferPointer, jobID: EntityID, isExclusion: Bool)
        throws(JSONError) -> Page<JobItem>
    {
        try decode(bytes, JobItemFields(jobID: jobID, isExclusion: isExclusion))
    }

    /// `/RestorePoints`: id, job, organization, repository, `backupTime`, the kinds of data, the
    /// copy and retrieval flags and v8's `immutabilityExpiresOn`.
    package static func restorePoints(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> Page<RestorePoint> {
        try decode(bytes, RestorePointFields())
    }
}

// MARK: - Shapes

extension ProtectionDecoder {
    /// What one object of a resource is read into, member by member, and then made into a value.
    protocol ElementFields {
        associatedtype Value: Sendable
        /// What one object is, for warnings: `user`, `job item`, ...
        var what: String { get }
        /// The offset of the object's `{`.
        var start: Int { get set }
        /// Reads the member `key`, with the reader on its value, which it reads or skips.
        mutating func read(_ key: JSONKey, _ r: inout JSONReader, _ d: inout Reading) throws(JSONError)
        /// The value; nil, with a warning, when the object cannot make one.
        func value(_ d: inout Reading) -> Value?
    }

    /// Reads a body of any shape, each object into a copy of `template`.
    static func decode<F: ElementFields>(_ bytes: UnsafeRawBufferPointer, _ template: F) throws(JSONError)
        -> Page<F.Value>
    {
        var reader = JSONReader(bytes: bytes)
        var d = Reading()
        var values: [F.Value] = []
        if reader.isAtEnd() {
            throw JSONError(offset: reader.offset, message: "the body is empty; expected a VB365 JSON response")
        }
        if let page = HTMLPage.error(in: bytes, at: reader.offset) { throw page }
        switch try reader.peekKind() {
        case .array:
            try readElements(&reader, template, &d, &values)
        case .object:
            try readTopObject(&reader, template, &d, &values)
        default:
            throw reader.unexpected(expected: "an array or an object at the top level of a VB365 response")
        }
        try reader.expectEnd()
        return Page(values: values, warnings: d.warnings)
    }

    /// Reads a top-level object: a page when it has `results` (or `offset` and `limit`), else one
    /// object of the resource.
    private static func readTopObject<F: ElementFields>(
        _ r: inout JSONReader, _ template: F, _ d: inout Reading, _ values: inout [F.Value]
    ) throws(JSONError) {
        var single = template
        single.start = r.offset
        var hasResults = false
        var pagingMembers = 0
        var message: (text: String, offset: Int)?
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key.hasName("results") {
                hasResults = true
                try readElements(&r, template, &d, &values)
            } else if key.hasName("offset") || key.hasName("limit") || key.hasName("setid") {
                pagingMembers += 1
                try r.skipValue()
            } else if key.hasName("message"), try r.peekKind() == .string {
                let offset = r.offset
                message = (try r.readString(), offset)
            } else {
                try single.read(key, &r, &d)
            }
        }
        if hasResults { return }
        if pagingMembers >= 2 {
            d.warn("the page has no results; it holds no \(template.what)s", at: single.start)
            return
        }
        if let message {
            d.warn(
                "the response says \"\(message.text.prefix(200))\": an error response, not a \(template.what)",
                at: message.offset)
        }
        if let value = single.value(&d) { values.append(value) }
    }

    /// Reads a list: a bare array or a page's `results`. Elements that are not objects are skipped
    /// with one warning.
    private static func readElements<F: ElementFields>(
        _ r: inout JSONReader, _ template: F, _ d: inout Reading, _ values: inout [F.Value]
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
            if let value = fields.value(&d) { values.append(value) }
        }
        if skipped > 0 {
            d.warn("skipped \(skipped) element(s) that are not \(template.what) objects", at: firstSkipped)
        }
    }
}

// MARK: - Warnings

extension ProtectionDecoder {
    /// The warnings of one body, kept up to `WireDecoder.maximumWarnings`, the rest counted.
    struct Reading {
        private var kept: [String] = []
        private var more = 0

        /// Keeps a warning about the value at byte `offset`.
        mutating func warn(_ message: String, at offset: Int) {
            if kept.count < WireDecoder.maximumWarnings {
                kept.append("byte \(offset): \(message)")
            } else {
                more += 1
            }
        }

        /// The warnings kept, and a last one that counts those that were not.
        var warnings: [String] {
            more == 0 ? kept : kept + ["\(more) more warning(s) like these were left out"]
        }
    }
}
