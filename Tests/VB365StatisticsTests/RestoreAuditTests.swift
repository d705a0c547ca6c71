import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Text

/// Three weeks of ordinary daytime restores by two help-desk operators, each with a reason and in
/// place, then a night that `add` fills in.
struct RestoreWorld {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 12)
    var inventory = Inventory()
    var organizations = ["Contoso Ltd", "Fabrikam GmbH"]

    init(historyDays: Int = 21) {
        for (index, name) in organizations.enumerated() {
            var o = Organization(id: EntityID("org-\(index)"))
            o.name = name
            inventory.add(o)
            var j = Job(id: EntityID("job-\(index)"))
            j.name = "Mailboxes"
            j.organizationID = o.id
            inventory.add(j)
            // A nightly backup, so that check has sessions to judge.
            for night in 0...historyDays {
                var session = JobSession(id: EntityID("s-\(index)-\(night)"))
                session.jobID = j.id
                session.creationTime = Self.now.adding(seconds: -Double(night) * 86_400 - 10 * 3600)
                session.endTime = session.creationTime!.adding(seconds: 600)
                session.status = .success
                inventory.add(session)
            }
        }
        for day in stride(from: historyDays, to: 0, by: -1) {
            let start = Self.now.adding(seconds: -Double(day) * 86_400 - 2 * 3600)
            add(
                "h\(day)", at: start, by: day % 2 == 0 ? "CONTOSO\\helpdesk.anna" : "CONTOSO\\helpdesk.ben",
                organization: organizations[day % 2], reason: "Ticket \(1000 + day)",
                events: [(.restore, "alice@contoso.com\\Inbox", "alice@contoso.com\\Inbox", 1)])
        }
    }

    /// Adds a session with `events` of (type, source, target, count), each item 1.34 MB.
    mutating func add(
        _ id: String, at time: Timestamp, by user: String, organization: String, reason: String?,
        result: RestoreSessionResult = .success, failedAfter: Int? = nil,
        events: [(RestoreEventType, String, String, Int)]
    ) {
        var s = RestoreSession(id: EntityID(id))
        s.creationTime = time
        s.endTime = time.adding(seconds: 1800)
        s.initiatedBy = user
        s.clientHost = "vbo.example.com"
        s.reason = reason
        s.organizationName = organization
        s.type = .exchange
        s.state = .stopped
        s.result = result
        var list: [RestoreEvent] = []
        for (type, source, target, count) in events {
            for i in 0..<count {
                var e = RestoreEvent(sessionID: s.id, id: EntityID("\(id)-\(list.count)"))
                e.type = type
                e.status = failedAfter.map { i >= $0 ? .failed : .success } ?? .success
                e.source = source
                e.target = target
                e.itemName = "Item \(i)"
                e.itemSizeBytes = 1_340_000
                e.order = list.count
                list.append(e)
            }
        }
        inventory.addRestoreSession(s)
        inventory.addRestoreEvents(list)
    }

    func summary(_ change: (inout SummaryOptions) -> Void = { _ in }) -> Summary {
        var options = SummaryOptions(now: Self.now)
        options.restoreAudit.hours = WorkingHours(start: 7 * 60, end: 19 * 60)
        change(&options)
        return Summarizer.summarize(inventory, options: options)
    }
}

@Suite("restore and export activity: who took out what, where to, when and why")
struct RestoreAuditTests {
    /// The world of the issue: a night export by a new operator, a restore into another mailbox, a
    /// legitimate restore, and an export cut short.
    static func incidents() -> RestoreWorld {
        var w = RestoreWorld()
        let day = RestoreWorld.now.adding(seconds: -12 * 3600)  // 00:00 UTC
        w.add(
            "legit", at: day.adding(seconds: 9 * 3600), by: "CONTOSO\\helpdesk.anna", organization: "Contoso Ltd",
            reason: "Ticket 4711: deleted by mistake",
            events: [(.restore, "bob@contoso.com\\Documents", "bob@contoso.com\\Documents", 1)])
        w.add(
            "elsewhere", at: day.adding(seconds: 10 * 3600), by: "CONTOSO\\helpdesk.ben", organization: "Contoso Ltd",
            reason: "Handover", events: [(.restore, "chen@contoso.com\\Inbox", "hugo@contoso.com\\Chen", 240)])
        w.add(
            "export", at: day.adding(seconds: 2 * 3600), by: "CONTOSO\\svc-temp", organization: "Contoso Ltd",
            reason: nil, events: [(.export, "bola@contoso.com\\Inbox", "C:\\Temp\\bola.pst", 5000)])
        w.add(
            "cut-short", at: day.adding(seconds: 3.5 * 3600), by: "CONTOSO\\svc-temp", organization: "Contoso Ltd",
            reason: "", result: .failed, failedAfter: 400,
            events: [(.export, "dana@contoso.com\\Inbox", "C:\\Temp\\dana.pst", 401)])
        return w
    }

