/// Makes untrusted text (job names, log lines) safe to print on a terminal: control characters,
/// escape sequences and bidirectional overrides become visible `\u{…}` escapes, so a hostile
/// name can neither move the cursor, recolour the screen, nor reorder the line around it.
public enum TerminalText {
    /// The text with every unsafe scalar escaped.
    public static func sanitize(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0x200E, 0x200F, 0x061C: return true  // directional marks
        case 0x202A...0x202E, 0x2066...0x2069: return true  // embeddings, overrides, isolates
        case 0x2028, 0x2029: return true  // line and paragraph separators
        default: return false
        }
    }

    /// Shortens to `width` characters with an ellipsis, and pads to exactly `width`.
    public static func cell(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        var t = text
        if t.count > width { t = String(t.prefix(max(0, width - 1))) + "…" }
        let padding = String(repeating: " ", count: max(0, width - t.count))
        return alignRight ? padding + t : t + padding
    }
}
