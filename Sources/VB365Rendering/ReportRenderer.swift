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
    /// The jobs whose pages this report has: every job, except that the overview of a split
    /// report leaves each tenant's jobs (and their sessions) to the tenant's folder.
    let jobs: [Int]
    /// The sessions whose pages this report has (window, then history).
    let sessions: [SessionFacts]?

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
        let summary = input.summary
        if input.tenantFolders.isEmpty {
            self.jobs = Array(summary.jobs.indices)
            self.sessions = nil
        } else {
            let own = summary.jobs.indices.filter { input.pagePrefix(job: $0).isEmpty }
            let kept = Set(own)
            self.jobs = own
            self.sessions = (summary.sessions + summary.history).filter { kept.contains($0.jobIndex) }
        }
    }

    /// One unit of work: a page rendered in every requested format.
    public enum Unit: Sendable {
        case digest
        /// The job at this index of `summary.jobs`.
        case job(Int)
        /// A session of the window or of its history.
        case session(SessionFacts)
    }

    /// The number of units: the digest, every job, every session described (window and history);
    /// in the overview of a split report, only those of no tenant.
    public var unitCount: Int {
        1 + jobs.count + (sessions?.count ?? (input.summary.sessions.count + input.summary.history.count))
    }

    /// Unit `index` of `unitCount`: the digest first, then the jobs, then the sessions of the
    /// window, then those of its history.
    public func unit(_ index: Int) -> Unit {
        let summary = input.summary
        if index == 0 { return .digest }
        let job = index - 1
        if job < jobs.count { return .job(jobs[job]) }
        let session = job - jobs.count
        if let sessions { return .session(sessions[session]) }
        if session < summary.sessions.count { return .session(summary.sessions[session]) }
        return .session(summary.history[session - summary.sessions.count])
    }

    /// The pages of unit `index`, one per format.
    public func pages(unit index: Int) throws(TemplateError) -> [RenderedPage] {
        try pages(unit: index, keeping: nil).compactMap(\.page)
    }

    /// A page of a unit: rendered, or kept as an earlier run made it.
    public struct UnitPage: Sendable {
        /// The path relative to the report folder.
        public var path: String
        /// What the page is built from; nil when keys were not asked for, or the view holds a
        /// value the key cannot take in (such a page is always rendered).
        public var key: PageKey?
        /// The rendered page; nil when `keep` kept the earlier one.
        public var page: RenderedPage?
    }

    /// The pages of unit `index`, one per format, with their keys when `keep` is given: a page
    /// for which `keep(path, key)` returns true is not rendered (the caller has kept the page an
    /// earlier run rendered from the same key).
    public func pages(
        unit index: Int, keeping keep: ((_ path: String, _ key: PageKey) -> Bool)?
    ) throws(TemplateError) -> [UnitPage] {
        let unit = self.unit(index)
        var pages: [UnitPage] = []
        pages.reserveCapacity(formats.count)
        for (format, builder) in zip(formats, builders) {
            let ext = format.fileExtension
            switch unit {
            // The digest and the job pages are rendered every time: they change whenever a job ran
            // (the publisher still keeps the file when the bytes are the same).
            case .digest:
                pages.append(try page(builder.digest(), path: "index.\(ext)", format: format))
            case .job(let job):
                pages.append(
                    try page(builder.jobPage(job), path: "\(builder.jobFiles[job]).\(ext)", format: format))
            case .session(let facts):
                let path = "\(FileNames.session(facts.id)).\(ext)"
                // A site's session page has a key from its inputs: kept, it is not even built.
                if let keep, let key = builder.sessionInputKey(facts, templates: templates) {
                    if keep(path, key) {
                        pages.append(UnitPage(path: path, key: key, page: nil))
                    } else {
                        var made = try page(builder.sessionPage(facts), path: path, format: format)
                        made.key = key
                        pages.append(made)
                    }
                } else {
                    pages.append(try page(builder.sessionPage(facts), path: path, format: format))
                }
            }
        }
        return pages
    }

    /// `view` rendered at `path`.
    func page<View: PageViewModel>(_ view: View, path: String, format: OutputFormat) throws(TemplateError) -> UnitPage {
        let template = View.kind.templateName(format)
        let bytes = try templates.renderBytes(view, format: format)
        return UnitPage(
            path: path, key: nil, page: RenderedPage(path: path, bytes: bytes, template: template, format: format))
    }
}
