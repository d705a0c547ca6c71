import ArgumentParser
import Foundation
import VB365Fetching
import VB365Model
import VB365Reading
import VB365Statistics

#if canImport(Glibc)
    import Glibc
#endif

/// How to reach and log in to a VB365 server; shared by `fetch` and `report`.
public struct ServerOptions: ParsableArguments {
    @Option(help: "The VB365 server's REST API address, for example https://vbo.example.com:4443.")
    var server: String?

    @Option(help: "The API version: auto (the newest the server serves) or v1 to v8.")
    var apiVersion = "auto"

    @Option(help: "The user to log in as (the password comes from VB365_PASSWORD or --password-file).")
    var username: String?

    @Option(help: "A file whose first line is the password (keep it chmod 600).")
    var passwordFile: String?

    @Option(help: "A file holding an access token (or a /token response as JSON) instead of a login.")
    var tokenFile: String?

    @Option(name: .customLong("password"), help: .hidden)
    var passwordOnCommandLine: String?

    @Option(help: "A PEM file of certificates to trust, such as the server's self-signed certificate.")
    var caCert: String?

    @Flag(help: "Do not verify the server's certificate (prints a warning).")
    var insecure = false

    @Option(help: "Which sessions' log items to fetch: problems (not Success), all or none.")
    var logs: String = "problems"

    @Option(help: "Only this job (name or id); repeat for more.")
    var job: [String] = []

    @Option(help: "Requests in flight at once.")
    var concurrency = 4

    @Option(help: "Items per page (limit), 1 to 10000.")
    var pageSize = 1000

    @Option(help: "Retries of a request after a connection error, 429, 502, 503 or 504.")
    var retries = 4

    @Option(help: "Seconds before the first retry; each later one waits twice as long, with jitter.")
    var retryDelay = 0.5

    @Option(help: "The longest Retry-After to wait for, in seconds; a server asking for more ends the fetch.")
    var maxRetryAfter = 300.0

    @Option(help: "Seconds to wait for a connection.")
    var connectTimeout = 10.0

    @Option(help: "Seconds to wait for an answer.")
    var readTimeout = 120.0

    public init() {}

    public func validate() throws {
        guard let server else {
            if username != nil || tokenFile != nil || passwordFile != nil || caCert != nil || insecure || !job.isEmpty {
                throw ValidationError("The server options need --server.")
            }
            return
        }
        if passwordOnCommandLine != nil {
            throw ValidationError(
                "Passwords are not taken on the command line, where other users can see them; set VB365_PASSWORD or use --password-file."
            )
        }
        guard let url = URL(string: server), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false
        else {
            throw ValidationError("--server '\(server)' is not a URL such as https://vbo.example.com:4443.")
        }
        if url.query != nil || url.user != nil {
            throw ValidationError("--server takes the address only, without a query or a user: https://HOST:PORT.")
        }
        if apiVersion.lowercased() != "auto" && APIVersion(text: apiVersion) == nil {
            throw ValidationError("--api-version '\(apiVersion)' is not auto or a version from v1 to v8.")
        }
        if LogSelection(rawValue: logs) == nil { throw ValidationError("--logs must be problems, all or none.") }
        if tokenFile == nil && username == nil {
            throw ValidationError("Give --username (with VB365_PASSWORD or --password-file), or --token-file.")
        }
        if insecure && caCert != nil { throw ValidationError("Give --ca-cert or --insecure, not both.") }
        if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be 1 to 64.") }
        if !(1...10_000).contains(pageSize) { throw ValidationError("--page-size must be 1 to 10000.") }
        if !(0...20).contains(retries) { throw ValidationError("--retries must be 0 to 20.") }
        if !(retryDelay >= 0 && retryDelay <= 60) { throw ValidationError("--retry-delay must be 0 to 60 seconds.") }
        if !(connectTimeout > 0 && connectTimeout <= 3600 && readTimeout > 0 && readTimeout <= 3600) {
            throw ValidationError("Timeouts must be above 0 and at most 3600 seconds.")
        }
        if !(maxRetryAfter >= 0 && maxRetryAfter <= 86_400) {
            throw ValidationError("--max-retry-after must be 0 to 86400 seconds.")
        }
    }

    /// The credentials: a token file, or the user with a password from the environment or a file.
    func credentials() throws -> Credentials {
        if let tokenFile {
            let text = try Self.readSecret(tokenFile, what: "--token-file")
            if text.hasPrefix("{"),
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let access = object["access_token"] as? String
            {
                return .token(access: access, refresh: object["refresh_token"] as? String)
            }
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else {
                Diagnostics.printLine(
                    "vb365-report: --token-file \(tokenFile) holds neither a token nor a /token response.")
                throw ExitCode(66)
            }
            return .token(access: text, refresh: nil)
        }
        let password: String
        if let passwordFile {
            // The first line, without its line end (LF or CRLF); spaces are part of a password.
            let text = try Self.readSecret(passwordFile, what: "--password-file", trim: false)
            password = String(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? "")
        } else if let env = ProcessInfo.processInfo.environment["VB365_PASSWORD"], !env.isEmpty {
            password = env
        } else {
            Diagnostics.printLine(
                "vb365-report: no password: set VB365_PASSWORD or use --password-file (passwords are not taken on the command line)."
            )
            throw ExitCode(64)
        }
        return .password(username: username ?? "", password: password)
    }

