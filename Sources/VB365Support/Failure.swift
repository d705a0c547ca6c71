/// An error that ends a command: what to tell the user, and the exit status. Every stage's
/// error conforms, so one printer reports any of them the same way and one table of exit
/// statuses holds for every command.
public protocol ReportableError: Error, CustomStringConvertible {
    /// The exit status the run ends with.
    var exitStatus: ExitStatus { get }
    /// What to print on standard error, in order.
    var diagnostics: [Diagnostic] { get }
}

extension ReportableError {
    /// The diagnostics, one per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A failure that belongs to no stage's own error type: a status and what to say.
public struct Failure: ReportableError, Sendable {
    public var exitStatus: ExitStatus
    public var diagnostics: [Diagnostic]

    /// A failure with several diagnostics (for example every unreadable input, then a summary).
    public init(_ status: ExitStatus, diagnostics: [Diagnostic]) {
        self.exitStatus = status
        self.diagnostics = diagnostics
    }

    /// The run worked and found what the user asked about (`--fail-on` matched, an invalid file):
    /// exit 1 with nothing more to say.
    public static let findings = Failure(.findings, diagnostics: [])

    /// The run worked but the window held nothing to judge (`--fail-on` on no data): exit 3,
    /// with a sentence so that a cron mail says why.
    public static let noData = Failure(
        .noData, "no data: the window holds no session, so nothing can be judged",
        advice: "check that the fetch ran and that --since/--until cover the backups")

    /// A failure with one error diagnostic.
    public init(
        _ status: ExitStatus, path: String? = nil, position: SourcePosition? = nil, _ message: String,
        advice: String? = nil
    ) {
        self.init(
            status,
            diagnostics: [Diagnostic(path: path, position: position, level: .error, message: message, advice: advice)])
    }
}
