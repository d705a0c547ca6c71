import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Statistics
import VB365Summary
import VB365TestSupport

@Suite("Human units, one rounding rule everywhere")
struct HumanUnitsTests {
    @Test(
        "sizes and rates",
        arguments: [
            (0.0, "0 B"), (512, "512 B"), (1023, "1023 B"), (1024, "1.0 KB"), (1536, "1.5 KB"), (101_478, "99.1 KB"),
            (1_048_576 * 99.96, "100 MB"), (1_048_576 * 123.4, "123 MB"), (1_073_741_824 * 1.25, "1.3 GB"),
            (1_099_511_627_776 * 2, "2.0 TB"),
        ] as [(Double, String)])
    func bytes(value: Double, text: String) {
        #expect(HumanUnits.bytes(value) == text)
        #expect(HumanUnits.rate(value) == text + "/s")
    }

    @Test(
        "durations",
        arguments: [
            (0.4, "0.4 s"), (9.96, "10.0 s"), (45, "45 s"), (255, "4 min 15 s"), (3600, "1 h 00 min"),
            (3725, "1 h 02 min"),
            (90_000, "1 d 1 h"),
        ] as [(Double, String)])
    func durations(seconds: Double, text: String) {
        #expect(HumanUnits.duration(seconds) == text)
    }

    @Test("deltas, percentages and counts")
    func others() {
        #expect(HumanUnits.delta(12.34) == "+12.3%")
        #expect(HumanUnits.delta(-42) == "-42.0%")
        #expect(HumanUnits.delta(0.01) == "±0.0%")
        #expect(HumanUnits.percent(2.0 / 3) == "67%")
        #expect(HumanUnits.count(1_234_567) == "1,234,567")
        #expect(HumanUnits.count(-12) == "-12")
        #expect(HumanUnits.fixed(-0.04, 1) == "0.0")
    }
}

@Suite("Hostile names cannot steer the terminal")
struct TerminalTextTests {
    @Test("escape sequences, control characters and bidirectional overrides are shown, not obeyed")
    func sanitize() {
        let hostile = "Job\u{1B}[31mRED\u{1B}[0m\r\nnext\u{202E}gnp.exe\u{2066}"
        let clean = TerminalText.sanitize(hostile)
        #expect(clean == "Job\\u{1B}[31mRED\\u{1B}[0m\\u{D}\\u{A}next\\u{202E}gnp.exe\\u{2066}")
        #expect(TerminalText.sanitize("Émoji 🚀 | `x` <b> שלום") == "Émoji 🚀 | `x` <b> שלום")
    }

    @Test("cells are cut with an ellipsis and padded")
    func cells() {
        #expect(TerminalText.cell("abcdef", 4) == "abc…")
        #expect(TerminalText.cell("ab", 4) == "ab  ")
        #expect(TerminalText.cell("ab", 4, alignRight: true) == "  ab")
    }
}

@Suite("The summary of the bundled samples, as text and as JSON (golden files)")
struct SummaryGoldenTests {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)

    static func summary() async -> Summary {
        let result = await Fixtures.read([Fixtures.samples])
        return Summarizer.summarize(result.inventory, options: SummaryOptions(now: now))
    }

    @Test("text")
    func text() async throws {
        let actual = SummaryText.render(await Self.summary())
        let expected = try #require(Fixtures.golden(actual, "samples-summary.txt"))
        #expect(actual == expected)
        #expect(actual.hasPrefix("[Stale] VB365 job sessions"))
    }

    @Test("JSON, stable and parseable")
    func json() async throws {
        let actual = SummaryJSON.document(await Self.summary(), toolVersion: "test").rendered()
        let expected = try #require(Fixtures.golden(actual, "samples-summary.json"))
        #expect(actual == expected)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(actual.utf8)) as? [String: Any])
        #expect(parsed["schemaVersion"] as? Int == 1)
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
