import ArgumentParser
import Foundation
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
        let validator: XHTMLValidator
        do {
            validator = try XHTMLValidator()
        } catch {
            Diagnostics.printLine("vb365-report: error: \(error.message)")
            throw ExitCode(69)
        }
        var invalid = false
        var unreadable = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                Diagnostics.printLine("\(file): error: cannot read the file; check the path")
                unreadable = true
                continue
            }
            let issues = validator.validate([UInt8](data), name: file)
            for issue in issues { Diagnostics.printLine("\(file):\(issue.description)") }
            if !issues.isEmpty { invalid = true }
        }
        if unreadable { throw ExitCode(65) }
        if invalid { throw ExitCode(1) }
    }
}
