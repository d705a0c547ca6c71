import Testing
import VB365Decoding
import VB365Model

/// `JSONReader.readLenientBool` and `readLenientTime`, which the wire and protection decoders share:
/// each gives the value, absent, or unusable at an offset, and always leaves the reader past the
/// value.
@Suite("Lenient bools and times: a value, absent, or unusable at an offset, the value always read past")
struct JSONReaderLenientTests {
    /// What a read found, as text: `value <v>`, `absent`, or `unusable at <offset>` and the string
    /// when there is one; and where the reader was left, `end` when past the value and its white space.
    static func read<Value>(
        _ json: String, _ body: (inout JSONReader) throws(JSONError) -> JSONReader.Lenient<Value>,
        describe: (Value) -> String = { "\($0)" }
    ) throws -> String {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: raw)
            let found =
                switch try body(&reader) {
                case .value(let value): "value \(describe(value))"
                case .absent: "absent"
                case .unusable(let unusable):
                    "unusable at \(unusable.offset)" + (unusable.text.map { " \"\($0.string)\"" } ?? "")
                }
            return found + (reader.isAtEnd() ? ", end" : ", at \(reader.offset)")
        }
    }

    @Test(
        "bools: true or false, also as a string in any case; null is absent; anything else unusable",
        arguments: [
            ("true", "value true, end"),
            (" false ", "value false, end"),
            (#""TRUE""#, "value true, end"),
            (#""f\u0061lse""#, "value false, end"),
            ("null", "absent, end"),
            (#"  "yes""#, #"unusable at 2 "yes", end"#),
            (#""""#, #"unusable at 0 "", end"#),
            ("1", "unusable at 0, end"),
            (#" {"a": [1, true]} "#, "unusable at 1, end"),
            ("[] ,", "unusable at 0, at 3"),
        ])
    func bools(_ json: String, _ expected: String) throws {
        #expect(try Self.read(json) { (r: inout JSONReader) throws(JSONError) in try r.readLenientBool() } == expected)
    }

    @Test(
        "times: ISO 8601 strings; 0001-01-01T00:00:00 is a value of no time; null and \"\" are absent; anything else unusable",
        arguments: [
            (#""2026-11-22T06:00:00.5+01:00""#, "value 2026-11-22T05:00:00.5Z, end"),
            (#""2026\u002D11-22T06:00:00Z""#, "value 2026-11-22T06:00:00Z, end"),
            (#""0001-01-01T00:00:00""#, "value no time, end"),
            (#""""#, "absent, end"),
            (" null", "absent, end"),
            (#" "yesterday""#, #"unusable at 1 "yesterday", end"#),
            (#""2026-13-01T00:00:00Z""#, #"unusable at 0 "2026-13-01T00:00:00Z", end"#),
            ("17", "unusable at 0, end"),
            ("false", "unusable at 0, end"),
            (#"{"t": "2026-11-22T06:00:00Z"}"#, "unusable at 0, end"),
        ])
    func times(_ json: String, _ expected: String) throws {
        let found = try Self.read(
            json, { (r: inout JSONReader) throws(JSONError) in try r.readLenientTime() },
            describe: { $0?.iso8601 ?? "no time" })
        #expect(found == expected)
    }

    @Test("a value that is not JSON throws, as any read does", arguments: ["tru", #""2026"#, "[1,", "nul"])
    func malformed(_ json: String) {
        #expect(throws: JSONError.self) {
            try Self.read(json) { (r: inout JSONReader) throws(JSONError) in try r.readLenientBool() }
        }
        #expect(throws: JSONError.self) {
            try Self.read(json) { (r: inout JSONReader) throws(JSONError) in try r.readLenientTime() }
        }
    }
}
