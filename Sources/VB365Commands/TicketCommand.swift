import ArgumentParser
import VB365Delivery
import VB365Pipeline

/// `vb365-report ticket`: one session, or every final failure of the window, as a
/// self-contained XHTML file and a Markdown file each, for a support ticket.
package struct TicketCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Write a session as a self-contained XHTML file and a Markdown file to attach to a ticket.",
        discussion: """
            SESSION is a session id, or the start of one (at least 8 characters); or final-failures: \
            every session of the window that failed and ended its run (the last attempt of its retry \
            chain, with no retry to follow), so one per run whose last attempt failed and none for a \
            failure a retry recovered. The files are named <job>-<date>-<status>-<short id>.html and \
            .md: the session's facts, its comparison with the previous run and the job's median, the \
            job's recent sessions, and the warning and error lines of its log. --redact masks \
            organization names, people's names, user, host and server names, and e-mail and IP \
            addresses, the same name always with the same mask, before anything is written.

            Exit status: 0 written (with final-failures, also when no session failed: nothing is \
            printed); 64 bad usage or no such session; 65 an input could not be read; 69 the XHTML \
            DTDs are missing; 70 a page is not valid XHTML (nothing was written); 73 the folder cannot \
            be written; 74 the disk is full (or failed); 78 a template cannot be used; with --server, \
            the statuses of fetch.
            """)

    @Argument(
        help: ArgumentHelp(
            "The session's id, or its first characters (8 or more); or final-failures.", valueName: "session"),
        transform: TicketSelection.parse)
    var session: TicketSelection

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "The folder to write the files into (created when missing).")
    var out = "."

    @Flag(help: "Mask organization and people's names, user, host and server names, and e-mail and IP addresses.")
    var redact = false

    @OptionGroup var look: LookOptions
    @OptionGroup var split: SplitOptions

    package init() {}

    package func run() async throws {
        let pipeline = report.pipeline(source.source, look: look.settings, split: split)
        for path in try await pipeline.ticket(session, folder: out, redact: redact) {
            StandardOutput.write(path + "\n")
        }
    }
}

extension TicketSelection {
    /// Parses SESSION.
    @Sendable static func parse(_ text: String) throws -> TicketSelection {
        guard let selection = TicketSelection(text) else {
            throw ValidationError("it is neither final-failures nor a session id or its first 8 characters or more")
        }
        return selection
    }
}
