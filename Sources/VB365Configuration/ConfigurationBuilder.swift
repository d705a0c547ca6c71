import Foundation
import VB365Delivery
import VB365Fetching
import VB365Model
import VB365Pipeline
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365Support

/// Turns decoded values into a `Configuration`: fills in defaults, resolves relative paths (from
/// the file: against the file's folder; from a variable or flag: against the working folder),
/// and checks what only the keys together can say (a server needs a login; an output needs a
/// folder; no output folder inside another or inside the archive).
struct ConfigurationBuilder {
    let decoder: ConfigDecoder
    let file: String
    var diagnostics: [Diagnostic] = []

    init(_ decoder: ConfigDecoder, file: String) {
        self.decoder = decoder
        self.file = file
    }

    mutating func build() throws(Failure) -> Configuration {
        var servers: [(position: Int, server: Configuration.Server)] = []
        if decoder.serverCount == 0 {
            missing("servers", in: nil, advice: "list at least one server under 'servers:', with its address and login")
        }
        for index in 0..<decoder.serverCount {
            if let server = server(index + 1) { servers.append((index + 1, server)) }
        }
        servers = namedApart(servers)
        checkUnique(servers)
        let archive = archive()
        var window = SummaryOptions(now: .systemClock())
        window.since = .before(seconds: seconds("window.since") ?? TimeWindow.defaultLengthSeconds)
        window.baselineRuns = integer("window.baseline-runs") ?? window.baselineRuns
        window.rateDropPercent = number("window.rate-threshold") ?? window.rateDropPercent
        window.durationRisePercent = number("window.duration-threshold") ?? window.durationRisePercent
        window.maximumAgeSeconds = seconds("window.max-age") ?? window.maximumAgeSeconds
        window.hungFactor = number("window.hung-factor") ?? window.hungFactor
        window.hungMinimumSeconds = seconds("window.hung-after") ?? window.hungMinimumSeconds
        window.warningStreakLimit = integer("window.warning-streak") ?? window.warningStreakLimit
        window.objectives = objectives()
        var limits = window.infrastructure
        limits.freeWarningPercent = number("window.free-space-warning") ?? limits.freeWarningPercent
        limits.freeFailurePercent = number("window.free-space-failure") ?? limits.freeFailurePercent
        limits.fullWarningDays = seconds("window.full-warning").map { $0 / Seconds.day } ?? limits.fullWarningDays
        limits.fullFailureDays = seconds("window.full-failure").map { $0 / Seconds.day } ?? limits.fullFailureDays
        limits.licenseWarningDays =
            seconds("window.license-warning").map { $0 / Seconds.day } ?? limits.licenseWarningDays
        limits.licenseFailureDays =
            seconds("window.license-failure").map { $0 / Seconds.day } ?? limits.licenseFailureDays
        for (failure, warning, wrong) in [
            ("license-failure", "license-warning", limits.licenseFailureDays > limits.licenseWarningDays),
            ("free-space-failure", "free-space-warning", limits.freeFailurePercent > limits.freeWarningPercent),
            ("full-failure", "full-warning", limits.fullFailureDays > limits.fullWarningDays),
        ] where wrong {
            let source =
                decoder.values["window.\(failure)"]?.source ?? decoder.values["window.\(warning)"]?.source
                ?? .defaultValue
            diagnostics.append(
                source.diagnostic(
                    "window.\(failure) is beyond window.\(warning)",
                    advice: "set the failure limit at or below the warning limit"))
        }
        window.infrastructure = limits
        window.changeVolume = changeVolume()
        window.restoreAudit = restoreAudit()
        window.settingChanges.enabled = bool("security.settings-changes") ?? window.settingChanges.enabled
        window.settingChanges.disabledSeconds =
            seconds("security.job-disabled-for") ?? window.settingChanges.disabledSeconds
        window.settingChanges.selectionShare =
            number("security.selection-shrink").map { $0 / 100 } ?? window.settingChanges.selectionShare
        for kind in SecurityFinding.Kind.allCases {
            if let word = text("security.\(kind.rawValue)") {
                window.securityLevels[kind] = word == "critical" ? .failed : .warning
            }
        }
        var look = LookSettings()
        if case .timeZone(let zone)? = decoder.values["time-zone"]?.value { look.timeZone = zone }
        look.templates = path("templates")
        look.objectsShown = integer("objects-shown") ?? look.objectsShown
        let configuration = Configuration(
            file: file, servers: servers.map(\.server), archive: archive ?? .init(folder: "", historySeconds: 0),
            window: window,
            failOn: severity(text("window.fail-on")), look: look, report: report(), site: site(), email: email(),
            tickets: tickets(), sources: decoder.values.mapValues(\.source))
        var configured = configuration
        configured.serversAtOnce = integer("servers-at-once") ?? configured.serversAtOnce
        configured.split = choice("split", as: Split.self) ?? .none
        configured.tenantProxyNames = choice("tenant-proxy-names", as: ProxyNames.self) == .show
        configured.tenantMaskOperators = bool("security.mask-operators") ?? false
        configured.metrics = metrics()
        configured.monthly = monthly()
        configured.tenants = tenants(servers: servers.map(\.server.name), split: configured.split)
        configured.protection = protection()
        configured.notifications = notifications(servers: servers.map(\.server.name))
        for index in configured.servers.indices {
            configured.servers[index].connection.protection = configured.protection.fetch
        }
        checkFolders(configured)
        if let retention = archive?.retentionSeconds, let source = decoder.values["archive.retention"]?.source {
            let needed = max(archive?.historySeconds ?? 0, configuration.site?.keepSeconds ?? 0)
            if retention < needed {
                diagnostics.append(
                    source.diagnostic(
                        "'archive.retention' is shorter than what the reports need (archive.history and site.keep)",
                        advice: "keep at least \(Int((needed / Seconds.day).rounded(.up)))d"))
            } else if configured.monthly != nil, retention < Self.monthlyRetentionSeconds {
                // The first run of a month reads the whole month that ended, after its own pruning.
                diagnostics.append(
                    source.diagnostic(
                        "'archive.retention' is shorter than the monthly reports need: the month that ended, read by the first run of the next",
                        advice:
                            "keep at least \(Int(Self.monthlyRetentionSeconds / Seconds.day))d (a month, and the days until that run), or leave out 'monthly'"
                    ))
            }
        }
        guard diagnostics.isEmpty else { throw Failure(.configuration, diagnostics: diagnostics) }
        return configured
    }

