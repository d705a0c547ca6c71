import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Rendering
import VB365Simulator
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365TestSupport

@testable import VB365Configuration
@testable import VB365Run

/// The decoded `Subject:` of a message (folded lines joined, RFC 2047 words decoded).
func subject(ofMail mail: String) -> String {
    let unfolded = mail.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n ", with: " ")
    guard let line = unfolded.split(separator: "\n").first(where: { $0.hasPrefix("Subject: ") }) else { return "" }
    var text = String(line.dropFirst("Subject: ".count))
    while let start = text.range(of: "=?UTF-8?B?"),
        let end = text.range(of: "?=", range: start.upperBound..<text.endIndex)
    {
        let data = Data(base64Encoded: String(text[start.upperBound..<end.lowerBound])) ?? Data()
        var after = end.upperBound
        // The space between two encoded words is not part of the text.
        if text[after...].hasPrefix(" =?UTF-8?B?") { after = text.index(after: after) }
        text.replaceSubrange(start.lowerBound..<after, with: String(decoding: data, as: UTF8.self))
    }
    return text
}

/// A simulator on 127.0.0.1 and a configuration pointing at it, in a folder of its own.
struct RunFixture {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)
    static let password = "s3cret-Pässword"

    let server: SimulatorServer
    let folder: URL
    let config: String

    /// The fixture of `server`, in `folder`: the password file and the configuration.
    private init(server: SimulatorServer, folder: URL, extra: String, address: String?) throws {
        self.server = server
        self.folder = folder
        let secret = folder.appendingPathComponent("password").path
        try (Self.password + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        config = folder.appendingPathComponent("config.yaml").path
        try Self.text(address: address ?? server.baseURL, extra: extra).write(
            toFile: config, atomically: true, encoding: .utf8)
        chmod(config, 0o600)
    }

    /// Runs `body` with a fixture whose simulator serves ten days of data (`api()`) and whose
    /// folder is a temporary folder; afterwards the simulator is stopped and the folder removed.
    static func with<T>(
        _ name: String = #function, extra: String = "", address: String? = nil,
        _ body: (RunFixture) async throws -> T
    ) async throws -> T {
        try await withSimulator(api()) { server in
            try await withTemporaryFolder("run-" + name) { folder in
                try await body(RunFixture(server: server, folder: folder, extra: extra, address: address))
            }
        }
    }

    /// A simulator API with the fixture's password and ten days of data, started with
    /// `withSimulator`: `seed` nil serves the same data (the same ids) as every fixture's own
    /// server; a second server with it is a clone.
    static func api(seed: UInt64? = nil) -> SimulatorAPI {
        var world = SimulatorData.World(now: Self.now)
        world.days = 10
        if let seed { world.seed = seed }
        var api = SimulatorAPI.Configuration()
        api.password = Self.password
        return SimulatorAPI(data: .generated(world), configuration: api)
    }

    static func text(address: String, extra: String) -> String {
        """
        servers:
          - name: sim
            address: \(address)
            username: 'vb365\\admin'
            password-file: password
            retries: 0
            connect-timeout: 2
        archive:
          folder: out/archive
        time-zone: Europe/Berlin
        report:
          folder: out/report
        site:
          folder: out/site
        email:
          to: [backup@vb365.test]
          transport: file
          file: out/mail/report.eml
        tickets:
          folder: out/tickets
        \(extra)
        """
    }

    func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    /// The `--set` settings that add `server` as the second server, called `name`.
    func secondServer(_ server: SimulatorServer, name: String) -> [String] {
        [
            "servers.2.name=\(name)", "servers.2.address=\(server.baseURL)", "servers.2.username=vb365\\admin",
            "servers.2.password-file=\(path("password"))", "servers.2.retries=0",
        ]
    }

    func run(settings: [String] = []) async throws -> DailyRun.Outcome {
        let configuration = try ConfigurationLoader.load(path: config, environment: [:], settings: settings)
        var run = DailyRun(configuration, now: Self.now, toolVersion: "test")
        run.quiet = true
        return await run.run()
    }
}

