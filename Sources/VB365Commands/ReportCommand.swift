import ArgumentParser
import VB365Support

/// The `vb365-report` command and its subcommands.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
package struct ReportCommand: AsyncParsableCommand {
    /// The tool's version, written into reports and JSON output; `--version` adds the build's commit.
    package static let toolVersion = "0.1.0"

    package static let configuration = CommandConfiguration(
        commandName: "vb365-report",
        abstract: "Reports on Veeam Backup for Microsoft 365 backups: the daily job, and each of its steps.",
        discussion: """
            The daily job is described once in a configuration file (/etc/vb365-report/config.yaml; \
            every key: /usr/share/doc/vb365-report/configuration.md) and done by `vb365-report run`, \
            which the package's systemd timer starts every morning: it fetches each VB365 server (REST \
            API v1 to v8) into an archive, then makes the report, the site, the e-mail and the tickets. \
            `vb365-report config check` says whether the file, and what it names, will work. The other \
            commands do one step each, from flags, on saved job-session JSON (files or folders) or a \
            server: they say whether last night's backups worked and whether they are getting slower.

            Exit status: 0 success; 1 --fail-on (or window.fail-on) matched, or a file is not valid; 3 \
            no data to judge; 64 bad usage; 65 an input could not be read; 66 a file it needs cannot be \
            read; 67 a login was refused; 68 a server cannot be reached; 69 the DTDs or sendmail are \
            missing; 70 a page failed validation; 73 an output cannot be written; 74 the disk is full; \
            75 try later (a server stayed busy, another run is going); 76 a server's answer cannot be \
            used; 77 TLS failed; 78 a configuration or template cannot be used. Each command's page \
            says which of these it gives.
            """,
        version: BuildInfo.versionLine(toolVersion),
        subcommands: [
            RunCommand.self, ConfigCommand.self, NotifyCommand.self, SummaryCommand.self, RenderCommand.self,
            ValidateCommand.self,
            FetchCommand.self, FetchReportCommand.self, EmailCommand.self, TicketCommand.self, SiteCommand.self,
            CheckCommand.self, MetricsCommand.self,
        ]
    )

    package init() {}
}
