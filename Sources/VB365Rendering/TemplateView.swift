import Mustache

/// A view model a template can read: its fields are named in one table, which is also the list
/// of variables docs/templates.md documents and the tests check templates against.
package protocol TemplateView: MustacheParent {
    /// The variables this view offers, by name, in the order docs/templates.md lists them.
    static var fields: [(String, @Sendable (Self) -> Any?)] { get }
    /// The same, for lookups.
    static var index: [String: @Sendable (Self) -> Any?] { get }
}

extension TemplateView {
    /// The value of a field; a nil optional is no value (so sections skip it).
    package func child(named name: String) -> Any? {
        guard let field = Self.index[name] else { return nil }
        return field(self)
    }

    /// The names of the variables this view offers.
    package static var fieldNames: [String] { fields.map(\.0) }
}
