/// One line of a session's log (`/LogItems`, or v1's `/log`).
public struct LogItem: Hashable, Sendable {
    public var id: EntityID?
    /// The session the line belongs to.
    public var sessionID: EntityID
    public var usn: Int64?
    public var severity: LogSeverity
    /// The text without its `[Status]` prefix.
    public var message: String
    public var creationTime: Timestamp?
    public var endTime: Timestamp?

    /// Creates a log line.
    public init(
        id: EntityID?, sessionID: EntityID, usn: Int64?, severity: LogSeverity, message: String,
        creationTime: Timestamp?, endTime: Timestamp?
    ) {
        self.id = id
        self.sessionID = sessionID
        self.usn = usn
        self.severity = severity
        self.message = message
        self.creationTime = creationTime
        self.endTime = endTime
    }
}

/// How serious a log line is: v8's `type`, or the `[Warning]` prefix of v1–v7's `title`.
public enum LogSeverity: Hashable, Sendable, Comparable, CustomStringConvertible {
    case success, running, stop, warning, error
    /// A type or prefix this tool does not know, kept as sent.
    case other(String)

    /// Parses a v8 `type` or a title prefix, case-insensitively.
    public init(wire: String) {
        switch wire.lowercased() {
        case "success", "succeeded", "info", "information": self = .success
        case "running", "inprogress": self = .running
        case "stop", "stopped": self = .stop
        case "warning": self = .warning
        case "error", "failed", "failure": self = .error
        default: self = .other(wire)
        }
    }

    /// Splits a v1–v7 title such as `"[Warning] Item skipped"` into its severity and message.
    /// A title without a prefix is a success line.
    public static func split(title: String) -> (LogSeverity, String) {
        guard title.hasPrefix("["), let close = title.firstIndex(of: "]") else { return (.success, title) }
        let word = title[title.index(after: title.startIndex)..<close]
        var rest = title[title.index(after: close)...]
        while rest.first == " " { rest.removeFirst() }
        return (LogSeverity(wire: String(word)), String(rest))
    }

    /// Errors first, then warnings, then everything else.
    public var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .other: return 2
        case .stop: return 3
        case .running: return 4
        case .success: return 5
        }
    }

    /// True for warning and error lines: the ones a report shows.
    public var needsAttention: Bool { self == .warning || self == .error }

    public static func < (lhs: LogSeverity, rhs: LogSeverity) -> Bool { lhs.rank < rhs.rank }

    public var description: String {
        switch self {
        case .success: return "Success"
        case .running: return "Running"
        case .stop: return "Stop"
        case .warning: return "Warning"
        case .error: return "Error"
        case .other(let text): return text
        }
    }
}
