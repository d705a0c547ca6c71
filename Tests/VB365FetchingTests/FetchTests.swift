import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

/// A simulator on 127.0.0.1 and a fetch against it.
enum Harness {
    /// The simulator's clock: 22:01 UTC, while the first nightly run is going.
    static let now = Timestamp(year: 2026, month: 11, day: 23).adding(seconds: 22 * Seconds.hour + 60)
    static let since = now.adding(seconds: -3 * Seconds.day)
    static let password = "s3cret-Pässword"

    static func data(days: Int = 14) -> SimulatorData {
        var world = SimulatorData.World(now: now)
        world.days = days
        return .generated(world)
    }

    /// A simulator API serving `data` with `password`, configured by `configure`; started with
    /// `withSimulator`.
    static func api(
        data: SimulatorData = Harness.data(), _ configure: (inout SimulatorAPI.Configuration) -> Void = { _ in }
    ) -> SimulatorAPI {
        var configuration = SimulatorAPI.Configuration()
        configuration.password = password
        configure(&configuration)
        return SimulatorAPI(data: data, configuration: configuration)
    }

    /// An access token from `server`'s password login (as an admin would save one to a file);
    /// nil when the answer holds none.
    static func accessToken(_ server: SimulatorServer, version: APIVersion) throws -> String? {
        let login = server.api.respond(
            SimulatorRequest(
                method: "POST", target: "/\(version)/token",
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array("grant_type=password&username=vb365%5Cadmin&password=s3cret-P%C3%A4ssword".utf8)))
        return (try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: Any])?["access_token"] as? String
    }

    static func settings(_ server: SimulatorServer, version: APIVersion? = nil) -> FetchSettings {
        var s = FetchSettings(
            server: server.baseURL, credentials: .password(username: "vb365\\admin", password: password), since: since,
            now: now)
        s.version = version
        s.limits.pageSize = 4
        s.limits.retryDelay = 0.01
        s.limits.maximumRetryDelay = 2
        // Restore sessions are fetched in FetchRestoresTests, from a small restore world: here the
        // world's night export of 5,000 items would cost 1,250 pages of 4 in every v6+ fetch.
        s.restores = false
        return s
    }

    /// The sessions the simulator holds that a fetch since `since` must bring.
    static func expected(_ data: SimulatorData, since: Timestamp = Harness.since) -> Set<EntityID> {
        Set(
            data.sessions.filter { s in
                (s.endTime.map { $0 >= since } ?? true) || (s.creationTime.map { $0 >= since } ?? false)
            }.map(\.id))
    }

    /// Runs a fetch and expects it to fail; returns the error.
    static func failure(_ settings: FetchSettings, archive: URL) async -> FetchError? {
        do {
            _ = try await Fetcher.fetch(settings, into: archive.path)
            return nil
        } catch {
            return error
        }
    }

    /// The folder a fetch from `server` writes into, relative to the archive.
    static func folder(_ server: SimulatorServer) -> String {
        ArchiveLayout.folder(for: ServerAddress(configured: server.baseURL)!)
    }

    /// Every file below a folder, by relative path, with its bytes.
    static func files(_ folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let root = folder.resolvingSymlinksInPath().path
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            out[String(url.resolvingSymlinksInPath().path.dropFirst(root.count + 1))] = try? Data(contentsOf: url)
        }
        return out
    }
}

@Suite("fetch from the simulator")
struct FetchTests {
    @Test(
        "every API version: the window's sessions, their jobs, organizations and logs, read back",
        arguments: APIVersion.allCases)
    func everyVersion(version: APIVersion) async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder("version\(version)") { archive in
                var settings = Harness.settings(server, version: version)
                settings.logs = .all
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.version == version)
                #expect(!report.autoDetected)
                #expect(report.warnings.isEmpty, "\(report.warnings)")
                #expect(report.pages > 1, "page size 4 must take several pages")
                #expect(server.api.counters.logins == 1)

