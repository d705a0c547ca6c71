import ArgumentParser
import Foundation
import VB365Configuration
import VB365Notifying
import VB365Run
import VB365Support

/// `vb365-report notify`: tells the configured channels what changed, from the archive, without
/// fetching; or, with `--run-failed`, that the daily run failed (the systemd unit that runs when
/// `vb365-report.service` fails).
package struct NotifyCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Tell the configured Teams, Slack, Discord, webhook and PagerDuty channels what changed.",
        discussion: """
            Reads the archive the configuration names (nothing is fetched), judges each job, \
            organization's protection, server and infrastructure object as check does, in each \
            channel's scope (its organizations, servers and jobs), and sends a message only when \
            a problem opened, changed level or ended since the channel was last told (the state \
            file .vb365-notify.json in the archive folder remembers). A problem that keeps opening \
            and ending is said once, as flapping, and its changes are held until it is steady. run \
            does the same after its outputs, and tells every channel when it failed. \
            --preview FOLDER writes each message's body and an HTML page of how it reads there, \
            and sends nothing. --run-failed tells the channels that the daily run failed, for \
            vb365-report-failure.service (systemd's OnFailure=): a run that exited with a status \
            told them itself, so only a crash, a kill or a timeout is said (systemd's \
            MONITOR_SERVICE_RESULT).

            Exit status: 0 every channel was told (or nothing changed); else the first failure's: \
            64 no channel has that name, 66 an address or secret file cannot be read, 68 a \
            receiver cannot be reached, 73/74 the state file cannot be written, 75 another run is \
            going or a receiver stayed busy (429, 5xx), 76 a receiver refused the message (4xx), \
            77 TLS failed, 78 the configuration is not valid or configures no channel.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(
        name: .customLong("channel"),
        help: ArgumentHelp("Only the channel with this name (repeat for more). Default: every one.", valueName: "name"))
    var channels: [String] = []

    @Option(
        help: ArgumentHelp(
            "Write each message (its JSON body and an HTML preview) into this folder, send nothing, and leave the state file as it is.",
            valueName: "folder"))
    var preview: String?

    @Flag(help: "Tell the channels that the daily run failed (for vb365-report-failure.service).")
    var runFailed = false

    @Option(help: ArgumentHelp("With --run-failed: why, in a sentence (default: from systemd's MONITOR_* variables)."))
    var reason: String?

    @Option(
        help: "The current time (ISO 8601), for reproducible runs. Default: the system clock.", transform: Moment.parse)
    var now: Moment?

    package init() {}

    package func run() async throws {
        let configuration = try options.load(command: "notify", kept: "nothing was sent")
        var result: Notifier.RunResult?
        if runFailed {
            let environment = ProcessInfo.processInfo.environment
            guard let failure = Self.failure(reason: reason, environment: environment) else {
                DiagnosticPrinter.printLine(
                    "\(Diagnostic.tool): notify: the run exited with status \(environment["MONITOR_EXIT_STATUS"] ?? "?") and told the channels itself; nothing to add",
                    level: .note)
                return
            }
            result = failure
        }
        let daily = DailyRun(configuration, now: now?.timestamp, toolVersion: ReportCommand.toolVersion)
        let outcome = await daily.notifyNow(channelNames: channels, previewFolder: preview, run: result)
        if outcome.exitStatus != .success { throw Failure(outcome.exitStatus, diagnostics: []) }
    }

    /// The failed run to tell of: `reason` when given; else from systemd's `MONITOR_*` variables,
    /// nil when the run exited by itself (`exit-code`: it told the channels itself).
    static func failure(reason: String?, environment: [String: String]) -> Notifier.RunResult? {
        let unit = environment["MONITOR_UNIT"] ?? "vb365-report.service"
        if let reason {
            return .failed(what: "finish its run", reason: reason, status: .software)
        }
        let result = environment["MONITOR_SERVICE_RESULT"] ?? ""
        let status = environment["MONITOR_EXIT_STATUS"] ?? ""
        let why: String
        switch result {
        case "exit-code": return nil
        case "timeout": why = "\(unit) ran longer than its time limit (TimeoutStartSec) and was stopped"
        case "signal": why = "\(unit) was killed by signal \(status.isEmpty ? "(unknown)" : status)"
        case "core-dump": why = "\(unit) crashed (signal \(status.isEmpty ? "(unknown)" : status), core dumped)"
        case "oom-kill": why = "\(unit) was killed for using too much memory (the OOM killer)"
        case "watchdog": why = "\(unit) stopped answering systemd's watchdog"
        case "start-limit-hit": why = "\(unit) was started too often and systemd stopped starting it"
        case "resources": why = "systemd could not set up \(unit) (resources)"
        case "": why = "\(unit) failed (systemd gave no reason: is this systemd older than 250?)"
        default: why = "\(unit) ended with \(result)"
        }
        return .failed(what: "finish its run", reason: why, status: .software)
    }
}
