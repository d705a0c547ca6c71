import Mustache

/// A template as a list of steps our renderer walks with the views' own field tables, writing
/// UTF-8 bytes: swift-mustache looks every variable up by reflection-like casts and builds a
/// `String` per tag, which made rendering cost twice what validating the page does.
///
/// The steps are read from swift-mustache's own parse (so the whitespace rules of standalone tags
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

    /// One step of a template; its payload is plain numbers, so walking the steps retains nothing.
    enum Op: Sendable {
        /// The bytes `start..<end` of `bytes`.
        case text(start: Int, end: Int)
        /// The variable `names[name]`.
        case variable(name: Int, escaped: Bool)
        /// A section over `names[name]` whose body is the steps after this one up to `end`.
        case section(name: Int, inverted: Bool, end: Int)
        /// The partial `strings[name]`, indented by `strings[indentation]` (none when negative).
        case partial(name: Int, indentation: Int)
        /// The escaping `escapings[index]` from here on.
        case contentType(Int)
    }

    /// The steps, a section's body nested in place after it.
    private(set) var ops: [Op] = []
    /// The text of every text step.
    private(set) var bytes: [UInt8] = []
    private(set) var names: [Name] = []
    private(set) var strings: [String] = []
    private(set) var escapings: [Escaping] = []

    /// Reads `template`'s parse; nil when it uses a feature this renderer does not have.
    init?(_ template: MustacheTemplate) {
        guard append(template) else { return nil }
    }

    /// Appends the steps of `template`; false for a feature this renderer does not have.
    private mutating func append(_ template: MustacheTemplate) -> Bool {
        guard let tokens = Self.child(of: template, labelled: "tokens") else { return false }
        for token in Mirror(reflecting: tokens).children {
            guard append(token: token.value) else { return false }
        }
        return true
    }

    /// swift-mustache's default escaping (HTML), as it escapes: taken from a parsed pragma.
    static let htmlEscaping: Escaping? = {
        guard let template = try? MustacheTemplate(string: "{{%CONTENT_TYPE:HTML}}"),
            let compiled = CompiledTemplate(template), compiled.ops.count == 1,
            case .contentType(let index) = compiled.ops[0]
        else { return nil }
        return compiled.escapings[index]
    }()

    private mutating func append(token: Any) -> Bool {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let kind = payload.label else {
            return false
        }
        let value = payload.value
        switch kind {
        case "text":
            guard let text = value as? String else { return false }
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            ops.append(.text(start: start, end: bytes.count))
        case "variable", "unescapedVariable":
            guard let name = Self.child(of: value, labelled: "name") as? String, Self.hasNoTransforms(value) else {
                return false
            }
            names.append(Name(name))
            ops.append(.variable(name: names.count - 1, escaped: kind == "variable"))
        case "section", "invertedSection":
            guard let name = Self.child(of: value, labelled: "name") as? String, Self.hasNoTransforms(value),
                let body = Self.child(of: value, labelled: "template") as? MustacheTemplate
            else { return false }
            names.append(Name(name))
            let nameIndex = names.count - 1
            let index = ops.count
            ops.append(.contentType(0))  // replaced below, once the body's end is known
            guard append(body) else { return false }
            ops[index] = .section(name: nameIndex, inverted: kind == "invertedSection", end: ops.count)
        case "partial":
            guard let name = Self.child(of: value, labelled: ".0") as? String,
                let indentation = Self.child(of: value, labelled: "indentation").map(Self.unwrapped),
                let inherits = Self.child(of: value, labelled: "inherits").map(Self.unwrapped), inherits == nil
            else { return false }
            strings.append(name)
            let nameIndex = strings.count - 1
            guard let indentation else {
                ops.append(.partial(name: nameIndex, indentation: -1))
                return true
            }
            guard let text = indentation as? String else { return false }
            strings.append(text)
            ops.append(.partial(name: nameIndex, indentation: strings.count - 1))
        case "contentType":
            guard let type = value as? any MustacheContentType else { return false }
            if type is XHTMLContentType {
                escapings.append(.xhtml)
            } else if String(reflecting: Swift.type(of: type)) == "Mustache.TextContentType" {
                escapings.append(.none)
            } else {
                escapings.append(.custom(type))
            }
            ops.append(.contentType(escapings.count - 1))
        default:
            return false
        }
        return true
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
