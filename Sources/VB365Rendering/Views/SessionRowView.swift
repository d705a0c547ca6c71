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
    /// True for a session of a backup copy job (or one VB365 calls a copy): marked `Copy`.
    package var isCopy: Bool = false
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
}
