import VB365Fetching
import VB365Model
import VB365Notifying
import VB365Pipeline
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365Support

/// Every key the configuration file takes: its name, the kind of value, and one line of help.
/// The one list the reader checks keys against (unknown keys are errors), the environment
/// variables are named from, and the reference in docs/configuration.md is kept in step with.
package enum ConfigSchema {
    /// The kind of value a key takes.
    package enum Kind: Sendable, Equatable {
        case text
        /// A path to a file or folder.
        case path
        case bool
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
        /// `26h`, `2d`, `90m`, `1w`.
        case duration
        /// One of the words.
        case choice([String])
        /// The words of a closed set: `extra` (such as `none`), then the raw values of `type`'s
        /// cases, so that the file takes what the command line and the code take.
        static func choice<Choice: CaseIterable & RawRepresentable>(of type: Choice.Type, after extra: [String] = [])
            -> Kind where Choice.RawValue == String
        {
            .choice(extra + type.allCases.map(\.rawValue))
        }
        /// An `https://` or `http://` address.
        case address
        case mailAddress
        /// A list of values of a kind.
        indirect case list(Kind)
        /// `auto` or `v1`…`v8`.
        case apiVersion
        /// An IANA time zone.
        case timeZone
        /// The name of an environment variable.
        case variableName
        /// A mask of addresses and names: `*` any run of characters, `?` one (`*-noreply@*`).
        case mask
        /// A calendar month, `2026-11`.
        case month
    }

    // The defaults the help shows: `SummaryOptions`', the one place they are written.
    private static let defaults = SummaryOptions.standard
    private static let limits = SummaryOptions.standard.infrastructure
    private static func typed(_ seconds: Double) -> String { Seconds.typed(seconds) }
    private static func days(_ days: Double) -> String { Seconds.typed(days * Seconds.day) }
    private static func number(_ value: Double) -> String { Formatting.number(value) }
    private static let protection = ProtectionSettings.standard
    private static let change = ChangeVolumeSettings()
    private static let audit = RestoreAuditSettings()
    /// The days `working-days` takes, Monday first (ISO 1 to 7).
    package static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The key of `protection` that lists the data an object of `kind` must have backed up:
    /// `require-users`, `require-groups`, `require-sites`, `require-teams`.
    package static func requireKey(_ kind: ProtectedObjectKind) -> String { "require-\(kind.rawValue)s" }

    /// The `require-` keys, one per kind of object, each taking the data that kind holds.
    private static var requireKeys: [Key] {
        ProtectedObjectKind.allCases.map { kind in
            let defaults = (protection.required[kind] ?? []).sorted().map(\.rawValue).joined(separator: ", ")
            return Key(
                name: requireKey(kind), kind: .list(.choice(kind.dataKinds.map(\.rawValue))),
                help: "The data a \(kind.word) must have backed up (\(defaults)).")
        }
    }

    /// A key and what it takes.
    package struct Key: Sendable {
        package var name: String
        package var kind: Kind
        package var help: String
    }

    /// A section of keys: the top level, a server, `archive`, `window`, an output.
    package struct Section: Sendable {
        package var name: String
        /// A list of sections (`servers`), each entry with these keys.
        package var isList: Bool
        package var help: String
        package var keys: [Key]
    }

    /// The keys at the top level that are not sections.
    package static let topLevel: [Key] = [
        Key(
            name: "time-zone", kind: .timeZone,
            help: "Show times in this IANA time zone (session pages give UTC beside them)."),
        Key(name: "templates", kind: .path, help: "A folder of templates that replace the defaults of the same name."),
        Key(
            name: "objects-shown", kind: .integer(0...10_000),
            help: "How many failed or warned objects a session page, ticket or e-mail lists (20)."),
        Key(
            name: "servers-at-once", kind: .integer(1...32), help: "How many servers are fetched at the same time (3)."),
        Key(
            name: "split", kind: .choice(of: Split.self),
            help: "organization: also a report, site and ticket folder per organization, and an e-mail each (none)."),
        Key(
            name: "tenant-proxy-names", kind: .choice(of: ProxyNames.self),
            help:
                "With split: show names a tenant's proxies (those that serve its repositories) on its pages; hide calls each 'serving your backups' (hide)."
        ),
    ]

    /// The sections, in the order the example and the reference show them.
    package static let sections: [Section] = [
        Section(
            name: "servers", isList: true, help: "The VB365 servers to fetch from.",
            keys: [
                Key(
                    name: "name", kind: .text, help: "A short name for logs and reports (default: the address's host)."),
                Key(
                    name: "address", kind: .address, help: "The REST API address, such as https://vbo.example.com:4443."
                ),
                Key(name: "api-version", kind: .apiVersion, help: "auto (the newest the server serves) or v1 to v8."),
                Key(name: "username", kind: .text, help: "The user to log in as."),
                Key(
                    name: "password-file", kind: .path,
                    help: "A file whose first line is the password (mode 0600, or 0640 owned by root)."),
                Key(name: "password-env", kind: .variableName, help: "The environment variable holding the password."),
                Key(name: "token-file", kind: .path, help: "A file holding an access token, instead of a login."),
                Key(
                    name: "ca-file", kind: .path, help: "A PEM file of certificates to trust, such as the server's own."
                ),
                Key(
                    name: "insecure", kind: .bool, help: "Do not verify the server's certificate (a warning each run)."),
                Key(
                    name: "logs", kind: .choice(of: LogSelection.self),
                    help: "Which sessions' log items to fetch."),
                Key(
                    name: "processed-objects", kind: .integer(FetchLimits.Range.processedObjects),
                    help: "Names of at most this many failed or warned processed objects per session; 0 fetches none."),
                Key(
                    name: "restores", kind: .bool,
                    help: "Fetch restore sessions (v6+) and their events, for restore auditing (default true)."),
                Key(name: "jobs", kind: .list(.text), help: "Only these jobs (names or ids); every job when empty."),
                Key(
                    name: "concurrency", kind: .integer(FetchLimits.Range.concurrency),
                    help: "Requests in flight at once."),
                Key(name: "page-size", kind: .integer(FetchLimits.Range.pageSize), help: "Items per page."),
                Key(
                    name: "retries", kind: .integer(FetchLimits.Range.retries),
                    help: "Retries of a request after a connection error or 5xx."),
                Key(
                    name: "retry-delay", kind: .number(FetchLimits.Range.retryDelay),
                    help: "Seconds before the first retry."),
                Key(
                    name: "max-retry-after", kind: .number(FetchLimits.Range.maximumRetryAfter),
                    help: "The longest Retry-After to wait for (s)."
                ),
                Key(
                    name: "connect-timeout", kind: .number(FetchLimits.Range.timeout),
                    help: "Seconds to wait for a connection."),
                Key(
                    name: "read-timeout", kind: .number(FetchLimits.Range.timeout),
                    help: "Seconds to wait for an answer."),
            ]),
        Section(
            name: "archive", isList: false, help: "Where fetched bodies are kept, and for how long.",
            keys: [
                Key(name: "folder", kind: .path, help: "The archive folder (one sub-folder per server)."),
                Key(
                    name: "history", kind: .duration,
                    help: "How far back each run fetches, for baselines (default 14d)."),
                Key(
                    name: "retention", kind: .duration,
                    help: "Remove archive files written longer ago than this after each fetch (default: keep all)."),
                Key(
                    name: "strict", kind: .bool,
                    help:
                        "Make no output when a file cannot be read (default false: leave it out, name it in every output)."
                ),
            ]),
        Section(
            name: "window", isList: false, help: "The report's window and how sessions are judged.",
            keys: [
                Key(
                    name: "since", kind: .duration,
                    help: "The window: the time before the run (default \(typed(TimeWindow.defaultLengthSeconds)))."),
                Key(
                    name: "max-age", kind: .duration,
                    help: "A job without a success for this long is stale (\(typed(defaults.maximumAgeSeconds)))."),
                Key(
                    name: "warning-streak", kind: .integer(1...1000),
                    help: "From this many warnings in a row, a job counts as failed (\(defaults.warningStreakLimit))."),
                Key(
                    name: "baseline-runs", kind: .integer(1...1000),
                    help: "Earlier runs in a job's baseline (\(defaults.baselineRuns))."),
                Key(
                    name: "rate-threshold", kind: .number(0.001...99.999),
                    help: "% below baseline that is slower (\(number(defaults.rateDropPercent)))."
                ),
                Key(
                    name: "duration-threshold", kind: .number(0.001...10_000),
                    help: "% above baseline that is slower (\(number(defaults.durationRisePercent)))."),
                Key(
                    name: "hung-factor", kind: .number(1...1000),
                    help: "A run longer than this × its p95 is hung (\(number(defaults.hungFactor)))."),
                Key(
                    name: "hung-after", kind: .duration,
                    help: "A run is never hung before this (\(typed(defaults.hungMinimumSeconds)))."),
                Key(
                    name: "free-space-warning", kind: .number(0.001...99.999),
                    help:
                        "A repository with less free space than this % is a warning (\(number(limits.freeWarningPercent)))."
                ),
                Key(
                    name: "free-space-failure", kind: .number(0.001...99.999),
                    help:
                        "A repository with less free space than this % is a failure (\(number(limits.freeFailurePercent)))."
                ),
                Key(
                    name: "full-warning", kind: .duration,
                    help: "A repository forecast to be full within this is a warning (\(days(limits.fullWarningDays)))."
                ),
                Key(
                    name: "full-failure", kind: .duration,
                    help: "A repository forecast to be full within this is a failure (\(days(limits.fullFailureDays)))."
                ),
                Key(
                    name: "license-warning", kind: .duration,
                    help:
                        "A licence that expires within this is a warning; an expired one a failure (\(days(limits.licenseWarningDays)))."
                ),
                Key(
                    name: "license-failure", kind: .duration,
                    help: "A licence that expires within this is a failure (\(days(limits.licenseFailureDays)))."),
                Key(
                    name: "fail-on", kind: .choice(of: FailLevel.self, after: ["none"]),
                    help: "run exits 1 when the window reaches this level, 3 when it holds no data (default none)."),
            ]),
        Section(
            name: "report", isList: false, help: "The report folder (as `render`).",
            keys: [
                Key(name: "folder", kind: .path, help: "The report folder, replaced whole each run."),
                Key(
                    name: "formats", kind: .list(.choice(OutputFormat.words)),
                    help: "xhtml, markdown or both (or html, md)."),
            ]),
        Section(
            name: "site", isList: false, help: "The static site (as `site`).",
            keys: [
                Key(name: "folder", kind: .path, help: "The site folder."),
                Key(name: "keep", kind: .duration, help: "How much history the site keeps (90d)."),
                Key(name: "url", kind: .address, help: "The site's public address, for links and the feed."),
            ]),
        Section(
            name: "email", isList: false, help: "The daily e-mail (as `email`).",
            keys: [
                Key(name: "to", kind: .list(.mailAddress), help: "The recipients."),
                Key(name: "from", kind: .mailAddress, help: "The sender (default vb365-report@ this host)."),
                Key(
                    name: "subject", kind: .text,
                    help: "The subject, with %JobResult%, %Issues% and the other variables."),
                Key(
                    name: "short-above", kind: .integer(0...1_000_000),
                    help:
                        "Above this many jobs the message lists only those that need action or are worth knowing about (30; 0 never)."
                ),
                Key(
                    name: "only-if", kind: .choice(of: FailLevel.self, after: ["always"]),
                    help: "Send only when the window reaches this level or holds no data (default always)."),
                Key(
                    name: "transport", kind: .choice(of: Configuration.Email.Transport.Kind.self),
                    help: "sendmail, file (an .eml), or smtp (submitted to smtp-url)."),
                Key(name: "sendmail", kind: .path, help: "The sendmail program (/usr/sbin/sendmail)."),
                Key(name: "file", kind: .path, help: "With transport file: the .eml file to write."),
                Key(
                    name: "smtp-url", kind: .text,
                    help: "With transport smtp: smtp://host[:587] (STARTTLS) or smtps://host[:465] (TLS)."),
                Key(name: "smtp-user", kind: .text, help: "The SMTP login (AUTH PLAIN or LOGIN)."),
                Key(
                    name: "smtp-password-file", kind: .path,
                    help: "A file (mode 0600) whose first line is the SMTP password."),
                Key(
                    name: "smtp-password-env", kind: .variableName,
                    help: "The environment variable holding the SMTP password (default VB365_SMTP_PASSWORD)."),
                Key(name: "smtp-ca-file", kind: .path, help: "A PEM file of CA certificates to trust for the relay."),
                Key(
                    name: "smtp-starttls", kind: .choice(of: SMTPSettings.StartTLSPolicy.self),
                    help: "required (the default), or optional for a relay on this machine only."),
            ]),
        Section(
            name: "tickets", isList: false, help: "Ticket attachments (as `ticket`).",
            keys: [
                Key(name: "folder", kind: .path, help: "The folder the ticket files are written into."),
                Key(
                    name: "sessions", kind: .text,
                    help: "final-failures (sessions failed with no later success), or a session id."),
                Key(name: "redact", kind: .bool, help: "Mask names, hosts and addresses (default true)."),
            ]),
        Section(
            name: "metrics", isList: false, help: "Prometheus metrics (as `metrics`).",
            keys: [
                Key(
                    name: "file", kind: .path,
                    help: "The .prom file, replaced atomically (node_exporter's textfile folder).")
            ]),
        Section(
            name: "monthly", isList: false,
            help:
                "The monthly reports per organization (as `render --period`), written once a month by its first run.",
            keys: [
                Key(
                    name: "folder", kind: .path,
                    help: "The folder that receives a <yyyy-mm> folder with the reports of each month that ended."),
                Key(
                    name: "formats", kind: .list(.choice(OutputFormat.words)),
                    help: "xhtml, markdown or both (or html, md)."),
            ]),
        Section(
            name: "rpo", isList: true,
            help: "RPOs of some jobs or organizations: the maximum age of their last completed backup.",
            keys: [
                Key(name: "job", kind: .text, help: "The job's name or id (or organization)."),
                Key(name: "organization", kind: .text, help: "The organization's name or id: every job of it."),
                Key(
                    name: "max-age", kind: .duration,
                    help: "The RPO; it wins over window.max-age and is the only limit of a job with no known schedule."),
            ]),
        Section(
            name: "protection", isList: false,
            help:
                "Whether every user, group, site and team of each organization is backed up within its RPO (API v6+).",
            keys: [
                Key(
                    name: "enabled", kind: .bool,
                    help: "Each fetch snapshots each organization's objects and their backups (default false: none)."),
                Key(
                    name: "every", kind: .duration,
                    help:
                        "A fetch snapshots an organization when its newest snapshot is this old (\(typed(ProtectionFetch().intervalSeconds)))."
                ),
                Key(
                    name: "rpo", kind: .duration,
                    help:
                        "The RPO: the oldest backup each required kind of an object's data may have (\(typed(protection.rpoSeconds)))."
                ),
                Key(
                    name: "exclude", kind: .list(.mask),
                    help: "Objects left out on purpose: masks (* and ?) of addresses and names, ignoring case."),
            ] + requireKeys + [
                Key(
                    name: "period", kind: .month,
                    help: "The SLA's period: a calendar month (UTC), such as 2026-11 (default: the month so far)."),
                Key(
                    name: "unprotected-warning", kind: .integer(1...1_000_000),
                    help: "check warns from this many objects of an organization not protected (default: check's own)."),
                Key(
                    name: "unprotected-critical", kind: .integer(1...1_000_000),
                    help:
                        "check is critical from this many objects of an organization not protected (default: check's own)."
                ),
            ]),
        Section(
            name: "security", isList: false,
            help: "Security signals: sessions whose changed data is far from their job's usual (see docs/reports.md).",
            keys: [
                Key(
                    name: "change-volume", kind: .bool,
                    help: "Judge each session's changed data against its job's own history (true)."),
                Key(
                    name: "change-runs", kind: .integer(3...1000),
                    help: "Comparable runs in a job's baseline (\(change.runs))."),
                Key(
                    name: "change-minimum-runs", kind: .integer(2...1000),
                    help: "A job's sessions are judged from this many comparable runs on (\(change.minimumRuns))."),
                Key(
                    name: "change-factor", kind: .number(1.5...10_000),
                    help:
                        "Transferred bytes or changed items at least this many times the usual are unusual (\(number(change.aboveFactor)))."
                ),
                Key(
                    name: "change-month-end-factor", kind: .number(1...100),
                    help:
                        "From a month's last business day to the end of the next first day (UTC), the factor is this many times higher (\(number(change.monthEndFactor)))."
                ),
                Key(
                    name: "change-deviations", kind: .number(0...1000),
                    help:
                        "... and at least this many scaled MADs above the median (\(number(change.deviations)))."),
                Key(
                    name: "change-minimum-bytes", kind: .number(0...1e18),
                    help: "... and at least this many bytes more than usual (\(number(change.minimumBytes)), 1 GiB)."),
                Key(
                    name: "change-minimum-items", kind: .number(0...1e15),
                    help: "... or this many items more than usual (\(number(change.minimumItems)))."),
                Key(
                    name: "objects-share", kind: .number(0.1...99.9),
                    help:
                        "Processed objects at or below this % of the usual are a shrunk scope (\(number(change.belowShare * 100)))."
                ),
                Key(
                    name: "objects-minimum-drop", kind: .number(1...1e9),
                    help: "... when at least this many fewer (\(number(change.minimumObjectDrop)))."),
                Key(
                    name: "restore-audit", kind: .bool,
                    help:
                        "Judge restore sessions: bulk exports, restores elsewhere, new operators, off-hours, no reason (true)."
                ),
                Key(
                    name: "restore-export-items", kind: .integer(1...100_000_000),
                    help:
                        "A session that saves, exports or sends this many items is a bulk export (\(audit.exportItems))."
                ),
                Key(
                    name: "restore-export-bytes", kind: .number(1...1e18),
                    help: "... or this many bytes (\(number(audit.exportBytes)), 5 GiB)."),
                Key(
                    name: "working-hours", kind: .text,
                    help:
                        "HH:MM-HH:MM in time-zone: a restore session started outside them is a finding (default: none)."
                ),
                Key(
                    name: "working-days", kind: .list(.choice(ConfigSchema.weekdays)),
                    help: "The days of the working hours (monday to friday)."),
                Key(
                    name: "restore-learning", kind: .duration,
                    help:
                        "An operator is new once the restore history read reaches back this far (\(days(audit.learningDays)))."
                ),
                Key(
                    name: "require-reason", kind: .bool,
                    help: "A restore session without a reason is a finding (true)."),
                Key(
                    name: "client-host-is-operator", kind: .bool,
                    help:
                        "clientHost names the operator's machine, so a new one is a finding (false: the v8 docs call it the server's address)."
                ),
                Key(
                    name: "settings-changes", kind: .bool,
                    help:
                        "Compare snapshots of the jobs, repositories and protection for settings that weaken protection (true)."
                ),
                Key(
                    name: "job-disabled-for", kind: .duration,
                    help: "A job disabled this long is a finding (12h, as Veeam ONE's alarm)."),
                Key(
                    name: "selection-shrink", kind: .number(0...100),
                    help:
                        "A job whose selected items lose at least this % of them (and at least one) is a finding (10)."
                ),
                Key(
                    name: "mask-operators", kind: .bool,
                    help: "With split: a tenant's outputs show restore operators and hosts as 'an operator' (false)."),
            ]
                + SecurityFinding.Kind.allCases.map { kind in
                    Key(
                        name: kind.rawValue, kind: .choice(["warning", "critical"]),
                        help:
                            "The level of a finding '\(kind.rawValue)' (\(SecurityFinding.Kind.defaultLevels[kind] == .failed ? "critical" : "warning"))."
                    )
                }),
        Section(
            name: "change-ignore", isList: true,
            help:
                "Periods whose sessions the change-volume rule neither judges nor learns from: an announced migration.",
            keys: [
                Key(
                    name: "from", kind: .text,
                    help:
                        "The start: a date (2026-10-20, midnight UTC) or an ISO 8601 time (2026-10-20T18:00:00+02:00)."),
                Key(name: "to", kind: .text, help: "The end, not included: a date or an ISO 8601 time."),
                Key(name: "job", kind: .text, help: "Only this job (name or id)."),
                Key(name: "organization", kind: .text, help: "Only the jobs of this organization (name or id)."),
                Key(name: "reason", kind: .text, help: "Why, for the reports' readers."),
            ]),
        Section(
            name: "tenants", isList: true,
            help: "With split: organizations whose e-mail or thresholds differ from the default.",
            keys: [
                Key(name: "organization", kind: .text, help: "The organization's name or id."),
                Key(
                    name: "server", kind: .text,
                    help: "The name of its server, when organizations on two servers have the name."),
                Key(name: "to", kind: .list(.mailAddress), help: "Its recipients (default: email.to)."),
                Key(
                    name: "only-if", kind: .choice(of: FailLevel.self, after: ["always"]),
                    help: "Its own only-if (default: email.only-if)."),
                Key(name: "max-age", kind: .duration, help: "Its own window.max-age."),
                Key(name: "rate-threshold", kind: .number(0.001...99.999), help: "Its own window.rate-threshold."),
                Key(
                    name: "duration-threshold", kind: .number(0.001...10_000),
                    help: "Its own window.duration-threshold."),
                Key(name: "rpo", kind: .duration, help: "Its own protection.rpo."),
            ]),
        Section(
            name: "notifications", isList: true,
            help:
                "Where admins chat: Teams, Slack, Discord, a JSON webhook or PagerDuty, told when a problem opens, changes or clears.",
            keys: [
                Key(
                    name: "name", kind: .text,
                    help: "The channel's name in logs and the state file (default: its type, then type-2...); unique."
                ),
                Key(
                    name: "type", kind: .choice(of: NotificationChannel.Kind.self),
                    help: "teams, slack, discord, webhook (JSON, optionally signed) or pagerduty (Events API v2)."),
                Key(
                    name: "url-file", kind: .path,
                    help:
                        "A file (mode 0600) whose first line is the webhook URL, a secret; for pagerduty the routing key."
                ),
                Key(
                    name: "secret-file", kind: .path,
                    help: "webhook only: a file (mode 0600) whose first line is the signing secret (default: unsigned)."
                ),
                Key(
                    name: "level", kind: .choice(["warning", "critical"]),
                    help: "Tell of problems from this level on (warning)."),
                Key(
                    name: "organizations", kind: .list(.text),
                    help: "Only these organizations (names or ids): a tenant's own channel (all)."),
                Key(name: "servers", kind: .list(.text), help: "Only these configured servers (all)."),
                Key(name: "jobs", kind: .list(.text), help: "Only these jobs (names or ids) (all)."),
                Key(
                    name: "summary-at", kind: .text,
                    help: "HH:MM: a daily summary of what is open, at this time in time-zone (default: none)."),
                Key(
                    name: "ca-file", kind: .path,
                    help: "A PEM file of certificates to trust for the receiver, beside the system's."),
                Key(
                    name: "timeout", kind: .duration,
                    help: "How long to wait for a connection and for each answer (30s; 1s to 10m)."),
                Key(
                    name: "retries", kind: .integer(0...10),
                    help: "Retries after a connection error, 429 or 5xx (3)."),
                Key(
                    name: "endpoint", kind: .address,
                    help:
                        "pagerduty only: the Events API address (https://events.pagerduty.com/v2/enqueue; in the EU https://events.eu.pagerduty.com/v2/enqueue)."
                ),
            ]),
    ]

    /// The section called `name`.
    package static func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// Whether an override of `path` takes YAML structure (`[a, b]`, `{k: v}`): a list key or a
    /// whole section. Any other value is taken as written, so `[VB365] %JobResult%` is a subject.
    static func takesStructure(_ path: [String]) -> Bool {
        guard let first = path.first else { return true }
        if let top = topLevel.first(where: { $0.name == first }) {
            if case .list = top.kind { return true }
            return false
        }
        guard let section = section(first) else { return false }
        let rest = section.isList ? Array(path.dropFirst(2)) : Array(path.dropFirst())
        guard let name = rest.first, rest.count == 1 else { return rest.isEmpty }
        if case .list? = section.keys.first(where: { $0.name == name })?.kind { return true }
        return false
    }

    /// The prefix of every environment variable that sets a key.
    package static let environmentPrefix = "VB365_REPORT_"

    /// Keys written elsewhere as command-line flags, or likely guesses, and the key meant.
    static let familiarNames: [String: String] = [
        "ca-cert": "ca-file", "cacert": "ca-file", "server": "address", "url": "address", "host": "address",
        "user": "username", "login": "username", "out": "folder", "output": "folder", "dir": "folder",
        "directory": "folder", "path": "folder", "sender": "from", "recipients": "to", "recipient": "to",
        "timezone": "time-zone", "tz": "time-zone", "site-url": "url", "version": "api-version",
        "only_if": "only-if", "fail_on": "fail-on", "max_age": "max-age", "interval": "every",
        "exclusions": "exclude", "month": "period", "routing-key-file": "url-file", "webhook-url-file": "url-file",
        "address-file": "url-file", "signing-secret-file": "secret-file", "summary": "summary-at",
        "min-level": "level", "minimum-level": "level", "organization": "organizations",
    ]

    /// The environment variable naming the configuration file.
    package static let configVariable = "VB365_REPORT_CONFIG"

    /// The environment variable that sets `path` (`window.max-age` → `VB365_REPORT_WINDOW_MAX_AGE`;
    /// `servers.1.address` → `VB365_REPORT_SERVERS_1_ADDRESS`).
    package static func environmentName(_ path: [String]) -> String {
        environmentPrefix
            + path.joined(separator: "_").uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// Every variable that sets a key, for entries of each list up to `counts[list]` (at least one).
    static func environmentNames(counts: [String: Int]) -> [String] {
        var names = topLevel.map { environmentName([$0.name]) }
        for section in sections {
            for key in section.keys {
                if section.isList {
                    names += (1...max(counts[section.name] ?? 0, 1)).map {
                        environmentName([section.name, "\($0)", key.name])
                    }
                } else {
                    names.append(environmentName([section.name, key.name]))
                }
            }
        }
        return names
    }

    /// The key path an environment variable sets, for the variables of every key (each list's
    /// entries up to `counts[list]` and one more); nil for a name no key has.
    static func keyPath(environmentName name: String, counts: [String: Int]) -> [String]? {
        for key in topLevel where environmentName([key.name]) == name { return [key.name] }
        for section in sections {
            if section.isList {
                for index in 1...max((counts[section.name] ?? 0) + 1, 1) {
                    for key in section.keys where environmentName([section.name, "\(index)", key.name]) == name {
                        return [section.name, "\(index)", key.name]
                    }
                }
            } else {
                for key in section.keys where environmentName([section.name, key.name]) == name {
                    return [section.name, key.name]
                }
            }
        }
        return nil
    }
}
