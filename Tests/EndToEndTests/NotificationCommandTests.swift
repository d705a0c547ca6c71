import Foundation
import Testing
import VB365TestSupport

/// One test's world for notifications: a real simulator, a real HTTPS receiver on 127.0.0.1
/// (`webhook_receiver.py`, its certificate trusted through each channel's `ca-file`), and a
/// folder with the configuration, its secret files, the archive and the state file; removed
/// when released.
final class NotifyWorld {
    let folder: URL
    let receiver: WebhookTestReceiver
    private(set) var sim: SimulatorProcess
    /// The simulator's port: a restarted simulator keeps it, since the archive is keyed by the
    /// server's address.
    let port: Int

    var config: String { folder.appendingPathComponent("config.yaml").path }
    var archive: String { folder.appendingPathComponent("archive").path }
    var stateFile: String { archive + "/.vb365-notify.json" }

    /// The site's address, for links (only in a configuration with `site: true`).
    static let siteURL = "https://reports.example.com/vb365"
    /// A PagerDuty routing key: 32 characters, as PagerDuty (and the receiver) require.
    static let routingKey = "R0UTINGKEYpd0123456789abcdefABCD"
    /// The samples' (and the simulator's) Contoso Ltd.
    static let contosoID = "a397e49b-9c45-494f-bfa7-1b0a2f9c7770"

    /// A channel: its name, type and receiver path (for `pagerduty`, the Events API path, the
    /// `endpoint`; its url-file holds the routing key), and more lines of its entry.
    struct Channel {
        var name: String
        var type: String
        var path: String
        var lines: [String] = []
    }

    init(_ name: String = #function, secret: String? = nil, slowSeconds: Double = 3) throws {
        folder = try Fixtures.temporaryFolder("notify-" + name)
        receiver = try WebhookTestReceiver(secret: secret, slowSeconds: slowSeconds)
        sim = try SimulatorProcess([])
        guard let port = sim.url.split(separator: ":").last.flatMap({ Int($0) }) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no port in \(sim.url)"])
        }
        self.port = port
        try secretFile("password", "vb365-demo")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Stops the simulator: the next fetch is refused.
    func stopServer() {
        sim.process.terminate()
        sim.process.waitUntilExit()
    }

    /// Starts the simulator again on the same port.
    func restartServer() throws {
        sim = try SimulatorProcess(["--port", "\(port)"])
    }

    /// Writes `text` into the file `name` of the folder, mode 0600; returns its path.
    @discardableResult
    func secretFile(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    /// The path of channel `name`'s url-file.
    func urlFile(_ name: String) -> String { folder.appendingPathComponent(name + "-url").path }

    /// Writes the configuration: the simulator (no retries: a stopped one fails at once), the
    /// archive, the site's address when `site`, and `channels`, each with its url-file (the
    /// receiver's address of its path, or the routing key), the receiver's certificate as its
    /// ca-file, a short timeout and one retry unless its lines say otherwise.
    func configure(_ channels: [Channel], site: Bool = false) throws {
        var yaml = """
            servers:
              - name: sim
                address: http://127.0.0.1:\(port)
                username: 'vb365\\admin'
                password-file: \(folder.appendingPathComponent("password").path)
                retries: 0
            archive:
              folder: \(archive)
            time-zone: Europe/Berlin

            """
        if site {
            yaml += """
                site:
                  folder: \(folder.appendingPathComponent("site").path)
                  url: \(Self.siteURL)

                """
        }
        yaml += "notifications:\n"
        for channel in channels {
            let pagerduty = channel.type == "pagerduty"
            try secretFile(channel.name + "-url", pagerduty ? Self.routingKey : receiver.url(channel.path))
            var lines = [
                "name: \(channel.name)", "type: \(channel.type)", "url-file: \(urlFile(channel.name))",
                "ca-file: \(receiver.certificate)",
            ]
            if pagerduty { lines.append("endpoint: \(receiver.url(channel.path))") }
            if !channel.lines.contains(where: { $0.hasPrefix("timeout:") }) { lines.append("timeout: 5s") }
            if !channel.lines.contains(where: { $0.hasPrefix("retries:") }) { lines.append("retries: 1") }
            lines += channel.lines
            yaml += "  - " + lines.joined(separator: "\n    ") + "\n"
        }
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        chmod(config, 0o600)
    }

    /// `vb365-report COMMAND --config FILE ARGUMENTS --now NOW`.
    func run(
        _ command: [String], _ arguments: [String] = [], at now: String, environment: [String: String] = [:]
    ) throws -> Run {
        try Run(command + ["--config", config] + arguments + ["--now", now], environment: environment)
    }

    /// The requests the receiver took on `path` (exactly; for PagerDuty, every event).
    func requests(_ path: String) throws -> [WebhookTestReceiver.Received] {
        try receiver.requests().filter { $0.path == path }
    }

    /// A request's body as a JSON object.
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The state file as an object; nil when there is none (an error when it is not JSON).
    func state() throws -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: stateFile) else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The keys of the problems channel `name` was last told are open (its records whose
    /// `said` is not OK).
    func openKeys(_ name: String) throws -> Set<String> {
        let channels = try state()?["channels"] as? [String: Any]
        let records = (channels?[name] as? [String: Any])?["records"] as? [String: [String: Any]] ?? [:]
        return Set(records.filter { ($0.value["said"] as? String) != "OK" }.keys)
    }
}

@Suite("vb365-report run and notify tell Teams, Slack, Discord, webhooks and PagerDuty, end to end")
struct NotificationCommandTests {
    static let first = "2026-11-23T06:00:00Z"
    static let second = "2026-11-23T07:00:00Z"
    static let third = "2026-11-23T08:00:00Z"
    static let secret = "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0wMTIzNDU2Nzg5"

