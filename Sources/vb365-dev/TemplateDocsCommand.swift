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
        try Data(updated.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        print(updated == document ? "\(path) is current" : "rewrote \(path)")
    }
}
