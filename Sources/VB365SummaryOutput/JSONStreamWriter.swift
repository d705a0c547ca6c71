import VB365Support

/// Writes JSON as it is produced, value by value, into a `BufferedOutput`: containers are opened
/// and closed around their members, so a document of any size needs no tree of its whole. The
/// pretty layout is byte-for-byte what `JSONValue.rendered()` prints.
package struct JSONStreamWriter {
    /// Where the bytes go.
    package var output: BufferedOutput
    /// Pretty or compact.
    package let layout: JSONLayout
    /// For each open container, whether it is still empty.
    private var empty: [Bool] = []
    /// A key was written and its value comes next (no separator before it).
    private var afterKey = false

    /// A writer into `output`.
    package init(_ output: BufferedOutput, layout: JSONLayout) {
        self.output = output
        self.layout = layout
    }

    /// Whether a write failed, so a producer can stop early.
    package var failed: Bool { output.failed }

    /// Opens an object (as a value: after a key, in an array, or at the top).
    package mutating func beginObject() {
        separate()
        output.append(byte: UInt8(ascii: "{"))
        empty.append(true)
    }

    /// Opens an array.
    package mutating func beginArray() {
        separate()
        output.append(byte: UInt8(ascii: "["))
        empty.append(true)
    }

    /// Closes the innermost object.
    package mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Closes the innermost array.
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Writes a member's key; its value follows.
    package mutating func key(_ name: String) {
        separate()
        string(name)
        if layout == .pretty {
            output.append(": ")
        } else {
            output.append(byte: UInt8(ascii: ":"))
        }
        afterKey = true
    }

    /// Writes a member: its key, then its value.
    package mutating func member(_ name: String, _ value: JSONValue) {
        key(name)
        self.value(value)
    }

    /// Ends a document (or an NDJSON line) with a newline.
    package mutating func newline() { output.append(byte: 0x0A) }

    /// Writes a whole value.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: scalar("null")
        case .bool(let b): scalar(b ? "true" : "false")
        case .int(let i): scalar(String(i))
        case .double(let d): scalar(d.isFinite ? "\(d)" : "null")
        case .string(let s):
            separate()
            string(s)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, item) in members { member(name, item) }
            endObject()
        }
    }

    private mutating func scalar(_ text: String) {
        separate()
        output.append(text)
    }

    /// A string literal: most names need no escaping and are copied whole; the others go
    /// through the one JSON escaping rule (`Escaping.jsonString`).
    private mutating func string(_ text: String) {
        var text = text
        let plain = text.withUTF8 { bytes in
            !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }
        }
        guard plain else {
            output.append(Escaping.jsonString(text))
            return
        }
        output.append(byte: UInt8(ascii: "\""))
        text.withUTF8 { output.append($0) }
        output.append(byte: UInt8(ascii: "\""))
    }

    /// What comes before a value or key: nothing after a key or at the top; in a container, a
    /// comma after an earlier element, and (pretty) a new line indented to the depth.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = empty.indices.last else { return }
        if empty[last] {
            empty[last] = false
        } else {
            output.append(byte: UInt8(ascii: ","))
        }
        if layout == .pretty { indent(empty.count) }
    }

    private mutating func close(_ bracket: UInt8) {
        let wasEmpty = empty.removeLast()
        if !wasEmpty, layout == .pretty { indent(empty.count) }
        output.append(byte: bracket)
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    /// A new line and two spaces per level.
    private mutating func indent(_ depth: Int) {
        output.append(byte: 0x0A)
        var left = depth * 2
        while left > 0 {
            let n = min(left, Self.spaces.count)
            Self.spaces.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[..<n])) }
            left -= n
        }
    }
}
