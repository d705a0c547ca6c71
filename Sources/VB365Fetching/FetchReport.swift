import VB365Model
import VB365Support

/// What a fetch did, for the closing line and for tests.
public struct FetchReport: Sendable {
    public var server: String
    /// The server's folder in the archive, relative to it (`servers/vbo.example.com_4443`).
    public var folder = ""
    public var version: APIVersion
    /// True when the version was found by trying the newest first.
    public var autoDetected: Bool
    public var organizations = 0
    public var jobs = 0
    /// Sessions the server listed (each counted once).
    public var sessionsListed = 0
    /// Of those, sessions in the window (started or ended since `since`, or running).
    public var sessionsInWindow = 0
    public var pages = 0
    public var files = 0
    public var logs = 0
    /// Sessions whose processed objects were fetched (v7+).
    public var processedSessions = 0
    /// Infrastructure snapshot files written (repositories, proxies, licence, …).
    public var snapshots = 0
    public var requests = 0
    public var seconds: Double = 0
    /// Things the user should know that did not stop the fetch (a list the server refused, a
    /// looping next link, …), one sentence each.
    public var warnings: [String] = []
    /// What the fetch did besides fetching (moving an archive's earlier files into its server's
    /// folder), one sentence each.
    public var notes: [String] = []

    /// One sentence on what was fetched, every count with its noun in the right number.
    public static func sentence(_ r: FetchReport, archive: String, since: Timestamp) -> String {
        let version = r.autoDetected ? "API \(r.version) (the newest it serves)" : "API \(r.version)"
        let tenths = Int((max(0, r.seconds) * 10).rounded())
        let counts = [
            Formatting.count(r.organizations, "organization"), Formatting.count(r.jobs, "job"),
            Formatting.count(r.sessionsInWindow, "session"),
        ]
        return
            "Fetched from \(r.server) with \(version): \(counts.joined(separator: ", ")) since \(since.iso8601) (of \(r.sessionsListed) listed, in \(Formatting.count(r.pages, "page"))) and \(Formatting.count(r.logs, "session log")); \(Formatting.count(r.requests, "request")) in \(tenths / 10).\(tenths % 10) s, into \(archive)."
    }
}

/// Where a fetch is, for a progress line.
public struct FetchProgress: Sendable {
    public var pages = 0
    public var sessions = 0
    public var logsDone = 0
    public var logsTotal = 0

    /// `fetching: 3 pages, 120 sessions, logs 4/9`.
    public var text: String {
        var text = "fetching: \(Formatting.count(pages, "page")), \(Formatting.count(sessions, "session"))"
        if logsTotal > 0 { text += ", logs \(logsDone)/\(logsTotal)" }
        return text
    }
}
