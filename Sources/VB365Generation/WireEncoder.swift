import VB365Model
import VB365Support

/// Writes sessions, jobs, organizations and log items in the exact shape of one API version,
/// quirks included (string statistics and local offsets in v1/v2, lower-case absolute links in
/// v3–v5, relative links from v6, `title` vs `type`/`message` on log items, pages vs arrays).
package struct WireEncoder: Sendable {
    package var version: APIVersion
    /// The server's base URL, for absolute links (v1–v5).
    package var server: String
    /// The server's UTC offset in minutes, for v1/v2 local times.
    package var serverOffsetMinutes: Int
    /// Write v1/v2 statistics with a decimal comma, as servers with a German or French locale do.
    package var decimalComma: Bool
    /// Spaces per indentation level; 0 for compact JSON as servers send it.
    package var indent: Int
    /// Write processed objects with their `_links`; false: only `id`, `type` and `status`, all
    /// that the API's specification requires.
    package var linksProcessedObjects = true

    /// Creates an encoder.
    package init(
        version: APIVersion, server: String = "https://vbo.example.com:4443", serverOffsetMinutes: Int = -420,
        decimalComma: Bool = false, indent: Int = 0
    ) {
        self.version = version
        self.server = server
        self.serverOffsetMinutes = serverOffsetMinutes
        self.decimalComma = decimalComma
        self.indent = indent
    }

    // MARK: - Links

    /// `/vN/path`, prefixed with the server from v1 to v5.
    package func href(_ path: String) -> String {
        let prefixed = "/\(version)/" + path
        return version.relativeLinks ? prefixed : server + prefixed
    }

    /// A collection's name as this version writes it in links.
    package func collection(_ name: String) -> String { version.lowerCaseLinks ? name.lowercased() : name }

    // MARK: - Documents

    /// A `/JobSessions` response: an array (v1–v4) or a page (v5+).
    package func sessions(_ sessions: [JobSession], offset: Int = 0, limit: Int? = nil, next: Bool = false) -> [UInt8] {
        var w = WireJSONWriter(indent: indent, capacity: sessions.count * 1100 + 256)
        list(
            &w, paged: version.sessionsArePaged, path: "JobSessions", offset: offset,
            limit: limit ?? max(30, sessions.count), next: next
        ) { w in for s in sessions { session(&w, s) } }
        return w.bytes
    }

    /// A `/Jobs` response: an array (v1–v7) or a page (v8).
    package func jobs(_ jobs: [Job]) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        list(&w, paged: version.jobsArePaged, path: "Jobs", offset: 0, limit: max(30, jobs.count), next: false) { w in
            for j in jobs { job(&w, j) }
        }
        return w.bytes
    }

    /// An `/Organizations` response: an array (v1–v7) or a page (v8).
    package func organizations(_ organizations: [Organization]) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        list(
            &w, paged: version.jobsArePaged, path: "Organizations", offset: 0, limit: max(30, organizations.count),
            next: false
        ) { w in for o in organizations { organization(&w, o) } }
        return w.bytes
    }

    /// A session's log: `/log` (v1, array) or `/LogItems` (array in v2, page from v3).
    package func logItems(_ items: [LogItem], session: EntityID) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        let path = "\(collection("JobSessions"))/\(session)/\(version.logPath)"
        list(&w, paged: version.logItemsArePaged, path: path, offset: 0, limit: max(30, items.count), next: false) {
            w in for item in items { logItem(&w, item) }
        }
        return w.bytes
    }

    /// One session as `GET /JobSessions/{id}` returns it.
    package func singleSession(_ s: JobSession) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        session(&w, s)
        return w.bytes
    }

    /// What a list response holds.
    package enum ListContent: Sendable {
        case sessions([JobSession])
        case jobs([Job])
        case organizations([Organization])
        case logItems([LogItem], session: EntityID)
        case repositories([Repository])
        case proxies([BackupProxy])
        case processedObjects([ProcessedObject], session: EntityID)
    }

    /// Whether this version sends `content` as a page (else a bare array).
    package func isPaged(_ content: ListContent) -> Bool {
        switch content {
        case .sessions: return version.sessionsArePaged
        case .jobs, .organizations, .repositories, .proxies: return version.jobsArePaged
        case .logItems: return version.logItemsArePaged
        case .processedObjects: return true
        }
    }

    /// One page (or array) of a list response, with the `self` and `next` links given as paths
    /// after `/vN/` (`JobSessions?offset=30&limit=30`), for a server that pages and filters.
    package func page(_ content: ListContent, offset: Int, limit: Int, selfPath: String, nextPath: String?) -> [UInt8] {
        var count = 0
        switch content {
        case .sessions(let s): count = s.count
        default: break
        }
        var w = WireJSONWriter(indent: indent, capacity: count * 1100 + 256)
        list(&w, paged: isPaged(content), offset: offset, limit: limit, selfPath: selfPath, nextPath: nextPath) { w in
            switch content {
            case .sessions(let sessions): for s in sessions { session(&w, s) }
            case .jobs(let jobs): for j in jobs { job(&w, j) }
            case .organizations(let organizations): for o in organizations { organization(&w, o) }
            case .logItems(let items, _): for item in items { logItem(&w, item) }
            case .repositories(let repositories): for r in repositories { repository(&w, r) }
            case .proxies(let proxies): for p in proxies { proxy(&w, p) }
            case .processedObjects(let objects, _): for o in objects { processedObject(&w, o) }
            }
        }
        return w.bytes
    }

    /// One job as `GET /Jobs/{id}` returns it.
    package func singleJob(_ j: Job) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        job(&w, j)
        return w.bytes
    }

    /// One organization as `GET /Organizations/{id}` returns it.
    package func singleOrganization(_ o: Organization) -> [UInt8] {
        var w = WireJSONWriter(indent: indent)
        organization(&w, o)
        return w.bytes
    }

    private func list(
        _ w: inout WireJSONWriter, paged: Bool, path: String, offset: Int, limit: Int, next: Bool,
        _ body: (inout WireJSONWriter) -> Void
    ) {
        list(
            &w, paged: paged, offset: offset, limit: limit,
            selfPath: "\(collection(path))?offset=\(offset)&limit=\(limit)",
            nextPath: next ? "\(collection(path))?offset=\(offset + limit)&limit=\(limit)" : nil, body)
    }

    private func list(
        _ w: inout WireJSONWriter, paged: Bool, offset: Int, limit: Int, selfPath: String, nextPath: String?,
        _ body: (inout WireJSONWriter) -> Void
    ) {
        guard paged else {
            w.beginArray()
            body(&w)
            w.endArray()
            return
        }
        w.beginObject()
        w.number("offset", Int64(offset))
        w.number("limit", Int64(limit))
        if version >= .v7 { w.string("setId", SessionGenerator.uuid(UInt64(offset), 7, limit).description) }
        links(&w, [("self", selfPath), nextPath.map { ("next", $0) }])
        w.beginArray("results")
        body(&w)
        w.endArray()
        w.endObject()
    }

    // MARK: - Objects

    func time(_ t: Timestamp?) -> String? {
        guard let t else { return nil }
        guard version.localTimes else { return t.iso8601Fraction7 }
        let local = t.adding(seconds: Double(serverOffsetMinutes * 60))
        let sign = serverOffsetMinutes < 0 ? "-" : "+"
        let m = abs(serverOffsetMinutes)
        let zone = "\(sign)\(Formatting.pad(m / 60)):\(Formatting.pad(m % 60))"
        return String(local.iso8601Fraction7.dropLast()) + zone
    }

    func session(_ w: inout WireJSONWriter, _ s: JobSession) {
        let running = s.status?.isInProgress == true
        w.beginObject()
        w.string("id", s.id.description)
        if version >= .v8, let job = s.jobID { w.string("jobId", job.description) }
        if version >= .v7 {
            w.string("repositoryId", s.repositoryID?.description)
            if let main = s.mainSessionID { w.string("mainSessionId", main.description) }
        }
        if version >= .v6 { w.string("details", s.details) }
        w.string("creationTime", time(s.creationTime))
        if running || s.endTime == nil {
            // A running session: null from v7 (nullable there), .NET's minimum date before.
            if version >= .v7 { w.null("endTime") } else { w.string("endTime", "0001-01-01T00:00:00") }
        } else {
            w.string("endTime", time(s.endTime))
        }
        if version >= .v6 { w.number("retryCount", Int64(s.retryCount ?? 0)) }
        if version >= .v7 {
            if let retry = s.jobWillBeRetried { w.bool("jobWillBeRetried", retry) } else { w.null("jobWillBeRetried") }
        }
        w.number("progress", s.progress ?? 0)
        if version >= .v7 { w.string("jobType", (s.jobType ?? .backup).description) }
        if version >= .v8 { w.string("jobSessionConfigType", (s.configType ?? .incremental).description) }
        w.string("status", (s.status ?? .success).description)
        statistics(&w, s.statistics)
        if version >= .v8 {
            w.number("eTag", s.eTag ?? 1)
            w.string("proxyId", s.proxyID?.description)
            w.null("proxyPoolId")
        }
        links(
            &w,
            [
                ("self", "\(collection("JobSessions"))/\(s.id)"),
                ("log", "\(collection("JobSessions"))/\(s.id)/\(version.sessionLogLink)"),
                s.jobID.map { ("job", "\(collection("Jobs"))/\($0)") },
            ])
        w.endObject()
    }

    func statistics(_ w: inout WireJSONWriter, _ st: SessionStatistics) {
        w.beginObject("statistics")
        if version.hasStringStatistics {
            let items = st.processingRateItemsPerSecond ?? 0
            w.string("processingRate", rateText(st.processingRateBytesPerSecond ?? 0) + " (\(items) items/s)")
            w.string("readRate", rateText(st.readRateBytesPerSecond ?? 0))
            w.string("writeRate", rateText(st.writeRateBytesPerSecond ?? 0))
            w.string("transferredData", sizeText(st.transferredBytes ?? 0))
            w.number("processedObjects", st.processedObjects ?? 0)
        } else {
            w.number("processingRateBytesPS", st.processingRateBytesPerSecond ?? 0)
            w.number("processingRateItemsPS", st.processingRateItemsPerSecond ?? 0)
            w.number("readRateBytesPS", st.readRateBytesPerSecond ?? 0)
            w.number("writeRateBytesPS", st.writeRateBytesPerSecond ?? 0)
            w.number("transferredDataBytes", st.transferredBytes ?? 0)
            w.number("processedObjects", st.processedObjects ?? 0)
        }
        w.string("bottleneck", (st.bottleneck ?? .notAvailable).description)
        w.endObject()
    }

    /// `832.4 KB/s` (or `832,4 KB/s`): one decimal, 1024-based, as Veeam's console.
    func rateText(_ bytes: Int64) -> String { sizeText(bytes, alwaysDecimal: true) + "/s" }

    func sizeText(_ bytes: Int64, alwaysDecimal: Bool = false) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(bytes)
        var u = 0
        while v >= 1024 && u < units.count - 1 {
            v /= 1024
            u += 1
        }
        if u == 0 && !alwaysDecimal { return "\(bytes) B" }
        let tenths = Int64((v * 10).rounded())
        return "\(tenths / 10)\(decimalComma ? "," : ".")\(tenths % 10) \(units[u])"
    }

    func job(_ w: inout WireJSONWriter, _ j: Job) {
        if j.isCopyJob && version >= .v6 { return copyJob(&w, j) }
        w.beginObject()
        if version >= .v6 { w.string("description", j.description ?? "") }
        if version >= .v6 { w.string("backupType", j.backupType) }
        if let s = j.schedule {
            w.beginObject("schedulePolicy")
            w.string("type", s.type)
            if let e = s.periodicallyEvery { w.string("periodicallyEvery", e) }
            if let d = s.dailyType { w.string("dailyType", d) }
            if let t = s.dailyTime { w.string("dailyTime", t) }
            if version == .v1 {
                w.string("retryEnabled", (s.retryEnabled ?? false) ? "true" : "false")
            } else {
                w.bool("retryEnabled", s.retryEnabled ?? false)
            }
            if let n = s.retryNumber { w.number("retryNumber", Int64(n)) }
            if let m = s.retryWaitIntervalMinutes { w.number("retryWaitInterval", Int64(m)) }
            w.endObject()
        }
        w.string("id", j.id.description)
        if version >= .v8 { w.string("organizationId", j.organizationID?.description) }
        w.string("name", j.name ?? "")
        if version < .v6 { w.string("description", j.description ?? "") }
        if version == .v1 { w.string("allMailboxes", j.backupType == "EntireOrganization" ? "true" : "false") }
        if version >= .v2 && version < .v6 { w.string("backupType", j.backupType) }
        w.string("lastRun", time(j.lastRun))
        w.string("nextRun", time(j.nextRun))
        if version >= .v7 { w.string("lastBackup", time(j.lastBackup)) }
        if version == .v1 {
            w.string("isEnabled", (j.isEnabled ?? true) ? "true" : "false")
        } else {
            w.bool("isEnabled", j.isEnabled ?? true)
        }
        w.string("lastStatus", j.lastStatus?.description)
        if version >= .v8 { w.number("eTag", j.eTag ?? 1) }
        links(
            &w,
            [
                ("self", "\(collection("Jobs"))/\(j.id)"),
                j.organizationID.map { ("organization", "\(collection("Organizations"))/\($0)") },
            ])
        w.endObject()
    }

    /// Writes `_links` with an `href` for each relation given (nil ones left out), in order.
    func links(_ w: inout WireJSONWriter, _ relations: [(String, String)?]) {
        w.beginObject("_links")
        for case let (name, target)? in relations {
            w.beginObject(name)
            w.string("href", href(target))
            w.endObject()
        }
        w.endObject()
    }

    func organization(_ w: inout WireJSONWriter, _ o: Organization) {
        w.beginObject()
        w.string("type", o.type ?? "Office365")
        w.string("id", o.id.description)
        w.string("name", o.name ?? "")
        w.string("officeName", o.officeName)
        if version >= .v6 { w.bool("isBackedup", true) }
        links(&w, [("self", "\(collection("Organizations"))/\(o.id)")])
        w.endObject()
    }

    func logItem(_ w: inout WireJSONWriter, _ item: LogItem) {
        w.beginObject()
        w.string("id", item.id?.description)
        w.number("usn", item.usn ?? 0)
        // v8's `type`, and the word earlier versions put in front of the `title`.
        let (type, word): (String, String)
        switch item.severity {
        case .error: (type, word) = ("Error", "Failed")
        case .warning: (type, word) = ("Warning", "Warning")
        case .running: (type, word) = ("Running", "Running")
        case .stop: (type, word) = ("Stop", "Warning")
        default: (type, word) = ("Success", "Success")
        }
        if version.logItemsHaveType {
            w.string("type", type)
            w.string("message", item.message)
        } else {
            w.string("title", "[\(word)] \(item.message)")
        }
        w.string("creationTime", time(item.creationTime))
        w.string("endTime", time(item.endTime))
        links(&w, [("jobsessions", "\(collection("JobSessions"))/\(item.sessionID)")])
        w.endObject()
    }
}

extension Timestamp {
    /// ISO 8601 with all seven fractional digits, as .NET writes it.
    var iso8601Fraction7: String {
        let c = civil
        let p = Formatting.pad
        return
            "\(p(c.year, 4))-\(p(c.month, 2))-\(p(c.day, 2))T\(p(c.hour, 2)):\(p(c.minute, 2)):\(p(c.second, 2)).\(p(Int(c.fractionTicks), 7))Z"
    }
}
