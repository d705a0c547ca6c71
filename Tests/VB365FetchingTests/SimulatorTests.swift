import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import VB365Model
import VB365Simulator
import VB365TestSupport

/// Requests to a running simulator over real HTTP.
struct Client {
    let server: SimulatorServer
    var token = ""

    static let http = HTTPClient(eventLoopGroupProvider: .singleton)

    func call(_ method: HTTPMethod = .GET, _ path: String, form: String? = nil) async throws -> (Int, [UInt8], String?)
    {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await Self.http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(buffer: body), response.headers.first(name: "Content-Type"))
    }

    mutating func login(_ version: APIVersion, antiforgery: Bool = true) async throws {
        let (status, body, _) = try await call(
            .POST, "/\(version)/token",
            form: "grant_type=password&username=vb365%5Cadmin&password=s3cret-P%C3%A4ssword"
                + (antiforgery ? "&disable_antiforgery_token=true" : ""))
        #expect(status == 200)
        token = (try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["access_token"] as? String ?? ""
    }
}

@Suite("the simulator speaks each version's quirks")
struct SimulatorTests {
    @Test("v7+: a token asked for without disable_antiforgery_token does not work for data")
    func antiforgery() async throws {
        try await withSimulator(Harness.api()) { server in
            var client = Client(server: server)
            try await client.login(.v7, antiforgery: false)
            #expect(try await client.call(.GET, "/v7/Jobs").0 == 400)
            try await client.login(.v7)
            #expect(try await client.call(.GET, "/v7/Jobs").0 == 200)
        }
    }

    @Test("paths that a version does not have answer 404: v1 /LogItems, v3 /log, v7 /Jobs/{id}/JobSessions")
    func removedPaths() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            var client = Client(server: server)
            try await client.login(.v8)
            let session = data.sessions[0].id
            let job = data.jobs[0].id
            #expect(try await client.call(.GET, "/v1/JobSessions/\(session)/Log").0 == 200)
            #expect(try await client.call(.GET, "/v1/JobSessions/\(session)/LogItems").0 == 404)
            // A v3 session's own log link is the stale /log: following it gives 404.
            let (_, single, _) = try await client.call(.GET, "/v3/jobsessions/\(session)")
            guard case .string(let link)? = try JSON.parse(single)["_links"]?["log"]?["href"] else {
                Issue.record("no log link")
                return
            }
            #expect(link.hasSuffix("/v3/jobsessions/\(session)/log"))
            #expect(try await client.call(.GET, "/v3/jobsessions/\(session)/log").0 == 404)
            #expect(try await client.call(.GET, "/v3/jobsessions/\(session)/logitems").0 == 200)
            #expect(try await client.call(.GET, "/v6/Jobs/\(job)/JobSessions").0 == 200)
            #expect(try await client.call(.GET, "/v7/Jobs/\(job)/JobSessions").0 == 404)
            #expect(try await client.call(.GET, "/v9/JobSessions").0 == 404)
            #expect(try await client.call(.GET, "/v5/CopyJobs").0 == 404)
        }
    }

    @Test("lists: arrays before v5 (sessions) and v8 (jobs); pages with absolute links in v5, relative from v6")
    func shapes() async throws {
        try await withSimulator(Harness.api()) { server in
            var client = Client(server: server)
            try await client.login(.v8)
            for version in APIVersion.allCases {
                let (_, sessions, type) = try await client.call(.GET, "/\(version)/JobSessions?limit=2")
                #expect(type == "application/json; charset=utf-8")
                let parsed = try JSON.parse(sessions)
                if version < .v5 {
                    guard case .array(let items) = parsed else {
                        Issue.record("\(version) sessions are not an array")
                        continue
                    }
                    #expect(items.count == 2, "v1–v4 arrays honour limit")
                } else {
                    guard case .string(let next)? = parsed["_links"]?["next"]?["href"] else {
                        Issue.record("\(version) page without a next link")
                        continue
                    }
                    #expect(next.hasPrefix(version == .v5 ? server.baseURL + "/v5/" : "/\(version)/"), "\(next)")
                }
                let (_, jobs, _) = try await client.call(.GET, "/\(version)/Jobs")
                if case .array = try JSON.parse(jobs) { #expect(version < .v8) } else { #expect(version == .v8) }
            }
        }
    }

    @Test("v8 filters: status=Succeeded means Success; jobId; endTimeLowerBound")
    func filters() async throws {
        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            var client = Client(server: server)
            try await client.login(.v8)
            let (_, body, _) = try await client.call(.GET, "/v8/JobSessions?status=Succeeded&limit=10000")
            guard case .array(let results)? = try JSON.parse(body)["results"] else {
                Issue.record("no results")
                return
            }
            #expect(results.count == data.sessions.filter { $0.status == .success }.count)
            #expect(results.allSatisfy { $0["status"] == .string("Success") })
            let job = data.jobs[2].id
            let (_, mine, _) = try await client.call(.GET, "/v8/JobSessions?jobId=\(job)&limit=10000")
            guard case .array(let own)? = try JSON.parse(mine)["results"] else { return }
            #expect(own.count == data.sessions.filter { $0.jobID == job }.count)
            let (status, _, _) = try await client.call(.GET, "/v8/JobSessions?endTimeLowerBound=yesterday")
            #expect(status == 400)
        }
    }

    @Test("generated data: every status, retries, a session running at the server's clock")
    func generatedWorld() throws {
        // A clock one second after the start of the newest run that is not a retry.
        var world = SimulatorData.World(now: Timestamp(year: 2026, month: 11, day: 24))
        world.days = 40
        let first = SimulatorData.generated(world)
        let newest = try #require(first.sessions.first { $0.mainSessionID == nil })
        world.now = try #require(newest.creationTime).adding(seconds: 1)
        let data = SimulatorData.generated(world)
        let statuses = Set(data.sessions.compactMap(\.status))
        #expect(statuses.isSuperset(of: [.success, .warning, .failed, .running]))
        #expect(data.sessions.contains { $0.mainSessionID != nil })
        #expect(data.sessions.allSatisfy { $0.creationTime! <= world.now })
        #expect(zip(data.sessions, data.sessions.dropFirst()).allSatisfy { $0.creationTime! >= $1.creationTime! })
        let running = try #require(data.sessions.first { $0.status == .running })
        #expect(running.endTime == nil)
        #expect(!data.logItems(for: running.id).isEmpty)
    }

    @Test("saved JSON: serves the bundled samples")
    func storedData() async throws {
        let data = try SimulatorData.stored([Fixtures.samples])
        #expect(data.sessions.count > 50)
        #expect(data.jobs.count == 4)
        #expect(data.sessions.contains { !data.logItems(for: $0.id).isEmpty })
        #expect(throws: SimulatorError.self) { try SimulatorData.stored(["/nonexistent/folder"]) }
    }
}

