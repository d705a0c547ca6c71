// MARK: - Shared pieces

/// Facts every page shows: its title, where it is, when and by what it was made.
public struct PageView: TemplateView, Sendable {
    /// The page title, starting with the status: `[Failed] VB365 daily report 2026-11-22`.
    public var title: String
    /// The path from this page to the report's root folder (`""` or `"../"`).
    public var root: String
    /// The digest's file name in this format (`index.html` or `index.md`).
    public var indexFile: String
    /// The window's start, in the report's time zone; empty on a site's session pages (`stable`).
    public var windowStart: String
    /// The window's end (exclusive), in the report's time zone; empty when `stable`.
    public var windowEnd: String
    /// `the last 24 hours; newest session 6 h 54 min ago` or `7 d 0 h; newest session 2 h ago`
    /// (`Summary.windowDescription`); unused when `stable`.
    public var windowDescription: String
    /// The time the report describes itself as made (`--now`), in the time zone; empty when
    /// `stable`.
    public var generatedAt: String
    /// The IANA time zone of the times shown.
    public var timeZone: String
    /// The version of vb365-report.
    public var toolVersion: String
    /// The CSS class of the worst status, for the page's header colour.
    public var statusClass: String
    /// True for a site's session pages: they leave out the window and the run's time (those four
    /// variables are empty), so the page stays byte for byte the same from run to run, and an
    /// incremental run keeps it without rendering it again.
    public var stable: Bool = false

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("title", { $0.title }), ("root", { $0.root }), ("indexFile", { $0.indexFile }),
        ("windowStart", { $0.windowStart }),
        ("windowEnd", { $0.windowEnd }), ("windowDescription", { $0.windowDescription }),
        ("generatedAt", { $0.generatedAt }),
        ("timeZone", { $0.timeZone }), ("toolVersion", { $0.toolVersion }), ("statusClass", { $0.statusClass }),
        ("stable", { $0.stable }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A status label: a coloured word in XHTML, an emoji and the word in Markdown.
public struct BadgeView: TemplateView, Sendable {
    /// The status word (`Failed`, `Recovered`, `Running`, or an unknown status as sent).
    public var word: String
    /// `success`, `warning`, `failed`, `running`, `missed` (missed and stale jobs) or `other`.
    public var cssClass: String
    /// ✅ ⚠️ ❌ 🔄 ⏹️ ❔ 🚫 ⏰, and ❗ for a warning streak at the failed level
    public var emoji: String
    /// A longer explanation for the `title` attribute.
    public var detail: String

    /// The badge's colour (`#cf222e`), for inline styles where no style sheet can be used (mail).
    public var color: String {
        switch cssClass {
        case "success": return "#1a7f37"
        case "warning": return "#9a6700"
        case "failed": return "#cf222e"
        case "running": return "#0969da"
        case "missed": return "#82071e"
        default: return "#57606a"
        }
    }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("word", { $0.word }), ("cssClass", { $0.cssClass }), ("emoji", { $0.emoji }), ("detail", { $0.detail }),
        ("color", { $0.color }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A number in human units with its exact value.
public struct QuantityView: TemplateView, Sendable {
    /// `12.3 MB/s`, or `–` when unknown.
    public var text: String
    /// `12,897,331 B/s`: the exact value, for the `title` attribute.
    public var exact: String
    /// False when the value is unknown.
    public var known: Bool

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("text", { $0.text }), ("exact", { $0.exact }), ("known", { $0.known }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A change against a baseline: `▼ -42.0%`.
public struct DeltaView: TemplateView, Sendable {
    /// `-42.0%`.
    public var text: String
    /// ▲ (up), ▼ (down) or ▬ (no change).
    public var arrow: String
    /// `slower`, `faster` or `steady`: whether this change is bad, good or neither.
    public var verdict: String
    /// What was compared: `10.2 MB/s at the previous run`.
    public var detail: String
    /// True when the change crossed its threshold.
    public var isFinding: Bool

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("text", { $0.text }), ("arrow", { $0.arrow }), ("verdict", { $0.verdict }), ("detail", { $0.detail }),
        ("isFinding", { $0.isFinding }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One bar of a bar chart (rates, or the trend of a job).
public struct BarView: TemplateView, Sendable {
    /// What the value is.
    public var label: String
    /// The number (a **QuantityView**).
    public var value: QuantityView
    /// The bar's length, 0 to 100, relative to the longest bar.
    public var percent: Int
    /// The bar for Markdown: `██████░░░░`.
    public var textBar: String
    /// `processing`, `read`, `write`, or a status class for trend bars.
    public var cssClass: String
    /// A link for trend bars (to the session's page), else empty.
    public var link: String

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("value", { $0.value }), ("percent", { $0.percent }), ("textBar", { $0.textBar }),
        ("cssClass", { $0.cssClass }),
        ("link", { $0.link }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The scale of a bar chart's value axis: what its bottom and its top stand for.
public struct AxisView: TemplateView, Sendable {
    /// The value at the bottom (a **QuantityView**): zero in the chart's unit (`0 s`, `0 B/s`), as every bar starts there.
    public var minimum: QuantityView
    /// The value at the top (a **QuantityView**): the tallest bar's.
    public var maximum: QuantityView

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("minimum", { $0.minimum }), ("maximum", { $0.maximum }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A labelled value in a statistics list.
public struct StatView: TemplateView, Sendable {
    /// What the value is.
    public var label: String
    /// The number (a **QuantityView**).
    public var value: QuantityView

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("value", { $0.value }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One log line.
public struct LogLineView: TemplateView, Sendable {
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// The time in the report's zone, or empty.
    public var time: String
    /// The log text, made safe for the format.
    public var message: String

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("time", { $0.time }), ("message", { $0.message }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Digest

/// The digest page (`index.html`, `index.md`).
public struct DigestView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    public var page: PageView
    /// The worst status of the window.
    public var badge: BadgeView
    /// The title without its status word, for beside the badge: `VB365 report 2026-11-23`.
    public var heading: String
    /// `2 of 4 jobs need action; 1 for information` or `All 4 jobs backed up` (`Summary.actionHeadline`).
    public var headline: String
    /// The headline numbers (**StatView** list).
    public var totals: [StatView]
    /// One line per organization (**OrganizationRowView**).
    public var organizations: [OrganizationRowView]
    /// One line per job (**JobRowView**).
    public var jobs: [JobRowView]
    /// Sessions that need attention, newest first (**AttentionView**).
    public var attention: [AttentionView]
    /// True when any session needs attention.
    public var hasAttention: Bool
    /// Jobs that missed a run or whose last success is too old, shown first (**OverdueView**).
    public var overdue: [OverdueView]
    /// True when any job is missed or stale.
    public var hasOverdue: Bool
    /// True when the window holds no session at all.
    public var isEmpty: Bool
    /// What to know about the data before trusting it, one sentence each: a server whose fetch
    /// failed this run, so that its jobs show an earlier fetch (shown first, above the totals).
    public var notices: [String] = []
    /// True when there is a notice.
    public var hasNotices: Bool { !notices.isEmpty }
    /// The input files left out because they could not be read (**UnreadableFileView**), shown
    /// first: the report is made from the others.
    public var unreadableFiles: [UnreadableFileView] = []
    /// True when a file was left out.
    public var hasUnreadableFiles: Bool { !unreadableFiles.isEmpty }
    /// One line per server (**ServerRowView**), when the sessions came from more than one.
    public var servers: [ServerRowView] = []
    /// True when the sessions came from more than one server: the digest then has a Servers
    /// section, and jobs and organizations name their server.
    public var hasServers: Bool { servers.count > 1 }
    /// The Infrastructure section (**InfrastructureSectionView**): only what needs attention, else a one-line all-clear.
    public var infrastructure: InfrastructureSectionView = .empty
    /// The sections, each with its count where it has one (**ContentsEntryView**), for a line of
    /// links at the top; empty (and not shown) up to `ViewBuilder.contentsAboveJobs` jobs, which
    /// fit a screen.
    public var contents: [ContentsEntryView] = []
    /// True when **contents** is shown.
    public var hasContents: Bool { !contents.isEmpty }
    /// What the e-mail's text part left out to stay short (`To keep this message short: Log
    /// lines are left out. 70 jobs that succeeded are left out. … The full report: https://…`);
    /// empty elsewhere.
    public var leftOut: String = ""
    /// True when **leftOut** is set.
    public var hasLeftOut: Bool { !leftOut.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("badge", { $0.badge }), ("heading", { $0.heading }), ("headline", { $0.headline }),
        ("infrastructure", { $0.infrastructure }), ("contents", { $0.contents }), ("hasContents", { $0.hasContents }),
        ("leftOut", { $0.leftOut }), ("hasLeftOut", { $0.hasLeftOut }),
        ("totals", { $0.totals }), ("servers", { $0.servers }), ("hasServers", { $0.hasServers }),
        ("organizations", { $0.organizations }), ("jobs", { $0.jobs }), ("attention", { $0.attention }),
        ("hasAttention", { $0.hasAttention }), ("overdue", { $0.overdue }), ("hasOverdue", { $0.hasOverdue }),
        ("isEmpty", { $0.isEmpty }), ("notices", { $0.notices }), ("hasNotices", { $0.hasNotices }),
        ("unreadableFiles", { $0.unreadableFiles }), ("hasUnreadableFiles", { $0.hasUnreadableFiles }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One section of the digest in its line of contents.
public struct ContentsEntryView: TemplateView, Sendable {
    /// The section's anchor on the page (`jobs`, `missed-or-overdue`): the same as the slug
    /// Markdown renderers give its heading.
    public var anchor: String
    /// `Jobs (90)`, `Infrastructure`.
    public var label: String
    /// ` · ` before every entry but the first; empty for the first.
    public var separator: String = ""

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("anchor", { $0.anchor }), ("label", { $0.label }), ("separator", { $0.separator }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An input file left out of the report because it could not be read.
public struct UnreadableFileView: TemplateView, Sendable {
    /// Where: `path:line:column`, or the path alone, made safe for the format.
    public var location: String
    /// Why it could not be read, made safe for the format.
    public var reason: String

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("location", { $0.location }), ("reason", { $0.reason }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The HTML part of the daily e-mail (`email.html`); its `digest` is a **DigestView**, and inside `{{#digest}}` the
/// e-mail's own variables stay visible.
public struct EmailView: TemplateView, Sendable {
    /// The digest (with links made absolute to `--site-url`, and cut down to size).
    public var digest: DigestView
    /// True when `--site-url` was given: names link to the site (never otherwise).
    public var links: Bool
    /// The same, for `the full report` links.
    public var hasSite: Bool
    /// The site's address.
    public var siteURL: String
    /// What was left out to keep the message under 100 KB.
    public var omitted: String
    /// True when something was left out.
    public var hasOmitted: Bool

    /// Creates the view.
    public init(digest: DigestView, links: Bool, hasSite: Bool, siteURL: String, omitted: String, hasOmitted: Bool) {
        self.digest = digest
        self.links = links
        self.hasSite = hasSite
        self.siteURL = siteURL
        self.omitted = omitted
        self.hasOmitted = hasOmitted
    }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("digest", { $0.digest }), ("links", { $0.links }), ("hasSite", { $0.hasSite }), ("siteURL", { $0.siteURL }),
        ("omitted", { $0.omitted }), ("hasOmitted", { $0.hasOmitted }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One session as a ticket attachment (`ticket.html`, `ticket.md`): self-contained, without links.
public struct TicketView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    public var page: PageView
    /// The session's facts and comparisons (a **SessionPageView**; its links are not used).
    public var session: SessionPageView
    /// The job's sessions up to this one, newest first (at most 10).
    public var history: [SessionRowView]
    /// True when `history` is not empty.
    public var hasHistory: Bool
    /// The session's warning and error log lines, errors first (at most 50).
    public var problems: [LogLineView]
    /// True when `problems` is not empty.
    public var hasProblems: Bool
    /// How many more such lines the log has.
    public var moreProblems: Int
    /// True when `moreProblems` is above zero.
    public var hasMoreProblems: Bool
    /// True with `--redact`: names, users, hosts and addresses are masked.
    public var redacted: Bool

    /// Creates the view.
    public init(
        page: PageView, session: SessionPageView, history: [SessionRowView], problems: [LogLineView],
        moreProblems: Int, redacted: Bool
    ) {
        self.page = page
        self.session = session
        self.history = history
        self.hasHistory = !history.isEmpty
        self.problems = problems
        self.hasProblems = !problems.isEmpty
        self.moreProblems = moreProblems
        self.hasMoreProblems = moreProblems > 0
        self.redacted = redacted
    }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("session", { $0.session }), ("history", { $0.history }),
        ("hasHistory", { $0.hasHistory }), ("problems", { $0.problems }), ("hasProblems", { $0.hasProblems }),
        ("moreProblems", { $0.moreProblems }), ("hasMoreProblems", { $0.hasMoreProblems }),
        ("redacted", { $0.redacted }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An organization's line in the digest.
public struct OrganizationRowView: TemplateView, Sendable {
    /// The name, made safe for the format.
    public var name: String
    /// The name of its server (shown when **hasServers**).
    public var server: String = ""
    /// The index page of its own report, when the report is split per organization.
    public var link: String = ""
    /// True when **link** is set.
    public var hasLink: Bool { !link.isEmpty }
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// How many jobs.
    public var jobCount: Int
    /// How many sessions (or, on a job page, **SessionRowView** rows).
    public var sessions: Int
    /// Runs whose final outcome is Success ÷ finished and missed runs.
    public var successRate: QuantityView
    /// Data transferred.
    public var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    public var lastSuccessAge: String
    /// Its row's anchor in the digest (`organization-contoso-ltd-1a2b3c4d`): stable from run to
    /// run, unique among the organizations.
    public var anchor: String = ""

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("server", { $0.server }), ("link", { $0.link }), ("hasLink", { $0.hasLink }),
        ("badge", { $0.badge }), ("jobCount", { $0.jobCount }), ("anchor", { $0.anchor }),
        ("sessions", { $0.sessions }), ("successRate", { $0.successRate }), ("transferred", { $0.transferred }),
        ("lastSuccessAge", { $0.lastSuccessAge }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A server's line in the digest, when the sessions came from more than one server.
public struct ServerRowView: TemplateView, Sendable {
    /// The name the configuration gives it, else its host.
    public var name: String
    /// Its address as configured, in normal form (`host:port`).
    public var address: String
    /// The outcome over its jobs (a **BadgeView**).
    public var badge: BadgeView
    /// How many organizations.
    public var organizationCount: Int
    /// How many jobs.
    public var jobCount: Int
    /// How many sessions in the window.
    public var sessions: Int
    /// Runs whose final outcome is Success ÷ finished and missed runs.
    public var successRate: QuantityView
    /// Data transferred.
    public var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    public var lastSuccessAge: String
    /// When the latest fetch that worked began (`2026-11-23 21:00`), or `not recorded`.
    public var lastFetched: String
    /// True when the server's data is not up to date (`Summary.fetchIsBehind`): its latest fetch
    /// failed, or none has succeeded for more than a day.
    public var fetchFailed: Bool
    /// Why the latest fetch failed (empty when it worked).
    public var fetchError: String
    /// A Failed badge for the fetch (a **BadgeView**), shown when **fetchFailed**.
    public var fetchBadge: BadgeView
    /// Why the data is not up to date, shown when **fetchFailed**: `the latest fetch failed: …`,
    /// `no fetch has succeeded for 3 d 0 h`, or both.
    public var fetchProblem: String = ""

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("address", { $0.address }), ("badge", { $0.badge }),
        ("organizationCount", { $0.organizationCount }), ("jobCount", { $0.jobCount }), ("sessions", { $0.sessions }),
        ("successRate", { $0.successRate }), ("transferred", { $0.transferred }),
        ("lastSuccessAge", { $0.lastSuccessAge }), ("lastFetched", { $0.lastFetched }),
        ("fetchFailed", { $0.fetchFailed }), ("fetchError", { $0.fetchError }), ("fetchBadge", { $0.fetchBadge }),
        ("fetchProblem", { $0.fetchProblem }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A job's line in the digest.
public struct JobRowView: TemplateView, Sendable {
    /// The name, made safe for the format.
    public var name: String
    /// The organization's name.
    public var organization: String
    /// The anchor of the organization's row in the digest (**OrganizationRowView** `anchor`).
    public var organizationAnchor: String = ""
    /// The name of its server (shown when **hasServers**).
    public var server: String = ""
    /// The job's page, relative to the digest.
    public var link: String
    /// The final outcome of the window's runs.
    public var badge: BadgeView
    /// `1 Success, 1 Failed`, or `no sessions`.
    public var sessionsByStatus: String
    /// When the last session started, in the report's zone.
    public var lastRun: String
    /// How long before `--now` it started: `7 h 44 min ago`.
    public var lastRunAge: String
    /// The median duration in the window.
    public var duration: QuantityView
    /// Data transferred.
    public var transferred: QuantityView
    /// The median processing rate in the window.
    public var processingRate: QuantityView
    /// The last completed session's processing rate against the job's median baseline.
    public var rateDelta: DeltaView?
    /// How long ago the last Success ended, or `never`.
    public var lastSuccessAge: String
    /// For a backup copy job, the job it copies (a **CopyOfView**); absent for a backup job.
    public var copyOf: CopyOfView?

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("organization", { $0.organization }),
        ("organizationAnchor", { $0.organizationAnchor }), ("server", { $0.server }),
        ("copyOf", { $0.copyOf }),
        ("link", { $0.link }), ("badge", { $0.badge }),
        ("sessionsByStatus", { $0.sessionsByStatus }), ("lastRun", { $0.lastRun }), ("lastRunAge", { $0.lastRunAge }),
        ("duration", { $0.duration }), ("transferred", { $0.transferred }), ("processingRate", { $0.processingRate }),
        ("rateDelta", { $0.rateDelta }), ("lastSuccessAge", { $0.lastSuccessAge }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A job that missed a run or whose last success is older than `--max-age`.
public struct OverdueView: TemplateView, Sendable {
    /// `Missed` or `Stale` (a **BadgeView**).
    public var badge: BadgeView
    /// The job's name.
    public var job: String
    /// The organization's name.
    public var organization: String
    /// The job's page, relative to this page.
    public var jobLink: String
    /// Why, in sentences: `No run since 2026-11-21 22:00 UTC (32 h ago); it runs every 24 h (its schedule).`
    public var reasons: [String]

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("job", { $0.job }), ("organization", { $0.organization }),
        ("jobLink", { $0.jobLink }), ("reasons", { $0.reasons }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A session that needs attention, in the digest.
public struct AttentionView: TemplateView, Sendable {
    /// The time, in the report's zone.
    public var time: String
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// The job's name.
    public var job: String
    /// The organization's name.
    public var organization: String
    /// The job's page, relative to this page.
    public var jobLink: String
    /// The session's page, relative to this page.
    public var sessionLink: String
    /// `retry 1 of 2 made (the last; the job allows 3)`.
    public var retry: String
    /// Why it needs attention: `Failed`, `Slower than the median of 7 runs: processing rate -60.1%`.
    public var reasons: [String]
    /// Its warning and error log lines, errors first (at most 10).
    public var logLines: [LogLineView]
    /// How many more log lines the session page has.
    public var moreLogLines: Int
    /// True when `moreLogLines` is above zero.
    public var hasMoreLogLines: Bool
    /// True when `logLines` is not empty.
    public var hasLogLines: Bool
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    public var isCopy: Bool = false

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("time", { $0.time }), ("badge", { $0.badge }), ("job", { $0.job }), ("organization", { $0.organization }),
        ("isCopy", { $0.isCopy }),
        ("jobLink", { $0.jobLink }),
        ("sessionLink", { $0.sessionLink }), ("retry", { $0.retry }), ("reasons", { $0.reasons }),
        ("logLines", { $0.logLines }),
        ("moreLogLines", { $0.moreLogLines }), ("hasMoreLogLines", { $0.hasMoreLogLines }),
        ("hasLogLines", { $0.hasLogLines }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Job page

/// A job's page (`jobs/<job>.html`, `.md`).
public struct JobPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    public var page: PageView
    /// The name, made safe for the format.
    public var name: String
    /// The organization's name.
    public var organization: String
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// The job's statistics (**StatView** list).
    public var statistics: [StatView]
    /// Duration of each session, oldest first (at most the last 30).
    public var durationTrend: [BarView]
    /// Processing rate of each session, oldest first (at most the last 30).
    public var rateTrend: [BarView]
    /// The scale of the duration trend (an **AxisView**).
    public var durationAxis: AxisView
    /// The scale of the processing-rate trend (an **AxisView**).
    public var rateAxis: AxisView
    /// The date of the trend's oldest session (`2026-11-09`), under its first bar.
    public var trendStart: String
    /// The date of the trend's newest session, under its last bar.
    public var trendEnd: String
    /// `▁▂▅▇` sparklines for Markdown.
    public var durationSparkline: String
    /// The same for the processing rate.
    public var rateSparkline: String
    /// Sessions in the window, newest first.
    public var sessions: [SessionRowView]
    /// Sessions before the window, newest first.
    public var history: [SessionRowView]
    /// True when the job has sessions in the window.
    public var hasSessions: Bool
    /// True when the job has earlier sessions.
    public var hasHistory: Bool
    /// True when the trend has at least one session; `trendCount` says how many.
    public var hasTrend: Bool
    /// How many sessions the trend shows.
    public var trendCount: Int
    /// Why the job is missed or stale, in sentences (empty when it is neither).
    public var overdueReasons: [String]
    /// True when the job is missed or stale.
    public var isOverdue: Bool
    /// On a site, the months of the job's sessions, newest first, each with its page
    /// (**JobMonthView** list); empty in a report, whose job page lists every session.
    public var months: [JobMonthView] = []
    /// True when `months` is not empty.
    public var hasMonths: Bool = false
    /// On a site, how many earlier sessions `history` leaves to the month pages (it lists the
    /// newest 30); 0 in a report.
    public var olderSessions: Int = 0
    /// True when `olderSessions` is not 0.
    public var hasOlderSessions: Bool = false
    /// For a backup copy job, the job it copies (a **CopyOfView**); absent for a backup job.
    public var copyOf: CopyOfView?
    /// The failed or warned objects of the window's sessions by type: `3 users, 1 site`; empty
    /// when there are none (or no session says, as before v7).
    public var objectProblems: String = ""
    /// True when `objectProblems` is not empty.
    public var hasObjectProblems: Bool { !objectProblems.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("name", { $0.name }), ("organization", { $0.organization }), ("badge", { $0.badge }),
        ("copyOf", { $0.copyOf }), ("objectProblems", { $0.objectProblems }),
        ("hasObjectProblems", { $0.hasObjectProblems }),
        ("overdueReasons", { $0.overdueReasons }), ("isOverdue", { $0.isOverdue }),
        ("statistics", { $0.statistics }), ("durationTrend", { $0.durationTrend }), ("rateTrend", { $0.rateTrend }),
        ("durationAxis", { $0.durationAxis }), ("rateAxis", { $0.rateAxis }), ("trendStart", { $0.trendStart }),
        ("trendEnd", { $0.trendEnd }),
        ("durationSparkline", { $0.durationSparkline }), ("rateSparkline", { $0.rateSparkline }),
        ("sessions", { $0.sessions }),
        ("history", { $0.history }), ("hasSessions", { $0.hasSessions }), ("hasHistory", { $0.hasHistory }),
        ("hasTrend", { $0.hasTrend }), ("trendCount", { $0.trendCount }), ("months", { $0.months }),
        ("hasMonths", { $0.hasMonths }), ("olderSessions", { $0.olderSessions }),
        ("hasOlderSessions", { $0.hasOlderSessions }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A month of a job's sessions on a site: a link to its page.
public struct MonthLinkView: TemplateView, Sendable {
    /// `November 2026`.
    public var label: String
    /// `2026-11`.
    public var month: String
    /// A relative link to the month's page.
    public var link: String

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("month", { $0.month }), ("link", { $0.link }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A month on a job's page: its link and how many sessions it holds.
public struct JobMonthView: TemplateView, Sendable {
    /// `November 2026`.
    public var label: String
    /// `2026-11`.
    public var month: String
    /// A relative link to the month's page.
    public var link: String
    /// How many sessions of the job the month holds.
    public var sessions: Int

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("month", { $0.month }), ("link", { $0.link }), ("sessions", { $0.sessions }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A month of a job's sessions on a site (`jobs/<job>-<yyyy-mm>.html`, `.md`): it shows only what
/// the month's sessions say, so that a past month's page stays the same from run to run.
public struct JobMonthPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**; `stable`, coloured by the month's worst session).
    public var page: PageView
    /// The job's name, made safe for the format.
    public var name: String
    /// The organization's name.
    public var organization: String
    /// A relative link to the job's page.
    public var jobLink: String
    /// The month (a **MonthLinkView** to this page).
    public var month: MonthLinkView
    /// How many sessions the month holds.
    public var sessionCount: Int
    /// The month's sessions, newest first (**SessionRowView** list).
    public var sessions: [SessionRowView]
    /// The job's month before this one that has sessions (a **MonthLinkView**); none for the first.
    public var previous: MonthLinkView?
    /// The job's month after this one that has sessions (a **MonthLinkView**); none for the last.
    public var next: MonthLinkView?

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("name", { $0.name }), ("organization", { $0.organization }),
        ("jobLink", { $0.jobLink }), ("month", { $0.month }), ("sessionCount", { $0.sessionCount }),
        ("sessions", { $0.sessions }), ("previous", { $0.previous }), ("next", { $0.next }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A session's line on its job's page.
public struct SessionRowView: TemplateView, Sendable {
    /// The time, in the report's zone.
    public var time: String
    /// A relative link to the page.
    public var link: String
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// The place in its retry chain: `first run`, `retry 1 of 2 made (the last; the job allows 3)`.
    public var retry: String
    /// The duration.
    public var duration: QuantityView
    /// Data transferred.
    public var transferred: QuantityView
    /// Veeam's processing rate.
    public var processingRate: QuantityView
    /// The read rate.
    public var readRate: QuantityView
    /// The write rate.
    public var writeRate: QuantityView
    /// Processing rate against the previous run and the median.
    public var versusPrevious: DeltaView?
    /// The change against the median (a **DeltaView**, absent when not compared).
    public var versusMedian: DeltaView?
    /// `slower`, `faster`, `steady`, or empty when not compared.
    public var verdict: String
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    public var isCopy: Bool = false

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("time", { $0.time }), ("link", { $0.link }), ("badge", { $0.badge }), ("retry", { $0.retry }),
        ("isCopy", { $0.isCopy }),
        ("duration", { $0.duration }),
        ("transferred", { $0.transferred }), ("processingRate", { $0.processingRate }), ("readRate", { $0.readRate }),
        ("writeRate", { $0.writeRate }), ("versusPrevious", { $0.versusPrevious }),
        ("versusMedian", { $0.versusMedian }),
        ("verdict", { $0.verdict }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Session page

/// A session's page (`sessions/<id>.html`, `.md`).
public struct SessionPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    public var page: PageView
    /// The session id.
    public var id: String
    /// The job's name.
    public var job: String
    /// The job's page, relative to this page.
    public var jobLink: String
    /// The organization's name.
    public var organization: String
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// The start in the report's zone, to the second.
    public var start: String
    /// The start in UTC, when the report's zone is another (else empty).
    public var startUTC: String
    /// True when `startUTC` is to be shown.
    public var hasStartUTC: Bool
    /// The end in the report's zone, to the second; else `still running, for 12 min so far`,
    /// `hung: running for 3 d 2 h (usually 10 min)` or `unknown`.
    public var end: String
    /// The end in UTC, when there is one and the report's zone is another (else empty).
    public var endUTC: String
    /// True when `endUTC` is to be shown.
    public var hasEndUTC: Bool
    /// The duration.
    public var duration: QuantityView
    /// Data transferred.
    public var transferred: QuantityView
    /// Items processed (mails, files, posts: VB365's statistics), not the users, groups, sites
    /// and teams of `processedObjects`.
    public var objects: QuantityView
    /// VB365's bottleneck (`Source`, `Target`, ...).
    public var bottleneck: String
    /// Items per second.
    public var itemsRate: QuantityView
    /// Veeam's processing rate and the observed `transferred ÷ duration`.
    public var processingRate: QuantityView
    /// transferred ÷ duration.
    public var observedThroughput: QuantityView
    /// The same as a bar (**BarView**) on the scale of `rates`.
    public var observedBar: BarView
    /// `observed is 96% of Veeam's rate`.
    public var throughputNote: String
    /// Processing, read and write rate bars.
    public var rates: [BarView]
    /// `Reading from Microsoft 365 limits (read 40% of write); VB365 agrees: bottleneck Source.`
    public var readWriteNote: String
    /// The place in its retry chain: `first run`, `retry 1 of 2 made (the last; the job allows 3)`.
    public var retry: String
    /// The sessions of its retry chain, in order.
    public var chain: [ChainItemView]
    /// True when the session is part of a chain of two or more.
    public var hasChain: Bool
    /// One row per compared measure.
    public var comparisons: [ComparisonRowView]
    /// True when the session was compared.
    public var hasComparisons: Bool
    /// `Previous run: 2026-11-21 23:00 CET` and `Median of 7 runs`.
    public var previousLabel: String
    /// The median baseline's column title.
    public var medianLabel: String
    /// The findings in words: `Slower than the median of 7 runs: processing rate -60.1%`.
    public var findings: [String]
    /// True when `findings` is not empty.
    public var hasFindings: Bool
    /// Every log line, in time order, each marked with its severity (**LogLineView**).
    public var logLines: [LogLineView]
    /// True when the session has log lines.
    public var hasLog: Bool
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    public var isCopy: Bool = false
    /// The objects the session processed (v7+), when it did not succeed (a **ProcessedObjectsView**);
    /// absent otherwise.
    public var processedObjects: ProcessedObjectsView?

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("id", { $0.id }), ("job", { $0.job }), ("jobLink", { $0.jobLink }),
        ("isCopy", { $0.isCopy }), ("processedObjects", { $0.processedObjects }),
        ("organization", { $0.organization }),
        ("badge", { $0.badge }), ("start", { $0.start }), ("startUTC", { $0.startUTC }),
        ("hasStartUTC", { $0.hasStartUTC }), ("end", { $0.end }), ("endUTC", { $0.endUTC }),
        ("hasEndUTC", { $0.hasEndUTC }),
        ("duration", { $0.duration }), ("transferred", { $0.transferred }), ("objects", { $0.objects }),
        ("bottleneck", { $0.bottleneck }),
        ("itemsRate", { $0.itemsRate }), ("processingRate", { $0.processingRate }),
        ("observedThroughput", { $0.observedThroughput }), ("observedBar", { $0.observedBar }),
        ("throughputNote", { $0.throughputNote }), ("rates", { $0.rates }), ("readWriteNote", { $0.readWriteNote }),
        ("retry", { $0.retry }),
        ("chain", { $0.chain }), ("hasChain", { $0.hasChain }), ("comparisons", { $0.comparisons }),
        ("hasComparisons", { $0.hasComparisons }), ("previousLabel", { $0.previousLabel }),
        ("medianLabel", { $0.medianLabel }),
        ("findings", { $0.findings }), ("hasFindings", { $0.hasFindings }), ("logLines", { $0.logLines }),
        ("hasLog", { $0.hasLog }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The objects a session that did not succeed processed (v7+), on its page and in its ticket.
public struct ProcessedObjectsView: TemplateView, Sendable {
    /// `32 objects processed (users, groups, sites, teams): 29 succeeded, 2 failed, 1 warned`.
    public var counts: String
    /// The failed objects, then the warned ones, at most `--objects-shown` (**ObjectRowView** list).
    public var objects: [ObjectRowView]
    /// True when `objects` is not empty.
    public var hasObjects: Bool { !objects.isEmpty }
    /// What the list leaves out: `and 3 more (2 failed, 1 warned)`; empty when nothing.
    public var more: String
    /// True when `more` is not empty.
    public var hasMore: Bool { !more.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("counts", { $0.counts }), ("objects", { $0.objects }), ("hasObjects", { $0.hasObjects }),
        ("more", { $0.more }), ("hasMore", { $0.hasMore }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An object a session processed that failed or warned.
public struct ObjectRowView: TemplateView, Sendable {
    /// `Failed` or `Warning` (a **BadgeView**).
    public var badge: BadgeView
    /// `User`, `Group`, `Site` or `Team`, as VB365 sends it; `unknown` when it sends none.
    public var type: String
    /// The object's name; its id when no name resolves (then **nameKnown** is false).
    public var name: String
    /// False when `name` is the object's id, shown with `name unknown`.
    public var nameKnown: Bool

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("type", { $0.type }), ("name", { $0.name }), ("nameKnown", { $0.nameKnown }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The backup job a backup copy job copies.
public struct CopyOfView: TemplateView, Sendable {
    /// The backup job's name; `backup job <id>` when the report does not hold it, `a backup job`
    /// when VB365 does not say which.
    public var name: String
    /// A link to the backup job's page, when the report holds it (else empty).
    public var link: String
    /// True when `link` is not empty.
    public var hasLink: Bool { !link.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("link", { $0.link }), ("hasLink", { $0.hasLink }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A session of a retry chain.
public struct ChainItemView: TemplateView, Sendable {
    /// The time, in the report's zone.
    public var time: String
    /// A relative link to the page.
    public var link: String
    /// The status (a **BadgeView**).
    public var badge: BadgeView
    /// `first run`, `retry 1`, ...
    public var label: String
    /// True for the session the page is about.
    public var isCurrent: Bool

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("time", { $0.time }), ("link", { $0.link }), ("badge", { $0.badge }), ("label", { $0.label }),
        ("isCurrent", { $0.isCurrent }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One measure of a session against its baselines.
public struct ComparisonRowView: TemplateView, Sendable {
    /// The measure: Duration, Transferred, Processing rate, Read rate, Write rate.
    public var metric: String
    /// The number (a **QuantityView**).
    public var value: QuantityView
    /// The previous run's value.
    public var previous: QuantityView
    /// The change against the previous run (a **DeltaView**, absent when not compared).
    public var versusPrevious: DeltaView?
    /// The median of the last N runs.
    public var median: QuantityView
    /// The change against the median (a **DeltaView**, absent when not compared).
    public var versusMedian: DeltaView?

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("metric", { $0.metric }), ("value", { $0.value }), ("previous", { $0.previous }),
        ("versusPrevious", { $0.versusPrevious }),
        ("median", { $0.median }), ("versusMedian", { $0.versusMedian }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Infrastructure

/// The digest's Infrastructure section: only what needs attention, else a one-line all-clear.
public struct InfrastructureSectionView: TemplateView, Sendable {
    /// `All clear: 3 repositories, 2 proxies and the licence need no attention.`, or the count of
    /// problems, or that no snapshot was read.
    public var headline: String
    /// What needs attention, worst first (**InfrastructureProblemView**).
    public var problems: [InfrastructureProblemView]
    /// True when anything needs attention.
    public var hasProblems: Bool
    /// True when any snapshot was read (else the state is unknown, never "all clear").
    public var hasSnapshots: Bool
    /// The time of the newest snapshot, in the report's time zone; `an unknown time` when its
    /// file's name had none.
    public var asOf: String
    /// The link to the infrastructure page (`infrastructure.html`).
    public var link: String

    /// No section (a view made without one).
    public static let empty = InfrastructureSectionView(
        headline: "", problems: [], hasProblems: false, hasSnapshots: false, asOf: "", link: "")

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("headline", { $0.headline }), ("problems", { $0.problems }), ("hasProblems", { $0.hasProblems }),
        ("hasSnapshots", { $0.hasSnapshots }), ("asOf", { $0.asOf }), ("link", { $0.link }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One thing in the infrastructure that needs attention.
public struct InfrastructureProblemView: TemplateView, Sendable {
    /// Warning or Failed.
    public var badge: BadgeView
    /// `Repository`, `Proxy` or `Licence`.
    public var kind: String
    /// The repository's or proxy's name, or whom the licence is for.
    public var name: String
    /// The server's name, when the report covers several; else empty.
    public var server: String
    /// What is wrong: `2.1% free (below 5%)`, `offline`, `the licence expires 2026-11-27, in 4 days`.
    public var text: String

    /// True when `server` is not empty (the report covers several servers).
    public var hasServer: Bool { !server.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("kind", { $0.kind }), ("name", { $0.name }), ("server", { $0.server }),
        ("text", { $0.text }),
        ("hasServer", { $0.hasServer }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The infrastructure page (`infrastructure.html`, `infrastructure.md`): repositories with their
/// free-space trend and forecast, proxies, licences and licensed users per organization.
public struct InfrastructurePageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    public var page: PageView
    /// The worst finding (Success when none; Other when no snapshot was read).
    public var badge: BadgeView
    /// `Infrastructure`.
    public var heading: String
    /// The digest section's headline and problems (**InfrastructureSectionView**).
    public var section: InfrastructureSectionView
    /// One row per repository (**RepositoryRowView**).
    public var repositories: [RepositoryRowView]
    /// True when any repository was read.
    public var hasRepositories: Bool
    /// One row per proxy (**ProxyRowView**).
    public var proxies: [ProxyRowView]
    /// True when any proxy was read.
    public var hasProxies: Bool
    /// One row per server's licence (**LicenseRowView**).
    public var licenses: [LicenseRowView]
    /// True when any licence was read.
    public var hasLicenses: Bool
    /// One row per organization (**LicensingRowView**).
    public var licensing: [LicensingRowView]
    /// True when licensing figures per organization were read.
    public var hasLicensing: Bool
    /// The limits the findings use, in words: `free space below 15% (warning) or 5% (failure); …`.
    public var thresholds: String

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("badge", { $0.badge }), ("heading", { $0.heading }), ("section", { $0.section }),
        ("repositories", { $0.repositories }), ("hasRepositories", { $0.hasRepositories }),
        ("proxies", { $0.proxies }), ("hasProxies", { $0.hasProxies }), ("licenses", { $0.licenses }),
        ("hasLicenses", { $0.hasLicenses }), ("licensing", { $0.licensing }), ("hasLicensing", { $0.hasLicensing }),
        ("thresholds", { $0.thresholds }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A repository on the infrastructure page.
public struct RepositoryRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    public var badge: BadgeView
    /// The repository's name.
    public var name: String
    /// The server's name, when the report covers several; else empty.
    public var server: String
    /// Its path (or empty).
    public var path: String
    /// `disk`, or `object storage (AmazonS3)`, `archive tier` ...
    public var kind: String
    /// The capacity (**QuantityView**; unknown for object storage or a capacity of 0).
    public var capacity: QuantityView
    /// Free space in bytes (**QuantityView**).
    public var free: QuantityView
    /// Free space as a percentage of the capacity (**QuantityView**).
    public var freePercent: QuantityView
    /// Used space (**QuantityView**).
    public var used: QuantityView
    /// Growth of the used space per day from a robust fit (**QuantityView**), `+12.3 GB/day`.
    public var growth: QuantityView
    /// `full in ~23 days`, `not filling up`, or `unknown`.
    public var forecast: String
    /// What needs attention, in words (empty when nothing).
    public var findings: [String]
    /// Why a figure is unknown or why there is no forecast.
    public var notes: [String]
    /// True when there are notes.
    public var hasNotes: Bool
    /// The free space of each day of the fitting period, oldest first (**BarView**; its `cssClass`
    /// is `success`, `warning` or `failed` by that day's free space against the limits).
    public var trend: [BarView]
    /// True when the free space is known on at least two days.
    public var hasTrend: Bool
    /// The free-space trend in one line of block characters (`▇▆▅▄▃`).
    public var sparkline: String
    /// The top of the trend's scale: the most free space of its days (its bottom is 0 B).
    public var trendMaximum: String
    /// The first day of the trend.
    public var trendStart: String
    /// The last day of the trend.
    public var trendEnd: String
    /// The number of days in the trend.
    public var trendCount: Int
    /// When the newest snapshot was taken.
    public var asOf: String

    /// True when `server` is not empty (the report covers several servers).
    public var hasServer: Bool { !server.isEmpty }
    /// True when `path` is not empty.
    public var hasPath: Bool { !path.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("name", { $0.name }), ("server", { $0.server }), ("path", { $0.path }),
        ("kind", { $0.kind }), ("capacity", { $0.capacity }), ("free", { $0.free }),
        ("freePercent", { $0.freePercent }), ("used", { $0.used }), ("growth", { $0.growth }),
        ("forecast", { $0.forecast }), ("findings", { $0.findings }), ("notes", { $0.notes }),
        ("hasNotes", { $0.hasNotes }), ("trend", { $0.trend }), ("hasTrend", { $0.hasTrend }),
        ("sparkline", { $0.sparkline }), ("asOf", { $0.asOf }), ("trendMaximum", { $0.trendMaximum }),
        ("trendStart", { $0.trendStart }), ("trendEnd", { $0.trendEnd }), ("trendCount", { $0.trendCount }),
        ("hasServer", { $0.hasServer }),
        ("hasPath", { $0.hasPath }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A backup proxy on the infrastructure page.
public struct ProxyRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    public var badge: BadgeView
    /// The host name.
    public var name: String
    /// The server's name, when the report covers several; else empty.
    public var server: String
    /// `Online`, `Offline`, or `unknown`.
    public var status: String
    /// `Disabled`, `Enabled`, ..., or empty when not given.
    public var maintenance: String
    /// The proxy's version (`unknown` when not given) and the server's, when known.
    public var version: String
    /// CPU usage (**QuantityView**).
    public var cpu: QuantityView
    /// Memory usage (**QuantityView**).
    public var memory: QuantityView
    /// What needs attention, in words.
    public var findings: [String]

    /// True when `server` is not empty (the report covers several servers).
    public var hasServer: Bool { !server.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("name", { $0.name }), ("server", { $0.server }), ("status", { $0.status }),
        ("maintenance", { $0.maintenance }), ("version", { $0.version }), ("cpu", { $0.cpu }),
        ("memory", { $0.memory }), ("findings", { $0.findings }),
        ("hasServer", { $0.hasServer }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A server's licence on the infrastructure page.
public struct LicenseRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    public var badge: BadgeView
    /// The server's name, when the report covers several; else empty.
    public var server: String
    /// `Valid`, `Expired`, or `unknown`.
    public var status: String
    /// `Subscription`, `Rental`, ...
    public var type: String
    /// Whom the licence is for.
    public var licensedTo: String
    /// The expiry, in the report's time zone, or `unknown` (with the reason).
    public var expires: String
    /// `in 4 days`, `expired 2 days ago`, or empty.
    public var daysLeft: String
    /// The end of the grace period, or empty.
    public var grace: String
    /// Users licensed, allowed and new this month (**QuantityView**).
    public var used: QuantityView
    /// Users the licence allows (**QuantityView**).
    public var total: QuantityView
    /// New users (**QuantityView**).
    public var newUsers: QuantityView
    /// What needs attention, in words.
    public var findings: [String]

    /// True when `server` is not empty (the report covers several servers).
    public var hasServer: Bool { !server.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("server", { $0.server }), ("status", { $0.status }), ("type", { $0.type }),
        ("licensedTo", { $0.licensedTo }), ("expires", { $0.expires }), ("daysLeft", { $0.daysLeft }),
        ("grace", { $0.grace }), ("used", { $0.used }), ("total", { $0.total }), ("newUsers", { $0.newUsers }),
        ("findings", { $0.findings }),
        ("hasServer", { $0.hasServer }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An organization's licensed users on the infrastructure page (for MSP billing).
public struct LicensingRowView: TemplateView, Sendable {
    /// The organization's name.
    public var organization: String
    /// The server's name, when the report covers several; else empty.
    public var server: String
    /// Licensed users (**QuantityView**).
    public var licensedUsers: QuantityView
    /// New users (**QuantityView**).
    public var newUsers: QuantityView

    /// True when `server` is not empty (the report covers several servers).
    public var hasServer: Bool { !server.isEmpty }

    public static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("organization", { $0.organization }), ("server", { $0.server }), ("licensedUsers", { $0.licensedUsers }),
        ("newUsers", { $0.newUsers }),
        ("hasServer", { $0.hasServer }),
    ]
    public static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}
