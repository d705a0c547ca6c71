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
        let rawValue = numberText(scalars, &i)
        skipSpaces()
        var unit = ""
        while i < scalars.count, scalars[i].properties.isAlphabetic {
            unit.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard let power = unitPower(unit), let value = interpret(rawValue, wholeBytes: power == 0) else { return nil }
        skipSpaces()
        if i + 1 < scalars.count, scalars[i] == "/", scalars[i + 1] == "s" || scalars[i + 1] == "S" { i += 2 }
        skipSpaces()
        var items: Int64?
        if i < scalars.count, scalars[i] == "(" {
            i += 1
            skipSpaces()
            guard let count = interpret(numberText(scalars, &i), wholeBytes: true) else { return nil }
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

    /// The characters of a number: digits, `.` and `,` (spaces between digits group thousands
    /// and are dropped).
    static func numberText(_ s: [Unicode.Scalar], _ i: inout Int) -> [Unicode.Scalar] {
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
        return raw
    }

    /// Reads a number written with a decimal point or a decimal comma, and well-formed groups of
    /// three digits (`1,234.5`, `1.234,5`, `1 234,5`, `12,345 B`). Sizes in bytes are whole, so
    /// there a single separator followed by three digits groups thousands.
    static func interpret(_ raw: [Unicode.Scalar], wholeBytes: Bool) -> Double? {
        guard let first = raw.first, ("0"..."9").contains(first) else { return nil }
        let separators = raw.enumerated().filter { $0.element == "." || $0.element == "," }
        func digits(_ part: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(part)) }
        func groupsValid(_ integer: ArraySlice<Unicode.Scalar>, by separator: Unicode.Scalar) -> Bool {
            let groups = integer.split(separator: separator, omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count), head.first != "0" || groups.count == 1 else {
                return false
            }
            return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy { ("0"..."9").contains($0) } }
        }
        guard let last = separators.last else { return Double(digits(raw[...])) }
        let kinds = Set(separators.map(\.element))
        if kinds.count == 2 {
            // The last separator is the decimal one; the other kind groups the integer part.
            guard separators.filter({ $0.element == last.element }).count == 1 else { return nil }
            let grouping: Unicode.Scalar = last.element == "." ? "," : "."
            let integer = raw[..<last.offset]
            guard groupsValid(integer, by: grouping), last.offset + 1 < raw.count else { return nil }
            return Double(
                digits(integer).filter { $0 != Character(grouping) } + "." + digits(raw[(last.offset + 1)...]))
        }
        if separators.count == 1 {
            let integer = raw[..<last.offset]
            let fraction = raw[(last.offset + 1)...]
            guard !fraction.isEmpty else { return nil }
            let groups = fraction.count == 3 && integer.contains { $0 != "0" } && (last.element == "," || wholeBytes)
            if groups && groupsValid(integer, by: last.element) { return Double(digits(integer) + digits(fraction)) }
            return Double(digits(integer) + "." + digits(fraction))
        }
        // One kind, several times: only groups of thousands.
        guard groupsValid(raw[...], by: last.element) else { return nil }
        return Double(digits(raw[...]).filter { $0 != Character(last.element) })
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