@Suite("vb365-report run: the configured daily job against the simulator")
struct DailyRunTests {
    @Test("Fetch, read once, then the report, site, e-mail and tickets; one line per step; exit 0")
    func wholeRun() async throws {
        try await RunFixture.with { fixture in
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .success)
            #expect(outcome.steps.map(\.step) == ["fetch sim", "read", "report", "site", "e-mail", "tickets"])
            #expect(outcome.steps.allSatisfy { $0.status == .success })
            for file in ["out/report/index.html", "out/report/index.md", "out/site/index.html", "out/site/feed.xml"] {
                #expect(FileManager.default.fileExists(atPath: fixture.path(file)), "\(file)")
            }
            let mail = try String(contentsOfFile: fixture.path("out/mail/report.eml"), encoding: .utf8)
            #expect(mail.contains("To: backup@vb365.test"))
            let servers = try FileManager.default.contentsOfDirectory(atPath: fixture.path("out/archive/servers"))
            #expect(servers.count == 1)
            // The password is in no output and no log line.
            #expect(!outcome.steps.contains { $0.line.contains(RunFixture.password) })
            #expect(!mail.contains(RunFixture.password))
        }
    }

    @Test("A server that cannot be reached: 68, its earlier fetch stays, and the outputs are still made")
    func unreachable() async throws {
        try await RunFixture.with { fixture in
            #expect(try await fixture.run().exitStatus == .success)
            let archived = try FileManager.default.subpathsOfDirectory(atPath: fixture.path("out/archive")).sorted()
            await fixture.server.stop()
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .noHost)
            #expect(outcome.steps.first?.status == .noHost)
            #expect(outcome.steps.first?.line.contains("its earlier fetches stay in the archive") == true)
            #expect(outcome.steps.dropFirst().allSatisfy { $0.status == .success })
            #expect(
                try FileManager.default.subpathsOfDirectory(atPath: fixture.path("out/archive")).sorted() == archived)
            // Every output says first that the server's data is not today's, and why.
            let digest = try String(contentsOfFile: fixture.path("out/report/index.md"), encoding: .utf8)
            #expect(
                digest.contains(
                    "**Not up to date:**\n\n- The fetch from sim (\(fixture.server.baseURL)) at 2026-11-23 07:00 +01:00 failed: "
                ))
            // Both runs are at the same --now: the last fetch that worked began then.
            #expect(
                digest.contains(
                    "no fetch has succeeded since 2026-11-23 07:00 +01:00, so its jobs show that fetch's data."
                ), "\(digest)")
            let page = try String(contentsOfFile: fixture.path("out/site/index.html"), encoding: .utf8)
            #expect(page.contains("<strong>Not up to date:</strong>"))
            let mail = try String(contentsOfFile: fixture.path("out/mail/report.eml"), encoding: .utf8)
            #expect(mail.contains("Not up to date"))
            // Sent even when only-if would hold it back: a failed fetch is news.
            try FileManager.default.removeItem(atPath: fixture.path("out/mail/report.eml"))
            let quiet = try await fixture.run(settings: ["email.only-if=failed"])
            #expect(quiet.exitStatus == .noHost)
            #expect(FileManager.default.fileExists(atPath: fixture.path("out/mail/report.eml")))
        }
    }

    @Test(
        "A password file others can read: 78 before anything is fetched or made; only the failed run's e-mail is sent (issue 28)"
    )
    func unsafeSecret() async throws {
        try await RunFixture.with { fixture in
            chmod(fixture.path("password"), 0o644)
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .configuration)
            // A run that fails is never silent: the e-mail says so (and the state file beside the
            // archive remembers that it did); no report, site or ticket is made.
            #expect(outcome.steps.map(\.step) == ["check", "e-mail run"])
            let written = try FileManager.default.subpathsOfDirectory(atPath: fixture.path("out")).sorted()
            #expect(
                written == [
                    "archive", "archive/.vb365-notify.json", "archive/.vb365-run.lock", "mail", "mail/report-run.eml",
                ])
            #expect(fixture.server.api.counters.requests == 0)
        }
    }

    @Test("window.fail-on: the run exits 1 when the window reaches the level")
    func failOn() async throws {
        try await RunFixture.with(extra: "window:\n  fail-on: warning") { fixture in
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .findings)
            #expect(outcome.steps.last?.step == "verdict")
            // The simulator's second proxy is offline on its last day: the verdict names it.
            #expect(
                outcome.steps.last?.line.contains("proxy proxy-02 (Failed)") == true,
                "\(outcome.steps.last?.line ?? "")")
            #expect(try await fixture.run(settings: ["window.fail-on=none"]).exitStatus == .success)
        }
    }

    @Test("archive.retention removes session files written before it, and keeps newer ones")
    func retention() async throws {
        try await RunFixture.with { fixture in
            _ = try await fixture.run(settings: ["archive.retention=100d"])
            let sessions = fixture.path(
                "out/archive/servers/"
                    + (try FileManager.default.contentsOfDirectory(
                        atPath: fixture.path("out/archive/servers")
                    ).first ?? "") + "/sessions")
            let old = sessions + "/20250101T000000Z-v8-p0001.json"
            try "[]".write(toFile: old, atomically: true, encoding: .utf8)
            var times = [timespec(tv_sec: 1_735_689_600, tv_nsec: 0), timespec(tv_sec: 1_735_689_600, tv_nsec: 0)]
            utimensat(AT_FDCWD, old, &times, 0)
            let kept = try FileManager.default.contentsOfDirectory(atPath: sessions).count - 1
            let outcome = try await fixture.run(settings: ["archive.retention=100d"])
            #expect(outcome.exitStatus == .success)
            #expect(outcome.steps.contains { $0.step == "retention sim" && $0.line.contains("removed 1 archive file") })
            #expect(!FileManager.default.fileExists(atPath: old))
            #expect(try FileManager.default.contentsOfDirectory(atPath: sessions).count >= kept)
        }
    }

    @Test("The worst status: the first error over no data over findings over success")
    func worst() {
        var log = StepLog()
        log.finding(.findings, "x")
        #expect(log.worst == .findings)
        log.finding(.noData, "x")
        #expect(log.worst == .noData)
        log.failed("a", status: .noHost, "x")
        log.failed("b", status: .configuration, "x")
        #expect(log.worst == .noHost)
        log.finding(.findings, "x")
        #expect(log.worst == .noHost)
    }
}

