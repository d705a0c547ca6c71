import Foundation
import Mustache

/// The templates a report is rendered with: the defaults from `templates/` (embedded in the
/// binary), each of which a folder given with `--templates` may replace.
public struct TemplateSet: Sendable {
    /// The templates that make whole pages, by format.
    public static let pages: [OutputFormat: (digest: String, job: String, session: String)] = [
        .xhtml: ("digest.html", "job.html", "session.html"),
        .markdown: ("digest.md", "job.md", "session.md"),
    ]

    /// Template texts by name (`digest.html`, `badge.md`, ...).
    public private(set) var sources: [String: String]
    /// Where each template came from: `default` or the override file's path.
    public private(set) var origins: [String: String]
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
    }

    /// Renders `view` with template `name`; the result always ends with a newline.
    public func render(_ view: Any, with name: String) -> String {
        var text = library.render(view, withTemplate: name) ?? ""
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    /// The file a template came from, for messages.
    public func origin(of name: String) -> String {
        let origin = origins[name] ?? "default"
        return origin == "default" ? "templates/\(name).mustache" : origin
    }
}

/// A template that cannot be used.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): error: \(message)" }
}
