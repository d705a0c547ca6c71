import Mustache

/// One rendering of compiled templates into UTF-8 bytes, with swift-mustache's semantics: a name
/// is looked up from the innermost object outwards (a nil field counts as absent), a section
/// repeats over an array, shows or hides on a Bool and otherwise pushes its value, a partial
/// starts in HTML escaping and indents every line of its output when its tag was indented.
struct TemplateRendering {
    /// An object on the context stack.
    enum Scope {
        case view(any TemplateView)
        case value(Any)

        init(_ value: Any) {
            if let view = value as? any TemplateView {
                self = .view(view)
            } else {
                self = .value(value)
            }
        }

        var object: Any {
            switch self {
            case .view(let view): return view
            case .value(let value): return value
            }
        }

        /// The child `name` of this object, as swift-mustache finds it.
        func child(_ name: String) -> Any? {
            switch self {
            case .view(let view):
                return view.child(named: name)
            case .value(let value):
                switch value {
                case is String, is Bool, is Int, is Double: return nil
                case let parent as any MustacheParent: return parent.child(named: name)
                default:
                    guard let found = Mirror(reflecting: value).children.first(where: { $0.label == name })?.value
                    else { return nil }
                    let mirror = Mirror(reflecting: found)
                    guard mirror.displayStyle == .optional else { return found }
                    return mirror.children.first?.value
                }
            }
        }
    }

    let templates: [String: CompiledTemplate]
    let html: CompiledTemplate.Escaping
    var out: [UInt8] = []
    var stack: [Scope] = []

    init(templates: [String: CompiledTemplate], html: CompiledTemplate.Escaping, root: any TemplateView) {
        self.templates = templates
        self.html = html
        self.stack = [.view(root)]
        out.reserveCapacity(16_384)
    }

    /// Renders `template` at the end of `out`, as swift-mustache's `render(context:)` does.
    mutating func render(_ template: CompiledTemplate, escaping: CompiledTemplate.Escaping, indentation: String) {
        render(template, steps: 0..<template.ops.count, escaping: escaping, indentation: indentation)
    }

    /// Renders the steps `steps` of `template` (the whole or a section's body) as one
    /// swift-mustache template.
    private mutating func render(
        _ template: CompiledTemplate, steps: Range<Int>, escaping: CompiledTemplate.Escaping, indentation: String
    ) {
        var escaping = escaping
        let start = out.count
        var step = steps.lowerBound
        while step < steps.upperBound {
            let before = out.count
            let next = render(template, step: step, escaping: &escaping, indentation: indentation)
            // Each non-empty piece that starts a line of this template's output is indented.
            if !indentation.isEmpty, out.count > before, Self.endsLine(out, from: start, to: before) {
                out.insert(contentsOf: indentation.utf8, at: before)
            }
            step = next
        }
    }

    /// Whether `out[start..<end]` ends with a line feed that is a character of its own (not CR LF).
    private static func endsLine(_ out: [UInt8], from start: Int, to end: Int) -> Bool {
        guard end > start, out[end - 1] == 0x0A else { return false }
        return !(end - 1 > start && out[end - 2] == 0x0D)
    }