    /// `N new problems (…); N open`.
    static var changesTitle: Regex<(Substring, Substring, Substring)> {
        #/^(\d+) new problems? \([^)]*\); (\d+) open$/#
    }

    @Test(
        "run: one message each to Teams, Slack, Discord and a signed webhook, one PagerDuty event per problem; then nothing"
    )
    func runTellsEveryKind() throws {
        let world = try NotifyWorld(secret: Self.secret)
        try world.secretFile("siem-secret", Self.secret)
        let channels: [NotifyWorld.Channel] = [
            .init(name: "ops-teams", type: "teams", path: "/teams/workflows/SECRETTOKENteams01"),
            .init(name: "ops-slack", type: "slack", path: "/slack/services/T0AAAA/B0BBBB/SECRETTOKENslack01"),
            .init(name: "ops-discord", type: "discord", path: "/discord/api/webhooks/1234/SECRETTOKENdiscord01"),
            .init(
                name: "siem", type: "webhook", path: "/webhook/siem/SECRETTOKENhook01",
                lines: ["secret-file: \(world.folder.appendingPathComponent("siem-secret").path)"]),
            .init(name: "pager", type: "pagerduty", path: "/pagerduty/v2/enqueue"),
        ]
        try world.configure(channels, site: true)

        let run = try world.run(["run"], at: Self.first)
        #expect(run.status == 0, "\(run.stderr)")
        let all = try world.receiver.requests()
        #expect(all.allSatisfy { $0.problems.isEmpty && (200..<300).contains($0.status) }, "\(all.map(\.problems))")

        // The generic webhook's JSON is the plan: its events are what the state file says is open.
        let hooks = try world.requests(channels[3].path)
        try #require(hooks.count == 1)
        #expect(hooks[0].header("webhook-signature")?.hasPrefix("v1,") == true)
        #expect(hooks[0].header("X-Hub-Signature-256")?.hasPrefix("sha256=") == true)
        let message = NotifyWorld.json(hooks[0].body)
        let title = try #require(message["title"] as? String)
        let counts = try #require(title.wholeMatch(of: Self.changesTitle), "\(title)")
        let events = message["events"] as? [[String: Any]] ?? []
        #expect(Int(counts.1) == events.count && Int(counts.2) == events.count)
        #expect(events.allSatisfy { $0["change"] as? String == "opened" })
        let keys = Set(events.compactMap { $0["key"] as? String })
        #expect(keys.count == events.count && !keys.isEmpty)
        #expect(message["siteUrl"] as? String == NotifyWorld.siteURL)
        for channel in channels.map(\.name) {
            #expect(try world.openKeys(channel) == keys, "\(channel)")
        }

        // One message each; PagerDuty one event per problem, each with its own dedup_key.
        for channel in channels.dropLast() {
            #expect(try world.requests(channel.path).count == 1, "\(channel.name)")
        }
        let slack = NotifyWorld.json(try world.requests(channels[1].path).first?.body ?? "")
        #expect((slack["text"] as? String)?.contains(title) == true)
        let teams = try world.requests(channels[0].path).first?.body ?? ""
        #expect(teams.contains("AdaptiveCard") && teams.contains("new problems"))
        #expect((try world.requests(channels[2].path).first?.body ?? "").contains("new problems"))
        let pages = try world.requests("/pagerduty/v2/enqueue").map { NotifyWorld.json($0.body) }
        #expect(pages.count == events.count)
        let dedupKeys = Set(pages.compactMap { $0["dedup_key"] as? String })
        #expect(dedupKeys.count == pages.count && dedupKeys.allSatisfy { $0.hasPrefix("vb365-report/") })
        #expect(pages.allSatisfy { $0["event_action"] as? String == "trigger" })
        #expect(pages.allSatisfy { $0["routing_key"] as? String == NotifyWorld.routingKey })

        // The log names each channel, what it was sent, and its title.
        let kinds = ["Microsoft Teams", "Slack", "Discord", "webhook", "PagerDuty"]
        for (channel, kind) in zip(channels, kinds) {
            #expect(
                run.stderr.contains("vb365-report: notify \(channel.name): 1 message to \(kind): \"\(title)\""),
                "\(run.stderr)")
        }

