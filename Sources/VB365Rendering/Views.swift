// MARK: - Shared pieces

/// Facts every page shows: its title, where it is, when and by what it was made.
public struct PageView: TemplateView, Sendable {
    /// The page title, starting with the status: `[Failed] VB365 daily report 2026-11-22`.
    public var title: String
    /// The path from this page to the report's root folder (`""` or `"../"`).
    public var root: String
    /// The digest's file name in this format (`index.html` or `index.md`).
    public var indexFile: String
    /// The window's start and end, in the report's time zone.
    public var windowStart: String
    public var windowEnd: String
    /// `the 24 hours up to the newest session` or `7 d 0 h`.
    public var windowDescription: String
    /// The time the report describes itself as made (`--now`), in the time zone.
    public var generatedAt: String
    /// The IANA time zone of the times shown.
    public var timeZone: String
    public var toolVersion: String
    /// The CSS class of the worst status, for the page's header colour.
    public var statusClass: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("title", \.title), ("root", \.root), ("indexFile", \.indexFile), ("windowStart", \.windowStart),
        ("windowEnd", \.windowEnd), ("windowDescription", \.windowDescription), ("generatedAt", \.generatedAt),
        ("timeZone", \.timeZone), ("toolVersion", \.toolVersion), ("statusClass", \.statusClass),
    ]
}

/// A status label: a coloured word in XHTML, an emoji and the word in Markdown.
public struct BadgeView: TemplateView, Sendable {
    /// The status word (`Failed`, `Recovered`, `Running`, or an unknown status as sent).
    public var word: String
    /// `success`, `warning`, `failed`, `running` or `other`.
    public var cssClass: String
    /// ✅ ⚠️ ❌ 🔄 ⏹️ ❔
    public var emoji: String
    /// A longer explanation for the `title` attribute.
    public var detail: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("word", \.word), ("cssClass", \.cssClass), ("emoji", \.emoji), ("detail", \.detail),
    ]
}

/// A number in human units with its exact value.
public struct QuantityView: TemplateView, Sendable {
    /// `12.3 MB/s`, or `–` when unknown.
    public var text: String
    /// `12,897,331 B/s`: the exact value, for the `title` attribute.
    public var exact: String
    /// False when the value is unknown.
    public var known: Bool

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("text", \.text), ("exact", \.exact), ("known", \.known),
    ]
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

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("text", \.text), ("arrow", \.arrow), ("verdict", \.verdict), ("detail", \.detail), ("isFinding", \.isFinding),
    ]
}

/// One bar of a bar chart (rates, or the trend of a job).
public struct BarView: TemplateView, Sendable {
    public var label: String
    public var value: QuantityView
    /// The bar's length, 0 to 100, relative to the longest bar.
    public var percent: Int
    /// The bar for Markdown: `██████░░░░`.
    public var textBar: String
    /// `processing`, `read`, `write`, or a status class for trend bars.
    public var cssClass: String
    /// A link for trend bars (to the session's page), else empty.
    public var link: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("label", \.label), ("value", \.value), ("percent", \.percent), ("textBar", \.textBar),
        ("cssClass", \.cssClass),
        ("link", \.link),
    ]
}

/// A labelled value in a statistics list.
public struct StatView: TemplateView, Sendable {
    public var label: String
    public var value: QuantityView

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("label", \.label), ("value", \.value),
    ]
}

/// One log line.
public struct LogLineView: TemplateView, Sendable {
    public var badge: BadgeView
    /// The time in the report's zone, or empty.
    public var time: String
    public var message: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("badge", \.badge), ("time", \.time), ("message", \.message),
    ]
}

// MARK: - Digest

/// The digest page (`index.html`, `index.md`).
public struct DigestView: TemplateView, Sendable {
    public var page: PageView
    /// The worst status of the window.
    public var badge: BadgeView
    /// `2 of 4 jobs need attention` or `All 4 jobs succeeded`.
    public var headline: String
    public var totals: [StatView]
    public var organizations: [OrganizationRowView]
    public var jobs: [JobRowView]
    public var attention: [AttentionView]
    public var hasAttention: Bool
    /// True when the window holds no session at all.
    public var isEmpty: Bool

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("page", \.page), ("badge", \.badge), ("headline", \.headline), ("totals", \.totals),
        ("organizations", \.organizations), ("jobs", \.jobs), ("attention", \.attention),
        ("hasAttention", \.hasAttention), ("isEmpty", \.isEmpty),
    ]
}

