import Testing
import VB365Delivery
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Text

@Suite("ticket redaction of restore activity")
struct RestoreRedactionTests {
    @Test("operators, client hosts, reasons, items and their places are masked; the counts stay")
    func masked() throws {
        var inventory = Inventory()
        var o = Organization(id: EntityID("org"))
        o.name = "Contoso Ltd"
        inventory.add(o)
        var s = RestoreSession(id: EntityID("r1"))
        s.creationTime = Mail.now.adding(seconds: -3600)
        s.endTime = Mail.now.adding(seconds: -1800)
        s.initiatedBy = "CONTOSO\\svc-temp"
        s.clientHost = "ops-laptop-07.contoso.com"
        s.reason = "Requested by bola.okafor@contoso.com"
        s.organizationName = "Contoso Ltd"
        s.type = .exchange
        s.state = .stopped
        s.result = .success
        inventory.addRestoreSession(s)
        inventory.addRestoreEvents(
            (0..<3).map { i in
                var e = RestoreEvent(sessionID: s.id, id: EntityID("e\(i)"))
                e.type = .restore
                e.status = .success
                e.itemName = "Salary review \(i)"
                e.source = "bola.okafor@contoso.com\\Inbox"
                e.target = "hugo.martin@contoso.com\\Inbox"
                e.order = i
                return e
            })
        let input = Mail.input(inventory)
        #expect(input.summary.restores.count == 1)
        var redactor = Redactor()
        let redacted = redactor.redact(input)
        let a = try #require(redacted.summary.restores.first)
        var texts: [String?] = [
            a.session.initiatedBy, a.session.clientHost, a.session.reason, a.session.organizationName,
        ]
        for e in a.events { texts += [e.itemName, e.source, e.target] }
        for pair in a.elsewhere { texts += [pair.source, pair.target] }
        let all = texts.compactMap { $0 }.joined(separator: "\n")
        for secret in ["svc-temp", "CONTOSO", "ops-laptop", "bola", "hugo", "contoso.com", "Contoso Ltd"] {
            #expect(!all.contains(secret), "\(secret) in \(all)")
        }
        #expect(a.restored.items == 3 && a.elsewhereCount == 3)
        #expect(a.findings == input.summary.restores[0].findings)
        let finding = try #require(redacted.summary.securityFindings.first)
        let line = SecurityText.line(finding, in: redacted.summary, zone: .utc)
        #expect(!line.contains("svc-temp") && !line.contains("hugo"), "\(line)")
    }
}
