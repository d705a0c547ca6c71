import VB365Model

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pull reader over JSON bytes, fast enough to read VB365 pages at hundreds of MB/s: it
/// decodes straight into the values the caller wants, never building a tree.
///
/// It accepts exactly RFC 8259 JSON in UTF-8 (a leading byte-order mark is skipped), checks
/// UTF-8 in every string, and limits nesting to `maximumDepth` so hostile input cannot exhaust
/// the stack. Errors carry the byte offset; `SourcePosition` turns it into line and column.
package struct JSONReader {
    /// The deepest nesting accepted.
    package static let maximumDepth = 64

    let base: UnsafePointer<UInt8>
    let count: Int
    /// The offset of the next byte to read.
    package internal(set) var offset: Int
    var depth = 0

    /// Creates a reader over bytes that outlive it.
    package init(bytes: UnsafeRawBufferPointer) {
        self.base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        self.count = bytes.count
        self.offset = 0
        if count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { offset = 3 }
    }

    // MARK: - Kinds

    /// The kind of the next value.
    package enum Kind: Equatable, Sendable { case object, array, string, number, bool, null }

    /// Skips white space and says what the next value is.
    package mutating func peekKind() throws(JSONError) -> Kind {
        skipSpace()
        guard offset < count else { throw error("unexpected end of input; the document is cut short", at: offset) }
        switch base[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw unexpected(expected: "a JSON value")
        }
    }

    /// True when only white space is left.
    package mutating func isAtEnd() -> Bool {
        skipSpace()
        return offset >= count
    }

    /// Throws unless only white space is left.
    package mutating func expectEnd() throws(JSONError) {
        if !isAtEnd() { throw unexpected(expected: "the end of the document after the top-level value") }
    }

    // MARK: - Containers

    /// Reads an object, calling `body` once per member with the reader placed on its value;
    /// `body` must read or skip that value.

    package mutating func readObject(_ body: (inout JSONReader, JSONKey) throws(JSONError) -> Void) throws(JSONError) {
        if try enterEmpty(UInt8(ascii: "{"), UInt8(ascii: "}"), "an object") { return }
        repeat {
            try body(&self, try readMemberName())
        } while try nextMember()
    }

    /// Reads an array, calling `body` once per element with the reader placed on it.

    package mutating func readArray(_ body: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        if try enterEmpty(UInt8(ascii: "["), UInt8(ascii: "]"), "an array") { return }
        repeat {
            try body(&self)
        } while try next(UInt8(ascii: "]"), inside: "an array", expecting: "',' or ']' after an array element")
    }

    /// Enters a container at `opener`; true when `closer` follows at once, the container then
    /// left again.
    @inline(__always)
    mutating func enterEmpty(_ opener: UInt8, _ closer: UInt8, _ what: String) throws(JSONError) -> Bool {
        try enter(opener, what)
        skipSpace()
        guard offset < count, base[offset] == closer else { return false }
        offset += 1
        depth -= 1
        return true
    }

    /// Reads a member's name in double quotes and the ':' after it, leaving the reader on its value.
    @inline(__always)
    mutating func readMemberName() throws(JSONError) -> JSONKey {
        skipSpace()
        guard offset < count, base[offset] == UInt8(ascii: "\"") else {
            throw unexpected(expected: "a member name in double quotes")
        }
        let key = try readKey()
        skipSpace()
        guard offset < count, base[offset] == UInt8(ascii: ":") else {
            throw unexpected(expected: "':' after the member name")
        }
        offset += 1
        return key
    }

    /// After an object's member: true at ',' (another member follows), false at '}' (the object
    /// left).
    @inline(__always)
    mutating func nextMember() throws(JSONError) -> Bool {
        try next(UInt8(ascii: "}"), inside: "an object", expecting: "',' or '}' after an object member")
    }

    /// After a member or an element: true at ',' (another follows), false at `closer` (the
    /// container left).
    @inline(__always)
    mutating func next(_ closer: UInt8, inside what: String, expecting: String) throws(JSONError) -> Bool {
        skipSpace()
        guard offset < count else { throw error("unexpected end of input inside \(what)", at: offset) }
        let c = base[offset]
        offset += 1
        if c == UInt8(ascii: ",") { return true }
        if c == closer {
            depth -= 1
            return false
        }
        offset -= 1
        throw unexpected(expected: expecting)
    }

    mutating func enter(_ opener: UInt8, _ what: String) throws(JSONError) {
        skipSpace()
        guard offset < count, base[offset] == opener else { throw unexpected(expected: what) }
        depth += 1
        if depth > Self.maximumDepth {
            throw error("the document nests deeper than \(Self.maximumDepth) levels", at: offset)
        }
        offset += 1
    }

    // MARK: - Scalars

    /// Consumes `null` if it is next; returns whether it did.
    package mutating func readNullIfPresent() throws(JSONError) -> Bool {
        skipSpace()
        guard offset < count, base[offset] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads `true` or `false`.
    package mutating func readBool() throws(JSONError) -> Bool {
        skipSpace()
        if offset < count, base[offset] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        if offset < count, base[offset] == UInt8(ascii: "f") {
            try literal("false")
            return false
        }
        throw unexpected(expected: "true or false")
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        guard offset + n <= count, memcmp(base + offset, word.utf8Start, n) == 0 else {
            throw unexpected(expected: "'\(word)'")
        }
        offset += n
    }

    /// A JSON number as read: an exact integer when it has no fraction or exponent and fits.
    package enum Number: Equatable, Sendable {
        case integer(Int64)
        case real(Double)
    }

    /// Reads a number.
    package mutating func readNumber() throws(JSONError) -> Number {
        skipSpace()
        let start = offset
        var negative = false
        if offset < count, base[offset] == UInt8(ascii: "-") {
            negative = true
            offset += 1
        }
        guard offset < count, base[offset] &- UInt8(ascii: "0") < 10 else { throw unexpected(expected: "a digit") }
        var magnitude: UInt64 = 0
        var overflow = false
        if base[offset] == UInt8(ascii: "0") {
            offset += 1
        } else {
            while offset < count, case let d = base[offset] &- UInt8(ascii: "0"), d < 10 {
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(d))
                overflow = overflow || o1 || o2
                magnitude = m2
                offset += 1
            }
        }
        var isReal = false
        if offset < count, base[offset] == UInt8(ascii: ".") {
            isReal = true
            offset += 1
            guard offset < count, base[offset] &- UInt8(ascii: "0") < 10 else {
                throw unexpected(expected: "a digit after the decimal point")
            }
            while offset < count, base[offset] &- UInt8(ascii: "0") < 10 { offset += 1 }
        }
        if offset < count, base[offset] | 0x20 == UInt8(ascii: "e") {
            isReal = true
            offset += 1
            if offset < count, base[offset] == UInt8(ascii: "+") || base[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < count, base[offset] &- UInt8(ascii: "0") < 10 else {
                throw unexpected(expected: "a digit in the exponent")
            }
            while offset < count, base[offset] &- UInt8(ascii: "0") < 10 { offset += 1 }
        }
        if !isReal && !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) + 1 {
                    return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
                }
            } else if magnitude <= UInt64(Int64.max) {
                return .integer(Int64(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: offset - start), as: UTF8.self)
        return .real(Double(text) ?? (negative ? -.infinity : .infinity))
    }

    /// Reads a string, decoding escapes.
    package mutating func readString() throws(JSONError) -> String {
        skipSpace()
        guard offset < count, base[offset] == UInt8(ascii: "\"") else { throw unexpected(expected: "a string") }
        let key = try readKey()
        return key.string
    }

    /// Reads a string and returns its raw (still escaped) bytes; cheap, for values that are
    /// parsed further (timestamps, ids, hrefs).
    package mutating func readRawString() throws(JSONError) -> JSONKey {
        skipSpace()
        guard offset < count, base[offset] == UInt8(ascii: "\"") else { throw unexpected(expected: "a string") }
        return try readKey()
    }

    /// Reads a quoted string at `offset`, checking escapes and UTF-8.

    mutating func readKey() throws(JSONError) -> JSONKey {
        offset += 1
        let start = offset
        var escaped = false
        while true {
            // Fast path: plain ASCII.
            while offset < count {
                let c = base[offset]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
                offset += 1
            }
            guard offset < count else { throw error("unexpected end of input inside a string", at: start - 1) }
            let c = base[offset]
            if c == UInt8(ascii: "\"") {
                offset += 1
                return JSONKey(base: base, start: start, end: offset - 1, hasEscapes: escaped)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard offset + 1 < count else { throw error("unexpected end of input inside a string", at: start - 1) }
                switch base[offset + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    offset += 2
                case UInt8(ascii: "u"):
                    guard offset + 6 <= count else {
                        throw error("unexpected end of input in a \\u escape", at: offset)
                    }
                    for i in 2..<6 where !isHexDigit(base[offset + i]) {
                        throw error("invalid \\u escape: expected four hexadecimal digits", at: offset)
                    }
                    offset += 6
                default:
                    throw error("invalid escape sequence in a string", at: offset)
                }
            } else if c < 0x20 {
                throw error("control character U+00\(hexByte(c)) in a string; it must be escaped", at: offset)
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    mutating func skipUTF8Sequence() throws(JSONError) {
        let c = base[offset]
        let length: Int
        var minimum: UInt32
        var scalar: UInt32
        switch c {
        case 0xC2...0xDF:
            length = 2
            scalar = UInt32(c & 0x1F)
            minimum = 0x80
        case 0xE0...0xEF:
            length = 3
            scalar = UInt32(c & 0x0F)
            minimum = 0x800
        case 0xF0...0xF4:
            length = 4
            scalar = UInt32(c & 0x07)
            minimum = 0x10000
        default: throw error("invalid UTF-8 byte 0x\(hexByte(c)); the file must be UTF-8", at: offset)
        }
        guard offset + length <= count else {
            throw error("invalid UTF-8: a multi-byte character is cut short", at: offset)
        }
        for i in 1..<length {
            let b = base[offset + i]
            guard b & 0xC0 == 0x80 else { throw error("invalid UTF-8 sequence; the file must be UTF-8", at: offset) }
            scalar = scalar << 6 | UInt32(b & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw error("invalid UTF-8 sequence; the file must be UTF-8", at: offset)
        }
        offset += length
    }

    /// Skips any value, checking its syntax.
    package mutating func skipValue() throws(JSONError) {
        switch try peekKind() {
        case .object: try readObject { (r: inout JSONReader, _) throws(JSONError) in try r.skipValue() }
        case .array: try readArray { (r: inout JSONReader) throws(JSONError) in try r.skipValue() }
        case .string: _ = try readKey()
        case .number: _ = try readNumber()
        case .bool: _ = try readBool()
        case .null: try literal("null")
        }
    }

    // MARK: - Lenient values

    /// What a lenient read found: a usable value, nothing (`null`), or a value it cannot use. It
    /// is a few words wide and reading one allocates nothing; the caller words the warning.
    package enum Lenient<Value> {
        /// A usable value.
        case value(Value)
        /// `null` (for a time, `""` too): the member says nothing.
        case absent
        /// A value that cannot be used, now read past.
        case unusable(Unusable)
    }

    /// A value a lenient read could not use: where it is and, for a string, what it says.
    package struct Unusable {
        /// The offset of the value (of a string, its opening quote).
        package var offset: Int
        /// The string, escapes not yet decoded, when the value is a string that does not parse; nil
        /// when the value is of another kind (a number, an object, ...).
        package var text: JSONKey?
    }

    /// Reads `true` or `false`, also as a string in any case; `null` is absent, anything else
    /// unusable (and skipped).
    @inline(__always)
    package mutating func readLenientBool() throws(JSONError) -> Lenient<Bool> {
        let kind = try peekKind()
        let start = offset
        switch kind {
        case .bool: return .value(try readBool())
        case .null:
            _ = try readNullIfPresent()
            return .absent
        case .string:
            let raw = try readRawString()
            switch raw.string.lowercased() {
            case "true": return .value(true)
            case "false": return .value(false)
            default: return .unusable(Unusable(offset: start, text: raw))
            }
        default:
            try skipValue()
            return .unusable(Unusable(offset: start, text: nil))
        }
    }

    /// Reads an ISO 8601 timestamp string: nil for `0001-01-01T00:00:00` (.NET's "no time");
    /// `null` and `""` are absent; a string that does not parse, or a value of another kind, is
    /// unusable (and skipped).
    @inline(__always)
    package mutating func readLenientTime() throws(JSONError) -> Lenient<Timestamp?> {
        let kind = try peekKind()
        let start = offset
        switch kind {
        case .null:
            _ = try readNullIfPresent()
            return .absent
        case .string:
            let raw = try readRawString()
            if raw.start == raw.end { return .absent }
            switch raw.hasEscapes ? TimestampParser.parse(raw.string) : TimestampParser.parse(raw.bytes) {
            case .time(let time): return .value(time)
            case .minimum: return .value(nil)
            case .invalid: return .unusable(Unusable(offset: start, text: raw))
            }
        default:
            try skipValue()
            return .unusable(Unusable(offset: start, text: nil))
        }
    }

    // MARK: - Helpers

    @inline(__always)
    mutating func skipSpace() {
        while offset < count {
            let c = base[offset]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            offset += 1
        }
    }

    /// An error at `offset`.
    package func error(_ message: String, at offset: Int) -> JSONError { JSONError(offset: offset, message: message) }

    /// An error saying what was expected and what was found at the current offset.

    func unexpected(expected: String) -> JSONError {
        guard offset < count else { return error("expected \(expected), but the input ends here", at: offset) }
        return error("expected \(expected), found \(describe(base[offset]))", at: offset)
    }

    func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0: return "a NUL byte (is this a binary file?)"
        default: return "byte 0x\(hexByte(byte))"
        }
    }
}

@inline(__always) func isHexDigit(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f"))
}

func hexByte(_ c: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(c >> 4)], digits[Int(c & 0xF)]])
}

