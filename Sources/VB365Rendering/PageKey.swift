import Crypto

/// What a page was built from, as a SHA-256 digest (`ViewBuilder.sessionInputKey` for a site's
/// session page: the session's facts, its log lines, its job, its retry chain, the templates it
/// uses, the settings and the tool's version). The page is a pure function of these, so two
/// pages with the same key have the same bytes, and an incremental run may keep a page whose key
/// has not changed without building it.
public struct PageKey: Hashable, Sendable, CustomStringConvertible {
    /// Bumped when the renderer changes how a view becomes bytes outside the templates (escaping,
    /// line ends), so that pages made by an earlier build are rendered again.
    static let revision = "vb365-page-key 2"

    /// 64 lowercase hex digits.
    public let hex: String

    public var description: String { hex }

    /// A key read back from a manifest; nil unless it is 64 lowercase hex digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.hex = String(hex)
    }

    init(digest: SHA256.Digest) {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0xF)])
        }
        self.hex = String(decoding: bytes, as: UTF8.self)
    }
}

/// A view written out as bytes that tell every value apart: each value has a tag, strings and
/// lists their length, so that no two different views give the same bytes. Field names are left
/// out: a view type's fields are always the same, in the same order, so the page's template (in
/// the key) and each view's field count say which field is which.
public struct ViewWalk {
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

    /// Every field of `view`, in its table's order; false when a value is of an unknown kind.
    mutating func view<View: TemplateView>(_ view: View) -> Bool {
        bytes.append(5)
        integer(View.fields.count)
        for (_, field) in View.fields {
            guard value(field(view)) else { return false }
        }
        return true
    }

    /// One value of a field: nothing, a string, a truth value, a number, a view or a list of these.
    mutating func value(_ value: Any?) -> Bool {
        guard let value else {
            bytes.append(0)
            return true
        }
        // The commonest kinds first: a cast to a type is one comparison, a cast to a protocol a
        // lookup of the conformance.
        switch value {
        case let text as String:
            string(text)
            return true
        case let flag as Bool: return flag.walk(into: &self)
        case let quantity as QuantityView: return self.view(quantity)
        case let delta as DeltaView: return self.view(delta)
        case let badge as BadgeView: return self.view(badge)
        case let known as any KeyedValue: return known.walk(into: &self)
        default: return false
        }
    }
}

/// A value a page's key can take in.
public protocol KeyedValue {
    /// Writes the value into `walk`; false when it holds a value of an unknown kind.
    func walk(into walk: inout ViewWalk) -> Bool
}

extension String: KeyedValue {
    /// Its UTF-8 bytes, after their count.
    public func walk(into walk: inout ViewWalk) -> Bool {
        walk.string(self)
        return true
    }
}

extension Bool: KeyedValue {
    /// One byte.
    public func walk(into walk: inout ViewWalk) -> Bool {
        walk.bytes.append(2)
        walk.bytes.append(self ? 1 : 0)
        return true
    }
}

extension Int: KeyedValue {
    /// Eight bytes, little-endian.
    public func walk(into walk: inout ViewWalk) -> Bool {
        walk.bytes.append(3)
        walk.integer(self)
        return true
    }
}

extension Double: KeyedValue {
    /// Its bit pattern.
    public func walk(into walk: inout ViewWalk) -> Bool {
        walk.bytes.append(4)
        withUnsafeBytes(of: bitPattern.littleEndian) { walk.bytes.append(contentsOf: $0) }
        return true
    }
}

extension Array: KeyedValue where Element: KeyedValue {
    /// Its count, then each element.
    public func walk(into walk: inout ViewWalk) -> Bool {
        walk.bytes.append(6)
        walk.integer(count)
        for element in self where !element.walk(into: &walk) { return false }
        return true
    }
}

extension TemplateView {
    /// Every field, in its table's order.
    public func walk(into walk: inout ViewWalk) -> Bool { walk.view(self) }
}
