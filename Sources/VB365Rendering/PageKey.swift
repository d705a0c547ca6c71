import Crypto

/// What a page was built from, as a SHA-256 digest (`ViewBuilder.sessionKey` for a site's
/// session page: the session's facts, its log lines, its job, its retry chain, the templates it
/// uses, the settings and the tool's version; `ViewBuilder.jobMonthKey` for a job's month page).
/// The page is a pure function of these, so two pages with the same key have the same bytes, and
/// an incremental run may keep a page whose key has not changed without building it.
package struct PageKey: Hashable, Sendable, CustomStringConvertible {
    /// Bumped when the renderer changes how a view becomes bytes outside the templates (escaping,
    /// line ends), so that pages made by an earlier build are rendered again.
    static let revision = "vb365-page-key 5"

    /// The digest's 32 bytes as four big-endian words, its first byte the highest of `first`:
    /// fixed-size storage, so that a key is compared, hashed and copied without a heap buffer.
    private let first: UInt64
    private let second: UInt64
    private let third: UInt64
    private let fourth: UInt64

    /// 64 lowercase hex digits.
    package var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(into: buffer)
            return 64
        }
    }

    package var description: String { hex }

    /// A key read back from a manifest; nil unless it is 64 lowercase hex digits.
    package init?(hex: some StringProtocol) {
        var text = String(hex)
        guard let key = text.withUTF8({ PageKey(hexDigits: $0) }) else { return nil }
        self = key
    }

    /// The key whose 64 lowercase hex digits are `digits`; nil unless they are exactly that.
    package init?(hexDigits digits: UnsafeBufferPointer<UInt8>) {
        guard digits.count == 64, let first = Self.word(digits, at: 0), let second = Self.word(digits, at: 16),
            let third = Self.word(digits, at: 32), let fourth = Self.word(digits, at: 48)
        else { return nil }
        self.first = first
        self.second = second
        self.third = third
        self.fourth = fourth
    }

    init(digest: SHA256.Digest) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        digest.withUnsafeBytes { bytes in
            for (index, byte) in bytes.prefix(32).enumerated() {
                switch index / 8 {
                case 0: words.0 = words.0 << 8 | UInt64(byte)
                case 1: words.1 = words.1 << 8 | UInt64(byte)
                case 2: words.2 = words.2 << 8 | UInt64(byte)
                default: words.3 = words.3 << 8 | UInt64(byte)
                }
            }
        }
        first = words.0
        second = words.1
        third = words.2
        fourth = words.3
    }

    /// Appends the 64 lowercase hex digits to `bytes`, without making a string.
    package func appendHex(to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 64))
        bytes.withUnsafeMutableBufferPointer { buffer in
            writeHex(into: UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + 64)]))
        }
    }

    /// Writes the 64 hex digits into `buffer`, which holds at least 64 bytes.
    private func writeHex(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        Self.write(first, into: buffer, at: 0)
        Self.write(second, into: buffer, at: 16)
        Self.write(third, into: buffer, at: 32)
        Self.write(fourth, into: buffer, at: 48)
    }

    /// Writes the 16 hex digits of `word` into `buffer` from `offset`.
    private static func write(_ word: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        for position in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: word >> (60 - 4 * UInt64(position))) & 0xF
            buffer[offset + position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
        }
    }

    /// The word of the 16 lowercase hex digits of `digits` from `offset`; nil when one is not.
    private static func word(_ digits: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        var word: UInt64 = 0
        for position in offset..<(offset + 16) {
            let digit = digits[position]
            let value: UInt8
            switch digit {
            case 0x30...0x39: value = digit &- 0x30
            case 0x61...0x66: value = digit &- 0x57
            default: return nil
            }
            word = word << 4 | UInt64(value)
        }
        return word
    }
}

/// Values written out as bytes that tell them apart, to be hashed into a key: each value has a
/// tag, strings and lists their length, so that no two different sequences of values give the
/// same bytes.
struct ViewWalk {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    mutating func string(_ text: String) {
        var text = text
        bytes.append(1)
        integer(text.utf8.count)
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ value: Int) {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).littleEndian) { bytes.append(contentsOf: $0) }
    }
}
