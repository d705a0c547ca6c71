import VB365Support

/// The run's log: one line on standard error for each step (`vb365-report: fetch vbo: …`), with
/// its syslog priority when standard error is the journal (`DiagnosticPrinter.toJournal`), and
/// the worst exit status so far.
package struct StepLog: Sendable {
    /// One step: its name, how it ended and its line.
    package struct Entry: Sendable {
        package var step: String
        package var status: ExitStatus
        package var line: String
    }

    package private(set) var entries: [Entry] = []
    /// The worst status: the first error's, else no data, else findings, else success.
    package private(set) var worst: ExitStatus = .success

    /// Creates an empty log.
    package init() {}

    /// A step that worked.
    mutating func done(_ step: String, _ text: String, since start: ContinuousClock.Instant) {
        done(step, text, seconds: Formatting.seconds(ContinuousClock.now - start))
    }

    /// A step that worked, and how long it took.
    mutating func done(_ step: String, _ text: String, seconds: Double) {
        add(step, .success, "\(step): \(text) (\(Self.tenths(seconds)) s)", level: .note)
    }

    /// A step that failed with `error`; its diagnostics are printed first, then the step's line.
    mutating func failed(_ step: String, _ error: any Error, detail: String? = nil) {
        let reportable = error as? any ReportableError
        let status = reportable?.exitStatus ?? .software
        let diagnostics = reportable?.diagnostics ?? [Diagnostic(message: "\(error)")]
        DiagnosticPrinter.print(diagnostics.filter { $0.level != .error })
        let first = diagnostics.first { $0.level == .error } ?? diagnostics.first
        var text = "\(step) failed (exit \(status.rawValue))"
        if let first { text += ": " + Self.sentence(first) }
        if let detail { text += "; " + detail }
        add(step, status, text, level: .error)
        for more in diagnostics.filter({ $0.level == .error }).dropFirst() { DiagnosticPrinter.print(more) }
    }

    /// A step that failed without an error value.
    mutating func failed(_ step: String, status: ExitStatus, _ text: String) {
        add(step, status, "\(step) failed (exit \(status.rawValue)): \(text)", level: .error)
    }

    /// A step left for a later run (it says why); it does not change the exit status.
    mutating func postponed(_ step: String, _ text: String) {
        add(step, .success, "\(step): \(text)", level: .warning)
    }

    /// What the run found that sets its status (`fail-on`): findings or no data.
    mutating func finding(_ status: ExitStatus, _ text: String) {
        add("verdict", status, "verdict: \(text) (exit \(status.rawValue))", level: .warning)
    }

    /// The closing line: how many steps failed, and the exit status.
    mutating func summary(since start: ContinuousClock.Instant, name: String = "run") {
        let failed = entries.filter { $0.status.rawValue >= ExitStatus.usage.rawValue }.count
        let seconds = Self.tenths(Formatting.seconds(ContinuousClock.now - start))
        let text =
            failed == 0
            ? "\(name) finished: \(Formatting.count(entries.count, "step")), exit \(worst.rawValue) (\(seconds) s)"
            : "\(name) finished with \(Formatting.count(failed, "failed step")) of \(entries.count): exit \(worst.rawValue) (\(seconds) s)"
        DiagnosticPrinter.printLine("\(Diagnostic.tool): \(text)", level: failed == 0 ? .note : .error)
    }

    private mutating func add(_ step: String, _ status: ExitStatus, _ line: String, level: Diagnostic.Level) {
        entries.append(Entry(step: step, status: status, line: line))
        if Self.rank(status) > Self.rank(worst) { worst = status }
        let prefix = level == .error ? "error: " : level == .warning ? "warning: " : ""
        DiagnosticPrinter.printLine("\(Diagnostic.tool): \(prefix)\(line)", level: level)
    }

    /// Success < findings < no data < any error; among errors the first stays.
    static func rank(_ status: ExitStatus) -> Int {
        switch status {
        case .success: 0
        case .findings: 1
        case .noData: 2
        default: 3
        }
    }

    /// A diagnostic inside a step's line: its place, message and advice, without the tool's
    /// name and level in front (the line has them) or a full stop in the middle.
    static func sentence(_ d: Diagnostic) -> String {
        var place = ""
        if let path = d.path {
            place = path + (d.position.map { ":\($0.line):\($0.column)" } ?? "") + ": "
        }
        func trimmed(_ text: String) -> String { text.hasSuffix(".") ? String(text.dropLast()) : text }
        return place + trimmed(d.message) + (d.advice.map { "; " + trimmed($0) } ?? "")
    }

    static func tenths(_ seconds: Double) -> String {
        let tenths = Int((max(0, seconds) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
