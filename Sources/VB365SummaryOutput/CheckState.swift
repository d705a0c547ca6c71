/// A monitoring plugin's state, which is also its exit status (Monitoring Plugins guidelines).
package enum CheckState: Int32, Comparable, Sendable, CaseIterable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    /// `OK`, `WARNING`, `CRITICAL`, `UNKNOWN`: the word after the service name.
    package var word: String {
        switch self {
        case .ok: return "OK"
        case .warning: return "WARNING"
        case .critical: return "CRITICAL"
        case .unknown: return "UNKNOWN"
        }
    }

    /// Parses `ok`, `warning`, `critical` or `unknown`, case-insensitively.
    package init?(word: String) {
        guard let state = Self.allCases.first(where: { $0.word.lowercased() == word.lowercased() }) else { return nil }
        self = state
    }

    /// How bad, in the order of the exit codes (a job's own state is never UNKNOWN; UNKNOWN is
    /// the whole check's, when it cannot judge).
    package static func < (a: CheckState, b: CheckState) -> Bool { a.rawValue < b.rawValue }
}
