import Testing
import VB365Decoding
import VB365Model

@Suite("Timestamps with 0 to 7 fractional digits and any offset become UTC")
struct TimestampParserTests {
    static let base = Timestamp(year: 2019, month: 2, day: 4, hour: 16, minute: 49, second: 22)

    @Test(
        "accepted forms",
        arguments: [
            ("2019-02-04T16:49:22Z", 0),
            ("2019-02-04T16:49:22.8Z", 8_000_000),
            ("2019-02-04T16:49:22.008771Z", 87_710),
            ("2019-02-04T16:49:22.8529769Z", 8_529_769),
            ("2019-02-04T16:49:22.85297691234Z", 8_529_769),
            ("2019-02-04T09:49:22.8529769-07:00", 8_529_769),
            ("2019-02-04T18:19:22+01:30", 0),
            ("2019-02-04T16:49:22", 0),
            ("2019-02-04 16:49:22z", 0),
            ("2019-02-04T16:49:22+0000", 0),
        ])
    func accepted(text: String, fraction: Int64) {
        #expect(TimestampParser.parse(text) == .time(Timestamp(ticks: Self.base.ticks + fraction)))
    }

    @Test("the .NET minimum date means no time")
    func minimum() {
        #expect(TimestampParser.parse("0001-01-01T00:00:00") == .minimum)
        #expect(TimestampParser.parse("0001-01-01T00:00:00Z") == .minimum)
    }

    @Test(
        "rejected forms",
        arguments: [
            "", "yesterday", "2019-13-01T00:00:00Z", "2019-02-30T00:00:00Z", "2019-02-04T25:00:00Z",
            "2019-02-04T16:49:22.Z", "2019-02-04T16:49:22Zjunk", "17/06/2019 10:00:00 AM",
        ])
    func rejected(text: String) {
        #expect(TimestampParser.parse(text) == .invalid)
    }

    @Test("UTC formatting round-trips and trims the fraction")
    func formatting() {
        let t = Timestamp(ticks: Self.base.ticks + 8_500_000)
        #expect(t.iso8601 == "2019-02-04T16:49:22.85Z")
        #expect(TimestampParser.parse(t.iso8601) == .time(t))
        #expect(
            Timestamp(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59).iso8601
                == "1969-12-31T23:59:59Z")
    }
}

@Suite("v1/v2 statistics strings: units, decimal point or comma, items per second")
struct StatisticTextTests {
    @Test(
        "parsed values",
        arguments: [
            ("99.1 KB/s (6 items/s)", 101_478, 6),
            ("832,4 KB/s (52 items/s)", 852_378, 52),
            ("1.0 MB/s", 1_048_576, nil),
            ("20.8 MB/s", 21_810_381, nil),
            ("12345 B", 12_345, nil),
            ("0 B", 0, nil),
            ("0 B/s (0 items/s)", 0, 0),
            ("1,5 GB", 1_610_612_736, nil),
            ("1 234,5 KB/s", 1_264_128, nil),
            ("1,234.5 KB/s", 1_264_128, nil),
            ("12,345 B", 12_345, nil),
            ("2.0 TB", 2_199_023_255_552, nil),
            ("  3 mb/s ", 3_145_728, nil),
            ("0,123 MB/s", 128_975, nil),
            ("12.345 B", 12_345, nil),
            ("1.234.567 B", 1_234_567, nil),
            ("1.234,5 KB/s", 1_264_128, nil),
        ] as [(String, Int64, Int64?)])
    func parsed(text: String, bytes: Int64, items: Int64?) throws {
        let q = try #require(StatisticText.parse(text))
        #expect(q.bytes == bytes)
        #expect(q.itemsPerSecond == items)
    }

    @Test(
        "rejected texts",
        arguments: [
            "", "fast", "12 parsecs", "-5 MB/s", "1.0 MB/s (many items/s)", "9999999999 TB", "1,2.3 MB/s", "1,,5 KB/s",
            "1.2.3 MB/s", "5. MB/s",
        ])
    func rejected(text: String) {
        #expect(StatisticText.parse(text) == nil)
    }
}
