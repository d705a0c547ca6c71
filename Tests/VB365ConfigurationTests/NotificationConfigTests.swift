import Foundation
import Testing
import VB365Notifying
import VB365Support
import VB365TestSupport

@testable import VB365Configuration
@testable import VB365Run

/// The `notifications:` section: each channel's type, secret files, scope and limits, what the
/// file and `config check` refuse, and that the webhook URL (a secret) is never shown.
@Suite("The configuration's notifications section")
struct NotificationConfigTests {
    /// `minimal` with `notifications:` (line 7) and `entries` (each line indented under it) from
    /// line 8; each `files` entry is written beside it (mode `mode`) with its text.
    static func file(
        _ entries: [String], files: [String: String] = [:], mode: mode_t = 0o600, name: String = #function
    ) throws -> String {
        let path = try configFile(
            minimal + "\nnotifications:\n" + entries.map { "  \($0)\n" }.joined(), name: name)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for (file, text) in files {
            let secret = folder.appendingPathComponent(file).path
            try text.write(toFile: secret, atomically: true, encoding: .utf8)
            chmod(secret, mode)
        }
        return path
    }

    /// The folder a configuration file is in (where `file`'s secret files are).
    static func folder(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    @Test("The type's words are NotificationChannel.Kind's, and a URL is no key")
    func schema() throws {
        let section = try #require(ConfigSchema.section("notifications"))
        #expect(section.isList)
        let type = try #require(section.keys.first { $0.name == "type" })
        #expect(type.kind == .choice(["teams", "slack", "discord", "webhook", "pagerduty"]))
        #expect(!section.keys.contains { $0.name == "url" || $0.name.hasSuffix("-url") })
    }

    @Test("A full example of each type reads into its channel")
    func everyType() throws {
        let path = try Self.file([
            "- name: ops-teams", "  type: teams", "  url-file: teams-url", "  level: critical",
            "  organizations: [Fabrikam, 4d3c-id]", "  servers: [vbo.example.com]", "  jobs: [Exchange daily]",
            "  summary-at: '08:30'", "  ca-file: /etc/ssl/proxy.pem", "  timeout: 45s", "  retries: 5",
            "- type: slack", "  url-file: /etc/vb365-report/slack-url", "- type: discord",
            "  url-file: discord-url", "  summary-at: 7:05", "- name: siem", "  type: webhook",
            "  url-file: hook-url", "  secret-file: hook-secret", "  timeout: 2m", "  retries: 0",
            "- type: pagerduty", "  url-file: pd-key", "  endpoint: https://events.eu.pagerduty.com/v2/enqueue",
        ])
        let folder = Self.folder(path)
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(c.notifications.count == 5)
        var teams = NotificationChannel(name: "ops-teams", kind: .teams, addressFile: folder + "/teams-url")
        teams.level = .critical
        teams.organizations = ["Fabrikam", "4d3c-id"]
        teams.servers = ["vbo.example.com"]
        teams.jobs = ["Exchange daily"]
        teams.summaryMinute = 8 * 60 + 30
        teams.caFile = "/etc/ssl/proxy.pem"
        teams.timeoutSeconds = 45
        teams.retries = 5
        #expect(c.notifications[0] == teams)
        #expect(
            c.notifications[1]
                == NotificationChannel(name: "slack", kind: .slack, addressFile: "/etc/vb365-report/slack-url"))
        var discord = NotificationChannel(name: "discord", kind: .discord, addressFile: folder + "/discord-url")
        discord.summaryMinute = 7 * 60 + 5
        #expect(c.notifications[2] == discord)
        var webhook = NotificationChannel(name: "siem", kind: .webhook, addressFile: folder + "/hook-url")
        webhook.secretFile = folder + "/hook-secret"
        webhook.timeoutSeconds = 120
        webhook.retries = 0
        #expect(c.notifications[3] == webhook)
        var pagerduty = NotificationChannel(name: "pagerduty", kind: .pagerduty, addressFile: folder + "/pd-key")
        pagerduty.endpoint = "https://events.eu.pagerduty.com/v2/enqueue"
        #expect(c.notifications[4] == pagerduty)
        // The defaults: warning, every organization, no summary, 30 s, 3 retries, the US endpoint.
        let slack = c.notifications[1]
        #expect(slack.level == .warning && slack.organizations.isEmpty && slack.summaryMinute == nil)
        #expect(slack.timeoutSeconds == 30 && slack.retries == 3 && slack.endpoint == nil && slack.caFile == nil)
        // Without the section: no channel.
        #expect(try ConfigurationLoader.load(path: try configFile(minimal), environment: [:]).notifications.isEmpty)
    }

    @Test("A channel without a name is called by its type, then type-2, avoiding the names given")
    func defaultNames() throws {
        let path = try Self.file([
            "- type: teams", "  url-file: a", "- type: teams", "  url-file: b", "- name: slack", "  type: teams",
            "  url-file: c", "- type: slack", "  url-file: d",
        ])
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(c.notifications.map(\.name) == ["teams", "teams-2", "slack", "slack-2"])
        // An environment variable adds a channel as it adds a server.
        let added = try ConfigurationLoader.load(
            path: path, environment: [:], settings: ["notifications.5.type=discord", "notifications.5.url-file=/d"])
        #expect(added.notifications.last == NotificationChannel(name: "discord", kind: .discord, addressFile: "/d"))
    }

