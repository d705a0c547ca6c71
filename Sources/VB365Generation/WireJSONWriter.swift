import VB365Support

/// Writes JSON text in exactly the order and spelling it is told, as a server would: used to
/// reproduce each API version's shapes byte for byte.
package struct WireJSONWriter: Sendable {
    /// The text written so far.
    package private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]
    private let indentUnit: Int
    private var level = 0

    /// Creates a writer; `indent` spaces per level, or 0 for compact output.
    package init(indent: Int = 0, capacity: Int = 4096) {
        indentUnit = indent
        bytes.reserveCapacity(capacity)
    }

    /// The text as a string.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        newline()
    }

    private mutating func newline() {
        guard indentUnit > 0, !(level == 0 && bytes.isEmpty) else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * indentUnit))
    }

    private mutating func key(_ name: String?) {
        separate()
        if let name {
            string(name)
            bytes.append(UInt8(ascii: ":"))
            if indentUnit > 0 { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// Opens an object (as a member `name`, or as an array element / top-level value).
    package mutating func beginObject(_ name: String? = nil) { open(name, UInt8(ascii: "{")) }

    /// Closes an object.
    package mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Opens an array.
    package mutating func beginArray(_ name: String? = nil) { open(name, UInt8(ascii: "[")) }

    /// Writes the key (if any) and the opening bracket, and enters a new level.
    private mutating func open(_ name: String?, _ bracket: UInt8) {
        key(name)
        bytes.append(bracket)
        needsComma.append(false)
        level += 1
    }

    /// Closes an array.
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ c: UInt8) {
        let hadMembers = needsComma.removeLast()
        level -= 1
        if hadMembers { newline() }
        bytes.append(c)
    }

    /// A string member or element.
    package mutating func string(_ name: String?, _ value: String) {
        key(name)
        string(value)
    }

    /// A string member or element, or null.
    package mutating func string(_ name: String?, _ value: String?) {
        if let value { string(name, value) } else { null(name) }
    }

    /// A number member or element.
    package mutating func number(_ name: String?, _ value: Int64) {
        key(name)
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    /// A real-number member or element, in Swift's shortest exact spelling (`23.45`); null when
    /// not finite, which JSON cannot spell.
    package mutating func real(_ name: String?, _ value: Double) {
        guard value.isFinite else { return null(name) }
        key(name)
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    /// A boolean member or element.
    package mutating func bool(_ name: String?, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
    }

    /// A null member or element.
    package mutating func null(_ name: String?) {
        key(name)
        bytes.append(contentsOf: Array("null".utf8))
    }

    private mutating func string(_ s: String) {
        bytes.append(contentsOf: Escaping.jsonString(s).utf8)
    }
}
