import Foundation

/// Where results go: standard output (diagnostics go through `DiagnosticPrinter`).
enum StandardOutput {
    /// Writes text.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes bytes.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
