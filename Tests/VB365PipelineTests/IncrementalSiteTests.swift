import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365Support
import VB365TestSupport

/// An incremental site (only pages whose inputs changed are rendered) is byte for byte the site a
/// full rebuild gives, day after day, through a template change, a retention change, a new
/// version, and processed objects that change.
@Suite("the site, incrementally")
struct IncrementalSiteTests {
    /// Runs every two hours from October 29th: the sessions span two months from day 3, and from
    /// day 4 a job page lists only the newest 30 of its earlier sessions.
    static let start = Timestamp(year: 2026, month: 10, day: 29)
    static let generator = SessionGenerator(
        settings: .init(seed: 14, organizations: 2, jobsPerOrganization: 3, start: start, interval: 2 * 3600))

    /// The end of day `day` (1 is the first), an hour past midnight.
    static func now(_ day: Int) -> Timestamp { start.adding(seconds: Double(day) * 86_400 + 3600) }

    /// The archive as it is on `day`: every session begun before then, the newest of them still
    /// running (it ends the next day), and the logs of the sessions that failed or warned. From
    /// day 3 the first organization has another name, from day 4 the first session holds more
    /// data, from day 5 the first job has another name.
    static func writeArchive(day: Int, to folder: URL) throws -> String {
        let encoder = WireEncoder(version: .v8)
        let now = now(day)
        var sessions: [JobSession] = []
        var index = 0
        while true {
            let s = generator.session(index)
            let created = s.creationTime ?? start
            // Sessions are in time order per job, so once a whole round is past `now`, stop.
            if created >= now {
                if index % generator.jobs.count == generator.jobs.count - 1 { break }
            } else {
                sessions.append(s)
            }
            index += 1
        }
        // From day 4 the archive holds a corrected copy of the very first session (no baseline,
        // no retry, no log): only its facts change, and its page must.
        if day >= 4 {
            sessions[0].statistics.transferredBytes = (sessions[0].statistics.transferredBytes ?? 0) + 1_048_576
        }
        if let newest = sessions.indices.max(by: {
            (sessions[$0].creationTime ?? start) < (sessions[$1].creationTime ?? start)
        }) {
            sessions[newest].endTime = nil
            sessions[newest].status = .running
        }
        let fm = FileManager.default
        try fm.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try Data(encoder.sessions(sessions)).write(to: folder.appendingPathComponent("sessions.json"))
        var jobs = generator.jobs
        if day >= 5 { jobs[0].name = (jobs[0].name ?? "") + " (renamed)" }
        var organizations = generator.organizations
        if day >= 3 { organizations[0].name = (organizations[0].name ?? "") + " & Co" }
        try Data(encoder.jobs(jobs)).write(to: folder.appendingPathComponent("jobs.json"))
        try Data(encoder.organizations(organizations)).write(to: folder.appendingPathComponent("organizations.json"))
        for (i, s) in sessions.enumerated() where s.status == .failed || s.status == .warning {
            let items = generator.logItems(for: s, index: i)
            try Data(encoder.logItems(items, session: s.id)).write(
                to: folder.appendingPathComponent("logs/\(s.id).json"))
        }
        // The objects the failed and warned sessions processed, and the names of those that
        // failed or warned; from day 2 one of them has another name, from day 4 an object of
        // the first session with objects warned rather than succeeded.
        let infrastructure = InfrastructureGenerator(
            seed: 14, organizations: generator.organizations, jobs: generator.jobs, end: now)
        try fm.createDirectory(
            at: folder.appendingPathComponent("processed/objects"), withIntermediateDirectories: true)
        var renamed: String?
        var first = true
        for s in sessions where s.status == .failed || s.status == .warning {
            var pairs = infrastructure.processedObjects(for: s)
            if day >= 4, first, let last = pairs.indices.last { pairs[last].0.status = .warning }
            first = false
            try Data(encoder.processedObjects(pairs.map(\.0), session: s.id)).write(
                to: folder.appendingPathComponent("processed/\(s.id).json"))
            for (object, var entry) in pairs where object.status != .success {
                renamed = renamed ?? entry.id
                if day >= 2, entry.id == renamed { entry.name += " (object renamed)" }
                try Data(encoder.object(entry)).write(
                    to: folder.appendingPathComponent("processed/objects/\(entry.id).json"))
            }
        }
        return folder.path
    }

    static func pipeline(
        _ input: String, day: Int, templates: String? = nil, version: String = "0.1.0", split: Bool
    ) -> Pipeline {
        PipelineFixture.pipeline([input], now: now(day), templates: templates, version: version, split: split)
    }

    /// Every file under `folder` (hidden ones too) by relative path, with its bytes.
    static func tree(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let fm = FileManager.default
        for path in try fm.subpathsOfDirectory(atPath: folder) {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[path] = fm.contents(atPath: folder + "/" + path)
        }
        return files
    }

