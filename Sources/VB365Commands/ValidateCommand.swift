import ArgumentParser
import VB365Pipeline

/// `vb365-report validate`: checks files against the XHTML 1.0 Strict DTD, offline, as the
/// reports are checked before they are written (it agrees with `xmllint --valid --noout --nonet`).
package struct ValidateCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate files against the XHTML 1.0 Strict DTD (offline).",
        discussion: """
            A folder stands for every .html and .xhtml file below it, checked in the order of their \
            paths (hidden files and folders are skipped). Prints file:line:column: error: ... for \
            each problem, then how many files were checked and how many are not valid. Exit status: \
            0 every file is valid; 1 a file is not; 65 a file cannot be read, or a folder holds no \
            .html or .xhtml file; 69 the DTDs are missing (install w3c-sgml-lib).
            """
    )

    @Argument(help: "XHTML files, or folders whose .html and .xhtml files are all checked.")
    var files: [String]

    package init() {}

    package func run() throws {
        _ = try Pipeline.validateFiles(files)
    }
}
