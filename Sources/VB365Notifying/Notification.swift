import VB365Model
import VB365SummaryOutput
import VB365Support

/// One thing a channel may be told about: a job, an organization's protection, an object of the
/// infrastructure, a server whose fetch is behind, the data as a whole, or the run itself. Its
/// level and words are `check`'s (`MonitoringCheck`), so every output says the same word for the
/// same job; `key` is what the state file remembers it by, stable across runs and renames.
package struct Finding: Sendable, Equatable {
    /// What the finding is about.
    package enum Subject: String, Sendable, Equatable, CaseIterable {
        case job, protection, infrastructure, server, data, run, security
    }

    /// Stable across runs: `job/<server address>/<organization id>/<job id or name>`,
    /// `protection/<server address>/<organization id>`, `infrastructure/<server>/<kind>/<id>`,
    /// `server/<address>`, `data`, `run`. Never shown.
    package var key: String
    package var subject: Subject
    /// `.ok` for a finding that holds no problem (a job that is fine now); a channel is told of
    /// those only as the end of a problem it was told of.
    package var level: CheckState
    /// What it is about, as admins read it: `SharePoint & OneDrive (Fabrikam)`, `repository
    /// Repo-EU on vbo`, `server vbo`. Not yet made safe for any format.
    package var title: String
    /// Why the level, worst first (`check`'s reasons: `failed (2 of 2 runs; 2 in a row since …)`).
    package var reasons: [String]
    /// The server's configured name, when the finding belongs to one.
    package var server: String?
    /// The organization's name and id, when it belongs to one (a job, its protection).
    package var organization: String?
    package var organizationID: String?
    /// The job's name, for a job.
    package var job: String?
    /// The site's page about it, relative to the site's root (`jobs/…html`); nil: none.
    package var page: String?
    /// Nothing new is known: the job's run is still going, or no run of it ended in the window,
    /// and nothing else is wrong. The channel keeps what it was told (a problem is not resolved
    /// by a run that has not ended).
    package var held = false

    /// Creates a finding.
    package init(
        key: String, subject: Subject, level: CheckState, title: String, reasons: [String], server: String? = nil,
        organization: String? = nil, organizationID: String? = nil, job: String? = nil, page: String? = nil
    ) {
        self.key = key
        self.subject = subject
        self.level = level
        self.title = title
        self.reasons = reasons
        self.server = server
        self.organization = organization
        self.organizationID = organizationID
        self.job = job
        self.page = page
    }
}

/// A change a channel is told of: a problem appeared, got worse or milder, cleared, started or
/// stopped flapping. Built by `NotificationPlanner` from the state file and the findings.
package struct NotificationEvent: Sendable, Equatable {
    /// What changed.
    package enum Change: String, Sendable, Equatable, CaseIterable {
        /// A problem the channel was not told of (or told was resolved): now at `finding.level`.
        case opened
        /// An open problem's level rose (warning → critical).
        case raised
        /// An open problem's level fell but not to OK (critical → warning).
        case lowered
        /// An open problem is OK now.
        case resolved
        /// A problem that keeps opening and clearing: further changes are held until it is steady.
        case flapping
        /// A flapping problem has stayed at one level for long enough: its level now (OK: resolved).
        case steady
    }

    package var change: Change
    /// The finding now (for `resolved`, at `.ok`, with the words of the problem it was).
    package var finding: Finding
    /// The level the channel was last told of; nil for `opened`.
    package var previous: CheckState?
    /// When the problem was first opened in this episode (for a resolved one: how long it lasted).
    package var since: Timestamp?
    /// How many times it opened in this episode (1 unless it flapped).
    package var occurrences: Int
    /// One line on the change, ready for every format: `succeeded at 23:45 after 2 failed runs`,
    /// `failed and recovered 3 times since 2026-12-01 02:00; held until steady`.
    package var summary: String

    /// Creates an event.
    package init(
        change: Change, finding: Finding, previous: CheckState? = nil, since: Timestamp? = nil, occurrences: Int = 1,
        summary: String
    ) {
        self.change = change
        self.finding = finding
        self.previous = previous
        self.since = since
        self.occurrences = occurrences
        self.summary = summary
    }
}