@Suite("vb365-report config check")
struct ConfigCheckTests {
    @Test("All well: every check ok, exit 0, and the login is tried")
    func allWell() async throws {
        try await RunFixture.with { fixture in
            let report = await ConfigCheck.run(path: fixture.config, environment: [:], toolVersion: "test")
            #expect(report.exitStatus == .success)
            #expect(report.items.allSatisfy { $0.result == .ok })
            #expect(
                report.text.contains(
                    "ok    server sim (\(fixture.server.baseURL)): answers with API v8; the login as vb365\\admin works"
                ))
            #expect(report.text.hasSuffix("All 11 checks passed.\n"))
            #expect(!FileManager.default.fileExists(atPath: fixture.path("out")))
        }
    }

    @Test("A refused login is a FAIL line with the server's words, exit 67; the password is not shown")
    func wrongPassword() async throws {
        try await RunFixture.with { fixture in
            try "wrong\n".write(toFile: fixture.path("password"), atomically: true, encoding: .utf8)
            chmod(fixture.path("password"), 0o600)
            let report = await ConfigCheck.run(path: fixture.config, environment: [:], toolVersion: "test")
            #expect(report.exitStatus == .noUser)
            #expect(report.text.contains("FAIL  server sim (\(fixture.server.baseURL)): does not work"))
            #expect(!report.text.contains("wrong\n"))
        }
    }

    @Test("A jobs filter naming no job on the server fails the check (64), as it would fail the run")
    func unknownJob() async throws {
        try await RunFixture.with { fixture in
            let report = await ConfigCheck.run(
                path: fixture.config, environment: [:], settings: ["servers.1.jobs=[Nope]"], toolVersion: "test")
            #expect(report.exitStatus == .usage)
            #expect(
                report.text.contains(
                    "the job 'Nope' (of --job, or of a server's jobs: in the configuration) names no job on the server")
            )
        }
    }

    @Test("--offline does not contact the server and says so")
    func offline() async throws {
        try await RunFixture.with { fixture in
            let report = await ConfigCheck.run(
                path: fixture.config, environment: [:], offline: true, toolVersion: "test")
            #expect(report.exitStatus == .success)
            #expect(report.text.contains("warn  server sim (\(fixture.server.baseURL)): not checked (--offline)"))
            #expect(fixture.server.api.counters.requests == 0)
        }
    }

    @Test("Problems on this machine: an unsafe secret (78), a folder that cannot be created (73), no sendmail (69)")
    func localProblems() async throws {
        try await RunFixture.with { fixture in
            chmod(fixture.path("password"), 0o644)
            try FileManager.default.createDirectory(atPath: fixture.path("out"), withIntermediateDirectories: true)
            try "".write(toFile: fixture.path("out/site"), atomically: true, encoding: .utf8)
            let report = await ConfigCheck.run(
                path: fixture.config, environment: [:],
                settings: ["email.transport=sendmail", "email.file=", "email.sendmail=/nonexistent/sendmail"],
                toolVersion: "test")
            let failed = report.items.filter { $0.result == .failed }
            #expect(failed.map(\.status) == [.configuration, .cannotCreate, .unavailable])
            #expect(report.exitStatus == .configuration)
            #expect(report.text.contains("FAIL  the 'servers.1.password-file' can be read by every user (mode 0644)"))
        }
    }

    @Test("A configuration that is not valid: one FAIL line and each problem with its position, exit 78")
    func invalid() async throws {
        let path = try configFile(minimal + "\nwindow:\n  max-aeg: 30h\n")
        let report = await ConfigCheck.run(path: path, environment: [:], toolVersion: "test")
        #expect(report.exitStatus == .configuration)
        #expect(report.text.contains("FAIL  configuration: 1 problem"))
        #expect(report.text.contains("\(path):8:3: error: unknown key 'max-aeg' in 'window'; did you mean 'max-age'?"))
    }
}

