import ArgumentParser
import VB365Support

/// The `vb365-report` command and its subcommands.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct ReportCommand: AsyncParsableCommand {
    /// The tool's version, written into reports and JSON output; `--version` adds the build's commit.
    public static let toolVersion = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "vb365-report",
        abstract: "Reports on Veeam Backup for Microsoft 365 job sessions.",
        discussion: """
            Reads job-session JSON from any VB365 REST API version (v1 to v8), saved to files or \
            folders, and says whether last night's backups worked and whether they are getting slower.

            Exit status: 0 success; 1 --fail-on matched; 64 bad usage; 65 an input could not be read.
            """,
        version: BuildInfo.versionLine(toolVersion),
        subcommands: [
            SummaryCommand.self, RenderCommand.self, ValidateCommand.self, FetchCommand.self, FetchReportCommand.self,
            EmailCommand.self, TicketCommand.self, SiteCommand.self, RunCommand.self, ConfigCommand.self,
        ]
    )

    public init() {}
}
