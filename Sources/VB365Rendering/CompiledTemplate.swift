import Mustache

/// A template as a tree of nodes our renderer walks with the views' own field tables, writing
/// UTF-8 bytes: swift-mustache looks every variable up by reflection-like casts and builds a
/// `String` per tag, which made rendering cost twice what validating the page does.
///
/// The tree is read from swift-mustache's own parse (so the whitespace rules of standalone tags
/// and indented partials stay the engine's), through `Mirror`, because the engine keeps its
/// tokens internal. A template using what this renderer does not do (blocks, dynamic partials,
/// transforms) is not compiled, and the whole set then renders with swift-mustache.
struct CompiledTemplate: Sendable {
    /// A variable's name, split at its dots.
    struct Name: Sendable {
        /// The parts; empty for `.`, the current object.
        var parts: [String]
        /// False for a name that starts with a dot: it is looked up in the current object only.
        var climbs: Bool

        init(_ text: String) {
            parts = text == "." ? [] : text.split(separator: ".").map(String.init)
            climbs = text.first != "."
        }
    }

    /// How the text of a variable is escaped.
    enum Escaping: Sendable {
        /// The five XHTML characters, on bytes (`{{%CONTENT_TYPE:XHTML}}`).
        case xhtml
        /// Nothing (`{{%CONTENT_TYPE:TEXT}}`).
        case none
        /// Any other content type (swift-mustache's HTML, the default): its own function.
        case custom(any MustacheContentType)
    }

    /// One piece of a template.
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, inverted: Bool, body: CompiledTemplate)
        case partial(String, indentation: String?)
        case contentType(Escaping)
    }

    var nodes: [Node]

    /// Reads `template`'s parse; nil when it uses a feature this renderer does not have.
    init?(_ template: MustacheTemplate) {
        guard let tokens = Self.child(of: template, labelled: "tokens") else { return nil }
        var nodes: [Node] = []
        for token in Mirror(reflecting: tokens).children {
            guard let node = Self.node(token.value) else { return nil }
            nodes.append(node)
        }
        self.nodes = nodes
    }

    /// swift-mustache's default escaping (HTML), as it escapes: taken from a parsed pragma.
    static let htmlEscaping: Escaping? = {
        guard let template = try? MustacheTemplate(string: "{{%CONTENT_TYPE:HTML}}"),
            let compiled = CompiledTemplate(template), compiled.nodes.count == 1,
            case .contentType(let escaping) = compiled.nodes[0]
        else { return nil }
        return escaping
    }()

    private static func node(_ token: Any) -> Node? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let kind = payload.label else {
            return nil
        }
        let value = payload.value
        switch kind {
        case "text":
            guard let text = value as? String else { return nil }
            return .text(Array(text.utf8))
        case "variable", "unescapedVariable":
            guard let name = child(of: value, labelled: "name") as? String, hasNoTransforms(value) else { return nil }
            return .variable(Name(name), escaped: kind == "variable")
        case "section", "invertedSection":
            guard let name = child(of: value, labelled: "name") as? String, hasNoTransforms(value),
                let template = child(of: value, labelled: "template") as? MustacheTemplate,
                let body = CompiledTemplate(template)
            else { return nil }
            return .section(Name(name), inverted: kind == "invertedSection", body: body)
        case "partial":
            guard let name = child(of: value, labelled: ".0") as? String,
                let indentation = child(of: value, labelled: "indentation").map(unwrapped),
                let inherits = child(of: value, labelled: "inherits").map(unwrapped), inherits == nil
            else { return nil }
            guard let indentation else { return .partial(name, indentation: nil) }
            guard let text = indentation as? String else { return nil }
            return .partial(name, indentation: text)
        case "contentType":
            guard let type = value as? any MustacheContentType else { return nil }
            if type is XHTMLContentType { return .contentType(.xhtml) }
            if String(reflecting: Swift.type(of: type)) == "Mustache.TextContentType" { return .contentType(.none) }
            return .contentType(.custom(type))
        default:
            return nil
        }
    }

    private static func hasNoTransforms(_ payload: Any) -> Bool {
        (child(of: payload, labelled: "transforms") as? [String])?.isEmpty == true
    }

    /// The value inside an optional, nil for none; any other value as it is.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    private static func child(of value: Any, labelled label: String) -> Any? {
        Mirror(reflecting: value).children.first { $0.label == label }?.value
    }
}