    /// Reads a secret file; warns when other users may read it.
    static func readSecret(_ path: String, what: String, trim: Bool = true) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            Diagnostics.printLine("vb365-report: \(what) \(path) cannot be read; check the path and its permissions.")
            throw ExitCode(66)
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o044 != 0 {
            Diagnostics.printLine(
                "vb365-report: warning: \(what) \(path) can be read by other users; chmod 600 it.")
        }
        let text = String(decoding: data, as: UTF8.self)
        return trim ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
    }

    /// Settings for a fetch of everything since `since`.
    func settings(since: Timestamp, now: Timestamp) throws -> FetchSettings {
        var s = FetchSettings(server: server ?? "", credentials: try credentials(), since: since, now: now)
        s.version = apiVersion.lowercased() == "auto" ? nil : APIVersion(text: apiVersion)
        s.logs = LogSelection(rawValue: logs) ?? .problems
        s.jobs = job
        s.caCertificate = caCert
        s.insecure = insecure
        s.concurrency = concurrency
        s.pageSize = pageSize
        s.retries = retries
        s.retryDelay = retryDelay
        s.maximumRetryAfter = maxRetryAfter
        s.connectTimeout = connectTimeout
        s.readTimeout = readTimeout
        return s
    }

    /// Runs a fetch with a progress line on a terminal; prints the outcome; exits with the
    /// documented status on failure.
    func fetch(into archive: String, since: Timestamp, now: Timestamp, quiet: Bool) async throws -> FetchReport {
        let settings = try settings(since: since, now: now)
        if let url = URL(string: server ?? ""), url.scheme?.lowercased() == "http",
            !["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
        {
            Diagnostics.printLine(
                "vb365-report: warning: --server uses http://, so the password and the data cross the network unencrypted; use https://."
            )
        }
        if insecure {
            Diagnostics.printLine(
                "vb365-report: warning: --insecure: the server's certificate is not checked, so anyone in between could read the password and the data."
            )
        }
        let line = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let report: FetchReport
        do {
            report = try await Fetcher.fetch(settings, into: archive) { line.show($0) }
        } catch {
            line.finish()
            Diagnostics.printLine(error.description)
            throw ExitCode(error.kind.exitStatus)
        }
        line.finish()
        if !quiet {
            for warning in report.warnings { Diagnostics.printLine("vb365-report: warning: \(warning)") }
        }
        return report
    }

    /// `--since` as a timestamp: a duration before `now`, or a timestamp.
    static func start(_ text: String, now: Timestamp) -> Timestamp? {
        switch TimeBound(text) {
        case .absolute(let t)?: return t
        case .before(let seconds)?: return now.adding(seconds: -seconds)
        case nil: return nil
        }
    }

    /// One sentence on what was fetched.
    static func describe(_ r: FetchReport, archive: String, since: Timestamp) -> String {
        let version = r.autoDetected ? "API \(r.version) (the newest it serves)" : "API \(r.version)"
        let seconds = String(format: "%.1f", r.seconds)
        return
            "Fetched from \(r.server) with \(version): \(r.organizations) organizations, \(r.jobs) jobs, \(r.sessionsInWindow) sessions since \(since.iso8601) (of \(r.sessionsListed) listed, in \(r.pages) \(r.pages == 1 ? "page" : "pages")) and \(r.logs) session \(r.logs == 1 ? "log" : "logs"); \(r.requests) requests in \(seconds) s, into \(archive)."
    }
}