/// An organization's line in the digest.
public struct OrganizationRowView: TemplateView, Sendable {
    public var name: String
    public var badge: BadgeView
    public var jobCount: Int
    public var sessions: Int
    public var successRate: QuantityView
    public var transferred: QuantityView
    /// `3 h 10 min ago`, or `never`.
    public var lastSuccessAge: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("name", \.name), ("badge", \.badge), ("jobCount", \.jobCount), ("sessions", \.sessions),
        ("successRate", \.successRate), ("transferred", \.transferred), ("lastSuccessAge", \.lastSuccessAge),
    ]
}

/// A job's line in the digest.
public struct JobRowView: TemplateView, Sendable {
    public var name: String
    public var organization: String
    /// The job's page, relative to the digest.
    public var link: String
    /// The final outcome of the window's runs.
    public var badge: BadgeView
    /// `1 Success, 1 Failed`, or `no sessions`.
    public var sessionsByStatus: String
    public var lastRun: String
    public var lastRunAge: String
    /// The median duration in the window.
    public var duration: QuantityView
    public var transferred: QuantityView
    /// The median processing rate in the window.
    public var processingRate: QuantityView
    /// The last completed session's processing rate against the job's median baseline.
    public var rateDelta: DeltaView?
    public var lastSuccessAge: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("name", \.name), ("organization", \.organization), ("link", \.link), ("badge", \.badge),
        ("sessionsByStatus", \.sessionsByStatus), ("lastRun", \.lastRun), ("lastRunAge", \.lastRunAge),
        ("duration", \.duration), ("transferred", \.transferred), ("processingRate", \.processingRate),
        ("rateDelta", \.rateDelta), ("lastSuccessAge", \.lastSuccessAge),
    ]
}

/// A session that needs attention, in the digest.
public struct AttentionView: TemplateView, Sendable {
    public var time: String
    public var badge: BadgeView
    public var job: String
    public var organization: String
    public var jobLink: String
    public var sessionLink: String
    /// `retry 1 of 2 (final)`.
    public var retry: String
    /// Why it needs attention: `Failed`, `Slower than the median of 7 runs: processing rate -60.1%`.
    public var reasons: [String]
    /// Its warning and error log lines, errors first (at most 10).
    public var logLines: [LogLineView]
    /// How many more log lines the session page has.
    public var moreLogLines: Int
    public var hasMoreLogLines: Bool
    public var hasLogLines: Bool

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("time", \.time), ("badge", \.badge), ("job", \.job), ("organization", \.organization), ("jobLink", \.jobLink),
        ("sessionLink", \.sessionLink), ("retry", \.retry), ("reasons", \.reasons), ("logLines", \.logLines),
        ("moreLogLines", \.moreLogLines), ("hasMoreLogLines", \.hasMoreLogLines),
        ("hasLogLines", \.hasLogLines),
    ]
}

// MARK: - Job page

/// A job's page (`jobs/<job>.html`, `.md`).
public struct JobPageView: TemplateView, Sendable {
    public var page: PageView
    public var name: String
    public var organization: String
    public var badge: BadgeView
    public var statistics: [StatView]
    /// Duration of each session, oldest first (at most the last 30).
    public var durationTrend: [BarView]
    /// Processing rate of each session, oldest first (at most the last 30).
    public var rateTrend: [BarView]
    /// `▁▂▅▇` sparklines for Markdown.
    public var durationSparkline: String
    public var rateSparkline: String
    /// Sessions in the window, newest first.
    public var sessions: [SessionRowView]
    /// Sessions before the window, newest first.
    public var history: [SessionRowView]
    public var hasSessions: Bool
    public var hasHistory: Bool
    /// True when the trend has at least one session; `trendCount` says how many.
    public var hasTrend: Bool
    public var trendCount: Int

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("page", \.page), ("name", \.name), ("organization", \.organization), ("badge", \.badge),
        ("statistics", \.statistics), ("durationTrend", \.durationTrend), ("rateTrend", \.rateTrend),
        ("durationSparkline", \.durationSparkline), ("rateSparkline", \.rateSparkline), ("sessions", \.sessions),
        ("history", \.history), ("hasSessions", \.hasSessions), ("hasHistory", \.hasHistory),
        ("hasTrend", \.hasTrend), ("trendCount", \.trendCount),
    ]
}