    // MARK: - Sections

    private mutating func server(_ position: Int) -> Configuration.Server? {
        let prefix = "servers.\(position)"
        let source = decoder.sectionSources[prefix] ?? .defaultValue
        guard let address = text("\(prefix).address") else {
            missing("address", in: prefix, advice: "give the REST API address, such as https://vbo.example.com:4443")
            return nil
        }
        let username = text("\(prefix).username")
        let tokenFile = path("\(prefix).token-file")
        let passwordFile = path("\(prefix).password-file")
        let passwordVariable = text("\(prefix).password-env")
        let login: ServerConnection.Login
        if let tokenFile {
            if username != nil || passwordFile != nil || passwordVariable != nil {
                diagnostics.append(
                    (decoder.values["\(prefix).token-file"]?.source ?? source).diagnostic(
                        "'\(prefix)' has both a token-file and a username or password",
                        advice: "keep the one login the server uses"))
            }
            login = .tokenFile(tokenFile)
        } else if let username {
            if passwordFile != nil && passwordVariable != nil {
                diagnostics.append(
                    (decoder.values["\(prefix).password-env"]?.source ?? source).diagnostic(
                        "'\(prefix)' names both a password-file and a password-env",
                        advice: "keep one: the file, or the environment variable"))
            }
            let secret: SecretSource =
                passwordFile.map { .file($0) } ?? .environment(passwordVariable ?? "VB365_PASSWORD")
            login = .password(username: username, password: secret)
        } else {
            missing(
                "username", in: prefix,
                advice: "give the user to log in as, with a password-file or password-env; or a token-file")
            return nil
        }
        var connection = ServerConnection(address: address, login: login)
        if case .apiVersion(let version)? = decoder.values["\(prefix).api-version"]?.value {
            connection.version = version
        }
        connection.logs = choice("\(prefix).logs", as: LogSelection.self) ?? .problems
        connection.processedObjects = integer("\(prefix).processed-objects") ?? connection.processedObjects
        connection.restores = bool("\(prefix).restores") ?? connection.restores
        connection.jobs = texts("\(prefix).jobs")
        connection.caCertificate = path("\(prefix).ca-file")
        connection.insecure = bool("\(prefix).insecure") ?? false
        if connection.insecure && connection.caCertificate != nil {
            diagnostics.append(
                source.diagnostic(
                    "'\(prefix)' has both ca-file and insecure: true", advice: "keep ca-file, which verifies the server"
                ))
        }
        connection.limits.concurrency = integer("\(prefix).concurrency") ?? connection.limits.concurrency
        connection.limits.pageSize = integer("\(prefix).page-size") ?? connection.limits.pageSize
        connection.limits.retries = integer("\(prefix).retries") ?? connection.limits.retries
        connection.limits.retryDelay = number("\(prefix).retry-delay") ?? connection.limits.retryDelay
        connection.limits.maximumRetryAfter = number("\(prefix).max-retry-after") ?? connection.limits.maximumRetryAfter
        connection.limits.connectTimeout = number("\(prefix).connect-timeout") ?? connection.limits.connectTimeout
        connection.limits.readTimeout = number("\(prefix).read-timeout") ?? connection.limits.readTimeout
        let name = text("\(prefix).name") ?? URL(string: address)?.host ?? address
        return Configuration.Server(name: name, connection: connection)
    }

