import ArgumentParser
import Foundation
import VB365Rendering

/// `vb365-dev view-fields`: writes Sources/VB365Rendering/ViewFields.swift, each view's table of
/// template variables, from the `package` properties of the view types in
/// Sources/VB365Rendering/Views/ (a test fails when the two differ).
struct ViewFieldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view-fields",
        abstract: "Generate the views' field tables (ViewFields.swift) from Sources/VB365Rendering/Views/.")

    @Option(help: "The package's root folder.")
    var root = "."

    func run() throws {
        let text = TemplateDocs.fieldTables(viewsSource: try TemplateDocs.viewsSource(root: root))
        let path = root + "/" + TemplateDocs.fieldsFile
        let old = try? String(contentsOfFile: path, encoding: .utf8)
        try rewrite(path, with: text, old: old)
    }
}
