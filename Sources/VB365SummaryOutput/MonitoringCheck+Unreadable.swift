import VB365Statistics
import VB365Support

extension MonitoringCheck {
    /// The most unreadable files named one by one; the rest are counted.
    static let unreadableListed = 5

    /// A note for each input file left out because it could not be read (at most
    /// `unreadableListed`, then one that counts the rest), at the level of the policy's
    /// `unreadable`: whatever the scope, since any job's sessions may be in such a file.
    static func unreadableNotes(_ summary: Summary, policy: CheckPolicy) -> [CheckResult.Note] {
        let files = summary.unreadableFiles
        let state = policy.level(.unreadable)
        var notes = files.prefix(unreadableListed).map { file in
            CheckResult.Note(
                state: state, text: "input left out, it cannot be read: \(file.sentence)",
                key: "unreadable/\(file.path)")
        }
        if files.count > unreadableListed {
            notes.append(
                CheckResult.Note(
                    state: state,
                    text: "\(Formatting.count(files.count - unreadableListed, "more input file")) left out, unreadable",
                    key: "unreadable/more")
            )
        }
        return notes
    }
}
