import Mustache

/// A view model a template can read (the types in `Sources/VB365Rendering/Views/`). Its variables
/// are its `package` properties, stored or computed, each declared once in the type's body with a
/// `///` comment; a property with less access (or one declared in an extension) is not a variable.
/// From those declarations `vb365-dev view-fields` generates the view's `fields` and `index`
/// (`ViewFields.swift`) and `vb365-dev template-docs` the reference in `docs/templates.md`, both
/// in the order the properties are declared; tests check that both files are current.
package protocol TemplateView: MustacheParent {
    /// The variables this view offers, by name, in the order they are declared (the order
    /// docs/templates.md lists them).
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
