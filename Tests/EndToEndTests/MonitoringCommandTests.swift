import Foundation
import Testing
import VB365TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("vb365-report check and metrics, end to end")
struct MonitoringCommandTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    @Test("check: the samples are CRITICAL (2); one healthy job is OK (0); the first line is the plugin's")
    func exitStatuses() throws {
        let samples = try Run(["check", Fixtures.samples, Self.now])
        #expect(samples.status == 2, "\(samples.stderr)")
        #expect(samples.stdout.hasPrefix("VB365 CRITICAL - "))
        #expect(samples.stdout.contains(" | '"))
        let one = try Run(["check", Fixtures.samples, Self.now, "--job", "Exchange Online mailboxes"])
        #expect(one.stdout.hasPrefix("VB365 "), "\(one.stdout)")
        let ok = try Run(
            ["check", "-", Self.now],
            stdin:
                #"[{"id": "a", "creationTime": "2026-11-23T02:00:00Z", "endTime": "2026-11-23T02:10:00Z", "status": "Success"}]"#
        )
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("VB365 OK - "))
        let warned = try Run([
            "check", Fixtures.samples, Self.now, "--level", "failed=warning", "--level", "stale=warning", "--level",
            "missed=warning",
        ])
        #expect(warned.status == 1, "\(warned.stdout)")
        #expect(warned.stdout.hasPrefix("VB365 WARNING - "))
    }

    @Test("--time-zone: summary and check say times in the zone the pages and mail use; UTC by default")
    func timeZone() throws {
        let summary = try Run(["summary", Fixtures.samples, Self.now, "--time-zone", "Europe/Berlin"])
        #expect(summary.status == 0, "\(summary.stderr)")
        // The zone's abbreviation (CET) where the system's ICU data has it, else its offset.
        let zone = summary.stdout.contains(" CET") ? "CET" : "+01:00"
        #expect(
            summary.stdout.contains(
                "VB365 job sessions 2026-11-22 07:00 \(zone) to 2026-11-23 07:00 \(zone) (the last 24 hours; newest session 6 h 53 min ago)"
            ), "\(summary.stdout)")
        #expect(summary.stdout.contains("  2026-11-22 23:00 \(zone)  Failed "), "the sessions' column")
        #expect(summary.stdout.contains("INFRASTRUCTURE (as of 2026-11-23 07:00 \(zone))"))
        #expect(!summary.stdout.contains(" UTC"), "every time in the zone")
        // Ten nights at 22:00 UTC (every weekday seen), then none: missed, said in the zone with its offset.
        let nights = (12...21).map { day in
            #"{"id": "s\#(day)", "jobId": "j", "creationTime": "2026-11-\#(day)T22:00:00Z", "endTime": "2026-11-\#(day)T22:10:00Z", "status": "Success"}"#
        }
        let stdin = "[" + nights.joined(separator: ",") + "]"
        let check = try Run(["check", "-", Self.now, "--time-zone", "Europe/Berlin"], stdin: stdin)
        #expect(check.stdout.contains("missed (no run since 2026-11-21T23:00:00+01:00)"), "\(check.stdout)")
        let utc = try Run(["check", "-", Self.now], stdin: stdin)
        #expect(utc.stdout.contains("missed (no run since 2026-11-21T22:00:00Z)"), "\(utc.stdout)")
        let bad = try Run(["summary", Fixtures.samples, "--time-zone", "Mars/Olympus"])
        #expect(bad.status == 64 && bad.stderr.contains("Europe/Berlin"), "\(bad.stderr)")
    }

    @Test("check: no data, an unreadable input, a filter that matches nothing and bad usage are all UNKNOWN (3)")
    func unknown() throws {
        try withTemporaryFolder { folder in
            let empty = try Run(["check", folder.path, Self.now])
            #expect(empty.status == 3)
            #expect(empty.stdout.hasPrefix("VB365 UNKNOWN - no data"), "\(empty.stdout)")
            let broken = folder.appendingPathComponent("broken.json")
            try "[{\"id\": ".write(to: broken, atomically: true, encoding: .utf8)
            let unreadable = try Run(["check", broken.path, Self.now])
            #expect(unreadable.status == 3)
            #expect(
                unreadable.stdout.hasPrefix("VB365 UNKNOWN - cannot read the input: \(broken.path)"),
                "\(unreadable.stdout)"
            )
            // A plugin speaks on standard output only: each problem on a line of its own.
            #expect(
                unreadable.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("[UNKNOWN] \(broken.path):1:")
                    == true)
            #expect(unreadable.stderr.isEmpty, "\(unreadable.stderr)")
            let missing = try Run(["check", Fixtures.samples, Self.now, "--job", "Nope"])
            #expect(missing.status == 3)
            #expect(missing.stdout.hasPrefix("VB365 UNKNOWN - no job is named 'Nope'; the jobs are: "))
            for arguments in [
                ["check"], ["check", Fixtures.samples, "--level", "hung=maybe"], ["check", "--bogus", "x"],
            ] {
                let usage = try Run(arguments)
                #expect(usage.status == 3, "\(arguments)")
                #expect(usage.stdout.hasPrefix("VB365 UNKNOWN - bad usage: "), "\(usage.stdout)")
                #expect(usage.stdout.split(separator: "\n").count == 1)
            }
            // The other commands keep 64, and help is 0.
            #expect(try Run(["summary", "--bogus"]).status == 64)
            #expect(try Run(["check", "--help"]).status == 0)
        }
    }

    @Test(
        "check: a file of a folder that cannot be read is a WARNING line of its own, not UNKNOWN, while others can be read"
    )
    func unreadableFile() throws {
        try withTemporaryFolder { folder in
            try Fixtures.write(
                [
                    "good.json":
                        #"[{"id": "a", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Success"}]"#,
                    "sessions/bad.json": "<html><head><title>502 Bad Gateway</title></head></html>",
                ], to: folder)
            let run = try Run(["check", folder.path, Self.now])
            #expect(run.status == 1, "\(run.stdout)")
            #expect(run.stdout.hasPrefix("VB365 WARNING - "), "\(run.stdout)")
            #expect(
                run.stdout.contains(
                    "[WARNING] input left out, it cannot be read: \(folder.path)/sessions/bad.json:1:1: an HTML page (502 Bad Gateway)"
                ), "\(run.stdout)")
            #expect(run.stderr.isEmpty, "\(run.stderr)")
            let strict = try Run(["check", folder.path, Self.now, "--strict"])
            #expect(strict.status == 3)
            #expect(strict.stdout.hasPrefix("VB365 UNKNOWN - cannot read the input: "))
        }
    }

    @Test(
        "check --config: the archive of the configured servers, by their configured names; nothing fetched yet is UNKNOWN"
    )
    func configured() throws {
        try withTemporaryFolder { folder in
            let config = folder.appendingPathComponent("config.yaml").path
            try """
            servers:
              - name: vbo
                address: https://vbo.example.com:4443
                username: admin
                password-file: password
            archive:
              folder: archive
            window:
              max-age: 26h
            """.write(toFile: config, atomically: true, encoding: .utf8)
            chmod(config, 0o600)
            let empty = try Run(["check", "--config", config, Self.now])
            #expect(empty.status == 3)
            #expect(empty.stdout.hasPrefix("VB365 UNKNOWN - cannot read the input: "), "\(empty.stdout)")
            #expect(empty.stdout.contains("the archive holds nothing of the configured servers yet"))
            // The archive as a fetch leaves it: the server's folder under servers/.
            let server = folder.appendingPathComponent("archive/servers/vbo.example.com_4443")
            try FileManager.default.createDirectory(
                at: server.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: URL(fileURLWithPath: Fixtures.samples), to: server)
            let all = try Run(["check", "--config", config, Self.now])
            #expect(all.status == 2, "\(all.stdout)\(all.stderr)")
            #expect(all.stdout.hasPrefix("VB365 CRITICAL - "))
            // Contoso's own jobs backed up (one recovered by a retry: OK, its reason said), but its
            // repository is nearly full: that is its problem too.
            let named = try Run([
                "check", "--config", config, Self.now, "--server", "vbo", "--organization", "Contoso Ltd",
            ])
            #expect(named.status == 2, "\(named.stdout)")
            #expect(named.stdout.hasPrefix("VB365 CRITICAL - Repository Contoso repository (vbo): full in ~"))
            #expect(
                named.stdout.contains(
                    "[OK] Exchange Online mailboxes: recovered (1 of 1 run failed or warned, then succeeded)"))
            #expect(named.stdout.contains("[CRITICAL] Repository Contoso repository (vbo): full in ~"))
            #expect(!named.stdout.contains("proxy-02"))
            let elsewhere = try Run(["check", "--config", config, Self.now, "--server", "other"])
            #expect(elsewhere.status == 3)
            #expect(elsewhere.stdout.hasPrefix("VB365 UNKNOWN - no server is named 'other'; the servers are: vbo"))
            #expect(try Run(["check", "--config", config, Fixtures.samples]).status == 3)
        }
    }

    @Test("check --format checkmk-local: one service line for the whole, one per job")
    func checkmk() throws {
        let run = try Run(["check", Fixtures.samples, Self.now, "--format", "checkmk-local"])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("2 \"VB365\" - ") == true, "\(run.stdout)")
        #expect(lines.dropFirst().allSatisfy { $0.wholeMatch(of: #/[0-3] "VB365 [^"]+" \S+ .+/#) != nil })
    }

    @Test("metrics --listen: a real HTTP client gets the same text as --out, with the exposition's content type")
    func listen() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("vb365.prom").path
            #expect(try Run(["metrics", Fixtures.samples, Self.now, "--out", file]).status == 0)
            let process = Process()
            process.executableURL = Run.binary
            process.arguments = ["metrics", Fixtures.samples, Self.now, "--listen", "127.0.0.1:0"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            defer { process.terminate() }
            // The first line on standard error says where it listens.
            var said = ""
            while !said.contains("\n") {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                said += String(decoding: chunk, as: UTF8.self)
            }
            let address = try #require(said.firstMatch(of: #/http://127\.0\.0\.1:[0-9]+/metrics/#), "\(said)")
            let url = try #require(URL(string: String(address.0)))
            var text = ""
            var response: HTTPURLResponse?
            // The first metrics are made right after the server listens: 503 until then.
            for _ in 0..<100 {
                let (data, answer) = try await URLSession.shared.data(from: url)
                response = answer as? HTTPURLResponse
                if response?.statusCode == 200 {
                    text = String(decoding: data, as: UTF8.self)
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(response?.statusCode == 200)
            #expect(response?.value(forHTTPHeaderField: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(text == (try String(contentsOfFile: file, encoding: .utf8)))
            let elsewhere = try await URLSession.shared.data(from: try #require(URL(string: String(address.0) + "x")))
            #expect((elsewhere.1 as? HTTPURLResponse)?.statusCode == 404)
            #expect(try Run(["metrics", Fixtures.samples, "--listen", "nowhere"]).status == 64)
            #expect(try Run(["metrics", Fixtures.samples]).status == 64)
        }
    }

    @Test("metrics --out: the file promtool accepts, replaced whole; an unwritable file is 73")
    func metrics() throws {
        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("textfile/vb365.prom").path
            let run = try Run(["metrics", Fixtures.samples, Self.now, "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.contains("# TYPE vb365_job_last_session_status gauge"))
            let promtool = "/usr/bin/promtool"
            if FileManager.default.isExecutableFile(atPath: promtool) {
                let check = try ProgramRun(URL(fileURLWithPath: promtool), ["check", "metrics"], stdin: text)
                #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            } else {
                Issue.record("promtool is missing: install the Debian package prometheus")
            }
            // Nothing but the file is left in its folder (the hidden temporary file was renamed).
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("textfile").path) == [
                    "vb365.prom"
                ])
            try "x".write(toFile: folder.appendingPathComponent("file").path, atomically: true, encoding: .utf8)
            let blocked = try Run([
                "metrics", Fixtures.samples, Self.now, "--out", folder.appendingPathComponent("file/vb365.prom").path,
            ])
            #expect(blocked.status == 73, "\(blocked.stderr)")
        }
    }
}
