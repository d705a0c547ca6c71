import Foundation
import VB365Delivery
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365Summary
import VB365Support
import XHTMLValidation

// MARK: - What a run produces

extension Pipeline {
    /// The formats of `summary`.
    package enum SummaryFormat: String, CaseIterable, Sendable {
        case text, json, ndjson
    }

    /// The summary as text or JSON, and what `failOn` decides (`clear` without it).
    package func summary(format: SummaryFormat, layout: JSONLayout = .pretty, failOn: Severity?) async throws -> (
        text: String, verdict: Summary.Verdict
    ) {
        var output = BufferedOutput()
        let verdict = try await summary(format: format, layout: layout, failOn: failOn, to: &output)
        return (output.text, verdict)
    }

    /// Writes the summary to `output` as it is produced (JSON in `layout`), and returns what
    /// `failOn` decides (`clear` without it); a failed write is a failure with status 74.
    package func summary(
        format: SummaryFormat, layout: JSONLayout, failOn: Severity?, to output: inout BufferedOutput
    ) async throws -> Summary.Verdict {
        let result = try await read()
        // The writers read each session's facts as they write it, so none are kept.
        let summary = try summarize(result.inventory, keepingSessions: false)
        switch format {
        case .text: SummaryText.write(summary, zone: configuration.look.timeZone, to: &output)
        case .json: SummaryJSON.write(summary, toolVersion: configuration.toolVersion, layout: layout, to: &output)
        case .ndjson: SummaryJSON.writeLines(summary, toolVersion: configuration.toolVersion, to: &output)
        }
        do {
            try output.finish()
        } catch {
            throw Self.outputFailure(error)
        }
        return failOn.map(summary.verdict(at:)) ?? .clear
    }

    /// What to say when `output` could not be written: a reader that went away (EPIPE), a full
    /// disk or a failed device all end the run with 74 (EX_IOERR).
    static func outputFailure(_ failure: WriteFailure) -> Failure {
        if failure.code == EPIPE {
            return Failure(
                .ioError, "\(failure.path) was closed before the output was complete (broken pipe)",
                advice: "the program reading it stopped early; let it read everything, or ignore this status")
        }
        return Failure(
            .ioError, diagnostics: [failure.diagnostic(output: failure.path, kept: "the output is incomplete")])
    }

    /// Reads, renders every page in `formats`, validates each XHTML page, and replaces `folder`
    /// with the new report; returns the path of the index page.
    package func render(to folder: String, formats: [OutputFormat]) async throws -> String {
        guard let first = formats.first else {
            throw Failure(.usage, "no format to render", advice: "name xhtml, markdown or both")
        }
        let templates = try templates()
        let result = try await read()
        let summary = try summarize(result.inventory, history: .all)
        let (input, tenants) = try splitInput(reportInput(summary, inventory: result.inventory))
        let parts =
            [ReportPart(ReportRenderer(input: input, templates: templates, formats: formats))]
            + tenants.map {
                tenant in
                ReportPart(prefix: tenant.folder, unitCount: tenant.unitCount) {
                    ReportRenderer(input: tenant.input, templates: templates, formats: formats)
                }
            }
        _ = try await ReportPublisher.publish(parts, to: folder, workers: configuration.workers)
        return URL(fileURLWithPath: folder).appendingPathComponent("index.\(first.fileExtension)").path
    }

    /// What `publishSite` needs besides the configuration.
    package struct SiteRequest: Sendable {
        /// The site folder.
        package var folder: String
        /// How much history the site keeps, in seconds.
        package var keepSeconds: Double
        /// The site's public address, for the feed's ids and links.
        package var siteURL: String?
        /// Render and validate every page again, rather than only those whose inputs changed.
        package var rebuild: Bool

        /// Creates a request; the site keeps 90 days.
        package init(folder: String, keepSeconds: Double = 90 * 86_400, siteURL: String? = nil, rebuild: Bool = false) {
            self.folder = folder
            self.keepSeconds = keepSeconds
            self.siteURL = siteURL
            self.rebuild = rebuild
        }
    }

