/// Escaping for the machine formats the tool writes by hand (JSON, XML): one rule each.
public enum Escaping {
    /// `text` as a JSON string literal, quotes included. Control characters, DEL and the line
    /// and paragraph separators (which break JavaScript that embeds the JSON) are escaped.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        appendJSON(text, to: &out)
        out += "\""
        return out
    }

    /// Appends the body of a JSON string literal (without quotes) for `text`.
    public static func appendJSON(_ text: String, to out: inout String) {
        // Most names and messages need nothing escaped: append them whole. U+2028 and U+2029
        // are the only escaped scalars above ASCII, and both start with the byte 0xE2.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    /// Text for XML content and attributes; characters XML 1.0 forbids are dropped.
    public static func xml(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where u.value < 0x20 && u.value != 0x09 && u.value != 0x0A && u.value != 0x0D: continue
            case _ where u.value == 0xFFFE || u.value == 0xFFFF: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
