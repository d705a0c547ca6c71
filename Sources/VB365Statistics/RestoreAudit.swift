import VB365Model

/// When restore and export activity is a security finding (`security.restore-*` in the
/// configuration). VB365 records every restore session (`/RestoreSessions`): who started it
/// (`initiatedBy`), from where (`clientHost`), why (`reason`), and each item saved, exported,
/// sent, restored or viewed (its events).
public struct RestoreAuditSettings: Hashable, Sendable {
    /// False: the activity is still listed, but no finding is made.
    public var enabled = true
    /// Data taken out (saved, exported to PST, sent) of at least this many items in one session is
    /// a bulk export: 1,000.
    public var exportItems = 1_000
    /// ... or of at least this many bytes: 5 GiB.
    public var exportBytes: Double = 5 * 1_073_741_824
    /// Working hours in the report's time zone; nil: activity at any hour is no finding.
    public var hours: WorkingHours? = nil
    /// An operator is new when no earlier restore session names them, once the restore sessions
    /// read reach back this many days before the session (before that, everyone would be new): 14.
    public var learningDays: Double = 14
    /// A restore session that gives no reason is a finding (Restore Portal asks for one).
    public var requireReason = true
    /// `clientHost` names the operator's machine, so a host not seen before is a finding. Off by
    /// default: the v8 reference describes it as the VB365 server's address, and every session our
    /// simulator and the documented examples show carries the server's.
    public var hostIsClient = false
    /// The time zone the working hours are in.
    public var clock = ZoneClock.utc

    /// The defaults.
    public init() {}
}

/// Working hours: from `start` to `end` (minutes after midnight; `end` not included) on `days`
/// (1 Monday … 7 Sunday).
public struct WorkingHours: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public var days: Set<Int>

    /// Hours on the given days (Monday to Friday unless said).
    public init(start: Int, end: Int, days: Set<Int> = [1, 2, 3, 4, 5]) {
        self.start = start
        self.end = end
        self.days = days
    }

    /// Parses `07:00-19:00` (an end before the start runs past midnight); nil when it is not
    /// HH:MM-HH:MM or the two are equal.
    public init?(_ text: String, days: Set<Int> = [1, 2, 3, 4, 5]) {
        let parts = text.split(separator: "-").map { $0.split(separator: ":") }
        func minutes(_ p: [Substring]) -> Int? {
            guard p.count == 2, p[0].count <= 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
                (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 24 * 60
            else { return nil }
            return h * 60 + m
        }
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start != end else {
            return nil
        }
        self.init(start: start, end: end, days: days)
    }

    /// True when a local time (ISO weekday, minutes after midnight) is within them.
    public func contains(weekday: Int, minutes: Int) -> Bool {
        if start <= end { return days.contains(weekday) && start <= minutes && minutes < end }
        // A shift past midnight: its morning belongs to the day it began.
        if minutes >= start { return days.contains(weekday) }
        return minutes < end && days.contains(weekday == 1 ? 7 : weekday - 1)
    }
}

/// A time zone as the statistics need it: the offset from UTC at a time, injected by whoever
/// knows the tz database (the reports' `time-zone`). Equal when their names are.
public struct ZoneClock: Hashable, Sendable {
    /// The zone's IANA name.
    public var identifier: String
    /// Seconds east of UTC at a time.
    public var offset: @Sendable (Timestamp) -> Int

    /// A zone.
    public init(identifier: String, offset: @escaping @Sendable (Timestamp) -> Int) {
        self.identifier = identifier
        self.offset = offset
    }

    /// UTC.
    public static let utc = ZoneClock(identifier: "UTC") { _ in 0 }

    /// The local ISO weekday (1 Monday … 7 Sunday) and minutes after midnight of `t`.
    public func local(_ t: Timestamp) -> (weekday: Int, minutes: Int) {
        let seconds = Int64(t.secondsSince1970.rounded(.down)) + Int64(offset(t))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let minutes = Int((seconds - day * 86_400) / 60)
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = Int(((day + 3) % 7 + 7) % 7) + 1
        return (weekday, minutes)
    }

    public static func == (a: ZoneClock, b: ZoneClock) -> Bool { a.identifier == b.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}

/// One restore session of the window, what it did, and what about it is a finding.
public struct RestoreActivity: Sendable {
    public var session: RestoreSession
    /// Its events, in their order.
    public var events: [RestoreEvent]
    /// Index into `Summary.servers`; nil when the input did not name the server.
    public var serverIndex: Int?
    /// Index into `Summary.organizations`; nil when its organization is none of the summary's.
    public var organizationIndex: Int?
    /// Items saved, exported or sent that succeeded (or warned), and their bytes where known.
    public var takenOut = RestoreTotals()
    /// Items restored.
    public var restored = RestoreTotals()
    /// Items viewed.
    public var viewed = 0
    /// Items whose action failed.
    public var failedItems = 0
    /// Items whose action was cancelled (the session stopped by its operator).
    public var cancelledItems = 0
    /// Of the failed and cancelled items, those that were to be saved, exported or sent.
    public var failedTakeOuts = 0
    /// Items restored or sent to another place than their own (source to target), the first few.
    public var elsewhere: [(source: String, target: String)] = []
    /// How many items went elsewhere in all.
    public var elsewhereCount = 0
    /// Its findings, in `SecurityFinding.Kind` order.
    public var findings: [SecurityFinding.Kind] = []

    /// The session's organization as VB365 names it.
    public var organizationName: String { session.organizationName ?? session.organizationID?.description ?? "" }
}

/// A count of items and their bytes.
public struct RestoreTotals: Hashable, Sendable {
    public var items = 0
    /// The bytes of the items whose size is known.
    public var bytes: Int64 = 0