                let read = await InventoryReader.read(InputList([archive.path]))
                #expect(!read.hasErrors, "\(read.diagnostics)")
                let inventory = read.inventory
                let fetched = Set(inventory.sessions.map { inventory.id(of: $0) })
                let expected = Harness.expected(data)
                #expect(expected.isSubset(of: fetched), "missing \(expected.subtracting(fetched).count) sessions")
                #expect(report.sessionsInWindow == expected.count)
                for record in inventory.sessions where expected.contains(inventory.id(of: record)) {
                    let job = try #require(inventory.jobID(of: record).flatMap { inventory.jobs[$0] })
                    #expect(job.name?.isEmpty == false)
                    #expect(job.organizationID.flatMap { inventory.organizations[$0]?.name } != nil)
                    #expect(inventory.logItems[inventory.id(of: record)]?.isEmpty == false)
                }
                #expect(inventory.organizations.count == data.organizations.count)
            }
        }
    }

    @Test("auto: the newest version the server serves, and it says so")
    func autoDetection() async throws {
        try await withSimulator(Harness.api { $0.versions = [.v3, .v4, .v5] }) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                #expect(report.version == .v5)
                #expect(report.autoDetected)
            }
        }
    }

    @Test("a version the server does not serve: a clear error")
    func versionNotServed() async throws {
        try await withSimulator(Harness.api { $0.versions = [.v3] }) { server in
            try await withTemporaryFolder { archive in
                let error = try #require(
                    await Harness.failure(Harness.settings(server, version: .v7), archive: archive))
                #expect(error.kind == .badResponse)
                #expect(error.message.contains("does not serve REST API v7"))
                #expect(error.message.contains("--api-version auto"))
            }
        }
    }

    @Test("a wrong password: credentials refused, and the password is in no message")
    func wrongPassword() async throws {
        try await withSimulator(Harness.api()) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.credentials = .password(username: "vb365\\admin", password: "not-the-password")
                let error = try #require(await Harness.failure(settings, archive: archive))
                #expect(error.kind == .credentials)
                #expect(error.kind.exitStatus == .noUser)
                #expect(error.message.contains("refused to log in as vb365\\admin"))
                #expect(!error.description.contains("not-the-password"))
            }
        }
    }

    @Test(
        "tokens that expire after a few requests: refreshed, never a second login",
        arguments: [(uses: 2, concurrency: 1), (uses: 8, concurrency: 4)])
    func tokenExpiry(uses: Int, concurrency: Int) async throws {
        try await withSimulator(Harness.api { $0.faults.expireTokenAfterRequests = uses }) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.logs = .all
                settings.limits.concurrency = concurrency
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.logs > 0)
                #expect(server.api.counters.logins == 1)
                #expect(server.api.counters.refreshes >= (concurrency == 1 ? 10 : 2))
            }
        }
    }

    @Test("a token about to expire is renewed before it is used, without a 401")
    func proactiveRenewal() async throws {
        try await withSimulator(
            Harness.api {
                // Two seconds: with one, a renewed token could run out again on a loaded machine before
                // the request that renewed it reached the server (three refusals in a row end the fetch).
                $0.tokenLifetime = 2
                $0.faults.delayMilliseconds = 100
            }
        ) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.limits.concurrency = 1
                settings.limits.pageSize = 50
                settings.logs = .all
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.seconds > 2.2)
                #expect(server.api.counters.logins == 1)
                #expect(server.api.counters.refreshes >= 1)
                // How many requests still met an expired token depends on the machine's load; that the
                // renewal comes first when it can is checked below without the clock of a busy machine.
            }
        }
    }

    @Test("the token store says when a token needs renewing, before it runs out")
    func expiringGeneration() async throws {
        let store = TokenStore(credentials: .password(username: "u", password: "p"))
        #expect(await store.expiringGeneration() == nil, "no token yet")
        await store.set(.init(access: "a", refresh: "r", lifetime: 3600))
        #expect(await store.expiringGeneration() == nil)
        await store.set(.init(access: "b", refresh: "r", lifetime: 30))
        #expect(await store.expiringGeneration() == nil, "a tenth of a short lifetime is the margin")
        await store.set(.init(access: "c", refresh: "r", lifetime: 0.001))
        try await Task.sleep(nanoseconds: 20_000_000)
        #expect(await store.expiringGeneration() == (await store.generation))
    }

    @Test("429 with Retry-After on the token endpoint: waits and logs in once")
    func tokenThrottled() async throws {
        try await withSimulator(
            Harness.api {
                $0.faults.throttleTokenRequests = 2
                $0.faults.retryAfterSeconds = 1
            }
        ) { server in
            try await withTemporaryFolder { archive in
                let started = ContinuousClock.now
                _ = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                // Two refusals, each asking for a second: the fetch waited, it did not hammer the server.
                #expect(ContinuousClock.now - started >= .seconds(2))
                #expect(server.api.counters.logins == 1)
            }
        }
    }

    @Test("a burst of 503s is retried away; a persistent 502 ends with a clear error")
    func transientAndPersistent() async throws {
        try await withSimulator(
            Harness.api {
                $0.faults.failRequests = 3
                $0.faults.failStatus = 503
                $0.faults.retryAfterSeconds = 0
            }
        ) { busy in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(Harness.settings(busy), into: archive.path)
                #expect(report.sessionsInWindow > 0)

                try await withSimulator(
                    Harness.api {
                        $0.faults.failRequests = 1000
                        $0.faults.failStatus = 502
                    }
                ) { down in
                    var settings = Harness.settings(down)
                    settings.limits.retries = 2
                    let error = try #require(await Harness.failure(settings, archive: archive))
                    #expect(error.kind == .unavailable)
                    #expect(error.message.contains("502 (Bad Gateway) after 2 retries"))
                    #expect(error.message.contains(down.baseURL + "/v8/Organizations"))
                }
            }
        }
    }

    @Test("a 500 is not retried: the server's message, with the URL")
    func serverError() async throws {
        try await withSimulator(
            Harness.api {
                $0.faults.failRequests = 5
                $0.faults.failStatus = 500
            }
        ) { server in
            try await withTemporaryFolder { archive in
                let error = try #require(await Harness.failure(Harness.settings(server), archive: archive))
                #expect(error.kind == .badResponse)
                #expect(
                    error.message.contains("server error 500: The service is temporarily unavailable (simulated fault)")
                )
                // The token, the organizations, jobs and copy jobs (each worked around: they only give
                // names), then the sessions: one request each, no retries.
                #expect(server.api.counters.requests == 5)
                #expect(error.message.contains("/v8/JobSessions"))
            }
        }
    }

    @Test("a body cut off mid-way (the connection closes) is fetched again")
    func cutBody() async throws {
        try await withSimulator(Harness.api { $0.faults.cutBodies = 3 }) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                #expect(report.sessionsInWindow == Harness.expected(server.api.data).count)
            }
        }
    }

    @Test("malformed JSON: the URL and the line and column, and nothing of it saved")
    func malformedBody() async throws {
        try await withSimulator(Harness.api { $0.faults.brokenJSON = true }) { server in
            try await withTemporaryFolder { archive in
                let error = try #require(await Harness.failure(Harness.settings(server), archive: archive))
                #expect(error.kind == .malformed)
                #expect(error.message.contains(server.baseURL + "/v8/JobSessions?"))
                #expect(error.message.contains(":1:"))
                let folder = Harness.folder(server)
                #expect(Harness.files(archive).keys.filter { $0.hasPrefix(folder + "/sessions/") }.isEmpty)
                #expect(Harness.files(archive)[folder + "/jobs.json"] != nil, "what came before is kept")
            }
        }
    }

    @Test("an HTML page instead of JSON: says so and suggests the REST API address")
    func wrongContentType() async throws {
        try await withSimulator(Harness.api { $0.faults.wrongContentType = true }) { server in
            try await withTemporaryFolder { archive in
                let error = try #require(await Harness.failure(Harness.settings(server), archive: archive))
                #expect(error.kind == .badResponse)
                #expect(error.message.contains("text/html"))
                #expect(error.message.contains("4443"))
            }
        }
    }

    @Test("a next link that loops: stops safely, with a warning")
    func loopingNext() async throws {
        try await withSimulator(Harness.api { $0.faults.loopingNext = true }) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                #expect(report.warnings.contains { $0.contains("already read") })
                #expect(server.api.counters.requests < 40)
            }
        }
    }

    @Test("slow answers: a read timeout, retried, then a clear error; slow but in time is fine")
    func slowResponses() async throws {
        try await withSimulator(Harness.api { $0.faults.delayMilliseconds = 600 }) { slow in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(slow)
                settings.limits.readTimeout = 0.2
                settings.limits.retries = 1
                let error = try #require(await Harness.failure(settings, archive: archive))
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("did not answer within 0.2 s"))

                try await withSimulator(Harness.api { $0.faults.delayMilliseconds = 30 }) { lagging in
                    _ = try await Fetcher.fetch(Harness.settings(lagging), into: archive.path)
                }
            }
        }
    }

    @Test("nothing listening: the host refused the connection")
    func refused() async throws {
        let url = try await withSimulator(Harness.api()) { $0.baseURL }
        try await withTemporaryFolder { archive in
            var settings = FetchSettings(
                server: url, credentials: .password(username: "u", password: "p"), since: Harness.since,
                now: Harness.now)
            settings.limits.retries = 1
            settings.limits.retryDelay = 0.01
            let error = try #require(await Harness.failure(settings, archive: archive))
            #expect(error.kind == .unreachable)
            #expect(error.message.contains("refused the connection"))
        }
    }

    @Test("HTTPS: trusted with --ca-cert, refused without it, accepted with --insecure")
    func tls() async throws {
        let identity = try TLSIdentity.selfSigned()
        try await withSimulator(Harness.api(), tls: identity) { server in
            #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
            try await withTemporaryFolder { archive in
                let pem = archive.appendingPathComponent("server.pem")
                try Data(identity.certificatePEM.utf8).write(to: pem)

                let refused = try #require(await Harness.failure(Harness.settings(server), archive: archive))
                #expect(refused.kind == .tls)
                #expect(refused.message.contains("not trusted"))
                #expect(refused.message.contains("--ca-cert"))

                var trusted = Harness.settings(server)
                trusted.caCertificate = pem.path
                #expect(try await Fetcher.fetch(trusted, into: archive.path).sessionsInWindow > 0)

                var insecure = Harness.settings(server)
                insecure.insecure = true
                #expect(try await Fetcher.fetch(insecure, into: archive.path).sessionsInWindow > 0)

                var unreadable = Harness.settings(server)
                unreadable.caCertificate = archive.appendingPathComponent("missing.pem").path
                #expect(await Harness.failure(unreadable, archive: archive)?.kind == .localInput)
            }
        }
    }

    @Test("a failed fetch leaves the archive as it was; no partial files")
    func archiveNeverDamaged() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { good in
            try await withTemporaryFolder { archive in
                _ = try await Fetcher.fetch(Harness.settings(good), into: archive.path)
                let before = Harness.files(archive)

                try await withSimulator(Harness.api(data: data) { $0.faults.brokenJSON = true }) { broken in
                    var later = Harness.settings(broken)
                    later.now = Harness.now.adding(seconds: 3600)
                    #expect(await Harness.failure(later, archive: archive)?.kind == .malformed)
                    let after = Harness.files(archive)
                    for (path, bytes) in before { #expect(after[path] == bytes, "\(path) changed") }
                    #expect(!after.keys.contains { $0.hasSuffix(".partial") })
                    let read = await InventoryReader.read(InputList([archive.path]))
                    #expect(!read.hasErrors)
                }
            }
        }
    }

    @Test("a second run adds to the archive; each session counts once")
    func rerunMerges() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                _ = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                var again = Harness.settings(server)
                again.now = Harness.now.adding(seconds: 86_400)
                _ = try await Fetcher.fetch(again, into: archive.path)
                let read = await InventoryReader.read(InputList([archive.path]))
                let ids = read.inventory.sessions.map { read.inventory.id(of: $0) }
                #expect(Set(ids).count == ids.count)
                #expect(read.inventory.duplicateSessions > 0)
                #expect(Harness.expected(data).isSubset(of: Set(ids)))
            }
        }
    }

    @Test("the archive holds no password and no token")
    func noSecretsInArchive() async throws {
        try await withSimulator(Harness.api()) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.logs = .all
                _ = try await Fetcher.fetch(settings, into: archive.path)
                for (path, bytes) in Harness.files(archive) {
                    let text = String(decoding: bytes, as: UTF8.self)
                    #expect(!text.contains(Harness.password), "\(path)")
                    #expect(!text.contains("AQAAANCMnd8BFdERjHoAwE_Cl-sB"), "\(path) holds a token")
                    #expect(!text.contains("refresh_token"), "\(path)")
                }
            }
        }
    }

    @Test(
        "--job: /Jobs/{id}/JobSessions before v7, /JobSessions?jobId= from v7; only that job's sessions",
        arguments: [APIVersion.v4, .v6, .v7, .v8])
    func jobSelection(version: APIVersion) async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            try await withTemporaryFolder { archive in
                let job = data.jobs[1]
                var settings = Harness.settings(server, version: version)
                settings.jobs = [job.id.description.uppercased()]
                let report = try await Fetcher.fetch(settings, into: archive.path)
                let read = await InventoryReader.read(
                    InputList([archive.path + "/" + Harness.folder(server) + "/sessions"]))
                #expect(!read.inventory.sessions.isEmpty)
                for record in read.inventory.sessions {
                    #expect(
                        read.inventory.jobID(of: record) == job.id
                            || version < .v8 && read.inventory.jobID(of: record) == nil)
                }
                #expect(
                    report.sessionsInWindow == Harness.expected(data).filter { data.session($0)?.jobID == job.id }.count
                )

                var unknown = Harness.settings(server, version: version)
                unknown.jobs = ["No such job"]
                let error = try #require(await Harness.failure(unknown, archive: archive))
                #expect(error.kind == .usage)
                #expect(error.message.contains(try #require(job.name)))

                // A name may match a job in each organization: both are fetched.
                var byName = Harness.settings(server, version: version)
                byName.jobs = [try #require(job.name).lowercased()]
                let both = try await Fetcher.fetch(byName, into: archive.path)
                let named = Set(data.jobs.filter { $0.name == job.name }.map(\.id))
                #expect(named.count == 2)
                #expect(
                    both.sessionsInWindow
                        == Harness.expected(data).filter { named.contains(data.session($0)?.jobID ?? .text("")) }.count)
            }
        }
    }

    @Test("a token from a file: used as it is, the version probed with /Organizations")
    func tokenCredentials() async throws {
        try await withSimulator(Harness.api { $0.versions = [.v6] }) { server in
            let token = try #require(try Harness.accessToken(server, version: .v6))
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.credentials = .token(access: token, refresh: nil)
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.version == .v6)
                #expect(server.api.counters.logins == 1, "only the login made above")

                settings.credentials = .token(access: "expired-or-wrong", refresh: nil)
                let error = try #require(await Harness.failure(settings, archive: archive))
                #expect(error.kind == .credentials)
                #expect(error.message.contains("get a new token"))
            }
        }
    }

    @Test("hostile ids and names from the server: no file outside the archive, nothing followed")
    func hostileServerData() async throws {
        try await withTemporaryFolder { source in
            try Fixtures.write(
                [
                    "sessions.json": #"""
                    [{"id": "../../escaped", "creationTime": "2026-11-23T21:00:00Z", "status": "Failed"},
                     {"id": "0badc0de-0000-4000-8000-000000000001", "creationTime": "2026-11-23T21:00:00Z",
                      "endTime": "2026-11-23T21:05:00Z", "status": "Warning",
                      "_links": {"job": {"href": "/v8/Jobs/0badc0de-0000-4000-8000-0000000000aa"}}}]
                    """#,
                    "jobs.json": #"""
                    [{"id": "0badc0de-0000-4000-8000-0000000000aa", "name": "<script>alert(1)</script> | `rm -rf` ../"}]
                    """#,
                ], to: source)
            try await withSimulator(Harness.api(data: try SimulatorData.stored([source.path]))) { server in
                try await withTemporaryFolder { root in
                    let archive = root.appendingPathComponent("archive")
                    var settings = Harness.settings(server)
                    settings.logs = .all
                    let report = try await Fetcher.fetch(settings, into: archive.path)
                    #expect(report.warnings.contains { $0.contains("'../../escaped' is not a UUID") })
                    #expect(report.logs == 1)
                    let outside = try FileManager.default.contentsOfDirectory(atPath: root.path)
                    #expect(outside == ["archive"])
                    #expect(
                        !FileManager.default.fileExists(atPath: archive.appendingPathComponent("escaped.json").path))
                }
            }
        }
    }

    @Test("another fetch of the same server holding its folder: refused, nothing written; another server's: no matter")
    func archiveLocked() async throws {
        try await withSimulator(Harness.api()) { server in
            try await withTemporaryFolder { archive in
                var holder: ArchiveWriter? = try ArchiveWriter(
                    archive: archive.path, server: try #require(ServerAddress(configured: server.baseURL)))
                let error = await Harness.failure(Harness.settings(server), archive: archive)
                #expect(error?.kind == .archive)
                #expect(error?.message.contains("another fetch of 127.0.0.1:") == true)
                #expect(!Harness.files(archive).keys.contains { $0.hasSuffix(".json") })
                #expect(holder != nil)
                holder = nil
                // A fetch of another server into the same archive at the same time is not held up.
                let other: ArchiveWriter? = try ArchiveWriter(
                    archive: archive.path, server: try #require(ServerAddress(configured: "https://another:4443")))
                _ = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                #expect(other != nil)
            }
        }
    }
}

@Suite("paging and retry details")
struct PagingTests {
    @Test("next links: only the path is taken, and only inside /vN/")
    func resolve() {
        #expect(
            ListWalker.resolve("https://vbo.internal:4443/v5/jobsessions?offset=30&limit=30", version: .v5)
                == "/v5/jobsessions?offset=30&limit=30")
        #expect(
            ListWalker.resolve("https://evil.example/v8/JobSessions?offset=30", version: .v8)
                == "/v8/JobSessions?offset=30")
        #expect(
            ListWalker.resolve("/v8/JobSessions?u=https://h/v7/x", version: .v8) == "/v8/JobSessions?u=https://h/v7/x")
        #expect(ListWalker.resolve("/v7/JobSessions?offset=30", version: .v8) == nil)
        #expect(ListWalker.resolve("/v8/../admin", version: .v8) == nil)
        #expect(ListWalker.resolve("/v8/JobSessions?x=a b", version: .v8) == nil)
        #expect(ListWalker.resolve("JobSessions?offset=30", version: .v8) == nil)
        #expect(ListWalker.resolve("https://host", version: .v8) == nil)
    }

    @Test(
        "an array shorter than the limit asked for is the last page: no request for the next offset, no warning",
        arguments: [false, true])
    func shortArrayEndsTheList(ignoreOffset: Bool) async throws {
        try await withSimulator(Harness.api { $0.faults.ignoreOffset = ignoreOffset }) { server in
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server, version: .v4)
                settings.limits.pageSize = 1000
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.warnings.isEmpty, "\(report.warnings)")
                #expect(report.logs > 0)
                // The token, then one request for each list (organizations, jobs, sessions) and each log,
                // and the snapshot: repositories, proxies, the licence, and each organization's licensing.
                #expect(server.api.counters.requests == 4 + report.logs + 3 + report.organizations)
                #expect(report.requests == server.api.counters.requests)
                #expect(report.sessionsInWindow == Harness.expected(server.api.data).count)
            }
        }
    }

    @Test("a full array asks for the next offset; a server that ignores offset then repeats itself, and says so")
    func fullArrayOffsetIgnored() async throws {
        try await withSimulator(Harness.api { $0.faults.ignoreOffset = true }) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(Harness.settings(server, version: .v4), into: archive.path)
                #expect(
                    report.warnings.contains {
                        $0.contains("/v4/JobSessions?offset=4&limit=4 repeated a page already read")
                    })
            }
        }
    }

    @Test("the elements of a list body: a bare array, or a page's results")
    func elementCount() {
        #expect(ListWalker.elementCount(Array("[{}, {\"a\": [1, 2]}, 3]".utf8)) == 3)
        #expect(ListWalker.elementCount(Array("[]".utf8)) == 0)
        #expect(ListWalker.elementCount(Array(#"{"offset": 0, "results": [{}, {}], "limit": 2}"#.utf8)) == 2)
        #expect(ListWalker.elementCount(Array(#"{"id": "x"}"#.utf8)) == nil)
    }

    @Test("Retry-After: seconds or an HTTP date")
    func retryAfter() {
        var reply = Reply(url: "u", status: 429, contentType: nil, retryAfterHeader: "7", body: [])
        #expect(reply.retryAfter == 7)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        reply.retryAfterHeader = formatter.string(from: Date().addingTimeInterval(120))
        #expect((reply.retryAfter ?? 0) > 100 && (reply.retryAfter ?? 0) <= 120)
        reply.retryAfterHeader = "soon"
        #expect(reply.retryAfter == nil)
    }

    @Test("a server asking to wait longer than --max-retry-after: stops at once and says so")
    func retryAfterTooLong() async throws {
        try await withSimulator(
            Harness.api {
                $0.faults.throttleTokenRequests = 5
                $0.faults.retryAfterSeconds = 3600
            }
        ) { server in
            try await withTemporaryFolder { archive in
                let error = try #require(await Harness.failure(Harness.settings(server), archive: archive))
                #expect(error.kind == .unavailable)
                #expect(error.message.contains("asks to wait 3600 s"))
            }
        }
    }
}
