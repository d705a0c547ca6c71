import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The summary written as it is produced: through a small buffer into a real file descriptor, the
/// same bytes as the golden files; compact and NDJSON are the same document.
@Suite("The summary streamed to a file descriptor: pretty, compact, NDJSON and text")
struct SummaryStreamingTests {
    static func golden(_ name: String) throws -> String {
        try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Tests/VB365SummaryOutputTests/Golden/\(name)"),
            encoding: .utf8)
    }

    /// What `produce` writes into a temporary file through a buffer of `capacity` bytes.
    static func streamed(capacity: Int, _ produce: (inout BufferedOutput) -> Void) throws -> String {
        return try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("out").path
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try #require(fd >= 0)
            var output = BufferedOutput(descriptor: fd, name: path, capacity: capacity)
            produce(&output)
            try output.finish()
            #expect(output.bytes.isEmpty, "finish writes everything")
            close(fd)
            return try String(contentsOfFile: path, encoding: .utf8)
        }
    }

    static func parse(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test("pretty JSON through buffers of 7 bytes and 64 KiB is the golden file, byte for byte", arguments: [7, 65536])
    func pretty(capacity: Int) async throws {
        let summary = await SummaryGoldenTests.summary()
        let text = try Self.streamed(capacity: capacity) {
            SummaryJSON.write(summary, toolVersion: "test", layout: .pretty, to: &$0)
        }
        #expect(text == (try Self.golden("samples-summary.json")))
    }

    @Test("compact JSON is one line without whitespace, and parses to the same value as the pretty")
    func compact() async throws {
        let summary = await SummaryGoldenTests.summary()
        let compact = try Self.streamed(capacity: 100) {
            SummaryJSON.write(summary, toolVersion: "test", layout: .compact, to: &$0)
        }
        let pretty = try Self.golden("samples-summary.json")
        #expect(compact.filter { $0 == "\n" }.count == 1 && compact.hasSuffix("}\n"))
        #expect(!compact.contains("\": ") && !compact.contains(",\n"))
        #expect(compact.utf8.count < pretty.utf8.count * 3 / 4)
        #expect(try Self.parse(compact) == (try Self.parse(pretty)))
        #expect(SummaryJSON.document(summary, toolVersion: "test").rendered(.compact) == compact)
    }

    @Test("NDJSON: every line parses, has its type, and each session line names its job, organization and server")
    func ndjson() async throws {
        let summary = await SummaryGoldenTests.summary()
        let text = try Self.streamed(capacity: 50) { SummaryJSON.writeLines(summary, toolVersion: "test", to: &$0) }
        #expect(text.hasSuffix("\n"))
        let lines = try text.split(separator: "\n").map { try Self.parse(String($0)) }
        let document = try Self.parse(try Self.golden("samples-summary.json"))
        let types = lines.map { $0["type"] as? String ?? "?" }
        let sessions = try #require(document["sessions"] as? [NSDictionary])
        let jobs = try #require(document["jobs"] as? [NSDictionary])
        let organizations = try #require(document["organizations"] as? [NSDictionary])
        #expect(
            types
                == ["summary"] + Array(repeating: "organization", count: organizations.count)
                + Array(repeating: "job", count: jobs.count) + Array(repeating: "session", count: sessions.count))
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"type\":\"") })
        let first = try #require(lines.first?.mutableCopy() as? NSMutableDictionary)
        first.removeObject(forKey: "type")
        let header = document.mutableCopy() as! NSMutableDictionary
        header.removeObjects(forKeys: ["servers", "organizations", "jobs", "sessions"])
        #expect(first == header)
        for (line, session) in zip(lines.suffix(sessions.count), sessions) {
            let copy = line.mutableCopy() as! NSMutableDictionary
            copy.removeObject(forKey: "type")
            #expect(copy == session)
            #expect((line["job"] as? NSDictionary)?["name"] is String)
            #expect((line["organization"] as? NSDictionary)?["name"] is String)
            #expect(line["server"] != nil)
        }
        for (line, job) in zip(lines.dropFirst(1 + organizations.count).prefix(jobs.count), jobs) {
            let copy = job.mutableCopy() as! NSMutableDictionary
            copy.removeObject(forKey: "sessions")
            copy["type"] = "job"
            #expect(line == copy)
        }
    }

    @Test("text through a buffer of 5 bytes is the golden text, byte for byte")
    func text() async throws {
        let summary = await SummaryGoldenTests.summary()
        let text = try Self.streamed(capacity: 5) { SummaryText.write(summary, to: &$0) }
        #expect(text == (try Self.golden("samples-summary.txt")))
    }

    @Test("strings: quotes, backslash, control characters, DEL, U+2028/9 escaped; / and other non-ASCII kept")
    func escaping() {
        let hostile = "a\"b\\c\n\r\t\u{0}\u{1F}\u{7F}/é😀\u{2028}\u{2029}\u{2027}"
        let expected = #""a\"b\\c\n\r\t\u0000\u001f\u007f/é😀\u2028\u2029"# + "\u{2027}\""
        for layout in JSONLayout.allCases {
            #expect(JSONValue.string(hostile).rendered(layout) == expected + "\n")
            let object = JSONValue.object([
                (hostile, .array([])), ("o", .object([])), ("n", .array([.null, .int(-1)])),
            ])
            let text = object.rendered(layout)
            let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            #expect(parsed?.keys.sorted() == ["n", "o", hostile].sorted())
            #expect(text.contains(expected))
        }
        #expect(
            JSONValue.object([("a", .array([])), ("b", .object([("c", .double(1.5))]))]).rendered(.compact)
                == "{\"a\":[],\"b\":{\"c\":1.5}}\n")
        #expect(Escaping.jsonString(hostile) == expected, "one rule for the writer and the rest of the tool")
    }

    @Test("a closed pipe (SIGPIPE ignored): the writing stops at the first failure, and finish throws EPIPE")
    func closedPipe() async throws {
        let summary = await SummaryGoldenTests.summary()
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        var output = BufferedOutput(descriptor: ends[1], name: "standard output", capacity: 16)
        SummaryJSON.write(summary, toolVersion: "test", layout: .pretty, to: &output)
        #expect(output.failed)
        #expect(throws: WriteFailure(path: "standard output", code: EPIPE)) { try output.finish() }
    }
}
