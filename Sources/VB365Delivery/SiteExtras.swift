import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text

/// The files a published site has besides its pages: a status badge per job that dashboards and
/// wikis can embed, and an Atom feed (RFC 4287) of the sessions that failed or warned.
package enum SiteExtras {
    /// The most sessions the feed lists.
    package static let feedLimit = 200

    /// `badges/<job>.svg` for every job, named like the job's page, so the path never changes. A
    /// badge says whose status it is: `Organization / Job` (shortened when long, in full in its
    /// title), so one embedded in a wiki or a customer portal stands on its own.
    package static func badges(_ input: ReportInput) -> [RenderedPage] {
        input.summary.jobs.indices.map { index in
            let job = input.summary.jobs[index]
            let name = FileNames.job(index, of: input.summary).replacingOccurrences(of: "jobs/", with: "badges/")
            let word = job.outcome.word
            // A warning streak at the failed level is red, as on the pages.
            let escalated = job.outcome == .warning && job.freshness.streak?.escalates == true
            let owner = input.summary.organizations[job.organizationIndex].name + " / " + job.name
            let svg = badge(label: owner, status: word, color: escalated ? color(.failed) : color(job.outcome))
            return RenderedPage(path: name + ".svg", bytes: Array(svg.utf8), template: "badge.svg", format: .xhtml)
        }
    }

    static func color(_ outcome: GroupOutcome) -> String {
        switch outcome {
        case .success: return "#1a7f37"
        case .recovered, .warning: return "#9a6700"
        case .failed: return "#cf222e"
        case .missed, .stale, .hung: return "#82071e"
        case .running: return "#0969da"
        case .none, .noData, .other: return "#57606a"
        }
    }

    /// A two-part `label | status` badge in the familiar flat style: a label longer than 40
    /// characters is shortened in the picture, and in full in its title and accessible name.
    package static func badge(label: String, status: String, color: String) -> String {
        let full = Escaping.xml(DisplayText.clean(label))
        var text = DisplayText.clean(label)
        if text.count > 40 { text = String(text.prefix(39)) + "…" }
        let statusText = DisplayText.clean(status)
        let left = width(text)
        let right = width(statusText)
        let total = left + right
        let l = Escaping.xml(text)
        let s = Escaping.xml(statusText)
        // Ids of its own, so that several badges inlined in one page do not share a gradient.
        let id = "b" + String(MailMessage.hash(label + "\u{0}" + status).prefix(8))
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(total)" height="20" role="img" aria-label="\(full): \(s)">
            <title>\(full): \(s)</title>
            <linearGradient id="\(id)s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
            <clipPath id="\(id)r"><rect width="\(total)" height="20" rx="3" fill="#fff"/></clipPath>
            <g clip-path="url(#\(id)r)"><rect width="\(left)" height="20" fill="#555"/><rect x="\(left)" width="\(right)" height="20" fill="\(color)"/><rect width="\(total)" height="20" fill="url(#\(id)s)"/></g>
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
            <text x="\(Double(left) / 2)" y="14">\(l)</text><text x="\(Double(left) + Double(right) / 2)" y="14">\(s)</text>
            </g>
            </svg>

            """
    }

    /// About 7 pixels a character of 11 px Verdana, plus padding.
    static func width(_ text: String) -> Int { 12 + text.count * 7 }

    /// `feed.xml`: the sessions that failed or warned, and hung runs, newest first. Links are relative to the
    /// feed (or absolute under `siteURL`); ids are stable (`urn:uuid:<session id>`).
    package static func feed(_ input: ReportInput, siteURL: String?) -> RenderedPage {
        let s = input.summary
        let base = siteURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        // Each part filtered first: the history may hold many sessions, few of which failed.
        func wanted(_ f: SessionFacts) -> Bool { f.status == .failed || f.status == .warning || f.hung != nil }
        let sessions = (s.history.filter(wanted) + s.sessions.filter(wanted))
            .sorted { ($0.creationTime, $0.id) > ($1.creationTime, $1.id) }.prefix(feedLimit)
        let updated = sessions.map { $0.endTime ?? $0.creationTime }.max() ?? s.window.lastInstant
        let feedID: String
        if let siteURL {
            feedID = Escaping.xml(siteURL.hasSuffix("/") ? siteURL + "feed.xml" : siteURL + "/feed.xml")
        } else {
            let seed = s.organizations.compactMap { $0.id?.description }.sorted().joined(separator: ",")
            feedID = "urn:uuid:" + uuid(seed.isEmpty ? "vb365-report" : seed)
        }
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>VB365 job sessions that failed, warned or hung</title>
            <id>\(feedID)</id>
            <updated>\(rfc3339(updated))</updated>
            <author><name>vb365-report</name></author>
            <generator version="\(Escaping.xml(input.toolVersion))">vb365-report</generator>
            <link rel="self" type="application/atom+xml" href="\(Escaping.xml(base))feed.xml"/>
            <link rel="alternate" type="text/html" href="\(Escaping.xml(base))index.html"/>

            """
        for f in sessions {
            let job = s.jobs[f.jobIndex]
            let organization = s.organizations[job.organizationIndex].name
            let entryID: String
            if case .uuid = f.id {
                entryID = "urn:uuid:\(f.id)"
            } else {
                entryID = "urn:uuid:" + uuid(f.id.description)
            }
            let lines = f.attentionLog.prefix(3).map { "\($0.severity): \($0.message)" }
            // A hang is not "running": the word and the first sentence say so, with its start
            // rather than its elapsed time, so the feed changes only when a finding does.
            let word = f.hung == nil ? f.status.description : "Hung"
            let state =
                f.hung.map { h in
                    "Hung, \(h.queued ? "queued" : "running") since \(input.time.format(h.started))"
                        + (h.usualSeconds.map { " (usually \(FreshnessText.roughly($0)))" } ?? "")
                } ?? f.status.description
            let summary = (["\(state), \(f.retry.description)."] + lines).joined(separator: " ")
            out += """
                <entry>
                <id>\(entryID)</id>
                <title>\(Escaping.xml("[\(word)] \(DisplayText.clean(job.name)) (\(DisplayText.clean(organization))), \(input.time.format(f.creationTime))"))</title>
                <published>\(rfc3339(f.creationTime))</published>
                <updated>\(rfc3339(f.endTime ?? f.creationTime))</updated>
                <link rel="alternate" type="text/html" href="\(Escaping.xml(base + input.pagePrefix(job: f.jobIndex) + FileNames.session(f.id) + ".html"))"/>
                <category term="\(Escaping.xml(word))"/>
                <summary>\(Escaping.xml(DisplayText.clean(summary)))</summary>
                </entry>

                """
        }
        out += "</feed>\n"
        return RenderedPage(path: "feed.xml", bytes: Array(out.utf8), template: "feed.xml", format: .xhtml)
    }

    /// RFC 3339 with seconds (`2026-11-22T22:45:01Z`).
    static func rfc3339(_ t: Timestamp) -> String {
        let text = Timestamp(ticks: t.ticks - t.ticks % Timestamp.ticksPerSecond).iso8601
        return text
    }

    /// A version-4-shaped UUID from a hash of `text`: stable across runs.
    static func uuid(_ text: String) -> String {
        let h = MailMessage.hash(text)
        let c = Array(h)
        func part(_ a: Int, _ b: Int) -> String { String(c[a..<b]) }
        return "\(part(0, 8))-\(part(8, 12))-4\(part(13, 16))-8\(part(17, 20))-\(part(20, 32))"
    }
}