@Suite("Secret files are refused when others may read them, as ssh and PostgreSQL do")
struct FileSafetyTests {
    func problem(mode: mode_t, owner: uid_t? = nil, _ name: String = #function) throws -> (
        VB365Support.ExitStatus, String
    )? {
        let folder = try Fixtures.temporaryFolder("safety-" + name)
        let path = folder.appendingPathComponent("secret").path
        try "x\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        if let owner { chown(path, owner, getgid()) }
        return FileSafety.secretProblem(path, key: "servers.1.password-file", source: .defaultValue).map {
            ($0.0, $0.1.message)
        }
    }

    @Test("0600 of this user, and 0640 of root, are accepted")
    func accepted() throws {
        #expect(try problem(mode: 0o600) == nil)
        #expect(try problem(mode: 0o400) == nil)
        if geteuid() == 0 { #expect(try problem(mode: 0o640) == nil) }
    }

    @Test("Readable by everyone, writable by the group, or group-readable and not root's: refused (78)")
    func refused() throws {
        let everyone = try #require(try problem(mode: 0o644))
        #expect(everyone.0 == VB365Support.ExitStatus.configuration)
        #expect(everyone.1.contains("can be read by every user (mode 0644)"))
        #expect(try problem(mode: 0o620)?.1.contains("changed by its group") == true)
        if geteuid() == 0 {
            #expect(
                try problem(mode: 0o640, owner: 4242)?.1.contains(
                    "can be read by its group (mode 0640) and root does not own it") == true)
            #expect(try problem(mode: 0o600, owner: 4242)?.1.contains("belongs to another user (uid 4242)") == true)
        }
    }

