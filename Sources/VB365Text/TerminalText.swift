import VB365Support

/// Makes untrusted text (job names, log lines) safe to print on a terminal: control characters,
/// escape sequences and bidirectional overrides become visible `\u{…}` escapes, so a hostile
/// name can neither move the cursor, recolour the screen, nor reorder the line around it.
package enum TerminalText {
    /// The text with every unsafe scalar escaped.
    package static func sanitize(_ text: String) -> String {
        VisibleText.escapingUnsafe(text, forXML: false)
    }

    /// Shortens to `width` characters with an ellipsis, and pads to exactly `width`.
    package static func cell(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        var t = text
        if t.count > width { t = String(t.prefix(max(0, width - 1))) + "…" }
        let padding = String(repeating: " ", count: max(0, width - t.count))
        return alignRight ? padding + t : t + padding
    }
}
