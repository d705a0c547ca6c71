import Foundation
import VB365Model
import VB365SummaryOutput
import VB365Support

/// What the channels were last told: the state file (`.vb365-notify.json` beside the archive),
/// written atomically after each channel's messages were accepted, so a run killed mid-send
/// repeats that channel's message at most once and loses none.
package struct NotificationState: Codable, Sendable, Equatable {
    /// The file format's version.
    package var version = 1
    /// Each channel's state, by its name.
    package var channels: [String: Channel] = [:]
    /// When a run last made its outputs without a failed step (Unix seconds); nil: never.
    package var lastGoodRun: Int64?

    /// Creates an empty state.
    package init() {}

    /// One channel's state.
    package struct Channel: Codable, Sendable, Equatable {
        /// What it was told of each finding it was ever told of, by key, while the record may
        /// still matter (open, or within the flapping window).
        package var records: [String: Record] = [:]
        /// The local date (`2026-12-07`) of the last daily summary sent; nil: none yet.
        package var lastSummaryDay: String?
        /// How many times this state was written after a send: part of each message's id, so a
        /// message repeated after a killed run (whose state was not written) has the same id.
        package var sequence: Int?

        /// Creates an empty channel state.
        package init() {}
    }

    /// What a channel was told of one finding, and what was seen of it since.
    package struct Record: Codable, Sendable, Equatable {
        /// The level it was last told: `OK` when it was told that the problem ended (or never
        /// of a problem).
        package var said: String
        /// The levels seen at the last runs, oldest first, one letter each (`O`, `W`, `C`, `U`),
        /// at most `NotificationPlanner.window`.
        package var seen: String
        /// When the problem opened in this episode (Unix seconds).
        package var since: Int64?
        /// How many times it opened in this episode.
        package var occurrences: Int
        /// Changes are held until it is steady.
        package var flapping: Bool
        /// Its words when last seen as a problem: the resolved message says what ended.
        package var title: String
        package var reasons: [String]
        package var subject: String
        package var server: String?
        package var organization: String?
        package var organizationID: String?
        package var job: String?
    }

    /// The state at `path`: empty when there is none yet. A file that cannot be read or parsed
    /// is an error naming it (it is never silently replaced, which would repeat every message).
    package static func read(_ path: String) throws(Failure) -> NotificationState {
        guard FileManager.default.fileExists(atPath: path) else { return NotificationState() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(
                .noInput, path: path, "the notification state cannot be read",
                advice: "let the user the run is read it (chown vb365-report)")
        }
        do {
            return try JSONDecoder().decode(NotificationState.self, from: data)
        } catch {
            throw Failure(
                .dataError, path: path,
                "the notification state is not one this version can read (\(Self.reason(error)))",
                advice:
                    "move it away: the next run then starts afresh and tells every channel of every open problem once")
        }
    }

    /// Writes the state to `path` atomically (a new file renamed over the old one, synced).
    package func write(_ path: String) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: [UInt8]
        do {
            bytes = Array(try encoder.encode(self)) + [0x0A]
        } catch {
            throw Failure(.software, path: path, "the notification state cannot be encoded: \(error)")
        }
        do throws(WriteFailure) {
            let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if !folder.isEmpty { try DurableFile.createFolders(folder) }
            try DurableFile.write(bytes, to: path)
        } catch {
            throw Failure(
                error.exitStatus,
                diagnostics: [error.diagnostic(output: path, kept: "the earlier notification state")])
        }
    }

    /// A decoding error in a sentence.
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        default: return "\(error)"
        }
    }
}

extension CheckState {
    /// `O`, `W`, `C`, `U`: a level in a record's `seen`.
    var letter: Character {
        switch self {
        case .ok: return "O"
        case .warning: return "W"
        case .critical: return "C"
        case .unknown: return "U"
        }
    }

    /// The level of a letter or word of the state file; OK for anything else.
    init(stored: some StringProtocol) {
        switch stored.uppercased() {
        case "W", "WARNING": self = .warning
        case "C", "CRITICAL": self = .critical
        case "U", "UNKNOWN": self = .unknown
        default: self = .ok
        }
    }
}
