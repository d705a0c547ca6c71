/// Gives each distinct value a small number, so that large tables store numbers, not values.
public struct Interner<Value: Hashable & Sendable>: Sendable {
    /// The distinct values, in the order they were first seen.
    public private(set) var values: [Value] = []
    private var codes: [Value: Int32] = [:]

    /// Creates an empty interner.
    public init() {}

    /// The number of `value`, adding it when new.
    public mutating func code(for value: Value) -> Int32 {
        if let code = codes[value] { return code }
        let code = Int32(values.count)
        values.append(value)
        codes[value] = code
        return code
    }

    /// The number of `value`, if it was seen.
    public func existingCode(for value: Value) -> Int32? { codes[value] }

    /// The value with number `code`.
    public subscript(code: Int32) -> Value { values[Int(code)] }

    /// How many distinct values there are.
    public var count: Int { values.count }
}
