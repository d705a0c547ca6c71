/// The identifier of a session, job, organization or log item.
///
/// VB365 sends UUIDs; they are kept as 128 bits and printed in lower case. Anything else is kept
/// verbatim, so a hostile or unusual id never turns into an error here (file names are made
/// safe where files are written).
public enum EntityID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A UUID, as its two 64-bit halves.
    case uuid(UInt64, UInt64)
    /// Any other text.
    case text(String)

    /// Parses a UUID (any case, with hyphens, optionally in braces), else keeps the text.
    public init(_ text: String) {
        var bytes = Array(text.utf8)
        if let parsed = bytes.withUnsafeMutableBufferPointer({ EntityID.parseUUID(UnsafeBufferPointer($0)) }) {
            self = parsed
        } else {
            self = .text(text)
        }
    }

    /// Parses a UUID from ASCII bytes: `8-4-4-4-12` hex digits, optionally in braces.
    package static func parseUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> EntityID? {
        var start = 0
        var end = bytes.count
        if end == 38, bytes[0] == UInt8(ascii: "{"), bytes[37] == UInt8(ascii: "}") {
            start = 1
            end = 37
        }
        guard end - start == 36 else { return nil }
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        var nibbles = 0
        for i in start..<end {
            let c = bytes[i]
            let offset = i - start
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            if nibbles < 16 { hi = hi << 4 | UInt64(v) } else { lo = lo << 4 | UInt64(v) }
            nibbles += 1
        }
        return .uuid(hi, lo)
    }

    /// The canonical text: a lower-case hyphenated UUID, or the original text.
    public var description: String {
        switch self {
        case .text(let text): return text
        case .uuid(let hi, let lo):
            let digits = Array("0123456789abcdef".utf8)
            var out = [UInt8]()
            out.reserveCapacity(36)
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
                let word = i < 16 ? hi : lo
                let shift = UInt64((15 - i % 16) * 4)
                out.append(digits[Int((word >> shift) & 0xF)])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Orders UUIDs before text ids, each by value; used only to make output order stable.
    public static func < (lhs: EntityID, rhs: EntityID) -> Bool {
        switch (lhs, rhs) {
        case (.uuid(let a, let b), .uuid(let c, let d)): return (a, b) < (c, d)
        case (.uuid, .text): return true
        case (.text, .uuid): return false
        case (.text(let a), .text(let b)): return a < b
        }
    }

    /// The first UUID found anywhere in `text` (for example in a file name or an href).
    public static func firstUUID(in text: String) -> EntityID? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 36 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> EntityID? in
            for start in 0...(buffer.count - 36) {
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<start + 36])
                if let id = parseUUID(slice) { return id }
            }
            return nil
        }
    }
}
