import Crypto
import VB365Model
import VB365SummaryOutput
import VB365Support
import VB365Text

/// Decides what a channel is told, from what it was told (its state) and the findings now:
/// a message when a problem opens, changes level or ends, nothing when nothing changed. A problem
/// that opens a second time within `window` runs is flapping: that is said once, and its changes
/// are held until it has stayed at one level for `steadyRuns` runs (then, if that level is not
/// the one said, one message). Pure: the same state and findings give the same plan.
package struct NotificationPlanner: Sendable {
    /// How many runs a record remembers, and the span in which a second opening is flapping.
    package static let window = 10
    /// How many runs in a row at one level end flapping.
    package var steadyRuns = 3
    package var channel: NotificationChannel
    /// The time judged at (the run's `now`).
    package var now: Timestamp
    package var zone: LocalTime

    /// Creates a planner.
    package init(channel: NotificationChannel, now: Timestamp, zone: LocalTime) {
        self.channel = channel
        self.now = now
        self.zone = zone
    }

    /// What a plan gives: the events, the problems open after them, and the channel's new state.
    package struct Plan: Sendable {
        package var events: [NotificationEvent]
        package var open: [Finding]
        package var state: NotificationState.Channel
        /// The state's `sequence` before this run (for the messages' ids).
        package var sequence = 0
    }

    /// Compares `findings` with `state`. A remembered finding that is missing from `findings` is
    /// OK now (the problem is gone) when its subject is in `judged`; one of another subject is
    /// left as it was (a run that read no data judged only itself).
    package func plan(_ findings: [Finding], judged: Set<Finding.Subject>, state: NotificationState.Channel) -> Plan {
        var state = state
        var events: [NotificationEvent] = []
        var open: [Finding] = []
        var byKey: [String: Finding] = [:]
        for finding in findings where byKey[finding.key] == nil { byKey[finding.key] = finding }
        let remembered = state.records.filter { judged.contains(Finding.Subject(rawValue: $0.value.subject) ?? .data) }
        for key in Set(byKey.keys).union(remembered.keys).sorted() {
            let finding = byKey[key]
            if finding == nil, state.records[key]?.subject == Finding.Subject.security.rawValue {
                // A security finding is told once: its session leaving the window ends nothing.
                state.records[key] = nil
                continue
            }
            if let finding, finding.held {
                // Nothing new: what was said stands, unseen this run.
                if let record = state.records[key], CheckState(stored: record.said) != .ok {
                    open.append(finding.with(level: CheckState(stored: record.said)))
                }
                continue
            }
            let observed = finding?.level ?? .ok
            // Below the channel's level is OK for the channel (UNKNOWN is above every level).
            let effective = observed >= channel.level ? observed : .ok
            guard var record = state.records[key] ?? finding.flatMap({ effective != .ok ? Self.record($0) : nil })
            else { continue }
            record.seen = String((record.seen + String(effective.letter)).suffix(Self.window))
            if let finding, effective != .ok { Self.remember(finding, in: &record) }
            if let event = step(&record, key: key, finding: finding, observed: observed, effective: effective) {
                events.append(event)
            }
            // Open is what the channel was told is open (a flapping problem at the level said).
            let said = CheckState(stored: record.said)
            if said != .ok {
                open.append((finding ?? Self.finding(of: record, key: key, level: said)).with(level: said))
            }
            let done = said == .ok && !record.flapping && !record.seen.contains { $0 != "O" }
            state.records[key] = done ? nil : record
        }
        // Problems not judged now stay open as they were said.
        for (key, record) in state.records where byKey[key] == nil && remembered[key] == nil {
            let said = CheckState(stored: record.said)
            if said != .ok { open.append(Self.finding(of: record, key: key, level: said)) }
        }
        let sequence = state.sequence ?? 0
        if !events.isEmpty { state.sequence = sequence + 1 }
        return Plan(events: Self.ordered(events), open: Self.ordered(open), state: state, sequence: sequence)
    }

    /// One record's step: its new `said`, `since`, `occurrences` and `flapping`, and the event
    /// to send, if any.
    func step(
        _ record: inout NotificationState.Record, key: String, finding: Finding?, observed: CheckState,
        effective: CheckState
    ) -> NotificationEvent? {
        let said = CheckState(stored: record.said)
        let shown = finding ?? Self.finding(of: record, key: key, level: observed)
        if record.flapping {
            let recent = record.seen.suffix(steadyRuns)
            if effective != .ok && record.seen.dropLast().last == "O" { record.occurrences += 1 }
            guard recent.count == steadyRuns, Set(recent).count == 1 else { return nil }
            record.flapping = false
            guard effective != said else { return nil }
            let event = NotificationEvent(
                change: .steady, finding: shown.with(level: effective), previous: said,
                since: record.since.map(Self.time),
                occurrences: record.occurrences, summary: steadyWords(record, shown: shown, effective: effective))
            settle(&record, at: effective)
            return event
        }
        if said == .ok && effective != .ok {
            let openings = Self.openings(record.seen)
            if openings >= 2 {
                record.flapping = true
                record.occurrences = openings
                record.since = record.since ?? Self.seconds(now)
                record.said = effective.word
                return NotificationEvent(
                    change: .flapping, finding: shown, since: record.since.map(Self.time), occurrences: openings,
                    summary:
                        "\(shown.reasons.first ?? effective.word.lowercased()); it opened \(openings) times in the last \(record.seen.count) runs, so further changes are held until it stays the same for \(steadyRuns) runs"
                )
            }
            record.since = Self.seconds(now)
            record.occurrences = 1
            record.said = effective.word
            return NotificationEvent(
                change: .opened, finding: shown, since: Self.time(Self.seconds(now)),
                summary: shown.reasons.first ?? effective.word.lowercased())
        }
        if said != .ok && effective == .ok {
            let event = NotificationEvent(
                change: .resolved, finding: shown.with(level: .ok), previous: said, since: record.since.map(Self.time),
                occurrences: record.occurrences, summary: resolvedWords(record, finding: finding, observed: observed))
            settle(&record, at: .ok)
            return event
        }
        guard said != effective else { return nil }
        record.said = effective.word
        return NotificationEvent(
            change: effective > said ? .raised : .lowered, finding: shown, previous: said,
            since: record.since.map(Self.time), occurrences: record.occurrences,
            summary: "now \(effective.word), was \(said.word): \(shown.reasons.first ?? "")")
    }

    /// Sets what was said; at OK, the episode ends.
    func settle(_ record: inout NotificationState.Record, at level: CheckState) {
        record.said = level.word
        if level == .ok {
            record.since = nil
            record.occurrences = 0
        }
    }

    /// `succeeded at 2026-12-07 23:45 CET; it was CRITICAL for 2 d 1 h: failed (2 of 2 runs; …)`.
    func resolvedWords(_ record: NotificationState.Record, finding: Finding?, observed: CheckState) -> String {
        let now: String
        if observed != .ok {
            now = "now \(observed.word), below this channel's level (\(channel.level.word))"
        } else if let finding, finding.subject == .job || finding.subject == .run, let first = finding.reasons.first {
            now = first
        } else if finding == nil {
            now = "no longer found"
        } else {
            now = "OK now"
        }
        let lasted = record.since.map { " for \(FreshnessText.roughly(self.now.seconds(since: Self.time($0))))" } ?? ""
        let said = CheckState(stored: record.said).word
        let times = record.occurrences > 1 ? " (opened \(record.occurrences) times)" : ""
        return "\(now); it was \(said)\(lasted)\(times): \(record.reasons.first ?? "")"
    }

    /// What a steady end of flapping says.
    func steadyWords(_ record: NotificationState.Record, shown: Finding, effective: CheckState) -> String {
        let times = "after opening \(record.occurrences) times"
        if effective == .ok {
            return "steady at OK for \(steadyRuns) runs \(times): \(shown.reasons.first ?? "")"
        }
        return "steady at \(effective.word) for \(steadyRuns) runs \(times): \(shown.reasons.first ?? "")"
    }

    /// How many times the levels in `seen` go from OK to a problem (a first problem counts).
    static func openings(_ seen: String) -> Int {
        var previous: Character = "O"
        var count = 0
        for letter in seen {
            if previous == "O" && letter != "O" { count += 1 }
            previous = letter
        }
        return count
    }

    /// A new record for `finding`.
    static func record(_ finding: Finding) -> NotificationState.Record {
        NotificationState.Record(
            said: CheckState.ok.word, seen: "", since: nil, occurrences: 0, flapping: false, title: finding.title,
            reasons: finding.reasons, subject: finding.subject.rawValue, server: finding.server,
            organization: finding.organization, organizationID: finding.organizationID, job: finding.job)
    }

    /// Keeps the words of a problem seen now.
    static func remember(_ finding: Finding, in record: inout NotificationState.Record) {
        record.title = finding.title
        record.reasons = finding.reasons
        record.subject = finding.subject.rawValue
        record.server = finding.server
        record.organization = finding.organization
        record.organizationID = finding.organizationID
        record.job = finding.job
    }

    /// The finding a record remembers, at `level`.
    static func finding(of record: NotificationState.Record, key: String, level: CheckState) -> Finding {
        Finding(
            key: key, subject: Finding.Subject(rawValue: record.subject) ?? .data, level: level, title: record.title,
            reasons: record.reasons, server: record.server, organization: record.organization,
            organizationID: record.organizationID, job: record.job)
    }

    /// Worst first, then by title (stable).
    static func ordered(_ events: [NotificationEvent]) -> [NotificationEvent] {
        events.sorted { a, b in
            let (x, y) = (rank(a), rank(b))
            return x != y ? x > y : a.finding.title < b.finding.title
        }
    }

    /// Worst first, then by title.
    static func ordered(_ findings: [Finding]) -> [Finding] {
        findings.sorted { a, b in a.level != b.level ? a.level > b.level : a.title < b.title }
    }

    /// An event's weight: the level it is at (a resolution by the level it was).
    static func rank(_ event: NotificationEvent) -> CheckState {
        event.change == .resolved || event.finding.level == .ok ? event.previous ?? .ok : event.finding.level
    }

    /// Whole Unix seconds.
    static func seconds(_ t: Timestamp) -> Int64 { Int64(t.secondsSince1970.rounded(.down)) }

    /// A time from Unix seconds.
    static func time(_ seconds: Int64) -> Timestamp { Timestamp(secondsSince1970: seconds) }
}

extension Finding {
    /// The same finding at `level`.
    func with(level: CheckState) -> Finding {
        var copy = self
        copy.level = level
        return copy
    }
}
