import ArgumentParser
import Foundation
import VB365Configuration
import VB365Fetching
import VB365Model
import VB365Pipeline
import VB365Run
import VB365Statistics
import VB365Support

/// How to reach and log in to a VB365 server; shared by `fetch` and the commands that can fetch.
package struct ServerOptions: ParsableArguments {
    @Option(
        help: "The VB365 server's REST API address, for example https://vbo.example.com:4443.",
        transform: WebAddress.parse)
    var server: WebAddress?

    @Option(
        help: "The API version: auto (the newest the server serves) or v1 to v8. (default: auto)",
        transform: APIVersionChoice.parse)
    var apiVersion = APIVersionChoice(version: nil)

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
    var logs: LogSelection = .problems

    @Option(
        help:
            "Processed objects (v7+) of sessions that did not succeed: fetch the names of at most N failed or warned ones per session; 0 fetches none."
    )
    var processedObjects = 20

    @Flag(
        inversion: .prefixedNo,
        help:
            "Restore sessions (v6+) and the events of those new or still working since the last fetch, for restore auditing."
    )
    var restores = true

    @Option(
        help: ArgumentHelp(
            "Snapshot each organization's protection (v6+: its users, groups, sites and teams and their backups) when its newest snapshot is older than this (12h, 1d); not given: no snapshot.",
            valueName: "interval"),
        transform: TimeSpan.parse)
    var protectionEvery: TimeSpan?

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

    package init() {}

    package func validate() throws {
        guard server != nil else {
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
        let range = FetchLimits.Range.self
        if !range.processedObjects.contains(processedObjects) {
            throw ValidationError("--processed-objects must be from 0 to 10000.")
        }
        if tokenFile == nil && username == nil {
            throw ValidationError("Give --username (with VB365_PASSWORD or --password-file), or --token-file.")
        }
        if insecure && caCert != nil { throw ValidationError("Give --ca-cert or --insecure, not both.") }
        if !range.concurrency.contains(concurrency) { throw ValidationError("--concurrency must be 1 to 64.") }
        if !range.pageSize.contains(pageSize) { throw ValidationError("--page-size must be 1 to 10000.") }
        if !range.retries.contains(retries) { throw ValidationError("--retries must be 0 to 20.") }
        if !range.retryDelay.contains(retryDelay) { throw ValidationError("--retry-delay must be 0 to 60 seconds.") }
        if !(range.timeout.contains(connectTimeout) && range.timeout.contains(readTimeout)) {
            throw ValidationError("Timeouts must be above 0 and at most 3600 seconds.")
        }
        if !range.maximumRetryAfter.contains(maxRetryAfter) {
            throw ValidationError("--max-retry-after must be 0 to 86400 seconds.")
        }
    }

    /// The connection as the pipeline takes it; nil without --server.
    var connection: ServerConnection? {
        guard let server else { return nil }
        let login: ServerConnection.Login =
            tokenFile.map { .tokenFile($0) }
            ?? .password(
                username: username ?? "",
                password: passwordFile.map { .file($0) } ?? .environment("VB365_PASSWORD"))
        var c = ServerConnection(address: server.text, login: login)
        c.version = apiVersion.version
        c.logs = logs
        c.processedObjects = processedObjects
        c.restores = restores
        c.protection = protectionEvery.map { ProtectionFetch(intervalSeconds: $0.seconds) }
        c.jobs = job
        c.caCertificate = caCert
        c.insecure = insecure
        c.limits.concurrency = concurrency
        c.limits.pageSize = pageSize
        c.limits.retries = retries
        c.limits.retryDelay = retryDelay
        c.limits.maximumRetryAfter = maxRetryAfter
        c.limits.connectTimeout = connectTimeout
        c.limits.readTimeout = readTimeout
        return c
    }
}

/// `vb365-report fetch`: downloads job sessions and what names them into an archive folder.
package struct FetchCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download job sessions, jobs, organizations and log items from a VB365 server into an archive.",
        discussion: """
            Logs in once (POST /vN/token; the password from VB365_PASSWORD or --password-file, never the \
            command line), lists the sessions that started or ended since --history (and running ones), and \
            saves every body as the server sent it, in the server's own folder: \
            DIR/servers/<host>_<port>/organizations.json, jobs.json, sessions/<time>-<version>-p0001.json \
            and logs/<session-id>.json (from v6 also restores/: restore sessions and their events, unless \
            --no-restores). Each file is written \
            atomically as it arrives, so a failed run keeps what it fetched; a later run adds to the \
            archive, and summary and render count each session once (the higher eTag, else the later end).

            With --config, it fetches every server of the configuration file into its archive, as \
            `run` does before its outputs (servers-at-once at a time, archive.history back, then \
            archive.retention), one line per server, and exits with the worst status.

            Exit status: 0 fetched; 64 bad usage; 65 the server sent a body that is not valid JSON; 66 a \
            password, token or certificate file cannot be read; 67 the credentials were refused; 68 the \
            server cannot be reached; 73 the archive cannot be written; 74 the disk holding it is full \
            (or failed); 75 the server stayed busy or \
            unavailable through every retry; 76 the server's answer cannot be used (version not served, \
            404, 500, not JSON; a refused list of organizations or jobs only warns); 77 TLS failed (an untrusted certificate: use --ca-cert).
            """)

    @OptionGroup var server: ServerOptions

    @Option(help: "The archive folder to add to (created if needed).")
    var archive: String?

    @Option(
        help: ArgumentHelp(
            "Fetch every server of this configuration file into its archive instead (several at once; how far back: archive.history).",
            valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "With --config: set a key for this run (window.max-age=30h; repeat for more).", valueName: "key=value"))
    var settings: [String] = []

    @Option(
        name: [.customLong("history"), .customLong("since")],
        help: """
            How far back to fetch: sessions that started or ended since then, a duration before now (24h, 7d) or a \
            timestamp; `report --history` and archive.history mean the same. --since is its earlier name. \
            (default: \(TimeSpan(seconds: Self.defaultHistorySeconds)))
            """,
        transform: When.parse)
    var history = When(bound: .before(seconds: Self.defaultHistorySeconds))

    /// A fetch into an archive adds a day by default: the archive keeps what earlier fetches brought.
    static let defaultHistorySeconds = Seconds.day

    @Option(
        help: "The current time (ISO 8601), for reproducible runs. Default: the system clock.", transform: Moment.parse)
    var now: Moment?

    @Flag(help: "No progress line and no warnings about the lists (security warnings are always shown).")
    var quiet = false

    package init() {}

    package func validate() throws {
        if config != nil {
            if server.server != nil || archive != nil {
                throw ValidationError("Give --config, or --server and --archive, not both.")
            }
            return
        }
        if !settings.isEmpty { throw ValidationError("--set needs --config.") }
        if server.server == nil { throw ValidationError("Give --server, the VB365 server to fetch from, or --config.") }
        if archive == nil { throw ValidationError("Give --archive, the folder to fetch into.") }
    }

    package func run() async throws {
        if let config {
            // Every configured server, as `run` fetches them, and nothing else.
            let configuration = try ConfigurationLoader.load(path: config, settings: settings)
            var daily = DailyRun(configuration, now: now?.timestamp, toolVersion: ReportCommand.toolVersion)
            daily.quiet = quiet
            daily.makesOutputs = false
            let outcome = await daily.run()
            if outcome.exitStatus != .success { throw Failure(outcome.exitStatus, diagnostics: []) }
            return
        }
        guard let connection = server.connection, let archive else { return }
        let source = ServerSource(connection: connection, archive: archive, history: history.bound)
        let pipeline = Pipeline(
            PipelineConfiguration(
                source: .server(source), window: SummaryOptions(now: now?.timestamp ?? .systemClock()), quiet: quiet,
                toolVersion: ReportCommand.toolVersion))
        let report = try await pipeline.fetch(connection, history: history.bound, into: archive)
        StandardOutput.write(FetchReport.sentence(report, archive: archive) + "\n")
    }
}

