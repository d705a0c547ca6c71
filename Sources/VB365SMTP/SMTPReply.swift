import Foundation

/// A server's reply (RFC 5321 §4.2): a three-digit code and its lines of text.
package struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    package var code: Int
    /// The text of each line, after the code and its separator.
    package var lines: [String]

    /// Creates a reply.
    package init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// `535 5.7.8 authentication failed`: the code and the lines' text, as quoted in errors.
    package var description: String {
        let text = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        let printable = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(300))
        return printable.isEmpty ? String(code) : "\(code) \(printable)"
    }

    /// 2xx.
    var isPositive: Bool { (200..<300).contains(code) }
    /// 4xx: worth trying again later.
    var isTransient: Bool { (400..<500).contains(code) }

    /// The EHLO keywords, upper-cased, with their parameters (`AUTH` → `PLAIN LOGIN`).
    var extensions: [String: String] {
        var result: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            result[keyword.uppercased()] = parts.count > 1 ? parts[1].uppercased() : ""
        }
        return result
    }
}