    /// Every session page of the site is listed on exactly one month page of its job; job pages
    /// list at most 30 earlier sessions and say how many more the month pages hold.
    static func checkMonths(_ site: [String: Data], day: Int) throws {
        let month = try Regex(#"jobs/[^/]*-[0-9]{4}-[0-9]{2}\.html$"#)
        var listed: [String: Int] = [:]
        var months = 0
        for (path, bytes) in site where path.contains(month) {
            months += 1
            let folder = String(path[..<path.range(of: "jobs/")!.lowerBound])
            let page = String(decoding: bytes, as: UTF8.self)
            for link in page.matches(of: try Regex(#"href="\.\./(sessions/[^"]+\.html)""#)) {
                listed[folder + String(link.output[1].substring!), default: 0] += 1
            }
        }
        let sessions = site.keys.filter { $0.contains("sessions/") && $0.hasSuffix(".html") }
        #expect(months >= (day >= 3 && day < 5 ? 12 : 6), "day \(day): \(months) month pages")
        #expect(Set(listed.keys) == Set(sessions), "day \(day)")
        #expect(listed.values.allSatisfy { $0 == 1 }, "day \(day)")
        var older = 0
        for (path, bytes) in site where path.hasSuffix(".md") && path.contains("jobs/") && !path.contains(month) {
            let page = String(decoding: bytes, as: UTF8.self)
            guard let earlier = page.range(of: "## Earlier sessions") else { continue }
            let rows = page[earlier.upperBound...].split(separator: "\n").filter { $0.contains("](../sessions/") }
            #expect(rows.count <= 30, "\(path)")
            if page.contains("sessions before these are on the pages of their months") { older += 1 }
        }
        if day == 4 { #expect(older > 0, "day 4: a job page leaves its oldest sessions to the month pages") }
    }

    @Test(
        "six days of incremental runs give, each day, the bytes of a full rebuild: new sessions, a running one that ends, retries, a deleted page, a template change, a shorter --keep, a new version",
        arguments: [false, true])
    func sameAsFullRebuild(split: Bool) async throws {
        try await withTemporaryFolder { root in
            let site = root.appendingPathComponent("site").path
            // Day 4 on: the session page's Markdown template says one more thing.
            let templates = root.appendingPathComponent("templates")
            try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
            let markdown = try #require(try TemplateSet().sources["session.md"])
            try (markdown + "Edited.\n").write(
                to: templates.appendingPathComponent("session.md.mustache"), atomically: true, encoding: .utf8)
            var sessionPages = 0
            for day in 1...6 {
                let input = try Self.writeArchive(day: day, to: root.appendingPathComponent("input-\(day)"))
                let overrides = day >= 4 ? templates.path : nil
                let version = day == 6 ? "0.2.0" : "0.1.0"
                let keep = day >= 5 ? 2 * Seconds.day : 90 * Seconds.day
                if day == 3 {
                    // A page that went missing from the site is rendered again, not linked from nowhere.
                    let sessions = try #require(
                        try Self.tree(site).keys.filter { $0.contains("sessions/") && $0.hasSuffix(".html") }.min())
                    try FileManager.default.removeItem(atPath: site + "/" + sessions)
                }
                let made = try await Self.pipeline(
                    input, day: day, templates: overrides, version: version, split: split
                )
                .publishSite(Pipeline.SiteRequest(folder: site, keepSeconds: keep))
                let full = root.appendingPathComponent("full-\(day)").path
                _ = try await Self.pipeline(input, day: day, templates: overrides, version: version, split: split)
                    .publishSite(Pipeline.SiteRequest(folder: full, keepSeconds: keep))
                let incremental = try Self.tree(site)
                let rebuilt = try Self.tree(full)
                #expect(incremental.keys.sorted() == rebuilt.keys.sorted(), "day \(day)")
                for (path, bytes) in rebuilt where incremental[path] != bytes {
                    Issue.record("day \(day): \(path) differs from a full rebuild")
                }
                #expect(incremental[".vb365/pages.tsv"] != nil)
                try Self.checkMonths(rebuilt, day: day)
                // The renamed object is on the pages of the sessions it failed or warned in (until
                // the shorter --keep of day 5 drops them).
                let renamed = rebuilt.filter { $0.key.contains("sessions/") && $0.key.hasSuffix(".html") }.values
                    .filter { String(decoding: $0, as: UTF8.self).contains(" (object renamed)") }
                if day <= 4 { #expect(renamed.isEmpty == (day < 2), "day \(day)") }
                let previousSessionPages = sessionPages
                sessionPages = rebuilt.keys.filter { $0.contains("sessions/") }.count
                switch day {
                case 1, 6:
                    // Nothing to keep on the first day; a new version renders every page again.
                    #expect(made.kept == 0, "day \(day)")
                case 2:
                    // Most of yesterday's session pages are kept (not those whose retry chain grew, or
                    // the session that was running).
                    #expect(made.kept > previousSessionPages / 2, "day \(day): \(made.kept) of \(previousSessionPages)")
                    #expect(made.kept < sessionPages)
                case 4:
                    // The Markdown session template changed: only XHTML session pages may be kept.
                    #expect(made.kept > 0 && made.kept <= previousSessionPages / 2, "day \(day): \(made.kept)")
                default:
                    #expect(made.kept > 0, "day \(day)")
                }
            }
            // --rebuild renders every page, and gives the same site.
            let input = root.appendingPathComponent("input-6").path
            let before = try Self.tree(site)
            let again = try await Self.pipeline(
                input, day: 6, templates: templates.path, version: "0.2.0", split: split
            )
            .publishSite(Pipeline.SiteRequest(folder: site, keepSeconds: 2 * 86_400, rebuild: true))
            #expect(again.kept == 0)
            #expect(try Self.tree(site) == before)
        }
    }
}
