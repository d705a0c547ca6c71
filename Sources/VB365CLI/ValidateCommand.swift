import ArgumentParser
import Foundation
import VB365Support
import XHTMLValidation

/// `vb365-report validate`: checks files against the XHTML 1.0 Strict DTD, offline, as the
/// reports are checked before they are written (it agrees with `xmllint --valid --noout --nonet`).
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate files against the XHTML 1.0 Strict DTD (offline).",
        discussion: """
            Prints file:line:column: error: ... for each problem. Exit status: 0 every file is valid; \
            1 a file is not; 65 a file cannot be read; 69 the DTDs are missing (install w3c-sgml-lib).
            """
    )

    @Argument(help: "XHTML files.")
    var files: [String]

    public init() {}

    public func run() throws {
        let validator = try XHTMLValidator()
        var invalid = false
        var unreadable: [Diagnostic] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                unreadable.append(Diagnostic(path: file, message: "cannot read the file", advice: "check the path"))
                continue
            }
            let issues = validator.validate([UInt8](data), name: file)
            for issue in issues { DiagnosticPrinter.print(issue.diagnostic(path: file)) }
            if !issues.isEmpty { invalid = true }
        }
        if !unreadable.isEmpty { throw Failure(.dataError, diagnostics: unreadable) }
        if invalid { throw Failure.findings }
    }
}
