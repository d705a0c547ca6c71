/// Makes untrusted text (job names, log lines, server messages) safe to show: control
/// characters, escape sequences, bidirectional overrides and line separators become visible
/// `\u{…}` escapes, so a hostile name can neither move the cursor, recolour the screen, nor
/// reorder the line around it. The terminal output and every report format use this one rule.
public enum VisibleText {
    /// True for a scalar no viewer should obey.
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0x200E, 0x200F, 0x061C: return true  // directional marks
        case 0x202A...0x202E, 0x2066...0x2069: return true  // embeddings, overrides, isolates
        case 0x2028, 0x2029: return true  // line and paragraph separators
        default: return false
        }
    }

    /// The text with every unsafe scalar escaped; with `forXML`, a tab becomes a space and the
    /// XML non-characters U+FFFE and U+FFFF are escaped too.
    public static func escapingUnsafe(_ text: String, forXML: Bool) -> String {
        guard
            text.unicodeScalars.contains(where: {
                isUnsafe($0) || (forXML && ($0.value == 0xFFFE || $0.value == 0xFFFF))
            })
        else {
            return text
        }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if forXML && scalar.value == 0x09 {
                out.unicodeScalars.append(" ")
            } else if isUnsafe(scalar) || (forXML && (scalar.value == 0xFFFE || scalar.value == 0xFFFF)) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
