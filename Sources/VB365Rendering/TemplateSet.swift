import Crypto
import Foundation
import Mustache
import VB365Support

/// The templates a report is rendered with: the defaults from `templates/` (embedded in the
/// binary), each of which a folder given with `--templates` may replace.
package struct TemplateSet: Sendable {
    /// Template texts by name (`digest.html`, `badge.md`, ...).
    package private(set) var sources: [String: String]
    /// Where each template came from: `default` or the override file's path.
    package private(set) var origins: [String: String]
    /// A digest of every template's name and text.
    package let digest: String
    /// By template name, a digest of the names and texts of the template and every partial it
    /// includes, directly or not: a page's key includes its template's, so a changed template
    /// renders again only the pages that use it. A template whose partials cannot be told from
    /// its text (a dynamic partial, changed delimiters) has the whole set's digest.
    package let digests: [String: String]
    let library: MustacheLibrary
    /// The same templates for our own renderer; nil when one uses a feature only swift-mustache has.
    let compiled: [String: CompiledTemplate]?

    /// The defaults, replaced by any `<name>.mustache` in `overrides`.
    package init(overrides: String? = nil) throws(TemplateError) {
        var sources = DefaultTemplates.files
        var origins = Dictionary(uniqueKeysWithValues: sources.keys.map { ($0, "default") })
        if let overrides {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: overrides).filter {
                    $0.hasSuffix(".mustache")
                }.sorted()
            } catch {
                throw TemplateError(file: overrides, message: "cannot list the templates folder; check the path")
            }
            for file in names {
                let name = String(file.dropLast(".mustache".count))
                let path = overrides + "/" + file
                guard sources[name] != nil else {
                    throw TemplateError(
                        file: path,
                        message:
                            "there is no template named \(name); the names are \(sources.keys.sorted().joined(separator: ", "))"
                    )
                }
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw TemplateError(file: path, message: "cannot read the file as UTF-8 text")
                }
                sources[name] = text
                origins[name] = path
            }
        }
        XHTMLContentType.registerOnce
        var library = MustacheLibrary()
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            // A template file ends with a newline; inside a table row that newline would break it.
            let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
            do {
                try library.register(body, named: name)
            } catch {
                throw TemplateError(
                    file: origins[name] == "default" ? "templates/\(name).mustache" : origins[name]!,
                    message: "\(error)")
            }
        }
        self.sources = sources
        self.origins = origins
        self.library = library
        self.digest = Self.digest(of: sources, names: sources.keys.sorted())
        var digests: [String: String] = [:]
        for name in sources.keys {
            digests[name] = Self.used(by: name, in: sources).map { Self.digest(of: sources, names: $0) } ?? digest
        }
        self.digests = digests
        self.compiled = Self.compile(library, names: sources.keys)
        // The compiled renderer reads swift-mustache's parse, which is not its public API: the
        // version is pinned exactly in Package.swift, and a parse of another shape stops here
        // rather than quietly falling back to the slower renderer (docs/development.md).
        if compiled == nil, overrides == nil || !Self.readsParses {
            throw TemplateError(
                file: "templates",
                message:
                    "the compiled renderer cannot read swift-mustache's parse of the built-in templates (an unchecked swift-mustache version?); keep the version Package.swift pins, or check a new one with the CompiledTemplate tests"
            )
        }
    }

    /// True when the compiled renderer reads swift-mustache's parse of the built-in templates:
    /// false only with a swift-mustache whose parse has another shape. A set with a template of
    /// a feature only swift-mustache has (`--templates`) is rendered by swift-mustache instead.
    static let readsParses: Bool = {
        XHTMLContentType.registerOnce
        var library = MustacheLibrary()
        for (name, text) in DefaultTemplates.files {
            guard (try? library.register(text.hasSuffix("\n") ? String(text.dropLast()) : text, named: name)) != nil
            else { return false }
        }
        return compile(library, names: DefaultTemplates.files.keys) != nil
    }()

    private static func compile(_ library: MustacheLibrary, names: Dictionary<String, String>.Keys) -> [String:
        CompiledTemplate]?
    {
        guard CompiledTemplate.htmlEscaping != nil else { return nil }
        var compiled: [String: CompiledTemplate] = [:]
        for name in names {
            guard let template = library.getTemplate(named: name), let tree = CompiledTemplate(template) else {
                return nil
            }
            compiled[name] = tree
        }
        return compiled
    }

    /// Renders `view` with its page's template for `format`; the result always ends with a
    /// newline. Throws when the template set has no such template (the e-mail in Markdown).
    package func render<View: PageViewModel>(_ view: View, format: OutputFormat) throws(TemplateError) -> String {
        String(decoding: try renderBytes(view, format: format), as: UTF8.self)
    }

    /// The same, as UTF-8 bytes.
    package func renderBytes<View: PageViewModel>(_ view: View, format: OutputFormat) throws(TemplateError) -> [UInt8] {
        let name = View.kind.templateName(format)
        var bytes: [UInt8]
        if let compiled, let html = CompiledTemplate.htmlEscaping {
            guard let template = compiled[name] else { throw missing(format, View.kind) }
            var rendering = TemplateRendering(templates: compiled, html: html, root: view)
            rendering.render(template, escaping: html, indentation: "")
            bytes = rendering.out
        } else {
            guard let text = library.render(view, withTemplate: name) else { throw missing(format, View.kind) }
            bytes = Array(text.utf8)
        }
        // As `String.hasSuffix("\n")`: a final CR LF is one character, not a line feed.
        let count = bytes.count
        if !(count > 0 && bytes[count - 1] == 0x0A && !(count > 1 && bytes[count - 2] == 0x0D)) { bytes.append(0x0A) }
        return bytes
    }

    /// Renders with swift-mustache itself, as every page was before our renderer; for the tests
    /// that hold the two to the same output.
    func renderWithEngine<View: PageViewModel>(_ view: View, format: OutputFormat) -> String? {
        library.render(view, withTemplate: View.kind.templateName(format))
    }

    private func missing(_ format: OutputFormat, _ kind: PageKind) -> TemplateError {
        TemplateError(
            file: origin(of: kind.templateName(format)),
            message: "there is no \(format.rawValue) template for the \(kind.rawValue) page")
    }

    /// A digest of the names and texts of the templates `names`, in that order.
    static func digest(of sources: [String: String], names: [String]) -> String {
        var walk = ViewWalk()
        for name in names {
            walk.string(name)
            walk.string(sources[name] ?? "")
        }
        return PageKey(digest: SHA256.hash(data: walk.bytes)).hex
    }

    /// The names of `name` and of every template it includes, directly or not, sorted; nil when
    /// they cannot be told from the texts.
    static func used(by name: String, in sources: [String: String]) -> [String]? {
        var found: Set<String> = [name]
        var pending = [name]
        while let next = pending.popLast() {
            guard let text = sources[next] else { continue }
            // Changed delimiters could hide a partial's tag, a dynamic partial names none.
            if text.contains("{{=") || text.contains("{{>*") || text.contains("{{<*") { return nil }
            var rest = text[...]
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let first = rest.first, first == ">" || first == "<" else { continue }
                guard let close = rest.range(of: "}}") else { return nil }
                let partial = rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(
                    in: .whitespaces)
                rest = rest[close.upperBound...]
                if found.insert(partial).inserted { pending.append(partial) }
            }
        }
        return found.sorted()
    }

    /// The file a template came from, for messages.
    package func origin(of name: String) -> String {
        let origin = origins[name] ?? "default"
        return origin == "default" ? "templates/\(name).mustache" : origin
    }
}

/// A template that cannot be used: exit 78.
package struct TemplateError: ReportableError, Sendable {
    package var file: String
    package var message: String
    package var exitStatus: ExitStatus { .configuration }
    package var diagnostics: [Diagnostic] { [Diagnostic(path: file, message: message)] }
}

/// HTML escaping for XHTML templates (`{{%CONTENT_TYPE:XHTML}}`): the same five characters as
/// the engine's own escaping, on UTF-8 bytes, and a string without them is returned as it is.
struct XHTMLContentType: MustacheContentType {
    static let registerOnce: Void = MustacheContentTypes.register(XHTMLContentType(), named: "XHTML")

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: Self.isSpecial) else { return String(decoding: bytes, as: UTF8.self) }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + 16)
            Self.escape(bytes, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends `text` to `out`, escaped.
    static func escape(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: isSpecial) else { return out.append(contentsOf: bytes) }
            escape(bytes, into: &out)
        }
    }

    private static func isSpecial(_ b: UInt8) -> Bool {
        b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27
    }

    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: out.append(b)
            }
        }
    }
}
