import Foundation
import VB365Delivery
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365SummaryOutput
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

        /// How much history a site keeps by default: 90 days.
        package static let defaultKeepSeconds = 90 * Seconds.day

        /// Creates a request; the site keeps 90 days.
        package init(
            folder: String, keepSeconds: Double = defaultKeepSeconds, siteURL: String? = nil, rebuild: Bool = false
        ) {
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

    /// What `email` did.
    package struct EmailOutcome: Sendable {
        /// How many messages were delivered (or written, or returned): one, or one per tenant
        /// with `split`; 0 when `only-if` held every one back.
        package var messages: Int
        /// The messages one after another (LF line ends) when the destination is standard output.
        package var output: [UInt8]?
    }

    /// Composes the daily e-mail and delivers it: one message of the whole input, or with
    /// `split` one message per tenant (`tenantMessages`). Every message is composed (and
    /// validated) before any is sent, so a template error sends none. The one entry point of
    /// e-mail, for the `email` command and for `run`.
    package func email(_ request: EmailRequest) async throws -> EmailOutcome {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory)
        let input = reportInput(summary, inventory: result.inventory)
        if configuration.split == .organization {
            let messages = try tenantMessages(request, input: input, templates: templates, validator: validator)
            return try await deliverEach(messages, to: request.destination)
        }
        if Self.holdsBack(input, onlyIf: request.onlyIf) {
            if !configuration.quiet, let level = request.onlyIf {
                DiagnosticPrinter.note(
                    "nothing sent: the window holds nothing at \(level.description.lowercased()) level or above (--only-if \(level.description.lowercased()))."
                )
            }
            return EmailOutcome(messages: 0)
        }
        var options = request.options
        if !input.notices.isEmpty { options.subject = Self.notUpToDate(options.subject) }
        let email = try EmailComposer.compose(input, templates: templates, options: options, validator: validator)
        if let omitted = email.omitted, !configuration.quiet {
            DiagnosticPrinter.note("the HTML part was cut down to \(email.htmlBytes / 1000) KB. \(omitted)")
        }
        switch request.destination {
        case .standardOutput:
            return EmailOutcome(messages: 1, output: email.message.render(lineEnd: "\n"))
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
        return EmailOutcome(messages: 1)
    }

    /// True when `onlyIf` holds back the message of `input`: the window reaches nothing at the
    /// level and holds sessions, and no notice says the data is not up to date (no data, like a
    /// notice, is something to report).
    static func holdsBack(_ input: ReportInput, onlyIf level: Severity?) -> Bool {
        guard let level else { return false }
        return input.summary.verdict(at: level) == .clear && input.notices.isEmpty
    }

    /// A subject that says first that what follows is not today's whole picture.
    static func notUpToDate(_ subject: String) -> String { "[Not up to date] " + subject }

    /// Writes the two ticket files of each selected session into `folder`, which is created when
    /// missing (nothing when one fails validation); returns their paths.
    package func ticket(_ selection: TicketSelection, folder: String, redact: Bool) async throws -> [String] {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory, history: .all)
        let selected = try selection.sessions(in: summary)
        let input = reportInput(summary, inventory: result.inventory)
        let batches = try ticketBatches(selected, input: input)
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
    package init(_ message: MailMessage) {
        self.init(
            sender: message.from.address, recipients: message.envelopeRecipients,
            bytes: message.render(lineEnd: "\r\n"))
    }
}
