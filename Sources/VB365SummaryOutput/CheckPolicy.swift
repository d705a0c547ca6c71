/// How `check` turns a job's findings into a monitoring state: the level of each finding, and
/// optional limits on the hours since a job's last success. The defaults follow `--fail-on`: a
/// missed, stale or failed job, and one that warned `SummaryOptions.warningStreakLimit` runs in a
/// row, is CRITICAL; a hung run, a warning, a run that ended in another status (Stopped,
/// Disconnected), a server whose last fetch failed and an input file that could not be read are
/// WARNING; a run that a retry or a later run recovered is OK (the job backed up), its reason still
/// listed. Each organization's protection is judged by `protection` (`ProtectionCheckThresholds`).
package struct CheckPolicy: Sendable, Equatable {
    /// What a job (or its server) can show.
    package enum Finding: String, CaseIterable, Sendable {
        /// No run started when one was due.
        case missed
        /// The last success is older than the maximum age (or there is none).
        case stale
        /// A run failed and no retry fixed it.
        case failed
        /// A run has gone on far longer than the job's runs take.
        case hung
        /// A run ended with a warning.
        case warning
        /// A run failed or warned, then a retry succeeded.
        case recovered
        /// A run ended Stopped, Disconnected, NotConfigured or in a status this tool does not know.
        case other
        /// The server's last fetch failed, or none has succeeded for more than a day, so its data
        /// is not up to date.
        case fetchFailed = "fetch-failed"
        /// An input file could not be read and was left out (any job's sessions may be in it).
        case unreadable
    }

    /// The level of each finding.
    package var levels: [Finding: CheckState] = [
        .missed: .critical, .stale: .critical, .failed: .critical, .hung: .warning, .warning: .warning,
        .recovered: .ok, .other: .warning, .fetchFailed: .warning, .unreadable: .warning,
    ]
    /// WARNING when a job's last success ended longer ago than this, in seconds; nil: no limit.
    package var warningAgeSeconds: Double?
    /// CRITICAL when a job's last success ended longer ago than this, in seconds; nil: no limit.
    package var criticalAgeSeconds: Double?
    /// How each organization's protection is judged, unless `protectionByOrganization` names it.
    package var protection = ProtectionCheckThresholds()
    /// Other limits for some organizations, by the organization's id (as VB365 gives it, without a
    /// server's `@address`).
    package var protectionByOrganization: [String: ProtectionCheckThresholds] = [:]

    /// The defaults.
    package init() {}

    /// The level of `finding`.
    package func level(_ finding: Finding) -> CheckState { levels[finding] ?? .ok }

    /// The limits the protection of the organization with id `organizationID` is judged by.
    package func protectionThresholds(for organizationID: String) -> ProtectionCheckThresholds {
        protectionByOrganization[organizationID] ?? protection
    }

    /// One `FINDING=LEVEL` (`hung=critical`, `recovered=ok`), parsed once.
    package struct Assignment: Sendable, Equatable {
        package var finding: Finding
        package var state: CheckState

        /// Parses `text`; the result is the reason when either word is not one of the documented
        /// ones.
        package static func parse(_ text: String) -> Result<Assignment, Refusal> {
            let parts = text.split(separator: "=", maxSplits: 1).map { String($0).lowercased() }
            guard parts.count == 2, let finding = Finding(rawValue: parts[0]) else {
                return .failure(
                    Refusal(
                        reason:
                            "it is not FINDING=LEVEL with a finding of \(Finding.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            guard let state = CheckState(word: parts[1]), state != .unknown else {
                return .failure(Refusal(reason: "'\(parts[1])' is not a level; use ok, warning or critical"))
            }
            return .success(Assignment(finding: finding, state: state))
        }
    }

    /// Why an assignment was refused, in a sentence.
    package struct Refusal: Error, Sendable, Equatable {
        package var reason: String
    }

    /// Sets a finding's level.
    package mutating func set(_ assignment: Assignment) { levels[assignment.finding] = assignment.state }
}
