import Foundation
import VB365Delivery
import VB365Fetching
import VB365Model
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365Text

/// Everything a run of the pipeline needs, as typed values: where the sessions come from, the
/// window and how sessions are judged, and how reports look. Commands build one from their
/// options, `run` and `check --config` from the configuration file; nothing here is parsed again.
package struct PipelineConfiguration: Sendable {
    /// Where the sessions come from.
    package var source: InputSource
    /// The window, the current time and the thresholds sessions are judged by (the one set of
    /// defaults: `SummaryOptions`).
    package var window: SummaryOptions
    /// The time zone and the templates.
    package var look: LookSettings
    /// Leave out warnings about unusable values and notes about what was done.
    package var quiet: Bool
    /// Stop (65, nothing written) when any input file cannot be read; false: a file found in a
    /// folder that cannot be read is left out, and every output names it (`--strict`).
    package var strict = false
    /// The tool's version, written into the reports.
    package var toolVersion: String
    /// Cores to decode, render and validate on.
    package var workers: Int
    /// Sentences every report, e-mail and site digest shows first, about the data itself (a
    /// server whose fetch failed); an e-mail with a notice is sent whatever `--only-if` says.
    package var notices: [String] = []
    /// The notices about each server (by its address in normal form, `host:port`): a tenant's
    /// report (`split`) shows only its own server's.
    package var serverNotices: [String: [String]] = [:]
    /// When set, `render`, `site`, `email` and `ticket` make one output per organization beside
    /// (or, for e-mail, instead of) the whole one.
    package var split = Split.none
    /// With `split`: true when a tenant's pages name the proxies that serve it; false (the
    /// default) calls each "serving your backups", so a provider's host names stay its own.
    package var tenantProxyNames = false
    /// With `split`: true when a tenant's outputs show restore operators and client hosts as
    /// `an operator` (`security.mask-operators`), so a provider's staff stay its own.
    package var tenantMaskOperators = false
    /// The organizations whose e-mail or thresholds differ from the default: their thresholds
    /// judge their jobs split or not; their e-mail settings apply with `split`.
    package var tenants: [TenantSettings] = []
    /// How protection snapshots are judged (the RPO, the exclusion masks, the required data);
    /// a tenant's own RPO is in `tenants`.
    package var protection = ProtectionSettings.standard
    /// The SLA's period; nil: the calendar month so far (UTC).
    package var protectionPeriod: Range<Timestamp>?
    /// False: each organization is judged from its newest snapshot alone, without the SLA over
    /// the period (what `check` needs: it reads one snapshot an organization, not a month's).
    package var protectionHistory = true
    /// The names reports show for servers read from an archive (the configured names); a server
    /// not named here shows its host.
    package var serverNames: [ServerAddress: String] = [:]

    /// Creates a configuration.
    package init(
        source: InputSource, window: SummaryOptions, look: LookSettings = LookSettings(),
        quiet: Bool = false, toolVersion: String, workers: Int = PipelineConfiguration.defaultWorkers
    ) {
        self.source = source
        self.window = window
        self.look = look
        self.quiet = quiet
        self.toolVersion = toolVersion
        self.workers = workers
    }

    /// One worker per core.
    package static var defaultWorkers: Int { InventoryReader.defaultConcurrency }
}

/// Where a run's sessions come from.
package enum InputSource: Sendable {
    /// Saved JSON: files, folders (searched recursively) or `-` for standard input.
    case files([String])
    /// A VB365 server, fetched first.
    case server(ServerSource)
    /// What has already been read (once, for several outputs of one run).
    case inventory(InventoryReader.Result)
}

/// A server to fetch from before reporting, where to keep what is fetched, and how far back.
package struct ServerSource: Sendable {
    package var connection: ServerConnection
    /// The archive folder to add to; nil: a temporary folder, removed afterwards.
    package var archive: String?
    /// How far back to fetch, for baselines and trends (`--history`, `archive.history`).
    package var history: TimeBound

    /// How far back `report` and `run` fetch by default: 14 days, two weeks of baselines and
    /// trends.
    package static let defaultHistorySeconds = 14 * Seconds.day
    /// `defaultHistorySeconds` before now.
    package static let defaultHistory = TimeBound.before(seconds: defaultHistorySeconds)

    /// Creates a source; the history defaults to 14 days.
    package init(connection: ServerConnection, archive: String? = nil, history: TimeBound = defaultHistory) {
        self.connection = connection
        self.archive = archive
        self.history = history
    }
}

