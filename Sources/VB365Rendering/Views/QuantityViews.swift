/// A number in human units with its exact value.
package struct QuantityView: TemplateView, Sendable {
    /// `12.3 MB/s`, or `–` when unknown.
    package var text: String
    /// `12,897,331 B/s`: the exact value, for the `title` attribute.
    package var exact: String
    /// False when the value is unknown.
    package var known: Bool
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
}

/// A labelled value in a statistics list.
package struct StatView: TemplateView, Sendable {
    /// What the value is.
    package var label: String
    /// The number (a **QuantityView**).
    package var value: QuantityView
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
}

/// The scale of a bar chart's value axis: what its bottom and its top stand for.
package struct AxisView: TemplateView, Sendable {
    /// The value at the bottom (a **QuantityView**): zero in the chart's unit (`0 s`, `0 B/s`), as every bar starts there.
    package var minimum: QuantityView
    /// The value at the top (a **QuantityView**): the tallest bar's.
    package var maximum: QuantityView
}
