import Foundation
import VB365Model

extension APIVersion {
    /// `endTimeLowerBound` and `jobType` filters (v6+).
    var hasTimeFilter: Bool { self >= .v6 }
    /// `/JobSessions?jobId=` (v7+); `/Jobs/{id}/JobSessions` before (removed in v7).
    var hasJobFilter: Bool { self >= .v7 }
    /// `disable_antiforgery_token` on `/token` (v7+).
    var hasAntiforgery: Bool { self >= .v7 }
    /// Backup copy jobs (v6+).
    var hasCopyJobs: Bool { self >= .v6 }
    /// The log path: `/Log` in v1, `/LogItems` later (a v3 `_links.log` pointing at `/log` is a bug).
    var logResource: String { self == .v1 ? "Log" : "LogItems" }
}

/// Which sessions' log items to download.
package enum LogSelection: String, Sendable, CaseIterable {
    /// Sessions that did not end in Success (the default: the logs that explain something).
    case problems
    case all
    case none
}

/// How the fetch authenticates.
package enum Credentials: Sendable {
    /// The password grant; the password never comes from the command line.
    case password(username: String, password: String)
    /// An existing token (and maybe its refresh token), read from a file.
    case token(access: String, refresh: String?)
}

/// How hard and how long a fetch tries: concurrency, paging, retries and timeouts.
package struct FetchLimits: Sendable, Equatable {
    /// Requests in flight at once.
    package var concurrency = 4
    /// Page size (`limit`), 1 to 10,000.
    package var pageSize = 1000
    /// Retries of one request after a connection error, 429, 502, 503 or 504.
    package var retries = 4
    /// The first retry waits about this long; each further one twice as long (with jitter).
    package var retryDelay: Double = 0.5
    /// The longest backoff between retries.
    package var maximumRetryDelay: Double = 30
    /// The longest `Retry-After` honoured; a server asking for more ends the fetch.
    package var maximumRetryAfter: Double = 300
    /// Seconds to wait for a connection.
    package var connectTimeout: Double = 10
    /// Seconds to wait for an answer.
    package var readTimeout: Double = 120

    /// The defaults.
    package init() {}

    /// The values each limit may take, the one place they are written: the command line's
    /// options and the configuration file's keys are checked against them.
    package enum Range {
        package static let concurrency = 1...64
        package static let pageSize = 1...10_000
        package static let retries = 0...20
        package static let retryDelay: ClosedRange<Double> = 0...60
        package static let maximumRetryAfter: ClosedRange<Double> = 0...Seconds.day
        /// Either timeout, in seconds.
        package static let timeout: ClosedRange<Double> = 0.001...Seconds.hour
        /// `ServerConnection.processedObjects`.
        package static let processedObjects = 0...10_000
    }
}

/// Everything a fetch needs.
package struct FetchSettings: Sendable {
    /// `https://host:4443`, maybe with a path prefix; no trailing slash.
    package var server: String
    /// nil: find the newest version the server serves.
    package var version: APIVersion?
    package var credentials: Credentials
    /// Sessions that started or ended at or after this time are fetched (running ones too).
    package var since: Timestamp
    /// Only these jobs (by id), or every job when empty.
    package var jobs: [String] = []
    package var logs: LogSelection = .problems
    /// Processed objects (v7+) of the sessions that did not succeed: the names of at most this
    /// many failed or warned objects per session are fetched; 0 fetches no processed objects.
    package var processedObjects = 20
    /// Protection snapshots (v6+): the objects of each organization and their backups; nil
    /// takes none.
    package var protection: ProtectionFetch?
    /// Restore sessions (v6+) and the events of those new or still working since the last fetch
    /// (`Fetcher+Restores.swift`), for restore auditing.
    package var restores = true
    /// A PEM file of certificates to trust besides the system's.
    package var caCertificate: String?
    /// Do not verify the server's certificate.
    package var insecure = false
    /// How hard and how long to try.
    package var limits = FetchLimits()
    /// The fetch's start time (names the session files): injected for reproducible archives.
    package var now: Timestamp
    /// Whether each body is flushed to the disk, with its folder, before it is renamed in; a
    /// temporary archive, removed after the run, need not be (a flush costs about a millisecond).
    package var flushesArchive = true

    /// Creates settings.
    package init(server: String, credentials: Credentials, since: Timestamp, now: Timestamp) {
        var s = server
        while s.hasSuffix("/") { s.removeLast() }
        self.server = s
        self.credentials = credentials
        self.since = since
        self.now = now
    }
}