    /// Servers without a name of their own on the same host are named by host and port.
    private func namedApart(_ servers: [(position: Int, server: Configuration.Server)]) -> [(
        position: Int, server: Configuration.Server
    )] {
        var hosts: [String: Int] = [:]
        for (position, server) in servers where text("servers.\(position).name") == nil {
            hosts[server.name.lowercased(), default: 0] += 1
        }
        return servers.map { entry in
            var entry = entry
            if text("servers.\(entry.position).name") == nil, hosts[entry.server.name.lowercased(), default: 0] > 1,
                let address = ServerAddress(configured: entry.server.connection.address)
            {
                entry.server.name = address.description
            }
            return entry
        }
    }

    private mutating func checkUnique(_ servers: [(position: Int, server: Configuration.Server)]) {
        var names: [String: Int] = [:]
        var addresses: [String: Int] = [:]
        for (position, server) in servers {
            let index = position - 1
            let source = decoder.sectionSources["servers.\(position)"] ?? .defaultValue
            if let earlier = names[server.name.lowercased()] {
                diagnostics.append(
                    source.diagnostic(
                        "server \(index + 1) has the name '\(server.name)', as server \(earlier) has",
                        advice: "give each server a name of its own ('name:')"))
            }
            names[server.name.lowercased()] = names[server.name.lowercased()] ?? index + 1
            // The same server however written (`host.`, `:443`, a trailing /): its archive folder.
            let address =
                ServerAddress(configured: server.connection.address)?.folderName
                ?? server.connection.address.lowercased()
            if let earlier = addresses[address] {
                diagnostics.append(
                    source.diagnostic(
                        "server \(index + 1) has the address of server \(earlier)", advice: "list each server once"))
            }
            addresses[address] = addresses[address] ?? index + 1
        }
    }

    private mutating func archive() -> Configuration.Archive? {
        guard let folder = path("archive.folder") else {
            missing(
                "folder", in: "archive",
                advice: "name the folder fetched bodies are kept in, such as /var/lib/vb365-report/archive")
            return nil
        }
        var archive = Configuration.Archive(
            folder: folder, historySeconds: seconds("archive.history") ?? ServerSource.defaultHistorySeconds,
            retentionSeconds: seconds("archive.retention"))
        archive.strict = bool("archive.strict") ?? false
        return archive
    }

    private mutating func report() -> Configuration.Report? {
        guard decoder.sectionSources["report"] != nil else { return nil }
        guard let folder = path("report.folder") else {
            missing("folder", in: "report", advice: "name the report folder, or leave out the 'report' section")
            return nil
        }
        var formats: [OutputFormat] = []
        for format in texts("report.formats").compactMap(OutputFormat.init(word:)) where !formats.contains(format) {
            formats.append(format)
        }
        return Configuration.Report(folder: folder, formats: formats.isEmpty ? [.xhtml, .markdown] : formats)
    }

