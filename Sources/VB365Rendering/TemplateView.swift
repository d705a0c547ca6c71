import Mustache

/// A view model a template can read: its fields are named in one table, which is also the list
/// of variables the README documents and the tests check templates against.
public protocol TemplateView: MustacheParent {
    /// The variables this view offers, by name.
    static var fields: [(String, PartialKeyPath<Self>)] { get }
}

extension TemplateView {
    /// The value of a field; a nil optional is no value (so sections skip it).
    public func child(named name: String) -> Any? {
        guard let path = Self.index[name] else { return nil }
        return flatten(self[keyPath: path])
    }

    /// The field table as a dictionary.
    static var index: [String: PartialKeyPath<Self>] {
        FieldIndex.lookup(Self.self) { Dictionary(fields, uniquingKeysWith: { a, _ in a }) }
    }

    /// The names of the variables this view offers.
    public static var fieldNames: [String] { fields.map(\.0) }
}

/// Caches each view type's field dictionary.
enum FieldIndex {
    nonisolated(unsafe) private static var cache: [ObjectIdentifier: Any] = [:]
    private static let lock = NSLockShim()

    static func lookup<T>(_ type: T.Type, _ make: () -> [String: PartialKeyPath<T>]) -> [String: PartialKeyPath<T>] {
        lock.lock()
        defer { lock.unlock() }
        if let found = cache[ObjectIdentifier(type)] as? [String: PartialKeyPath<T>] { return found }
        let made = make()
        cache[ObjectIdentifier(type)] = made
        return made
    }
}

/// Unwraps an optional hidden in `Any`: nil becomes no value.
func flatten(_ value: Any) -> Any? {
    if let optional = value as? OptionalProtocol { return optional.wrappedAny }
    return value
}

protocol OptionalProtocol {
    var wrappedAny: Any? { get }
}

extension Optional: OptionalProtocol {
    var wrappedAny: Any? {
        switch self {
        case .some(let value): return flatten(value)
        case .none: return nil
        }
    }
}