/// A syntax or shape error at a byte offset of the input.
public struct JSONError: Error, Equatable, Sendable {
    /// The byte offset where the problem is.
    public var offset: Int
    /// What is wrong, as a sentence fragment starting in lower case.
    public var message: String

    /// Creates an error.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}

/// A string as it stands in the input: a range of bytes, escapes not yet decoded.
package struct JSONKey {
    let base: UnsafePointer<UInt8>
    /// Offsets of the first byte and one past the last byte between the quotes.
    package let start: Int, end: Int
    /// True when the string holds a backslash escape.
    package let hasEscapes: Bool

    init(base: UnsafePointer<UInt8>, start: Int, end: Int, hasEscapes: Bool) {
        self.base = base
        self.start = start
        self.end = end
        self.hasEscapes = hasEscapes
    }

    /// The raw bytes between the quotes.
    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + start, count: end - start) }

    /// True when the (unescaped) string equals `literal`.
    @inline(__always)
    package func matches(_ literal: StaticString) -> Bool {
        if hasEscapes { return string == literal.description }
        let n = literal.utf8CodeUnitCount
        return end - start == n && memcmp(base + start, literal.utf8Start, n) == 0
    }

    /// The decoded string.
    package var string: String {
        if !hasEscapes { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let c = base[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            let e = base[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= end, base[i] == UInt8(ascii: "\\"),
                    base[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(at: i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                // A lone surrogate cannot be UTF-8; it becomes U+FFFD as in every JSON decoder.
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(value)).utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(at i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = base[i + k]
            let d: UInt8 = c <= UInt8(ascii: "9") ? c &- UInt8(ascii: "0") : (c | 0x20) &- UInt8(ascii: "a") &+ 10
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
