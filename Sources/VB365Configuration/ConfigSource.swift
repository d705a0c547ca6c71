import VB365Support

/// Where a configuration value came from: a line of the file, an environment variable, or a
/// `--set` on the command line. Every message about a value names it.
package enum ConfigSource: Hashable, Sendable, CustomStringConvertible {
    /// A position in the configuration file.
    case file(path: String, position: SourcePosition)
    /// An environment variable (`VB365_REPORT_WINDOW_MAX_AGE`).
    case environment(String)
    /// `--set KEY=VALUE` on the command line.
    case flag(String)
    /// The built-in default.
    case defaultValue

    package var description: String {
        switch self {
        case .file(let path, let position): "\(path):\(position.line):\(position.column)"
        case .environment(let name): "environment variable \(name)"
        case .flag(let key): "--set \(key)"
        case .defaultValue: "default"
        }
    }

    /// A diagnostic about the value from here: positioned in the file, or naming the variable
    /// or flag in front of the message.
    func diagnostic(_ message: String, advice: String? = nil, level: Diagnostic.Level = .error) -> Diagnostic {
        switch self {
        case .file(let path, let position):
            Diagnostic(path: path, position: position, level: level, message: message, advice: advice)
        case .environment, .flag:
            Diagnostic(level: level, message: "\(self): \(message)", advice: advice)
        case .defaultValue:
            Diagnostic(level: level, message: message, advice: advice)
        }
    }
}
