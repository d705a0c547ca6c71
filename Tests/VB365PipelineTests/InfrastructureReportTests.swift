import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365TestSupport
import VB365Text

/// The samples' infrastructure (written by the simulator's generator) as every output shows it:
/// each figure checked against what the generator made.
@Suite("Infrastructure of the samples: every figure is the generator's")
struct InfrastructureReportTests {
    static let generator = SampleSet.infrastructure
    static let now = SampleSet.morningAfter

    static func summary() async -> Summary {
        let read = await Fixtures.read([Fixtures.samples])
        return Summarizer.summarize(read.inventory, options: SummaryOptions(now: now))
    }

    @Test("repositories: capacity, free, free %, used, growth, days to full, object storage")
    func repositories() async throws {
        let infra = await Self.summary().infrastructure
        let generated = Self.generator.repositories(at: Self.now, version: .v8)
        #expect(infra.newestSnapshot == Self.now)
        #expect(infra.repositories.count == generated.count)
        for g in generated {
            let r = try #require(infra.repositories.first { $0.id == g.id })
            #expect(r.name == g.name)
            #expect(r.time == Self.now)
            if g.isObjectStorage {
                #expect(r.usedBytes == g.usedSpaceBytes)
                #expect(r.capacityBytes == nil && r.freePercent == nil && r.daysToFull == nil)
                #expect(r.findings.isEmpty)
                continue
            }
            let capacity = try #require(g.capacityBytes)
            let free = try #require(g.freeSpaceBytes)
            #expect(r.capacityBytes == capacity)
            #expect(r.freeBytes == free)
            #expect(r.usedBytes == capacity - free)
            #expect(abs(r.freePercent! - Double(free) / Double(capacity) * 100) < 1e-9)
            #expect(r.trend.count == 14)
        }
        // The filling repository: 2.65 % of 2 TiB a day, with ±0.2 % noise; full in free ÷ growth days.
        let filling = try #require(infra.repositories.first { $0.id == Self.generator.repositoryID(0) })
        let nominal = 0.0265 * Double(InfrastructureGenerator.diskCapacity)
        #expect(abs(filling.growthBytesPerDay! - nominal) < nominal * 0.01)
        #expect(abs(filling.daysToFull! - Double(filling.freeBytes!) / filling.growthBytesPerDay!) < 1e-9)
        #expect(filling.findings.map(\.severity).sorted() == [.warning, .failed])
        let steady = try #require(infra.repositories.first { $0.id == Self.generator.repositoryID(1) })
        #expect(steady.findings.isEmpty)
        #expect(steady.daysToFull == nil || steady.daysToFull! > 365)
    }

