import Testing
import VB365Decoding
import VB365Support
import VB365TestSupport

@Suite("JSON syntax errors name the line, the column and what was expected")
struct JSONReaderTests {
    @Test(
        "malformed documents",
        arguments: [
            ("", 1, 1, "the file is empty"),
            ("   \n  ", 1, 1, "the file is empty"),
            ("[{\"id\": \"a\",", 1, 13, "input ends here"),
            ("{\"results\": [}", 1, 14, "a JSON value"),
            ("[1 2]", 1, 4, "',' or ']'"),
            ("{\"a\" 1}", 1, 6, "':'"),
            ("{\"a\": tru}", 1, 7, "'true'"),
            ("\n\n  {\"a\": 01}", 3, 10, "',' or '}'"),
            ("[\"tab\there\"]", 1, 6, "control character"),
            ("[\"bad \\q escape\"]", 1, 7, "invalid escape"),
            ("hello", 1, 1, "a JSON value"),
            ("{} {}", 1, 4, "the end of the document"),
            ("\"just a string\"", 1, 1, "an object or an array"),
            ("[1e]", 1, 4, "a digit in the exponent"),
        ])
    func malformed(json: String, line: Int, column: Int, expected: String) throws {
        let (position, message) = try #require(Fixtures.decodingError(json))
        #expect(position == SourcePosition(line: line, column: column), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test("invalid UTF-8 is an error at its byte, not a crash")
    func invalidUTF8() throws {
        var bytes = Array("[{\"id\": \"ab".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}]".utf8)
        let error = bytes.withUnsafeBytes { buffer -> JSONError? in
            do {
                _ = try WireDecoder.decode(buffer)
                return nil
            } catch let error as JSONError { return error } catch { return nil }
        }
        let found = try #require(error)
        #expect(found.offset == 11)
        #expect(found.message.contains("UTF-8"))
    }

    @Test("overlong and surrogate UTF-8 encodings are rejected")
    func overlongUTF8() {
        for sequence: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let bytes = Array("[\"".utf8) + sequence + Array("\"]".utf8)
            let failed = bytes.withUnsafeBytes { buffer in (try? WireDecoder.decode(buffer)) == nil }
            #expect(failed, "\(sequence)")
        }
    }

    @Test("a deeply nested document stops at the depth limit instead of exhausting the stack")
    func deepNesting() throws {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (position, message) = try #require(Fixtures.decodingError(json))
        #expect(message.contains("deeper than \(JSONReader.maximumDepth)"))
        #expect(position.line == 1)
    }

    @Test("escapes decode, including surrogate pairs; a lone surrogate becomes U+FFFD")
    func escapes() throws {
        let json = #"{"id": "x", "name": "A\u00e9\"\\\/\n\ud83d\ude00 \ud800!", "schedulePolicy": {}}"#
        let document = try Fixtures.decode(json)
        #expect(document.jobs.first?.name == "Aé\"\\/\n😀 \u{FFFD}!")
    }

    @Test("a byte-order mark at the start is skipped")
    func byteOrderMark() throws {
        let document = try Fixtures.decode("\u{FEFF}[]")
        #expect(document.isEmpty)
    }

    @Test("numbers: int64 bounds exact, larger integers and fractions as reals")
    func numbers() throws {
        let cases: [(String, JSONReader.Number)] = [
            ("0", .integer(0)), ("-0", .integer(0)), ("9223372036854775807", .integer(.max)),
            ("-9223372036854775808", .integer(.min)), ("9223372036854775808", .real(9_223_372_036_854_775_808)),
            ("1.5", .real(1.5)), ("2e3", .real(2000)), ("-1.25E-2", .real(-0.0125)),
        ]
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let number = try bytes.withUnsafeBytes { buffer throws(JSONError) -> JSONReader.Number in
                var reader = JSONReader(bytes: buffer)
                return try reader.readNumber()
            }
            #expect(number == expected, "\(text)")
        }
    }
}
