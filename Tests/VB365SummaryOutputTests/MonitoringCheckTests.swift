import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput

/// Plugin output parsed strictly, as the Monitoring Plugins guidelines define it.
struct PluginOutput {
    var state: String
    var headline: String
    var details: [String]
    /// Label (unquoted, quotes undoubled) → (value, UOM, warn, crit, min, max).
    var performance:
        [(label: String, value: Double, unit: String, warn: String, crit: String, min: String, max: String)]

    /// `'label'=value[UOM];warn;crit;min;max`, the label quoted with a doubled quote inside.
    static var item: Regex<(Substring, Substring, Substring, Substring?, Substring, Substring, Substring, Substring)> {
        #/'((?:[^'=]|'')+)'=(-?[0-9.]+)(s|%|B|KB|MB|TB|c)?;([-0-9.]*);([-0-9.]*);([-0-9.]*);([-0-9.]*)/#
    }

    /// Parses `text`, or records why it is not plugin output.
    init(_ text: String) throws {
        #expect(text.hasSuffix("\n"))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let first = try #require(lines.first)
        let head = try #require(first.wholeMatch(of: #/VB365 (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]+?)( \| (.*))?/#))
        state = String(head.1)
        headline = String(head.2)
        details = []
        var perfText: [String] = head.4.map { [String($0)] } ?? []
        var inPerf = head.4 != nil
        for line in lines.dropFirst() {
            if inPerf {
                perfText.append(line)
                continue
            }
            let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            details.append(String(parts[0]).trimmingCharacters(in: .whitespaces))
            if parts.count == 2 {
                #expect(parts[0].hasSuffix(" ") && parts[1].hasPrefix(" "))
                perfText.append(String(parts[1].dropFirst()))
                inPerf = true
            }
        }
        performance = []
        for line in perfText {
            var rest = Substring(line)
            while !rest.isEmpty {
                let match = try #require(rest.prefixMatch(of: Self.item), "not performance data: \(rest)")
                performance.append(
                    (
                        String(match.1).replacingOccurrences(of: "''", with: "'"), try #require(Double(match.2)),
                        String(match.3 ?? ""), String(match.4), String(match.5), String(match.6), String(match.7)
                    ))
                rest = rest[match.range.upperBound...]
                if rest.hasPrefix(" ") { rest = rest.dropFirst() } else { #expect(rest.isEmpty, "\(rest)") }
            }
        }
        #expect(Set(performance.map(\.label)).count == performance.count, "labels are unique")
    }

    func value(_ label: String) -> Double? { performance.first { $0.label == label }?.value }
}

@Suite("check: the monitoring plugin's states, output and filters")
struct MonitoringCheckTests {
    typealias S = MonitoringScenario

    func check(
        _ scenario: S, policy: CheckPolicy = CheckPolicy(), scope: CheckScope = CheckScope(), _ name: String = #function
    )
        async throws -> (CheckResult, PluginOutput)
    {
        let result = MonitoringCheck.evaluate(try await scenario.summary(name), policy: policy, scope: scope)
        return (result, try PluginOutput(result.pluginOutput()))
    }

    @Test("all well: OK (0), each job's duration, bytes, rate and hours since its success as performance data")
    func ok() async throws {
        let (result, out) = try await check(S(jobs: [S.healthy(1, "Exchange"), S.healthy(2, "SharePoint")]))
        #expect(result.state == .ok && result.state.rawValue == 0)
        #expect(out.state == "OK")
        #expect(out.headline == "all 2 jobs OK (2 sessions in the window)")
        #expect(
            out.details == [
                "[OK] Exchange: Success; last success 7 h 40 min ago",
                "[OK] SharePoint: Success; last success 7 h 40 min ago",
            ])
        #expect(out.value("Exchange duration") == 1200)
        #expect(out.performance.first { $0.label == "Exchange duration" }?.unit == "s")
        #expect(out.value("Exchange transferred") == 1.5 * 1024 * 1024 * 1024)
        #expect(out.performance.first { $0.label == "Exchange transferred" }?.unit == "B")
        #expect(out.value("Exchange processing_rate") == 10_485_760, "\(out.performance)")
        #expect(out.performance.first { $0.label == "Exchange processing_rate" }?.unit == "")
        #expect(out.value("SharePoint hours_since_success") == 7.67)
        #expect(out.performance.allSatisfy { $0.min == "0" && $0.max == "" })
    }