    /// Publishes the static site (pages, badges, feed) into `request.folder`, keeping unchanged
    /// files; returns the index path and how many files were published and unchanged. Only the
    /// pages whose inputs changed since the last run are rendered and validated (see
    /// `ReportPublisher.publish`), unless `request.rebuild`.
    package func publishSite(_ request: SiteRequest) async throws -> (
        index: String, files: Int, unchanged: Int, kept: Int
    ) {
        let templates = try templates()
        // The site's manifest is read while the input is read and summarised.
        let prefetched = request.rebuild ? nil : ManifestPrefetch(folder: request.folder)
        let result = try await read()
        let summary = try summarize(result.inventory, history: .kept(seconds: request.keepSeconds))
        let (input, tenants) = try splitInput(reportInput(summary, inventory: result.inventory))
        var extras = SiteExtras.badges(input)
        extras.append(SiteExtras.feed(input, siteURL: request.siteURL))
        var parts = [
            ReportPart(
                ReportRenderer(
                    input: input, templates: templates, formats: [.xhtml, .markdown], stableSessionPages: true))
        ]
        for tenant in tenants {
            let address = request.siteURL.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + tenant.folder + "/" }
            let own = tenant.input
            for file in SiteExtras.badges(own) + [SiteExtras.feed(own, siteURL: address)] {
                extras.append(
                    RenderedPage(
                        path: tenant.folder + "/" + file.path, bytes: file.bytes, template: file.template,
                        format: file.format))
            }
            parts.append(
                ReportPart(prefix: tenant.folder, unitCount: tenant.unitCount) {
                    ReportRenderer(
                        input: tenant.input, templates: templates, formats: [.xhtml, .markdown],
                        stableSessionPages: true)
                })
        }
        let checker = try validator()
        for file in extras where !checker.parseOnly(file.bytes) {
            throw Failure(.software, path: file.path, "not well-formed XML", advice: "nothing was changed")
        }
        let statistics = try await ReportPublisher.publish(
            parts, to: request.folder, workers: configuration.workers, extras: extras, reuseUnchanged: true,
            incremental: true, rebuild: request.rebuild, prefetched: prefetched)
        let files = statistics.pages + extras.count
        if !configuration.quiet {
            DiagnosticPrinter.note(
                "published \(files) files to \(request.folder): \(files - statistics.unchanged) new or changed, \(statistics.unchanged) unchanged (\(statistics.kept) of them not rendered again)."
            )
        }
        return (
            URL(fileURLWithPath: request.folder).appendingPathComponent("index.html").path, files, statistics.unchanged,
            statistics.kept
        )
    }

    /// Where a composed e-mail goes.
    package enum EmailDestination: Sendable {
        /// Returned to the caller (LF line ends), to print.
        case standardOutput
        /// A `.eml` file (CRLF line ends), written whole and durably; missing folders are created.
        /// With `split`, a folder that receives one `<tenant>.eml` per tenant.
        case file(String)
        /// Handed to sendmail.
        case sendmail(Sendmail)
        /// Submitted to an SMTP relay; with `split`, every tenant's message through one connection.
        case smtp(SMTPSubmitter)
    }

    /// What `email` needs besides the configuration.
    package struct EmailRequest: Sendable {
        package var options: EmailOptions
        /// Send nothing unless the window reaches this level.
        package var onlyIf: Severity?
        package var destination: EmailDestination

        /// Creates a request.
        package init(options: EmailOptions, onlyIf: Severity? = nil, destination: EmailDestination) {
            self.options = options
            self.onlyIf = onlyIf
            self.destination = destination
        }
    }

    /// Composes the daily e-mail and delivers it; returns the message's bytes when the
    /// destination is standard output, and nil when nothing was to be sent or it was delivered.
    /// With `split`, one message per tenant instead (see `emailTenants`).
    package func email(_ request: EmailRequest) async throws -> [UInt8]? {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory)
        if configuration.split == .organization {
            return try await emailTenants(
                request, input: reportInput(summary, inventory: result.inventory), inventory: result.inventory,
                templates: templates, validator: validator
            ).output
        }
        // No data is something to report, like a finding.
        if let level = request.onlyIf, summary.verdict(at: level) == .clear, configuration.notices.isEmpty {
            DiagnosticPrinter.note(
                "nothing sent: the window holds nothing at \(level.description.lowercased()) level or above (--only-if \(level.description.lowercased()))."
            )
            return nil
        }
        let email = try EmailComposer.compose(
            reportInput(summary, inventory: result.inventory), templates: templates, options: request.options,
            validator: validator)
        if let omitted = email.omitted, !configuration.quiet {
            DiagnosticPrinter.note("the HTML part was cut down to \(email.htmlBytes / 1000) KB. \(omitted)")
        }
        switch request.destination {
        case .standardOutput:
            return email.message.render(lineEnd: "\n")
        case .file(let path):
            try writeFile(email.message.render(lineEnd: "\r\n"), to: path)
        case .sendmail(let transport):
            try transport.send(email.message.render(lineEnd: "\n"))
            if !configuration.quiet {
                DiagnosticPrinter.note(
                    "sent to \(request.options.to.map(\.address).joined(separator: ", ")) with \(transport.path).")
            }
        case .smtp(let submitter):
            try await submitter.submit([SMTPMessage(email.message)])
            if !configuration.quiet {
                DiagnosticPrinter.note(
                    "sent to \(email.message.envelopeRecipients.joined(separator: ", ")) through \(submitter.settings.address)."
                )
            }
        }
        return nil
    }

    /// One message per tenant, each made of that tenant's input alone, to its own recipients (else
    /// the default ones), with its name in the subject, links into its own part of the site, and
    /// its own `only-if`. Every message is composed (and validated) before any is sent, so a
    /// template error sends none. Returns the messages one after another for standard output.
    /// `email` with `split`: one message per tenant; returns how many were sent.
    package func emailEachTenant(_ request: EmailRequest) async throws -> Int {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory)
        return try await emailTenants(
            request, input: reportInput(summary, inventory: result.inventory), inventory: result.inventory,
            templates: templates, validator: validator
        ).messages
    }

    func emailTenants(
        _ request: EmailRequest, input: ReportInput, inventory: Inventory, templates: TemplateSet,
        validator: XHTMLValidator
    ) async throws -> (messages: Int, output: [UInt8]?) {
        let tenants = try tenants(of: input) + TenantSplit.unassigned(of: input)
        var messages: [(folder: String, message: MailMessage)] = []
        for tenant in tenants {
            let settings = configuration.tenants.first { $0.matches(tenant.organizationIndex, in: input.summary) }
            let onlyIf = settings?.hasOnlyIf == true ? settings?.onlyIf : request.onlyIf
            let own = tenant.input
            if let level = onlyIf, own.summary.verdict(at: level) == .clear, own.notices.isEmpty {
                continue
            }
            var options = request.options
            if let to = settings?.to, !to.isEmpty { options.to = to }
            if !options.subject.contains("%OrgName%") { options.subject = "%OrgName%: " + options.subject }
            // The subject says first that what follows is not today's whole picture.
            if !own.notices.isEmpty { options.subject = "[Not up to date] " + options.subject }
            options.siteURL = request.options.siteURL.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + tenant.folder + "/" }
            let email = try EmailComposer.compose(
                own, templates: templates, options: options, validator: validator)
            messages.append((String(tenant.folder.split(separator: "/").last!), email.message))
        }
        if messages.isEmpty, !configuration.quiet {
            DiagnosticPrinter.note(
                tenants.isEmpty
                    ? "nothing sent: the input holds no job session and no job, so no organization has a report."
                    : "nothing sent: no organization's window reaches its only-if level.")
        }
        switch request.destination {
        case .standardOutput:
            return (messages.count, messages.flatMap { $0.message.render(lineEnd: "\n") })
        case .file(let folder):
            try claimMailFolder(folder)
            var written: Set<String> = []
            for message in messages {
                try writeFile(message.message.render(lineEnd: "\r\n"), to: folder + "/" + message.folder + ".eml")
                written.insert(message.folder + ".eml")
            }
            // The folder holds this run's messages: an earlier run's message for a tenant that has
            // none today (its only-if) would read as today's.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasSuffix(".eml") && !written.contains(name) {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        case .sendmail(let transport):
            for message in messages {
                try transport.send(message.message.render(lineEnd: "\n"))
            }
            if !configuration.quiet {
                DiagnosticPrinter.note(
                    "sent \(Formatting.count(messages.count, "message")), one per tenant, with \(transport.path).")
            }
        case .smtp(let submitter):
            try await submitter.submit(messages.map { SMTPMessage($0.message) })
            if !configuration.quiet {
                DiagnosticPrinter.note(
                    "sent \(Formatting.count(messages.count, "message")), one per tenant, through \(submitter.settings.address) (one connection)."
                )
            }
        }
        return (messages.count, nil)
    }

    /// Writes the two ticket files of each selected session into `folder`, which is created when
    /// missing (nothing when one fails validation); returns their paths.
    package func ticket(_ selection: TicketSelection, folder: String, redact: Bool) async throws -> [String] {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory, history: .all)
        let selected = try selection.sessions(in: summary)
        let input = reportInput(summary, inventory: result.inventory)
        // Each ticket is made of what its reader may see: with split, its tenant's input alone
        // (so a redacted ticket's masks, too, are numbered within the tenant).
        var batches: [(prefix: String, sessions: [SessionFacts], input: ReportInput)] = []
        if configuration.split == .organization {
            let tenants = try tenants(of: input)
            let placed = Set(tenants.map(\.organizationIndex))
            // Sessions of jobs of no known organization belong to no tenant: their tickets go to
            // the folder itself, as without split.
            let unplaced = selected.filter { !placed.contains(summary.jobs[$0.jobIndex].organizationIndex) }
            if !unplaced.isEmpty { batches.append(("", unplaced, input)) }
            for tenant in tenants {
                let ownInput = tenant.input
                let own = ownInput.summary
                let wanted = Set(
                    selected.filter { summary.jobs[$0.jobIndex].organizationIndex == tenant.organizationIndex }.map(
                        \.id))
                let sessions = (own.sessions + own.history).filter { wanted.contains($0.id) }
                if !sessions.isEmpty { batches.append((tenant.folder + "/", sessions, ownInput)) }
            }
        } else {
            batches = [("", selected, input)]
        }
        // Every file is composed (and validated) before any is written.
        var files: [(path: String, bytes: [UInt8])] = []
        for batch in batches {
            for file in try TicketComposer.compose(
                batch.sessions, input: batch.input, templates: templates, validator: validator, redact: redact)
            {
                files.append(
                    (URL(fileURLWithPath: folder).appendingPathComponent(batch.prefix + file.path).path, file.bytes))
            }
        }
        for file in files { try writeFile(file.bytes, to: file.path) }
        return files.map(\.path)
    }

    /// With `split`, `input` with its links to the tenants' reports, and the tenants; else
    /// `input` alone.
    func splitInput(_ input: ReportInput) throws(Failure) -> (
        overview: ReportInput, tenants: [TenantSplit.Tenant]
    ) {
        guard configuration.split == .organization else { return (input, []) }
        let tenants = try tenants(of: input)
        var overview = input
        overview.tenantFolders = Dictionary(uniqueKeysWithValues: tenants.map { ($0.organizationIndex, $0.folder) })
        return (overview, tenants)
    }

    /// The tenants of `input` (whose summary judged each by its own thresholds where
    /// `configuration.tenants` gives some: `summarize`); refuses a `tenants:` entry that matches
    /// several organizations, and warns of one that matches none, naming the organizations there are.
    func tenants(of input: ReportInput) throws(Failure) -> [TenantSplit.Tenant] {
        let summary = input.summary
        for settings in configuration.tenants {
            let matched = summary.organizations.indices.filter { settings.matches($0, in: summary) }
            if matched.count > 1 {
                // One customer's recipients must never receive another's report: fail closed.
                let places = matched.map { index in
                    let o = summary.organizations[index]
                    return
                        "\(o.name) (\(o.id?.description ?? "no id")\(o.serverIndex.map { " on " + summary.servers[$0].name } ?? ""))"
                }
                throw Failure(
                    .configuration,
                    "the tenants entry '\(settings.organization)'\(settings.server.map { " on server \($0)" } ?? "") matches \(matched.count) organizations: \(places.joined(separator: "; "))",
                    advice: "name the organization by its id, and its server with 'server:'; nothing was written")
            }
            if matched.isEmpty {
                let known = Set(summary.organizations.filter { $0.id != nil }.map(\.name)).sorted()
                DiagnosticPrinter.warning(
                    "no organization in the input is '\(settings.organization)'\(settings.server.map { " on server \($0)" } ?? ""), so its settings are unused; the organizations are: \(known.isEmpty ? "none" : known.prefix(20).joined(separator: "; "))"
                )
            }
        }
        return TenantSplit.tenants(
            of: input, serverNotices: configuration.serverNotices, proxyNames: configuration.tenantProxyNames)
    }

    /// The file that marks a folder of split e-mails as this tool's.
    static let mailFolderMarker = ".vb365-report-mail"

    /// Makes `folder` the split e-mails' folder: refuses a file, and a folder that holds files
    /// this tool did not write (no marker), so that nothing of anyone else's is overwritten.
    func claimMailFolder(_ folder: String) throws(Failure) {
        var isFolder: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw Failure(
                    .cannotCreate, path: folder, "is a file, but with --split the messages go into a folder",
                    advice: "name a folder (each tenant's message is written there as <tenant>.eml)")
            }
            let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != Self.mailFolderMarker }
            if !names.isEmpty, !fm.fileExists(atPath: folder + "/" + Self.mailFolderMarker) {
                throw Failure(
                    .cannotCreate, path: folder,
                    "holds files vb365-report did not write (\(names.sorted().prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : ""))",
                    advice: "name a new or empty folder for the tenants' messages; nothing was written")
            }
        }
        try writeFile(
            Array("vb365-report e-mail folder: one <tenant>.eml per organization.\n".utf8),
            to: folder + "/" + Self.mailFolderMarker)
    }

    /// Writes one file whole and durably (`DurableFile.write`), creating the folders above it;
    /// a failure names the file and exits 73, or 74 when the disk is full.
    func writeFile(_ bytes: [UInt8], to path: String) throws(Failure) {
        do {
            try DurableFile.createFolders(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            try DurableFile.write(bytes, to: path)
        } catch {
            throw Failure(
                error.exitStatus,
                diagnostics: [error.diagnostic(output: path, kept: "any earlier \(path) is unchanged")])
        }
    }
}

extension SMTPMessage {
    /// `message` as submitted: the envelope from its sender and every recipient (Bcc
    /// included), the bytes with CRLF line ends.
    init(_ message: MailMessage) {
        self.init(
            sender: message.from.address, recipients: message.envelopeRecipients,
            bytes: message.render(lineEnd: "\r\n"))
    }
}
