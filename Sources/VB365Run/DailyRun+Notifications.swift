import Foundation
import VB365Configuration
import VB365Model
import VB365Notifying
import VB365Statistics
import VB365SummaryOutput
import VB365Support

extension DailyRun {
    /// The notification state file of a configuration: beside the archive, in it.
    package static func notificationState(_ configuration: Configuration) -> String {
        configuration.archive.folder + "/" + stateFileName
    }

    /// `.vb365-notify.json`.
    package static let stateFileName = ".vb365-notify.json"

    /// The notifier of the configuration's channels at `now`.
    package func notifier(now: Timestamp) -> Notifier {
        var policy = CheckPolicy()
        if let warning = configuration.protection.unprotectedWarning { policy.protection.warningObjects = warning }
        if let critical = configuration.protection.unprotectedCritical { policy.protection.criticalObjects = critical }
        return Notifier(
            channels: configuration.notifications, statePath: Self.notificationState(configuration), policy: policy,
            zone: configuration.look.timeZone, siteURL: configuration.site?.siteURL,
            tool: "vb365-report \(toolVersion)",
            now: now)
    }

    /// How the run went so far, from its log: failed when a step failed (the first one's status
    /// and words, every failed step named).
    static func result(of log: StepLog) -> Notifier.RunResult {
        let failed = log.entries.filter { StepLog.rank($0.status) == 3 }
        guard let first = failed.first else { return .succeeded }
        var names: [String] = []
        for entry in failed where !names.contains(verb(entry.step)) { names.append(verb(entry.step)) }
        let marker = "(exit \(first.status.rawValue)): "
        let reason = first.line.range(of: marker).map { String(first.line[$0.upperBound...]) } ?? first.line
        return .failed(
            what: names.count > 3 ? names.prefix(3).joined(separator: ", ") + " and more" : Self.list(names),
            reason: reason, status: first.status)
    }

