import Crypto
import Foundation
import Mustache
import VB365Support

/// The templates a report is rendered with: the defaults from `templates/` (embedded in the
/// binary), each of which a folder given with `--templates` may replace.
public struct TemplateSet: Sendable {
    /// Template texts by name (`digest.html`, `badge.md`, ...).
    public private(set) var sources: [String: String]
    /// Where each template came from: `default` or the override file's path.
    public private(set) var origins: [String: String]
    /// A digest of every template's name and text.
    public let digest: String
    /// By template name, a digest of the names and texts of the template and every partial it
    /// includes, directly or not: a page's key includes its template's, so a changed template
    /// renders again only the pages that use it. A template whose partials cannot be told from
    /// its text (a dynamic partial, changed delimiters) has the whole set's digest.
    public let digests: [String: String]
    let library: MustacheLibrary

    /// The defaults, replaced by any `<name>.mustache` in `overrides`.
    public init(overrides: String? = nil) throws(TemplateError) {
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
    }

    /// Renders `view` with its page's template for `format`; the result always ends with a
    /// newline. Throws when the template set has no such template (the e-mail in Markdown).
    public func render<View: PageViewModel>(_ view: View, format: OutputFormat) throws(TemplateError) -> String {
        let name = View.kind.templateName(format)
        guard var text = library.render(view, withTemplate: name) else {
            throw TemplateError(
                file: origin(of: name),
                message: "there is no \(format.rawValue) template for the \(View.kind.rawValue) page")
        }
        if !text.hasSuffix("\n") { text += "\n" }
        return text
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
    public func origin(of name: String) -> String {
        let origin = origins[name] ?? "default"
        return origin == "default" ? "templates/\(name).mustache" : origin
    }
}

/// A template that cannot be used: exit 78.
public struct TemplateError: ReportableError, Sendable {
    public var file: String
    public var message: String
    public var exitStatus: ExitStatus { .configuration }
    public var diagnostics: [Diagnostic] { [Diagnostic(path: file, message: message)] }
}

/// HTML escaping for XHTML templates (`{{%CONTENT_TYPE:XHTML}}`): the same five characters as
/// the engine's own escaping, on UTF-8 bytes, and a string without them is returned as it is.
struct XHTMLContentType: MustacheContentType {
    static let registerOnce: Void = MustacheContentTypes.register(XHTMLContentType(), named: "XHTML")

    func escapeText(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
                return String(decoding: bytes, as: UTF8.self)
            }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + 16)
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
            return String(decoding: out, as: UTF8.self)
        }
    }
}
