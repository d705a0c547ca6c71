import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Support

@Suite("Protection in check, metrics and the JSON summary")
struct ProtectionOutputTests {
    typealias P = ProtectionScenario

    /// The monitoring scenario's summary (one healthy job of Contoso Ltd) with `protection`.
    static func summary(_ protection: ProtectionSummary = P.protection(), _ name: String = #function) async throws
        -> Summary
    {
        var summary = try await MonitoringScenario(jobs: [MonitoringScenario.healthy(1, "Exchange")]).summary(name)
        summary.protection = protection
        return summary
    }

    static func check(_ summary: Summary, policy: CheckPolicy = CheckPolicy(), scope: CheckScope = CheckScope())
        throws -> (CheckResult, PluginOutput)
    {
        let result = MonitoringCheck.evaluate(summary, policy: policy, scope: scope)
        return (result, try PluginOutput(result.pluginOutput()))
    }

    /// The hostile name as one line of plugin output shows it.
    static let hostileLine = "<b>Evil</b> 'org' \"q\" / x=1 next 🎉  שלום"

    // MARK: - check

    @Test("check: a line per organization, worst first; the headline names the worst and its objects in words")
    func checkLines() async throws {
        let (result, out) = try Self.check(try await Self.summary())
        #expect(result.state == .warning && result.state.rawValue == 1)
        #expect(
            out.headline
                == "Fabrikam: 2 users unprotected (in no job), 1 team breached; Contoso Ltd: 1 user never backed up (in a job); licence exceeded for 1 user (not backed up until it has room); \(Self.hostileLine): 1 user unprotected (in no job); and 1 more (below)"
        )
        #expect(
            out.details == [
                "[WARNING] Fabrikam: 2 users unprotected (in no job), 1 team breached; 4 of 7 objects protected",
                "[WARNING] Contoso Ltd: 1 user never backed up (in a job); licence exceeded for 1 user (not backed up until it has room); 1 of 2 objects protected",
                "[WARNING] \(Self.hostileLine): 1 user unprotected (in no job); 1 of 2 objects protected",
                "[WARNING] Northwind: coverage unknown (the server did not give its users and backup data completely); 1 object known protected, 1 unknown",
                "[OK] Exchange: Success; last success 7 h 40 min ago",
            ])
    }

    @Test("check: performance data per organization; the share only when known, the limits as thresholds")
    func checkPerformance() async throws {
        let (_, out) = try Self.check(try await Self.summary())
        #expect(out.value("Fabrikam protected_share") == 0.5714)
        let unprotected = try #require(out.performance.first { $0.label == "Fabrikam not_protected" })
        #expect(unprotected.value == 2 && unprotected.warn == "0" && unprotected.crit == "" && unprotected.min == "0")
        #expect(out.value("Fabrikam breached") == 1)
        #expect(out.value("Contoso Ltd not_protected") == 1, "never backed up counts with unprotected")
        #expect(out.value("Northwind protected_share") == nil, "unknown is not a share")
        #expect(out.value("Northwind not_protected") == 0)
        let hostile = Self.hostileLine.replacingOccurrences(of: "=", with: "-")
        #expect(out.value("\(hostile) not_protected") == 1)
        #expect(out.value("Exchange duration") == 1200, "the jobs' data stays")
        #expect(out.performance.allSatisfy { !$0.label.contains("\n") })
    }

    @Test("check: the limits move the levels, per organization too; a job's scope leaves protection out")
    func checkLimits() async throws {
        let summary = try await Self.summary()
        var policy = CheckPolicy()
        policy.protection.criticalObjects = 2
        var critical = try Self.check(summary, policy: policy)
        #expect(critical.0.state == .critical && critical.0.state.rawValue == 2)
        #expect(critical.1.details.first?.hasPrefix("[CRITICAL] Fabrikam: 2 users unprotected") == true)
        #expect(critical.1.performance.first { $0.label == "Fabrikam not_protected" }?.crit == "1")
        var quiet = CheckPolicy()
        quiet.protection.warningObjects = nil
        quiet.protection.warningBreached = nil
        quiet.protection.licenseExceeded = .ok
        quiet.protection.coverageUnknown = .ok
        critical = try Self.check(summary, policy: quiet)
        #expect(critical.0.state == .ok)
        #expect(critical.1.headline == "all 1 job OK (1 session in the window); protection OK (4 organizations)")
        #expect(critical.1.details.contains { $0.hasPrefix("[OK] Fabrikam: 2 users unprotected") }, "still said")
        var one = CheckPolicy()
        one.protection = quiet.protection
        one.protectionByOrganization[P.fabrikam.description] = ProtectionCheckThresholds()
        let (result, out) = try Self.check(summary, policy: one)
        #expect(result.state == .warning)
        #expect(out.headline == "Fabrikam: 2 users unprotected (in no job), 1 team breached")
        let job = try Self.check(summary, scope: CheckScope(jobs: ["Exchange"]))
        #expect(job.0.tenants.isEmpty && job.0.state == .ok)
        let tenant = try Self.check(summary, scope: CheckScope(organizations: ["contoso ltd"]))
        #expect(tenant.0.tenants.map(\.label) == ["Contoso Ltd"])
        #expect(tenant.0.state == .warning)
    }

    @Test("check: hostile names stay in their line and label, in plugin output and Checkmk's")
    func checkHostile() async throws {
        let (result, out) = try Self.check(try await Self.summary())
        let text = result.pluginOutput()
        #expect(out.details.count == 5, "4 organizations and 1 job")
        #expect(text.split(separator: "\n").count == 1 + 5 + 4, "and each organization's performance data on a line")
        #expect(!text.contains("\nnext"))
        #expect(text.contains("'<b>Evil</b> ''org'' \"q\" / x-1 next 🎉  שלום not_protected'=1;0;;0;"))
        #expect(Set(out.performance.map(\.label)).count == out.performance.count)
        let local = result.checkmkLocal().split(separator: "\n").map(String.init)
        #expect(local.count == 1 + 1 + 4)
        let line =
            #/([0-3]) "([^"]+)" (-|[a-z_]+=[-0-9.]+;[-0-9.]*;[-0-9.]*;[-0-9.]*;(?:\|[a-z_]+=[-0-9.]+;[-0-9.]*;[-0-9.]*;[-0-9.]*;)*) (.+)/#
        let parsed = try local.map { try #require($0.wholeMatch(of: line), "\($0)") }
        #expect(parsed[2].2 == "VB365 protection Fabrikam")
        #expect(
            parsed[2].3 == "protected_share=0.5714;;;0;|not_protected=2;0;;0;|breached=1;0;;0;"
        )
        #expect(parsed.contains { $0.2 == "VB365 protection <b>Evil</b> 'org' 'q' / x=1 next 🎉  שלום" })
    }

    // MARK: - metrics

    @Test("metrics: gauges per organization and kind, no object in any label, accepted by promtool")
    func metrics() async throws {
        let text = PrometheusText.render(try await Self.summary())
        if let (status, output) = try promtool(text) {
            #expect(status == 0, "\(output)")
            #expect(output.isEmpty, "promtool's lint found: \(output)")
        } else {
            Issue.record("promtool is missing (/usr/bin/promtool): install the Debian package prometheus")
        }
        let values = samples(text)
        let fabrikam = "server=\"\",organization=\"Fabrikam\""
        #expect(values["vb365_protection_objects{\(fabrikam),kind=\"user\",state=\"unprotected\"}"] == 2)
        #expect(values["vb365_protection_objects{\(fabrikam),kind=\"team\",state=\"breached\"}"] == 1)
        #expect(values["vb365_protection_objects{\(fabrikam),kind=\"group\",state=\"protected\"}"] == 0)
        #expect(values["vb365_protection_data{\(fabrikam),data=\"onedrive\",state=\"protected\"}"] == 3)
        #expect(values["vb365_protection_protected_ratio{\(fabrikam)}"] == 0.571429)
        #expect(values["vb365_protection_sla_ratio{\(fabrikam),data=\"team\"}"] == 0.909091)
        #expect(values["vb365_protection_sla_total_ratio{\(fabrikam)}"] == 0.974026)
        #expect(values["vb365_protection_sla_checks{\(fabrikam)}"] == 22)
        #expect(values["vb365_protection_rpo_seconds{\(fabrikam)}"] == 86400)
        #expect(
            values["vb365_protection_snapshot_timestamp_seconds{\(fabrikam)}"]
                == P.now.adding(seconds: -3600).secondsSince1970)
        #expect(values["vb365_protection_license_exceeded_users{server=\"\",organization=\"Contoso Ltd\"}"] == 1)
        let northwind = "server=\"\",organization=\"Northwind\""
        #expect(values["vb365_protection_protected_ratio{\(northwind)}"] == nil, "unknown is left out, not 0")
        #expect(values["vb365_protection_coverage_unknown{\(northwind)}"] == 1)
        #expect(values["vb365_protection_objects{\(northwind),kind=\"user\",state=\"unknown\"}"] == 1)
        #expect(
            values["vb365_protection_objects{\(northwind),kind=\"group\",state=\"protected\"}"] == 0,
            "groups were listed completely")
        #expect(text.contains(#"organization="<b>Evil</b> 'org' \"q\" | x=1\nnext 🎉 "#))
        // No object is a label: only these label names, and no object's id or name anywhere.
        let names = Set(
            text.split(separator: "\n").filter { $0.hasPrefix("vb365_protection_") }.flatMap { line in
                line.matches(of: #/([a-z_]+)="/#).map { String($0.1) }
            })
        #expect(names == ["server", "organization", "kind", "state", "data"])
        for id in ["alice", "dave", "sales-team", "Sales", "Mallory", "frank", "heidi"] {
            #expect(!text.contains(id), "\(id) is an object")
        }
    }

    @Test("metrics: two organizations of one name on one server get apart by their id")
    func metricsSameName() async throws {
        var twin = P.contosoTenant()
        twin.organizationID = EntityID("0f000000-0000-4000-8000-000000000009")
        twin.organizationIndex = nil
        var protection = P.protection()
        protection.tenants.append(twin)
        let text = PrometheusText.render(try await Self.summary(protection))
        #expect(text.contains("organization=\"Contoso Ltd [\(P.contoso)]\""))
        #expect(text.contains("organization=\"Contoso Ltd [0f000000-0000-4000-8000-000000000009]\""))
        if let (status, output) = try promtool(text) { #expect(status == 0, "\(output)") }
    }

    // MARK: - JSON

    @Test("JSON: a protection member per organization, problems only, null for what is not known")
    func json() async throws {
        let summary = try await Self.summary()
        let text = SummaryJSON.document(summary, toolVersion: "test").rendered()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["schemaVersion"] as? Int == 6)
        let protection = try #require(root["protection"] as? [String: Any])
        #expect(protection["tenantsWithProblems"] as? Int == 4)
        #expect((protection["period"] as? [String: Any])?["start"] as? String == "2026-11-01T00:00:00Z")
        let tenants = try #require(protection["tenants"] as? [[String: Any]])
        #expect(tenants.count == 4)
        let byName = Dictionary(
            uniqueKeysWithValues: tenants.map { (($0["organization"] as? [String: Any])?["name"] as? String ?? "", $0) }
        )
        let fabrikam = try #require(byName["Fabrikam"])
        #expect((fabrikam["organization"] as? [String: Any])?["id"] as? String == P.fabrikam.description)
        #expect(fabrikam["server"] is NSNull)
        #expect(fabrikam["taken"] as? String == "2026-11-23T05:00:00Z")
        #expect(fabrikam["rpoSeconds"] as? Int == 86400)
        #expect(fabrikam["coverageUnknown"] as? Bool == false)
        #expect(fabrikam["protectedShare"] as? Double == 0.571429)
        #expect(fabrikam["licenseExceeded"] as? Int == 0)
        let totals = try #require(fabrikam["totals"] as? [String: Int])
        #expect(totals["unprotected"] == 2 && totals["breached"] == 1 && totals["protected"] == 4)
        #expect(totals["neverBackedUp"] == 0 && totals["inScope"] == 7 && totals["problems"] == 3)
        let byKind = try #require(fabrikam["byKind"] as? [String: Any])
        #expect((byKind["group"] as? [String: Int])?["total"] == 0, "a complete list of no group is zero groups")
        #expect(((fabrikam["byData"] as? [String: Any])?["oneDrive"] as? [String: Int])?["protected"] == 3)
        let sla = try #require(fabrikam["sla"] as? [String: Any])
        #expect(sla["checks"] as? Int == 22)
        #expect((sla["total"] as? [String: Any])?["share"] as? Double == 0.974026)
        #expect(((sla["byData"] as? [String: Any])?["team"] as? [String: Any])?["met"] as? Int == 20)
        let problems = try #require(fabrikam["problems"] as? [[String: Any]])
        #expect(problems.map { $0["id"] as? String } == ["dave", "erin", "sales-team"])
        let team = try #require(problems.last)
        #expect(team["kind"] as? String == "team" && team["state"] as? String == "breached")
        #expect(team["overdueSeconds"] as? Int == 47 * 3600)
        #expect(team["lastBackup"] as? String == "2026-11-20T06:00:00Z")
        #expect(team["jobs"] as? [String] == [P.job.description])
        #expect(team["required"] as? [String] == ["team"])
        let contoso = try #require(byName["Contoso Ltd"])
        #expect(contoso["licenseExceeded"] as? Int == 1)
        #expect((contoso["problems"] as? [[String: Any]])?.first?["state"] as? String == "neverBackedUp")
        let northwind = try #require(byName["Northwind"])
        #expect(northwind["protectedShare"] is NSNull)
        #expect(northwind["coverageUnknown"] as? Bool == true)
        #expect(northwind["incompleteSources"] as? [String] == ["users", "backupData"])
        #expect((northwind["byKind"] as? [String: Any])?["user"] is [String: Int])
        #expect((northwind["problems"] as? [Any])?.isEmpty == true, "unknown is not a problem")
        let hostile = try #require(byName[P.hostileName], "the hostile name comes back exactly")
        let evil = try #require((hostile["problems"] as? [[String: Any]])?.first)
        #expect(evil["name"] as? String == "Mallory \"|\" <script>alert(1)</script>\n'x'=1")
    }

    @Test("JSON: streamed, compact and NDJSON carry the same protection member")
    func jsonStreamed() async throws {
        let summary = try await Self.summary()
        var pretty = BufferedOutput()
        SummaryJSON.write(summary, toolVersion: "test", layout: .pretty, to: &pretty)
        #expect(pretty.text == SummaryJSON.document(summary, toolVersion: "test").rendered())
        var lines = BufferedOutput()
        SummaryJSON.writeLines(summary, toolVersion: "test", to: &lines)
        let first = try #require(lines.text.split(separator: "\n").first)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(line["type"] as? String == "summary")
        #expect((line["protection"] as? [String: Any])?["tenants"] is [Any])
    }

    // MARK: - No snapshot

    @Test("no snapshot: check, metrics and JSON are byte for byte what they were without protection")
    func empty() async throws {
        let plain = try await MonitoringScenario(jobs: [MonitoringScenario.healthy(1, "Exchange")]).summary()
        var empty = plain
        empty.protection = ProtectionSummary()
        empty.protection.period = Timestamp(year: 2026, month: 11, day: 1)..<P.now
        #expect(empty.protection.isEmpty)
        let check = MonitoringCheck.evaluate(empty, policy: CheckPolicy())
        #expect(check.pluginOutput() == MonitoringCheck.evaluate(plain, policy: CheckPolicy()).pluginOutput())
        #expect(
            check.pluginOutput()
                == "VB365 OK - Exchange: Success; last success 7 h 40 min ago\n[OK] Exchange: Success; last success 7 h 40 min ago | 'Exchange duration'=1200s;;;0; 'Exchange transferred'=1610612736B;;;0; 'Exchange processing_rate'=10485760;;;0; 'Exchange hours_since_success'=7.67;;;0;\n"
        )
        #expect(check.checkmkLocal() == MonitoringCheck.evaluate(plain, policy: CheckPolicy()).checkmkLocal())
        let metrics = PrometheusText.render(empty)
        #expect(metrics == PrometheusText.render(plain))
        #expect(!metrics.contains("protection"))
        let json = SummaryJSON.document(empty, toolVersion: "test").rendered()
        #expect(json == SummaryJSON.document(plain, toolVersion: "test").rendered())
        #expect(!json.contains("\"protection\""))
    }
}
