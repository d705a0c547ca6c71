import VB365Delivery
import VB365Model
import VB365Pipeline
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Statistics

/// The daily job as the configuration file describes it, typed and checked: the servers to
/// fetch, the archive, the window, the look, and each output that is configured (nil: not
/// made). Secrets are named (a file, a variable), never held. Built by `ConfigurationLoader`.
public struct Configuration: Sendable {
    /// The file it was read from.
    public var file: String
    public var servers: [Server]
    /// How many servers a run fetches at the same time.
    public var serversAtOnce = 3
    public var archive: Archive
    /// The window and thresholds; the window's start is `since` before the run.
    public var window: WindowSettings
    /// `run` exits 1 when the window reaches this level (3 when it holds no data); nil: never.
    public var failOn: Severity?
    public var look: LookSettings
    public var report: Report?
    public var site: Pipeline.SiteRequest?
    public var email: Email?
    public var tickets: Tickets?
    /// The Prometheus metrics file; nil: not written.
    public var metrics: Metrics? = nil
    /// Where each set key came from (`window.max-age` → the file's line), for messages.
    public var sources: [String: ConfigSource]
    /// `organization`: the report, site and tickets also per organization, and an e-mail each.
    public var split: Split? = nil
    /// With `split`: true when a tenant's pages name the proxies that serve it
    /// (`tenant-proxy-names: show`); false hides them ("serving your backups").
    public var tenantProxyNames = false
    /// The organizations whose e-mail or thresholds differ from the default (`tenants`).
    public var tenants: [TenantSettings] = []

    /// A server to fetch from.
    public struct Server: Sendable {
        /// The short name logs and reports show.
        public var name: String
        public var connection: ServerConnection
    }

    /// The archive folder and how long its files are kept.
    public struct Archive: Sendable {
        public var folder: String
        /// How far back each run fetches.
        public var historySeconds: Double
        /// Files written longer ago than this are removed after a fetch; nil: kept.
        public var retentionSeconds: Double?
        /// Stop (no output) when a file of the archive cannot be read; false: leave it out and
        /// name it in every output.
        public var strict = false
    }

    /// The report folder.
    public struct Report: Sendable {
        public var folder: String
        public var formats: [OutputFormat]
    }

    /// The e-mail and where it goes.
    public struct Email: Sendable {
        /// How the message leaves.
        public enum Transport: Sendable, Equatable {
            /// Handed to this sendmail program.
            case sendmail(String)
            /// Written to this `.eml` file.
            case file(String)
            /// Submitted to an SMTP relay.
            case smtp(SMTPSettings)
        }

        public var options: EmailOptions
        /// Send nothing unless the window reaches this level (or holds no data); nil: always.
        public var onlyIf: Severity?
        public var transport: Transport
    }

    /// The ticket files.
    public struct Tickets: Sendable {
        public var folder: String
        public var selection: TicketSelection
        public var redact: Bool
    }

    /// The Prometheus metrics file.
    public struct Metrics: Sendable {
        /// The file, replaced atomically on each run.
        public var file: String
    }

    /// The name of each configured server, by the address its archive folder is named after.
    public var serverNames: [ServerAddress: String] {
        var names: [ServerAddress: String] = [:]
        for server in servers {
            if let address = ServerAddress(configured: server.connection.address) { names[address] = server.name }
        }
        return names
    }

    /// The names of the configured outputs, in the order a run makes them.
    public var outputNames: [String] {
        [
            report.map { _ in "report" }, site.map { _ in "site" }, email.map { _ in "e-mail" },
            tickets.map { _ in "tickets" }, metrics.map { _ in "metrics" },
        ]
        .compactMap { $0 }
    }
}
