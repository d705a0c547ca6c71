/// An input file that could not be read, left out of a report made from the files that could:
/// where it is, where in it the problem is, and why. Reports name every one, so that a report
/// made from part of the input never passes for the whole picture.
public struct UnreadableFile: Hashable, Sendable {
    /// The file's path, as it was found.
    public var path: String
    /// The line of the problem (from 1), when the problem is at a place in the file.
    public var line: Int?
    /// The column of the problem (from 1, in characters), when the problem is at a place in the file.
    public var column: Int?
    /// Why it could not be read, as a sentence fragment.
    public var reason: String
    /// The address (`host:port`) of the archive server folder the file is in; nil outside one.
    public var server: String?

    /// An unreadable file.
    public init(path: String, line: Int? = nil, column: Int? = nil, reason: String, server: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.reason = reason
        self.server = server
    }

    /// `path:line:column`, or the path alone.
    public var location: String {
        guard let line else { return path }
        return "\(path):\(line):\(column ?? 1)"
    }

    /// `path:line:column: reason`: one line that says which file and why.
    public var sentence: String { "\(location): \(reason)" }
}
