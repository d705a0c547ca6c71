import VB365Model

/// What one JSON document held: any mix of sessions, jobs, organizations and log items.
public struct DecodedDocument: Sendable {
    public var sessions: [JobSession] = []
    public var jobs: [Job] = []
    public var organizations: [Organization] = []
    public var logItems: [LogItem] = []
    /// Problems that did not stop the reading: the value concerned is left unknown.
    public var warnings: [DecodingWarning] = []
    /// Warnings beyond the first `WireDecoder.maximumWarnings`, counted but not kept.
    public var suppressedWarnings = 0
    /// True when the document was a page or an array (a list response), false for one object.
    public var isList = false

    /// Creates an empty document.
    public init() {}

    /// True when nothing usable was found.
    public var isEmpty: Bool { sessions.isEmpty && jobs.isEmpty && organizations.isEmpty && logItems.isEmpty }
}

/// A problem in a value, at a byte offset of the document.
public struct DecodingWarning: Equatable, Sendable {
    public var offset: Int
    public var message: String

    /// Creates a warning.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