    @Test("each session of the night has exactly its findings; the legitimate restore none")
    func findings() throws {
        let s = Self.incidents().summary()
        let byID = Dictionary(uniqueKeysWithValues: s.restores.map { ($0.session.id.description, $0) })
        #expect(s.restores.count == 4, "only the window's sessions")
        #expect(byID["legit"]?.findings == [])
        #expect(byID["elsewhere"]?.findings == [.restoreElsewhere])
        #expect(byID["elsewhere"]?.elsewhereCount == 240)
        #expect(byID["export"]?.findings == [.bulkExport, .newOperator, .offHours, .noReason])
        #expect(byID["export"]?.takenOut == RestoreTotals(items: 5000, bytes: 6_700_000_000))
        // svc-temp is known from the export an hour before.
        #expect(byID["cut-short"]?.findings == [.partialExport, .offHours, .noReason])
        #expect(byID["cut-short"]?.failedItems == 1)
        #expect(s.restores.allSatisfy { $0.organizationIndex == 0 })
        let findings = s.securityFindings
        #expect(findings.count == 3)
        let export = try #require(findings.first { $0.kind == .bulkExport })
        let line = SecurityText.line(export, in: s, zone: .utc)
        #expect(
            line.hasPrefix(
                "Bulk export, new operator, outside working hours, no reason given: Contoso Ltd: Exchange restore session by CONTOSO\\svc-temp at 2026-11-23 02:00 UTC: saved, exported or sent 5,000 items (6.2 GB), at or above 1,000 items or 5.0 GB"
            ), "\(line)")
        #expect(line.contains("outside the working hours (07:00–19:00, Monday to Friday)"))
        #expect(s.reaches(.warning))
        let masked = SecurityText.line(export, in: s, zone: .utc, maskOperators: true)
        #expect(!masked.contains("svc-temp") && masked.contains("by an operator"))
    }

    @Test("no working hours, no reason required, or the audit off: fewer findings, the activity still listed")
    func settings() {
        let w = Self.incidents()
        let noHours = w.summary { $0.restoreAudit.hours = nil }
        #expect(!noHours.restores.contains { $0.findings.contains(.offHours) })
        let noReason = w.summary { $0.restoreAudit.requireReason = false }
        #expect(!noReason.restores.contains { $0.findings.contains(.noReason) })
        let off = w.summary { $0.restoreAudit.enabled = false }
        #expect(off.restores.count == 4 && off.securityFindings.isEmpty)
        let critical = w.summary { $0.securityLevels[.bulkExport] = .failed }
        #expect(critical.securityFindings.first?.level == .failed && critical.reaches(.failed))
    }

    @Test("before the restore history reaches back two weeks, no operator is new")
    func learning() {
        var w = RestoreWorld(historyDays: 5)
        w.add(
            "export", at: RestoreWorld.now.adding(seconds: -3600), by: "CONTOSO\\svc-temp", organization: "Contoso Ltd",
            reason: "Legal hold", events: [(.export, "a@contoso.com", "x.pst", 3)])
        let s = w.summary()
        #expect(s.restores.first { $0.session.id == EntityID("export") }?.findings == [])
    }

    @Test("a tenant sees its own restores only; check sees an organization's restores in its scope")
    func isolation() {
        var w = Self.incidents()
        w.add(
            "fabrikam", at: RestoreWorld.now.adding(seconds: -3600), by: "FABRIKAM\\it", organization: "Fabrikam GmbH",
            reason: "Ticket", events: [(.restore, "x@fabrikam.com", "y@fabrikam.com", 2)])
        let s = w.summary()
        let contoso = s.organizations.firstIndex { $0.name == "Contoso Ltd" }!
        let fabrikam = s.organizations.firstIndex { $0.name == "Fabrikam GmbH" }!
        let own = s.tenant(fabrikam)
        #expect(own.restores.map(\.session.id) == [EntityID("fabrikam")])
        #expect(own.securityFindings.count == 1)
        #expect(s.tenant(contoso).restores.count == 4)
        let check = MonitoringCheck.evaluate(
            s, policy: CheckPolicy(), scope: CheckScope(organizations: ["Fabrikam GmbH"]))
        let notes = check.notes.filter { $0.key.hasPrefix("security/restore/") }
        #expect(notes.map(\.key) == ["security/restore//fabrikam"])
        let all = MonitoringCheck.evaluate(s, policy: CheckPolicy())
        #expect(all.notes.filter { $0.key.hasPrefix("security/restore/") }.count == 4)
        let metrics = PrometheusText.render(s)
        #expect(metrics.contains("vb365_organization_restore_sessions{server=\"\",organization=\"Contoso Ltd\"} 4"))
        #expect(
            metrics.contains(
                "vb365_organization_restore_items_taken_out{server=\"\",organization=\"Contoso Ltd\"} 5400"))
        #expect(
            metrics.contains(
                "vb365_organization_restore_findings{server=\"\",organization=\"Contoso Ltd\",kind=\"no-reason\"} 2"))
        #expect(
            metrics.contains(
                "vb365_organization_restore_findings{server=\"\",organization=\"Fabrikam GmbH\",kind=\"bulk-export\"} 0"
            ))
    }

    @Test(
        "hostile sizes never overflow; a failed restore is no export cut short; a session that ended in the window is judged"
    )
    func edges() throws {
        var w = RestoreWorld()
        let day = RestoreWorld.now.adding(seconds: -12 * 3600)
        w.add(
            "huge", at: day.adding(seconds: 9 * 3600), by: "CONTOSO\\helpdesk.anna", organization: "Contoso Ltd",
            reason: "Ticket", events: [(.export, "a@contoso.com", "x.pst", 3)])
        w.inventory.addRestoreEvents(
            (0..<2).map { i in
                var e = RestoreEvent(sessionID: EntityID("huge"), id: EntityID("huge-big-\(i)"))
                e.type = .save
                e.status = .success
                e.itemSizeBytes = 5_000_000_000_000_000_000
                e.order = 100 + i
                return e
            })
        w.add(
            "restore-failed", at: day.adding(seconds: 10 * 3600), by: "CONTOSO\\helpdesk.ben",
            organization: "Contoso Ltd", reason: "Ticket", failedAfter: 1,
            events: [(.restore, "b@contoso.com", "b@contoso.com", 3), (.save, "b@contoso.com", "c:\\b", 1)])
        // Started before the window (at 11:00 the day before), ended in it.
        w.add(
            "overnight", at: RestoreWorld.now.adding(seconds: -25 * 3600), by: "CONTOSO\\helpdesk.anna",
            organization: "Contoso Ltd", reason: "", events: [(.export, "d@contoso.com", "d.pst", 1200)])
        var overnight = try #require(w.inventory.restoreActivity.first { $0.session.id == EntityID("overnight") })
        overnight.session.endTime = RestoreWorld.now.adding(seconds: -23 * 3600)
        w.inventory.addRestoreSession(overnight.session)
        let s = w.summary()
        let byID = Dictionary(uniqueKeysWithValues: s.restores.map { ($0.session.id.description, $0) })
        #expect(byID["huge"]?.takenOut.bytes == .max)
        #expect(byID["huge"]?.findings.contains(.bulkExport) == true)
        #expect(byID["restore-failed"]?.findings.contains(.partialExport) == false, "a failed restore is no export")
        #expect(byID["overnight"]?.findings.contains(.bulkExport) == true)
        _ = PrometheusText.render(s)
        _ = SummaryJSON.document(s, toolVersion: "t").rendered()
    }

    @Test(
        "working hours past midnight belong to the day the shift began",
        arguments: [
            (1, 23 * 60, true),  // Monday 23:00
            (2, 2 * 60, true),  // Tuesday 02:00: Monday's shift
            (6, 2 * 60, true),  // Saturday 02:00: Friday's shift
            (1, 2 * 60, false),  // Monday 02:00: Sunday's night, no shift
            (3, 12 * 60, false),
        ])
    func nightShift(weekday: Int, minutes: Int, inside: Bool) throws {
        let hours = try #require(WorkingHours("22:00-06:00"))
        #expect(hours.contains(weekday: weekday, minutes: minutes) == inside)
    }
}
