import Foundation
import Testing
import VB365TestSupport

/// `summary` on standard output: compact JSON on a pipe, --pretty and --compact, NDJSON, and the
/// status of an output that cannot be written.
@Suite("vb365-report summary's output, end to end")
struct SummaryStreamCommandTests {
    static let now = "--now=2026-11-23T06:00:00Z"
    static let golden = Fixtures.packageRoot.appendingPathComponent(
        "Tests/VB365SummaryOutputTests/Golden/samples-summary.json")

    @Test("on a pipe JSON is compact; --pretty is the golden file; --compact is the same document")
    func layouts() throws {
        let piped = try Run(["summary", Fixtures.samples, Self.now, "--format", "json"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.filter { $0 == "\n" }.count == 1)
        let parse = { (text: String) in try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary }
        let version = try #require((try parse(piped.stdout)?["tool"] as? NSDictionary)?["version"] as? String)
        let pretty = try Run(["summary", Fixtures.samples, Self.now, "--format", "json", "--pretty"])
        let golden = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(
            pretty.stdout == golden.replacingOccurrences(of: #""version": "test""#, with: #""version": "\#(version)""#))
        let compact = try Run(["summary", Fixtures.samples, Self.now, "--format", "json", "--compact"])
        #expect(compact.stdout == piped.stdout)
        #expect(try parse(compact.stdout) == (try parse(pretty.stdout)))
        let both = try Run(["summary", Fixtures.samples, "--pretty", "--compact"])
        #expect(both.status == 64)
    }

    @Test("--format ndjson: a line per object, each parsed, sessions with their job")
    func ndjson() throws {
        let run = try Run(["summary", Fixtures.samples, Self.now, "--format", "ndjson"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.first?["type"] as? String == "summary")
        let sessions = lines.filter { $0["type"] as? String == "session" }
        #expect(sessions.count == 6)
        #expect(sessions.allSatisfy { ($0["job"] as? [String: Any])?["name"] is String })
    }

    @Test("standard output on a full disk: 74 and a sentence, for JSON and text", arguments: ["json", "text"])
    func fullDisk(format: String) throws {
        let run = try ProgramRun(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "exec \"$0\" summary \"$1\" --format \"$2\" >/dev/full", Run.binary.path, Fixtures.samples, format])
        #expect(run.status == 74)
        #expect(run.stderr.contains("no space left on the device holding standard output"), "\(run.stderr)")
    }

    @Test("a reader that stops early: killed by SIGPIPE as cat is; with SIGPIPE ignored, 74 and broken pipe")
    func closedPipe() throws {
        // A pipe whose reader has gone, as `| head` leaves it: the reader opens the FIFO and exits.
        // `env` sets SIGPIPE either way: this test process may ignore it, and children inherit that.
        let script = """
            mkfifo "$TMPFIFO"; (exec 0<"$TMPFIFO") & exec 3>"$TMPFIFO"; wait
            env --default-signal=PIPE "$0" summary "$1" --format json >&3; echo "default $?" >&2
            env --ignore-signal=PIPE "$0" summary "$1" --format json >&3; echo "ignored $?" >&2
            rm -f "$TMPFIFO"
            """
        try withTemporaryFolder { folder in
            let run = try ProgramRun(
                URL(fileURLWithPath: "/bin/bash"), ["-c", script, Run.binary.path, Fixtures.samples],
                environment: ["TMPFIFO": folder.appendingPathComponent("fifo").path])
            #expect(run.stderr.contains("default 141"), "\(run.stderr)")
            #expect(run.stderr.contains("ignored 74"), "\(run.stderr)")
            #expect(run.stderr.contains("standard output was closed before the output was complete (broken pipe)"))
        }
    }
}