    @Test("A missing file: 66, naming the key")
    func missing() {
        let found = FileSafety.secretProblem(
            "/nonexistent/secret", key: "servers.1.password-file", source: .defaultValue)
        #expect(found?.0 == .noInput)
        #expect(found?.1.message.hasPrefix("the file 'servers.1.password-file' names (default) cannot be read") == true)
    }

    @Test("Folders: writable, creatable under a writable parent, or not (a file in the way)")
    func folders() throws {
        let folder = try Fixtures.temporaryFolder()
        #expect(FileSafety.folderProblem(folder.path) == nil)
        #expect(FileSafety.folderProblem(folder.path + "/a/b/c") == nil)
        try "".write(toFile: folder.path + "/file", atomically: true, encoding: .utf8)
        #expect(
            FileSafety.folderProblem(folder.path + "/file/sub")
                == "\(folder.path)/file is a file, so it cannot be created")
        #expect(FileSafety.folderProblem(folder.path + "/file") == "it is a file, not a folder")
    }
}

@Suite("vb365-report run: one run at a time")
struct RunLockTests {
    @Test("A run while another holds the archive's run lock does nothing and exits 75")
    func secondRun() async throws {
        try await RunFixture.with { fixture in
            try FileManager.default.createDirectory(
                atPath: fixture.path("out/archive"), withIntermediateDirectories: true)
            let held = try #require(try FolderLock(path: fixture.path("out/archive/.vb365-run.lock")))
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .temporaryFailure)
            #expect(outcome.steps.map(\.step) == ["lock"])
            #expect(fixture.server.api.counters.requests == 0)
            withExtendedLifetime(held) {}
        }
    }
}

@Suite("vb365-report run: several servers")
struct SeveralServersTests {
    @Test(
        "Two servers fetched at once into one archive; one down: the other's fetch is whole, the notice names the one down, exit 68"
    )
    func oneDown() async throws {
        try await RunFixture.with { fixture in
            try await withSimulator(RunFixture.api(seed: 7)) { second in
                let both = fixture.secondServer(second, name: "second") + ["servers-at-once=2"]
                let first = try await fixture.run(settings: both)
                #expect(first.exitStatus == .success)
                #expect(first.steps.prefix(2).map(\.step) == ["fetch sim", "fetch second"])
                let folders = try FileManager.default.contentsOfDirectory(atPath: fixture.path("out/archive/servers"))
                    .sorted()
                #expect(folders.count == 2)
                #expect(first.steps.contains { $0.step == "read" && $0.line.contains("of 2 servers") })

                await second.stop()
                let outcome = try await fixture.run(settings: both)
                #expect(outcome.exitStatus == .noHost)
                #expect(outcome.steps.first { $0.step == "fetch sim" }?.status == .success)
                #expect(outcome.steps.first { $0.step == "fetch second" }?.status == .noHost)
                let digest = try String(contentsOfFile: fixture.path("out/report/index.md"), encoding: .utf8)
                #expect(digest.contains("- The fetch from second (\(second.baseURL))"))
                #expect(!digest.contains("- The fetch from sim ("))
                #expect(outcome.steps.contains { $0.step == "read" && $0.line.contains("of 2 servers") })
            }
        }
    }

