// MARK: - Shared pieces

/// Facts every page shows: its title, where it is, when and by what it was made.
package struct PageView: TemplateView, Sendable {
    /// The page title, starting with the status: `[Failed] VB365 daily report 2026-11-22`.
    package var title: String
    /// The path from this page to the report's root folder (`""` or `"../"`).
    package var root: String
    /// The digest's file name in this format (`index.html` or `index.md`).
    package var indexFile: String
    /// The window's start, in the report's time zone; empty on a site's session pages (`stable`).
    package var windowStart: String
    /// The window's end (exclusive), in the report's time zone; empty when `stable`.
    package var windowEnd: String
    /// `the last 24 hours; newest session 6 h 54 min ago` or `7 d 0 h; newest session 2 h ago`
    /// (`Summary.windowDescription`); unused when `stable`.
    package var windowDescription: String
    /// The time the report describes itself as made (`--now`), in the time zone; empty when
    /// `stable`.
    package var generatedAt: String
    /// The IANA time zone of the times shown.
    package var timeZone: String
    /// The version of vb365-report.
    package var toolVersion: String
    /// The CSS class of the worst status, for the page's header colour.
    package var statusClass: String
    /// True for a site's session pages: they leave out the window and the run's time (those four
    /// variables are empty), so the page stays byte for byte the same from run to run, and an
    /// incremental run keeps it without rendering it again.
    package var stable: Bool = false

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("title", { $0.title }), ("root", { $0.root }), ("indexFile", { $0.indexFile }),
        ("windowStart", { $0.windowStart }),
        ("windowEnd", { $0.windowEnd }), ("windowDescription", { $0.windowDescription }),
        ("generatedAt", { $0.generatedAt }),
        ("timeZone", { $0.timeZone }), ("toolVersion", { $0.toolVersion }), ("statusClass", { $0.statusClass }),
        ("stable", { $0.stable }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A status label: a coloured word in XHTML, an emoji and the word in Markdown.
package struct BadgeView: TemplateView, Sendable {
    /// The status word (`Failed`, `Recovered`, `Running`, or an unknown status as sent).
    package var word: String
    /// `success`, `warning`, `failed`, `running`, `missed` (missed and stale jobs) or `other`.
    package var cssClass: String
    /// ✅ ⚠️ ❌ 🔄 ⏹️ ❔ 🚫 ⏰, and ❗ for a warning streak at the failed level
    package var emoji: String
    /// A longer explanation for the `title` attribute.
    package var detail: String

    /// The badge's colour (`#cf222e`), for inline styles where no style sheet can be used (mail).
    package var color: String {
        switch cssClass {
        case "success": return "#1a7f37"
        case "warning": return "#9a6700"
        case "failed": return "#cf222e"
        case "running": return "#0969da"
        case "missed": return "#82071e"
        default: return "#57606a"
        }
    }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("word", { $0.word }), ("cssClass", { $0.cssClass }), ("emoji", { $0.emoji }), ("detail", { $0.detail }),
        ("color", { $0.color }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A number in human units with its exact value.
package struct QuantityView: TemplateView, Sendable {
    /// `12.3 MB/s`, or `–` when unknown.
    package var text: String
    /// `12,897,331 B/s`: the exact value, for the `title` attribute.
    package var exact: String
    /// False when the value is unknown.
    package var known: Bool

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("text", { $0.text }), ("exact", { $0.exact }), ("known", { $0.known }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A change against a baseline: `▼ -42.0%`.
package struct DeltaView: TemplateView, Sendable {
    /// `-42.0%`.
    package var text: String
    /// ▲ (up), ▼ (down) or ▬ (no change).
    package var arrow: String
    /// `slower`, `faster` or `steady`: whether this change is bad, good or neither.
    package var verdict: String
    /// What was compared: `10.2 MB/s at the previous run`.
    package var detail: String
    /// True when the change crossed its threshold.
    package var isFinding: Bool

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("text", { $0.text }), ("arrow", { $0.arrow }), ("verdict", { $0.verdict }), ("detail", { $0.detail }),
        ("isFinding", { $0.isFinding }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One bar of a bar chart (rates, or the trend of a job).
package struct BarView: TemplateView, Sendable {
    /// What the value is.
    package var label: String
    /// The number (a **QuantityView**).
    package var value: QuantityView
    /// The bar's length, 0 to 100, relative to the longest bar.
    package var percent: Int
    /// The bar for Markdown: `██████░░░░`.
    package var textBar: String
    /// `processing`, `read`, `write`, or a status class for trend bars.
    package var cssClass: String
    /// A link for trend bars (to the session's page), else empty.
    package var link: String

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("value", { $0.value }), ("percent", { $0.percent }), ("textBar", { $0.textBar }),
        ("cssClass", { $0.cssClass }),
        ("link", { $0.link }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The scale of a bar chart's value axis: what its bottom and its top stand for.
package struct AxisView: TemplateView, Sendable {
    /// The value at the bottom (a **QuantityView**): zero in the chart's unit (`0 s`, `0 B/s`), as every bar starts there.
    package var minimum: QuantityView
    /// The value at the top (a **QuantityView**): the tallest bar's.
    package var maximum: QuantityView

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("minimum", { $0.minimum }), ("maximum", { $0.maximum }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A labelled value in a statistics list.
package struct StatView: TemplateView, Sendable {
    /// What the value is.
    package var label: String
    /// The number (a **QuantityView**).
    package var value: QuantityView

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("value", { $0.value }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One log line.
package struct LogLineView: TemplateView, Sendable {
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The time in the report's zone, or empty.
    package var time: String
    /// The log text, made safe for the format.
    package var message: String

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("time", { $0.time }), ("message", { $0.message }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Digest

/// The digest page (`index.html`, `index.md`).
package struct DigestView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The worst status of the window.
    package var badge: BadgeView
    /// The title without its status word, for beside the badge: `VB365 report 2026-11-23`.
    package var heading: String
    /// `2 of 4 jobs need action; 1 for information` or `All 4 jobs backed up` (`Summary.actionHeadline`).
    package var headline: String
    /// The headline numbers (**StatView** list).
    package var totals: [StatView]
    /// One line per organization (**OrganizationRowView**).
    package var organizations: [OrganizationRowView]
    /// One line per job (**JobRowView**).
    package var jobs: [JobRowView]
    /// Sessions that need attention, newest first (**AttentionView**).
    package var attention: [AttentionView]
    /// True when any session needs attention.
    package var hasAttention: Bool
    /// Jobs that missed a run or whose last success is too old, shown first (**OverdueView**).
    package var overdue: [OverdueView]
    /// True when any job is missed or stale.
    package var hasOverdue: Bool
    /// True when the window holds no session at all.
    package var isEmpty: Bool
    /// What to know about the data before trusting it, one sentence each: a server whose fetch
    /// failed this run, so that its jobs show an earlier fetch (shown first, above the totals).
    package var notices: [String] = []
    /// True when there is a notice.
    package var hasNotices: Bool { !notices.isEmpty }
    /// The input files left out because they could not be read (**UnreadableFileView**), shown
    /// first: the report is made from the others.
    package var unreadableFiles: [UnreadableFileView] = []
    /// True when a file was left out.
    package var hasUnreadableFiles: Bool { !unreadableFiles.isEmpty }
    /// One line per server (**ServerRowView**), when the sessions came from more than one.
    package var servers: [ServerRowView] = []
    /// True when the sessions came from more than one server: the digest then has a Servers
    /// section, and jobs and organizations name their server.
    package var hasServers: Bool { servers.count > 1 }
    /// The Infrastructure section (**InfrastructureSectionView**): only what needs attention, else a one-line all-clear.
    package var infrastructure: InfrastructureSectionView = .empty
    /// The sections, each with its count where it has one (**ContentsEntryView**), for a line of
    /// links at the top; empty (and not shown) up to `ViewBuilder.contentsAboveJobs` jobs, which
    /// fit a screen.
    package var contents: [ContentsEntryView] = []
    /// True when **contents** is shown.
    package var hasContents: Bool { !contents.isEmpty }
    /// What the e-mail's text part left out to stay short (`To keep this message short: Log
    /// lines are left out. 70 jobs that succeeded are left out. … The full report: https://…`);
    /// empty elsewhere.
    package var leftOut: String = ""
    /// True when **leftOut** is set.
    package var hasLeftOut: Bool { !leftOut.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("badge", { $0.badge }), ("heading", { $0.heading }), ("headline", { $0.headline }),
        ("infrastructure", { $0.infrastructure }), ("contents", { $0.contents }), ("hasContents", { $0.hasContents }),
        ("leftOut", { $0.leftOut }), ("hasLeftOut", { $0.hasLeftOut }),
        ("totals", { $0.totals }), ("servers", { $0.servers }), ("hasServers", { $0.hasServers }),
        ("organizations", { $0.organizations }), ("jobs", { $0.jobs }), ("attention", { $0.attention }),
        ("hasAttention", { $0.hasAttention }), ("overdue", { $0.overdue }), ("hasOverdue", { $0.hasOverdue }),
        ("isEmpty", { $0.isEmpty }), ("notices", { $0.notices }), ("hasNotices", { $0.hasNotices }),
        ("unreadableFiles", { $0.unreadableFiles }), ("hasUnreadableFiles", { $0.hasUnreadableFiles }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One section of the digest in its line of contents.
package struct ContentsEntryView: TemplateView, Sendable {
    /// The section's anchor on the page (`jobs`, `missed-or-overdue`): the same as the slug
    /// Markdown renderers give its heading.
    package var anchor: String
    /// `Jobs (90)`, `Infrastructure`.
    package var label: String
    /// ` · ` before every entry but the first; empty for the first.
    package var separator: String = ""

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("anchor", { $0.anchor }), ("label", { $0.label }), ("separator", { $0.separator }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An input file left out of the report because it could not be read.
package struct UnreadableFileView: TemplateView, Sendable {
    /// Where: `path:line:column`, or the path alone, made safe for the format.
    package var location: String
    /// Why it could not be read, made safe for the format.
    package var reason: String

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("location", { $0.location }), ("reason", { $0.reason }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The HTML part of the daily e-mail (`email.html`); its `digest` is a **DigestView**, and inside `{{#digest}}` the
/// e-mail's own variables stay visible.
package struct EmailView: TemplateView, Sendable {
    /// The digest (with links made absolute to `--site-url`, and cut down to size).
    package var digest: DigestView
    /// True when `--site-url` was given: names link to the site (never otherwise).
    package var links: Bool
    /// The same, for `the full report` links.
    package var hasSite: Bool
    /// The site's address.
    package var siteURL: String
    /// What was left out to keep the message under 100 KB.
    package var omitted: String
    /// True when something was left out.
    package var hasOmitted: Bool

    /// Creates the view.
    package init(digest: DigestView, links: Bool, hasSite: Bool, siteURL: String, omitted: String, hasOmitted: Bool) {
        self.digest = digest
        self.links = links
        self.hasSite = hasSite
        self.siteURL = siteURL
        self.omitted = omitted
        self.hasOmitted = hasOmitted
    }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("digest", { $0.digest }), ("links", { $0.links }), ("hasSite", { $0.hasSite }), ("siteURL", { $0.siteURL }),
        ("omitted", { $0.omitted }), ("hasOmitted", { $0.hasOmitted }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One session as a ticket attachment (`ticket.html`, `ticket.md`): self-contained, without links.
package struct TicketView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The session's facts and comparisons (a **SessionPageView**; its links are not used).
    package var session: SessionPageView
    /// The job's sessions up to this one, newest first (at most 10).
    package var history: [SessionRowView]
    /// True when `history` is not empty.
    package var hasHistory: Bool
    /// The session's warning and error log lines, errors first (at most 50).
    package var problems: [LogLineView]
    /// True when `problems` is not empty.
    package var hasProblems: Bool
    /// How many more such lines the log has.
    package var moreProblems: Int
    /// True when `moreProblems` is above zero.
    package var hasMoreProblems: Bool
    /// True with `--redact`: names, users, hosts and addresses are masked.
    package var redacted: Bool

    /// Creates the view.
    package init(
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

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("session", { $0.session }), ("history", { $0.history }),
        ("hasHistory", { $0.hasHistory }), ("problems", { $0.problems }), ("hasProblems", { $0.hasProblems }),
        ("moreProblems", { $0.moreProblems }), ("hasMoreProblems", { $0.hasMoreProblems }),
        ("redacted", { $0.redacted }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An organization's line in the digest.
package struct OrganizationRowView: TemplateView, Sendable {
    /// The name, made safe for the format.
    package var name: String
    /// The name of its server (shown when **hasServers**).
    package var server: String = ""
    /// The index page of its own report, when the report is split per organization.
    package var link: String = ""
    /// True when **link** is set.
    package var hasLink: Bool { !link.isEmpty }
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// How many jobs.
    package var jobCount: Int
    /// How many sessions (or, on a job page, **SessionRowView** rows).
    package var sessions: Int
    /// Runs whose final outcome is Success ÷ finished and missed runs.
    package var successRate: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    package var lastSuccessAge: String
    /// Its row's anchor in the digest (`organization-contoso-ltd-1a2b3c4d`): stable from run to
    /// run, unique among the organizations.
    package var anchor: String = ""

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("server", { $0.server }), ("link", { $0.link }), ("hasLink", { $0.hasLink }),
        ("badge", { $0.badge }), ("jobCount", { $0.jobCount }), ("anchor", { $0.anchor }),
        ("sessions", { $0.sessions }), ("successRate", { $0.successRate }), ("transferred", { $0.transferred }),
        ("lastSuccessAge", { $0.lastSuccessAge }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A server's line in the digest, when the sessions came from more than one server.
package struct ServerRowView: TemplateView, Sendable {
    /// The name the configuration gives it, else its host.
    package var name: String
    /// Its address as configured, in normal form (`host:port`).
    package var address: String
    /// The outcome over its jobs (a **BadgeView**).
    package var badge: BadgeView
    /// How many organizations.
    package var organizationCount: Int
    /// How many jobs.
    package var jobCount: Int
    /// How many sessions in the window.
    package var sessions: Int
    /// Runs whose final outcome is Success ÷ finished and missed runs.
    package var successRate: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    package var lastSuccessAge: String
    /// When the latest fetch that worked began (`2026-11-23 21:00`), or `not recorded`.
    package var lastFetched: String
    /// True when the server's data is not up to date (`Summary.fetchIsBehind`): its latest fetch
    /// failed, or none has succeeded for more than a day.
    package var fetchFailed: Bool
    /// Why the latest fetch failed (empty when it worked).
    package var fetchError: String
    /// A Failed badge for the fetch (a **BadgeView**), shown when **fetchFailed**.
    package var fetchBadge: BadgeView
    /// Why the data is not up to date, shown when **fetchFailed**: `the latest fetch failed: …`,
    /// `no fetch has succeeded for 3 d 0 h`, or both.
    package var fetchProblem: String = ""

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("address", { $0.address }), ("badge", { $0.badge }),
        ("organizationCount", { $0.organizationCount }), ("jobCount", { $0.jobCount }), ("sessions", { $0.sessions }),
        ("successRate", { $0.successRate }), ("transferred", { $0.transferred }),
        ("lastSuccessAge", { $0.lastSuccessAge }), ("lastFetched", { $0.lastFetched }),
        ("fetchFailed", { $0.fetchFailed }), ("fetchError", { $0.fetchError }), ("fetchBadge", { $0.fetchBadge }),
        ("fetchProblem", { $0.fetchProblem }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A job's line in the digest.
package struct JobRowView: TemplateView, Sendable {
    /// The name, made safe for the format.
    package var name: String
    /// The organization's name.
    package var organization: String
    /// The anchor of the organization's row in the digest (**OrganizationRowView** `anchor`).
    package var organizationAnchor: String = ""
    /// The name of its server (shown when **hasServers**).
    package var server: String = ""
    /// The job's page, relative to the digest.
    package var link: String
    /// The final outcome of the window's runs.
    package var badge: BadgeView
    /// `1 Success, 1 Failed`, or `no sessions`.
    package var sessionsByStatus: String
    /// When the last session started, in the report's zone.
    package var lastRun: String
    /// How long before `--now` it started: `7 h 44 min ago`.
    package var lastRunAge: String
    /// The median duration in the window.
    package var duration: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// The median processing rate in the window.
    package var processingRate: QuantityView
    /// The last completed session's processing rate against the job's median baseline.
    package var rateDelta: DeltaView?
    /// How long ago the last Success ended, or `never`.
    package var lastSuccessAge: String
    /// For a backup copy job, the job it copies (a **CopyOfView**); absent for a backup job.
    package var copyOf: CopyOfView?

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("organization", { $0.organization }),
        ("organizationAnchor", { $0.organizationAnchor }), ("server", { $0.server }),
        ("copyOf", { $0.copyOf }),
        ("link", { $0.link }), ("badge", { $0.badge }),
        ("sessionsByStatus", { $0.sessionsByStatus }), ("lastRun", { $0.lastRun }), ("lastRunAge", { $0.lastRunAge }),
        ("duration", { $0.duration }), ("transferred", { $0.transferred }), ("processingRate", { $0.processingRate }),
        ("rateDelta", { $0.rateDelta }), ("lastSuccessAge", { $0.lastSuccessAge }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A job that missed a run or whose last success is older than `--max-age`.
package struct OverdueView: TemplateView, Sendable {
    /// `Missed` or `Stale` (a **BadgeView**).
    package var badge: BadgeView
    /// The job's name.
    package var job: String
    /// The organization's name.
    package var organization: String
    /// The job's page, relative to this page.
    package var jobLink: String
    /// Why, in sentences: `No run since 2026-11-21 22:00 UTC (32 h ago); it runs every 24 h (its schedule).`
    package var reasons: [String]

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("job", { $0.job }), ("organization", { $0.organization }),
        ("jobLink", { $0.jobLink }), ("reasons", { $0.reasons }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A session that needs attention, in the digest.
package struct AttentionView: TemplateView, Sendable {
    /// The time, in the report's zone.
    package var time: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The job's name.
    package var job: String
    /// The organization's name.
    package var organization: String
    /// The job's page, relative to this page.
    package var jobLink: String
    /// The session's page, relative to this page.
    package var sessionLink: String
    /// `retry 1 of 2 made (the last; the job allows 3)`.
    package var retry: String
    /// Why it needs attention: `Failed`, `Slower than the median of 7 runs: processing rate -60.1%`.
    package var reasons: [String]
    /// Its warning and error log lines, errors first (at most 10).
    package var logLines: [LogLineView]
    /// How many more log lines the session page has.
    package var moreLogLines: Int
    /// True when `moreLogLines` is above zero.
    package var hasMoreLogLines: Bool
    /// True when `logLines` is not empty.
    package var hasLogLines: Bool
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    package var isCopy: Bool = false

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("time", { $0.time }), ("badge", { $0.badge }), ("job", { $0.job }), ("organization", { $0.organization }),
        ("isCopy", { $0.isCopy }),
        ("jobLink", { $0.jobLink }),
        ("sessionLink", { $0.sessionLink }), ("retry", { $0.retry }), ("reasons", { $0.reasons }),
        ("logLines", { $0.logLines }),
        ("moreLogLines", { $0.moreLogLines }), ("hasMoreLogLines", { $0.hasMoreLogLines }),
        ("hasLogLines", { $0.hasLogLines }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Job page

/// A job's page (`jobs/<job>.html`, `.md`).
package struct JobPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The name, made safe for the format.
    package var name: String
    /// The organization's name.
    package var organization: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The job's statistics (**StatView** list).
    package var statistics: [StatView]
    /// Duration of each session, oldest first (at most the last 30).
    package var durationTrend: [BarView]
    /// Processing rate of each session, oldest first (at most the last 30).
    package var rateTrend: [BarView]
    /// The scale of the duration trend (an **AxisView**).
    package var durationAxis: AxisView
    /// The scale of the processing-rate trend (an **AxisView**).
    package var rateAxis: AxisView
    /// The date of the trend's oldest session (`2026-11-09`), under its first bar.
    package var trendStart: String
    /// The date of the trend's newest session, under its last bar.
    package var trendEnd: String
    /// `▁▂▅▇` sparklines for Markdown.
    package var durationSparkline: String
    /// The same for the processing rate.
    package var rateSparkline: String
    /// Sessions in the window, newest first.
    package var sessions: [SessionRowView]
    /// Sessions before the window, newest first.
    package var history: [SessionRowView]
    /// True when the job has sessions in the window.
    package var hasSessions: Bool
    /// True when the job has earlier sessions.
    package var hasHistory: Bool
    /// True when the trend has at least one session; `trendCount` says how many.
    package var hasTrend: Bool
    /// How many sessions the trend shows.
    package var trendCount: Int
    /// Why the job is missed or stale, in sentences (empty when it is neither).
    package var overdueReasons: [String]
    /// True when the job is missed or stale.
    package var isOverdue: Bool
    /// On a site, the months of the job's sessions, newest first, each with its page
    /// (**JobMonthView** list); empty in a report, whose job page lists every session.
    package var months: [JobMonthView] = []
    /// True when `months` is not empty.
    package var hasMonths: Bool = false
    /// On a site, how many earlier sessions `history` leaves to the month pages (it lists the
    /// newest 30); 0 in a report.
    package var olderSessions: Int = 0
    /// True when `olderSessions` is not 0.
    package var hasOlderSessions: Bool = false
    /// For a backup copy job, the job it copies (a **CopyOfView**); absent for a backup job.
    package var copyOf: CopyOfView?
    /// The failed or warned objects of the window's sessions by type: `3 users, 1 site`; empty
    /// when there are none (or no session says, as before v7).
    package var objectProblems: String = ""
    /// True when `objectProblems` is not empty.
    package var hasObjectProblems: Bool { !objectProblems.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
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
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A month of a job's sessions on a site: a link to its page.
package struct MonthLinkView: TemplateView, Sendable {
    /// `November 2026`.
    package var label: String
    /// `2026-11`.
    package var month: String
    /// A relative link to the month's page.
    package var link: String

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("month", { $0.month }), ("link", { $0.link }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A month on a job's page: its link and how many sessions it holds.
package struct JobMonthView: TemplateView, Sendable {
    /// `November 2026`.
    package var label: String
    /// `2026-11`.
    package var month: String
    /// A relative link to the month's page.
    package var link: String
    /// How many sessions of the job the month holds.
    package var sessions: Int

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("label", { $0.label }), ("month", { $0.month }), ("link", { $0.link }), ("sessions", { $0.sessions }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A month of a job's sessions on a site (`jobs/<job>-<yyyy-mm>.html`, `.md`): it shows only what
/// the month's sessions say, so that a past month's page stays the same from run to run.
package struct JobMonthPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**; `stable`, coloured by the month's worst session).
    package var page: PageView
    /// The job's name, made safe for the format.
    package var name: String
    /// The organization's name.
    package var organization: String
    /// A relative link to the job's page.
    package var jobLink: String
    /// The month (a **MonthLinkView** to this page).
    package var month: MonthLinkView
    /// How many sessions the month holds.
    package var sessionCount: Int
    /// The month's sessions, newest first (**SessionRowView** list).
    package var sessions: [SessionRowView]
    /// The job's month before this one that has sessions (a **MonthLinkView**); none for the first.
    package var previous: MonthLinkView?
    /// The job's month after this one that has sessions (a **MonthLinkView**); none for the last.
    package var next: MonthLinkView?

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("name", { $0.name }), ("organization", { $0.organization }),
        ("jobLink", { $0.jobLink }), ("month", { $0.month }), ("sessionCount", { $0.sessionCount }),
        ("sessions", { $0.sessions }), ("previous", { $0.previous }), ("next", { $0.next }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A session's line on its job's page.
package struct SessionRowView: TemplateView, Sendable {
    /// The time, in the report's zone.
    package var time: String
    /// A relative link to the page.
    package var link: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The place in its retry chain: `first run`, `retry 1 of 2 made (the last; the job allows 3)`.
    package var retry: String
    /// The duration.
    package var duration: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// Veeam's processing rate.
    package var processingRate: QuantityView
    /// The read rate.
    package var readRate: QuantityView
    /// The write rate.
    package var writeRate: QuantityView
    /// Processing rate against the previous run and the median.
    package var versusPrevious: DeltaView?
    /// The change against the median (a **DeltaView**, absent when not compared).
    package var versusMedian: DeltaView?
    /// `slower`, `faster`, `steady`, or empty when not compared.
    package var verdict: String
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    package var isCopy: Bool = false

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("time", { $0.time }), ("link", { $0.link }), ("badge", { $0.badge }), ("retry", { $0.retry }),
        ("isCopy", { $0.isCopy }),
        ("duration", { $0.duration }),
        ("transferred", { $0.transferred }), ("processingRate", { $0.processingRate }), ("readRate", { $0.readRate }),
        ("writeRate", { $0.writeRate }), ("versusPrevious", { $0.versusPrevious }),
        ("versusMedian", { $0.versusMedian }),
        ("verdict", { $0.verdict }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Session page

/// A session's page (`sessions/<id>.html`, `.md`).
package struct SessionPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The session id.
    package var id: String
    /// The job's name.
    package var job: String
    /// The job's page, relative to this page.
    package var jobLink: String
    /// The organization's name.
    package var organization: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The start in the report's zone, to the second.
    package var start: String
    /// The start in UTC, when the report's zone is another (else empty).
    package var startUTC: String
    /// True when `startUTC` is to be shown.
    package var hasStartUTC: Bool
    /// The end in the report's zone, to the second; else `still running, for 12 min so far`,
    /// `hung: running for 3 d 2 h (usually 10 min)` or `unknown`.
    package var end: String
    /// The end in UTC, when there is one and the report's zone is another (else empty).
    package var endUTC: String
    /// True when `endUTC` is to be shown.
    package var hasEndUTC: Bool
    /// The duration.
    package var duration: QuantityView
    /// Data transferred.
    package var transferred: QuantityView
    /// Items processed (mails, files, posts: VB365's statistics), not the users, groups, sites
    /// and teams of `processedObjects`.
    package var objects: QuantityView
    /// VB365's bottleneck (`Source`, `Target`, ...).
    package var bottleneck: String
    /// Items per second.
    package var itemsRate: QuantityView
    /// Veeam's processing rate and the observed `transferred ÷ duration`.
    package var processingRate: QuantityView
    /// transferred ÷ duration.
    package var observedThroughput: QuantityView
    /// The same as a bar (**BarView**) on the scale of `rates`.
    package var observedBar: BarView
    /// `observed is 96% of Veeam's rate`.
    package var throughputNote: String
    /// Processing, read and write rate bars.
    package var rates: [BarView]
    /// `Reading from Microsoft 365 limits (read 40% of write); VB365 agrees: bottleneck Source.`
    package var readWriteNote: String
    /// The place in its retry chain: `first run`, `retry 1 of 2 made (the last; the job allows 3)`.
    package var retry: String
    /// The sessions of its retry chain, in order.
    package var chain: [ChainItemView]
    /// True when the session is part of a chain of two or more.
    package var hasChain: Bool
    /// One row per compared measure.
    package var comparisons: [ComparisonRowView]
    /// True when the session was compared.
    package var hasComparisons: Bool
    /// `Previous run: 2026-11-21 23:00 CET` and `Median of 7 runs`.
    package var previousLabel: String
    /// The median baseline's column title.
    package var medianLabel: String
    /// The findings in words: `Slower than the median of 7 runs: processing rate -60.1%`.
    package var findings: [String]
    /// True when `findings` is not empty.
    package var hasFindings: Bool
    /// Every log line, in time order, each marked with its severity (**LogLineView**).
    package var logLines: [LogLineView]
    /// True when the session has log lines.
    package var hasLog: Bool
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    package var isCopy: Bool = false
    /// The objects the session processed (v7+), when it did not succeed (a **ProcessedObjectsView**);
    /// absent otherwise.
    package var processedObjects: ProcessedObjectsView?

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
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
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The objects a session that did not succeed processed (v7+), on its page and in its ticket.
package struct ProcessedObjectsView: TemplateView, Sendable {
    /// `32 objects processed (users, groups, sites, teams): 29 succeeded, 2 failed, 1 warned`.
    package var counts: String
    /// The failed objects, then the warned ones, at most `--objects-shown` (**ObjectRowView** list).
    package var objects: [ObjectRowView]
    /// True when `objects` is not empty.
    package var hasObjects: Bool { !objects.isEmpty }
    /// What the list leaves out: `and 3 more (2 failed, 1 warned)`; empty when nothing.
    package var more: String
    /// True when `more` is not empty.
    package var hasMore: Bool { !more.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("counts", { $0.counts }), ("objects", { $0.objects }), ("hasObjects", { $0.hasObjects }),
        ("more", { $0.more }), ("hasMore", { $0.hasMore }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An object a session processed that failed or warned.
package struct ObjectRowView: TemplateView, Sendable {
    /// `Failed` or `Warning` (a **BadgeView**).
    package var badge: BadgeView
    /// `User`, `Group`, `Site` or `Team`, as VB365 sends it; `unknown` when it sends none.
    package var type: String
    /// The object's name; its id when no name resolves (then **nameKnown** is false).
    package var name: String
    /// False when `name` is the object's id, shown with `name unknown`.
    package var nameKnown: Bool

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("type", { $0.type }), ("name", { $0.name }), ("nameKnown", { $0.nameKnown }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The backup job a backup copy job copies.
package struct CopyOfView: TemplateView, Sendable {
    /// The backup job's name; `backup job <id>` when the report does not hold it, `a backup job`
    /// when VB365 does not say which.
    package var name: String
    /// A link to the backup job's page, when the report holds it (else empty).
    package var link: String
    /// True when `link` is not empty.
    package var hasLink: Bool { !link.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("name", { $0.name }), ("link", { $0.link }), ("hasLink", { $0.hasLink }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A session of a retry chain.
package struct ChainItemView: TemplateView, Sendable {
    /// The time, in the report's zone.
    package var time: String
    /// A relative link to the page.
    package var link: String
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// `first run`, `retry 1`, ...
    package var label: String
    /// True for the session the page is about.
    package var isCurrent: Bool

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("time", { $0.time }), ("link", { $0.link }), ("badge", { $0.badge }), ("label", { $0.label }),
        ("isCurrent", { $0.isCurrent }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One measure of a session against its baselines.
package struct ComparisonRowView: TemplateView, Sendable {
    /// The measure: Duration, Transferred, Processing rate, Read rate, Write rate.
    package var metric: String
    /// The number (a **QuantityView**).
    package var value: QuantityView
    /// The previous run's value.
    package var previous: QuantityView
    /// The change against the previous run (a **DeltaView**, absent when not compared).
    package var versusPrevious: DeltaView?
    /// The median of the last N runs.
    package var median: QuantityView
    /// The change against the median (a **DeltaView**, absent when not compared).
    package var versusMedian: DeltaView?

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("metric", { $0.metric }), ("value", { $0.value }), ("previous", { $0.previous }),
        ("versusPrevious", { $0.versusPrevious }),
        ("median", { $0.median }), ("versusMedian", { $0.versusMedian }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

// MARK: - Infrastructure

/// The digest's Infrastructure section: only what needs attention, else a one-line all-clear.
package struct InfrastructureSectionView: TemplateView, Sendable {
    /// `All clear: 3 repositories, 2 proxies and the licence need no attention.`, or the count of
    /// problems, or that no snapshot was read.
    package var headline: String
    /// What needs attention, worst first (**InfrastructureProblemView**).
    package var problems: [InfrastructureProblemView]
    /// True when anything needs attention.
    package var hasProblems: Bool
    /// True when any snapshot was read (else the state is unknown, never "all clear").
    package var hasSnapshots: Bool
    /// The time of the newest snapshot, in the report's time zone; `an unknown time` when its
    /// file's name had none.
    package var asOf: String
    /// The link to the infrastructure page (`infrastructure.html`).
    package var link: String

    /// No section (a view made without one).
    package static let empty = InfrastructureSectionView(
        headline: "", problems: [], hasProblems: false, hasSnapshots: false, asOf: "", link: "")

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("headline", { $0.headline }), ("problems", { $0.problems }), ("hasProblems", { $0.hasProblems }),
        ("hasSnapshots", { $0.hasSnapshots }), ("asOf", { $0.asOf }), ("link", { $0.link }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// One thing in the infrastructure that needs attention.
package struct InfrastructureProblemView: TemplateView, Sendable {
    /// Warning or Failed.
    package var badge: BadgeView
    /// `Repository`, `Proxy` or `Licence`.
    package var kind: String
    /// The repository's or proxy's name, or whom the licence is for.
    package var name: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// What is wrong: `2.1% free (below 5%)`, `offline`, `the licence expires 2026-11-27, in 4 days`.
    package var text: String

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("kind", { $0.kind }), ("name", { $0.name }), ("server", { $0.server }),
        ("text", { $0.text }),
        ("hasServer", { $0.hasServer }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// The infrastructure page (`infrastructure.html`, `infrastructure.md`): repositories with their
/// free-space trend and forecast, proxies, licences and licensed users per organization.
package struct InfrastructurePageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The worst finding (Success when none; Other when no snapshot was read).
    package var badge: BadgeView
    /// `Infrastructure`.
    package var heading: String
    /// The digest section's headline and problems (**InfrastructureSectionView**).
    package var section: InfrastructureSectionView
    /// One row per repository (**RepositoryRowView**).
    package var repositories: [RepositoryRowView]
    /// True when any repository was read.
    package var hasRepositories: Bool
    /// One row per proxy (**ProxyRowView**).
    package var proxies: [ProxyRowView]
    /// True when any proxy was read.
    package var hasProxies: Bool
    /// One row per server's licence (**LicenseRowView**).
    package var licenses: [LicenseRowView]
    /// True when any licence was read.
    package var hasLicenses: Bool
    /// One row per organization (**LicensingRowView**).
    package var licensing: [LicensingRowView]
    /// True when licensing figures per organization were read.
    package var hasLicensing: Bool
    /// The limits the findings use, in words: `free space below 15% (warning) or 5% (failure); …`.
    package var thresholds: String

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("page", { $0.page }), ("badge", { $0.badge }), ("heading", { $0.heading }), ("section", { $0.section }),
        ("repositories", { $0.repositories }), ("hasRepositories", { $0.hasRepositories }),
        ("proxies", { $0.proxies }), ("hasProxies", { $0.hasProxies }), ("licenses", { $0.licenses }),
        ("hasLicenses", { $0.hasLicenses }), ("licensing", { $0.licensing }), ("hasLicensing", { $0.hasLicensing }),
        ("thresholds", { $0.thresholds }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A repository on the infrastructure page.
package struct RepositoryRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    package var badge: BadgeView
    /// The repository's name.
    package var name: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// Its path (or empty).
    package var path: String
    /// `disk`, or `object storage (AmazonS3)`, `archive tier` ...
    package var kind: String
    /// The capacity (**QuantityView**; unknown for object storage or a capacity of 0).
    package var capacity: QuantityView
    /// Free space in bytes (**QuantityView**).
    package var free: QuantityView
    /// Free space as a percentage of the capacity (**QuantityView**).
    package var freePercent: QuantityView
    /// Used space (**QuantityView**).
    package var used: QuantityView
    /// Growth of the used space per day from a robust fit (**QuantityView**), `+12.3 GB/day`.
    package var growth: QuantityView
    /// `full in ~23 days`, `not filling up`, or `unknown`.
    package var forecast: String
    /// What needs attention, in words (empty when nothing).
    package var findings: [String]
    /// Why a figure is unknown or why there is no forecast.
    package var notes: [String]
    /// True when there are notes.
    package var hasNotes: Bool
    /// The free space of each day of the fitting period, oldest first (**BarView**; its `cssClass`
    /// is `success`, `warning` or `failed` by that day's free space against the limits).
    package var trend: [BarView]
    /// True when the free space is known on at least two days.
    package var hasTrend: Bool
    /// The free-space trend in one line of block characters (`▇▆▅▄▃`).
    package var sparkline: String
    /// The top of the trend's scale: the most free space of its days (its bottom is 0 B).
    package var trendMaximum: String
    /// The first day of the trend.
    package var trendStart: String
    /// The last day of the trend.
    package var trendEnd: String
    /// The number of days in the trend.
    package var trendCount: Int
    /// When the newest snapshot was taken.
    package var asOf: String

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }
    /// True when `path` is not empty.
    package var hasPath: Bool { !path.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
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
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A backup proxy on the infrastructure page.
package struct ProxyRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    package var badge: BadgeView
    /// The host name.
    package var name: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// `Online`, `Offline`, or `unknown`.
    package var status: String
    /// `Disabled`, `Enabled`, ..., or empty when not given.
    package var maintenance: String
    /// The proxy's version (`unknown` when not given) and the server's, when known.
    package var version: String
    /// CPU usage (**QuantityView**).
    package var cpu: QuantityView
    /// Memory usage (**QuantityView**).
    package var memory: QuantityView
    /// What needs attention, in words.
    package var findings: [String]

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("name", { $0.name }), ("server", { $0.server }), ("status", { $0.status }),
        ("maintenance", { $0.maintenance }), ("version", { $0.version }), ("cpu", { $0.cpu }),
        ("memory", { $0.memory }), ("findings", { $0.findings }),
        ("hasServer", { $0.hasServer }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// A server's licence on the infrastructure page.
package struct LicenseRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    package var badge: BadgeView
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// `Valid`, `Expired`, or `unknown`.
    package var status: String
    /// `Subscription`, `Rental`, ...
    package var type: String
    /// Whom the licence is for.
    package var licensedTo: String
    /// The expiry, in the report's time zone, or `unknown` (with the reason).
    package var expires: String
    /// `in 4 days`, `expired 2 days ago`, or empty.
    package var daysLeft: String
    /// The end of the grace period, or empty.
    package var grace: String
    /// Users licensed, allowed and new this month (**QuantityView**).
    package var used: QuantityView
    /// Users the licence allows (**QuantityView**).
    package var total: QuantityView
    /// New users (**QuantityView**).
    package var newUsers: QuantityView
    /// What needs attention, in words.
    package var findings: [String]

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("badge", { $0.badge }), ("server", { $0.server }), ("status", { $0.status }), ("type", { $0.type }),
        ("licensedTo", { $0.licensedTo }), ("expires", { $0.expires }), ("daysLeft", { $0.daysLeft }),
        ("grace", { $0.grace }), ("used", { $0.used }), ("total", { $0.total }), ("newUsers", { $0.newUsers }),
        ("findings", { $0.findings }),
        ("hasServer", { $0.hasServer }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}

/// An organization's licensed users on the infrastructure page (for MSP billing).
package struct LicensingRowView: TemplateView, Sendable {
    /// The organization's name.
    package var organization: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// Licensed users (**QuantityView**).
    package var licensedUsers: QuantityView
    /// New users (**QuantityView**).
    package var newUsers: QuantityView

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }

    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
        ("organization", { $0.organization }), ("server", { $0.server }), ("licensedUsers", { $0.licensedUsers }),
        ("newUsers", { $0.newUsers }),
        ("hasServer", { $0.hasServer }),
    ]
    package static let index = Dictionary(fields, uniquingKeysWith: { a, _ in a })
}
