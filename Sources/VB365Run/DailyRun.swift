import Foundation
import VB365Configuration
import VB365Delivery
import VB365Fetching
import VB365Model
import VB365Pipeline
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365Support
import VB365Text

/// The configured daily job, `vb365-report run`: check what the configuration names on this
/// machine, fetch each server into the archive, trim the archive, read it once, then make every
/// configured output (report, site, e-mail, tickets). A step that fails is logged and the run
/// goes on with the next (a server that cannot be reached leaves its last fetch in the archive,
/// and the reports say what is missing); the exit status is the worst thing that happened.
package struct DailyRun: Sendable {
    package let configuration: Configuration
    /// The current time (`--now`); nil: the configuration's (`Configuration.window.now`, the
    /// system clock when the file was loaded).
    package var now: Timestamp?
    /// The tool's version, written into the reports.
    package var toolVersion: String
    /// Leave out the warnings about unusable values in the archive.
    package var quiet = false
    /// Make the configured outputs after the fetch; false: fetch (and trim the archive) only,
    /// checking only what a fetch needs (`vb365-report fetch --config`).
    package var makesOutputs = true

    /// Creates a run.
    package init(_ configuration: Configuration, now: Timestamp? = nil, toolVersion: String) {
        self.configuration = configuration
        self.now = now
        self.toolVersion = toolVersion
    }

    /// What a run did: its exit status and each step's line.
    package struct Outcome: Sendable {
        package var exitStatus: ExitStatus
        package var steps: [StepLog.Entry]
    }

    /// Runs every step and returns the worst status: an error's (the first, in step order) over
    /// no data (3, with `fail-on`) over findings (1, with `fail-on`) over success.
    package func run() async -> Outcome {
        var log = StepLog()
        let started = ContinuousClock.now
        let pipeline = self.pipeline()
        // Nothing is fetched or written before what the configuration names is known to be usable;
        // the channels are still told that the run failed.
        guard check(pipeline, log: &log) else {
            await notifyAfterFailedCheck(now: pipeline.now, log: &log)
            return finish(log, started: started)
        }
        // One run at a time: a run started by hand while the timer's is going gives up at once.
        guard let lock = takeLock(log: &log) else { return finish(log, started: started) }
        defer { withExtendedLifetime(lock) {} }

        // 1. Fetch the servers, `serversAtOnce` at a time, each with its own login, TLS and
        //    faults; one that fails keeps its earlier fetches in the archive, the others go on,
        //    and every output says first which one failed. Logged in the configuration's order.
        let notices = await fetch(pipeline, log: &log)

        // 2. Read what the archive holds for the configured servers, once for every output.
        guard makesAnyOutput, let result = await read(pipeline, log: &log) else {
            if makesOutputs { await notify(summary: nil, now: pipeline.now, log: &log) }
            return finish(log, started: started)
        }

        // 3. The outputs, each from what was read.
        let summary = await makeOutputs(
            outputs(pipeline, result: result, notices: notices), inventory: result.inventory,
            failedServers: notices.failed, log: &log)
        // 4. The channels, told what changed, and whether the run worked.
        await notify(summary: summary, now: pipeline.now, log: &log)
        return finish(log, started: started)
    }

    /// The pipeline the configuration describes, reading nothing yet.
    func pipeline() -> Pipeline {
        var window = configuration.window
        window.now = now ?? window.now
        var settings = PipelineConfiguration(
            source: .files([]), window: window, look: configuration.look, quiet: quiet, toolVersion: toolVersion)
        settings.serverNames = configuration.serverNames
        settings.strict = configuration.archive.strict
        settings.protection = configuration.protection.settings
        settings.protectionPeriod = configuration.protection.period
        return Pipeline(settings)
    }

    /// The pipeline that makes the outputs from what was read, saying first which servers'
    /// fetches failed.
    func outputs(_ pipeline: Pipeline, result: InventoryReader.Result, notices: Notices) -> Pipeline {
        var outputs = pipeline.configuration.with(source: .inventory(result))
        outputs.quiet = true
        outputs.notices = notices.all
        outputs.serverNotices = notices.byServer
        outputs.split = configuration.split
        outputs.tenantProxyNames = configuration.tenantProxyNames
        outputs.tenantMaskOperators = configuration.tenantMaskOperators
        outputs.tenants = configuration.tenants
        return Pipeline(outputs)
    }

    /// Checks what the configuration names on this machine, the templates and the validator;
    /// false (logged) when something is unusable.
    private func check(_ pipeline: Pipeline, log: inout StepLog) -> Bool {
        let problems = configuration.localProblems(outputs: makesOutputs, notifications: false)
        if let first = problems.first {
            DiagnosticPrinter.print(problems.map(\.diagnostic))
            log.failed(
                "check", status: first.status,
                "\(Formatting.count(problems.count, "problem")) with what \(configuration.file) names; nothing was fetched and no output made"
            )
            return false
        }
        do {
            if makesOutputs { _ = try pipeline.templates() }
            if makesAnyOutput {
                _ = try pipeline.validator()
            }
        } catch {
            log.failed("check", error, detail: "nothing was fetched and no output made")
            return false
        }
        return true
    }

    /// The archive's run lock; nil (logged) when another run holds it or it cannot be made.
    func takeLock(log: inout StepLog) -> FolderLock? {
        let archive = configuration.archive
        do {
            try DurableFile.createFolders(archive.folder)
            guard let taken = try FolderLock(path: archive.folder + "/.vb365-run.lock") else {
                log.failed(
                    "lock", status: .temporaryFailure,
                    "another vb365-report run is using \(archive.folder); this one did nothing (try again when it has finished)"
                )
                return nil
            }
            return taken
        } catch {
            log.failed(
                "lock",
                Failure(
                    error.exitStatus,
                    diagnostics: [error.diagnostic(output: archive.folder, kept: "nothing was fetched")]))
            return nil
        }
    }

    /// What the outputs say first about the servers whose fetch failed: every notice, and each
    /// server's own (by its address in normal form), for its tenants' reports.
    struct Notices {
        var all: [String] = []
        var byServer: [String: [String]] = [:]
        /// The names of the servers whose fetch failed.
        var failed: [String] = []
    }

    /// Fetches every server, logs each one's outcome in the configuration's order, and trims each
    /// fetched server's part of the archive to its retention; returns the notices of the servers
    /// whose fetch failed.
    private func fetch(_ pipeline: Pipeline, log: inout StepLog) async -> Notices {
        let archive = configuration.archive
        var notices = Notices()
        let fetched = await fetchAll(pipeline)
        for (server, outcome) in zip(configuration.servers, fetched) {
            let step = "fetch \(server.name)"
            switch outcome.result {
            case .success(let report):
                log.done(
                    step,
                    "API \(report.version), \(Formatting.count(report.organizations, "organization")), \(Formatting.count(report.jobs, "job")), \(Formatting.count(report.sessionsInWindow, "session")) and \(Formatting.count(report.logs, "session log")) since \(report.since.iso8601), into \(archive.folder)/\(report.folder)",
                    seconds: outcome.seconds)
            case .failure(let error):
                log.failed(step, error, detail: "its earlier fetches stay in the archive")
                let text = notice(server, error: error, archive: archive.folder, now: pipeline.now)
                notices.all.append(text)
                notices.failed.append(server.name)
                if let address = ServerAddress(configured: server.connection.address) {
                    notices.byServer[address.description, default: []].append(text)
                }
                continue
            }
            if let retention = archive.retentionSeconds { prune(server, retention: retention, log: &log) }
        }
        return notices
    }

    /// Removes the archive files of `server` written longer ago than `retention`.
    private func prune(_ server: Configuration.Server, retention: Double, log: inout StepLog) {
        let clock = ContinuousClock.now
        do {
            // Files are judged by when they were written, so by the real clock, not --now.
            let cutoff = Timestamp.systemClock().adding(seconds: -retention)
            let removed = try ArchiveRetention.prune(
                archive: configuration.archive.folder, server: server.connection.address, before: cutoff)
            if removed > 0 {
                log.done(
                    "retention \(server.name)",
                    "removed \(Formatting.count(removed, "archive file")) written before \(cutoff.iso8601)",
                    since: clock)
            }
        } catch {
            log.failed("retention \(server.name)", error)
        }
    }

    /// Reads what the archive holds for the configured servers; nil (logged) when it holds
    /// nothing of them or cannot be read.
    func read(_ pipeline: Pipeline, log: inout StepLog) async -> InventoryReader.Result? {
        let archive = configuration.archive
        let folders = ConfiguredArchive.folders(configuration)
        guard !folders.isEmpty else {
            log.failed(
                "read", status: .noInput,
                "the archive \(archive.folder) holds nothing of the configured servers yet, so no output was made")
            return nil
        }
        let clock = ContinuousClock.now
        let result: InventoryReader.Result
        do {
            result = try await Pipeline(pipeline.configuration.with(source: .files(folders))).read()
        } catch {
            log.failed("read", error, detail: "no output was made")
            return nil
        }
        let unreadable = result.inventory.unreadableFiles.count
        log.done(
            "read",
            "\(Formatting.count(result.inventory.sessions.count, "session")) of \(Formatting.count(folders.count, "server")) from \(archive.folder)\(unreadable > 0 ? "; \(Formatting.count(unreadable, "file")) could not be read and \(unreadable == 1 ? "is" : "are") left out, named in every output" : "")",
            since: clock)
        return result
    }

    /// Makes every configured output with `maker` (which reads `inventory`), then logs whether the window reaches the
    /// `fail-on` level (or holds no data). The monthly reports wait while a server's fetch failed
    /// (`failedServers`), since the month's last sessions may be missing. Returns the summary the
    /// outputs were made from (nil when it could not be made), for the notifications.
    private func makeOutputs(_ maker: Pipeline, inventory: Inventory, failedServers: [String], log: inout StepLog) async
        -> Summary?
    {
        var verdict = Summary.Verdict.clear
        var summary: Summary?
        do {
            summary = try maker.summarize(inventory)
        } catch {
            log.failed("summary", error)
        }
        if let summary, let level = configuration.failOn { verdict = summary.verdict(at: level) }
        if let report = configuration.report {
            await step("report", &log) {
                let index = try await maker.render(to: report.folder, formats: report.formats)
                return "written to \(report.folder) (open \(index))"
            }
        }
        if let site = configuration.site {
            await step("site", &log) {
                let published = try await maker.publishSite(site)
                return
                    "\(Formatting.count(published.files, "file")) in \(site.folder): \(published.files - published.unchanged) new or changed"
            }
        }
        if let email = configuration.email, summary != nil {
            await send(email, maker: maker, log: &log)
        }
        if let tickets = configuration.tickets {
            await step("tickets", &log) {
                let paths = try await maker.ticket(tickets.selection, folder: tickets.folder, redact: tickets.redact)
                return paths.isEmpty
                    ? "no session to open a ticket for"
                    : "\(Formatting.count(paths.count, "file")) in \(tickets.folder)"
            }
        }
        if let metrics = configuration.metrics {
            await step("metrics", &log) {
                let jobs = try await maker.metrics(to: metrics.file)
                return "\(Formatting.count(jobs, "job")) in \(metrics.file)"
            }
        }
        if let monthly = configuration.monthly {
            await writeMonthly(monthly, maker: maker, failedServers: failedServers, log: &log)
        }
        switch verdict {
        case .clear: break
        case .reached:
            let level = configuration.failOn ?? .warning
            log.finding(
                .findings,
                "the window reaches the fail-on level (\(level.description.lowercased()))\(summary.map { Self.findings($0, at: level) } ?? "")"
            )
        case .noData:
            log.finding(.noData, "the window holds no session, so nothing can be judged (no data)")
        }
        return summary
    }

    /// The monthly reports of the month that ended, on the first run on or after the 1st (in the
    /// configured time zone), into `monthly.folder/<yyyy-mm>/` (built beside and swapped in, as
    /// `render --period` writes); then the record that they are written (`MonthlyReports`), so a
    /// later run of the month does nothing. A run whose fetch of a server failed leaves the month
    /// due, as does one whose writing fails: the next run writes it.
    private func writeMonthly(
        _ monthly: Configuration.Monthly, maker: Pipeline, failedServers: [String], log: inout StepLog
    ) async {
        let now = maker.now
        guard let month = MonthlyReports.due(at: now, zone: maker.configuration.look.timeZone, folder: monthly.folder)
        else { return }
        guard failedServers.isEmpty else {
            let names = failedServers.joined(separator: ", ")
            log.postponed(
                "monthly",
                "the reports of \(month.words) wait for a run whose fetches all work: the fetch of \(names) failed, so the month's last sessions may be missing"
            )
            return
        }
        let folder = MonthlyReports.folder(of: month, in: monthly.folder)
        await step("monthly", &log) {
            let index = try await maker.monthly(month, to: folder, formats: monthly.formats)
            let count = MonthlyReports.reports(in: folder, month: month, formats: monthly.formats)
            let record = MonthlyReports.Record(month: month, written: now, organizations: count)
            do throws(WriteFailure) {
                try MonthlyReports.record(record, folder: monthly.folder)
            } catch {
                throw Failure(
                    error.exitStatus,
                    diagnostics: [
                        error.diagnostic(
                            output: monthly.folder + "/" + MonthlyReports.fileName,
                            kept: "the reports of \(month.words) are written, and the next run writes them again")
                    ])
            }
            let formats = monthly.formats.map(\.rawValue).joined(separator: ", ")
            return
                "the reports of \(month.words) for \(Formatting.count(count, "organization")) (\(formats)) written to \(folder) (open \(index))"
        }
    }

    /// Whether the run makes any output after the fetch (one is configured, and outputs are asked for).
    var makesAnyOutput: Bool { makesOutputs && !configuration.outputNames.isEmpty }

    /// What fetching one server gave, and how long it took.
    struct Fetched: Sendable {
        var result: Result<FetchReport, any Error>
        var seconds: Double
    }

    /// Fetches every server, at most `serversAtOnce` at a time; the results in the
    /// configuration's order. A progress line is shown only when one server is fetched at a time.
    func fetchAll(_ pipeline: Pipeline) async -> [Fetched] {
        let servers = configuration.servers
        let folder = configuration.archive.folder
        let history = TimeBound.before(seconds: configuration.archive.historySeconds)
        let width = max(1, min(configuration.serversAtOnce, servers.count))
        return await withTaskGroup(of: (Int, Fetched).self) { group in
            var results = [Fetched?](repeating: nil, count: servers.count)
            var next = 0
            func start(_ index: Int) {
                group.addTask {
                    let clock = ContinuousClock.now
                    do {
                        let report = try await pipeline.fetch(
                            servers[index].connection, history: history, into: folder, showsProgress: width == 1)
                        return (index, Fetched(result: .success(report), seconds: Formatting.seconds(.now - clock)))
                    } catch {
                        return (index, Fetched(result: .failure(error), seconds: Formatting.seconds(.now - clock)))
                    }
                }
            }
            while next < width {
                start(next)
                next += 1
            }
            for await (index, fetched) in group {
                results[index] = fetched
                if next < servers.count {
                    start(next)
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }

    /// Sends (or writes) the e-mail through `Pipeline.email`, which splits it and applies
    /// `only-if`; logs what it did.
    private func send(_ email: Configuration.Email, maker: Pipeline, log: inout StepLog) async {
        let destination: Pipeline.EmailDestination
        let how: String
        switch email.transport {
        case .sendmail(let program):
            destination = .sendmail(Sendmail(path: program))
            how = "with \(program)"
        case .file(let path):
            destination = .file(path)
            how = "written to \(path)"
        case .smtp(let settings):
            destination = .smtp(SMTPSubmitter(settings: settings))
            how = "through \(settings.address)"
        }
        let request = Pipeline.EmailRequest(options: email.options, onlyIf: email.onlyIf, destination: destination)
        await step("e-mail", &log) {
            let sent = try await maker.email(request)
            if maker.configuration.split == .organization {
                return "\(Formatting.count(sent.messages, "message")), one per organization, \(how)"
            }
            if sent.messages == 0, let level = email.onlyIf {
                return "nothing to send: the window holds nothing at \(level.description.lowercased()) level or above"
            }
            return "to \(email.options.to.map(\.address).joined(separator: ", ")), \(how)"
        }
    }

    /// What the outputs say of a server whose fetch failed: why, and since when no fetch has
    /// succeeded (the archive's fetch status, which `summary` and `check` read too), else when its
    /// newest session file was written (an archive of an earlier version, or copied).
    func notice(_ server: Configuration.Server, error: any Error, archive: String, now: Timestamp) -> String {
        let reason = Pipeline.reason(of: error)
        let folder = ArchiveLayout.folder(ofServer: server.connection.address, in: archive)
        let zone = configuration.look.timeZone
        let shown: String
        if let last = folder.flatMap({ FetchStatus.read(folder: $0)?.lastSuccess }) {
            let age = now.seconds(since: last)
            shown =
                "no fetch has succeeded since \(zone.format(last))\(age >= 60 ? " (\(HumanUnits.duration(age)))" : ""), so its jobs show that fetch's data"
        } else if let written = folder.flatMap({ Self.newestSessionFile(in: $0 + "/sessions") }) {
            shown = "its jobs show the last fetch that worked, written \(zone.format(written))"
        } else {
            shown = "nothing of it has been fetched yet"
        }
        return
            "The fetch from \(server.name) (\(server.connection.address)) at \(zone.format(now)) failed: \(reason); \(shown)."
    }

    /// When the newest session file of `folder` was written; nil when it holds none.
    static func newestSessionFile(in folder: String) -> Timestamp? {
        var newest: Date?
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".json") {
            let modified =
                (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name))?[.modificationDate] as? Date
            if let modified, modified > (newest ?? .distantPast) { newest = modified }
        }
        return newest.map { Timestamp(secondsSince1970: Int64($0.timeIntervalSince1970)) }
    }

    /// `: Exchange daily (Failed), SharePoint (Missed)`: the jobs at `level` or worse, five at most.
    static func findings(_ summary: Summary, at level: Severity) -> String {
        // The jobs that reach the level (`JobSummary.reaches`, the policy of `Summary.reaches`):
        // those that need action first, so that one recovered by a retry never pushes a failure
        // out of the five named; it comes after the infrastructure's findings.
        let jobs = summary.jobs.filter { $0.reaches(level) }
        func names(_ jobs: [JobSummary]) -> [String] { jobs.map { "\($0.name) (\($0.outcome.word))" } }
        var named = names(jobs.filter(\.needsAction))
        // The infrastructure's findings at the level count too: name what they are about.
        let infrastructure = summary.infrastructure
        named += infrastructure.problems.filter { $0.severity >= level }.map { f in
            let subject: String
            switch f.subject {
            case .repository(let i): subject = "repository " + infrastructure.repositories[i].name
            case .proxy(let i): subject = "proxy " + infrastructure.proxies[i].name
            case .license: subject = "the licence"
            }
            return "\(subject) (\(f.severity.description))"
        }
        named += summary.securityFindings.filter { $0.level >= level }.map { f in
            let subject = SecurityText.subject(f, in: summary).map { " in " + $0 } ?? ""
            return "\(SecurityText.title(f.kind).lowercased())\(subject)"
        }
        named += names(jobs.filter { !$0.needsAction })
        if level <= .warning && !summary.unreadableFiles.isEmpty {
            named.append("\(Formatting.count(summary.unreadableFiles.count, "unreadable file")) left out")
        }
        guard !named.isEmpty else { return "" }
        return ": " + named.prefix(5).joined(separator: ", ") + (named.count > 5 ? " and \(named.count - 5) more" : "")
    }

    /// Runs one output step and logs it.
    func step(_ name: String, _ log: inout StepLog, _ body: () async throws -> String) async {
        let clock = ContinuousClock.now
        do {
            log.done(name, try await body(), since: clock)
        } catch {
            log.failed(name, error)
        }
    }

    func finish(_ log: StepLog, started: ContinuousClock.Instant, name: String = "run") -> Outcome {
        var log = log
        log.summary(since: started, name: name)
        return Outcome(exitStatus: log.worst, steps: log.entries)
    }
}

extension PipelineConfiguration {
    /// The same configuration reading from `source`.
    func with(source: InputSource) -> PipelineConfiguration {
        var copy = self
        copy.source = source
        return copy
    }
}
