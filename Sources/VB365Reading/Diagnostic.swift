import VB365Decoding

/// A problem found in an input, printed as `path:line:column: error: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem stops the run.
    public enum Level: String, Sendable { case error, warning, note }

    public var path: String
    public var position: SourcePosition?
    public var level: Level
    public var message: String

    /// Creates a diagnostic.
    public init(path: String, position: SourcePosition? = nil, level: Level, message: String) {
        self.path = path
        self.position = position
        self.level = level
        self.message = message
    }

    public var description: String {
        let location = position.map { "\(path):\($0.line):\($0.column)" } ?? path
        return "\(location): \(level.rawValue): \(message)"
    }
}
