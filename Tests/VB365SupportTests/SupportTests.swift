import Foundation
import Testing
import VB365Support

@Suite("Diagnostics: one shape, one format")
struct DiagnosticTests {
    @Test("a file, a position, a level, a message and advice")
    func withFile() {
        let d = Diagnostic(
            path: "in/a.json", position: SourcePosition(line: 3, column: 7), message: "expected a value",
            advice: "fix the file")
        #expect(d.description == "in/a.json:3:7: error: expected a value; fix the file")
    }

    @Test("about the run as a whole, the tool's name stands for the file")
    func withoutFile() {
        let d = Diagnostic(level: .warning, message: "--insecure: the certificate is not checked")
        #expect(d.description == "vb365-report: warning: --insecure: the certificate is not checked")
    }

    @Test("a failure carries its diagnostics and its status")
    func failure() {
        let f = Failure(.cannotCreate, path: "/x", "cannot write: denied")
        #expect(f.exitStatus == .cannotCreate)
        #expect(f.exitStatus.rawValue == 73)
        #expect(f.description == "/x: error: cannot write: denied")
    }

    @Test("every exit status has its sysexits value", arguments: VB365Support.ExitStatus.allCases)
    func sysexits(status: VB365Support.ExitStatus) {
        let expected: [String: Int32] = [
            "EX_OK": 0, "EX_USAGE": 64, "EX_DATAERR": 65, "EX_NOINPUT": 66, "EX_NOUSER": 67, "EX_NOHOST": 68,
            "EX_UNAVAILABLE": 69, "EX_SOFTWARE": 70, "EX_OSERR": 71, "EX_CANTCREAT": 73, "EX_IOERR": 74,
            "EX_TEMPFAIL": 75,
            "EX_PROTOCOL": 76,
            "EX_NOPERM": 77, "EX_CONFIG": 78,
        ]
        // Not in sysexits.h: 1 findings, 2 a check's CRITICAL and 3 no data, the statuses of a run
        // that worked.
        let ours: [VB365Support.ExitStatus: Int32] = [.findings: 1, .critical: 2, .noData: 3]
        #expect((expected[status.sysexitsName] ?? ours[status]) == status.rawValue)
        #expect((status.sysexitsName == "-") == (ours[status] != nil))
    }
}

@Suite("Escaping and visible text")
struct EscapingTests {
    @Test("JSON strings escape quotes, controls, DEL and line separators, and nothing else")
    func json() throws {
        let text = "a\"b\\c\n\t\u{1}\u{7F}\u{2028}é🚀"
        let escaped = Escaping.jsonString(text)
        #expect(escaped == #""a\"b\\c\n\t\u0001\u007f\u2028é🚀""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(escaped.utf8), options: .fragmentsAllowed)
        #expect(decoded as? String == text)
    }

    @Test("text that needs no escaping is copied whole; a euro sign shares its first byte with U+2028")
    func plain() {
        #expect(Escaping.jsonString("Contoso Ltd / Exchange Online") == #""Contoso Ltd / Exchange Online""#)
        #expect(Escaping.jsonString("5 €") == #""5 €""#)
    }

    @Test("XML text escapes markup and drops what XML 1.0 forbids")
    func xml() {
        #expect(Escaping.xml("<b a='1'>&\"\u{1}\u{FFFE}ok") == "&lt;b a=&apos;1&apos;&gt;&amp;&quot;ok")
    }

    @Test("unsafe scalars become visible escapes; safe text is returned as it is")
    func visible() {
        #expect(VisibleText.escapingUnsafe("a\u{1B}[31mb\u{202E}c", forXML: false) == "a\\u{1B}[31mb\\u{202E}c")
        #expect(VisibleText.escapingUnsafe("tab\there", forXML: true) == "tab here")
        #expect(VisibleText.escapingUnsafe("tab\there", forXML: false) == "tab\\u{9}here")
        #expect(VisibleText.escapingUnsafe("\u{FFFF}", forXML: true) == "\\u{FFFF}")
        #expect(VisibleText.escapingUnsafe("Ünïcode 🚀 עברית", forXML: true) == "Ünïcode 🚀 עברית")
    }
}

@Suite("Small helpers")
struct FormattingTests {
    @Test(
        "zero padding",
        arguments: [(7, 2, "07"), (2026, 4, "2026"), (123, 2, "123"), (-5, 3, "-005"), (0, 7, "0000000")])
    func pad(value: Int, width: Int, expected: String) {
        #expect(Formatting.pad(value, width) == expected)
    }

    @Test("FNV-1a matches the published test vectors")
    func fnv() {
        #expect(FNV1a.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash("foobar".utf8) == 0x8594_4171_f739_67e8)
        #expect(Formatting.hex(0xab, digits: 4) == "00ab")
    }

    @Test("durations in seconds")
    func seconds() {
        #expect(Formatting.seconds(.milliseconds(1500)) == 1.5)
    }
}
