import ArgumentParser
import VB365Configuration
import VB365Pipeline
import VB365Run
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365Text

/// `vb365-report check`: a monitoring plugin (Icinga 2, Nagios, Checkmk, Zabbix) over saved
/// sessions or the configured archive.
package struct CheckCommand: AsyncParsableCommand, OwnUsageStatus {
    package static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the backups as a monitoring plugin: OK, WARNING, CRITICAL or UNKNOWN, with performance data.",
        discussion: """
            Follows the Monitoring Plugins guidelines: the first line is VB365 OK|WARNING|CRITICAL|UNKNOWN \
            - what matters most; then a line per job, worst first; then, after |, each job's performance data \
            ('<job> duration'=s, 'transferred'=B, 'processing_rate' in bytes per second, \
            'hours_since_success' with --warning-age and --critical-age as its thresholds). A job's state is \
            the worst of its findings' levels: missed, stale and failed are CRITICAL, and so is a warning \
            --warning-streak (3) runs in a row; hung, warning, other (Stopped, Disconnected) and \
            fetch-failed (its server's last fetch failed) are WARNING; recovered (a retry or a later run \
            succeeded) is OK; change one with --level FINDING=LEVEL (ok, warning or critical). A job is stale when \
            its last completed backup is older than its RPO (--rpo, else --max-age or its own interval, \
            when it runs less often). \
            --job, --organization and --server narrow the check to some jobs (by name or id; a server by \
            name or address; repeat for more), for one monitored service per job or per tenant.

            With --config, it reads the archive the configuration names (what the last `run` or \
            `fetch --config` fetched; it does not fetch itself), with the configured server names, window \
            and thresholds (change them with --set; the window options here do not apply, but \
            --protection-rpo and --exclude-mask, when given, replace protection.rpo and protection.exclude).

            --format checkmk-local prints Checkmk local-check lines instead: a "VB365" service with the \
            first line, then a "VB365 <job>" service per job (STATE "NAME" metric=value;warn;crit;min;|... \
            text).

            Exit status: 0 OK; 1 WARNING; 2 CRITICAL; 3 UNKNOWN: no data (the window holds no session and \
            no job is missed, stale or hung), a --job, --organization or --server that matches nothing \
            (the names there are are listed), an input or configuration that cannot be read, or bad usage \
            (a plugin exits 3 on its own errors, unlike the other commands).
            """
    )

    package static var usageStatus: ExitStatus { .noData }

    package static func usageLine(_ message: String) -> String {
        "VB365 UNKNOWN - bad usage: " + message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Output formats of `check`.
    package enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case plugin
        case checkmkLocal = "checkmk-local"
    }

    @Argument(help: ArgumentHelp("Files, folders or - (standard input); none with --config.", valueName: "input"))
    var inputs: [String] = []

    @OptionGroup var report: ReportOptions
    @OptionGroup var zone: TimeZoneOption

    @Option(
        help: ArgumentHelp(
            "Read the archive of this configuration file instead of INPUT (as `run` reads it, without fetching).",
            valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("With --config: set a key (window.max-age=30h; repeat for more).", valueName: "key=value"))
    var settings: [String] = []

    @Option(help: ArgumentHelp("Check only the job of this name or id (repeat for more).", valueName: "name"))
    var job: [String] = []

    @Option(help: ArgumentHelp("Check only the jobs of this organization, by name or id.", valueName: "name"))
    var organization: [String] = []

    @Option(help: ArgumentHelp("Check only the jobs of this server, by name or address.", valueName: "name"))
    var server: [String] = []

    @Option(
        help: ArgumentHelp(
            "The state a finding gives: missed, stale, failed, hung, warning, recovered, other or fetch-failed = ok, warning or critical (repeat for more).",
            valueName: "finding=level"),
        transform: LevelSetting.parse)
    var level: [LevelSetting] = []

    @Option(
        help: "WARNING when a job's last success ended longer ago than this (26h, 2d). (default: no limit)",
        transform: TimeSpan.parse)
    var warningAge: TimeSpan?

    @Option(
        help: "CRITICAL when a job's last success ended longer ago than this (48h, 3d). (default: no limit)",
        transform: TimeSpan.parse)
    var criticalAge: TimeSpan?

    @Option(help: "plugin (Monitoring Plugins: Icinga 2, Nagios, Zabbix) or checkmk-local.")
    var format: Format = .plugin

    package init() {}

    package func validate() throws {
        if config == nil && inputs.isEmpty {
            throw ValidationError("Name at least one input (a file, a folder or -), or give --config.")
        }
        if config != nil && !inputs.isEmpty { throw ValidationError("Give INPUT or --config, not both.") }
        if config == nil && !settings.isEmpty { throw ValidationError("--set needs --config.") }
        if let w = warningAge, let c = criticalAge, w.seconds > c.seconds {
            throw ValidationError("--warning-age must not be longer than --critical-age.")
        }
    }

    /// The most problems an UNKNOWN for an unreadable input lists.
    static let problemsListed = 20

    /// `file:line:column: message`, or the message alone.
    static func line(_ d: Diagnostic) -> String {
        guard let path = d.path else { return d.message }
        return path + (d.position.map { ":\($0.line):\($0.column)" } ?? "") + ": " + d.message
    }

    /// The policy the options give.
    var policy: CheckPolicy {
        var policy = CheckPolicy()
        for setting in level { policy.set(setting.assignment) }
        policy.warningAgeSeconds = warningAge?.seconds
        policy.criticalAgeSeconds = criticalAge?.seconds
        return policy
    }

    package func run() async throws {
        let result: CheckResult
        do {
            let (summary, configuredZone, protection) = try await read()
            var policy = self.policy
            if let warning = protection?.unprotectedWarning { policy.protection.warningObjects = warning }
            if let critical = protection?.unprotectedCritical { policy.protection.criticalObjects = critical }
            result = MonitoringCheck.evaluate(
                summary, policy: policy, scope: CheckScope(jobs: job, organizations: organization, servers: server),
                zone: zone.zone(or: configuredZone))
        } catch {
            // A plugin speaks on standard output only (Icinga 2 would mix standard error into
            // its output): the first problem on the first line, every problem on a line of its own.
            let diagnostics = (error as? any ReportableError)?.diagnostics ?? []
            let errors = diagnostics.filter { $0.level == .error }
            let first = errors.first { $0.path != nil } ?? errors.first
            var unknown = MonitoringCheck.unknown("cannot read the input: " + (first.map(Self.line) ?? "\(error)"))
            unknown.notes = errors.prefix(Self.problemsListed).map { .init(state: .unknown, text: Self.line($0)) }
            result = unknown
        }
        StandardOutput.write(format == .plugin ? result.pluginOutput() : result.checkmkLocal())
        switch result.state {
        case .ok: break
        case .warning: throw Failure(.findings, diagnostics: [])
        case .critical: throw Failure(.critical, diagnostics: [])
        case .unknown: throw Failure(.noData, diagnostics: [])
        }
    }

    /// `pipeline` judging protection from each organization's newest snapshot alone: the check's
    /// verdict is the state now, and a month of snapshots of a large estate takes minutes to read.
    static func withoutHistory(_ pipeline: Pipeline) -> Pipeline {
        var configuration = pipeline.configuration
        configuration.protectionHistory = false
        return Pipeline(configuration)
    }

    /// The summary of INPUT, or of the configured archive, the configuration's time zone (UTC
    /// without one) and its protection settings (whose thresholds the check applies).
    func read() async throws -> (Summary, LocalTime, Configuration.Protection?) {
        guard let config else {
            // Warnings about unusable values would reach the plugin's output.
            var quietly = report
            quietly.quiet = true
            let pipeline = Self.withoutHistory(quietly.pipeline(.files(inputs)))
            return (try pipeline.summarize(try await pipeline.readKeepingProblems().inventory), .utc, nil)
        }
        var configuration = try ConfigurationLoader.load(path: config, settings: settings)
        // --protection-rpo and --exclude-mask, when given, win over the configuration's.
        configuration.protection.settings = report.protection(over: configuration.protection.settings)
        let folders = ConfiguredArchive.folders(configuration)
        guard !folders.isEmpty else {
            throw Failure(
                .noInput, path: configuration.archive.folder,
                "the archive holds nothing of the configured servers yet",
                advice: "run `vb365-report run` or `vb365-report fetch --config` first")
        }
        let pipeline = Self.withoutHistory(
            ConfiguredArchive.pipeline(
                configuration, folders: folders, now: report.now?.timestamp, quiet: true,
                toolVersion: ReportCommand.toolVersion))
        return (
            try pipeline.summarize(try await pipeline.readKeepingProblems().inventory), configuration.look.timeZone,
            configuration.protection
        )
    }
}

/// One `--level FINDING=LEVEL`, parsed while the command line is read.
package struct LevelSetting: Sendable, Equatable {
    package var assignment: CheckPolicy.Assignment

    /// Parses the value of `--level`.
    @Sendable package static func parse(_ text: String) throws -> LevelSetting {
        switch CheckPolicy.Assignment.parse(text) {
        case .success(let assignment): return LevelSetting(assignment: assignment)
        case .failure(let refusal): throw ValidationError(refusal.reason)
        }
    }
}
