import Foundation
import Testing
import VB365Support
import VB365TestSupport

@testable import VB365Configuration

/// Writes `text` as a configuration file (mode 0600) in a new folder; returns its path.
func configFile(_ text: String, name: String = #function) throws -> String {
    let folder = try Fixtures.temporaryFolder("config-" + name)
    let path = folder.appendingPathComponent("config.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o600)
    return path
}

/// The diagnostics a load fails with (empty when it succeeds).
func loadProblems(_ path: String, environment: [String: String] = [:], settings: [String] = []) -> [Diagnostic] {
    do {
        _ = try ConfigurationLoader.load(path: path, environment: environment, settings: settings)
        return []
    } catch {
        return error.diagnostics
    }
}

let minimal = """
    servers:
      - address: https://vbo.example.com:4443
        username: admin
        password-file: /etc/vb365-report/password
    archive:
      folder: /var/lib/vb365-report/archive
    """

@Suite("The configuration file: keys, values, positions and overrides")
struct ConfigurationLoaderTests {
    @Test("The shipped example is valid and documents every key")
    func example() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("packaging/config.yaml").path
        let configuration = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(configuration.servers.map(\.name) == ["vbo"])
        #expect(configuration.outputNames == ["report", "site", "e-mail", "tickets"])
        #expect(configuration.archive.folder == "/var/lib/vb365-report/archive")
        #expect(configuration.look.timeZone.name == "UTC")
        // Every key appears in the example, set or commented out, so the example is the reference.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in ConfigSchema.topLevel {
            #expect(text.contains("\n\(key.name):") || text.contains("# \(key.name):"), "\(key.name)")
        }
        for section in ConfigSchema.sections {
            #expect(text.contains("\n\(section.name):") || text.contains("\n# \(section.name):"), "\(section.name)")
            for key in section.keys {
                #expect(
                    text.contains(" \(key.name):") || text.contains("- \(key.name):"), "\(section.name).\(key.name)")
            }
        }
    }

    @Test("The README's configuration (and every YAML block of docs/configuration.md) is valid")
    func readmeExample() throws {
        for document in ["README.md", "docs/configuration.md"] {
            let text = try String(
                contentsOf: Fixtures.packageRoot.appendingPathComponent(document), encoding: .utf8)
            let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map {
                $0.components(separatedBy: "```")[0]
            }
            if document == "README.md" { #expect(blocks.count == 1) }
            for block in blocks {
                let path = try configFile(block, name: "readme-\(document.count)")
                let configuration = try ConfigurationLoader.load(path: path, environment: [:])
                #expect(!configuration.servers.isEmpty)
            }
        }
    }

    @Test("docs/configuration.md has a row for every key, and no row for a key that does not exist")
    func reference() throws {
        let text = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        var keys = ConfigSchema.topLevel.map(\.name)
        for section in ConfigSchema.sections {
            keys += section.keys.map { "\(section.name)\(section.isList ? "[]" : "").\($0.name)" }
        }
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }.map {
            String($0.dropFirst(3).prefix { $0 != "`" })
        }
        #expect(rows.sorted() == keys.sorted())
        #expect(Set(rows).count == rows.count)
    }

    @Test("A minimal file gets the defaults: a 24-hour window, 14 days of history, no outputs")
    func defaults() throws {
        let c = try ConfigurationLoader.load(path: try configFile(minimal), environment: [:])
        #expect(c.servers.first?.name == "vbo.example.com")
        #expect(c.window.since == .before(seconds: 86_400))
        #expect(c.archive.historySeconds == 14 * 86_400)
        #expect(c.archive.retentionSeconds == nil)
        #expect(c.outputNames.isEmpty)
        #expect(c.failOn == nil)
    }

    @Test(
        "The infrastructure limits and objects-shown: read from the file; a failure limit beyond its warning is refused"
    )
    func infrastructureLimits() throws {
        let c = try ConfigurationLoader.load(
            path: try configFile(
                minimal
                    + "\nwindow:\n  free-space-warning: 20\n  free-space-failure: 8\n  full-warning: 60d\n  full-failure: 10d\n  license-warning: 45d\nobjects-shown: 5\n"
            ), environment: [:])
        #expect(c.window.infrastructure.freeWarningPercent == 20)
        #expect(c.window.infrastructure.freeFailurePercent == 8)
        #expect(c.window.infrastructure.fullWarningDays == 60)
        #expect(c.window.infrastructure.fullFailureDays == 10)
        #expect(c.window.infrastructure.licenseWarningDays == 45)
        #expect(c.look.objectsShown == 5)
        let path = try configFile(
            minimal + "\nwindow:\n  full-warning: 5d\n  full-failure: 10d\n", name: "limits-refused")
        let problems = loadProblems(path).map(\.description)
        #expect(problems.contains { $0.contains("window.full-failure is beyond window.full-warning") }, "\(problems)")
    }

    @Test("An unknown key is an error at its line and column, with what it was likely meant to be")
    func unknownKey() throws {
        let path = try configFile(minimal + "\nwindow:\n  max-aeg: 30h\nsite:\n  folder: /srv/site\n  kep: 30d\n")
        let problems = loadProblems(path)
        #expect(
            problems.map(\.description) == [
                "\(path):8:3: error: unknown key 'max-aeg' in 'window'; did you mean 'max-age'?",
                "\(path):11:3: error: unknown key 'kep' in 'site'; did you mean 'keep'?",
            ])
    }

    @Test("Wrong kinds and values name the key, the value and what it takes")
    func wrongValues() throws {
        let path = try configFile(
            minimal.replacingOccurrences(
                of: "password\n", with: "password\n    concurrency: many\n    page-size: [1, 2]\n")
                + "\nwindow:\n  max-age: soon\n  fail-on: sometimes\ntime-zone: Mars/Olympus\n")
        let problems = loadProblems(path).map(\.description)
        #expect(problems.count == 5)
        #expect(
            problems[0] == "\(path):5:18: error: 'servers.1.concurrency' is 'many', not a whole number from 1 to 64")
        #expect(problems[1] == "\(path):6:16: error: 'servers.1.page-size' is a list, where it takes one value")
        #expect(problems[2].hasPrefix("\(path):10:12: error: 'window.max-age' is 'soon', not a duration"))
        #expect(
            problems[3].hasPrefix(
                "\(path):11:12: error: 'window.fail-on' is 'sometimes', not one of none, warning, failed"))
        #expect(problems[4].hasPrefix("\(path):12:12: error: 'time-zone' is 'Mars/Olympus', not a time zone"))
    }

    @Test("A server address without a scheme says what an address looks like")
    func addressWithoutScheme() throws {
        let path = try configFile(
            minimal.replacingOccurrences(of: "https://vbo.example.com:4443", with: "vbo.example.com:4443"))
        #expect(
            loadProblems(path).map(\.description) == [
                "\(path):2:14: error: 'servers.1.address' is 'vbo.example.com:4443', not an http(s) address such as https://host.example.com:4443"
            ])
    }

    @Test("A password written in the file is refused with where secrets go instead")
    func passwordInFile() throws {
        let path = try configFile(
            minimal.replacingOccurrences(of: "password-file: /etc/vb365-report/password", with: "password: hunter2"))
        let problems = loadProblems(path)
        #expect(problems.count == 1)
        #expect(problems.first?.description.contains("a secret is never written in the configuration file") == true)
        #expect(problems.first?.description.contains("hunter2") == false)
        #expect(problems.first?.position == SourcePosition(line: 4, column: 5))
    }

    @Test("A YAML syntax error names its line")
    func syntax() throws {
        let path = try configFile("servers:\n  - address: https://a.example.com\n   username: x\narchive: [\n")
        let problems = loadProblems(path)
        #expect(problems.count == 1)
        #expect(problems.first?.path == path)
        #expect(problems.first?.position?.line == 3)
        #expect(problems.first?.message.hasPrefix("this is not valid YAML") == true)
        let quote = loadProblems(try configFile(minimal + "\nemail:\n  subject: \"[x] %Issues%\n  to: a@example.com\n"))
        #expect(quote.first?.message.contains("while scanning a quoted scalar at line 8, column 12") == true)
    }

    @Test("A key twice in a section is an error")
    func duplicateKey() throws {
        let path = try configFile(minimal + "\nwindow:\n  max-age: 1d\n  max-age: 2d\n")
        #expect(loadProblems(path).first?.message.contains("'max-age' appears twice") == true)
    }

    @Test("The environment overrides the file, --set overrides both, and each value knows its source")
    func overrides() throws {
        let path = try configFile(minimal + "\nwindow:\n  max-age: 26h\n  hung-after: 3h\n")
        let c = try ConfigurationLoader.load(
            path: path,
            environment: [
                "VB365_REPORT_WINDOW_MAX_AGE": "30h", "VB365_REPORT_WINDOW_HUNG_AFTER": "4h", "HOME": "/root",
            ],
            settings: ["window.max-age=2d", "servers.1.name=eu"])
        #expect(c.window.maximumAgeSeconds == 2 * 86_400)
        #expect(c.window.hungMinimumSeconds == 4 * 3600)
        #expect(c.servers.first?.name == "eu")
        #expect(c.sources["window.max-age"] == .flag("window.max-age"))
        #expect(c.sources["window.hung-after"] == .environment("VB365_REPORT_WINDOW_HUNG_AFTER"))
        #expect(c.sources["archive.folder"] == .file(path: path, position: SourcePosition(line: 6, column: 11)))
    }

    @Test("Overrides add a server and a section, take YAML lists, and refuse what names no key")
    func overrideShapes() throws {
        let path = try configFile(minimal)
        let c = try ConfigurationLoader.load(
            path: path,
            environment: [
                "VB365_REPORT_SERVERS_2_ADDRESS": "https://second.example.com",
                "VB365_REPORT_SERVERS_2_TOKEN_FILE": "/etc/vb365-report/token",
                "VB365_REPORT_EMAIL_TO": "[a@example.com, \"Doe, Jane <jane@example.com>\"]",
            ])
        #expect(c.servers.map(\.name) == ["vbo.example.com", "second.example.com"])
        #expect(c.email?.options.to.map(\.address) == ["a@example.com", "jane@example.com"])

        let unknownVariable = loadProblems(path, environment: ["VB365_REPORT_WINDOW_MAXAGE": "1d"])
        #expect(
            unknownVariable.first?.message
                == "environment variable VB365_REPORT_WINDOW_MAXAGE sets no key of the configuration; did you mean VB365_REPORT_WINDOW_MAX_AGE?"
        )
        let unknownFlag = loadProblems(path, settings: ["window.maxage=1d"])
        #expect(
            unknownFlag.map(\.description) == [
                "vb365-report: error: --set window.maxage: unknown key 'maxage' in 'window'; did you mean 'max-age'?"
            ])
        let gap = loadProblems(path, settings: ["servers.3.address=https://x.example.com"])
        #expect(gap.first?.message.contains("the entries are numbered from 1 to 1 (2 adds one)") == true)
        #expect(loadProblems(path, settings: ["window.max-age"]).first?.message == "--set window.max-age has no value")
    }

    @Test("Keys that do not fit together: two logins, no login, nested folders, short retention, a bad subject")
    func crossChecks() throws {
        let path = try configFile(
            """
            servers:
              - address: https://a.example.com
                username: admin
                password-file: /p
                password-env: PW
              - address: https://b.example.com
              - address: https://a.example.com
                token-file: /t
            archive:
              folder: /srv/vb365
              retention: 7d
            report:
              folder: /srv/vb365/report
            email:
              to: a@example.com
              subject: "%Result%"
            """)
        let problems = loadProblems(path)
        let messages = problems.map(\.message)
        #expect(messages.contains("'servers.1' names both a password-file and a password-env"))
        // Pointed at the second of the two keys, where the choice is to be made.
        #expect(problems.first { $0.message.hasSuffix("and a password-env") }?.position?.line == 5)
        #expect(messages.contains("'servers.2' has no 'username'"))
        // Unnamed servers on one host are named by host and port; here even those are the same.
        #expect(messages.contains("server 3 has the name 'a.example.com:443', as server 1 has"))
        #expect(messages.contains("server 3 has the address of server 1"))
        #expect(
            messages.contains { $0.hasPrefix("'report.folder' (/srv/vb365/report) and 'archive.folder' (/srv/vb365)") })
        #expect(
            messages.contains(
                "'archive.retention' is shorter than what the reports need (archive.history and site.keep)"))
        #expect(messages.contains("'email.subject' uses %Result%, which is not a variable"))
    }

    @Test("Relative paths in the file are relative to its folder; from --set, to the working folder")
    func relativePaths() throws {
        let path = try configFile(
            minimal.replacingOccurrences(of: "/var/lib/vb365-report/archive", with: "data/archive"))
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let c = try ConfigurationLoader.load(path: path, environment: [:], settings: ["report.folder=out/report"])
        #expect(c.archive.folder == folder + "/data/archive")
        #expect(c.report?.folder == FileManager.default.currentDirectoryPath + "/out/report")
    }

    @Test("A missing file, and one other users may change, are refused (78) with what to do")
    func fileItself() throws {
        let missing = loadProblems("/nonexistent/vb365/config.yaml")
        #expect(missing.first?.message.hasPrefix("there is no configuration here") == true)
        #expect(missing.first?.advice?.contains("/usr/share/vb365-report/config.yaml") == true)
        let path = try configFile(minimal)
        chmod(path, 0o666)
        #expect(loadProblems(path).first?.message == "other users can change the configuration (mode 0666)")
        do {
            _ = try ConfigurationLoader.load(path: path, environment: [:])
            Issue.record("loaded")
        } catch {
            #expect(error.exitStatus == .configuration)
        }
    }

    @Test("The path: --config, else VB365_REPORT_CONFIG, else /etc/vb365-report/config.yaml")
    func path() {
        #expect(
            ConfigurationLoader.path(explicit: "a.yaml", environment: ["VB365_REPORT_CONFIG": "b.yaml"]) == "a.yaml")
        #expect(ConfigurationLoader.path(explicit: nil, environment: ["VB365_REPORT_CONFIG": "b.yaml"]) == "b.yaml")
        #expect(ConfigurationLoader.path(explicit: nil, environment: [:]) == "/etc/vb365-report/config.yaml")
    }

    @Test(
        "split and tenants: read and typed; a tenant names a server no entry has, twice the same organization, or without split: each an error at its line"
    )
    func tenants() throws {
        let good = try configFile(
            minimal + """

                split: organization
                tenants:
                  - organization: Contoso Ltd
                    server: vbo.example.com
                    to: ['IT: it@contoso.test, "Night, ops" <ops@contoso.test>;']
                    only-if: failed
                  - organization: 10000000-0000-4000-8000-000000000001
                    only-if: always
                    max-age: 50h
                    rate-threshold: 40
                """)
        let configuration = try ConfigurationLoader.load(path: good, environment: [:])
        #expect(configuration.split == .organization)
        #expect(configuration.tenants.count == 2)
        #expect(configuration.tenants[0].organization == "Contoso Ltd")
        #expect(configuration.tenants[0].server == "vbo.example.com")
        #expect(configuration.tenants[0].to.map(\.address) == ["it@contoso.test", "ops@contoso.test"])
        #expect(configuration.tenants[0].onlyIf == .failed)
        #expect(configuration.tenants[1].hasOnlyIf && configuration.tenants[1].onlyIf == nil)
        #expect(configuration.tenants[1].thresholds.maximumAgeSeconds.map { Int($0) } == 180_000)
        #expect(configuration.tenants[1].thresholds.rateDropPercent == 40)
        #expect(
            configuration.tenants[1].thresholds.durationRisePercent == nil && !configuration.tenants[0].hasThresholds)
        // The environment reaches a tenant's key like a server's.
        let overridden = try ConfigurationLoader.load(
            path: good, environment: ["VB365_REPORT_TENANTS_2_TO": "[ops@msp.test]"])
        #expect(overridden.tenants[1].to.map(\.address) == ["ops@msp.test"])

        let bad = try configFile(
            minimal + """

                tenants:
                  - organization: Contoso
                    server: vbo-eu
                  - organization: Contoso
                    server: VBO-EU
                """)
        let problems = loadProblems(bad).map(\.description)
        #expect(problems.contains { $0.contains("'tenants' is set, but 'split' is not organization") })
        #expect(
            problems.contains {
                $0.contains(":9:13: error")
                    && $0.contains("'tenants.1.server' is 'vbo-eu', which no configured server is called")
                    && $0.contains("'vbo.example.com'")
            })
        #expect(
            problems.contains {
                $0.contains(":10:5: error") && $0.contains("tenant 2 names 'Contoso' on VBO-EU, as tenant 1 does")
            })
        let missing = try configFile(minimal + "\nsplit: organization\ntenants:\n  - to: [a@b.test]\n")
        #expect(loadProblems(missing).map(\.description).contains { $0.contains("organization") })
    }
}
