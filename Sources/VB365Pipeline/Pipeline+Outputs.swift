import Foundation
import VB365Delivery
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365Summary
import VB365Support

// MARK: - What a run produces

extension Pipeline {
    /// The formats of `summary`.
    public enum SummaryFormat: String, CaseIterable, Sendable {
        case text, json
    }

    /// The summary as text or JSON, and what `failOn` decides (`clear` without it).
    public func summary(format: SummaryFormat, failOn: Severity?) async throws -> (
        text: String, verdict: Summary.Verdict
    ) {
        let result = try await read()
        let summary = try summarize(result.inventory)
        let text: String
        switch format {
        case .text: text = SummaryText.render(summary)
        case .json: text = SummaryJSON.document(summary, toolVersion: configuration.toolVersion).rendered()
        }
        return (text, failOn.map(summary.verdict(at:)) ?? .clear)
    }

    /// Reads, renders every page in `formats`, validates each XHTML page, and replaces `folder`
    /// with the new report; returns the path of the index page.
    public func render(to folder: String, formats: [OutputFormat]) async throws -> String {
        guard let first = formats.first else {
            throw Failure(.usage, "no format to render", advice: "name xhtml, markdown or both")
        }
        let templates = try templates()
        let result = try await read()
        let summary = try summarize(result.inventory, history: .all)
        let renderer = ReportRenderer(
            input: reportInput(summary, logItems: result.inventory.logItems), templates: templates, formats: formats)
        _ = try await ReportPublisher.publish(renderer, to: folder, workers: configuration.workers)
        return URL(fileURLWithPath: folder).appendingPathComponent("index.\(first.fileExtension)").path
    }

    /// What `publishSite` needs besides the configuration.
    public struct SiteRequest: Sendable {
        /// The site folder.
        public var folder: String
        /// How much history the site keeps, in seconds.
        public var keepSeconds: Double
        /// The site's public address, for the feed's ids and links.
        public var siteURL: String?

        /// Creates a request; the site keeps 90 days.
        public init(folder: String, keepSeconds: Double = 90 * 86_400, siteURL: String? = nil) {
            self.folder = folder
            self.keepSeconds = keepSeconds
            self.siteURL = siteURL
        }
    }

    /// Publishes the static site (pages, badges, feed) into `request.folder`, keeping unchanged
    /// files; returns the index path and how many files were published and unchanged.
    public func publishSite(_ request: SiteRequest) async throws -> (index: String, files: Int, unchanged: Int) {
        let templates = try templates()
        let result = try await read()
        let summary = try summarize(result.inventory, history: .kept(seconds: request.keepSeconds))
        let input = reportInput(summary, logItems: result.inventory.logItems)
        var extras = SiteExtras.badges(input)
        extras.append(SiteExtras.feed(input, siteURL: request.siteURL))
        let checker = try validator()
        for file in extras where !checker.parseOnly(file.bytes) {
            throw Failure(.software, path: file.path, "not well-formed XML", advice: "nothing was changed")
        }
        let renderer = ReportRenderer(
            input: input, templates: templates, formats: [.xhtml, .markdown], stableSessionPages: true)
        let statistics = try await ReportPublisher.publish(
            renderer, to: request.folder, workers: configuration.workers, extras: extras, reuseUnchanged: true)
        let files = statistics.pages + extras.count
        if !configuration.quiet {
            DiagnosticPrinter.note(
                "published \(files) files to \(request.folder): \(files - statistics.unchanged) new or changed, \(statistics.unchanged) unchanged."
            )
        }
        return (
            URL(fileURLWithPath: request.folder).appendingPathComponent("index.html").path, files, statistics.unchanged
        )
    }

    /// Where a composed e-mail goes.
    public enum EmailDestination: Sendable {
        /// Returned to the caller (LF line ends), to print.
        case standardOutput
        /// A `.eml` file (CRLF line ends), written whole and durably; missing folders are created.
        case file(String)
        /// Handed to sendmail.
        case sendmail(Sendmail)
    }

    /// What `email` needs besides the configuration.
    public struct EmailRequest: Sendable {
        public var options: EmailOptions
        /// Send nothing unless the window reaches this level.
        public var onlyIf: Severity?
        public var destination: EmailDestination

        /// Creates a request.
        public init(options: EmailOptions, onlyIf: Severity? = nil, destination: EmailDestination) {
            self.options = options
            self.onlyIf = onlyIf
            self.destination = destination
        }
    }

    /// Composes the daily e-mail and delivers it; returns the message's bytes when the
    /// destination is standard output, and nil when nothing was to be sent or it was delivered.
    public func email(_ request: EmailRequest) async throws -> [UInt8]? {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory)
        // No data is something to report, like a finding.
        if let level = request.onlyIf, summary.verdict(at: level) == .clear, configuration.notices.isEmpty {
            DiagnosticPrinter.note(
                "nothing sent: the window holds nothing at \(level.description.lowercased()) level or above (--only-if \(level.description.lowercased()))."
            )
            return nil
        }
        let email = try EmailComposer.compose(
            reportInput(summary, logItems: result.inventory.logItems), templates: templates, options: request.options,
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
        }
        return nil
    }

    /// Writes the two ticket files of each selected session into `folder`, which is created when
    /// missing (nothing when one fails validation); returns their paths.
    public func ticket(_ selection: TicketSelection, folder: String, redact: Bool) async throws -> [String] {
        let templates = try templates()
        let validator = try validator()
        let result = try await read()
        let summary = try summarize(result.inventory, history: .all)
        let files = try TicketComposer.compose(
            try selection.sessions(in: summary), input: reportInput(summary, logItems: result.inventory.logItems),
            templates: templates, validator: validator, redact: redact)
        var paths: [String] = []
        for file in files {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.path).path
            try writeFile(file.bytes, to: path)
            paths.append(path)
        }
        return paths
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
