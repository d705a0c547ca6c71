import ArgumentParser
import Foundation
import VB365Configuration
import VB365Run
import VB365Support

/// Where the configuration comes from, and what a run sets over it: shared by `run` and
/// `config check`.
package struct ConfigOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The configuration file. (default: $VB365_REPORT_CONFIG, else \(ConfigurationLoader.defaultPath))",
            valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set a key for this run, over the file and the environment: window.max-age=30h, email.only-if=failed (repeat for more).",
            valueName: "key=value"))
    var settings: [String] = []

    package init() {}

    /// The configuration file's path.
    var path: String {
        ConfigurationLoader.path(explicit: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration, with the `--set` values over it; when it is not valid, every problem
    /// is printed, then `<command> stopped: the configuration is not valid (exit 78); <kept>`.
    func load(command: String, kept: String) throws -> Configuration {
        do {
            return try ConfigurationLoader.load(path: path, settings: settings)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            DiagnosticPrinter.printLine(
                "\(Diagnostic.tool): error: \(command) stopped: the configuration is not valid (exit \(error.exitStatus.rawValue)); \(kept)",
                level: .error)
            throw Failure(error.exitStatus, diagnostics: [])
        }
    }
}

/// `vb365-report run`: the configured daily job.
package struct RunCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Do the configured daily job: fetch each server, then make the report, site, e-mail and tickets.",
        discussion: """
            Reads the configuration file (every key: /usr/share/doc/vb365-report/configuration.md; \
            a commented example: /usr/share/vb365-report/config.yaml), with each environment variable \
            VB365_REPORT_<KEY> over it (the key's path in capitals, with _ for . and -: \
            VB365_REPORT_WINDOW_MAX_AGE=30h, VB365_REPORT_SERVERS_1_ADDRESS=https://vbo.example.com:4443) \
            and each --set over that (--set window.max-age=30h). Nothing is fetched or written unless \
            all of it is valid and what it names is usable (password files kept secret, folders \
            writable, the DTDs and templates present). Then it fetches each server into the archive, \
            removes archive files older than archive.retention, reads the archive once, and makes every \
            configured output; with monthly:, its first run of a month also writes the monthly reports \
            of the month that ended, per organization, once. A step that fails is logged and the run goes on with the next (a server \
            whose fetch failed is named first in every output, under Not up to date); each step writes \
            one line on standard error (with its priority, when that is the systemd journal).

            Exit status: the worst thing that happened: 0 every step worked; 1 the window reaches \
            window.fail-on; 3 with window.fail-on, the window holds no session; else the first failed \
            step's status, as the one-off commands give it (66 a password or certificate file cannot be \
            read, 67 the login was refused, 68 a server cannot be reached, 69 sendmail or the DTDs are \
            missing, 70 a page failed validation, 73 a folder cannot be written, 74 the disk is full, 75 \
            another run is going or a server stayed busy, 76 a server's answer cannot be used, 77 TLS \
            failed, 78 the configuration is not valid).
            """)

    @OptionGroup var options: ConfigOptions

    @Option(
        help: "The current time (ISO 8601), for reproducible runs. Default: the system clock.", transform: Moment.parse)
    var now: Moment?

    @Flag(help: "Leave out warnings about unusable values in the archive.")
    var quiet = false

    package init() {}

    package func run() async throws {
        let configuration = try options.load(command: "run", kept: "nothing was fetched or written")
        var daily = DailyRun(configuration, now: now?.timestamp, toolVersion: ReportCommand.toolVersion)
        daily.quiet = quiet
        let outcome = await daily.run()
        if outcome.exitStatus != .success { throw Failure(outcome.exitStatus, diagnostics: []) }
    }
}

/// `vb365-report config`: the configuration file's commands.
package struct ConfigCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration file, and what it names, before the daily run uses it.",
        subcommands: [ConfigCheckCommand.self])

    package init() {}
}

/// `vb365-report config check`.
package struct ConfigCheckCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the configuration, its secret files, each server's login, the DTDs, folders and mail.",
        discussion: """
            Checks, without fetching or writing anything: the file (unknown keys, wrong types and \
            values, each with file:line:column), the environment variables and --set values over it, \
            each password or token file (refused when other users may read it, as ssh does), each \
            server (it answers, and the login works), the templates, the XHTML DTDs, each output folder \
            (writable, or can be created) and the mail transport. One line per check: ok, warn or FAIL.

            Exit status: 0 everything is usable; else the first failure's: 66 a file cannot be read, \
            67 a login was refused, 68 a server cannot be reached, 69 the DTDs or sendmail are missing, \
            73 a folder cannot be written, 76 a server's answer cannot be used, 77 TLS failed, 78 the \
            configuration is not valid.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Do not contact the servers (check the file, secrets, folders, DTDs and mail only).")
    var offline = false

    package init() {}

    package func run() async throws {
        let report = await ConfigCheck.run(
            path: options.path, settings: options.settings, offline: offline, toolVersion: ReportCommand.toolVersion)
        StandardOutput.write(report.text)
        if report.exitStatus != .success { throw Failure(report.exitStatus, diagnostics: []) }
    }
}
