import ArgumentParser
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365Statistics
import VB365Text

/// The saved JSON a reporting command reads.
package struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, folders or - (standard input).", valueName: "input"))
    var inputs: [String] = []

    package init() {}

    package func validate() throws {
        if inputs.isEmpty { throw ValidationError("Name at least one input: a file, a folder or -.") }
    }
}

/// The options every reporting command shares: the window and the comparisons.
package struct ReportOptions: ParsableArguments {
    @Option(
        help:
            "Start of the window: a duration before --until (24h, 7d, 90m, 2w) or a timestamp (2026-11-20T00:00:00Z). Default: 24 hours before --until, or before --now (the current time) when neither is given.",
        transform: When.parse)
    var since: When?

    @Option(
        help:
            "End of the window (exclusive): a duration before now, or a timestamp. Default: now when --since is given.",
        transform: When.parse)
    var until: When?

    @Option(
        help:
            "The current time, for reproducible output (ISO 8601, such as 2026-11-23T06:00:00Z). Default: the system clock.",
        transform: Moment.parse)
    var now: Moment?

    @Option(help: "How many earlier completed sessions form a job's median baseline (1 to 1000).")
    var baselineRuns: Int = Self.defaults.baselineRuns

    @Option(help: "A rate this many percent below its baseline is reported as slower.")
    var rateThreshold: Double = Self.defaults.rateDropPercent

    @Option(help: "A duration this many percent above its baseline is reported as slower.")
    var durationThreshold: Double = Self.defaults.durationRisePercent

    @Option(
        help: """
            A job whose last success ended longer ago than this is stale (the RPO): a duration such as 26h or 2d. \
            (default: \(TimeSpan(seconds: Self.defaults.maximumAgeSeconds)))
            """,
        transform: TimeSpan.parse)
    var maxAge = TimeSpan(seconds: Self.defaults.maximumAgeSeconds)

    @Option(
        help:
            "A run still going after this many times the 95th percentile of its job's recent run durations is hung (a warning)."
    )
    var hungFactor: Double = Self.defaults.hungFactor

    @Option(
        help: """
            A run is never hung before it has gone this long: a duration such as 2h or 90m. (default: \
            \(TimeSpan(seconds: Self.defaults.hungMinimumSeconds)); a job with fewer than 3 completed runs: 24h at least)
            """,
        transform: TimeSpan.parse)
    var hungAfter = TimeSpan(seconds: Self.defaults.hungMinimumSeconds)

    @Option(
        help: ArgumentHelp(
            "The RPO of the job of this name or id, else of every job of the organization of this name or id: the maximum age of its last completed backup, such as Mailboxes=8h (repeat for more). It wins over --max-age, and is the only age limit of a job whose schedule is not known.",
            valueName: "name=duration"),
        transform: RPOArgument.parse)
    var rpo: [RPOArgument] = []

    @Option(
        name: .customLong("protection-rpo"),
        help: ArgumentHelp(
            "The RPO of protection: each required kind of an object's data (a mailbox, a OneDrive, a site, a team) must have a backup no older than this when the snapshot is taken, such as 24h or 12h. (default: 24h; with --config, protection.rpo; a tenant's own rpo still wins)",
            valueName: "duration"),
        transform: ProtectionFlags.rpo)
    var protectionRPO: TimeSpan?

    @Option(
        name: .customLong("exclude-mask"),
        help: ArgumentHelp(
            "Leave out of protection, on purpose, the objects whose address or name matches this mask: * any run of characters, ? one, ignoring case, such as 'shared-*' or '*-noreply@*' (repeat for more; with --config, they replace protection.exclude).",
            valueName: "mask"),
        transform: ProtectionFlags.mask)
    var excludeMask: [String] = []

    @Option(help: "From this many warnings in a row, a job counts as failed (--fail-on, check, the headline).")
    var warningStreak: Int = Self.defaults.warningStreakLimit

    @Option(help: "A repository with less free space than this percentage is a warning.")
    var freeSpaceWarning: Double = Self.defaults.infrastructure.freeWarningPercent

    @Option(help: "A repository with less free space than this percentage is a failure.")
    var freeSpaceFailure: Double = Self.defaults.infrastructure.freeFailurePercent

    @Option(
        help: """
            A repository forecast to be full within this is a warning: a duration such as 30d. \
            (default: \(TimeSpan(days: Self.defaults.infrastructure.fullWarningDays)))
            """,
        transform: TimeSpan.parse)
    var fullWarning = TimeSpan(days: Self.defaults.infrastructure.fullWarningDays)

    @Option(
        help: """
            A repository forecast to be full within this is a failure. \
            (default: \(TimeSpan(days: Self.defaults.infrastructure.fullFailureDays)))
            """,
        transform: TimeSpan.parse)
    var fullFailure = TimeSpan(days: Self.defaults.infrastructure.fullFailureDays)

    @Option(
        help: """
            A licence that expires within this is a warning (an expired one a failure). \
            (default: \(TimeSpan(days: Self.defaults.infrastructure.licenseWarningDays)))
            """,
        transform: TimeSpan.parse)
    var licenseWarning = TimeSpan(days: Self.defaults.infrastructure.licenseWarningDays)

    @Option(
        help: """
            A licence that expires within this is a failure. \
            (default: \(TimeSpan(days: Self.defaults.infrastructure.licenseFailureDays)))
            """,
        transform: TimeSpan.parse)
    var licenseFailure = TimeSpan(days: Self.defaults.infrastructure.licenseFailureDays)

    @Flag(help: "Do not print warnings about unusable values, nor notes about what was done (such as 'nothing sent').")
    var quiet = false

    @Flag(
        help:
            "Stop (exit 65, nothing written) when any input file cannot be read. Default: a file found in a folder that cannot be read is left out, and the outputs name it."
    )
    var strict = false

    package init() {}

    package func validate() throws {
        if baselineRuns < 1 || baselineRuns > 1000 {
            throw ValidationError("--baseline-runs must be between 1 and 1000.")
        }
        if !(rateThreshold > 0 && rateThreshold < 100) {
            throw ValidationError("--rate-threshold must be a percentage above 0 and below 100.")
        }
        if !(durationThreshold > 0 && durationThreshold <= 10_000) {
            throw ValidationError("--duration-threshold must be a percentage above 0.")
        }
        if !(warningStreak >= 1 && warningStreak <= 1000) {
            throw ValidationError("--warning-streak must be a number of runs from 1 to 1000, such as 3.")
        }
        if !(hungFactor >= 1 && hungFactor <= 1000) {
            throw ValidationError("--hung-factor must be a number from 1 to 1000, such as 4.")
        }
        for (name, value) in [("--free-space-warning", freeSpaceWarning), ("--free-space-failure", freeSpaceFailure)]
        where !(value > 0 && value < 100) {
            throw ValidationError("\(name) must be a percentage above 0 and below 100.")
        }
        if freeSpaceFailure > freeSpaceWarning {
            throw ValidationError("--free-space-failure must be at or below --free-space-warning.")
        }
        if fullFailure.seconds > fullWarning.seconds {
            throw ValidationError("--full-failure must be at or below --full-warning.")
        }
        if licenseFailure.seconds > licenseWarning.seconds {
            throw ValidationError("--license-failure must be at or below --license-warning.")
        }
    }

    /// The defaults of the thresholds: `SummaryOptions`'.
    static let defaults = SummaryOptions.standard

    /// The window and thresholds as the pipeline takes them; the current time is `--now`, else
    /// the system clock when this is made.
    var window: SummaryOptions {
        var w = SummaryOptions(now: now?.timestamp ?? .systemClock())
        w.since = since?.bound
        w.until = until?.bound
        w.baselineRuns = baselineRuns
        w.rateDropPercent = rateThreshold
        w.durationRisePercent = durationThreshold
        w.maximumAgeSeconds = maxAge.seconds
        w.hungFactor = hungFactor
        w.hungMinimumSeconds = hungAfter.seconds
        w.objectives = rpo.flatMap(\.objectives)
        w.warningStreakLimit = warningStreak
        w.infrastructure.freeWarningPercent = freeSpaceWarning
        w.infrastructure.freeFailurePercent = freeSpaceFailure
        w.infrastructure.fullWarningDays = fullWarning.days
        w.infrastructure.fullFailureDays = fullFailure.days
        w.infrastructure.licenseWarningDays = licenseWarning.days
        w.infrastructure.licenseFailureDays = licenseFailure.days
        return w
    }

    /// `settings` (the standard ones, or the configuration's) with `--protection-rpo` and
    /// `--exclude-mask` over them: a flag given wins.
    package func protection(over settings: ProtectionSettings = .standard) -> ProtectionSettings {
        var protection = settings
        if let protectionRPO { protection.rpoSeconds = protectionRPO.seconds }
        if !excludeMask.isEmpty { protection.exclusionMasks = excludeMask }
        return protection
    }

    /// A pipeline reading `source`, looking as `look` says.
    func pipeline(_ source: InputSource, look: LookSettings = LookSettings(), split: SplitOptions? = nil) -> Pipeline {
        var configuration = PipelineConfiguration(
            source: source, window: window, look: look, quiet: quiet, toolVersion: ReportCommand.toolVersion)
        configuration.split = split?.split ?? .none
        configuration.tenantProxyNames = split?.tenantProxyNames == .show
        configuration.strict = strict
        configuration.protection = protection()
        return Pipeline(configuration)
    }
}

