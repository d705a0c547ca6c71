import Testing
import VB365Model
import VB365Statistics

@Suite("Hostile values found in review: no trap, no moved window")
struct RegressionTests {
    @Test("absurd durations and offsets in bounds are refused, dates are checked")
    func bounds() {
        #expect(TimeBound("100000000d") == nil)
        #expect(TimeBound("2026-11-20T07:00:00+0100") == .absolute(Timestamp(year: 2026, month: 11, day: 20, hour: 6)))
        #expect(TimeBound("2026-02-31") == nil)
        #expect(TimeBound("2026-11-20T07:00:00+99:99") == nil)
    }

    @Test("a session dated in the future does not move the default window")
    func futureSession() {
        var h = History()
        h.run()
        h.run(.failed, duration: 60)
        var future = JobSession(id: EntityID("future"))
        future.jobID = h.job
        future.creationTime = Timestamp(year: 2099, month: 1, day: 1)
        future.status = .success
        h.inventory.add(future)
        let s = h.summary()
        #expect(s.worst == .failed)
        #expect(s.sessionsAfterWindow == 1)
    }

    @Test("tens of thousands of distinct unknown statuses are kept verbatim")
    func manyStatuses() {
        var inventory = Inventory()
        for i in 0..<40_000 {
            var s = JobSession(id: EntityID("s\(i)"))
            s.creationTime = Timestamp(year: 2026, month: 11, day: 22)
            s.status = .other("st\(i)")
            s.statistics.bottleneck = .other("bn\(i)")
            inventory.add(s)
        }
        let last = inventory.record(for: EntityID("s39999"))!
        #expect(inventory.status(of: last) == .other("st39999"))
        #expect(inventory.bottleneck(of: last) == .other("bn39999"))
    }

    @Test("a long retry chain is linear, and every attempt knows its place")
    func longChain() {
        var h = History()
        h.run(.failed, duration: 10, id: "main", willRetry: true)
        for i in 1...3000 {
            h.run(
                .failed, duration: 10, id: "r\(i)", main: "main", willRetry: i < 3000, retryCount: i,
                minutesLater: Double(i) / 10)
        }
        let s = h.summary { $0.now = History.start.adding(seconds: 86_400) }
        let last = s.sessions.last!
        #expect(last.retry.attempt == 3001)
        #expect(last.retry.isFinal)
        #expect(s.jobs[0].statistics.runs.total == 1)
    }
}