@Suite("the simulator's v6–v8 answers conform to the published OpenAPI schemas")
struct OpenAPIConformanceTests {
    @Test(
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func conforms(version: APIVersion) async throws {
        let folder = try #require(Fixtures.openAPIFolder)
        let specPath = "\(folder)/vb365-\(version)-sessions.json"
        let spec = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: specPath))) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: Any])
        let validator = try OpenAPIValidator(specPath: specPath)
        func schema(_ template: String, _ method: String, _ status: String) throws -> [String: Any] {
            let operation = try #require((paths[template] as? [String: Any])?[method] as? [String: Any], "\(template)")
            let responses = try #require(operation["responses"] as? [String: Any])
            let response = try #require((responses[status] ?? responses["default"]) as? [String: Any])
            let content = try #require(response["content"] as? [String: Any])
            let media = try #require((content["application/json"] ?? content["*/*"]) as? [String: Any])
            return try #require(media["schema"] as? [String: Any])
        }

        let data = Harness.data()
        try await withSimulator(Harness.api(data: data)) { server in
            var client = Client(server: server)
            let (_, tokenBody, _) = try await client.call(
                .POST, "/\(version)/token",
                form:
                    "grant_type=password&username=vb365%5Cadmin&password=s3cret-P%C3%A4ssword&disable_antiforgery_token=true"
            )
            #expect(validator.problems(try JSON.parse(tokenBody), try schema("/\(version)/token", "post", "200")) == [])
            try await client.login(version)

            let failed = try #require(data.sessions.first { $0.status == .failed })
            let running = data.sessions.first { $0.status == .running || $0.endTime == nil }
            var checks: [(String, String, String)] = [
                ("/\(version)/JobSessions?limit=50", "/\(version)/JobSessions", "200"),
                ("/\(version)/JobSessions/\(failed.id)", "/\(version)/JobSessions/{jobSessionsId}", "200"),
                (
                    "/\(version)/JobSessions/\(failed.id)/LogItems", "/\(version)/JobSessions/{sessionId}/LogItems",
                    "200"
                ),
                ("/\(version)/Jobs", "/\(version)/Jobs", "200"),
                ("/\(version)/Jobs/\(data.jobs[0].id)", "/\(version)/Jobs/{jobId}", "200"),
                ("/\(version)/Organizations", "/\(version)/Organizations", "200"),
                (
                    "/\(version)/Organizations/\(data.organizations[0].id)",
                    "/\(version)/Organizations/{organizationId}",
                    "200"
                ),
                ("/\(version)/CopyJobs", "/\(version)/CopyJobs", "200"),
                (
                    "/\(version)/JobSessions/00000000-0000-4000-8000-000000000000",
                    "/\(version)/JobSessions/{jobSessionsId}", "default"
                ),
            ]
            if let running {
                checks.append(
                    ("/\(version)/JobSessions/\(running.id)", "/\(version)/JobSessions/{jobSessionsId}", "200"))
            }
            if version == .v6 {
                checks.append(
                    ("/v6/Jobs/\(data.jobs[0].id)/JobSessions?limit=5", "/v6/Jobs/{jobId}/JobSessions", "200"))
            }
            for (path, template, status) in checks {
                let (code, body, _) = try await client.call(.GET, path)
                #expect(status == "default" ? code == 404 : code == 200, "\(path)")
                let problems = validator.problems(try JSON.parse(body), try schema(template, "get", status))
                #expect(problems.isEmpty, "\(version) \(path): \(problems.prefix(5))")
            }
        }
    }

    @Test(
        "repositories, proxies, licence, licensing, service instance, processed objects and copy jobs",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func infrastructureConforms(version: APIVersion) async throws {
        let folder = try #require(Fixtures.openAPIFolder)
        let specPath = "\(folder)/vb365-\(version)-infrastructure.json"
        let spec = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: specPath))) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: Any])
        let validator = try OpenAPIValidator(specPath: specPath)
        func schema(_ template: String) throws -> [String: Any] {
            let operation = try #require((paths[template] as? [String: Any])?["get"] as? [String: Any], "\(template)")
            let responses = try #require(operation["responses"] as? [String: Any])
            let response = try #require(responses["200"] as? [String: Any])
            let content = try #require(response["content"] as? [String: Any])
            let media = try #require((content["application/json"] ?? content["*/*"]) as? [String: Any])
            return try #require(media["schema"] as? [String: Any])
        }
        var world = SimulatorData.World(now: Harness.now)
        world.copyJob = true
        let data = SimulatorData.generated(world)
        try await withSimulator(Harness.api(data: data)) { server in
            var client = Client(server: server)
            try await client.login(version)
            let organization = data.organizations[0].id
            var checks: [(String, String)] = [
                ("/\(version)/BackupRepositories", "/\(version)/BackupRepositories"),
                ("/\(version)/Proxies", "/\(version)/Proxies"),
                ("/\(version)/License", "/\(version)/License"),
                ("/\(version)/ServiceInstance", "/\(version)/ServiceInstance"),
                (
                    "/\(version)/Organizations/\(organization)/LicensingInformation",
                    "/\(version)/Organizations/{organizationId}/LicensingInformation"
                ),
                ("/\(version)/CopyJobs", "/\(version)/CopyJobs"),
            ]
            if version >= .v7 {
                let failed = try #require(data.sessions.first { $0.status == .failed })
                checks.append(
                    (
                        "/\(version)/JobSessions/\(failed.id)/ProcessedObjects?limit=5",
                        "/\(version)/JobSessions/{sessionId}/ProcessedObjects"
                    ))
            }
            for (path, template) in checks {
                let (code, body, _) = try await client.call(.GET, path)
                #expect(code == 200, "\(path)")
                let parsed = try JSON.parse(body)
                let problems = validator.problems(parsed, try schema(template))
                #expect(problems.isEmpty, "\(version) \(path): \(problems.prefix(5))")
                if case .array(let items) = parsed { #expect(!items.isEmpty, "\(path)") }
                if case .array(let items)? = parsed["results"] { #expect(!items.isEmpty, "\(path)") }
            }
        }
    }
}