    private mutating func site() -> Pipeline.SiteRequest? {
        guard decoder.sectionSources["site"] != nil else { return nil }
        guard let folder = path("site.folder") else {
            missing("folder", in: "site", advice: "name the site folder, or leave out the 'site' section")
            return nil
        }
        return Pipeline.SiteRequest(
            folder: folder, keepSeconds: seconds("site.keep") ?? Pipeline.SiteRequest.defaultKeepSeconds,
            siteURL: text("site.url"))
    }

    private mutating func email() -> Configuration.Email? {
        guard let source = decoder.sectionSources["email"] else { return nil }
        guard case .list(let items)? = decoder.values["email.to"]?.value, !items.isEmpty else {
            missing("to", in: "email", advice: "list the recipients, or leave out the 'email' section")
            return nil
        }
        let to = items.compactMap { item -> MailAddress? in
            if case .mail(let address) = item { return address }
            return nil
        }
        var from = MailAddress.defaultSender
        if case .mail(let address)? = decoder.values["email.from"]?.value { from = address }
        var options = EmailOptions(from: from, to: to)
        if let subject = text("email.subject") {
            let unknown = EmailComposer.unknownVariables(in: subject)
            if !unknown.isEmpty {
                diagnostics.append(
                    (decoder.values["email.subject"]?.source ?? source).diagnostic(
                        "'email.subject' uses \(unknown.joined(separator: ", ")), which \(unknown.count == 1 ? "is" : "are") not a variable",
                        advice:
                            "the variables are \(EmailComposer.subjectVariables.map(\.name).joined(separator: ", "))"))
            }
            options.subject = subject
        }
        options.siteURL = text("site.url")
        if let short = integer("email.short-above") { options.shortAboveJobs = short }
        let transport: Configuration.Email.Transport
        let kind = choice("email.transport", as: Configuration.Email.Transport.Kind.self) ?? .sendmail
        if kind != .file, let file = decoder.values["email.file"] {
            diagnostics.append(
                file.source.diagnostic(
                    "'email.file' is set, but the transport is not file, so it would be ignored",
                    advice: "add 'transport: file' to write the message there, or leave out 'file'"))
        }
        let smtpKeys = [
            "smtp-url", "smtp-user", "smtp-password-file", "smtp-password-env", "smtp-ca-file", "smtp-starttls",
        ]
        if kind != .smtp, let key = smtpKeys.first(where: { decoder.values["email.\($0)"] != nil }) {
            diagnostics.append(
                decoder.values["email.\(key)"]!.source.diagnostic(
                    "'email.\(key)' is set, but the transport is not smtp, so it would be ignored",
                    advice: "add 'transport: smtp' to submit the message to smtp-url, or leave out the smtp- keys"))
        }
        switch kind {
        case .smtp:
            guard let url = text("email.smtp-url") else {
                missing("smtp-url", in: "email", advice: "give the relay, such as smtp://smtp.office365.com:587")
                return nil
            }
            let urlSource = decoder.values["email.smtp-url"]?.source ?? source
            var settings: SMTPSettings
            do {
                settings = try SMTPSettings(url: url, what: "'email.smtp-url'")
            } catch {
                let d = error.diagnostics.first
                diagnostics.append(
                    urlSource.diagnostic(d?.message ?? "'email.smtp-url' is not valid", advice: d?.advice ?? ""))
                return nil
            }
            settings.user = text("email.smtp-user")
            settings.passwordFile = path("email.smtp-password-file")
            if let variable = text("email.smtp-password-env") { settings.passwordVariable = variable }
            if settings.passwordFile != nil, decoder.values["email.smtp-password-env"] != nil {
                diagnostics.append(
                    urlSource.diagnostic(
                        "'email' names both an smtp-password-file and an smtp-password-env",
                        advice: "keep one: the file, or the environment variable"))
            }
            settings.caFile = path("email.smtp-ca-file")
            settings.startTLS = choice("email.smtp-starttls", as: SMTPSettings.StartTLSPolicy.self) ?? .required
            settings.clientName = String(MailAddress.defaultSender.address.split(separator: "@").last ?? "localhost")
            if settings.startTLS == .optional, let problem = settings.problem() {
                diagnostics.append(
                    (decoder.values["email.smtp-starttls"]?.source ?? source).diagnostic(
                        problem.diagnostics[0].message.replacingOccurrences(
                            of: "--smtp-starttls=optional", with: "'email.smtp-starttls: optional'"),
                        advice: problem.diagnostics[0].advice ?? ""))
            }
            transport = .smtp(settings)
        case .file:
            guard let file = path("email.file") else {
                missing("file", in: "email", advice: "name the .eml file transport: file writes")
                return nil
            }
            transport = .file(file)
        case .sendmail:
            transport = .sendmail(path("email.sendmail") ?? "/usr/sbin/sendmail")
        }
        return Configuration.Email(options: options, onlyIf: severity(text("email.only-if")), transport: transport)
    }

