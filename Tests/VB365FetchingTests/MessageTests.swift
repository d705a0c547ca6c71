import Foundation
import Testing
import VB365Model
import VB365Simulator
import VB365Support
import VB365TestSupport

@testable import VB365Fetching

/// What a fetch says counts in the right number: one organization, two organizations.
@Suite("the fetch's messages count correctly")
struct MessageTests {
    static let since = Timestamp(year: 2026, month: 11, day: 22, hour: 6).adding(seconds: 1800)

    static func report(_ n: Int, seconds: Double) -> FetchReport {
        var r = FetchReport(server: "https://vbo.example.com:4443", since: Self.since, version: .v8, autoDetected: true)
        r.organizations = n
        r.jobs = n
        r.sessionsInWindow = n
        r.sessionsListed = n
        r.pages = n
        r.logs = n
        r.requests = n
        r.seconds = seconds
        return r
    }

    @Test("the closing line, with one of everything, two, and none")
    func closingLine() {
        #expect(
            FetchReport.sentence(Self.report(1, seconds: 0.04), archive: "archive")
                == "Fetched from https://vbo.example.com:4443 with API v8 (the newest it serves): 1 organization, 1 job, 1 session since 2026-11-22T06:30:00Z (of 1 listed, in 1 page) and 1 session log; 1 request in 0.0 s, into archive."
        )
        #expect(
            FetchReport.sentence(Self.report(2, seconds: 12.36), archive: "archive")
                == "Fetched from https://vbo.example.com:4443 with API v8 (the newest it serves): 2 organizations, 2 jobs, 2 sessions since 2026-11-22T06:30:00Z (of 2 listed, in 2 pages) and 2 session logs; 2 requests in 12.4 s, into archive."
        )
        #expect(
            FetchReport.sentence(Self.report(0, seconds: 0), archive: "a").contains(
                ": 0 organizations, 0 jobs, 0 sessions since 2026-11-22T06:30:00Z (of 0 listed, in 0 pages) and 0 session logs; 0 requests in 0.0 s"
            ))
    }

    @Test("a real fetch from a server with one organization and one job says so")
    func oneOfEach() async throws {
        var world = SimulatorData.World(now: Harness.now)
        world.organizations = 1
        world.jobsPerOrganization = 1
        world.days = 1
        try await withSimulator(Harness.api(data: .generated(world))) { server in
            try await withTemporaryFolder { archive in
                let report = try await Fetcher.fetch(Harness.settings(server), into: archive.path)
                let sentence = FetchReport.sentence(report, archive: "archive")
                #expect(sentence.contains(": 1 organization, 1 job, "), "\(sentence)")
            }
        }
    }

    @Test("the progress line")
    func progress() {
        #expect(FetchProgress(pages: 1, sessions: 1).text == "fetching: 1 page, 1 session")
        #expect(
            FetchProgress(pages: 3, sessions: 120, logsDone: 1, logsTotal: 9).text
                == "fetching: 3 pages, 120 sessions, logs 1/9")
    }

    @Test("the warning for a names list that failed, with one and with several")
    func namesWarning() {
        let failure = FetchError(.badResponse, "x", url: "https://vbo:4443/v8/Organizations", status: 403)
        let single = FetchError(.badResponse, "y", url: "https://vbo:4443/v8/Organizations/1", status: 403)
        func warning(_ wanted: Int, _ fetched: Int, _ stop: FetchError?) -> String {
            Fetcher.warning(
                [failure], wanted: wanted, outcome: .init(fetched: fetched, failure: stop), noun: "organization",
                namer: "the jobs", single: "GET /v8/Organizations/{id}")
        }
        let head = "https://vbo:4443/v8/Organizations answered 403 (Forbidden); "
        #expect(
            warning(1, 1, nil)
                == head
                + "the 1 organization that the jobs name was fetched one by one instead (GET /v8/Organizations/{id}).")
        #expect(
            warning(1, 0, single)
                == head
                + "GET /v8/Organizations/{id} failed too (https://vbo:4443/v8/Organizations/1 answered 403 (Forbidden)), so the 1 organization that the jobs name is shown by its id."
        )
        #expect(
            warning(3, 1, single).hasSuffix(
                "1 of the 3 organizations that the jobs name was fetched one by one (GET /v8/Organizations/{id}), but GET /v8/Organizations/{id} failed too (https://vbo:4443/v8/Organizations/1 answered 403 (Forbidden)), so 2 organizations are shown by their ids."
            ))
        #expect(
            warning(3, 2, nil).hasSuffix(
                "2 of the 3 organizations that the jobs name were fetched one by one (GET /v8/Organizations/{id}), but the server did not find the others, so 1 organization is shown by its id."
            ))
        #expect(
            warning(0, 0, nil) == head + "the jobs name no organization beyond those listed, so no name is missing.")
    }

    @Test("counted nouns")
    func counted() {
        #expect(Formatting.count(1, "retry", plural: "retries") == "1 retry")
        #expect(Formatting.count(0, "retry", plural: "retries") == "0 retries")
        #expect(Formatting.count(2, "page") == "2 pages")
    }
}
