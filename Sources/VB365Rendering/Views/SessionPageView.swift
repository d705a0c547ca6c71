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
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    package var isCopy: Bool = false
    /// The objects the session processed (v7+), when it did not succeed (a **ProcessedObjectsView**);
    /// absent otherwise.
    package var processedObjects: ProcessedObjectsView?
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
}

/// One log line.
package struct LogLineView: TemplateView, Sendable {
    /// The status (a **BadgeView**).
    package var badge: BadgeView
    /// The time in the report's zone, or empty.
    package var time: String
    /// The log text, made safe for the format.
    package var message: String
}
