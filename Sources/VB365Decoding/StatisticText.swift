/// Parses the v1/v2 statistics strings: `"99.1 KB/s (6 items/s)"`, `"1.0 MB/s"`, `"12345 B"`,
/// `"832,4 KB/s"`. Units B, KB, MB, GB, TB, PB are 1024-based, as in Veeam's console.
public enum StatisticText {
    /// A parsed quantity: bytes (per second, for rates), and items per second when given.
    public struct Quantity: Equatable, Sendable {
        public var bytes: Int64
        public var itemsPerSecond: Int64?
    }

    /// Parses a size or rate; nil when the text is not one.
    public static func parse(_ text: String) -> Quantity? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func skipSpaces() {
            while i < scalars.count, scalars[i].properties.isWhitespace { i += 1 }
        }
        skipSpaces()
        guard let value = number(scalars, &i) else { return nil }
        skipSpaces()
        var unit = ""
        while i < scalars.count, scalars[i].properties.isAlphabetic {
            unit.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard let power = unitPower(unit) else { return nil }
        skipSpaces()
        if i + 1 < scalars.count, scalars[i] == "/", scalars[i + 1] == "s" || scalars[i + 1] == "S" { i += 2 }
        skipSpaces()
        var items: Int64?
        if i < scalars.count, scalars[i] == "(" {
            i += 1
            skipSpaces()
            guard let count = number(scalars, &i) else { return nil }
            skipSpaces()
            var word = ""
            while i < scalars.count, scalars[i] != ")" {
                word.unicodeScalars.append(scalars[i])
                i += 1
            }
            guard i < scalars.count, word.lowercased().hasPrefix("item") else { return nil }
            i += 1
            guard count.isFinite, count >= 0, count < 9.2e18 else { return nil }
            items = Int64(count.rounded())
        }
        skipSpaces()
        guard i == scalars.count else { return nil }
        let bytes = value * pow1024(power)
        guard bytes.isFinite, bytes >= 0, bytes < 9.2e18 else { return nil }
        return Quantity(bytes: Int64(bytes.rounded()), itemsPerSecond: items)
    }

    /// Reads a number with a decimal point or a decimal comma, and group separators
    /// (`1,234.5`, `1.234,5`, `1 234,5`).
    static func number(_ s: [Unicode.Scalar], _ i: inout Int) -> Double? {
        var raw: [Unicode.Scalar] = []
        while i < s.count {
            let c = s[i]
            if ("0"..."9").contains(c) || c == "." || c == "," {
                raw.append(c)
            } else if c == " " || c == "\u{00A0}" || c == "\u{202F}" || c == "'" {
                // A space inside a number groups thousands; a space before the unit ends it.
                guard i + 1 < s.count, ("0"..."9").contains(s[i + 1]), !raw.isEmpty else { break }
            } else {
                break
            }
            i += 1
        }
        guard let first = raw.first, ("0"..."9").contains(first) else { return nil }
        let lastDot = raw.lastIndex(of: ".")
        let lastComma = raw.lastIndex(of: ",")
        var decimal: Int?
        switch (lastDot, lastComma) {
        case (nil, nil): decimal = nil
        case (let d?, nil): decimal = raw.filter { $0 == "." }.count == 1 ? d : nil
        case (nil, let c?): decimal = raw.filter { $0 == "," }.count == 1 && raw.count - c - 1 != 3 ? c : nil
        case (let d?, let c?): decimal = max(d, c)
        }
        var text = ""
        for (k, c) in raw.enumerated() {
            if k == decimal {
                text.append(".")
            } else if c != "." && c != "," {
                text.unicodeScalars.append(c)
            }
        }
        return Double(text)
    }

    static func unitPower(_ unit: String) -> Int? {
        switch unit.uppercased() {
        case "B", "BYTE", "BYTES": return 0
        case "KB", "KIB", "K": return 1
        case "MB", "MIB", "M": return 2
        case "GB", "GIB", "G": return 3
        case "TB", "TIB", "T": return 4
        case "PB", "PIB", "P": return 5
        default: return nil
        }
    }

    static func pow1024(_ power: Int) -> Double {
        var v = 1.0
        for _ in 0..<power { v *= 1024 }
        return v
    }
}
