import Testing
import VB365Text

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
            (0.4, "0.4 s"), (9.96, "10.0 s"), (45, "45 s"), (255, "4 min 15 s"), (3600, "1 h"),
            (3725, "1 h 02 min"),
            // Rounded, never cut: 7 h 29 min 40 s is 7 h 30 min, as "running for" says it (issue 24).
            (26_980, "7 h 30 min"), (86_370, "24 h"),
            // Hours alone from a day to three, as an RPO is said; days and hours beyond.
            (90_000, "25 h"), (111_600, "31 h"), (3 * 86_400 + 7_000, "3 d 2 h"),
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
