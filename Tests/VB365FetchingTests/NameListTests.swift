import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

/// `/Organizations` and `/Jobs` only give names: a server that refuses or does not serve them
/// (a restricted account, a proxy, an older build) still gets its sessions fetched.
@Suite("a list that only gives names fails: the fetch goes on")
struct NameListTests {
    /// Fetches from a simulator that refuses `refusals` into a temporary archive, then runs `body`
    /// with the report, what the archive reads back as, and the server (stopped afterwards).
    static func withFetch<T>(
        _ refusals: [String: Int], version: APIVersion? = nil, data: SimulatorData = Harness.data(),
        name: String = #function, change: (inout FetchSettings) -> Void = { _ in },
        _ body: (FetchReport, Inventory, SimulatorServer) async throws -> T
    ) async throws -> T {
        try await withSimulator(Harness.api(data: data) { $0.faults.refusals = refusals }) { server in
            let (report, inventory) = try await withTemporaryFolder(
                name + "-\(refusals.values.sorted())-\(version?.description ?? "")"
            ) { archive in
                var settings = Harness.settings(server, version: version)
                change(&settings)
                let report = try await Fetcher.fetch(settings, into: archive.path)
                let read = await InventoryReader.read(InputList([archive.path]))
                #expect(!read.hasErrors, "\(read.diagnostics)")
                return (report, read.inventory)
            }
            return try await body(report, inventory, server)
        }
    }

    /// The warnings that name `resource` of `server`.
    static func warnings(_ report: FetchReport, _ server: SimulatorServer, _ resource: String) -> [String] {
        report.warnings.filter { $0.hasPrefix("\(server.baseURL)/\(resource)?") }
    }