    /// The `rpo` entries: each names a job or an organization (not both) and its maximum age.
    private mutating func objectives() -> [RecoveryPointObjective] {
        (0..<(decoder.counts["rpo"] ?? 0)).compactMap { index in
            let prefix = "rpo.\(index + 1)"
            let source = decoder.sectionSources[prefix] ?? .defaultValue
            let job = text(prefix + ".job")
            let organization = text(prefix + ".organization")
            guard let seconds = seconds(prefix + ".max-age") else {
                missing("max-age", in: prefix, advice: "give the RPO as a duration, such as 8h")
                return nil
            }
            switch (job, organization) {
            case (let job?, nil): return RecoveryPointObjective(.job(job), seconds: seconds)
            case (nil, let organization?): return RecoveryPointObjective(.organization(organization), seconds: seconds)
            default:
                diagnostics.append(
                    source.diagnostic(
                        "\(prefix) must name a job or an organization, not \(job == nil ? "neither" : "both")",
                        advice: "give 'job: NAME' or 'organization: NAME'"))
                return nil
            }
        }
    }

    /// The `tenants` entries: each names an organization, and its server by a configured name.
    private mutating func tenants(servers: [String], split: Split) -> [TenantSettings] {
        let count = decoder.counts["tenants"] ?? 0
        if count > 0, split == .none, let source = decoder.sectionSources["tenants"] {
            diagnostics.append(
                source.diagnostic(
                    "'tenants' is set, but 'split' is not organization: their thresholds judge their jobs, but no organization has outputs (recipients, only-if) of its own",
                    advice: "add 'split: organization', or keep only the thresholds in 'tenants'"))
        }
        var seen: [String: Int] = [:]
        return (0..<count).compactMap { index in
            let position = index + 1
            let prefix = "tenants.\(position)"
            let source = decoder.sectionSources[prefix] ?? .defaultValue
            guard let organization = text(prefix + ".organization") else {
                missing("organization", in: prefix, advice: "name the organization (its name or its id)")
                return nil
            }
            let server = text(prefix + ".server")
            if let server, !servers.contains(where: { $0.lowercased() == server.lowercased() }) {
                let known = servers.map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.append(
                    (decoder.values[prefix + ".server"]?.source ?? source).diagnostic(
                        "'\(prefix).server' is '\(server)', which no configured server is called",
                        advice: "use a server's name: \(known)"))
            }
            let key = organization.lowercased() + "\u{0}" + (server?.lowercased() ?? "")
            if let earlier = seen[key] {
                diagnostics.append(
                    source.diagnostic(
                        "tenant \(position) names '\(organization)'\(server.map { " on \($0)" } ?? ""), as tenant \(earlier) does",
                        advice: "list each organization once"))
            }
            seen[key] = seen[key] ?? position
            var to: [MailAddress] = []
            if case .list(let items)? = decoder.values[prefix + ".to"]?.value {
                to = items.compactMap { item -> MailAddress? in
                    if case .mail(let address) = item { return address }
                    return nil
                }
            }
            let onlyIf = text(prefix + ".only-if")
            var settings = TenantSettings(organization: organization, server: server)
            settings.to = to
            settings.onlyIf = severity(onlyIf)
            settings.hasOnlyIf = onlyIf != nil
            settings.thresholds = OrganizationThresholds(
                maximumAgeSeconds: seconds(prefix + ".max-age"), rateDropPercent: number(prefix + ".rate-threshold"),
                durationRisePercent: number(prefix + ".duration-threshold"))
            settings.protectionRPOSeconds = seconds(prefix + ".rpo")
            return settings
        }
    }