        // An hour later nothing changed: nothing is posted, and the log says so.
        let again = try world.run(["run"], at: Self.second)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try world.receiver.requests().count == all.count)
        for channel in channels {
            #expect(again.stderr.contains("vb365-report: notify \(channel.name): nothing changed"), "\(again.stderr)")
        }
    }

    @Test("A failed fetch: every channel is told the run failed, with the last good report; then that it is resolved")
    func failedRunIsTold() throws {
        let world = try NotifyWorld()
        let channels: [NotifyWorld.Channel] = [
            .init(name: "siem", type: "webhook", path: "/webhook/ops/SECRETTOKENhook02"),
            .init(name: "ops-slack", type: "slack", path: "/slack/services/T0AAAA/B0BBBB/SECRETTOKENslack02"),
            .init(name: "ops-teams", type: "teams", path: "/teams/workflows/SECRETTOKENteams02"),
            .init(name: "ops-discord", type: "discord", path: "/discord/api/webhooks/1234/SECRETTOKENdiscord02"),
            .init(name: "pager", type: "pagerduty", path: "/pagerduty/v2/enqueue"),
        ]
        try world.configure(channels)
        let good = try world.run(["run"], at: Self.first)
        #expect(good.status == 0, "\(good.stderr)")
        let before = try world.receiver.requests().count

        world.stopServer()
        let failed = try world.run(["run"], at: Self.second)
        #expect(failed.status == 68, "\(failed.stderr)")
        let told = Array(try world.receiver.requests().dropFirst(before))
        #expect(told.allSatisfy { $0.problems.isEmpty && (200..<300).contains($0.status) })
        let hook = NotifyWorld.json(told.first { $0.path == channels[0].path }?.body ?? "")
        let title = hook["title"] as? String ?? ""
        #expect(title.hasPrefix("[Run failed] vb365-report could not fetch sim (exit 68): "), "\(title)")
        #expect(title.hasSuffix("; last good report 2026-11-23 07:00 +01:00"), "\(title)")
        #expect(hook["kind"] as? String == "runFailed")
        let events = hook["events"] as? [[String: Any]] ?? []
        #expect(events.contains { $0["key"] as? String == "run" && $0["change"] as? String == "opened" })
        // One message each (PagerDuty: one event per change, the run's among them).
        for channel in channels {
            let bodies = told.filter { $0.path == channel.path }.map(\.body)
            #expect(bodies.count == (channel.type == "pagerduty" ? events.count : 1), "\(channel.name): \(bodies)")
            let run = bodies.first { $0.contains("vb365-report could not fetch sim") }
            #expect(run?.contains("last good report 2026-11-23 07:00 +01:00") == true, "\(channel.name): \(bodies)")
            #expect(failed.stderr.contains("vb365-report: notify \(channel.name): 1 message to "), "\(failed.stderr)")
        }
        let pages = told.filter { $0.path == channels[4].path }.map { NotifyWorld.json($0.body) }
        let runPage = pages.first { ($0["payload"] as? [String: Any])?["component"] as? String == "run" }
        #expect(runPage?["event_action"] as? String == "trigger")
        #expect((runPage?["payload"] as? [String: Any])?["severity"] as? String == "critical")

        // The server is back (at the same address): the run's problem (and the server's) is resolved.
        let paged = try world.requests(channels[4].path).count
        try world.restartServer()
        let fixed = try world.run(["run"], at: Self.third)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let after = try world.requests(channels[0].path).last.map { NotifyWorld.json($0.body) } ?? [:]
        let resolved = after["title"] as? String ?? ""
        let changes = after["events"] as? [[String: Any]] ?? []
        #expect(changes.contains { $0["key"] as? String == "run" && $0["change"] as? String == "resolved" })
        #expect(changes.allSatisfy { $0["change"] as? String == "resolved" }, "\(changes)")
        if changes.count == 1 {
            #expect(resolved == "Resolved: the reporting run")
        } else {
            #expect(resolved.hasPrefix("\(changes.count) resolved; "), "\(resolved)")
        }
        #expect(try world.openKeys("siem").contains("run") == false)
        #expect(try world.openKeys("siem").count == (try world.openKeys("pager").count))
        let resolves = try world.requests(channels[4].path).dropFirst(paged).map { NotifyWorld.json($0.body) }
        #expect(resolves.count == changes.count)
        #expect(resolves.allSatisfy { $0["event_action"] as? String == "resolve" && $0["payload"] == nil })
        #expect(fixed.stderr.contains("vb365-report: notify ops-slack: 1 message to Slack: \"\(resolved)\""))
    }

    @Test("A channel of one organization: not a word of the other organization, nor the site, in anything it is sent")
    func tenantIsolation() throws {
        let world = try NotifyWorld()
        let scoped = ["organizations: [Fabrikam GmbH]"]
        let channels: [NotifyWorld.Channel] = [
            .init(name: "all", type: "webhook", path: "/webhook/all/SECRETTOKENall"),
            .init(name: "fabrikam-hook", type: "webhook", path: "/webhook/fabrikam/SECRETTOKENfab", lines: scoped),
            .init(name: "fabrikam-teams", type: "teams", path: "/teams/fabrikam/SECRETTOKENfabteams", lines: scoped),
            .init(name: "fabrikam-pager", type: "pagerduty", path: "/pagerduty/v2/enqueue", lines: scoped),
        ]
        try world.configure(channels, site: true)
        // A good run, a failed one (its words name servers and folders), and the recovery.
        #expect(try world.run(["run"], at: Self.first).status == 0)
        world.stopServer()
        #expect(try world.run(["run"], at: Self.second).status == 68)
        try world.restartServer()
        #expect(try world.run(["run"], at: Self.third).status == 0)

        // Contoso's jobs have the same names as Fabrikam's: their ids are what tells them apart.
        let jobs = try Data(
            contentsOf: URL(fileURLWithPath: world.archive + "/servers/127.0.0.1_\(world.port)/jobs.json"))
        let results = (try JSONSerialization.jsonObject(with: jobs) as? [String: Any])?["results"] as? [[String: Any]]
        let contosoJobs = (results ?? []).filter { $0["organizationId"] as? String == NotifyWorld.contosoID }
            .compactMap { $0["id"] as? String }
        #expect(contosoJobs.count == 3)
        let forbidden =
            [
                "Contoso", "Contoso Ltd", "Contoso repository", NotifyWorld.contosoID, NotifyWorld.siteURL,
                "reports.example.com",
            ] + contosoJobs

        let all = try world.receiver.requests()
        #expect(all.allSatisfy { $0.problems.isEmpty })
        let tenantPaths = Set(channels.dropFirst().map(\.path))
        let tenant = all.filter { tenantPaths.contains($0.path) }
        #expect(tenant.count >= 5, "\(tenant.map(\.path))")
        for request in tenant {
            let text = request.body + request.headers.values.joined(separator: "\n")
            for word in forbidden {
                #expect(
                    !text.lowercased().contains(word.lowercased()), "\(request.path) got '\(word)': \(request.body)")
            }
        }
        let fabrikam = all.filter { $0.path == channels[1].path }
        #expect(fabrikam.count == 3)
        #expect(fabrikam.first?.body.contains("Fabrikam GmbH") == true)
        // The failed run: the tenant is told that it failed, not why.
        #expect(fabrikam.contains { $0.body.contains("vb365-report could not finish its run (exit 68)") })
        // The channel of every organization does see Contoso.
        let everyone = all.filter { $0.path == channels[0].path }.map(\.body).joined()
        #expect(everyone.contains("Contoso"))
        #expect(everyone.contains(NotifyWorld.siteURL))
    }

    @Test("The webhook's address is a secret: never in a log, config check, notify's output or the state file")
    func addressesStaySecret() throws {
        let world = try NotifyWorld()
        let refused = "/slack/fail400/services/T0SECRETA/B0SECRETB/SECRETTOKENrefused123"
        let channels: [NotifyWorld.Channel] = [
            .init(name: "ops-slack", type: "slack", path: refused),
            .init(name: "ops-teams", type: "teams", path: "/teams/workflows/SECRETTOKENteams04?sig=SECRETTOKENsig04"),
            .init(name: "pager", type: "pagerduty", path: "/pagerduty/v2/enqueue"),
        ]
        try world.configure(channels)
        let run = try world.run(["run"], at: Self.first)
        #expect(run.status == 76, "\(run.stderr)")
        let masked = "https://127.0.0.1:\(world.receiver.port)/…"
        #expect(run.stderr.contains("the Slack channel 'ops-slack' (\(masked)) answered 400: invalid_payload"))
        #expect(run.stderr.contains("vb365-report: notify ops-teams: 1 message to Microsoft Teams"))
        let check = try Run(["config", "check", "--config", world.config, "--offline"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("ops-slack: Slack at \(masked)"))
        let notify = try world.run(["notify"], at: Self.second)
        #expect(notify.status == 76)
        #expect(notify.stderr.contains("ops-slack") && notify.stderr.contains(masked))
        let state = try String(contentsOfFile: world.stateFile, encoding: .utf8)

        let secrets = [
            "SECRETTOKEN", "T0SECRETA", "B0SECRETB", "/services/", "/slack/", "/teams/", "fail400", "sig=",
            "/workflows/", NotifyWorld.routingKey,
        ]
        let outputs = [
            ("run", run.stdout + run.stderr), ("config check", check.stdout + check.stderr),
            ("notify", notify.stdout + notify.stderr), ("state", state),
        ]
        for (what, text) in outputs {
            for secret in secrets {
                #expect(!text.contains(secret), "\(what) shows '\(secret)': \(text)")
            }
        }
        // The receiver was asked twice, and refused both times.
        #expect(try world.requests(refused).map(\.status) == [400, 400])
    }

    @Test(
        "kill -9 while a message is being sent: the state stays valid, the message arrives once or twice, then never again"
    )
    func killedMidSend() throws {
        let world = try NotifyWorld(slowSeconds: 20)
        let slow = "/webhook/slow/siem/SECRETTOKENslow"
        let channels: [NotifyWorld.Channel] = [
            .init(name: "ops-slack", type: "slack", path: "/slack/services/T0AAAA/B0BBBB/SECRETTOKENslack05"),
            .init(name: "siem", type: "webhook", path: slow, lines: ["timeout: 30s"]),
        ]
        try world.configure(channels)
        let fetch = try world.run(["fetch"], at: Self.first)
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(try world.state() == nil)

        // notify, killed once the receiver holds the slow channel's request.
        let process = Process()
        process.executableURL = Run.binary
        process.arguments = ["notify", "--config", world.config, "--now", Self.first]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while try world.requests(slow).isEmpty && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        try #require(try world.requests(slow).count == 1, "the slow request never arrived")

        // The state is whole: the Slack channel was told (and remembered), the webhook not.
        let state = try world.state()
        let told = (state?["channels"] as? [String: Any]).map { Set($0.keys) } ?? []
        #expect(told.isSubset(of: ["ops-slack"]))

        let again = try world.run(["notify"], at: Self.first)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("notify siem: 1 message to webhook"), "\(again.stderr)")
        let third = try world.run(["notify"], at: Self.second)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(
            third.stderr.contains("notify siem: nothing changed") && third.stderr.contains("ops-slack: nothing changed")
        )

        let hooks = try world.requests(slow)
        #expect((1...2).contains(hooks.count))
        #expect(hooks.filter { $0.status == 200 }.count == 1)
        #expect(Set(hooks.map { NotifyWorld.json($0.body)["title"] as? String ?? "" }).count == 1)
        // A repeat is the same message: the same id, so a receiver can drop it.
        #expect(Set(hooks.map { NotifyWorld.json($0.body)["id"] as? String ?? "" }).count == 1)
        #expect(Set(hooks.map { $0.header("webhook-id") ?? "" }).count == 1)
        let slack = try world.requests(channels[0].path)
        #expect((1...2).contains(slack.count))
        if told.contains("ops-slack") { #expect(slack.count == 1) }
    }

    @Test("notify --run-failed: a kill (MONITOR_SERVICE_RESULT=signal) is told; a run that exited by itself is not")
    func runFailedFromSystemd() throws {
        let world = try NotifyWorld()
        let hook = "/webhook/monitor/SECRETTOKENhook06"
        try world.configure([.init(name: "siem", type: "webhook", path: hook)])
        #expect(try world.run(["run"], at: Self.first).status == 0)
        let before = try world.requests(hook).count

        let exited = try world.run(
            ["notify"], ["--run-failed"], at: Self.second,
            environment: [
                "MONITOR_SERVICE_RESULT": "exit-code", "MONITOR_EXIT_STATUS": "1",
                "MONITOR_UNIT": "vb365-report.service",
            ])
        #expect(exited.status == 0, "\(exited.stderr)")
        #expect(exited.stderr.contains("told the channels itself; nothing to add"))
        #expect(try world.requests(hook).count == before)

        let killed = try world.run(
            ["notify"], ["--run-failed"], at: Self.second,
            environment: [
                "MONITOR_SERVICE_RESULT": "signal", "MONITOR_EXIT_STATUS": "KILL",
                "MONITOR_UNIT": "vb365-report.service",
            ])
        #expect(killed.status == 0, "\(killed.stderr)")
        let sent = try world.requests(hook).dropFirst(before)
        #expect(sent.count == 1)
        let title = NotifyWorld.json(sent.first?.body ?? "")["title"] as? String ?? ""
        #expect(title.hasPrefix("[Run failed] vb365-report could not finish its run"), "\(title)")
        #expect(title.contains("vb365-report.service was killed by signal KILL"), "\(title)")
        #expect(title.hasSuffix("last good report 2026-11-23 07:00 +01:00"), "\(title)")
        #expect(killed.stderr.contains("vb365-report: notify siem: 1 message to webhook: \"[Run failed]"))
    }

    @Test("notify --preview: each message's bodies and an HTML page in the folder; nothing posted; the state untouched")
    func preview() throws {
        let world = try NotifyWorld()
        let channels: [NotifyWorld.Channel] = [
            .init(name: "ops-slack", type: "slack", path: "/slack/services/T0AAAA/B0BBBB/SECRETTOKENslack07"),
            .init(name: "pager", type: "pagerduty", path: "/pagerduty/v2/enqueue"),
        ]
        try world.configure(channels)
        #expect(try world.run(["fetch"], at: Self.first).status == 0)
        let folder = world.folder.appendingPathComponent("preview")
        let previewed = try world.run(["notify"], ["--preview", folder.path], at: Self.first)
        #expect(previewed.status == 0, "\(previewed.stderr)")
        #expect(previewed.stderr.contains("notify ops-slack: 1 message written as Slack would get"))
        #expect(try world.receiver.requests().isEmpty)
        #expect(try world.state() == nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.contains("ops-slack-1.json") && files.contains("ops-slack-1.html"), "\(files)")
        #expect(files.contains("pager-1.json") && files.contains("pager-1.html"), "\(files)")
        let slackPreview = try String(contentsOf: folder.appendingPathComponent("ops-slack-1.json"), encoding: .utf8)
        let title = (NotifyWorld.json(slackPreview)["text"] as? String) ?? ""
        #expect(title.contains("new problems"))
        let html = try String(contentsOf: folder.appendingPathComponent("ops-slack-1.html"), encoding: .utf8)
        #expect(html.contains("new problems"))

        // Sent for real at the same time: the very bodies previewed.
        let sent = try world.run(["notify"], at: Self.first)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try world.requests(channels[0].path).map(\.body) == [slackPreview.trimmingCharacters(in: .newlines)])
        let events = try world.requests("/pagerduty/v2/enqueue").count
        #expect(files.filter { $0.hasPrefix("pager-1") && $0.hasSuffix(".json") }.count == events)

        // A preview with a state file: the file is as it was.
        let state = try Data(contentsOf: URL(fileURLWithPath: world.stateFile))
        let requests = try world.receiver.requests().count
        let later = world.folder.appendingPathComponent("preview-2")
        let failed = try world.run(
            ["notify"], ["--preview", later.path, "--run-failed", "--reason", "the disk is full"], at: Self.second)
        #expect(failed.status == 0, "\(failed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: world.stateFile)) == state)
        #expect(try world.receiver.requests().count == requests)
        let written = try String(contentsOf: later.appendingPathComponent("ops-slack-1.json"), encoding: .utf8)
        #expect(written.contains("[Run failed]") && written.contains("the disk is full"))
    }

    @Test("429 with Retry-After: retried, arrives once; 400: exit 76, the state not advanced, the next run tries again")
    func retriesAndRefusals() throws {
        let world = try NotifyWorld()
        let busy = "/slack/fail429-once-wait0.2/T0AAAA/B0BBBB/SECRETTOKENbusy"
        let refused = "/webhook/fail400/siem/SECRETTOKENrefused"
        let channels: [NotifyWorld.Channel] = [
            .init(name: "busy", type: "slack", path: busy),
            .init(name: "refused", type: "webhook", path: refused),
        ]
        try world.configure(channels)
        let run = try world.run(["run"], at: Self.first)
        #expect(run.status == 76, "\(run.stderr)")
        #expect(try world.requests(busy).map(\.status) == [429, 200])
        #expect(run.stderr.contains("vb365-report: notify busy: 1 message to Slack"))
        #expect(run.stderr.contains("the next run tells it again"), "\(run.stderr)")
        #expect(try world.openKeys("refused").isEmpty)
        #expect(try !world.openKeys("busy").isEmpty)

        let again = try world.run(["run"], at: Self.second)
        #expect(again.status == 76, "\(again.stderr)")
        #expect(try world.requests(busy).count == 2)
        let tries = try world.requests(refused)
        #expect(tries.map(\.status) == [400, 400])
        let titles = tries.map { NotifyWorld.json($0.body)["title"] as? String ?? "" }
        #expect(titles[0].wholeMatch(of: Self.changesTitle) != nil && titles[0] == titles[1], "\(titles)")

        // The receiver takes it now: the message the channel was never told arrives.
        try world.secretFile("refused-url", world.receiver.url("/webhook/siem/SECRETTOKENaccepted"))
        let fixed = try world.run(["run"], at: Self.third)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let accepted = try world.requests("/webhook/siem/SECRETTOKENaccepted")
        #expect(accepted.map(\.status) == [200])
        #expect(NotifyWorld.json(accepted.first?.body ?? "")["title"] as? String == titles[0])
        #expect(try world.openKeys("refused") == (try world.openKeys("busy")))
    }
}
