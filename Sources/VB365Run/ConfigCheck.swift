import Foundation
import VB365Configuration
import VB365Fetching
import VB365Model
import VB365Notifying
import VB365Pipeline
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Support
import XHTMLValidation

#if canImport(Glibc)
    import Glibc
#endif

/// `vb365-report config check`: whether the daily run would work, checked without fetching or
/// writing anything: the file (keys, types, values, with positions), each secret file's
/// permissions, each server's answer and login, the templates, the XHTML DTDs, each output
/// folder and the mail transport. Each check is one line, `ok`, `warn` or `FAIL`.
package enum ConfigCheck {
    /// One checked thing.
    package struct Item: Sendable {
        package enum Result: String, Sendable {
            case ok = "ok"
            case warning = "warn"
            case failed = "FAIL"
        }

        package var result: Result
        package var text: String
        /// The exit status a failure gives.
        package var status: ExitStatus
        /// The diagnostics behind a warning or a failure, printed under its line.
        package var details: [Diagnostic]
    }

    /// What the check found, and the exit status: 0 when nothing failed, else the first failure's.
    package struct Report: Sendable {
        package var file: String
        package var items: [Item]

        package var exitStatus: ExitStatus { items.first { $0.result == .failed }?.status ?? .success }

        /// The report as lines: a heading, one line per item with its details indented, and a verdict.
        package var text: String {
            var lines = ["Checking \(file):"]
            for item in items {
                lines.append("  \(item.result.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) \(item.text)")
                for detail in item.details { lines.append("        \(detail.description)") }
            }
            let failed = items.filter { $0.result == .failed }.count
            let warned = items.filter { $0.result == .warning }.count
            if failed == 0 {
                lines.append(
                    "All \(Formatting.count(items.count, "check")) passed"
                        + (warned > 0 ? ", with \(Formatting.count(warned, "warning"))." : "."))
            } else {
                lines.append(
                    "\(failed) of \(Formatting.count(items.count, "check")) failed (exit \(exitStatus.rawValue)); fix \(failed == 1 ? "it" : "them") and run vb365-report config check again."
                )
            }
            return lines.map { VisibleText.escapingUnsafe($0, forXML: false) + "\n" }.joined()
        }
    }

    /// Checks the configuration at `path` with `environment` and `settings` over it; `offline`
    /// leaves out the servers.
    package static func run(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment, settings: [String] = [],
        offline: Bool = false, toolVersion: String
    ) async -> Report {
        var items: [Item] = []
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: path, environment: environment, settings: settings)
        } catch {
            items.append(
                Item(
                    result: .failed, text: "configuration: \(Formatting.count(error.diagnostics.count, "problem"))",
                    status: error.exitStatus, details: error.diagnostics))
            return Report(file: path, items: items)
        }
        items.append(
            Item(result: .ok, text: describe(configuration), status: .success, details: []))

        // This machine: secrets, folders, sendmail.
        let problems = configuration.localProblems(environment: environment)
        // A channel's file problems are said on the channel's own line.
        let isChannels = { (problem: ConfigProblem) in problem.diagnostic.message.contains("'notifications.") }
        items += machineItems(configuration, problems: problems.filter { !isChannels($0) })
        items += notificationItems(configuration, problems: problems.filter(isChannels))
        items += warnings(configuration)
        items += protectionItems(configuration)
        items += monthlyItems(configuration)
        // What every page needs: the templates and the DTDs.
        let pipeline = Pipeline(
            PipelineConfiguration(
                source: .files([]), window: configuration.window, look: configuration.look, quiet: true,
                toolVersion: toolVersion))
        items += pageItems(configuration, pipeline: pipeline)
        // Each server: answers, and the login works.
        items += await serverItems(configuration, pipeline: pipeline, problems: problems, offline: offline)
        return Report(file: path, items: items)
    }

    /// This machine: each problem `localProblems` found, and what is fine (each secret file's
    /// mode and owner, each folder, the e-mail's transport).
    static func machineItems(_ configuration: Configuration, problems: [ConfigProblem]) -> [Item] {
        var items: [Item] = []
        for problem in problems {
            items.append(
                Item(
                    result: .failed, text: problem.diagnostic.message, status: problem.status,
                    details: [problem.diagnostic]))
        }
        for (index, server) in configuration.servers.enumerated() {
            guard let (key, file) = secretFile(server.connection.login, index: index) else { continue }
            guard !problems.contains(where: { $0.diagnostic.path == file }) else { continue }
            var info = stat()
            _ = stat(file, &info)
            items.append(
                Item(
                    result: .ok,
                    text: "\(key) \(file): mode 0\(String(info.st_mode & 0o777, radix: 8)), owner uid \(info.st_uid)",
                    status: .success, details: []))
        }
        for (key, folder) in configuration.writableFolders
        where !problems.contains(where: { $0.diagnostic.path == folder }) {
            let exists = FileManager.default.fileExists(atPath: folder)
            items.append(
                Item(
                    result: .ok, text: "\(key) \(folder): \(exists ? "writable" : "will be created")", status: .success,
                    details: []))
        }
        if let email = configuration.email, !problems.contains(where: { $0.status == .unavailable }) {
            switch email.transport {
            case .sendmail(let program):
                items.append(Item(result: .ok, text: "e-mail: \(program) is executable", status: .success, details: []))
            case .file(let file):
                items.append(Item(result: .ok, text: "e-mail: written to \(file)", status: .success, details: []))
            case .smtp(let smtp):
                items.append(
                    Item(
                        result: .ok, text: "e-mail: submitted to \(smtp.address) (not contacted by the check)",
                        status: .success, details: []))
            }
        }

        return items
    }

    /// One line per notification channel: its kind, where it posts (masked to the scheme and host:
    /// the rest of a webhook URL is its credential), its url-file and what it is told of; FAIL
    /// with the problem of its files. Nothing is posted: a post would be a message in the channel.
    static func notificationItems(_ configuration: Configuration, problems: [ConfigProblem]) -> [Item] {
        configuration.notifications.enumerated().map { index, channel in
            let label = "notifications.\(index + 1) \(channel.name)"
            let own = problems.filter { $0.diagnostic.message.contains("'notifications.\(index + 1).") }
            if let first = own.first {
                return Item(
                    result: .failed, text: "\(label): \(first.diagnostic.message)", status: first.status,
                    details: own.map(\.diagnostic))
            }
            let target: String
            do throws(Failure) {
                if channel.kind == .pagerduty {
                    _ = try WebhookAddress.firstLine(file: channel.addressFile, what: "routing key file")
                    target = channel.endpoint ?? "https://events.pagerduty.com/v2/enqueue"
                } else {
                    target = WebhookAddress.masked(try WebhookAddress.read(file: channel.addressFile))
                }
            } catch {
                return Item(
                    result: .failed, text: "\(label): \(error.diagnostics.first?.message ?? "its url-file")",
                    status: error.exitStatus, details: error.diagnostics)
            }
            return Item(
                result: .ok, text: "\(label): " + describe(channel, at: target, zone: configuration.look.timeZone.name),
                status: .success, details: [])
        }
    }

    /// `Microsoft Teams at https://host/… (url-file /etc/vb365-report/teams-url), level warning,
    /// organizations Fabrikam`: what a channel is told of, and where, without its secret.
    static func describe(_ channel: NotificationChannel, at target: String, zone: String) -> String {
        var parts = [
            "\(channel.kind.displayName) at \(target) (\(channel.kind == .pagerduty ? "routing key in url-file" : "url-file") \(channel.addressFile))",
            "level \(channel.level == .critical ? "critical" : "warning")",
        ]
        if !channel.organizations.isEmpty {
            parts.append("organizations " + channel.organizations.joined(separator: ", "))
        }
        if !channel.servers.isEmpty { parts.append("servers " + channel.servers.joined(separator: ", ")) }
        if !channel.jobs.isEmpty { parts.append("jobs " + channel.jobs.joined(separator: ", ")) }
        if let minute = channel.summaryMinute {
            let hour = minute / 60
            let rest = minute % 60
            parts.append("a daily summary at \(hour < 10 ? "0" : "")\(hour):\(rest < 10 ? "0" : "")\(rest) \(zone)")
        }
        if let secret = channel.secretFile { parts.append("signed (secret-file \(secret))") }
        if let ca = channel.caFile { parts.append("ca-file \(ca)") }
        return parts.joined(separator: ", ")
    }

    /// What every page needs: the templates, and the DTDs when the configuration makes pages.
    static func pageItems(_ configuration: Configuration, pipeline: Pipeline) -> [Item] {
        var items: [Item] = []
        items.append(templates(configuration))
        if !configuration.outputNames.isEmpty {  // a fetch-only configuration makes no page
            do {
                _ = try pipeline.validator()
                items.append(
                    Item(
                        result: .ok, text: "XHTML 1.0 Strict DTD: found through \(XHTMLValidator.defaultCatalog)",
                        status: .success, details: []))
            } catch {
                items.append(
                    Item(
                        result: .failed, text: "XHTML 1.0 Strict DTD", status: error.exitStatus,
                        details: error.diagnostics)
                )
            }
        }

        return items
    }

    /// Each server: whether it answers and its login works (not with `offline`, nor when what
    /// its login needs has a problem above).
    static func serverItems(
        _ configuration: Configuration, pipeline: Pipeline, problems: [ConfigProblem], offline: Bool
    ) async -> [Item] {
        var items: [Item] = []
        for (index, server) in configuration.servers.enumerated() {
            let label = "server \(server.name) (\(server.connection.address))"
            if offline {
                items.append(
                    Item(result: .warning, text: "\(label): not checked (--offline)", status: .success, details: []))
                continue
            }
            let secret = secretFile(server.connection.login, index: index)?.1
            let blocked = problems.contains {
                $0.diagnostic.path.map { $0 == secret || $0 == server.connection.caCertificate } ?? false
                    || $0.diagnostic.message.contains("server '\(server.name)'")
            }
            if blocked {
                items.append(
                    Item(
                        result: .warning, text: "\(label): not checked (what its login needs has a problem above)",
                        status: .success, details: []))
                continue
            }
            do {
                let version = try await pipeline.probe(server.connection)
                let login: String
                switch server.connection.login {
                case .password(let user, _): login = "the login as \(user) works"
                case .tokenFile: login = "the token is accepted"
                }
                items.append(
                    Item(
                        result: .ok, text: "\(label): answers with API \(version); \(login)", status: .success,
                        details: []))
            } catch {
                let reportable = error as? any ReportableError
                items.append(
                    Item(
                        result: .failed, text: "\(label): does not work", status: reportable?.exitStatus ?? .software,
                        details: reportable?.diagnostics ?? [Diagnostic(message: "\(error)")]))
            }
        }
        return items
    }

    /// What works but is likely a mistake: an unverified certificate, the example's placeholder
    /// addresses left in, and servers in the archive that the configuration no longer names (an
    /// address changed: its history stays in the old folder).
    static func warnings(_ c: Configuration) -> [Item] {
        var items: [Item] = []
        for server in c.servers where server.connection.insecure {
            items.append(
                Item(
                    result: .warning,
                    text:
                        "server \(server.name): insecure: true, so its certificate is not verified (use ca-file with its certificate instead)",
                    status: .success, details: []))
        }
        func placeholder(_ text: String) -> Bool {
            let host = text.split(separator: "@").last.map(String.init) ?? text
            let lowered = (URL(string: text)?.host ?? host).lowercased()
            return ["example.com", "example.org", "example.net"].contains {
                lowered == $0 || lowered.hasSuffix("." + $0)
            }
        }
        var placeholders = c.servers.map(\.connection.address).filter(placeholder)
        if let email = c.email {
            placeholders += ([email.options.from] + email.options.to).map(\.address).filter(placeholder)
        }
        if !placeholders.isEmpty {
            items.append(
                Item(
                    result: .warning,
                    text:
                        "the example's placeholder addresses are still set: \(placeholders.joined(separator: ", ")) (edit them in \(c.file))",
                    status: .success, details: []))
        }
        let configured = Set(c.servers.compactMap { ServerAddress(configured: $0.connection.address) })
        let others = ArchiveLayout.servers(in: c.archive.folder).filter { !configured.contains($0) }
        if !others.isEmpty {
            let folders = others.map { "\(ArchiveLayout.serversFolder)/\($0.folderName)" }
            items.append(
                Item(
                    result: .warning,
                    text:
                        "the archive holds \(Formatting.count(others.count, "server")) no longer configured (\(folders.joined(separator: ", "))): a changed address starts a new history; to keep the old one, move its folder to the new address's name",
                    status: .success, details: []))
        }
        return items
    }

    /// The protection settings, when snapshots are taken or protection is configured; and what
    /// works but is likely a mistake: settings given while no snapshot is taken, snapshots further
    /// apart than an RPO, a server pinned to an API version without protection, a period that has
    /// not begun.
    static func protectionItems(_ c: Configuration) -> [Item] {
        let p = c.protection
        let tenantRPOs = c.tenants.compactMap { t in t.protectionRPOSeconds.map { (t.organization, $0) } }
        let configured =
            c.sources.keys.contains { $0.hasPrefix("protection.") && $0 != "protection.enabled" }
            || !tenantRPOs.isEmpty
        guard p.enabled || configured else { return [] }
        func warning(_ text: String) -> Item { Item(result: .warning, text: text, status: .success, details: []) }
        var items = [Item(result: .ok, text: describe(p, tenantRPOs: tenantRPOs), status: .success, details: [])]
        guard p.enabled else {
            items.append(
                warning(
                    "protection: not enabled, so no fetch takes a snapshot; these settings judge only snapshots already in the archive (set protection.enabled: true to take them)"
                ))
            return items
        }
        let rpos = [("protection.rpo", p.settings.rpoSeconds)] + tenantRPOs.map { ("the RPO of \($0.0)", $0.1) }
        if let shortest = rpos.min(by: { $0.1 < $1.1 }), p.everySeconds > shortest.1 {
            items.append(
                warning(
                    "protection.every (\(Seconds.typed(p.everySeconds))) is longer than \(shortest.0) (\(Seconds.typed(shortest.1))): an object can miss its RPO between two snapshots unseen"
                ))
        }
        for server in c.servers {
            guard let version = server.connection.version, version < .v6 else { continue }
            items.append(
                warning(
                    "server \(server.name): api-version \(version) has no protection (v6 or later), so its fetch takes no snapshot"
                ))
        }
        if let period = p.period, period.lowerBound > c.window.now {
            items.append(warning("protection.period \(month(period)) has not begun: its SLA holds no snapshot yet"))
        }
        return items
    }

    /// The monthly reports: where and when they are written, which month was written last and
    /// which comes next; a warning when no protection snapshot is taken (their SLA would be
    /// unknown).
    static func monthlyItems(_ c: Configuration) -> [Item] {
        guard let monthly = c.monthly else { return [] }
        let zone = c.look.timeZone
        let now = c.window.now
        let formats = monthly.formats.map(\.rawValue).joined(separator: ", ")
        var text =
            "monthly: the reports of each month per organization (\(formats)) into \(monthly.folder)/<yyyy-mm>, by the first run on or after the 1st (\(zone.name))"
        if let record = MonthlyReports.read(folder: monthly.folder) {
            text +=
                "; last written: \(record.month) (\(Formatting.count(record.organizations, "organization")), \(zone.format(record.written)))"
        } else {
            text += "; none written yet"
        }
        if let due = MonthlyReports.due(at: now, zone: zone, folder: monthly.folder) {
            text += "; the next run writes \(due)"
        } else {
            let current = ReportMonth.containing(now, in: zone)
            text += "; next: \(current), by the first run from \(zone.format(current.range(in: zone).upperBound))"
        }
        var items = [Item(result: .ok, text: text, status: .success, details: [])]
        if !c.protection.enabled {
            items.append(
                Item(
                    result: .warning,
                    text:
                        "monthly: protection.enabled is not true, so no snapshot is taken and the monthly reports' SLA is unknown unless the archive holds snapshots",
                    status: .success, details: []))
        }
        return items
    }

    /// `protection: a snapshot of each organization every 12h; RPO 24h (Contoso: 48h); required
    /// data (users: mailbox, onedrive; …); SLA over the month so far`.
    static func describe(_ p: Configuration.Protection, tenantRPOs: [(String, Double)]) -> String {
        var parts = [
            p.enabled ? "a snapshot of each organization every \(Seconds.typed(p.everySeconds))" : "no snapshot"
        ]
        let own = tenantRPOs.map { "\($0.0): \(Seconds.typed($0.1))" }
        parts.append(
            "RPO \(Seconds.typed(p.settings.rpoSeconds))" + (own.isEmpty ? "" : " (\(own.joined(separator: ", ")))"))
        let required = ProtectedObjectKind.allCases.map { kind in
            let data = (p.settings.required[kind] ?? []).sorted().map(\.rawValue)
            return "\(kind.word)s: \(data.joined(separator: ", "))"
        }
        parts.append("required data (\(required.joined(separator: "; ")))")
        let masks = p.settings.exclusionMasks
        if !masks.isEmpty {
            parts.append(
                "excluded: \(Formatting.count(masks.count, "mask"))"
                    + (masks.count <= 3 ? " (\(masks.joined(separator: ", ")))" : ""))
        }
        parts.append("SLA over " + (p.period.map(month) ?? "the month so far"))
        if p.unprotectedWarning != nil || p.unprotectedCritical != nil {
            let limits = [
                p.unprotectedWarning.map { "warning from \($0)" }, p.unprotectedCritical.map { "critical from \($0)" },
            ]
            parts.append("check: \(limits.compactMap { $0 }.joined(separator: ", ")) objects not protected")
        }
        return "protection: " + parts.joined(separator: "; ")
    }

    /// `2026-11` for the month `period` starts.
    private static func month(_ period: Range<Timestamp>) -> String {
        let c = period.lowerBound.civil
        return "\(c.year)-" + (c.month < 10 ? "0" : "") + "\(c.month)"
    }

    /// `configuration: 1 server (vbo); outputs: report, site; 2 keys from the environment`.
    static func describe(_ c: Configuration) -> String {
        var text =
            "configuration: \(Formatting.count(c.servers.count, "server")) (\(c.servers.map(\.name).joined(separator: ", "))); "
        text += c.outputNames.isEmpty ? "no output (fetch only)" : "outputs: \(c.outputNames.joined(separator: ", "))"
        let overridden = c.sources.filter {
            if case .file = $0.value { return false }
            return true
        }
        if !overridden.isEmpty {
            text += "; set outside the file: " + overridden.keys.sorted().joined(separator: ", ")
        }
        return text
    }

    /// The secret file a login names, with its key.
    static func secretFile(_ login: ServerConnection.Login, index: Int) -> (String, String)? {
        switch login {
        case .tokenFile(let path): ("servers.\(index + 1).token-file", path)
        case .password(_, .file(let path)): ("servers.\(index + 1).password-file", path)
        case .password(_, .environment): nil
        }
    }

    /// The templates: the built-in set, or the folder's overrides with what the lint finds.
    static func templates(_ c: Configuration) -> Item {
        do {
            let set = try TemplateSet(overrides: c.look.templates)
            guard let folder = c.look.templates else {
                return Item(result: .ok, text: "templates: the built-in set", status: .success, details: [])
            }
            let overridden = set.origins.values.filter { $0 != "default" }.count
            let findings = TemplateLint.check(set).filter { set.origins[$0.template] != "default" }
            let details = findings.map {
                Diagnostic(path: set.origin(of: $0.template), level: .warning, message: $0.message)
            }
            return Item(
                result: findings.isEmpty ? .ok : .warning,
                text: "templates: \(Formatting.count(overridden, "override")) from \(folder)", status: .success,
                details: details)
        } catch {
            return Item(result: .failed, text: "templates", status: error.exitStatus, details: error.diagnostics)
        }
    }
}
