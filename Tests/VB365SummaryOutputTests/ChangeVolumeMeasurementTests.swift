import Testing
import VB365Calibration
import VB365Generation
import VB365Model
import VB365Statistics

/// The change-volume rule (issue 29) measured on the schedule world with realistic volumes and
/// its volume events: the figures docs/reports.md gives.
@Suite("The change-volume rule measured against the schedule world")
struct ChangeVolumeMeasurementTests {
    @Test(
        "no finding on any job with usual volumes (first full, pause, month-end, ignored migration); every event found")
    func defaults() throws {
        let table = ChangeVolumeMeasurement.run()
        print(table.text)
        for row in table.rows where row.falseFindings > 0 { print(row.pattern.rawValue, row.findings) }
        #expect(table.falseFindings.findings == 0)
        #expect(table.falseFindings.judged > 200, "the polled fortnight judges hundreds of sessions")
        let encryption = try #require(table.rows.first { $0.pattern == .encryptionNight })
        #expect(encryption.found == 1)
        #expect((encryption.delaySeconds ?? .infinity) <= 6 * 3600)
        let shrink = try #require(table.rows.first { $0.pattern == .scopeShrinks })
        #expect(shrink.found >= 1)
        #expect((shrink.delaySeconds ?? .infinity) <= 2 * 3600)
        let heavy = try #require(table.rows.first { $0.pattern == .monthEndHeavy })
        #expect(heavy.found == 0 && heavy.falseFindings == 0)
    }

    @Test("an announced migration that is not configured as ignored is found")
    func migrationNotIgnored() throws {
        let table = ChangeVolumeMeasurement.run(ignoreMigration: false)
        let migration = try #require(table.rows.first { $0.pattern == .announcedMigration })
        #expect(migration.found >= 1)
        #expect(table.falseFindings.findings == 0)
    }

    @Test("across other seeds the usual volumes stay silent", arguments: [UInt64(1), 7, 13, 29, 40])
    func seeds(seed: UInt64) {
        let table = ChangeVolumeMeasurement.run(seed: seed)
        for row in table.rows where row.falseFindings > 0 { print(seed, row.pattern.rawValue, row.findings) }
        #expect(table.falseFindings.findings == 0)
        #expect(table.rows.first { $0.pattern == .encryptionNight }?.found == 1)
    }
}