/// `--time-zone`: the zone times are shown in (reports, mail, `summary` and `check`).
package struct TimeZoneOption: ParsableArguments {
    @Option(
        help: "Show times in this IANA time zone, for example Europe/Berlin. (default: UTC)",
        transform: Zone.parse)
    var timeZone: Zone?

    package init() {}

    /// The zone given, else `fallback` (UTC, or the configuration's `time-zone`).
    func zone(or fallback: LocalTime = .utc) -> LocalTime { timeZone?.time ?? fallback }
}

/// How a delivered report looks: the time zone of its times and the templates it is made with.
package struct LookOptions: ParsableArguments {
    @OptionGroup var zone: TimeZoneOption

    @Option(help: "A folder of templates (<name>.mustache) that replace the defaults of the same name.")
    var templates: String?

    @Option(
        help:
            "How many of a session's failed or warned objects (users, groups, sites, teams) its page and ticket list; the rest are counted."
    )
    var objectsShown = 20

    package init() {}

    package func validate() throws {
        if objectsShown < 0 || objectsShown > 10_000 {
            throw ValidationError("--objects-shown must be a number from 0 to 10000.")
        }
    }

    /// The look as the pipeline takes it.
    var settings: LookSettings {
        var look = LookSettings(timeZone: zone.zone(), templates: templates)
        look.objectsShown = objectsShown
        return look
    }
}