    /// Counts one more item of `size` bytes (when known); the bytes stop at `Int64.max` rather
    /// than overflow on hostile sizes.
    public mutating func add(_ size: Int64?) {
        items += 1
        let (sum, overflow) = bytes.addingReportingOverflow(max(0, size ?? 0))
        bytes = overflow ? .max : sum
    }

    /// A count.
    public init(items: Int = 0, bytes: Int64 = 0) {
        self.items = items
        self.bytes = bytes
    }
}

/// Judges restore sessions (`RestoreAuditSettings`).
public enum RestoreAudit {
    /// The sessions of `records` (oldest first) created in `window`, each with its totals and
    /// findings, judged against the earlier sessions; `organization` places a record in the
    /// summary's organizations, `server` maps its server to the summary's.
    public static func activities(
        _ records: [RestoreActivityRecord], window: TimeWindow, settings: RestoreAuditSettings,
        organization: (RestoreActivityRecord) -> Int?, server: (Int16) -> Int?
    ) -> [RestoreActivity] {
        var operators: Set<String> = []
        var hosts: Set<String> = []
        // Each server's restore history starts with its own oldest session read.
        var first: [Int16: Timestamp] = [:]
        for record in records {
            guard let created = record.session.creationTime else { continue }
            if created < first[record.server] ?? .init(ticks: .max) { first[record.server] = created }
        }
        var out: [RestoreActivity] = []
        for record in records {
            let session = record.session
            guard let created = session.creationTime else { continue }
            if window.isAfterEnd(created) { break }
            let operatorKey = "\(record.server)|" + (session.initiatedBy?.lowercased() ?? "")
            let hostKey = "\(record.server)|" + (session.clientHost?.lowercased() ?? "")
            defer {
                operators.insert(operatorKey)
                hosts.insert(hostKey)
            }
            // Created in the window, or created before it and ended in it: a session that was
            // still working when the last report was made is judged with what it did.
            let endedInWindow = session.endTime.map { window.contains($0) && window.isBeforeStart(created) } ?? false
            guard window.contains(created) || endedInWindow else { continue }
            var a = RestoreActivity(
                session: session, events: record.events.sorted { ($0.order ?? 0) < ($1.order ?? 0) },
                serverIndex: server(record.server), organizationIndex: organization(record))
            tally(&a)
            guard settings.enabled else {
                out.append(a)
                continue
            }
            let learned =
                first[record.server].map { created.seconds(since: $0) >= settings.learningDays * Seconds.day } ?? false
            var kinds: Set<SecurityFinding.Kind> = []
            if a.takenOut.items >= settings.exportItems || Double(a.takenOut.bytes) >= settings.exportBytes {
                kinds.insert(.bulkExport)
            }
            if a.elsewhereCount > 0 { kinds.insert(.restoreElsewhere) }
            let named = !(session.initiatedBy ?? "").isEmpty
            if learned && named && !operators.contains(operatorKey) { kinds.insert(.newOperator) }
            if settings.hostIsClient && learned && !(session.clientHost ?? "").isEmpty && !hosts.contains(hostKey) {
                kinds.insert(.newHost)
            }
            if let hours = settings.hours {
                let local = settings.clock.local(created)
                if !hours.contains(weekday: local.weekday, minutes: local.minutes) { kinds.insert(.offHours) }
            }
            if settings.requireReason && (session.reason ?? "").allSatisfy(\.isWhitespace) { kinds.insert(.noReason) }
            // `Stopped` is how every restore session ends; cut short is a failed session, or items
            // that failed or were cancelled.
            let cutShort = session.result == .failed || a.failedTakeOuts > 0
            if cutShort && a.takenOut.items > 0 { kinds.insert(.partialExport) }
            a.findings = SecurityFinding.Kind.allCases.filter { kinds.contains($0) }
            out.append(a)
        }
        return out
    }

    /// Counts what the session's events did.
    static func tally(_ a: inout RestoreActivity) {
        for e in a.events {
            let status = e.status ?? .success
            let takesOut = e.type?.takesDataOut ?? false
            if status == .failed {
                a.failedItems += 1
                if takesOut { a.failedTakeOuts += 1 }
                continue
            }
            if status == .cancelled {
                a.cancelledItems += 1
                if takesOut { a.failedTakeOuts += 1 }
                continue
            }
            guard status == .success || status == .warning else { continue }
            switch e.type {
            case .save?, .export?, .send?:
                a.takenOut.add(e.itemSizeBytes)
            case .restore?:
                a.restored.add(e.itemSizeBytes)
            case .view?:
                a.viewed += 1
            default: break
            }
            if e.type == .restore || e.type == .send, let source = e.source, let target = e.target,
                !target.isEmpty, owner(source) != owner(target)
            {
                if a.elsewhere.count < 5 { a.elsewhere.append((source, target)) }
                a.elsewhereCount += 1
            }
        }
    }

    /// Whose data a location is, as far as its text tells: a mailbox's address (before its folder),
    /// a OneDrive's or site's address (scheme, host and the first two path parts), else the text
    /// up to its first `\`; in lower case.
    static func owner(_ location: String) -> String {
        let text = location.lowercased().trimmingCharacters(in: " ")
        let parts = text.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count >= 2, parts[0].hasSuffix(":"), text.contains("://") {
            // `https:`, then the host and the first two path parts.
            return parts.prefix(4).joined(separator: "/")
        }
        let cut = text.firstIndex { $0 == "\\" || $0 == "/" } ?? text.endIndex
        return String(text[..<cut])
    }
}
