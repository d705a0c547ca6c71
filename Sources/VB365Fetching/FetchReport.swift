import VB365Model
import VB365Support

/// What a fetch did, for the closing line and for tests.
package struct FetchReport: Sendable {
    package var server: String
    /// The start of what was fetched: sessions that started or ended since then.
    package var since: Timestamp
    /// The server's folder in the archive, relative to it (`servers/vbo.example.com_4443`).
    package var folder = ""
    package var version: APIVersion
    /// True when the version was found by trying the newest first.
    package var autoDetected: Bool
    package var organizations = 0
    package var jobs = 0
    /// Sessions the server listed (each counted once).
    package var sessionsListed = 0
    /// Of those, sessions in the window (started or ended since `since`, or running).
    package var sessionsInWindow = 0
    package var pages = 0
    package var files = 0
    package var logs = 0
    /// Sessions whose processed objects were fetched (v7+).
    package var processedSessions = 0
    /// Infrastructure snapshot files written (repositories, proxies, licence, …, and the jobs
    /// snapshot's).
    package var snapshots = 0
    /// Jobs snapshot files written (`infrastructure/<time>-<version>-jobs.json`, …): none when the
    /// jobs' settings did not change since the newest one, or a list was not read whole.
    package var jobSnapshots = 0
    /// Organizations whose protection was snapshotted.
    package var protectionSnapshots = 0
    /// The `startTimeFrom` the restore sessions were listed with (v6+); nil when they were not
    /// listed (v1–v5, or turned off).
    package var restoresSince: Timestamp?
    /// Restore sessions listed (each counted once).
    package var restoreSessions = 0
    /// Of those, sessions whose events were fetched (new, or still working at the last fetch).
    package var restoreEvents = 0
    package var requests = 0
    package var seconds: Double = 0
    /// Things the user should know that did not stop the fetch (a list the server refused, a
    /// looping next link, …), one sentence each.
    package var warnings: [String] = []
    /// What the fetch did besides fetching (moving an archive's earlier files into its server's
    /// folder), one sentence each.
    package var notes: [String] = []

    /// One sentence on what was fetched, every count with its noun in the right number.
    package static func sentence(_ r: FetchReport, archive: String) -> String {
        let version = r.autoDetected ? "API \(r.version) (the newest it serves)" : "API \(r.version)"
        let tenths = Int((max(0, r.seconds) * 10).rounded())
        let counts = [
            Formatting.count(r.organizations, "organization"), Formatting.count(r.jobs, "job"),
            Formatting.count(r.sessionsInWindow, "session"),
        ]
        let protection =
            r.protectionSnapshots > 0
            ? ", the protection of \(Formatting.count(r.protectionSnapshots, "organization"))" : ""
        let restores =
            r.restoreSessions > 0
            ? ", \(Formatting.count(r.restoreSessions, "restore session")) (the events of \(r.restoreEvents))" : ""
        return
            "Fetched from \(r.server) with \(version): \(counts.joined(separator: ", ")) since \(r.since.iso8601) (of \(r.sessionsListed) listed, in \(Formatting.count(r.pages, "page"))) and \(Formatting.count(r.logs, "session log"))\(protection)\(restores); \(Formatting.count(r.requests, "request")) in \(tenths / 10).\(tenths % 10) s, into \(archive)."
    }
}

/// Where a fetch is, for a progress line.
package struct FetchProgress: Sendable {
    package var pages = 0
    package var sessions = 0
    package var logsDone = 0
    package var logsTotal = 0

    /// `fetching: 3 pages, 120 sessions, logs 4/9`.
    package var text: String {
        var text = "fetching: \(Formatting.count(pages, "page")), \(Formatting.count(sessions, "session"))"
        if logsTotal > 0 { text += ", logs \(logsDone)/\(logsTotal)" }
        return text
    }
}
