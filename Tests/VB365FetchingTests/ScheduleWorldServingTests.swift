import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

@Suite("the simulator serves the schedule world as it stood at its clock")
struct ScheduleWorldServingTests {
    @Test("a fetch brings the sessions and the jobs list of that moment", arguments: [APIVersion.v6, .v8])
    func fetch(version: APIVersion) async throws {
        let world = ScheduleWorld()
        // The night the failing job's first run fails, the Thursday the weekday job misses.
        let clock = Timestamp(year: 2026, month: 10, day: 29, hour: 23)
        try await withSimulator(Harness.api(data: .scheduleWorld(world, at: clock))) { server in
            try await withTemporaryFolder("world\(version)") { archive in
                let since = clock.adding(seconds: -3 * 86_400)
                var settings = FetchSettings(
                    server: server.baseURL,
                    credentials: .password(username: "vb365\\admin", password: Harness.password),
                    since: since, now: clock)
                settings.version = version
                settings.limits.retryDelay = 0.01
                _ = try await Fetcher.fetch(settings, into: archive.path)

                let read = await InventoryReader.read(InputList([archive.path]))
                #expect(!read.hasErrors, "\(read.diagnostics)")
                let inventory = read.inventory
                let fetched = Set(inventory.sessions.map { inventory.id(of: $0) })
                let expected = Set(
                    world.sessions(asOf: clock).filter { s in
                        s.creationTime! >= since || (s.endTime.map { $0 >= since } ?? true)
                    }.map(\.id))
                #expect(expected.isSubset(of: fetched), "missing \(expected.subtracting(fetched).count) sessions")
                #expect(inventory.sessions.allSatisfy { $0.creation <= clock.ticks })

                // The hung run is Running with no end; the failing job's first run has failed.
                let hung = try #require(inventory.record(for: world.job(.hung).sessions.last!.id))
                #expect(inventory.status(of: hung) == .running && hung.endTime == nil)
                let failing = world.job(.failingForDays)
                let firstFailure = try #require(
                    inventory.record(for: failing.sessions.first { $0.creationTime == failing.problem!.start }!.id))
                #expect(inventory.status(of: firstFailure) == .failed)

                // The jobs list as it stood: stuck nextRun of the stopped and the Thursday jobs, the
                // schedules, the new job listed.
                func job(_ pattern: ScheduleWorld.Pattern) -> Job? { inventory.jobs[world.job(pattern).job.id] }
                #expect(job(.stoppedDaily)?.nextRun == world.job(.stoppedDaily).problem!.start)
                #expect(job(.weekdayMissesThursday)?.nextRun == world.job(.weekdayMissesThursday).problem!.start)
                #expect(job(.every4Hours)?.nextRun == Timestamp(year: 2026, month: 10, day: 30))
                #expect(job(.every4Hours)?.schedule?.periodicallyEvery == "Hours4")
                #expect(job(.manualOnly)?.schedule?.type == "ManualOnly")
                #expect(job(.movedSchedule)?.schedule?.dailyTime == "02:00:00")
                #expect(job(.newJob)?.name == ScheduleWorld.Pattern.newJob.jobName)
                #expect(inventory.jobs.count == world.jobs.count)
                #expect(inventory.organizations[world.organization.id]?.name == world.organization.name)
            }
        }
    }
}