/// A session's line on its job's page.
public struct SessionRowView: TemplateView, Sendable {
    public var time: String
    public var link: String
    public var badge: BadgeView
    public var retry: String
    public var duration: QuantityView
    public var transferred: QuantityView
    public var processingRate: QuantityView
    public var readRate: QuantityView
    public var writeRate: QuantityView
    /// Processing rate against the previous run and the median.
    public var versusPrevious: DeltaView?
    public var versusMedian: DeltaView?
    /// `slower`, `faster`, `steady`, or empty when not compared.
    public var verdict: String

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("time", \.time), ("link", \.link), ("badge", \.badge), ("retry", \.retry), ("duration", \.duration),
        ("transferred", \.transferred), ("processingRate", \.processingRate), ("readRate", \.readRate),
        ("writeRate", \.writeRate), ("versusPrevious", \.versusPrevious), ("versusMedian", \.versusMedian),
        ("verdict", \.verdict),
    ]
}

// MARK: - Session page

/// A session's page (`sessions/<id>.html`, `.md`).
public struct SessionPageView: TemplateView, Sendable {
    public var page: PageView
    public var id: String
    public var job: String
    public var jobLink: String
    public var organization: String
    public var badge: BadgeView
    /// Start and end in the report's zone and in UTC; the end is `still running` or `unknown` when
    /// there is none.
    public var start: String
    public var startUTC: String
    public var end: String
    public var endUTC: String
    public var duration: QuantityView
    public var transferred: QuantityView
    public var objects: QuantityView
    public var bottleneck: String
    public var itemsRate: QuantityView
    /// Veeam's processing rate and the observed `transferred ÷ duration`.
    public var processingRate: QuantityView
    public var observedThroughput: QuantityView
    /// `observed is 96% of Veeam's rate`.
    public var throughputNote: String
    /// Processing, read and write rate bars.
    public var rates: [BarView]
    /// `Reading from Microsoft 365 limits (read 40% of write); VB365 agrees: bottleneck Source.`
    public var readWriteNote: String
    public var retry: String
    /// The sessions of its retry chain, in order.
    public var chain: [ChainItemView]
    public var hasChain: Bool
    /// One row per compared measure.
    public var comparisons: [ComparisonRowView]
    public var hasComparisons: Bool
    /// `Previous run: 2026-11-21 23:00 CET` and `Median of 7 runs`.
    public var previousLabel: String
    public var medianLabel: String
    /// The findings in words: `Slower than the median of 7 runs: processing rate -60.1%`.
    public var findings: [String]
    public var hasFindings: Bool
    /// Log lines, warnings and errors first.
    public var logLines: [LogLineView]
    public var hasLog: Bool

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("page", \.page), ("id", \.id), ("job", \.job), ("jobLink", \.jobLink), ("organization", \.organization),
        ("badge", \.badge), ("start", \.start), ("startUTC", \.startUTC), ("end", \.end), ("endUTC", \.endUTC),
        ("duration", \.duration), ("transferred", \.transferred), ("objects", \.objects), ("bottleneck", \.bottleneck),
        ("itemsRate", \.itemsRate), ("processingRate", \.processingRate), ("observedThroughput", \.observedThroughput),
        ("throughputNote", \.throughputNote), ("rates", \.rates), ("readWriteNote", \.readWriteNote),
        ("retry", \.retry),
        ("chain", \.chain), ("hasChain", \.hasChain), ("comparisons", \.comparisons),
        ("hasComparisons", \.hasComparisons), ("previousLabel", \.previousLabel), ("medianLabel", \.medianLabel),
        ("findings", \.findings), ("hasFindings", \.hasFindings), ("logLines", \.logLines), ("hasLog", \.hasLog),
    ]
}

/// A session of a retry chain.
public struct ChainItemView: TemplateView, Sendable {
    public var time: String
    public var link: String
    public var badge: BadgeView
    /// `first run`, `retry 1`, ...
    public var label: String
    /// True for the session the page is about.
    public var isCurrent: Bool

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("time", \.time), ("link", \.link), ("badge", \.badge), ("label", \.label), ("isCurrent", \.isCurrent),
    ]
}

/// One measure of a session against its baselines.
public struct ComparisonRowView: TemplateView, Sendable {
    public var metric: String
    public var value: QuantityView
    public var previous: QuantityView
    public var versusPrevious: DeltaView?
    public var median: QuantityView
    public var versusMedian: DeltaView?

    nonisolated(unsafe) public static let fields: [(String, PartialKeyPath<Self>)] = [
        ("metric", \.metric), ("value", \.value), ("previous", \.previous), ("versusPrevious", \.versusPrevious),
        ("median", \.median), ("versusMedian", \.versusMedian),
    ]
}