/// `--split organization`: an output per tenant.
package struct SplitOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "organization: also one output per organization (tenant), holding that organization alone; none (the default): one output.",
            discussion:
                "render and site: under OUT/tenants/<name>-<id>/, linked from the overview; email: one message per organization instead of one in all; ticket: under OUT/tenants/<name>-<id>/."
        ))
    var split: Split?

    @Option(
        help: ArgumentHelp(
            "With --split: show names a tenant's proxies (those that serve its repositories) on its pages; hide calls each 'serving your backups'. (default: hide)"
        ))
    var tenantProxyNames: ProxyNames = .hide

    package init() {}
}

extension Split: ExpressibleByArgument {}

/// `--rpo NAME=DURATION`: the RPO of the job called NAME (or with that id), else of the
/// organization called NAME.
struct RPOArgument: Sendable {
    /// The job's or organization's name or id.
    var name: String
    /// The maximum age.
    var seconds: Double

    /// Both readings of the name: the job's first, then the organization's.
    var objectives: [RecoveryPointObjective] {
        [.init(.job(name), seconds: seconds), .init(.organization(name), seconds: seconds)]
    }

    /// Parses `NAME=DURATION` (split at the last `=`, so a name may hold one).
    static func parse(_ text: String) throws -> RPOArgument {
        guard let equals = text.lastIndex(of: "="), equals != text.startIndex else {
            if case .before? = TimeBound(text) {
                // A duration alone: the RPO of every job, or of protection's objects, is meant.
                throw ValidationError(
                    "--rpo takes NAME=DURATION, the RPO of one job or organization, such as 'Exchange mailboxes=8h'; for every job's give --max-age \(text), for every object's (protection) --protection-rpo \(text)."
                )
            }
            throw ValidationError("--rpo takes NAME=DURATION, such as 'Exchange mailboxes=8h', not '\(text)'.")
        }
        let name = String(text[..<equals])
        let span = try TimeSpan.parse(String(text[text.index(after: equals)...]))
        guard span.seconds > 0 else { throw ValidationError("--rpo '\(name)' needs a duration above zero.") }
        return RPOArgument(name: name, seconds: span.seconds)
    }
}

