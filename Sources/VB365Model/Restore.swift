/// What VB365 records of restores (v6+): each restore session from `/RestoreSessions` (who opened
/// which Explorer on which organization's backups, when, and why), and what it did, event by
/// event, from `/RestoreSessions/{id}/Events` (which item was restored, exported, saved or sent,
/// from where to where, and how large it was). Restore auditing (issue 29) reads them to tell
/// ordinary helpdesk restores from a data theft.

/// The Explorer a restore session used, from its `type`.
public enum RestoreSessionType: Hashable, Sendable {
    /// `Vex`: Veeam Explorer for Microsoft Exchange.
    case exchange
    /// `Veod`: Veeam Explorer for Microsoft OneDrive for Business.
    case oneDrive
    /// `Vesp`: Veeam Explorer for Microsoft SharePoint.
    case sharePoint
    /// `Vet`: Veeam Explorer for Microsoft Teams.
    case teams
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word in any case (the PowerShell spellings `Exchange`, `OneDrive`,
    /// `SharePoint`, `Teams` too).
    public init(wire: String) {
        switch wire.lowercased() {
        case "vex", "exchange": self = .exchange
        case "veod", "onedrive": self = .oneDrive
        case "vesp", "sharepoint": self = .sharePoint
        case "vet", "teams": self = .teams
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses: `Vex`, `Veod`, `Vesp`, `Vet`.
    public var wire: String {
        switch self {
        case .exchange: return "Vex"
        case .oneDrive: return "Veod"
        case .sharePoint: return "Vesp"
        case .teams: return "Vet"
        case .other(let word): return word
        }
    }

    /// The data it restores, for a sentence: `Exchange`, `OneDrive`, `SharePoint`, `Teams`.
    public var word: String {
        switch self {
        case .exchange: return "Exchange"
        case .oneDrive: return "OneDrive"
        case .sharePoint: return "SharePoint"
        case .teams: return "Teams"
        case .other(let word): return word
        }
    }
}

/// Whether a restore session is still open, from its `state`.
public enum RestoreSessionState: Hashable, Sendable {
    /// `Working` (PowerShell: `Running`): the Explorer is still open.
    case working
    /// `Stopped`: the session ended.
    case stopped
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word, in any case.
    public init(wire: String) {
        switch wire.lowercased() {
        case "working", "running": self = .working
        case "stopped": self = .stopped
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses.
    public var wire: String {
        switch self {
        case .working: return "Working"
        case .stopped: return "Stopped"
        case .other(let word): return word
        }
    }
}

/// How a restore session went, from its `result`.
public enum RestoreSessionResult: Hashable, Sendable {
    case success, warning, failed
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word, in any case (`Succeeded` too).
    public init(wire: String) {
        switch wire.lowercased() {
        case "success", "succeeded": self = .success
        case "warning": self = .warning
        case "failed": self = .failed
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses.
    public var wire: String {
        switch self {
        case .success: return "Success"
        case .warning: return "Warning"
        case .failed: return "Failed"
        case .other(let word): return word
        }
    }
}

/// What one event of a restore session did with an item, from its `type`.
public enum RestoreEventType: Hashable, Sendable {
    /// `None`: a step of the session itself (started, finished), no item.
    case none
    /// `Save`: saved to a file on the operator's machine (`.msg`, `.eml`, a downloaded file).
    case save
    /// `Export`: exported to a PST file.
    case export
    /// `Send`: sent by e-mail.
    case send
    /// `Restore`: restored to Microsoft 365 (the original or another location).
    case restore
    /// `View`: opened for reading.
    case view
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word, in any case.
    public init(wire: String) {
        switch wire.lowercased() {
        case "none": self = .none
        case "save": self = .save
        case "export": self = .export
        case "send": self = .send
        case "restore": self = .restore
        case "view": self = .view
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses.
    public var wire: String {
        switch self {
        case .none: return "None"
        case .save: return "Save"
        case .export: return "Export"
        case .send: return "Send"
        case .restore: return "Restore"
        case .view: return "View"
        case .other(let word): return word
        }
    }

    /// True for the events that take data out of Microsoft 365 and the backup: saved, exported or
    /// sent.
    public var takesDataOut: Bool { self == .save || self == .export || self == .send }
}

/// How one event of a restore session went, from its `status`.
public enum RestoreEventStatus: Hashable, Sendable {
    case running, success, warning, failed, cancelled, skipped
    /// Any other word, as sent.
    case other(String)

    /// Reads the wire's word, in any case (`Canceled` too).
    public init(wire: String) {
        switch wire.lowercased() {
        case "running": self = .running
        case "success", "succeeded": self = .success
        case "warning": self = .warning
        case "failed": self = .failed
        case "cancelled", "canceled": self = .cancelled
        case "skipped": self = .skipped
        default: self = .other(wire)
        }
    }

    /// The word VB365's REST API uses.
    public var wire: String {
        switch self {
        case .running: return "Running"
        case .success: return "Success"
        case .warning: return "Warning"
        case .failed: return "Failed"
        case .cancelled: return "Cancelled"
        case .skipped: return "Skipped"
        case .other(let word): return word
        }
    }
}

/// A restore session from `/RestoreSessions` (RESTRestoreSession of v6, v7 and v8).
public struct RestoreSession: Hashable, Sendable {
    public var id: EntityID
    public var name: String?
    /// The Explorer; nil when not sent.
    public var type: RestoreSessionType?
    public var state: RestoreSessionState?
    public var result: RestoreSessionResult?
    /// When the session started (the filters `startTimeFrom` and `startTimeTo` apply to it).
    public var creationTime: Timestamp?
    /// When it ended; nil while it is working, or when not sent.
    public var endTime: Timestamp?
    /// The account that started it (`CONTOSO\helpdesk.anna`, or a Restore Portal user's address).
    public var initiatedBy: String?
    /// Documented as the VB365 server's DNS name or address, not the operator's machine.
    public var clientHost: String?
    /// The reason the operator gave; nil when none was given.
    public var reason: String?
    /// The Restore Portal scope it was started in.
    public var scopeName: String?
    /// `organization`: the Microsoft 365 organization's name, as sent (the wire gives no id).
    public var organizationName: String?
    /// The organization's id, where a server gives one (an `organization` object, or a link to
    /// `/Organizations/{id}`); nil otherwise.
    public var organizationID: EntityID?
    public var details: String?
    /// v8 `eTag`.
    public var eTag: Int64?

    /// Creates a session with only an id.
    public init(id: EntityID) { self.id = id }

    /// Seconds from its start to its end; nil without both, or with an end before the start.
    public var durationSeconds: Double? {
        guard let creationTime, let endTime, endTime >= creationTime else { return nil }
        return endTime.seconds(since: creationTime)
    }
}

/// One event of a restore session, from `/RestoreSessions/{id}/Events`
/// (RESTRestoreSessionEvent of v6, v7 and v8).
public struct RestoreEvent: Hashable, Sendable {
    /// The session it belongs to (where it was fetched from: the event does not say).
    public var sessionID: EntityID
    public var id: EntityID
    public var type: RestoreEventType?
    public var status: RestoreEventStatus?
    /// The item's name: a message's subject, a file's or folder's name, a mailbox's, site's or
    /// channel's name; kept exactly as sent.
    public var itemName: String?
    /// The kind of item, as sent: `Message`, `Mailbox`, `Folder`, `File`, `Site`, `Channel`, ...
    public var itemType: String?
    public var itemSizeBytes: Int64?
    /// Where the item came from: a mailbox address and folder, a OneDrive or SharePoint URL.
    public var source: String?
    /// Where it went: the same location for a restore in place, another mailbox or site, or a file
    /// (a PST path) for an export.
    public var target: String?
    public var title: String?
    public var message: String?
    /// Its place in the session's events.
    public var order: Int?
    public var startTime: Timestamp?
    public var endTime: Timestamp?
    /// `duration`, as sent: a .NET time span such as `00:00:04.1230000` (see `durationSeconds`).
    public var duration: String?
    /// v8: the organization's id, and its id inside the backup.
    public var organizationID: EntityID?
    public var backedUpOrganizationID: EntityID?
    /// v8: the user, site, team or group the item belongs to (ids as sent; a UUID in lower case).
    public var userID: String?
    public var siteID: String?
    public var teamID: String?
    public var groupID: String?

    /// Creates an event with only its session and id.
    public init(sessionID: EntityID, id: EntityID) {
        self.sessionID = sessionID
        self.id = id
    }

    /// The event's length in seconds: its `duration` when that reads as a time span, else from
    /// its start to its end; nil when neither gives one.
    public var durationSeconds: Double? {
        if let duration, let seconds = Self.seconds(ofTimeSpan: duration) { return seconds }
        guard let startTime, let endTime, endTime >= startTime else { return nil }
        return endTime.seconds(since: startTime)
    }

    /// Reads a .NET time span, `[d.]hh:mm:ss[.fffffff]` (the form `TimeSpan.ToString()` writes);
    /// nil for anything else or a negative span.
    public static func seconds(ofTimeSpan text: String) -> Double? {
        /// True for one or more ASCII digits (and, with `fraction`, dots): no sign, space or `e`.
        func isNumber(_ s: Substring, fraction: Bool = false) -> Bool {
            !s.isEmpty && s.allSatisfy { ($0.isASCII && $0.isNumber) || (fraction && $0 == ".") }
        }
        var rest = Substring(text)
        var days = 0.0
        if let dot = rest.firstIndex(of: "."), let colon = rest.firstIndex(of: ":"), dot < colon {
            guard isNumber(rest[..<dot]), let d = Int(rest[..<dot]) else { return nil }
            days = Double(d)
            rest = rest[rest.index(after: dot)...]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, isNumber(parts[0]), isNumber(parts[1]), isNumber(parts[2], fraction: true),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Double(parts[2]), hours < 24,
            minutes < 60, seconds < 60
        else { return nil }
        return days * Seconds.day + Double(hours) * Seconds.hour + Double(minutes) * Seconds.minute + seconds
    }
}