    /// The `protection` section: the fetch's snapshots, and how they are judged.
    private mutating func protection() -> Configuration.Protection {
        var protection = Configuration.Protection()
        protection.enabled = bool("protection.enabled") ?? false
        protection.everySeconds = seconds("protection.every") ?? protection.everySeconds
        protection.settings.rpoSeconds = seconds("protection.rpo") ?? protection.settings.rpoSeconds
        protection.settings.exclusionMasks = texts("protection.exclude")
        for kind in ProtectedObjectKind.allCases {
            let key = "protection." + ConfigSchema.requireKey(kind)
            guard let entry = decoder.values[key] else { continue }
            let data = texts(key).compactMap(ProtectedData.init(rawValue:))
            guard !data.isEmpty else {
                let words = kind.dataKinds.map(\.rawValue).joined(separator: ", ")
                diagnostics.append(
                    entry.source.diagnostic(
                        "'\(key)' lists no data, so a \(kind.word) in no job would count as protected",
                        advice: "list what a \(kind.word) must have backed up (of \(words)), or leave out the key"))
                continue
            }
            protection.settings.required[kind] = Set(data)
        }
        if let month = text("protection.period") {
            let parts = month.split(separator: "-").compactMap { Int($0) }
            let start = Timestamp(year: parts[0], month: parts[1], day: 1)
            let end = Timestamp(year: parts[0] + parts[1] / 12, month: parts[1] % 12 + 1, day: 1)
            protection.period = start..<end
        }
        protection.unprotectedWarning = integer("protection.unprotected-warning")
        protection.unprotectedCritical = integer("protection.unprotected-critical")
        if let warning = protection.unprotectedWarning, let critical = protection.unprotectedCritical,
            critical < warning, let source = decoder.values["protection.unprotected-critical"]?.source
        {
            diagnostics.append(
                source.diagnostic(
                    "'protection.unprotected-critical' (\(critical)) is below 'protection.unprotected-warning' (\(warning))",
                    advice: "set the critical threshold at or above the warning threshold"))
        }
        return protection
    }

    private mutating func tickets() -> Configuration.Tickets? {
        guard decoder.sectionSources["tickets"] != nil else { return nil }
        guard let folder = path("tickets.folder") else {
            missing(
                "folder", in: "tickets", advice: "name the folder for ticket files, or leave out the 'tickets' section")
            return nil
        }
        let word = text("tickets.sessions") ?? TicketSelection.finalFailuresWord
        guard let selection = TicketSelection(word) else {
            diagnostics.append(
                (decoder.values["tickets.sessions"]?.source ?? .defaultValue).diagnostic(
                    "'tickets.sessions' is neither final-failures nor a session id"))
            return nil
        }
        return Configuration.Tickets(folder: folder, selection: selection, redact: bool("tickets.redact") ?? true)
    }

    /// The shortest `archive.retention` with `monthly`: the longest month, and four days for
    /// its first run to come (a machine that was off on the 1st).
    static let monthlyRetentionSeconds = 35 * Seconds.day

    private mutating func monthly() -> Configuration.Monthly? {
        guard decoder.sectionSources["monthly"] != nil else { return nil }
        guard let folder = path("monthly.folder") else {
            missing(
                "folder", in: "monthly",
                advice: "name the folder for the monthly reports, or leave out the 'monthly' section")
            return nil
        }
        var formats: [OutputFormat] = []
        for format in texts("monthly.formats").compactMap(OutputFormat.init(word:)) where !formats.contains(format) {
            formats.append(format)
        }
        return Configuration.Monthly(folder: folder, formats: formats.isEmpty ? [.xhtml, .markdown] : formats)
    }

    private mutating func metrics() -> Configuration.Metrics? {
        guard decoder.sectionSources["metrics"] != nil else { return nil }
        guard let file = path("metrics.file") else {
            missing("file", in: "metrics", advice: "name the .prom file to write, or leave out the 'metrics' section")
            return nil
        }
        return Configuration.Metrics(file: file)
    }

