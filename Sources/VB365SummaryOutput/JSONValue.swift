import VB365Support

/// A JSON value with ordered members, printed byte-for-byte the same every time.
package indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }

    /// A value or null.
    package static func optional<T>(_ value: T?, _ transform: (T) -> JSONValue) -> JSONValue {
        value.map(transform) ?? .null
    }

    /// A number rounded to `places` decimals, or null.
    package static func number(_ value: Double?, places: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if places == 0 || rounded == rounded.rounded(), abs(rounded) < 9e15 { return .int(Int64(rounded)) }
        return .double(rounded)
    }

    /// Pretty-printed with two-space indentation and a final newline.
    package func rendered() -> String { rendered(.pretty) }

    /// Laid out as `layout` says, with a final newline.
    package func rendered(_ layout: JSONLayout) -> String {
        var writer = JSONStreamWriter(BufferedOutput(), layout: layout)
        writer.value(self)
        writer.newline()
        return writer.output.text
    }
}
