import Foundation
import VB365Reading
import VB365Summary

/// Where the bytes go: standard output for results, standard error for diagnostics.
enum Output {
    /// Writes text to standard output.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Prints input problems on standard error, at most `limit` of them.
enum Diagnostics {
    static let limit = 40

    static func print(_ diagnostics: [Diagnostic], quiet: Bool) {
        let shown = diagnostics.filter { !quiet || $0.level == .error }
        for d in shown.prefix(limit) { printLine(d.description) }
        if shown.count > limit { printLine("vb365-report: \(shown.count - limit) more problems not shown") }
    }

    /// Prints a line on standard error; input-derived text in it cannot steer the terminal.
    static func printLine(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.sanitize(line) + "\n").utf8))
    }
}