/// `vb365-report fetch`: downloads job sessions and what names them into an archive folder.
public struct FetchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download job sessions, jobs, organizations and log items from a VB365 server into an archive.",
        discussion: """
            Logs in once (POST /vN/token; the password from VB365_PASSWORD or --password-file, never the \
            command line), lists the sessions that started or ended since --since (and running ones), and \
            saves every body as the server sent it: DIR/organizations.json, jobs.json, \
            sessions/<time>-<version>-p0001.json and logs/<session-id>.json. Each file is written \
            atomically as it arrives, so a failed run keeps what it fetched; a later run adds to the \
            archive, and summary and render count each session once (the higher eTag, else the later end).

            Exit status: 0 fetched; 64 bad usage; 65 the server sent a body that is not valid JSON; 66 a \
            password, token or certificate file cannot be read; 67 the credentials were refused; 68 the \
            server cannot be reached; 73 the archive cannot be written; 75 the server stayed busy or \
            unavailable through every retry; 76 the server's answer cannot be used (version not served, \
            404, 500, not JSON); 77 TLS failed (an untrusted certificate: use --ca-cert).
            """)

    @OptionGroup var server: ServerOptions

    @Option(help: "The archive folder to add to (created if needed).")
    var archive: String

    @Option(help: "Fetch sessions since then: a duration before now (24h, 7d) or a timestamp.")
    var since = "24h"

    @Option(help: "The current time (ISO 8601), for reproducible runs. Default: the system clock.")
    var now: String?

    @Flag(help: "No progress line and no warnings about the lists (security warnings are always shown).")
    var quiet = false

    public init() {}

    public func validate() throws {
        if server.server == nil { throw ValidationError("Give --server, the VB365 server to fetch from.") }
        if TimeBound(since) == nil {
            throw ValidationError("--since '\(since)' is neither a duration such as 24h or 7d nor a timestamp.")
        }
        if let now, case .absolute? = TimeBound(now) {
        } else if let now {
            throw ValidationError("--now '\(now)' is not a timestamp such as 2026-11-23T06:00:00Z.")
        }
    }

    public func run() async throws {
        var clock = Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
        if let now, case .absolute(let t)? = TimeBound(now) { clock = t }
        let start = ServerOptions.start(since, now: clock)!
        let report = try await server.fetch(into: archive, since: start, now: clock, quiet: quiet)
        Output.write(ServerOptions.describe(report, archive: archive, since: start) + "\n")
    }
}

/// `vb365-report report`: fetch, then render, in one run (the daily cron job).
public struct FetchReportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Fetch from a VB365 server and render the report in one run (the daily cron job).",
        discussion: """
            Fetches the sessions of the last --history (for the baselines and trends) into --archive \
            (or a temporary folder), then renders the window as `render` does. Exit status: as fetch \
            when the fetch fails, else as render.
            """)

    @OptionGroup var source: FetchSource
    @OptionGroup var report: ReportOptions
    @OptionGroup var render: RenderOptions

    public init() {}

    public func validate() throws {
        if source.server.server == nil { throw ValidationError("Give --server, the VB365 server to fetch from.") }
    }

    public func run() async throws {
        let templates = try render.look.templateSet()
        let result = try await source.fetchAndRead(report: report)
        try await render.publish(result, report: report, templates: templates)
    }
}

/// A server to fetch from before reporting: the server options, where to keep what is fetched,
/// and how far back to fetch.
public struct FetchSource: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Option(help: "Keep the fetched bodies in this archive folder (added to on each run); default: a temporary folder.")
    var archive: String?

    @Option(help: "How far back to fetch, for baselines and trends: a duration (14d) or a timestamp.")
    var history = "14d"

    public init() {}

    public func validate() throws {
        if TimeBound(history) == nil {
            throw ValidationError("--history '\(history)' is neither a duration such as 14d nor a timestamp.")
        }
        if server.server == nil && archive != nil { throw ValidationError("--archive needs --server.") }
    }

    /// Fetches `--history` into the archive (or a temporary folder, removed afterwards) and reads
    /// what the archive holds.
    func fetchAndRead(report: ReportOptions) async throws -> InventoryReader.Result {
        let clock = report.clock
        let start = ServerOptions.start(history, now: clock)!
        let folder: String
        var temporary: String?
        if let archive {
            folder = archive
        } else {
            let path = NSTemporaryDirectory() + "vb365-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            temporary = path
            folder = path
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let fetched = try await server.fetch(into: folder, since: start, now: clock, quiet: report.quiet)
        if !report.quiet {
            Diagnostics.printLine(
                ServerOptions.describe(fetched, archive: archive ?? "a temporary folder", since: start))
        }
        return try await report.read([folder])
    }
}

/// Where a delivery command's sessions come from: saved JSON, or a server.
public struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, folders or - (standard input); or use --server.", valueName: "input"))
    var inputs: [String] = []

    @OptionGroup var fetch: FetchSource

    public init() {}

    public func validate() throws {
        if inputs.isEmpty && fetch.server.server == nil {
            throw ValidationError("Name at least one input (a file, a folder or -), or a --server to fetch from.")
        }
        if !inputs.isEmpty && fetch.server.server != nil {
            throw ValidationError("Give inputs or --server, not both.")
        }
    }

    /// The inventory: fetched when a server is given, else read from the inputs.
    func read(report: ReportOptions) async throws -> InventoryReader.Result {
        if fetch.server.server != nil { return try await fetch.fetchAndRead(report: report) }
        return try await report.read(inputs)
    }
}

/// A progress line on standard error, redrawn at most ten times a second; nothing when disabled.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var last = Date.distantPast
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: FetchProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 || (p.logsTotal > 0 && p.logsDone == p.logsTotal) else { return }
        last = now
        var text = "fetching: \(p.pages) pages, \(p.sessions) sessions"
        if p.logsTotal > 0 { text += ", logs \(p.logsDone)/\(p.logsTotal)" }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
