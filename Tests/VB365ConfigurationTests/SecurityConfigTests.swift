import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365TestSupport

@testable import VB365Configuration

/// The `security:` and `change-ignore:` sections: the change-volume rule, the restore audit, the
/// levels, and what the file refuses.
@Suite("The configuration's security sections")
struct SecurityConfigTests {
    @Test("Every setting is read; the defaults stand without the section")
    func read() throws {
        let c = try ConfigurationLoader.load(
            path: try configFile(
                minimal + """

                    security:
                      change-volume: true
                      change-runs: 30
                      change-minimum-runs: 10
                      change-factor: 12
                      change-month-end-factor: 3
                      change-deviations: 5
                      change-minimum-bytes: 2147483648
                      change-minimum-items: 500
                      objects-share: 40
                      objects-minimum-drop: 20
                      restore-export-items: 200
                      restore-export-bytes: 1073741824
                      working-hours: 07:30-18:00
                      working-days: [monday, tuesday, wednesday, thursday, friday, saturday]
                      restore-learning: 30d
                      require-reason: false
                      client-host-is-operator: true
                      mask-operators: true
                      bulk-export: critical
                    change-ignore:
                      - from: 2026-10-20
                        to: 2026-10-23T12:00:00+02:00
                        job: Mailboxes
                        reason: Migration
                      - from: 2026-11-01
                        to: 2026-11-02

                    """), environment: [:])
        let v = c.window.changeVolume
        #expect(v.runs == 30 && v.minimumRuns == 10 && v.aboveFactor == 12 && v.monthEndFactor == 3)
        #expect(v.deviations == 5 && v.minimumBytes == 2_147_483_648 && v.minimumItems == 500)
        #expect(v.belowShare == 0.4 && v.minimumObjectDrop == 20)
        #expect(v.ignored.count == 2)
        #expect(v.ignored[0].subject == .job("Mailboxes") && v.ignored[0].reason == "Migration")
        #expect(v.ignored[0].from == Timestamp(year: 2026, month: 10, day: 20))
        #expect(v.ignored[0].to == Timestamp(year: 2026, month: 10, day: 23, hour: 10))
        #expect(v.ignored[1].subject == nil)
        let a = c.window.restoreAudit
        #expect(a.exportItems == 200 && a.exportBytes == 1_073_741_824 && a.learningDays == 30)
        #expect(a.hours == WorkingHours(start: 450, end: 1080, days: [1, 2, 3, 4, 5, 6]))
        #expect(!a.requireReason && a.hostIsClient)
        #expect(c.tenantMaskOperators)
        #expect(c.window.securityLevel(.bulkExport) == .failed)
        #expect(c.window.securityLevel(.newOperator) == .warning)
        let plain = try ConfigurationLoader.load(path: try configFile(minimal, name: "plain"), environment: [:])
        #expect(plain.window.changeVolume == ChangeVolumeSettings())
        #expect(plain.window.restoreAudit == RestoreAuditSettings())
        #expect(!plain.tenantMaskOperators)
    }

    @Test(
        "Refused: hours that are not HH:MM-HH:MM, days without hours, a period that ends before it starts or names a job and an organization, more minimum runs than runs",
        arguments: [
            ("security:\n  working-hours: 7-19\n", "security.working-hours '7-19' is not HH:MM-HH:MM"),
            ("security:\n  working-days: [monday]\n", "security.working-days is set without security.working-hours"),
            (
                "change-ignore:\n  - from: 2026-10-23\n    to: 2026-10-20\n",
                "ends (2026-10-20T00:00:00Z) before it starts"
            ),
            (
                "change-ignore:\n  - from: yesterday\n    to: 2026-10-20\n",
                "'yesterday' is not a date or an ISO 8601 time"
            ),
            ("change-ignore:\n  - to: 2026-10-20\n", "'change-ignore.1' has no 'from'"),
            (
                "change-ignore:\n  - from: 2026-10-20\n    to: 2026-10-21\n    job: A\n    organization: B\n",
                "names both a job and an organization"
            ),
            ("security:\n  change-runs: 5\n  change-minimum-runs: 9\n", "is more than security.change-runs (5)"),
        ])
    func refused(text: String, expected: String) throws {
        let path = try configFile(minimal + "\n" + text, name: "refused-\(abs(text.hashValue))")
        let problems = loadProblems(path).map(\.description)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }
}