    @Test("a warning is WARNING (1), a failure CRITICAL (2) and named first; --level moves a finding")
    func states() async throws {
        let warned = try await check(S(jobs: [S.healthy(1, "Exchange"), S.ended(2, "SharePoint", "Warning")]))
        #expect(warned.0.state == .warning)
        #expect(warned.1.headline == "1 of 2 jobs WARNING: SharePoint warning (1 of 1 run)")
        let scenario = S(jobs: [
            S.healthy(1, "Exchange"), S.ended(2, "SharePoint", "Failed"), S.ended(3, "Teams", "Warning"),
        ])
        let failed = try await check(scenario)
        #expect(failed.0.state == .critical && failed.0.state.rawValue == 2)
        #expect(
            failed.1.headline
                == "1 of 3 jobs CRITICAL: SharePoint failed (1 of 1 run); 1 WARNING: Teams warning (1 of 1 run)")
        #expect(
            failed.1.details.first
                == "[CRITICAL] SharePoint: failed (1 of 1 run); stale (no completed backup for 32 h, maximum age 26 h); last success 32 h ago"
        )
        var policy = CheckPolicy()
        for text in ["failed=warning", "stale=warning", "warning=ok"] {
            policy.set(try CheckPolicy.Assignment.parse(text).get())
        }
        #expect(try await check(scenario, policy: policy).0.state == .warning)
        #expect(throws: CheckPolicy.Refusal.self) { try CheckPolicy.Assignment.parse("failed=unknown").get() }
        #expect(throws: CheckPolicy.Refusal.self) { try CheckPolicy.Assignment.parse("nonsense=critical").get() }
    }

    @Test("--warning-age and --critical-age judge the hours since the last success, and are its thresholds")
    func ages() async throws {
        let scenario = S(jobs: [S.healthy(1, "Exchange")])
        var policy = CheckPolicy()
        policy.warningAgeSeconds = 6 * 3600
        policy.criticalAgeSeconds = 24 * 3600
        let (result, out) = try await check(scenario, policy: policy)
        #expect(result.state == .warning)
        #expect(out.details == ["[WARNING] Exchange: last success 7 h 40 min ago (warning above 6 h)"])
        let age = try #require(out.performance.first { $0.label == "Exchange hours_since_success" })
        #expect(age.warn == "6" && age.crit == "24")
        policy.criticalAgeSeconds = 7 * 3600
        #expect(try await check(scenario, policy: policy).0.state == .critical)
    }

    @Test("missed and stale are CRITICAL; a hung run is WARNING")
    func freshness() async throws {
        // The last run two days before now: missed (daily schedule) and stale (26 h).
        let old = S.Job(
            id: S.id(1), name: "Old",
            sessions: [S.Session(start: "2026-11-20T22:00:00Z", end: "2026-11-20T22:20:00Z", status: "Success")])
        let (result, out) = try await check(S(jobs: [old]))
        #expect(result.state == .critical)
        #expect(
            out.details.first?.hasPrefix("[CRITICAL] Old: missed (no run since 2026-11-20T22:00:00Z); stale (") == true)
        // Running for 32 hours, with no history: hung after a day.
        var hung = S.healthy(2, "Long")
        hung.sessions.append(S.Session(start: "2026-11-21T22:00:00Z", end: nil, status: "Running"))
        hung.sessions.removeFirst()
        let long = try await check(S(jobs: [S.healthy(1, "Exchange"), hung]))
        #expect(long.0.state == .warning)
        #expect(long.1.details.first?.hasPrefix("[WARNING] Long: hung (running for 32 h)") == true)
    }

    @Test(
        "a server whose fetch failed, or whose last fetch that worked is more than a day old, is not up to date: a note at the fetch-failed level"
    )
    func fetchBehind() throws {
        let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)
        func summary(lastFetched: Timestamp?, error: String?, hoursAgo: Double = 8) -> Summary {
            var inventory = Inventory()
            var server = Inventory.Server(name: "vbo-eu", address: "vbo-eu.example.com:4443")
            server.lastFetched = lastFetched
            server.lastFetchError = error
            let index = inventory.addServer(server)
            var session = JobSession(id: EntityID("s1"))
            session.jobID = EntityID("j1")
            session.creationTime = now.adding(seconds: -hoursAgo * 3600)
            session.endTime = now.adding(seconds: -(hoursAgo - 1) * 3600)
            session.status = .success
            _ = inventory.add(session, server: index)
            return Summarizer.summarize(inventory, options: SummaryOptions(now: now))
        }
        func result(lastFetched: Timestamp?, error: String?) -> CheckResult {
            MonitoringCheck.evaluate(summary(lastFetched: lastFetched, error: error), policy: CheckPolicy())
        }
        let fresh = result(lastFetched: now.adding(seconds: -3600), error: nil)
        #expect(fresh.state == .ok && fresh.notes.isEmpty)
        let stopped = result(lastFetched: now.adding(seconds: -3 * 86_400), error: nil)
        #expect(stopped.state == .warning)
        #expect(
            stopped.notes.map(\.text) == [
                "server vbo-eu is not up to date: no fetch has succeeded for 3 d 0 h (the last at 2026-11-20T06:00:00Z)"
            ])
        let failed = result(lastFetched: now.adding(seconds: -3600), error: "connection refused")
        #expect(
            failed.notes.map(\.text) == [
                "server vbo-eu is not up to date: its last fetch failed (connection refused); no fetch has succeeded for 1 h (the last at 2026-11-23T05:00:00Z)"
            ])
        let never = result(lastFetched: nil, error: "401 Unauthorized")
        #expect(never.notes.map(\.text).first?.hasSuffix("no fetch of it has succeeded") == true)
        #expect(failed.state == .warning && never.state == .warning)
        // Nothing in the window and nothing to judge: UNKNOWN, and why.
        let behind = summary(lastFetched: now.adding(seconds: -3 * 86_400), error: nil, hoursAgo: 80)
        let unknown = MonitoringCheck.evaluate(behind, policy: CheckPolicy())
        #expect(unknown.state == .unknown && unknown.headline.hasPrefix("no data"))
        #expect(unknown.pluginOutput().contains("server vbo-eu is not up to date: no fetch has succeeded for 3 d 0 h"))
        // The metrics and the digest say the same of the server.
        #expect(PrometheusText.render(behind).contains(#"vb365_server_fetch_behind{server="vbo-eu"} 1"#))
        let current = summary(lastFetched: now.adding(seconds: -3600), error: nil)
        #expect(PrometheusText.render(current).contains(#"vb365_server_fetch_behind{server="vbo-eu"} 0"#))
        // A fetch that worked within the day: the data is current, however old its newest session.
        #expect(!summary(lastFetched: now.adding(seconds: -3600), error: nil, hoursAgo: 80).dataIsOld)
        #expect(behind.dataIsOld)
    }

    @Test("no data is UNKNOWN (3), never OK: no job at all, or no session in the window")
    func noData() async throws {
        let empty = try await check(S(jobs: []))
        #expect(empty.0.state == .unknown && empty.0.state.rawValue == 3)
        #expect(empty.1.headline.hasPrefix("no data"))
        var quiet = S.healthy(1, "Quiet")
        quiet.sessions = []
        let none = try await check(S(jobs: [quiet]))
        #expect(none.0.state == .unknown)
        #expect(none.1.headline.hasPrefix("no data: no session of 1 job in the window"))
    }

    @Test(
        "--job, --organization and --server narrow the check; a name that matches nothing is UNKNOWN with the names there are"
    )
    func filters() async throws {
        let scenario = S(jobs: [S.healthy(1, "Exchange"), S.ended(2, "SharePoint", "Failed")])
        let one = try await check(scenario, scope: CheckScope(jobs: ["exchange"]))
        #expect(one.0.state == .ok)
        #expect(one.1.headline == "Exchange: Success; last success 7 h 40 min ago")
        #expect(one.1.performance.allSatisfy { $0.label.hasPrefix("Exchange ") })
        let byID = try await check(scenario, scope: CheckScope(jobs: [S.id(2)]))
        #expect(byID.0.state == .critical)
        let tenant = try await check(scenario, scope: CheckScope(organizations: ["Contoso Ltd"]))
        #expect(tenant.0.jobs.count == 2)
        let missing = try await check(scenario, scope: CheckScope(jobs: ["Teams"]))
        #expect(missing.0.state == .unknown)
        #expect(missing.1.headline == "no job is named 'Teams'; the jobs are: Exchange, SharePoint")
        let noOrganization = try await check(scenario, scope: CheckScope(organizations: ["Fabrikam"]))
        #expect(noOrganization.1.headline == "no organization is named 'Fabrikam'; the organizations are: Contoso Ltd")
        // Files outside an archive name no server.
        let noServer = try await check(scenario, scope: CheckScope(servers: ["vbo"]))
        #expect(noServer.0.state == .unknown)
        #expect(noServer.1.headline == "no server is named 'vbo'; the servers are: none")
    }

    @Test("hostile job names: a quote, =, | and a line break stay inside their label and their line")
    func hostileNames() async throws {
        let evil = "Evil 'job' | x=1\nnext\u{202E}"
        let (result, out) = try await check(S(jobs: [S.ended(1, evil, "Failed"), S.healthy(2, "Ünïcödé ✓")]))
        #expect(result.state == .critical)
        let text = result.pluginOutput()
        // A line per job and the headline; the performance data starts after the last detail.
        #expect(text.split(separator: "\n").count == 3 + 1)
        #expect(out.details.count == 2)
        #expect(out.details[0].hasPrefix("[CRITICAL] Evil 'job' / x=1 next : failed"))
        #expect(out.value("Evil 'job' / x-1 next  duration") == 1200)
        #expect(text.contains("'Evil ''job'' / x-1 next  duration'=1200s;;;0;"))
        #expect(out.value("Ünïcödé ✓ duration") == 1200)
        let local = result.checkmkLocal()
        #expect(!local.contains("\n next"))
    }

    @Test("--format checkmk-local: a VB365 service, then one per job: STATE \"NAME\" metrics text")
    func checkmk() async throws {
        let scenario = S(jobs: [S.healthy(1, "Exchange"), S.ended(2, "Share \"Point\"", "Failed")])
        let result = MonitoringCheck.evaluate(try await scenario.summary(), policy: CheckPolicy(), scope: CheckScope())
        let lines = result.checkmkLocal().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let line =
            #/([0-3]) "([^"]+)" (-|[a-z_]+=[-0-9.]+;[-0-9.]*;[-0-9.]*;[-0-9.]*;[-0-9.]*(?:\|[a-z_]+=[-0-9.]+;[-0-9.]*;[-0-9.]*;[-0-9.]*;[-0-9.]*)*) (.+)/#
        let parsed = try lines.map { try #require($0.wholeMatch(of: line), "\($0)") }
        #expect(parsed.map { String($0.1) } == ["2", "2", "0"])
        #expect(parsed.map { String($0.2) } == ["VB365", "VB365 Share 'Point'", "VB365 Exchange"])
        #expect(parsed[0].3 == "-")
        #expect(
            parsed[2].3
                == "duration=1200;;;0;|transferred=1610612736;;;0;|processing_rate=10485760;;;0;|hours_since_success=7.67;;;0;"
        )
        #expect(MonitoringCheck.unknown("cannot read").checkmkLocal() == "3 \"VB365\" - cannot read\n")
    }
}