    @Test("Each mistake is an error at the file's line and column, naming the key")
    func mistakes() throws {
        let path = try Self.file([
            "- name: a", "  url-file: x",  // 8: no type
            "- name: b", "  type: slack",  // 10: no url-file
            "- name: c", "  type: slack", "  url-file: x", "  secret-file: s",  // 15: secret-file on slack
            "- name: d", "  type: teams", "  url-file: x", "  endpoint: https://events.pagerduty.com",  // 19
            "- name: D", "  type: discord", "  url-file: x",  // 20: the name of channel 4
            "- name: f", "  type: webhook", "  url-file: x", "  summary-at: '24:00'",  // 26
            "- name: g", "  type: webhook", "  url-file: x", "  servers: [vbo.example.com, elsewhere]",  // 30
            "- name: h", "  type: webhook", "  url-file: x", "  timeout: 1h",  // 34
            "- name: i", "  type: pagerduty", "  url-file: x", "  summary-at: '06:00'",  // 38
        ])
        let problems = loadProblems(path).map(\.description)
        func expect(_ line: Int, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(
                problems.contains { $0.hasPrefix("\(path):\(line):") && $0.contains(text) }, "\(line): \(problems)",
                sourceLocation: sourceLocation)
        }
        expect(
            8, "'notifications.1' has no 'type'; give the kind of channel: teams, slack, discord, webhook, pagerduty")
        expect(10, "'notifications.2' has no 'url-file'")
        expect(15, "'notifications.3.secret-file' is for the type webhook only, and this channel is slack")
        expect(19, "'notifications.4.endpoint' is for the type pagerduty only, and this channel is teams")
        expect(20, "notification channel 5 has the name 'D', as channel 4 has")
        expect(26, "'notifications.6.summary-at' is '24:00', not a time of day from 00:00 to 23:59")
        expect(30, "'notifications.7.servers' names 'elsewhere', which no configured server is called")
        expect(34, "'notifications.8.timeout' is 1h, outside 1s to 10m")
        expect(38, "'notifications.9.summary-at' asks PagerDuty for a daily summary")
        #expect(problems.count == 9, "\(problems)")
        // Values a key does not take: found before the checks between keys.
        let values = try Self.file(
            ["- type: sms", "  url-file: x", "  retries: 11", "  level: info", "  endpoint: ftp://x"], name: "values")
        let refused = loadProblems(values).map(\.description)
        for (line, text) in [
            (8, "'notifications.1.type' is 'sms', not one of teams, slack, discord, webhook, pagerduty"),
            (10, "'notifications.1.retries' is '11', not a whole number from 0 to 10"),
            (11, "'notifications.1.level' is 'info', not one of warning, critical"),
            (12, "'notifications.1.endpoint' is 'ftp://x', not an http(s) address"),
        ] {
            #expect(refused.contains { $0.hasPrefix("\(values):\(line):") && $0.contains(text) }, "\(refused)")
        }
        // The url-file is missing: the advice says how to make one for the type.
        #expect(
            problems.contains { $0.contains("install -m 600 -o vb365-report /dev/null /etc/vb365-report/slack-url") })
        // Malformed times, and the ones taken.
        for bad in ["8", "08:0", "8am", "12:60", "-1:00", "08:00:00", "", "0８:00"] {
            #expect(ConfigurationBuilder.minuteOfDay(bad) == nil, "\(bad)")
        }
        #expect(ConfigurationBuilder.minuteOfDay("00:00") == 0)
        #expect(ConfigurationBuilder.minuteOfDay("23:59") == 1439)
        #expect(ConfigurationBuilder.minuteOfDay("9:15") == 555)
    }

    @Test("A URL, a routing key or a secret written in the file is refused, with the file it belongs in")
    func secretsInTheFile() throws {
        let path = try Self.file([
            "- type: slack", "  url: https://hooks.slack.com/services/T000/B000/XXXXSECRET", "- type: pagerduty",
            "  routing-key: R0UT1NGKEY", "- type: webhook", "  url-file: x", "  secret: whsec_abc",
            "- type: pagerduty", "  routing-key-file: /k",
        ])
        let problems = loadProblems(path).map(\.description)
        #expect(
            problems.contains {
                $0.hasPrefix("\(path):9:5: error: a webhook URL is a secret")
                    && $0.contains("name that file with 'url-file'") && $0.contains("install -m 600")
            }, "\(problems)")
        #expect(
            problems.contains {
                $0.hasPrefix("\(path):11:5: error: a PagerDuty routing key is a secret")
                    && $0.contains("'url-file'")
            }, "\(problems)")
        #expect(
            problems.contains {
                $0.hasPrefix("\(path):14:5: error: a secret is never written") && $0.contains("'secret-file'")
            }, "\(problems)")
        #expect(
            problems.contains {
                $0.hasPrefix("\(path):16:5: error: unknown key 'routing-key-file'") && $0.contains("'url-file'")
            }, "\(problems)")
        // The URL where its file's path belongs.
        let inPlace = try Self.file(
            ["- type: slack", "  url-file: https://hooks.slack.com/services/T000/B000/XXXXSECRET"], name: "inPlace")
        let misplaced = loadProblems(inPlace).map(\.description)
        #expect(
            misplaced == [
                "\(inPlace):9:15: error: 'notifications.1.url-file' holds the secret itself, where the path of the file that holds it belongs; put it on the first line of a file only vb365-report can read (install -m 600 -o vb365-report /dev/null /etc/vb365-report/slack-url) and name that file"
            ])
        // Never "did you mean 'address'", and no value repeated.
        #expect(!problems.joined().contains("address'?"))
        #expect(!problems.joined().contains("XXXXSECRET") && !problems.joined().contains("R0UT1NGKEY"))
        // A server's url still means its address.
        let server = try configFile(minimal.replacingOccurrences(of: "- address:", with: "- url:"), name: "server")
        #expect(loadProblems(server).contains { $0.description.contains("did you mean 'address'?") })
    }

    @Test("A url-file or secret-file others can read, or a missing ca-file, is a local problem")
    func localProblems() throws {
        let path = try Self.file(
            [
                "- name: hook", "  type: webhook", "  url-file: hook-url", "  secret-file: hook-secret",
                "  ca-file: nope.pem",
            ],
            files: ["hook-url": "https://siem.example.net/in\n", "hook-secret": "whsec_x\n"], mode: 0o644)
        let c = try ConfigurationLoader.load(path: path, environment: [:])
        let messages = c.localProblems(environment: ["VB365_PASSWORD": "x"]).map(\.diagnostic.message)
        #expect(
            messages.contains { $0.hasPrefix("the 'notifications.1.url-file' can be read by every user (mode 0644)") })
        #expect(messages.contains { $0.hasPrefix("the 'notifications.1.secret-file' can be read by every user") })
        #expect(messages.contains("the 'notifications.1.ca-file' cannot be read"))
        for file in ["hook-url", "hook-secret"] { chmod(Self.folder(path) + "/" + file, 0o600) }
        let fixed = c.localProblems(environment: ["VB365_PASSWORD": "x"]).map(\.diagnostic.message)
        #expect(!fixed.contains { $0.contains("url-file") || $0.contains("secret-file") }, "\(fixed)")
    }

    @Test("config check shows each channel with its address masked, never the URL's secret part")
    func configCheck() async throws {
        let secret = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"
        let teams =
            "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=XXXXSECRET"
        let path = try Self.file(
            [
                "- name: ops-teams", "  type: teams", "  url-file: teams-url", "  organizations: Fabrikam",
                "- type: slack", "  url-file: slack-url", "  level: critical", "  summary-at: '08:00'",
                "- type: pagerduty", "  url-file: pd-key", "- type: discord", "  url-file: discord-url",
                "- type: webhook", "  url-file: http-url",
            ],
            files: [
                "teams-url": teams + "\n", "slack-url": secret + "\n", "pd-key": "XXXXSECRET\n",
                "discord-url": "\n", "http-url": "http://siem.example.net/in/XXXXSECRET\n",
            ])
        let folder = Self.folder(path)
        let text = await ConfigCheck.run(path: path, environment: [:], offline: true, toolVersion: "test").text
        #expect(!text.contains("XXXXSECRET"), "\(text)")
        #expect(!text.contains("/services/") && !text.contains("sig=") && !text.contains("/workflows"))
        #expect(
            text.contains(
                "  ok    notifications.1 ops-teams: Microsoft Teams at https://prod-12.westeurope.logic.azure.com:443/… (url-file \(folder)/teams-url), level warning, organizations Fabrikam\n"
            ), "\(text)")
        #expect(
            text.contains(
                "  ok    notifications.2 slack: Slack at https://hooks.slack.com/… (url-file \(folder)/slack-url), level critical, a daily summary at 08:00 UTC\n"
            ), "\(text)")
        #expect(
            text.contains(
                "  ok    notifications.3 pagerduty: PagerDuty at https://events.pagerduty.com/v2/enqueue (routing key in url-file \(folder)/pd-key), level warning\n"
            ), "\(text)")
        #expect(
            text.contains("  FAIL  notifications.4 discord: the webhook address file's first line is empty"), "\(text)")
        #expect(
            text.contains(
                "  FAIL  notifications.5 webhook: the webhook address file holds an address that is not https://"))
        // A url-file others can read: the channel's line fails with the secret file's problem.
        chmod(folder + "/slack-url", 0o644)
        let open = await ConfigCheck.run(path: path, environment: [:], offline: true, toolVersion: "test")
        #expect(
            open.text.contains(
                "  FAIL  notifications.2 slack: the 'notifications.2.url-file' can be read by every user (mode 0644)"),
            "\(open.text)")
        #expect(open.items.contains { $0.text.hasPrefix("notifications.2 slack:") && $0.status == .configuration })
        #expect(!open.text.contains("XXXXSECRET"))
    }
}
