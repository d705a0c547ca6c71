/// A status label: a coloured word in XHTML, an emoji and the word in Markdown.
package struct BadgeView: TemplateView, Sendable {
    /// The status word (`Failed`, `Recovered`, `Running`, or an unknown status as sent).
    package var word: String
    /// The kind of status, which picks the CSS class and the colour (not a variable itself:
    /// `cssClass` is; other stages read it as `kind`).
    var style: Style
    /// `success`, `warning`, `failed`, `running`, `missed` (missed and stale jobs) or `other`.
    package var cssClass: String { style.rawValue }
    /// ✅ ⚠️ ❌ 🔄 ⏹️ ❔ 🚫 ⏰, and ❗ for a warning streak at the failed level
    package var emoji: String
    /// A longer explanation for the `title` attribute.
    package var detail: String

    /// The badge's colour (`#cf222e`), for inline styles where no style sheet can be used (mail).
    package var color: String {
        switch style {
        case .success: "#1a7f37"
        case .warning: "#9a6700"
        case .failed: "#cf222e"
        case .running: "#0969da"
        case .missed: "#82071e"
        case .other: "#57606a"
        }
    }
}

extension BadgeView {
    /// The kind of status (`style`), for the stages that pick or cut by it.
    package var kind: Style { style }

    /// Worst first: the order a page's colour is picked in from its rows' badges.
    package static let worstFirst: [Style] = [.failed, .missed, .warning, .running, .other, .success]

    /// The kinds of status a badge shows. The raw value is the CSS class word the templates get
    /// as `cssClass` (`b-failed`, `h-failed`, `col-failed` in `style.html`).
    package enum Style: String, CaseIterable, Sendable {
        /// Succeeded.
        case success
        /// Finished with warnings, or recovered by a retry.
        case warning
        /// Failed, or a warning streak at the failed level.
        case failed
        /// Running or queued.
        case running
        /// A missed, stale or hung job.
        case missed
        /// Stopped, no runs, no data, or a status VB365 sent that the tool does not know.
        case other
    }
}