/// `vb365-report report`: fetch, then render, in one run, from flags alone.
package struct FetchReportCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Fetch from a VB365 server and render the report in one run, from flags alone.",
        discussion: """
            Fetches the sessions of the last --history (for the baselines and trends) into --archive \
            (or a temporary folder), then renders the window as `render` does. Exit status: as fetch \
            when the fetch fails, else as render.
            """)

    @OptionGroup var source: FetchSource
    @OptionGroup var report: ReportOptions
    @OptionGroup var render: RenderOptions
    @OptionGroup var period: PeriodOption

    package init() {}

    package func validate() throws {
        if source.server.server == nil { throw ValidationError("Give --server, the VB365 server to fetch from.") }
        try period.check(report)
    }

    package func run() async throws {
        guard let server = source.serverSource else { return }
        let pipeline = report.pipeline(.server(server), look: render.look.settings, split: render.split)
        StandardOutput.write(try await period.write(pipeline, options: render) + "\n")
    }
}

/// A server to fetch from before reporting: the server options, where to keep what is fetched,
/// and how far back to fetch.
package struct FetchSource: ParsableArguments {
    @OptionGroup var server: ServerOptions

    @Option(help: "Keep the fetched bodies in this archive folder (added to on each run); default: a temporary folder.")
    var archive: String?

    @Option(
        help: """
            How far back to fetch, for baselines and trends: a duration (14d) or a timestamp. \
            (default: \(TimeSpan(seconds: ServerSource.defaultHistorySeconds)))
            """,
        transform: When.parse)
    var history = When(bound: ServerSource.defaultHistory)

    package init() {}

    package func validate() throws {
        if server.server == nil && archive != nil { throw ValidationError("--archive needs --server.") }
    }

    /// The server source as the pipeline takes it; nil without --server.
    var serverSource: ServerSource? {
        server.connection.map { ServerSource(connection: $0, archive: archive, history: history.bound) }
    }
}

/// Where a delivery command's sessions come from: saved JSON, or a server.
package struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, folders or - (standard input); or use --server.", valueName: "input"))
    var inputs: [String] = []

    @OptionGroup var fetch: FetchSource

    package init() {}

    package func validate() throws {
        if inputs.isEmpty && fetch.server.server == nil {
            throw ValidationError("Name at least one input (a file, a folder or -), or a --server to fetch from.")
        }
        if !inputs.isEmpty && fetch.server.server != nil {
            throw ValidationError("Give inputs or --server, not both.")
        }
    }

    /// The source as the pipeline takes it.
    var source: InputSource { fetch.serverSource.map { .server($0) } ?? .files(inputs) }
}
