import ArgumentParser
import Foundation
import VB365Rendering

/// `vb365-dev template-docs`: rewrites the variable reference in docs/templates.md from the view
/// types' documentation in Sources/VB365Rendering/Views/.
struct TemplateDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template-docs",
        abstract: "Regenerate the template variables in docs/templates.md from Sources/VB365Rendering/Views/.")

    @Option(help: "The package's root folder.")
    var root = "."

    func run() throws {
        let views = try TemplateDocs.viewsSource(root: root)
        let path = root + "/docs/templates.md"
        let document = try String(contentsOfFile: path, encoding: .utf8)
        let generated = try TemplateDocs.markdown(viewsSource: views)
        guard let updated = TemplateDocs.replacing(in: document, with: generated) else {
            throw ValidationError("\(path) lacks the lines \(TemplateDocs.begin) and \(TemplateDocs.end).")
        }
        try rewrite(path, with: updated, old: document)
    }
}

/// Writes a generated `text` to `path`, and says whether it differs from `old`, the file's text
/// before.
func rewrite(_ path: String, with text: String, old: String?) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    print(text == old ? "\(path) is current" : "rewrote \(path)")
}
