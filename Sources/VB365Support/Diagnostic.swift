/// A line and column (both from 1; the column counts characters, not bytes) in a text.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// One thing to tell the user: where (a file or URL, maybe a position in it), how bad, what
/// happened, and what to do. Printed as `file:line:column: error: message; advice`, or
/// `vb365-report: error: message; advice` when it is about no file.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem stops the run.
    public enum Level: String, Sendable { case error, warning, note }

    /// The file, folder or URL it is about; nil for the run as a whole.
    public var path: String?
    public var position: SourcePosition?
    public var level: Level
    /// What happened, as a sentence (a final full stop is optional).
    public var message: String
    /// What to do about it, as a sentence; printed after a semicolon.
    public var advice: String?

    /// Creates a diagnostic.
    public init(
        path: String? = nil, position: SourcePosition? = nil, level: Level = .error, message: String,
        advice: String? = nil
    ) {
        self.path = path
        self.position = position
        self.level = level
        self.message = message
        self.advice = advice
    }

    /// The name every line about no file starts with: the running tool's (`vb365-sim`,
    /// `vb365-dev`), else `vb365-report`.
    public static let tool: String = {
        let name = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        return ["vb365-sim", "vb365-dev"].contains(name) ? name : "vb365-report"
    }()

    public var description: String {
        var location = path ?? Diagnostic.tool
        if path != nil, let position { location += ":\(position.line):\(position.column)" }
        let text = advice.map { "\(message); \($0)" } ?? message
        return "\(location): \(level.rawValue): \(text)"
    }
}
