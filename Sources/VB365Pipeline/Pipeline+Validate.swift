import Foundation
import VB365Reading
import VB365Support
import XHTMLValidation

extension Pipeline {
    /// The extensions of the files `validate` looks for in a folder.
    package static let pageExtensions: Set<String> = ["html", "xhtml"]

    /// Validates files against the XHTML 1.0 Strict DTD, as `render` validates its pages: a
    /// folder stands for every `.html` and `.xhtml` file below it (sorted by path, hidden files
    /// and folders skipped, as folders of inputs are read). Prints each problem as
    /// `file:line:column: error: ...` and then how many files were checked; returns that number.
    /// Throws 65 when a path cannot be read or a folder holds no page, 1 when a file is invalid.
    package static func validateFiles(_ paths: [String]) throws -> Int {
        let validator = try XHTMLValidator()
        var unreadable: [Diagnostic] = []
        var checked = 0
        var invalid = 0
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                unreadable.append(Diagnostic(path: path, message: "no such file or folder", advice: "check the path"))
                continue
            }
            let files = isFolder.boolValue ? InputList.files(under: path, extensions: pageExtensions) : [path]
            if isFolder.boolValue && files.isEmpty {
                unreadable.append(
                    Diagnostic(
                        path: path, message: "no .html or .xhtml file was found in this folder",
                        advice: "give the report's folder, or the files to check"))
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    unreadable.append(Diagnostic(path: file, message: "cannot read the file", advice: "check the path"))
                    continue
                }
                let issues = validator.validate([UInt8](data), name: file)
                for issue in issues { DiagnosticPrinter.print(issue.diagnostic(path: file)) }
                checked += 1
                if !issues.isEmpty { invalid += 1 }
            }
        }
        if checked > 0 {
            let files = checked == 1 ? "1 file" : "\(checked) files"
            DiagnosticPrinter.note(
                invalid == 0
                    ? "checked \(files): all valid XHTML 1.0 Strict."
                    : "checked \(files): \(invalid) not valid XHTML 1.0 Strict.")
        }
        if !unreadable.isEmpty { throw Failure(.dataError, diagnostics: unreadable) }
        if invalid > 0 { throw Failure.findings }
        return checked
    }
}
