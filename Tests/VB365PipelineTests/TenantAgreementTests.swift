import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365TestSupport
import VB365Text

/// A tenant's report and the overview's row for that tenant hold the same facts (issue 25): the
/// split changes neither the window, nor the thresholds, nor the history.
@Suite("A tenant's report holds the same facts as the overview's row for it")
struct TenantAgreementTests {
    /// The facts of a group that a report shows, in one comparable value.
    static func figures(_ s: GroupStatistics) -> String {
        let statuses = s.byStatus.map { "\($0.count) \($0.status)" }.joined(separator: ",")
        return
            "sessions \(s.sessions) [\(statuses)] runs \(s.runs) rate \(s.successRate.map { "\($0)" } ?? "-") transferred \(s.transferredTotal) items \(s.objectsTotal) slower \(s.slower) faster \(s.faster) worst \(String(describing: s.worst))"
    }

    /// Compares every tenant of the split summary of `inputs` with the unsplit overview's row, and
    /// that row with the same organization's in a summary judged with the tenant's thresholds as
    /// everyone's (another way to the same figures: the options' own thresholds, not
    /// `SummaryOptions.organizationThresholds`). Returns the number of tenants compared.
    static func compare(_ inputs: [String], now: Timestamp, tenants settings: [TenantSettings]) async throws -> Int {
        let whole = TenantIsolationTests.pipeline(inputs, split: false, tenants: settings)
        let read = try await whole.read()
        let overview = try whole.summarize(read.inventory, history: .all)
        let splitting = TenantIsolationTests.pipeline(inputs, split: true, tenants: settings)
        let split = try splitting.summarize(read.inventory, history: .all)
        #expect(split.window == overview.window, "the split moved the window")
        let tenants = TenantSplit.tenants(of: splitting.reportInput(split, inventory: read.inventory))
        for tenant in tenants {
            let own = tenant.input.summary
            let row = overview.organizations[tenant.organizationIndex]
            #expect(own.window == overview.window)
            #expect(figures(own.totals) == figures(row.statistics), "\(row.name)")
            #expect(own.headlineWord == overview.outcome(of: row).word || (row.statistics.sessions == 0), "\(row.name)")
            #expect(own.organizations[0].lastSuccessAgeSeconds == row.lastSuccessAgeSeconds, "\(row.name)")
            let rowJobs = row.jobIndices.map { overview.jobs[$0] }
            #expect(own.jobs.map(\.name) == rowJobs.map(\.name), "\(row.name)")
            for (mine, theirs) in zip(own.jobs, rowJobs) {
                #expect(mine.outcome.word == theirs.outcome.word, "\(row.name) / \(mine.name)")
                #expect(figures(mine.statistics) == figures(theirs.statistics), "\(row.name) / \(mine.name)")
                #expect(mine.freshness == theirs.freshness, "\(row.name) / \(mine.name)")
                #expect(mine.historySessions == theirs.historySessions, "\(row.name) / \(mine.name)")
                #expect(mine.historyIndices.count == theirs.historyIndices.count, "\(row.name) / \(mine.name)")
            }
            // Judged with the tenant's thresholds as everyone's, the organization's row is the same.
            let setting = settings.first(where: { $0.matches(tenant.organizationIndex, in: overview) })
            let alone = PipelineFixture.pipeline(inputs, now: now) {
                let own = setting?.thresholds ?? OrganizationThresholds()
                $0.window.maximumAgeSeconds = own.maximumAgeSeconds ?? $0.window.maximumAgeSeconds
                $0.window.rateDropPercent = own.rateDropPercent ?? $0.window.rateDropPercent
                $0.window.durationRisePercent = own.durationRisePercent ?? $0.window.durationRisePercent
            }
            let everyone = try alone.summarize(read.inventory, history: .all)
            let same = everyone.organizations[tenant.organizationIndex]
            #expect(same.name == row.name)
            #expect(figures(same.statistics) == figures(row.statistics), "\(row.name), its thresholds as everyone's")
            for (mine, theirs) in zip(same.jobIndices.map { everyone.jobs[$0] }, rowJobs) {
                #expect(
                    mine.outcome.word == theirs.outcome.word, "\(row.name) / \(mine.name), its thresholds as everyone's"
                )
                #expect(mine.freshness == theirs.freshness, "\(row.name) / \(mine.name), its thresholds as everyone's")
                #expect(figures(mine.statistics) == figures(theirs.statistics), "\(row.name) / \(mine.name)")
            }
        }
        return tenants.count
    }

    @Test(
        "the samples and an MSP estate, one tenant with thresholds of its own: every tenant's window, counts, runs, rates, volumes, ages and words are its overview row's"
    )
    func agreement() async throws {
        // Fabrikam's last success is 31 hours old: Stale by the default maximum age (26 h), not
        // by its own (48 h). Contoso's own rate and duration thresholds (1 %) make its completed
        // runs slower or faster.
        var fabrikam = TenantSettings(organization: "Fabrikam GmbH")
        fabrikam.thresholds.maximumAgeSeconds = 48 * Seconds.hour
        var contoso = TenantSettings(organization: "Contoso Ltd")
        contoso.thresholds.rateDropPercent = 1
        contoso.thresholds.durationRisePercent = 1
        let morning = SampleSet.morningAfter
        #expect(morning == Estate.now, "TenantIsolationTests.pipeline judges at Estate.now")
        #expect(try await Self.compare([Fixtures.samples], now: morning, tenants: [fabrikam, contoso]) == 2)
        // The overview judges each by its own thresholds too, and only them.
        let whole = TenantIsolationTests.pipeline([Fixtures.samples], split: false, tenants: [fabrikam, contoso])
        let inventory = try await whole.read().inventory
        let judged = try whole.summarize(inventory)
        let plain = try TenantIsolationTests.pipeline([Fixtures.samples], split: false, tenants: []).summarize(
            inventory)
        #expect(judged.organizations.map(\.name) == ["Contoso Ltd", "Fabrikam GmbH"])
        func stale(_ s: Summary, _ index: Int) -> Int {
            s.organizations[index].jobIndices.filter { s.jobs[$0].freshness.stale != nil }.count
        }
        func trends(_ s: Summary, _ index: Int) -> Int {
            s.organizations[index].statistics.slower + s.organizations[index].statistics.faster
        }
        #expect(stale(judged, 1) == 0 && stale(plain, 1) == 2, "Fabrikam by its own 48 h, not the default 26 h")
        #expect(trends(judged, 0) > trends(plain, 0), "Contoso by its own 1 %")
        #expect(stale(judged, 0) == stale(plain, 0) && trends(judged, 1) == trends(plain, 1))

        // An MSP's estate: two servers, names that contain one another, a cloned server.
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        var contosoLtd = TenantSettings(organization: "contoso ltd")
        contosoLtd.thresholds.maximumAgeSeconds = 100 * Seconds.hour
        #expect(try await Self.compare([archive.path], now: Estate.now, tenants: [contosoLtd]) == 7)
    }

    @Test("the window is the 24 hours up to now, split or not, whatever the data's newest session")
    func window() async throws {
        for split in [false, true] {
            let p = TenantIsolationTests.pipeline([Fixtures.samples], split: split, tenants: [])
            let s = try p.summarize(try await p.read().inventory)
            #expect(s.window.end == SampleSet.morningAfter && s.window.isDefault)
            #expect(s.window.start == SampleSet.morningAfter.adding(seconds: -86_400))
        }
    }
}
