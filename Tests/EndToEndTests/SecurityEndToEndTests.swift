import Foundation
import Testing
import VB365TestSupport

/// Issue 29 from the simulator to every output: its restore world (ordinary daytime restores with
/// reasons, a restore into another mailbox, a legitimate restore, a night export of 5,000 items by
/// a new operator, an export cut short) and its encryption-like night (Contoso's mailbox backup of
/// Sunday night transferring and changing 30 times its usual, `ChangeIncident`) fetched by `run`
/// over HTTP, judged with working hours.
@Suite("security signals end to end: fetch, run, digest, tenant pages, JSON, check, metrics, e-mail")
struct SecurityEndToEndTests {
    /// The job whose night changed 30 times its usual.
    static let changedJob = "Exchange Online mailboxes"

    @Test(
        "each restore finding and the unusual change appear where they should, the legitimate restore in none, each tenant sees its own"
    )
    func restores() throws {
        let sim = try SimulatorProcess([])
        let (folder, path) = try simulatorRunFolder(
            sim, "security-e2e",
            more: """
                window:
                  since: 4d
                time-zone: Europe/Berlin
                split: organization
                report:
                  folder: report
                  formats: [xhtml, markdown]
                metrics:
                  file: metrics/vb365.prom
                email:
                  to: [backup@vb365.test]
                  transport: file
                  file: mail/report.eml
                security:
                  working-hours: 07:00-19:00
                  mask-operators: true
                """)
        let now = "--now=2026-11-23T22:01:00Z"
        let run = try Run(["run", "--config", path, now])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let report = folder.appendingPathComponent("report")
        let digest = try String(contentsOf: report.appendingPathComponent("index.md"), encoding: .utf8)
        let security = try #require(digest.components(separatedBy: "## Security").dropFirst().first)
        let section = security.components(separatedBy: "\n## ").first ?? ""
        // The night export: bulk, new operator, off hours, no reason; the cut-short export; the
        // restore into another mailbox (a weekday afternoon, with a reason).
        #expect(section.contains("Bulk export, new operator, outside working hours, no reason given"), "\(section)")
        #expect(section.contains("Export cut short, outside working hours, no reason given"), "\(section)")
        #expect(section.contains("Restored elsewhere"), "\(section)")
        #expect(section.contains("CONTOSO\\\\svc-temp") || section.contains("CONTOSO\\svc-temp"), "\(section)")
        // The encryption-like night: one unusual change, of Contoso's mailbox job, 30 times its usual.
        let changes = section.components(separatedBy: "\n### ").filter { $0.contains("Unusual change") }
        #expect(changes.count == 1, "exactly one unusual change: \(section)")
        if let change = changes.first {
            #expect(change.contains(Self.changedJob) && change.contains("Contoso Ltd"), "\(change)")
            #expect(change.contains("30× its usual") && change.contains("(30×)"), "bytes and items 30×: \(change)")
        }
        #expect(!section.contains("Fewer objects"), "\(section)")
        #expect(section.components(separatedBy: "\n### ").count - 1 == 4, "exactly four findings: \(section)")
        let page = try String(contentsOf: report.appendingPathComponent("restores.md"), encoding: .utf8)
        #expect(page.contains("helpdesk.anna"), "the whole activity, ordinary restores too")
        // Each tenant's folder: its own restores, the operators masked.
        let tenants = report.appendingPathComponent("tenants")
        var contosoPage: String?
        var otherFiles = 0
        for case let url as URL in FileManager.default.enumerator(at: tenants, includingPropertiesForKeys: nil)! {
            guard url.pathExtension == "md" || url.pathExtension == "html" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(!text.contains("svc-temp") && !text.contains("helpdesk."), "\(url.path) names an operator")
            if url.path.contains("contoso"), url.lastPathComponent == "restores.md" { contosoPage = text }
            if !url.path.contains("contoso") {
                otherFiles += 1
                #expect(!text.contains("bola.okafor") && !text.contains("dana.haddad"), "\(url.path)")
            }
        }
        #expect(otherFiles > 0)
        let contoso = try #require(contosoPage)
        #expect(contoso.contains("an operator") && contoso.contains("Bulk export"))
        // The e-mail, the metrics.
        // With split, an e-mail per tenant: Contoso's has its findings, operators masked; the
        // other's none of them.
        let mails = folder.appendingPathComponent("mail/report.eml")
        let names = try FileManager.default.contentsOfDirectory(atPath: mails.path).filter { $0.hasSuffix(".eml") }
            .sorted()
        #expect(names.count == 2, "\(names)")
        for name in names {
            let mail = try String(contentsOf: mails.appendingPathComponent(name), encoding: .utf8)
            #expect(!mail.contains("svc-temp") && !mail.contains("helpdesk."), "\(name)")
            #expect(mail.contains("Bulk export") == name.hasPrefix("contoso"), "\(name)")
            #expect(mail.contains("Unusual change") == name.hasPrefix("contoso"), "\(name)")
        }
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics/vb365.prom"), encoding: .utf8)
        #expect(metrics.contains("kind=\"bulk-export\"} 1"), "\(metrics)")
        let changeMetrics = metrics.split(separator: "\n").filter {
            $0.hasPrefix("vb365_job_security_findings{") && $0.contains("kind=\"unusual-change\"")
        }
        let fired = changeMetrics.filter { $0.hasSuffix("} 1") }
        #expect(
            fired.count == 1
                && fired.allSatisfy {
                    $0.contains("organization=\"Contoso Ltd\"") && $0.contains("job=\"\(Self.changedJob)\"")
                }, "\(changeMetrics)")
        #expect(changeMetrics.allSatisfy { $0.hasSuffix("} 0") || $0.hasSuffix("} 1") }, "\(changeMetrics)")
        // JSON and check, from the archive the run wrote.
        let archive = folder.appendingPathComponent("archive").path
        let json = try Run(["summary", archive, "--format", "json", "--since", "4d", now])
        #expect(json.stdout.contains("\"kind\": \"bulk-export\"") || json.stdout.contains("\"kind\":\"bulk-export\""))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let securityJSON = try #require(document["security"] as? [String: Any])
        let findings = try #require(securityJSON["findings"] as? [[String: Any]])
        let unusual = findings.filter { $0["kind"] as? String == "unusual-change" }
        #expect(unusual.count == 1, "\(unusual)")
        #expect(!findings.contains { $0["kind"] as? String == "shrunk-scope" })
        if let finding = unusual.first {
            #expect(finding["job"] as? String == Self.changedJob)
            #expect(finding["organization"] as? String == "Contoso Ltd")
            #expect((finding["text"] as? String)?.contains("30×") == true, "\(finding)")
            let measures = finding["measures"] as? [[String: Any]] ?? []
            #expect(Set(measures.compactMap { $0["measure"] as? String }) == ["transferred", "items"], "\(measures)")
            for measure in measures {
                let factor = (measure["factor"] as? NSNumber)?.doubleValue ?? 0
                #expect(factor > 27 && factor < 33, "\(measure)")
            }
        }
        let check = try Run(["check", archive, "--since", "4d", now])
        #expect(check.stdout.contains("Bulk export"), "\(check.stdout)")
        let checkChanges = check.stdout.split(separator: "\n").filter { $0.contains("Unusual change") }
        #expect(checkChanges.count == 1, "\(check.stdout)")
        #expect(
            checkChanges.allSatisfy { $0.contains("\(Self.changedJob) (Contoso Ltd)") && $0.contains("30×") },
            "\(check.stdout)")
        #expect(check.status >= 1)
    }
}
