import VB365Model

/// The change incident the simulator's generated world holds on purpose (issue 29: "a night's
/// backup shows a change volume that only mass encryption or mass deletion would produce"), with
/// what a fetch should read of it: the ground truth that tests of the change-volume rule
/// (`ChangeVolumeSettings`) check findings against, without hard-coding ids or numbers.
///
/// In the night from Sunday 22 to Monday 23 November 2026 (`nightStart` to `nightEnd`), the
/// first job of the first organization (Contoso Ltd) whose run in that night is an ordinary
/// success (neither a retry nor its first, full run) and would end within the night transfers
/// `factor` times the job's usual data and changes `factor` times its usual items, and still ends
/// Success with its usual processed objects. The data takes as long as the job's usual throughput
/// needs, so the run lasts hours rather than minutes; its items per second are whole, as the
/// server reports them, and stay near the usual: items per second times duration (the items
/// changed) is `factor` times the usual. In the simulator's default world (14 days, three jobs
/// per organization) it is the "Exchange Online mailboxes" run of Sunday 22:00 UTC, ending
/// after midnight. Only the simulator's generated world (`SimulatorData.generated`) holds it;
/// the bundled samples (`SampleSet`) do not.
package struct ChangeIncident: Hashable, Sendable {
    /// How many times the usual the night's run transfers and changes: 30, three times the
    /// rule's 10×.
    package static let factor = 30.0
    /// Sunday 22 November 2026, 18:00 Berlin time (17:00 UTC): the night starts.
    package static let nightStart = BerlinTime.instant(
        day: Timestamp.daysFromCivil(year: 2026, month: 11, day: 22), secondOfDay: 18 * Seconds.hour)
    /// Monday 23 November 2026, 04:00 Berlin time (03:00 UTC): runs created before it belong to
    /// the night, and the incident's run ends before it, so that the morning's report judges it.
    package static let nightEnd = BerlinTime.instant(
        day: Timestamp.daysFromCivil(year: 2026, month: 11, day: 23), secondOfDay: 4 * Seconds.hour)

    /// The organization whose job it is.
    package var organizationID: EntityID
    /// The job.
    package var jobID: EntityID
    /// The job's name, as reports show it.
    package var jobName: String
    /// The session's index in its `SessionGenerator` (`SessionGenerator.session(_:incident:)`).
    package var sessionIndex: Int
    /// The session as the generator makes it, before the server's clock cuts it short
    /// (`SimulatorData` serves a session still going at `now` as Running).
    package var session: JobSession
    /// How many times the usual it transfers and changes.
    package var factor: Double
    /// What a run of the job usually transfers, in bytes (before each run's own spread of ±15 %).
    package var usualBytes: Double
    /// What a run of the job usually changes, in items (about one per processed object).
    package var usualItems: Double

    /// The session's transferred bytes.
    package var bytes: Int64 { session.statistics.transferredBytes ?? 0 }
    /// The session's changed items: its items per second times its duration.
    package var items: Double {
        guard let rate = session.statistics.processingRateItemsPerSecond, let start = session.creationTime,
            let end = session.endTime
        else { return 0 }
        return Double(rate) * end.seconds(since: start)
    }
}

extension SessionGenerator {
    /// The change incident of a world of `runs` runs per job (`ChangeIncident`), in organization
    /// `organization`; nil when those runs do not reach the night or none of the organization's
    /// jobs has an ordinary successful run in it that, `factor` times as large, still ends in it.
    package func changeIncident(
        runs: Int, organization: Int = 0, factor: Double = ChangeIncident.factor
    ) -> ChangeIncident? {
        let perOrganization = settings.jobsPerOrganization
        guard organization >= 0, organization < organizations.count, perOrganization > 0 else { return nil }
        for job in organization * perOrganization..<(organization + 1) * perOrganization {
            for run in 1..<max(1, runs) {
                let index = run * jobs.count + job
                guard let creation = session(index).creationTime, creation < ChangeIncident.nightEnd else { break }
                guard creation >= ChangeIncident.nightStart, isPlainSuccess(index) else { continue }
                let changed = session(index, changeFactor: factor)
                // A run still going in the morning would be judged only once it ends.
                guard let end = changed.endTime, end < ChangeIncident.nightEnd else { continue }
                let usual = usual(ofJob: job)
                return ChangeIncident(
                    organizationID: organizations[organization].id, jobID: jobs[job].id, jobName: jobs[job].name ?? "",
                    sessionIndex: index, session: changed, factor: factor,
                    usualBytes: usual.bytes, usualItems: usual.items)
            }
        }
        return nil
    }
}