    @Test(
        "Two servers holding the same ids (a cloned server): nothing merged, each job under its server, the digest's Servers section, the fetch status recorded"
    )
    func clonedServer() async throws {
        try await RunFixture.with { fixture in
            try await withSimulator(RunFixture.api()) { clone in
                let alone = try await fixture.run()
                #expect(alone.exitStatus == .success)
                let single = await InventoryReader.read(InputList([fixture.path("out/archive")]))
                let digestAlone = try String(contentsOfFile: fixture.path("out/report/index.md"), encoding: .utf8)
                #expect(!digestAlone.contains("## Servers"))

                let both = fixture.secondServer(clone, name: "clone") + ["servers-at-once=2"]
                #expect(try await fixture.run(settings: both).exitStatus == .success)
                let configuration = try ConfigurationLoader.load(path: fixture.config, environment: [:], settings: both)
                let read = await InventoryReader.read(
                    InputList([fixture.path("out/archive")]), serverNames: configuration.serverNames)
                #expect(read.inventory.sessions.count == 2 * single.inventory.sessions.count)
                #expect(read.inventory.duplicateSessions == 0)
                #expect(read.inventory.jobs.count == 2 * single.inventory.jobs.count)
                #expect(read.inventory.organizations.count == 2 * single.inventory.organizations.count)
                #expect(Set(read.inventory.servers.map(\.name)) == ["sim", "clone"])
                let cloneAddress = try #require(ServerAddress(configured: clone.baseURL)).description
                let scoped = read.inventory.sessions.filter {
                    read.inventory.id(of: $0).description.hasSuffix("@" + cloneAddress)
                }
                let simAddress = try #require(ServerAddress(configured: fixture.server.baseURL)).description
                // The server whose address sorts first keeps the plain ids.
                let laterIsClone = cloneAddress > simAddress
                #expect(scoped.count == (laterIsClone ? single.inventory.sessions.count : 0))
                let summary = Summarizer.summarize(read.inventory, options: SummaryOptions(now: RunFixture.now))
                #expect(summary.servers.map(\.name) == ["clone", "sim"])
                #expect(summary.servers.allSatisfy { $0.jobIndices.count == single.inventory.jobs.count })
                #expect(summary.jobs.allSatisfy { $0.serverIndex != nil })
                let json = try #require(
                    try JSONSerialization.jsonObject(
                        with: Data(SummaryJSON.document(summary, toolVersion: "test").rendered().utf8))
                        as? [String: Any])
                #expect(json["schemaVersion"] as? Int == 6)
                let sessions = try #require(json["sessions"] as? [[String: Any]])
                #expect(sessions.count == summary.sessions.count)
                let named = sessions.compactMap { ($0["server"] as? [String: Any])?["name"] as? String }
                #expect(named.count == sessions.count)
                #expect(Set(named) == ["sim", "clone"])

                let digest = try String(contentsOfFile: fixture.path("out/report/index.md"), encoding: .utf8)
                #expect(digest.contains("## Servers"))
                #expect(digest.contains("| clone | \(cloneAddress) |"))
                #expect(digest.contains("| sim | \(simAddress) |"))
                #expect(!digest.contains("the latest fetch failed"))

                await clone.stop()
                #expect(try await fixture.run(settings: both).exitStatus == .noHost)
                let cloneServer = try #require(ServerAddress(configured: clone.baseURL))
                let status = try #require(
                    FetchStatus.read(folder: fixture.path("out/archive/" + ArchiveLayout.folder(for: cloneServer))))
                #expect(status.lastSuccess == RunFixture.now)
                #expect(status.lastError?.contains(cloneAddress.components(separatedBy: ":").last!) == true)
                let after = try String(contentsOfFile: fixture.path("out/report/index.md"), encoding: .utf8)
                let row = try #require(
                    after.split(separator: "\n").first { $0.hasPrefix("| ") && $0.contains("| clone |") })
                #expect(row.contains("the latest fetch failed: "))
                let html = try String(contentsOfFile: fixture.path("out/report/index.html"), encoding: .utf8)
                #expect(html.contains("<h2 id=\"servers\">Servers</h2>"))
            }
        }
    }

    @Test(
        "split: organization over two servers: a report, site and e-mail per tenant, each without another tenant's ids; one server down: the others' tenants complete and without its notice, exit 68"
    )
    func splitPerTenant() async throws {
        try await RunFixture.with { fixture in
            try await withSimulator(RunFixture.api(seed: 7)) { second in
                let settings =
                    fixture.secondServer(second, name: "second") + [
                        "split=organization", "email.file=\(fixture.path("out/mail"))",
                        "tenants.1.organization=Fabrikam GmbH",
                        "tenants.1.server=second", "tenants.1.to=[it@fabrikam.test]",
                    ]
                #expect(try await fixture.run(settings: settings).exitStatus == .success)
                let configuration = try ConfigurationLoader.load(
                    path: fixture.config, environment: [:], settings: settings)
                let read = await InventoryReader.read(
                    InputList([fixture.path("out/archive")]), serverNames: configuration.serverNames)
                let summary = Summarizer.summarize(read.inventory, options: SummaryOptions(now: RunFixture.now))
                let folders = TenantSplit.folders(of: summary)
                // The generator names the organizations of both servers alike: four tenants, four folders.
                #expect(folders.count == 4)
                #expect(Set(summary.organizations.map(\.name)).count == 2)
                let secondPort = try #require(ServerAddress(configured: second.baseURL)).port
                for (index, folder) in folders {
                    let own = summary.organizations[index]
                    let name = String(folder.dropFirst(TenantSplit.folder.count + 1))
                    var files = InputList.files(
                        under: fixture.path("out/report/" + folder), extensions: ["html", "md"])
                    files += InputList.files(
                        under: fixture.path("out/site/" + folder), extensions: ["html", "md", "xml", "svg"])
                    files.append(fixture.path("out/mail/\(name).eml"))
                    #expect(files.count > 10)
                    let others = summary.organizations.indices.filter { $0 != index }.compactMap {
                        summary.organizations[$0].id
                    }
                    let otherJobs = summary.jobs.filter { $0.organizationIndex != index }.compactMap(\.id)
                    for file in files {
                        let text = try String(contentsOfFile: file, encoding: .utf8)
                        for id in others + otherJobs { #expect(!text.contains(id.description), "\(file) holds \(id)") }
                    }
                    let mail = try String(contentsOfFile: fixture.path("out/mail/\(name).eml"), encoding: .utf8)
                    let onSecond = own.serverIndex.map { summary.servers[$0].name } == "second"
                    #expect(
                        mail.contains(
                            own.name == "Fabrikam GmbH" && onSecond ? "To: it@fabrikam.test" : "To: backup@vb365.test"))
                    let decoded = subject(ofMail: mail)
                    #expect(decoded.hasPrefix("\(own.name): "), "\(decoded)")
                }
                let overview = try String(contentsOfFile: fixture.path("out/report/index.md"), encoding: .utf8)
                #expect(overview.contains("## Servers"))

                await second.stop()
                let outcome = try await fixture.run(settings: settings)
                #expect(outcome.exitStatus == .noHost)
                #expect(outcome.steps.first { $0.step == "report" }?.status == .success)
                #expect(outcome.steps.first { $0.step == "e-mail" }?.status == .success)
                for (index, folder) in folders {
                    let own = summary.organizations[index]
                    let onSecond = own.serverIndex.map { summary.servers[$0].name } == "second"
                    let digest = try String(
                        contentsOfFile: fixture.path("out/report/\(folder)/index.md"), encoding: .utf8)
                    #expect(digest.contains("Not up to date") == onSecond)
                    #expect(digest.contains(":\(secondPort)") == onSecond)
                    let name = String(folder.dropFirst(TenantSplit.folder.count + 1))
                    let mail = try String(contentsOfFile: fixture.path("out/mail/\(name).eml"), encoding: .utf8)
                    #expect(subject(ofMail: mail).hasPrefix("[Not up to date] ") == onSecond)
                }
            }
        }
    }
}
