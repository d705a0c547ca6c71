import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Statistics
import VB365SummaryOutput
import VB365TestSupport

@Suite("The summary of the bundled samples, as text and as JSON (golden files)")
struct SummaryGoldenTests {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)

    /// The samples' summary as the commands make it: the sessions, and the protection of the
    /// samples' snapshots over the month so far (`Pipeline.protection`).
    static func summary() async -> Summary {
        let result = await Fixtures.read([Fixtures.samples])
        var summary = Summarizer.summarize(result.inventory, options: SummaryOptions(now: now))
        summary.protection = ProtectionSummary.make(
            result.inventory, sessions: summary, settings: .standard,
            period: Timestamp(year: 2026, month: 11, day: 1)..<now.adding(seconds: 1)
        ) { try? ProtectionSnapshotFile.read($0.path).get() }
        summary.settingChanges = SettingChanges.addingProtection(to: summary, inventory: result.inventory) {
            try? ProtectionSnapshotFile.readSettings($0.path).get()
        }
        return summary
    }

    @Test("text")
    func text() async throws {
        let actual = SummaryText.render(await Self.summary())
        let expected = try #require(Fixtures.golden(actual, "samples-summary.txt"))
        #expect(actual == expected)
        #expect(actual.hasPrefix("[Failed] VB365 job sessions"), "Failed names the cause; Stale is its detail")
    }

    @Test("JSON, stable and parseable")
    func json() async throws {
        let actual = SummaryJSON.document(await Self.summary(), toolVersion: "test").rendered()
        let expected = try #require(Fixtures.golden(actual, "samples-summary.json"))
        #expect(actual == expected)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(actual.utf8)) as? [String: Any])
        #expect(parsed["schemaVersion"] as? Int == 6)
        #expect(parsed["worstStatus"] as? String == "Failed")
        let sessions = try #require(parsed["sessions"] as? [[String: Any]])
        #expect(sessions.count == 6)
        let slow = try #require(
            sessions.first { ($0["versusMedian"] as? [String: Any])?["verdict"] as? String == "slower" })
        #expect((slow["job"] as? [String: Any])?["name"] as? String == "SharePoint & OneDrive")
    }

    @Test("JSON strings escape control characters; members keep their order")
    func jsonValue() {
        let value = JSONValue.object([
            ("b", .string("a\"\\\n\u{1}\u{2028}")), ("a", .array([.null, .bool(true), .int(-3)])),
            ("c", .number(1.25, places: 1)),
        ])
        #expect(
            value.rendered()
                == "{\n  \"b\": \"a\\\"\\\\\\n\\u0001\\u2028\",\n  \"a\": [\n    null,\n    true,\n    -3\n  ],\n  \"c\": 1.3\n}\n"
        )
    }
}