    /// Renders step `step` of `template`; returns the step after it (after a section's body).
    private mutating func render(
        _ template: CompiledTemplate, step: Int, escaping: inout CompiledTemplate.Escaping, indentation: String
    ) -> Int {
        switch template.ops[step] {
        case .text(let start, let end):
            template.bytes.withUnsafeBufferPointer {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end]))
            }
        case .variable(let name, let escaped):
            guard let value = resolve(template.names[name]) else { break }
            write(value, escaping: escaped ? escaping : .none)
        case .section(let name, let inverted, let end):
            let value = resolve(template.names[name])
            let body = step + 1..<end
            if inverted {
                renderInverted(value, template, body: body, escaping: escaping, indentation: indentation)
            } else {
                renderSection(value, template, body: body, escaping: escaping, indentation: indentation)
            }
            return end
        case .partial(let name, let indented):
            guard let partial = templates[template.strings[name]] else { break }
            render(
                partial, escaping: html,
                indentation: indented < 0 ? indentation : indentation + template.strings[indented])
        case .contentType(let index):
            escaping = template.escapings[index]
        }
        return step + 1
    }

    private mutating func renderSection(
        _ value: Any?, _ template: CompiledTemplate, body: Range<Int>, escaping: CompiledTemplate.Escaping,
        indentation: String
    ) {
        guard let value else { return }
        // Cheap concrete casts first; a Bool or a view is never a sequence.
        if let bool = value as? Bool {
            if bool { render(template, steps: body, escaping: escaping, indentation: indentation) }
        } else if let view = value as? any TemplateView {
            stack.append(.view(view))
            render(template, steps: body, escaping: escaping, indentation: indentation)
            stack.removeLast()
        } else if value is String {
            // A string is neither a sequence nor custom-renderable for swift-mustache: pushed as it is.
            stack.append(.value(value))
            render(template, steps: body, escaping: escaping, indentation: indentation)
            stack.removeLast()
        } else if let views = value as? any TemplateViewList {
            views.forEachView { view in
                stack.append(.view(view))
                render(template, steps: body, escaping: escaping, indentation: indentation)
                stack.removeLast()
            }
        } else if let list = value as? any MustacheSequence {
            for element in Self.elements(list) {
                stack.append(Scope(element))
                render(template, steps: body, escaping: escaping, indentation: indentation)
                stack.removeLast()
            }
        } else if let null = value as? any MustacheCustomRenderable, null.isNull {
            return
        } else {
            stack.append(.value(value))
            render(template, steps: body, escaping: escaping, indentation: indentation)
            stack.removeLast()
        }
    }

    private mutating func renderInverted(
        _ value: Any?, _ template: CompiledTemplate, body: Range<Int>, escaping: CompiledTemplate.Escaping,
        indentation: String
    ) {
        guard let value else {
            return render(template, steps: body, escaping: escaping, indentation: indentation)
        }
        // Cheap concrete casts first: a Bool decides; a string or a view is something, so the body is skipped.
        if let bool = value as? Bool {
            if !bool { render(template, steps: body, escaping: escaping, indentation: indentation) }
        } else if value is String || value is any TemplateView {
            return
        } else if let list = value as? any MustacheSequence {
            guard Self.elements(list).isEmpty else { return }
            stack.append(.value(value))
            render(template, steps: body, escaping: escaping, indentation: indentation)
            stack.removeLast()
        } else if let null = value as? any MustacheCustomRenderable, null.isNull {
            render(template, steps: body, escaping: escaping, indentation: indentation)
        }
    }

    private static func elements<List: Sequence>(_ list: List) -> [Any] { list.map { $0 } }

    /// The value `name` stands for, or nil.
    private func resolve(_ name: CompiledTemplate.Name) -> Any? {
        guard let first = name.parts.first else { return stack.last?.object }
        var value: Any
        if name.climbs {
            var found: Any?
            var level = stack.count - 1
            while level >= 0 {
                if let child = stack[level].child(first) {
                    found = child
                    break
                }
                level -= 1
            }
            guard let found else { return nil }
            value = found
        } else {
            guard let child = stack.last?.child(first) else { return nil }
            value = child
        }
        for part in name.parts.dropFirst() {
            guard let child = Scope(value).child(part) else { return nil }
            value = child
        }
        return value
    }

    /// Writes a variable's value, escaped.
    private mutating func write(_ value: Any, escaping: CompiledTemplate.Escaping) {
        let text: String
        switch value {
        case let string as String: text = string
        case let number as Int: text = String(number)
        case let bool as Bool: text = bool ? "true" : "false"
        case let number as Double: text = String(describing: number)
        case let renderable as any MustacheCustomRenderable: text = renderable.renderText
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                text = String(describing: wrapped)
            } else {
                text = String(describing: value)
            }
        }
        switch escaping {
        case .none: out.append(contentsOf: text.utf8)
        case .xhtml: XHTMLContentType.escape(text, into: &out)
        case .custom(let type): out.append(contentsOf: type.escapeText(text).utf8)
        }
    }
}

/// An array of views, whose elements a section pushes without a cast each.
protocol TemplateViewList {
    /// Calls `body` with each view, in order.
    func forEachView(_ body: (any TemplateView) -> Void)
}

extension Array: TemplateViewList where Element: TemplateView {
    func forEachView(_ body: (any TemplateView) -> Void) {
        for view in self { body(view) }
    }
}