    /// No two of the archive and the output folders may be the same or one inside another: the
    /// report and site folders are replaced whole, which would take the other with them.
    private mutating func checkFolders(_ c: Configuration) {
        var folders: [(key: String, path: String)] = [("archive.folder", c.archive.folder)]
        if let r = c.report { folders.append(("report.folder", r.folder)) }
        if let s = c.site { folders.append(("site.folder", s.folder)) }
        if let t = c.tickets { folders.append(("tickets.folder", t.folder)) }
        if let m = c.metrics { folders.append(("metrics.file", m.file)) }
        if let m = c.monthly { folders.append(("monthly.folder", m.folder)) }
        if let e = c.email, case .file(let path) = e.transport {
            folders.append(("email.file", path))
        }
        if let templates = c.look.templates {
            // The report and site folders are replaced whole: templates inside one would go.
            let t = URL(fileURLWithPath: templates).standardizedFileURL.path
            for (key, folder) in folders where key == "report.folder" || key == "site.folder" {
                let f = URL(fileURLWithPath: folder).standardizedFileURL.path
                if t == f || t.hasPrefix(f + "/") {
                    diagnostics.append(
                        (decoder.values["templates"]?.source ?? .defaultValue).diagnostic(
                            "the 'templates' folder is inside the '\(key)', which each run replaces whole",
                            advice: "keep the templates elsewhere, such as /etc/vb365-report/templates"))
                }
            }
        }
        let standardized = folders.map { ($0.key, URL(fileURLWithPath: $0.path).standardizedFileURL.path) }
        for (i, a) in standardized.enumerated() {
            for b in standardized[(i + 1)...] {
                let inside = a.1 == b.1 || a.1.hasPrefix(b.1 + "/") || b.1.hasPrefix(a.1 + "/")
                guard inside, !(a.0 == "tickets.folder" && b.0 == "email.file") else { continue }
                diagnostics.append(
                    (decoder.values[b.0]?.source ?? .defaultValue).diagnostic(
                        "'\(b.0)' (\(b.1)) and '\(a.0)' (\(a.1)) are the same folder or one holds the other, so writing one would replace the other",
                        advice:
                            "give each its own folder, side by side (such as /var/lib/vb365-report/archive and /var/lib/vb365-report/report)"
                    ))
            }
        }
    }

    // MARK: - Values

    mutating func missing(_ key: String, in section: String?, advice: String) {
        let source =
            section.flatMap { decoder.sectionSources[$0] } ?? .file(path: file, position: .init(line: 1, column: 1))
        let place = section.map { "'\($0)' has no '\(key)'" } ?? "the configuration lists no \(key)"
        diagnostics.append(source.diagnostic(place, advice: advice))
    }

    func text(_ key: String) -> String? {
        if case .text(let value)? = decoder.values[key]?.value { return value }
        return nil
    }

    func texts(_ key: String) -> [String] {
        guard case .list(let items)? = decoder.values[key]?.value else { return [] }
        return items.compactMap {
            if case .text(let value) = $0 { return value }
            return nil
        }
    }

    /// A path, absolute: one from the file against the file's folder, one from a variable or
    /// flag against the working folder.
    func path(_ key: String) -> String? {
        guard let entry = decoder.values[key], case .text(let value) = entry.value else { return nil }
        if value.hasPrefix("/") { return value }
        let base: String
        if case .file = entry.source {
            base = URL(fileURLWithPath: file).deletingLastPathComponent().path
        } else {
            base = FileManager.default.currentDirectoryPath
        }
        return URL(fileURLWithPath: base).appendingPathComponent(value).standardizedFileURL.path
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = decoder.values[key]?.value { return value }
        return nil
    }

    func integer(_ key: String) -> Int? {
        if case .integer(let value)? = decoder.values[key]?.value { return value }
        return nil
    }

    func number(_ key: String) -> Double? {
        if case .number(let value)? = decoder.values[key]?.value { return value }
        return nil
    }

    func seconds(_ key: String) -> Double? {
        if case .seconds(let value)? = decoder.values[key]?.value { return value }
        return nil
    }

    private func severity(_ word: String?) -> Severity? {
        word.flatMap(FailLevel.init(rawValue:))?.severity
    }

    /// The case of a closed set a key names (its schema lists the raw values); nil when unset or
    /// set to a word outside the set (`none`, `always`).
    func choice<Choice: RawRepresentable>(_ key: String, as type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        text(key).flatMap(Choice.init(rawValue:))
    }
}
