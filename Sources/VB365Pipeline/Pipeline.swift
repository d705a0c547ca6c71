import Foundation
import VB365Fetching
import VB365Model
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text
import XHTMLValidation

/// The pipeline behind every command: read (or fetch, then read) → summarise → render →
/// validate → publish or deliver, from one typed configuration. Each step is a method, so a
/// command (or a configured daily run) calls one thing and every failure arrives as a
/// `ReportableError` with its exit status. Notes and warnings go to standard error through
/// `DiagnosticPrinter`; results are returned, and the caller decides where the bytes go.
package struct Pipeline: Sendable {
    package let configuration: PipelineConfiguration
    /// The current time: `configuration.window.now`.
    package var now: Timestamp { configuration.window.now }

    /// Creates a pipeline.
    package init(_ configuration: PipelineConfiguration) {
        self.configuration = configuration
    }

    // MARK: - Reading

    /// The inventory: fetched when the source is a server, else read from the inputs. Prints the
    /// inputs' problems; throws 65 (nothing written) when an input could not be read (unless
    /// `strict` is off and it is a file found in a folder, which is left out and named:
    /// `InventoryReader.read`), and the fetch's own statuses (64–77, `FetchError`) when the
    /// server cannot be read.
    package func read() async throws -> InventoryReader.Result {
        switch configuration.source {
        case .files(let inputs):
            return try await read(inputs)
        case .server(let server):
            return try await fetchAndRead(server)
        case .inventory(let result):
            return result
        }
    }

    /// Reads saved JSON.
    package func read(_ inputs: [String]) async throws(Failure) -> InventoryReader.Result {
        let result = await InventoryReader.read(
            InputList(inputs), concurrency: configuration.workers, serverNames: configuration.serverNames,
            strict: configuration.strict)
        printProblems(result)
        if result.hasErrors {
            throw Failure(
                .dataError, "nothing was written, because an input could not be read",
                advice: "fix or leave out the files named above")
        }
        return result
    }

    /// Prints what reading found: the problems (warnings and notes left out when quiet, but never
    /// a file left out of the report), then how many files were left out.
    func printProblems(_ result: InventoryReader.Result) {
        let unreadable = Set(result.inventory.unreadableFiles.map(\.path))
        DiagnosticPrinter.print(
            result.diagnostics.filter {
                !configuration.quiet || $0.level == .error || $0.path.map(unreadable.contains) == true
            })
        guard !unreadable.isEmpty, !result.hasErrors else { return }
        DiagnosticPrinter.warning(
            "\(Formatting.count(unreadable.count, "file")) could not be read; the outputs are made from the other files and name \(unreadable.count == 1 ? "it" : "them")"
        )
    }

    /// Fetches the server's history into its archive (or a temporary folder, removed
    /// afterwards) and reads what the archive holds for that server (its folder: an archive may
    /// hold other servers too).
    func fetchAndRead(_ server: ServerSource) async throws -> InventoryReader.Result {
        let folder: String
        var temporary: String?
        if let archive = server.archive {
            folder = archive
        } else {
            let path = NSTemporaryDirectory() + "vb365-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            temporary = path
            folder = path
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        // A temporary archive is removed after the run, so its files need not outlast a power loss.
        let fetched = try await fetch(
            server.connection, history: server.history, into: folder, durable: temporary == nil)
        if !configuration.quiet {
            DiagnosticPrinter.note(FetchReport.sentence(fetched, archive: server.archive ?? "a temporary folder"))
        }
        return try await read([folder + "/" + fetched.folder])
    }

    /// The first instant a fetch of `history` asks for: `history` before now. The one place the
    /// start of a fetch is computed, for `fetch`, `report` and `run` alike.
    package func fetchStart(_ history: TimeBound) -> Timestamp { history.resolved(before: now) }

    /// Fetches `history` (from `fetchStart`) from one server into `archive`, with a progress
    /// line on a terminal; prints the security warnings and, unless quiet, the lists' warnings.
    /// With `durable`, each file is flushed to the disk before it is renamed in.
    package func fetch(
        _ connection: ServerConnection, history: TimeBound, into archive: String, durable: Bool = true,
        showsProgress: Bool = true
    ) async throws -> FetchReport {
        var settings = try connection.settings(since: fetchStart(history), now: now)
        settings.flushesArchive = durable
        if let url = URL(string: connection.address), url.scheme?.lowercased() == "http",
            !["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
        {
            DiagnosticPrinter.warning(
                "\(connection.address) uses http://, so the password and the data cross the network unencrypted; use https://"
            )
        }
        if connection.insecure {
            DiagnosticPrinter.warning(
                "the certificate of \(connection.address) is not checked (--insecure, or insecure: true), so anyone in between could read the password and the data"
            )
        }
        let line = ProgressLine(enabled: showsProgress && !configuration.quiet && isatty(STDERR_FILENO) == 1)
        let report: FetchReport
        let folder = ArchiveLayout.folder(ofServer: connection.address, in: archive)
        do {
            report = try await Fetcher.fetch(settings, into: archive) { line.show($0) }
        } catch {
            line.finish()
            // Recorded only where the archive already has the server's folder: a first fetch
            // that fails leaves nothing behind.
            if let folder, FileManager.default.fileExists(atPath: folder) {
                try? FetchStatus.record(folder: folder, attempt: now, error: Self.reason(of: error), flushing: durable)
            }
            throw error
        }
        line.finish()  // before any warning, so the warnings do not share the progress line
        if let folder { try FetchStatus.record(folder: folder, attempt: now, error: nil, flushing: durable) }
        if !configuration.quiet {
            for note in report.notes { DiagnosticPrinter.note(note) }
            for warning in report.warnings { DiagnosticPrinter.warning(warning) }
        }
        return report
    }

    /// Why `error` happened, in one sentence without its final full stop: the first error
    /// diagnostic's message.
    package static func reason(of error: any Error) -> String {
        ((error as? any ReportableError)?.diagnostics.first { $0.level == .error }).map {
            $0.message.hasSuffix(".") ? String($0.message.dropLast()) : $0.message
        } ?? "\(error)"
    }

    /// Whether `connection` answers and its login works (nothing is fetched or written); the
    /// API version a fetch would use.
    package func probe(_ connection: ServerConnection) async throws -> APIVersion {
        try await Fetcher.probe(try connection.settings(since: now, now: now))
    }

    // MARK: - Summarising

    /// What to describe besides the window.
    package enum History: Sendable {
        /// The window only.
        case none
        /// Every session before the window too (pages per session).
        case all
        /// Sessions created at or after this long before now (a site's retention).
        case kept(seconds: Double)
    }

    /// The summary of `inventory`; throws 64 when the window is empty. Without `keepingSessions`
    /// (the summary's own writers), `Summary.sessions` stays empty and `Summary.windowSessions`
    /// makes each session's facts as it is written.
    package func summarize(_ inventory: Inventory, history: History = .none, keepingSessions: Bool = true)
        throws(Failure) -> Summary
    {
        var options = configuration.window
        let zone = configuration.look.timeZone
        options.restoreAudit.clock = ZoneClock(identifier: zone.identifier) { zone.offset(at: $0) }
        switch history {
        case .none: break
        case .all: options.includeHistory = true
        case .kept(let seconds):
            options.includeHistory = true
            options.historyStart = now.adding(seconds: -seconds)
        }
        if configuration.tenants.contains(where: \.hasThresholds) {
            // Each tenant with thresholds of its own is judged by them, in the overview too, so that
            // the overview's row for a tenant holds the same facts as the tenant's report. Which
            // organization an entry names is known from a summary: a first one, without the
            // sessions' facts, let go before the one returned is made.
            options.organizationThresholds = organizationThresholds(
                in: Summarizer.summarize(inventory, options: options, keepingSessions: false))
        }
        var summary = Summarizer.summarize(inventory, options: options, keepingSessions: keepingSessions)
        summary.protection = protection(inventory, summary: summary)
        summary.settingChanges = SettingChanges.addingProtection(
            to: summary, inventory: inventory, read: { readProtectionSettings($0, quiet: configuration.quiet) })
        if summary.window.start >= summary.window.end {
            throw Failure(
                .usage,
                "The window is empty: --since (\(summary.window.start.iso8601)) must be before --until (\(summary.window.end.iso8601))"
            )
        }
        if let unread = summary.unreadLogItems.sentence, !configuration.quiet { DiagnosticPrinter.warning(unread) }
        return summary
    }

    /// The thresholds of the organizations of `summary` that a `tenants:` entry gives some to, by
    /// index; the first entry for an organization wins (as for its recipients). An entry that
    /// matches several organizations judges none of them: a warning says so (and with `split`,
    /// `tenants(of:)` refuses it before anything is written).
    func organizationThresholds(in summary: Summary) -> [Int: OrganizationThresholds] {
        var result: [Int: OrganizationThresholds] = [:]
        var named: Set<Int> = []
        for settings in configuration.tenants {
            let matched = summary.organizations.indices.filter { settings.matches($0, in: summary) }
            if matched.count > 1, settings.hasThresholds, !configuration.quiet {
                DiagnosticPrinter.warning(
                    "the tenants entry '\(settings.organization)' matches \(matched.count) organizations, so its thresholds judge none of them; name the organization by its id, and its server with 'server:'"
                )
            }
            guard matched.count == 1, named.insert(matched[0]).inserted, settings.hasThresholds else { continue }
            result[matched[0]] = settings.thresholds
        }
        return result
    }

    /// What the renderers need: the summary, the log lines, the processed objects, the time zone
    /// and the version.
    package func reportInput(
        _ summary: Summary, logItems: [EntityID: [LogItem]], processedObjects: [EntityID: [ProcessedObject]] = [:]
    ) -> ReportInput {
        var input = ReportInput(
            summary: summary, logItems: logItems, processedObjects: processedObjects, time: configuration.look.timeZone,
            toolVersion: configuration.toolVersion, notices: configuration.notices)
        input.objectsShown = configuration.look.objectsShown
        input.protectionDetail = protectionDetail
        return input
    }

    /// What the renderers need of `inventory` and its `summary`.
    package func reportInput(_ summary: Summary, inventory: Inventory) -> ReportInput {
        var input = reportInput(
            summary, logItems: inventory.logItems, processedObjects: inventory.infrastructure.namedProcessedObjects)
        // Only when restore sessions were read: an input without any (an older server, files
        // fetched before restores were) has no restore page yet.
        let read = inventory.restoreSessionCount
        input.restoreSessionsRead = read > 0 ? read : nil
        return input
    }

    // MARK: - Looks

    /// The templates; prints lint warnings about overrides. Loaded before anything slow happens,
    /// so a broken template fails at once (78).
    package func templates() throws(TemplateError) -> TemplateSet {
        let set = try TemplateSet(overrides: configuration.look.templates)
        if configuration.look.templates != nil {
            for finding in TemplateLint.check(set) where set.origins[finding.template] != "default" {
                DiagnosticPrinter.print(
                    Diagnostic(path: set.origin(of: finding.template), level: .warning, message: finding.message))
            }
        }
        return set
    }

    /// A validator; throws 69 when the DTDs are missing.
    package func validator() throws(ValidationSetupError) -> XHTMLValidator {
        try XHTMLValidator()
    }
}
