import Testing
import VB365Statistics
import VB365TestSupport

@testable import VB365Run

/// The sentence `run` ends with when the window reaches the fail-on level.
@Suite("What run names when the window reaches the fail-on level")
struct RunFindingsTests {
    @Test(
        "the jobs that reach the level (Summary.reaches' own policy), those that need action and the infrastructure before a job a retry recovered"
    )
    func findings() async {
        let summary = await Fixtures.reportInput([Fixtures.samples]).summary
        let warning = DailyRun.findings(summary, at: .warning)
        #expect(
            warning
                == ": Exchange Online mailboxes (Hung), SharePoint & OneDrive (Failed), repository Contoso repository (Failed), proxy proxy-02 (Failed), the licence (Failed) and 2 more",
            "\(warning)")
        // Every job named reaches the level, and the summary reaches it because of them.
        #expect(summary.reaches(.warning) && summary.jobs.contains { $0.reaches(.warning) && !$0.needsAction })
        let failed = DailyRun.findings(summary, at: .failed)
        #expect(!failed.contains("(Recovered)") && failed.contains("SharePoint & OneDrive (Failed)"), "\(failed)")
        for job in summary.jobs where job.reaches(.failed) { #expect(failed.contains(job.name)) }
    }
}