/// One message to one channel: the run's events (grouped, never one message per problem), or
/// the daily summary of what is open, or a failed run. Every format is built from this alone.
package struct NotificationMessage: Sendable, Equatable {
    /// Which message it is.
    package enum Kind: String, Sendable, Equatable {
        /// What changed since the last message.
        case changes
        /// The optional daily summary: every open problem, or all clear.
        case summary
        /// The run failed (`[Run failed] vb365-report could not …`).
        case runFailed
    }

    package var kind: Kind
    /// Stable for the same facts (a hash of the channel, the events' keys, changes and levels, and
    /// the channel state's `sequence`): a repeat after a killed run, whose state was not written,
    /// carries the same id (`webhook-id`); a later message another.
    package var id: String
    /// When the findings were judged (the run's `now`).
    package var time: Timestamp
    /// The headline, plain text: `2 problems opened, 1 resolved`, `[Run failed] vb365-report could not fetch …`.
    package var title: String
    /// The worst level open in the channel's scope after these events: the colour.
    package var level: CheckState
    /// The changes, worst first.
    package var events: [NotificationEvent]
    /// Every problem open in the channel's scope after the events, worst first (the summary's
    /// body, and the "still open" count of a changes message).
    package var open: [Finding]
    /// The site's root URL (`site.url`), for links; nil: no links.
    package var siteURL: String?
    /// `vb365-report 1.2.0`.
    package var tool: String
    /// The time zone times are said in.
    package var zoneName: String
    /// The generic webhook gives each finding's key as a hash (`vb365-report/…`) rather than as
    /// it is (`job/<server address>/…`): a tenant's channel is not shown the provider's addresses.
    package var opaqueKeys = false
    /// Times as the message says them (`2026-12-07 08:00 CET`), made by the planner in the
    /// configured zone, so formats need no calendar.
    package var timeText: String

    /// Creates a message.
    package init(
        kind: Kind, id: String, time: Timestamp, title: String, level: CheckState, events: [NotificationEvent],
        open: [Finding], siteURL: String? = nil, tool: String, zoneName: String = "UTC", timeText: String
    ) {
        self.kind = kind
        self.id = id
        self.time = time
        self.title = title
        self.level = level
        self.events = events
        self.open = open
        self.siteURL = siteURL
        self.tool = tool
        self.zoneName = zoneName
        self.timeText = timeText
    }

    /// The site's URL of `page`, when both are known.
    package func link(_ page: String?) -> String? {
        guard let siteURL, let page else { return nil }
        return (siteURL.hasSuffix("/") ? siteURL : siteURL + "/") + page
    }
}

/// Where messages go, and which of them: a Teams, Slack or Discord channel, a generic JSON
/// webhook, or a PagerDuty service. The address is a secret (a webhook URL carries its own
/// credential) and is read from `addressFile` when sending, never held in the configuration.
package struct NotificationChannel: Sendable, Equatable {
    /// The kind of receiver, as the configuration's `type` names it.
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        case teams, slack, discord, webhook, pagerduty

        /// `Microsoft Teams`, `Slack`, `Discord`, `webhook`, `PagerDuty`.
        package var displayName: String {
            switch self {
            case .teams: return "Microsoft Teams"
            case .slack: return "Slack"
            case .discord: return "Discord"
            case .webhook: return "webhook"
            case .pagerduty: return "PagerDuty"
            }
        }
    }

    /// The channel's name in logs and the state file (`ops-teams`); unique in a configuration.
    package var name: String
    package var kind: Kind
    /// The file whose first line is the webhook URL (PagerDuty: the integration's routing key).
    /// A secret file (`SecretFile`): refused when other users may read it.
    package var addressFile: String
    /// For `webhook`: the file whose first line is the signing secret (`whsec_…` or any text);
    /// nil: unsigned.
    package var secretFile: String?
    /// The lowest level a problem must reach to be told of: `.warning` or `.critical`.
    package var level: CheckState = .warning
    /// Only these organizations (names or ids): a tenant's own channel. Empty: all.
    package var organizations: [String] = []
    /// Only these servers (names or addresses). Empty: all.
    package var servers: [String] = []
    /// Only these jobs (names or ids). Empty: all.
    package var jobs: [String] = []
    /// The daily summary's local time (minutes after midnight, in the configured zone); nil: none.
    package var summaryMinute: Int?
    /// PEM certificates to trust for the receiver, beside the system's; nil: the system's only.
    package var caFile: String?
    /// Seconds to wait for a connection and for the answer of each request.
    package var timeoutSeconds: Double = 30
    /// Retries after a connection error, 429 or 5xx.
    package var retries: Int = 3
    /// For `pagerduty`: the Events API v2 address to post to (the EU service's
    /// `https://events.eu.pagerduty.com/v2/enqueue`); nil: `https://events.pagerduty.com/v2/enqueue`.
    package var endpoint: String? = nil

    /// Creates a channel.
    package init(name: String, kind: Kind, addressFile: String) {
        self.name = name
        self.kind = kind
        self.addressFile = addressFile
    }

    /// True when the channel is a tenant's (it names organizations or jobs): it is told of its
    /// own jobs and protection and the infrastructure that serves them, never of other tenants,
    /// the licence or unreadable archive files; of a failed run without the reason; without links.
    package var isTenantScoped: Bool { !organizations.isEmpty || !jobs.isEmpty }
}