    @Test("proxies, the licence and each organization's licensed users")
    func proxiesAndLicence() async throws {
        let infra = await Self.summary().infrastructure
        let proxies = Self.generator.proxies(at: Self.now, version: .v8)
        for g in proxies {
            let p = try #require(infra.proxies.first { $0.id == g.id })
            #expect(p.status == g.status)
            #expect(p.cpuUsagePercent == g.cpuUsagePercent)
            #expect(p.memoryUsagePercent == g.memoryUsagePercent)
            #expect(p.version == g.version)
            #expect(p.serverVersion == InfrastructureGenerator.serverVersion(.v8))
        }
        let offline = try #require(infra.proxies.first { $0.name == "proxy-02" })
        #expect(
            offline.findings.contains {
                guard case .offline = $0.kind else { return false }
                return $0.severity == .failed
            })
        let licence = try #require(infra.licenses.first)
        let g = Self.generator.license(at: Self.now)
        #expect(licence.expires == g.expires)
        #expect(licence.expires == Timestamp(year: 2026, month: 11, day: 27))
        #expect(abs(licence.daysLeft! - g.expires!.seconds(since: Self.now) / 86_400) < 1e-9)
        #expect(licence.usedNumber == g.usedNumber && licence.totalNumber == g.totalNumber)
        #expect(licence.newNumber == g.newNumber)
        #expect(licence.findings.map(\.severity) == [.failed], "3 days from expiry: within the failure limit")
        let licensing = Self.generator.organizationLicensing(at: Self.now)
        for l in licensing {
            let state = try #require(infra.organizationLicensing.first { $0.organizationID == l.organizationID })
            #expect(state.licensedUsers == l.licensedUsers && state.newUsers == l.newUsers)
        }
    }

    @Test("the JSON summary (schema 3), check and metrics carry the same figures")
    func outputs() async throws {
        let summary = await Self.summary()
        let json = SummaryJSON.document(summary, toolVersion: "test").rendered(.compact)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(parsed["schemaVersion"] as? Int == 6)
        let infra = try #require(parsed["infrastructure"] as? [String: Any])
        let repositories = try #require(infra["repositories"] as? [[String: Any]])
        let filling = try #require(
            repositories.first { $0["id"] as? String == Self.generator.repositoryID(0).description })
        #expect(
            (filling["freeBytes"] as? NSNumber)?.int64Value
                == summary.infrastructure.repositories.first { $0.id == Self.generator.repositoryID(0) }?.freeBytes)
        #expect(filling["worstStatus"] as? String == "Failed")
        let findings = try #require(infra["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["kind"] as? String == "offline" && $0["status"] as? String == "Failed" })
        // Three days from expiry is within the failure limit (7 days), and the line says so.
        #expect(
            findings.contains {
                $0["kind"] as? String == "expiresSoon" && $0["subject"] as? String == "license"
                    && $0["status"] as? String == "Failed"
            })
        let licenceLine = MonitoringCheck.evaluate(summary, policy: CheckPolicy()).notes.first {
            $0.text.hasPrefix("Licence")
        }
        #expect(licenceLine?.state == .critical)
        #expect(licenceLine?.text.hasSuffix("in 3 days (within 7 days)") == true, "\(licenceLine?.text ?? "")")

        let check = MonitoringCheck.evaluate(summary, policy: CheckPolicy())
        // One object, one line: the offline proxy's version mismatch is in its line, not a second one.
        #expect(
            check.notes.contains {
                $0.state == .critical
                    && $0.text
                        == "Proxy proxy-02: offline since 2026-11-22; runs version 8.0.3.1044, the server 8.1.0.305"
            })
        #expect(check.notes.filter { $0.text.contains("proxy-02") }.count == 1)
        #expect(check.notes.filter { $0.text.hasPrefix("Repository Contoso repository") }.count == 1)
        #expect(summary.infrastructure.problems.count == 3 && summary.infrastructure.findings.count == 5)
        // A tenant's check sees the proxy that serves its repository (Fabrikam's is proxy-02), never
        // the licence; Contoso's repositories are served by proxy-01, which is online.
        let fabrikam = MonitoringCheck.evaluate(
            summary, policy: CheckPolicy(), scope: CheckScope(organizations: ["Fabrikam GmbH"]))
        #expect(fabrikam.notes.contains { $0.text.hasPrefix("Proxy proxy-02: offline") && $0.state == .critical })
        #expect(!fabrikam.notes.contains { $0.text.hasPrefix("Licence") })
        let contoso = MonitoringCheck.evaluate(
            summary, policy: CheckPolicy(), scope: CheckScope(organizations: ["Contoso Ltd"]))
        #expect(!contoso.notes.contains { $0.text.contains("proxy-02") || $0.text.hasPrefix("Licence") })

        let metrics = PrometheusText.render(summary)
        #expect(metrics.contains("vb365_proxy_online{server=\"\",proxy=\"proxy-02\""))
        #expect(metrics.contains("vb365_license_expiry_timestamp_seconds{server=\"\"} 1795737600"))
        #expect(!metrics.contains("vb365_repository_capacity_bytes{server=\"\",repository=\"Azure Blob repository\""))
    }

    @Test(
        "a tenant sees the proxy that serves its backups: offline since when, named only when allowed; its jobs linked")
    func tenantProxy() async throws {
        let summary = await Self.summary()
        let fabrikam = try #require(summary.organizations.firstIndex { $0.name == "Fabrikam GmbH" })
        let contoso = try #require(summary.organizations.firstIndex { $0.name == "Contoso Ltd" })
        let hidden = summary.tenant(fabrikam).infrastructure
        let proxy = try #require(hidden.proxies.first)
        #expect(hidden.proxies.count == 1 && proxy.name == "serving your backups")
        #expect(proxy.version == nil && proxy.cpuUsagePercent == nil, "the provider's details stay its own")
        #expect(proxy.findings.map(\.severity) == [.failed], "offline only; the version mismatch is the provider's")
        #expect(!InfrastructureText.headline(hidden).hasPrefix("All clear"))
        let line = try #require(hidden.problems.first { if case .proxy = $0.subject { true } else { false } })
        #expect(
            InfrastructureText.line(line, in: hidden, thresholds: .init(), date: { $0.iso8601.prefix(10).description })
                == "Proxy serving your backups: offline since 2026-11-22")
        #expect(summary.tenant(fabrikam, proxyNames: true).infrastructure.proxies.first?.name == "proxy-02")
        // Contoso's repository is served by proxy-01, online: nothing to say, but it is listed.
        let calm = summary.tenant(contoso).infrastructure
        #expect(calm.proxies.allSatisfy { $0.findings.isEmpty })
        // The whole report links each problem to the jobs it affects.
        let problem = try #require(
            summary.infrastructure.problems.first { if case .proxy = $0.subject { true } else { false } })
        let affected = summary.affectedJobs(problem).map {
            summary.organizations[summary.jobs[$0].organizationIndex].name
        }
        #expect(!affected.isEmpty && affected.allSatisfy { $0 == "Fabrikam GmbH" }, "\(affected)")
    }
}
