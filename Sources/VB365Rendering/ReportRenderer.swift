import VB365Model
import VB365Statistics

/// One rendered page.
public struct RenderedPage: Sendable {
    /// The path relative to the report folder (`index.html`, `jobs/mail-1a2b3c4d.md`, ...).
    public var path: String
    public var bytes: [UInt8]
    /// The template that made it.
    public var template: String
    public var format: OutputFormat

    /// Creates a page.
    public init(path: String, bytes: [UInt8], template: String, format: OutputFormat) {
        self.path = path
        self.bytes = bytes
        self.template = template
        self.format = format
    }
}

/// Renders the pages of a report. The work is split into units (the digest, each job, each
/// session), each rendered in every requested format, so callers can spread units over cores.
public struct ReportRenderer: Sendable {
    public let templates: TemplateSet
    public let formats: [OutputFormat]
    let builders: [ViewBuilder]
    let input: ReportInput

    /// Creates a renderer for `formats` (in the order given); `stableSessionPages` for a
    /// published site, whose session pages must not change from run to run.
    public init(input: ReportInput, templates: TemplateSet, formats: [OutputFormat], stableSessionPages: Bool = false) {
        self.input = input
        self.templates = templates
        self.formats = formats
        self.builders = formats.map {
            var builder = ViewBuilder(input: input, format: $0)
            builder.stableSessionPages = stableSessionPages
            return builder
        }
    }

    /// The number of units: the digest, every job, every session described (window and history).
    public var unitCount: Int {
        1 + input.summary.jobs.count + input.summary.sessions.count + input.summary.history.count
    }

    /// The pages of unit `index`, one per format.
    public func pages(unit index: Int) -> [RenderedPage] {
        let summary = input.summary
        return zip(formats, builders).map { format, builder in
            let names = TemplateSet.pages[format]!
            let ext = format.fileExtension
            let path: String
            let template: String
            let text: String
            if index == 0 {
                (path, template) = ("index.\(ext)", names.digest)
                text = templates.render(builder.digest(), with: template)
            } else if index <= summary.jobs.count {
                let job = index - 1
                (path, template) = ("\(builder.jobFiles[job]).\(ext)", names.job)
                text = templates.render(builder.jobPage(job), with: template)
            } else {
                let k = index - 1 - summary.jobs.count
                let facts =
                    k < summary.sessions.count ? summary.sessions[k] : summary.history[k - summary.sessions.count]
                (path, template) = ("\(FileNames.session(facts.id)).\(ext)", names.session)
                text = templates.render(builder.sessionPage(facts), with: template)
            }
            return RenderedPage(path: path, bytes: Array(text.utf8), template: template, format: format)
        }
    }
}