    /// What a step does, after "could not": `fetch vbo`, `publish the site`.
    static func verb(_ step: String) -> String {
        switch step {
        case "check": return "use what the configuration names"
        case "read": return "read the archive"
        case "summary": return "summarise the archive"
        case "report": return "write the report"
        case "site": return "publish the site"
        case "e-mail": return "send the e-mail"
        case "tickets": return "write the tickets"
        case "metrics": return "write the metrics"
        case "monthly": return "write the monthly reports"
        default:
            if step.hasPrefix("retention ") { return "trim the archive of " + step.dropFirst("retention ".count) }
            return step
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    /// Tells each configured channel what changed (`summary`: nil when the run read nothing) and
    /// whether the run worked; one log line per channel.
    /// Then the e-mail about the run, on change (`mailRunChange`), and, when the run worked,
    /// the record of a good run that "last good report" names.
    func notify(summary: Summary?, now: Timestamp, log: inout StepLog) async {
        let result = Self.result(of: log)
        if !configuration.notifications.isEmpty {
            let clock = ContinuousClock.now
            let outcomes = await notifier(now: now).notify(summary: summary, run: result)
            Self.record(outcomes, in: &log, since: clock, preview: false)
        }
        await mailRunChange(result, now: now, log: &log)
        guard result == .succeeded, configuration.email != nil || !configuration.notifications.isEmpty else { return }
        do throws(Failure) {
            try Notifier.recordGoodRun(at: now, path: Self.notificationState(configuration))
        } catch {
            log.failed("notify", error, detail: "the next run records it")
        }
    }

    /// One line per channel: what it was sent, or why it could not be told.
    static func record(
        _ outcomes: [Notifier.Outcome], in log: inout StepLog, since clock: ContinuousClock.Instant, preview: Bool
    ) {
        for outcome in outcomes {
            let step = "notify \(outcome.channel.name)"
            if let failure = outcome.failure {
                log.failed(step, failure, detail: preview ? nil : "the next run tells it again")
            } else if outcome.titles.isEmpty {
                log.done(step, "nothing changed", since: clock)
            } else {
                let titles = outcome.titles.map { "\"\($0)\"" }.joined(separator: ", ")
                let how =
                    preview
                    ? "written as \(outcome.channel.kind.displayName) would get it"
                    : "to \(outcome.channel.kind.displayName)"
                log.done(
                    step, "\(Formatting.count(outcome.titles.count, "message")) \(how): \(titles)", since: clock)
            }
        }
    }

    /// `vb365-report notify`: reads the archive (no fetch, no other output) and tells the
    /// channels named in `channelNames` (all when empty) what changed; with `run`, tells them
    /// only that (`--run-failed`, for the systemd unit run when the daily one failed). With
    /// `previewFolder`, writes the messages there instead and leaves the state as it is.
    package func notifyNow(channelNames: [String], previewFolder: String?, run: Notifier.RunResult?) async -> Outcome {
        var log = StepLog()
        let started = ContinuousClock.now
        var channels = configuration.notifications
        if !channelNames.isEmpty {
            let known = channels.map(\.name)
            if let unknown = channelNames.first(where: { name in
                !known.contains { $0.lowercased() == name.lowercased() }
            }) {
                log.failed(
                    "notify", status: .usage,
                    "no channel of \(configuration.file) is named '\(unknown)'; the channels are: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                )
                return finish(log, started: started, name: "notify")
            }
            channels = channels.filter { c in channelNames.contains { $0.lowercased() == c.name.lowercased() } }
        }
        guard !channels.isEmpty || (run != nil && configuration.email != nil) else {
            if run != nil {
                // The failure unit runs after every failed run, with or without channels.
                DiagnosticPrinter.printLine(
                    "\(Diagnostic.tool): notify: \(configuration.file) configures no channel and no e-mail; the failed run is in the journal only",
                    level: .note)
            } else {
                log.failed(
                    "notify", status: .configuration,
                    "\(configuration.file) configures no channel (the notifications: section), so there is no one to tell"
                )
            }
            return finish(log, started: started, name: "notify")
        }
        let pipeline = self.pipeline()
        guard let lock = takeLock(log: &log) else { return finish(log, started: started, name: "notify") }
        defer { withExtendedLifetime(lock) {} }
        var summary: Summary?
        if run == nil {
            guard let result = await read(pipeline, log: &log) else {
                return finish(log, started: started, name: "notify")
            }
            do {
                summary = try outputs(pipeline, result: result, notices: Notices()).summarize(result.inventory)
            } catch {
                log.failed("summary", error)
                return finish(log, started: started, name: "notify")
            }
        }
        let clock = ContinuousClock.now
        var notifier = self.notifier(now: pipeline.now)
        notifier.channels = channels
        notifier.previewFolder = previewFolder
        // The failure unit e-mails too, first (a slow channel cannot use up its time limit before
        // it): a crash is said through every channel that still works.
        if let run, previewFolder == nil { await mailRunChange(run, now: pipeline.now, log: &log) }
        if !channels.isEmpty {
            let outcomes = await notifier.notify(summary: summary, run: run)
            Self.record(outcomes, in: &log, since: clock, preview: previewFolder != nil)
        }
        return finish(log, started: started, name: "notify")
    }

    /// After a failed check: the channels are told, when the archive's run lock can be taken
    /// (another run going is not this one's failure to tell).
    func notifyAfterFailedCheck(now: Timestamp, log: inout StepLog) async {
        guard !configuration.notifications.isEmpty || configuration.email != nil,
            !configuration.archive.folder.isEmpty
        else { return }
        let lock: FolderLock?
        do {
            try DurableFile.createFolders(configuration.archive.folder)
            guard let taken = try FolderLock(path: configuration.archive.folder + "/.vb365-run.lock") else { return }
            lock = taken
        } catch {
            // No lock (an archive folder that cannot be written): told all the same; the state
            // file cannot be written either, which each channel's line then says.
            lock = nil
        }
        await notify(summary: nil, now: now, log: &log)
        withExtendedLifetime(lock) {}
    }
}
