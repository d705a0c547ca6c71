/// Small formatting helpers every stage shares, written once.
public enum Formatting {
    /// A number without a fraction when it has none (`3600`, `0.5`).
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `value` in decimal, zero-padded to `width` digits (`pad(7, 2)` is `07`); negative values
    /// keep their sign in front.
    public static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }

    /// A count and its noun, singular for one and plural otherwise: `1 page`, `2 pages`,
    /// `0 retries` (give `plural` when adding an `s` is not it).
    public static func count(_ value: Int, _ singular: String, plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? singular : plural ?? singular + "s")
    }

    /// A `Duration` in seconds, as a `Double`.
    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// The 64-bit FNV-1a hash: stable across runs and machines (unlike `Hasher`), for names and
/// ids derived from content. Not a secret and not collision-proof.
public struct FNV1a: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts a hash, optionally from another offset basis (to derive a second, independent hash).
    public init(basis: UInt64 = 0xcbf2_9ce4_8422_2325) { value = basis }

    /// Adds bytes.
    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    /// The hash of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes, basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64
    where Bytes.Element == UInt8 {
        var h = FNV1a(basis: basis)
        h.combine(bytes)
        return h.value
    }
}

extension Formatting {
    /// `value` as lower-case hexadecimal, zero-padded to `digits` digits.
    public static func hex(_ value: UInt64, digits: Int = 16) -> String {
        let h = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - h.count)) + h
    }
}
