import Crypto
import Synchronization
import VB365Model
import VB365Statistics

/// One rendered page.
package struct RenderedPage: Sendable {
    /// The path relative to the report folder (`index.html`, `jobs/mail-1a2b3c4d.md`, ...).
    package var path: String
    package var bytes: [UInt8]
    /// The template that made it.
    package var template: String
    package var format: OutputFormat
    /// True for a data file among the pages (an organization's protection CSV): written as it
    /// is, never validated as XHTML whatever `format` says.
    package var isData = false

    /// Creates a page.
    package init(path: String, bytes: [UInt8], template: String, format: OutputFormat, isData: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.template = template
        self.format = format
        self.isData = isData
    }
}

/// Renders the pages of a report. The work is split into units (the digest, each job, each
/// session), each rendered in every requested format, so callers can spread units over cores.
/// The digest's unit holds the pages of the whole report (the infrastructure page, the restore
/// activity page); each organization's protection pages and CSV file are a unit of their own,
/// after the sessions.
package struct ReportRenderer: Sendable {
    package let templates: TemplateSet
    package let formats: [OutputFormat]
    let builders: [ViewBuilder]
    let input: ReportInput
    /// The jobs whose pages this report has: every job, except that the overview of a split
    /// report leaves each tenant's jobs (and their sessions) to the tenant's folder.
    let jobs: [Int]
    /// The sessions whose pages this report has (`ViewBuilder.facts(ordinal:)`: window, then
    /// history); nil for all of them.
    let sessions: [Int]?
    /// The organizations whose protection pages this report has (`ViewBuilder.protectionTenants`).
    let protectionTenants: [Int]
    /// A site's pages: session pages that stay the same from run to run, a job page that lists
    /// the newest earlier sessions, and a page per month of each job's sessions.
    let stable: Bool
    /// Each session's `ViewBuilder.sessionDigest`, made once and shared by its page's key in every
    /// format and by its month page's key.
    let digests: SessionDigests
    /// `ViewBuilder.keySettings` of session and month pages, by format.
    let sessionSettings: [[UInt8]]
    let monthSettings: [[UInt8]]

    /// Creates a renderer for `formats` (in the order given); `stableSessionPages` for a
    /// published site, whose session pages must not change from run to run.
    package init(input: ReportInput, templates: TemplateSet, formats: [OutputFormat], stableSessionPages: Bool = false)
    {
        self.input = input
        self.templates = templates
        self.formats = formats
        let lookups = ViewBuilder.Lookups(input)
        let builders = formats.map {
            var builder = ViewBuilder(input: input, format: $0, lookups: lookups)
            builder.stableSessionPages = stableSessionPages
            return builder
        }
        self.builders = builders
        self.stable = stableSessionPages
        let summary = input.summary
        if input.tenantFolders.isEmpty {
            self.jobs = Array(summary.jobs.indices)
            self.sessions = nil
        } else {
            let own = summary.jobs.indices.filter { input.pagePrefix(job: $0).isEmpty }
            let kept = Set(own)
            self.jobs = own
            let n = summary.sessions.count
            self.sessions =
                summary.sessions.indices.filter { kept.contains(summary.sessions[$0].jobIndex) }
                + summary.history.indices.filter { kept.contains(summary.history[$0].jobIndex) }.map { $0 + n }
        }
        self.protectionTenants = builders.first?.protectionTenants ?? []
        self.digests = SessionDigests(count: stableSessionPages ? summary.sessions.count + summary.history.count : 0)
        self.sessionSettings = builders.map { $0.keySettings(.session, templates: templates) }
        self.monthSettings = builders.map { $0.keySettings(.jobMonth, templates: templates) }
    }

    /// One unit of work: a page rendered in every requested format.
    package enum Unit: Sendable {
        case digest
        /// The job at this index of `summary.jobs`, with its month pages on a site.
        case job(Int)
        /// A session of the window or of its history, by its place in them (window first).
        case session(Int)
        /// An organization's protection pages and CSV file, by its index in
        /// `summary.protection.tenants`.
        case protection(Int)
    }

    /// The sessions' units.
    var sessionUnits: Int { sessions?.count ?? (input.summary.sessions.count + input.summary.history.count) }

    /// The number of units: the digest, every job, every session described (window and history),
    /// every organization's protection; in the overview of a split report, only those of no tenant.
    package var unitCount: Int { 1 + jobs.count + sessionUnits + protectionTenants.count }

    /// Unit `index` of `unitCount`: the digest first, then each job followed by an equal share
    /// of the sessions (those of the window, then those of its history), then the sessions left.
    /// Spreading the jobs, whose pages take work, among the sessions, whose kept pages take mostly
    /// the file system, lets one worker render while another links.
    package func unit(_ index: Int) -> Unit {
        if index == 0 { return .digest }
        let sessionCount = sessionUnits
        if index > jobs.count + sessionCount {
            return .protection(protectionTenants[index - 1 - jobs.count - sessionCount])
        }
        let share = jobs.isEmpty ? 0 : sessionCount / jobs.count
        let place = index - 1
        let session: Int
        if place < jobs.count * (share + 1) {
            let (block, within) = place.quotientAndRemainder(dividingBy: share + 1)
            if within == 0 { return .job(jobs[block]) }
            session = block * share + within - 1
        } else {
            session = place - jobs.count
        }
        return .session(sessions?[session] ?? session)
    }

    /// The pages of unit `index`, one per format.
    package func pages(unit index: Int) throws(TemplateError) -> [RenderedPage] {
        try pages(unit: index, keeping: nil).compactMap(\.page)
    }

    /// A page of a unit: rendered, or kept as an earlier run made it.
    package struct UnitPage: Sendable {
        /// The path relative to the report folder.
        package var path: String
        /// What the page is built from; nil when keys were not asked for, or the page is not one
        /// that has a key (such a page is always rendered).
        package var key: PageKey?
        /// The rendered page; nil when `keep` kept the earlier one.
        package var page: RenderedPage?
    }

    /// The pages of unit `index`, one per format (and a job's month pages on a site), with their
    /// keys when `keep` is given: a page for which `keep(path, key)` returns true is not rendered
    /// (the caller has kept the page an earlier run rendered from the same key).
    package func pages(
        unit index: Int, keeping keep: ((_ path: String, _ key: PageKey) -> Bool)?
    ) throws(TemplateError) -> [UnitPage] {
        let unit = self.unit(index)
        var pages: [UnitPage] = []
        pages.reserveCapacity(formats.count)
        // A site's job has a page per month of its sessions.
        if case .protection(let tenant) = unit { return try protectionPages(tenant: tenant) }
        var months: [ViewBuilder.JobMonth] = []
        if stable, case .job(let job) = unit { months = builders[0].jobMonths(job) }
        for (f, (format, builder)) in zip(formats, builders).enumerated() {
            let ext = format.fileExtension
            switch unit {
            // The digest and the job pages are rendered every time: they change whenever a job ran
            // (the publisher still keeps the file when the bytes are the same).
            case .digest:
                pages.append(try page(builder.digest(), path: "index.\(ext)", format: format))
                pages.append(
                    try page(
                        builder.infrastructurePage(), path: "\(ViewBuilder.infrastructureFile).\(ext)", format: format))
                if builder.hasRestorePage {
                    pages.append(
                        try page(builder.restoresPage(), path: "\(ViewBuilder.restoresFile).\(ext)", format: format))
                }
            case .job(let job):
                pages.append(
                    try page(
                        builder.jobPage(job, months: months), path: "\(builder.jobFiles[job]).\(ext)",
                        format: format))
                for at in months.indices {
                    let path = "\(builder.jobMonthFile(job, month: months[at].month)).\(ext)"
                    let key =
                        keep == nil
                        ? nil
                        : builder.jobMonthKey(
                            job, months: months, at: at, digests: months[at].ordinals.map(digest),
                            settings: monthSettings[f])
                    try pages.append(
                        keyed(path: path, key: key, keep: keep, format: format) { () throws(TemplateError) in
                            try page(builder.jobMonthPage(job, months: months, at: at), path: path, format: format)
                        })
                }
            case .protection: break
            case .session(let ordinal):
                let facts = builder.facts(ordinal: ordinal)
                let path = "\(FileNames.session(facts.id)).\(ext)"
                // A site's session page has a key from its inputs: kept, it is not even built.
                let key =
                    keep != nil && stable ? ViewBuilder.sessionKey(digest(ordinal), settings: sessionSettings[f]) : nil
                try pages.append(
                    keyed(path: path, key: key, keep: keep, format: format) { () throws(TemplateError) in
                        try page(builder.sessionPage(facts), path: path, format: format)
                    })
            }
        }
        return pages
    }

    /// The page at `path`: kept when it has a key that `keep` accepts, else rendered by `render`.
    func keyed(
        path: String, key: PageKey?, keep: ((String, PageKey) -> Bool)?, format: OutputFormat,
        render: () throws(TemplateError) -> UnitPage
    ) throws(TemplateError) -> UnitPage {
        guard let key, let keep else { return try render() }
        if keep(path, key) { return UnitPage(path: path, key: key, page: nil) }
        var made = try render()
        made.key = key
        return made
    }

    /// The `ViewBuilder.sessionDigest` of the session at `ordinal`, made on first use.
    func digest(_ ordinal: Int) -> SHA256.Digest {
        if let known = digests.slots.withLock({ $0[ordinal] }) { return known }
        let made = builders[0].sessionDigest(builders[0].facts(ordinal: ordinal))
        digests.slots.withLock { $0[ordinal] = made }
        return made
    }

    /// `view` rendered at `path`.
    func page<View: PageViewModel>(_ view: View, path: String, format: OutputFormat) throws(TemplateError) -> UnitPage {
        let template = View.kind.templateName(format)
        let bytes = try templates.renderBytes(view, format: format)
        return UnitPage(
            path: path, key: nil, page: RenderedPage(path: path, bytes: bytes, template: template, format: format))
    }
}

/// The sessions' digests of one renderer, shared by the workers that render its units.
final class SessionDigests: Sendable {
    let slots: Mutex<[SHA256.Digest?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
}
