import VB365Statistics
import VB365Support

/// Which sessions `ticket` writes: one, by its id, or every final failure of the window.
package enum TicketSelection: Sendable, Equatable {
    /// The session whose id is this or starts with it (at least 8 characters).
    case session(String)
    /// Every session in the window that failed and ended its run (`SessionFacts.isFinalFailure`):
    /// one per run whose last attempt failed, none for a failure a retry recovered.
    case finalFailures

    /// What selects `finalFailures` where a session id goes.
    package static let finalFailuresWord = "final-failures"

    /// SESSION as typed: `final-failures`, or an id or its first 8 characters or more; nil for
    /// anything shorter.
    package init?(_ text: String) {
        if text == Self.finalFailuresWord {
            self = .finalFailures
        } else if text.count >= 8 {
            self = .session(text)
        } else {
            return nil
        }
    }

    /// The selected sessions of `summary`, oldest first; throws a usage failure (64) when a
    /// session id matches none or several.
    package func sessions(in summary: Summary) throws(Failure) -> [SessionFacts] {
        switch self {
        case .session(let prefix): return [try TicketComposer.session(prefix, in: summary)]
        case .finalFailures: return summary.sessions.filter(\.isFinalFailure)
        }
    }
}