    @Test(
        "/Organizations refused or not served: the organizations the jobs name, one by one, and one warning",
        arguments: [(APIVersion.v8, 403), (.v8, 404), (.v8, 500), (.v4, 404)])
    func organizationsRefused(version: APIVersion, status: Int) async throws {
        let data = Harness.data()
        try await Self.withFetch(["organizations": status], version: version, data: data) { report, inventory, server in
            let about = Self.warnings(report, server, "\(version)/Organizations")
            #expect(about.count == 1, "\(report.warnings)")
            #expect(report.warnings.count == 1, "\(report.warnings)")
            let warning = try #require(about.first)
            #expect(warning.contains(" answered \(status) ("))
            #expect(
                warning.hasSuffix(
                    "; the 2 organizations that the jobs name were fetched one by one instead (GET /\(version)/Organizations/{id})."
                ))
            #expect(report.organizations == data.organizations.count)
            #expect(report.sessionsInWindow == Harness.expected(data).count)
            for organization in data.organizations {
                #expect(inventory.organizations[organization.id]?.name == organization.name)
            }
        }
    }

    @Test("/Organizations/{id} refused too: organizations shown by their ids, after one try")
    func organizationsRefusedEverywhere() async throws {
        try await Self.withFetch(["organizations": 403, "organizations/{id}": 403]) { report, inventory, server in
            let warning = try #require(Self.warnings(report, server, "v8/Organizations").first)
            #expect(
                warning.contains(
                    "answered 403 (Forbidden); GET /v8/Organizations/{id} failed too (\(server.baseURL)/v8/Organizations/"
                ))
            #expect(
                warning.hasSuffix(
                    "answered 403 (Forbidden)), so the 2 organizations that the jobs name are shown by their ids."))
            #expect(inventory.organizations.isEmpty)
            let organizationRequests = ["organizations", "organizations/{id}"].map {
                server.api.counters.resources[$0] ?? 0
            }
            #expect(organizationRequests == [1, 1], "the list, and one organization: then it stops")
            #expect(report.sessionsInWindow == Harness.expected(server.api.data).count)
        }
    }

    @Test(
        "/Jobs refused or not served: the jobs the sessions name, one by one, and one warning",
        arguments: [(APIVersion.v8, 403), (.v8, 404), (.v8, 500), (.v4, 404)])
    func jobsRefused(version: APIVersion, status: Int) async throws {
        let data = Harness.data()
        try await Self.withFetch(["jobs": status], version: version, data: data) { report, inventory, server in
            let warning = try #require(Self.warnings(report, server, "\(version)/Jobs").first)
            #expect(report.warnings.count == 1, "\(report.warnings)")
            #expect(warning.contains(" answered \(status) ("))
            let named = Set(Harness.expected(data).compactMap { data.session($0)?.jobID })
            #expect(
                warning.hasSuffix(
                    "; the \(named.count) jobs that the sessions name were fetched one by one instead (GET /\(version)/Jobs/{id})."
                ))
            #expect(report.jobs == named.count)
            for id in Harness.expected(data) {
                let record = try #require(inventory.record(for: id))
                let job = try #require(inventory.jobID(of: record).flatMap { inventory.jobs[$0] })
                #expect(job.name != nil && job.name == data.job(job.id)?.name)
                #expect(job.organizationID.flatMap { inventory.organizations[$0]?.name } != nil)
            }
        }
    }

    @Test("/Jobs/{id} refused too: jobs shown by their ids; the sessions are all there")
    func jobsRefusedEverywhere() async throws {
        let data = Harness.data()
        try await Self.withFetch(["jobs": 403, "jobs/{id}": 403], data: data) { report, inventory, server in
            let warning = try #require(Self.warnings(report, server, "v8/Jobs").first)
            #expect(warning.contains("; GET /v8/Jobs/{id} failed too ("))
            #expect(warning.hasSuffix("that the sessions name are shown by their ids."))
            #expect(report.sessionsInWindow == Harness.expected(data).count)
            let fetched = Set(inventory.sessions.map { inventory.id(of: $0) })
            #expect(Harness.expected(data).isSubset(of: fetched))
            #expect(inventory.jobs.isEmpty, "the simulator has no copy jobs, the one list that answered")
        }
    }

    @Test("both lists refused: jobs, then their organizations, one by one; a warning for each")
    func bothRefused() async throws {
        let data = Harness.data()
        try await Self.withFetch(["jobs": 403, "organizations": 404], data: data) { report, inventory, server in
            #expect(report.warnings.count == 2, "\(report.warnings)")
            #expect(Self.warnings(report, server, "v8/Jobs").count == 1)
            #expect(Self.warnings(report, server, "v8/Organizations").count == 1)
            for organization in data.organizations {
                #expect(inventory.organizations[organization.id]?.name == organization.name)
            }
        }
    }

    @Test("the sessions themselves refused: the fetch fails, naming the URL and the status")
    func sessionsRefused() async throws {
        try await withSimulator(Harness.api { $0.faults.refusals = ["jobsessions": 403] }) { server in
            try await withTemporaryFolder { archive in
                let error = try #require(await Harness.failure(Harness.settings(server), archive: archive))
                #expect(error.kind == .badResponse)
                #expect(error.message.contains(server.baseURL + "/v8/JobSessions?"))
                #expect(error.message.contains("403 (Forbidden)"))
            }
        }
    }

    @Test("a token, whose probe is /Organizations: a 404 there is not taken for a version not served")
    func tokenProbe() async throws {
        try await withSimulator(
            Harness.api {
                $0.versions = [.v6]
                $0.faults.refusals = ["organizations": 404]
            }
        ) { server in
            let token = try #require(try Harness.accessToken(server, version: .v6))
            try await withTemporaryFolder { archive in
                var settings = Harness.settings(server)
                settings.credentials = .token(access: token, refresh: nil)
                let report = try await Fetcher.fetch(settings, into: archive.path)
                #expect(report.version == .v6)
                #expect(report.sessionsInWindow == Harness.expected(server.api.data).count)
                #expect(report.organizations == server.api.data.organizations.count)
                let warning = try #require(Self.warnings(report, server, "v6/Organizations").first)
                #expect(warning.contains("answered 404 (Not Found)"))
            }
        }
    }

    @Test("--job with /Jobs refused: an id works (the job named one by one), a name says to give the id")
    func jobSelection() async throws {
        let data = Harness.data()
        let job = data.jobs[1]
        try await Self.withFetch(["jobs": 403], version: .v7, data: data, change: { $0.jobs = [job.id.description] }) {
            report, inventory, server in
            #expect(
                report.sessionsInWindow == Harness.expected(data).filter { data.session($0)?.jobID == job.id }.count)
            #expect(inventory.jobs[job.id]?.name == job.name)

            try await withTemporaryFolder { archive in
                var byName = Harness.settings(server, version: .v7)
                byName.jobs = [try #require(job.name)]
                let error = try #require(await Harness.failure(byName, archive: archive))
                #expect(error.kind == .badResponse)
                #expect(error.message.contains("/v7/Jobs?offset=0&limit=4 answered 403 (Forbidden)"))
                #expect(error.message.hasSuffix("cannot be matched to a job by its name; give the job's id instead."))
            }
        }
    }
}
