import VB365Delivery
import VB365Fetching
import VB365Model
import VB365Notifying
import VB365Pipeline
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Statistics

/// The daily job as the configuration file describes it, typed and checked: the servers to
/// fetch, the archive, the window, the look, and each output that is configured (nil: not
/// made). Secrets are named (a file, a variable), never held. Built by `ConfigurationLoader`.
package struct Configuration: Sendable {
    /// The file it was read from.
    package var file: String
    package var servers: [Server]
    /// How many servers a run fetches at the same time.
    package var serversAtOnce = 3
    package var archive: Archive
    /// The window and thresholds; the window's start is `since` before the run, and its `now`
    /// the time the file was loaded (`DailyRun.now` and `--now` replace it).
    package var window: SummaryOptions
    /// `run` exits 1 when the window reaches this level (3 when it holds no data); nil: never.
    package var failOn: Severity?
    package var look: LookSettings
    package var report: Report?
    package var site: Pipeline.SiteRequest?
    package var email: Email?
    package var tickets: Tickets?
    /// The Prometheus metrics file; nil: not written.
    package var metrics: Metrics? = nil
    /// The monthly reports per organization, written by the first run of each month; nil: none.
    package var monthly: Monthly? = nil
    /// Where each set key came from (`window.max-age` → the file's line), for messages.
    package var sources: [String: ConfigSource]
    /// `organization`: the report, site and tickets also per organization, and an e-mail each.
    package var split = Split.none
    /// With `split`: true when a tenant's pages name the proxies that serve it
    /// (`tenant-proxy-names: show`); false hides them ("serving your backups").
    package var tenantProxyNames = false
    /// `security.mask-operators`: a tenant's outputs mask restore operators and client hosts.
    package var tenantMaskOperators = false
    /// The organizations whose e-mail or thresholds differ from the default (`tenants`).
    package var tenants: [TenantSettings] = []
    /// Protection snapshots and how they are judged (`protection`).
    package var protection = Protection()
    /// The chat and paging channels told of problems (`notifications`), in the file's order;
    /// their addresses are files named, never held.
    package var notifications: [NotificationChannel] = []

    /// A server to fetch from.
    package struct Server: Sendable {
        /// The short name logs and reports show.
        package var name: String
        package var connection: ServerConnection
    }

    /// The archive folder and how long its files are kept.
    package struct Archive: Sendable {
        package var folder: String
        /// How far back each run fetches.
        package var historySeconds: Double
        /// Files written longer ago than this are removed after a fetch; nil: kept.
        package var retentionSeconds: Double?
        /// Stop (no output) when a file of the archive cannot be read; false: leave it out and
        /// name it in every output.
        package var strict = false
    }

    /// The report folder.
    package struct Report: Sendable {
        package var folder: String
        package var formats: [OutputFormat]
    }

    /// The e-mail and where it goes.
    package struct Email: Sendable {
        /// How the message leaves.
        package enum Transport: Sendable, Equatable {
            /// Handed to this sendmail program.
            case sendmail(String)
            /// Written to this `.eml` file.
            case file(String)
            /// Submitted to an SMTP relay.
            case smtp(SMTPSettings)

            /// The transports, as `email.transport` names them.
            package enum Kind: String, CaseIterable, Sendable {
                case sendmail, file, smtp
            }
        }

        package var options: EmailOptions
        /// Send nothing unless the window reaches this level (or holds no data); nil: always.
        package var onlyIf: Severity?
        package var transport: Transport
    }

    /// The ticket files.
    package struct Tickets: Sendable {
        package var folder: String
        package var selection: TicketSelection
        package var redact: Bool
    }

    /// The Prometheus metrics file.
    package struct Metrics: Sendable {
        /// The file, replaced atomically on each run.
        package var file: String
    }

    /// The monthly reports (`monthly`): on its first run on or after the 1st of a month (in
    /// `time-zone`), `run` writes the month that ended, one report per organization and an index
    /// (as `render --period`), into `folder/<yyyy-mm>/`, once (`MonthlyReports` keeps what was
    /// written).
    package struct Monthly: Sendable {
        /// The folder that receives a `<yyyy-mm>` folder each month.
        package var folder: String
        package var formats: [OutputFormat]
    }

    /// Whether each fetch snapshots the organizations' objects, and how the snapshots are judged:
    /// the `protection` section (its defaults when the section is left out).
    package struct Protection: Sendable {
        /// Each server's fetch takes protection snapshots (`enabled`); false: none is taken.
        package var enabled = false
        /// A fetch snapshots an organization when its newest snapshot is this old (`every`).
        package var everySeconds = ProtectionFetch().intervalSeconds
        /// The RPO, the exclusion masks and the data each kind of object must have backed up
        /// (`rpo`, `exclude`, `require-…`); a tenant's own RPO is in `TenantSettings`.
        package var settings = ProtectionSettings.standard
        /// The SLA's period, a calendar month in UTC (`period`); nil: the month so far.
        package var period: Range<Timestamp>?
        /// `check` is WARNING from this many objects of an organization that are not protected
        /// (`unprotected-warning`); nil: the check's own threshold.
        package var unprotectedWarning: Int?
        /// `check` is CRITICAL from this many objects of an organization that are not protected
        /// (`unprotected-critical`); nil: the check's own threshold.
        package var unprotectedCritical: Int?

        /// What each server's fetch is given: nil (no snapshot) unless enabled.
        package var fetch: ProtectionFetch? { enabled ? ProtectionFetch(intervalSeconds: everySeconds) : nil }
    }

    /// The name of each configured server, by the address its archive folder is named after.
    package var serverNames: [ServerAddress: String] {
        var names: [ServerAddress: String] = [:]
        for server in servers {
            if let address = ServerAddress(configured: server.connection.address) { names[address] = server.name }
        }
        return names
    }

    /// The names of the configured outputs, in the order a run makes them.
    package var outputNames: [String] {
        [
            report.map { _ in "report" }, site.map { _ in "site" }, email.map { _ in "e-mail" },
            tickets.map { _ in "tickets" }, metrics.map { _ in "metrics" }, monthly.map { _ in "monthly" },
            notifications.isEmpty ? nil : "notifications",
        ]
        .compactMap { $0 }
    }
}