/// How to reach and log in to one VB365 server. Secrets are named (a file, an environment
/// variable), never held here, so a configuration can be printed or logged.
package struct ServerConnection: Sendable {
    /// How to log in.
    package enum Login: Sendable {
        /// The password grant for `username`, the password read from `password` when needed.
        case password(username: String, password: SecretSource)
        /// An access token (or a saved `/token` response) in a file.
        case tokenFile(String)
    }

    /// `https://vbo.example.com:4443`.
    package var address: String
    package var login: Login
    /// nil: the newest version the server serves.
    package var version: APIVersion?
    package var logs: LogSelection = .problems
    /// The names of at most this many failed or warned processed objects per session (v7+);
    /// 0 fetches no processed objects.
    package var processedObjects = 20
    /// Protection snapshots (v6+): nil takes none.
    package var protection: ProtectionFetch?
    /// Restore sessions (v6+) and their events, for restore auditing.
    package var restores = true
    /// Only these jobs (name or id); every job when empty.
    package var jobs: [String] = []
    /// A PEM file of certificates to trust besides the system's.
    package var caCertificate: String?
    /// Do not verify the server's certificate.
    package var insecure = false
    /// Concurrency, paging, retries and timeouts.
    package var limits = FetchLimits()

    /// Creates a connection with the default limits.
    package init(address: String, login: Login) {
        self.address = address
        self.login = login
    }
}

/// Where a secret is kept.
package enum SecretSource: Sendable, Equatable {
    /// The first line of a file (which should be readable by its owner only).
    case file(String)
    /// An environment variable.
    case environment(String)
}

/// How reports look.
package struct LookSettings: Sendable {
    package var timeZone: LocalTime = .utc
    /// A folder of `<name>.mustache` files replacing the defaults of the same name.
    package var templates: String?
    /// How many failed or warned objects a session page or ticket lists (`ReportInput.objectsShown`).
    package var objectsShown = ReportInput.defaultObjectsShown

    /// Creates the defaults: UTC, the built-in templates.
    package init(timeZone: LocalTime = .utc, templates: String? = nil) {
        self.timeZone = timeZone
        self.templates = templates
    }
}

/// A level for `--fail-on`, `--only-if`, `fail-on:` and `only-if:`.
package enum FailLevel: String, CaseIterable, Sendable {
    case warning, failed

    /// The severity the level is.
    package var severity: Severity { self == .warning ? .warning : .failed }
}

/// Whether a tenant's pages name its proxies (`--tenant-proxy-names`, `tenant-proxy-names:`).
package enum ProxyNames: String, CaseIterable, Sendable {
    case hide, show
}

/// How outputs are split (`--split`).
package enum Split: String, CaseIterable, Sendable {
    /// One report, site, e-mail and ticket folder for the whole input.
    case none
    /// Besides the whole report, site and ticket folder, one per organization (tenant); an
    /// e-mail per organization instead of one in all.
    case organization
}

/// What one tenant (with `split`) has of its own: its recipients, its `only-if`, and the
/// thresholds it is judged by; what it leaves out is the default.
package struct TenantSettings: Sendable {
    /// The organization: its name, or its id (`id@host:port` for a second server's copy).
    package var organization: String
    /// The name of its server, when the same name is on two servers.
    package var server: String?
    /// Its own recipients; empty: the default recipients.
    package var to: [MailAddress] = []
    /// Its own `only-if`; nil: the default (see `hasOnlyIf`).
    package var onlyIf: Severity?
    /// True when `onlyIf` was given (so that `always` can override a default).
    package var hasOnlyIf = false
    /// The thresholds its jobs are judged by, where they differ from the default.
    package var thresholds = OrganizationThresholds()
    /// Its own protection RPO, in seconds (`tenants[].rpo`); nil: `PipelineConfiguration.protection`'s.
    package var protectionRPOSeconds: Double?

    /// Settings for the organization `organization` (on the server called `server`).
    package init(organization: String, server: String? = nil) {
        self.organization = organization
        self.server = server
    }

    /// True when a threshold is its own.
    package var hasThresholds: Bool { thresholds != OrganizationThresholds() }

    /// True when these settings are for the organization at `index` of `summary`: by id, else by
    /// name (ignoring case), and by its server's name when given.
    package func matches(_ index: Int, in summary: Summary) -> Bool {
        let o = summary.organizations[index]
        guard let id = o.id else { return false }
        if let server {
            guard let place = o.serverIndex, summary.servers[place].name.lowercased() == server.lowercased() else {
                return false
            }
        }
        let wanted = organization.lowercased()
        // An id as the server sent it, also for a second server's copy (`id@host:port`).
        let own = id.description.lowercased()
        let raw = o.serverIndex.map { own.replacingOccurrences(of: "@" + summary.servers[$0].address, with: "") } ?? own
        return wanted == own || wanted == raw || wanted == o.name.lowercased()
    }
}

extension Timestamp {
    /// The system clock, to the second: the current time of a run that is not given `--now`.
    package static func systemClock() -> Timestamp {
        Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
    }
}
