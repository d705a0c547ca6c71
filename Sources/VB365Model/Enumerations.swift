/// The status of a job session (and a job's last status), as VB365 sends it.
///
/// Known values are compared case-insensitively; `Succeeded` (the v8 filter spelling) means
/// `success`. Unknown values are kept verbatim in `other`.
public enum SessionStatus: Hashable, Sendable, CustomStringConvertible {
    case success, warning, failed, running, stopped, queued, notConfigured, disconnected
    /// A value this version of the tool does not know, kept as sent.
    case other(String)

    /// Parses a wire value, case-insensitively.
    public init(wire: String) {
        switch wire.lowercased() {
        case "success", "succeeded", "successful": self = .success
        case "warning": self = .warning
        case "failed", "failure", "error": self = .failed
        case "running", "inprogress": self = .running
        case "stopped", "stop": self = .stopped
        case "queued": self = .queued
        case "notconfigured": self = .notConfigured
        case "disconnected": self = .disconnected
        default: self = .other(wire)
        }
    }

    /// The canonical spelling (VB365's PascalCase), or the unknown value as sent.
    public var description: String {
        switch self {
        case .success: return "Success"
        case .warning: return "Warning"
        case .failed: return "Failed"
        case .running: return "Running"
        case .stopped: return "Stopped"
        case .queued: return "Queued"
        case .notConfigured: return "NotConfigured"
        case .disconnected: return "Disconnected"
        case .other(let text): return text
        }
    }

    /// How bad the status is: Failed > Warning > Running and every other status > Success.
    public var severity: Severity {
        switch self {
        case .success: return .success
        case .warning: return .warning
        case .failed: return .failed
        default: return .other
        }
    }

    /// True while the session has not finished (running or queued).
    public var isInProgress: Bool { self == .running || self == .queued }

    /// True for a session that did its work: Success or Warning.
    public var isCompletedWork: Bool { self == .success || self == .warning }
}

/// The order used for the worst status of a report.
public enum Severity: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    case success = 0
    case other = 1
    case warning = 2
    case failed = 3

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The word shown for this level.
    public var description: String {
        switch self {
        case .success: return "Success"
        case .other: return "Other"
        case .warning: return "Warning"
        case .failed: return "Failed"
        }
    }
}

/// Where VB365 says a session spent its time.
public enum Bottleneck: Hashable, Sendable, CustomStringConvertible {
    case notAvailable, detecting, source, target
    /// A value this version of the tool does not know, kept as sent.
    case other(String)

    /// Parses a wire value, case-insensitively.
    public init(wire: String) {
        switch wire.lowercased() {
        case "na", "n/a", "none": self = .notAvailable
        case "detecting": self = .detecting
        case "source": self = .source
        case "target": self = .target
        default: self = .other(wire)
        }
    }

    /// The canonical spelling, or the unknown value as sent.
    public var description: String {
        switch self {
        case .notAvailable: return "NA"
        case .detecting: return "Detecting"
        case .source: return "Source"
        case .target: return "Target"
        case .other(let text): return text
        }
    }

    /// True for `Source` and `Target`, the values that say which side limits.
    public var isDetermined: Bool { self == .source || self == .target }
}

/// The kind of job that ran a session (v7+).
public enum JobType: Hashable, Sendable, CustomStringConvertible {
    case backup, copy
    /// A value this version of the tool does not know, kept as sent.
    case other(String)

    /// Parses a wire value, case-insensitively.
    public init(wire: String) {
        switch wire.lowercased() {
        case "backup": self = .backup
        case "copy", "backupcopy": self = .copy
        default: self = .other(wire)
        }
    }

    public var description: String {
        switch self {
        case .backup: return "Backup"
        case .copy: return "Copy"
        case .other(let text): return text
        }
    }
}

/// Whether a v8 session ran as a full or an incremental backup.
public enum SessionConfigType: Hashable, Sendable, CustomStringConvertible {
    case full, incremental
    /// A value this version of the tool does not know, kept as sent.
    case other(String)

    /// Parses a wire value, case-insensitively.
    public init(wire: String) {
        switch wire.lowercased() {
        case "full": self = .full
        case "incremental": self = .incremental
        default: self = .other(wire)
        }
    }

    public var description: String {
        switch self {
        case .full: return "Full"
        case .incremental: return "Incremental"
        case .other(let text): return text
        }
    }
}
