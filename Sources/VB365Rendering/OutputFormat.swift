import Foundation
import VB365Support

/// The formats a report is written in.
package enum OutputFormat: String, CaseIterable, Sendable {
    case xhtml, markdown

    /// The file extension.
    package var fileExtension: String { self == .xhtml ? "html" : "md" }

    /// The format a word names: its name or its file extension (`xhtml`, `html`, `markdown`,
    /// `md`), in any case; the one parser of the command line's and the file's formats.
    package init?(word: String) {
        let word = word.lowercased()
        guard let format = Self.allCases.first(where: { $0.rawValue == word || $0.fileExtension == word }) else {
            return nil
        }
        self = format
    }

    /// Every word `init(word:)` takes, names first.
    package static let words = allCases.map(\.rawValue) + allCases.map(\.fileExtension)
}

/// Makes untrusted text (job and organization names, log lines, ids) safe for a format.
///
/// Both formats first lose what no viewer should obey: control characters (invalid in XML, and
/// terminal escapes), bidirectional overrides and isolates (which reorder what the reader sees),
/// and XML non-characters; each becomes a visible `\u{…}`. XHTML then relies on the template
/// engine's HTML escaping; Markdown text is escaped here, once, so no template ever does it.
package enum DisplayText {
    /// The text with invisible and dangerous characters shown as `\u{…}`.
    package static func clean(_ text: String) -> String {
        VisibleText.escapingUnsafe(text, forXML: true)
    }

    /// Text for a Markdown paragraph or table cell: cleaned, on one line, with every character that
    /// could start markup, a link, raw HTML or a table cell escaped.
    package static func markdown(_ text: String) -> String {
        let cleaned = clean(text.replacingLineBreaks)
        if let ascii = markdownASCII(cleaned) { return ascii }
        var out = ""
        out.reserveCapacity(cleaned.utf8.count + 8)
        var atStart = true
        for c in cleaned {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "{", "}":
                out.append("\\")
            case "#", "+", "-", "=":
                // These start a heading, a list or an underline only at the start of a line.
                if atStart { out.append("\\") }
            default: break
            }
            out.append(c)
            if c != " " { atStart = false }
        }
        return out
    }

    /// `markdown` on bytes, for text that is all ASCII (so each byte is a character: the line
    /// breaks are gone), the common case; nil for any other text.
    private static func markdownASCII(_ cleaned: String) -> String? {
        let escaped = cleaned.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            var atStart = true
            for b in bytes {
                switch b {
                case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                    UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "~"),
                    UInt8(ascii: "&"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "#"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "="):
                    if atStart { out.append(UInt8(ascii: "\\")) }
                default: break
                }
                out.append(b)
                if b != UInt8(ascii: " ") { atStart = false }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return escaped ?? nil
    }

    /// Text for a Markdown code span: backticks cannot close it early, and it stays on one line.
    package static func markdownCode(_ text: String) -> String {
        let cleaned = clean(text.replacingLineBreaks).replacingOccurrences(of: "|", with: "\\|")
        var longest = 0
        var run = 0
        for c in cleaned {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        return "\(fence) \(cleaned) \(fence)"
    }
}

extension String {
    /// Line breaks (CR, LF, CRLF) replaced by spaces, so a value never breaks a line or a table row.
    var replacingLineBreaks: String {
        guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return self }
        var out = ""
        for c in self { out.append(c == "\n" || c == "\r" || c == "\r\n" ? " " : c) }
        return out
    }

}