/// The values of `--protection-rpo` and `--exclude-mask`, refused as the configuration refuses
/// `protection.rpo` and `protection.exclude`.
enum ProtectionFlags {
    /// Parses the value of `--protection-rpo`: a duration longer than 0.
    @Sendable static func rpo(_ text: String) throws -> TimeSpan {
        let span = try TimeSpan.parse(text)
        guard span.seconds > 0 else { throw ValidationError("it is no time at all; give a duration such as 24h") }
        return span
    }

    /// Parses the value of `--exclude-mask`: neither empty nor a mask of every object.
    @Sendable static func mask(_ text: String) throws -> String {
        if text.isEmpty { throw ValidationError("it is an empty mask; write one such as 'shared-*' or '*-noreply@*'") }
        if text.allSatisfy({ $0 == "*" }) {
            throw ValidationError(
                "it matches every object, so that no protection would be judged; exclude only what is left out on purpose"
            )
        }
        return text
    }
}

/// `--period YYYY-MM`: instead of the report of the window, one monthly report per organization
/// for its customer (the calendar month in the report's time zone).
package struct PeriodOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write, per organization, the monthly report of this calendar month for its customer, such as 2026-11, and an index of them, instead of the report of the window.",
            discussion:
                "The month is taken in --time-zone (default UTC); it is the window and the protection SLA period, up to --now while it is not over. Not with --since or --until.",
            valueName: "yyyy-mm"),
        transform: PeriodOption.parse)
    var period: ReportMonth?

    package init() {}

    /// Parses the value of `--period`.
    @Sendable static func parse(_ text: String) throws -> ReportMonth {
        guard let month = ReportMonth(text) else {
            throw ValidationError("it is not a month as YYYY-MM, such as 2026-11")
        }
        return month
    }

    /// Refuses `--since` and `--until` beside `--period`, which names the window itself.
    func check(_ report: ReportOptions) throws {
        if period != nil, report.since != nil || report.until != nil {
            throw ValidationError(
                "--period names the window itself (the calendar month); leave out --since and --until.")
        }
    }

    /// Writes what `render` (or `report`) writes: the monthly reports with `--period`, else the
    /// report of the window; returns the index's path.
    func write(_ pipeline: Pipeline, options render: RenderOptions) async throws -> String {
        if let period {
            return try await pipeline.monthly(period, to: render.out, formats: render.format.formats)
        }
        return try await pipeline.render(to: render.out, formats: render.format.formats)
    }
}
