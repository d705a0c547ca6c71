import Foundation
import Testing
import VB365TestSupport

/// A `vb365-sim` process on 127.0.0.1 with a free port, stopped when the test ends.
final class SimulatorProcess {
    let process = Process()
    let url: String

    init(_ arguments: [String]) throws {
        process.executableURL = Run.product("vb365-sim")
        process.arguments = ["--port", "0", "--now", "2026-11-23T22:01:00Z"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"https?://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "vb365-sim said: \(text)"])
        }
        url = String(text[range])
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

@Suite("vb365-report fetch and report against vb365-sim, end to end")
struct FetchCommandTests {
    static let login = ["--username", "vb365\\admin"]
    static let password = ["VB365_PASSWORD": "vb365-demo"]
    static let now = "--now=2026-11-23T22:01:00Z"

    @Test("report: fetch and render in one run, for every API version", arguments: 1...8)
    func report(version: Int) throws {
        let sim = try SimulatorProcess([])
        try withTemporaryFolder("report\(version)") { folder in
            let out = folder.appendingPathComponent("out")
            let run = try Run(
                ["report", "--server", sim.url, "--api-version", "v\(version)", "--out", out.path, Self.now, "--quiet"]
                    + Self.login, environment: Self.password)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == out.appendingPathComponent("index.html").path + "\n")
            let digest = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
            #expect(digest.contains("Exchange Online mailboxes"))
            #expect(digest.contains("Contoso Ltd"))
            let jobs = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("jobs").path)
                .filter { $0.hasSuffix(".html") }.map { out.appendingPathComponent("jobs/" + $0).path }
            #expect(jobs.count == 6)
            let validate = try Run(["validate", out.appendingPathComponent("index.html").path] + jobs)
            #expect(validate.status == 0, "\(validate.stdout)")
        }
    }

    @Test("email --server: fetches, then writes the message")
    func emailFromServer() throws {
        let sim = try SimulatorProcess([])
        let run = try Run(
            ["email", "--server", sim.url, "--to", "ops@example.com", Self.now, "--quiet"] + Self.login,
            environment: Self.password)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Content-Type: multipart/alternative;"))
        #expect(!run.stdout.contains("vb365-demo"))
    }

    @Test("fetch into an archive: says which version auto found; summary reads the archive")
    func fetchThenSummary() throws {
        let sim = try SimulatorProcess(["--versions", "v2-v6"])
        try withTemporaryFolder { folder in
            let archive = folder.appendingPathComponent("archive").path
            let fetch = try Run(
                ["fetch", "--server", sim.url, "--archive", archive, "--since", "7d", Self.now] + Self.login,
                environment: Self.password)
            #expect(fetch.status == 0, "\(fetch.stderr)")
            #expect(fetch.stdout.contains("with API v6 (the newest it serves)"))
            #expect(fetch.stderr.isEmpty, "no progress line when standard error is not a terminal")
            let summary = try Run(["summary", archive, Self.now])
            #expect(summary.status == 0, "\(summary.stderr)")
            #expect(summary.stdout.contains("Fabrikam GmbH"))
        }
    }

    @Test("a server that refuses /Organizations and does not serve /Jobs: one warning each, the fetch finishes")
    func refusedNameLists() throws {
        let sim = try SimulatorProcess(["--refuse", "organizations=403", "--refuse", "jobs=404"])
        try withTemporaryFolder { folder in
            let archive = folder.appendingPathComponent("archive").path
            let fetch = try Run(
                ["fetch", "--server", sim.url, "--archive", archive, "--since", "7d", Self.now] + Self.login,
                environment: Self.password)
            #expect(fetch.status == 0, "\(fetch.stderr)")
            let warnings = fetch.stderr.split(separator: "\n").filter { $0.hasPrefix("vb365-report: warning: ") }
            #expect(warnings.count == 2, "\(fetch.stderr)")
            #expect(
                fetch.stderr.contains(
                    "warning: \(sim.url)/v8/Organizations?offset=0&limit=1000 answered 403 (Forbidden); ")
            )
            #expect(fetch.stderr.contains("warning: \(sim.url)/v8/Jobs?offset=0&limit=1000 answered 404 (Not Found); "))
            #expect(fetch.stdout.contains(": 2 organizations, 6 jobs, "))
            let summary = try Run(["summary", archive, Self.now])
            #expect(summary.status == 0, "\(summary.stderr)")
            #expect(summary.stdout.contains("Contoso Ltd"))
            #expect(summary.stdout.contains("Exchange Online mailboxes"))
        }
    }

    @Test("two servers in one archive: summary reads both; report --server reads its own server's")
    func twoServers() throws {
        let first = try SimulatorProcess([])
        let second = try SimulatorProcess(["--seed", "2", "--organizations", "3"])
        try withTemporaryFolder { folder in
            let archive = folder.appendingPathComponent("archive").path
            let fetch = try Run(
                ["fetch", "--server", second.url, "--archive", archive, Self.now, "--quiet"] + Self.login,
                environment: Self.password)
            #expect(fetch.status == 0, "\(fetch.stderr)")
            let out = folder.appendingPathComponent("out")
            let report = try Run(
                ["report", "--server", first.url, "--archive", archive, "--out", out.path, Self.now, "--quiet"]
                    + Self.login, environment: Self.password)
            #expect(report.status == 0, "\(report.stderr)")
            let digest = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
            #expect(digest.contains("Contoso Ltd"))
            #expect(!digest.contains("Northwind Traders"), "the other server's organization")
            let summary = try Run(["summary", archive, Self.now])
            #expect(summary.status == 0, "\(summary.stderr)")
            #expect(summary.stdout.contains("Northwind Traders"))
            #expect(summary.stdout.contains("Fabrikam GmbH"))
        }
    }

    @Test("on a terminal, a progress line on standard error; --quiet: none")
    func progress() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("skipped: util-linux script(1), which gives the command a terminal, is not installed")
            return
        }
        let sim = try SimulatorProcess(["--delay-ms", "20"])
        try withTemporaryFolder { folder in
            func onTerminal(_ extra: String) throws -> String {
                let command =
                    "VB365_PASSWORD=vb365-demo '\(Run.binary.path)' fetch --server \(sim.url) --archive '\(folder.path)/a' --username 'vb365\\admin' --logs all --page-size 5 \(Self.now) \(extra) >/dev/null"
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
                process.arguments = ["-qec", command, "/dev/null"]
                let out = Pipe()
                process.standardOutput = out
                process.standardInput = FileHandle.nullDevice
                try process.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
                return String(decoding: data, as: UTF8.self)
            }
            let shown = try onTerminal("")
            #expect(shown.contains("fetching: "))
            #expect(shown.contains("sessions, logs "))
            let quiet = try onTerminal("--quiet")
            #expect(!quiet.contains("fetching: "))
        }
    }

    @Test("HTTPS with the simulator's own certificate: --ca-cert works, none is refused (77), --insecure warns")
    func tls() throws {
        try withTemporaryFolder { folder in
            let pem = folder.appendingPathComponent("sim.pem").path
            let sim = try SimulatorProcess(["--tls", "--cert-out", pem])
            #expect(sim.url.hasPrefix("https://"))
            let archive = folder.appendingPathComponent("archive").path
            let base = ["fetch", "--server", sim.url, "--archive", archive, Self.now] + Self.login

            let refused = try Run(base, environment: Self.password)
            #expect(refused.status == 77)
            #expect(refused.stderr.contains("not trusted"))
            #expect(refused.stderr.contains("--ca-cert"))

            let trusted = try Run(base + ["--ca-cert", pem], environment: Self.password)
            #expect(trusted.status == 0, "\(trusted.stderr)")

            let insecure = try Run(base + ["--insecure"], environment: Self.password)
            #expect(insecure.status == 0)
            #expect(insecure.stderr.contains("is not checked (--insecure, or insecure: true)"))
        }
    }

    @Test("secrets: never on the command line, from a file, and never printed")
    func secrets() throws {
        let sim = try SimulatorProcess([])
        try withTemporaryFolder { folder in
            let archive = folder.appendingPathComponent("archive").path
            let base = ["fetch", "--server", sim.url, "--archive", archive, Self.now] + Self.login

            let onCommandLine = try Run(base + ["--password", "vb365-demo"])
            #expect(onCommandLine.status == 64)
            #expect(onCommandLine.stderr.contains("not taken on the command line"))

            let none = try Run(base, environment: ["VB365_PASSWORD": ""])
            #expect(none.status == 64)
            #expect(none.stderr.contains("VB365_PASSWORD"))

            let file = folder.appendingPathComponent("password").path
            try "vb365-demo\n".write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let fromFile = try Run(base + ["--password-file", file])
            #expect(fromFile.status == 0, "\(fromFile.stderr)")
            #expect(fromFile.stderr.isEmpty)

            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            let readable = try Run(base + ["--password-file", file])
            #expect(readable.status == 78)
            #expect(readable.stderr.contains("--password-file can be read by every user (mode 0644), so it is refused"))

            let wrong = try Run(base, environment: ["VB365_PASSWORD": "wrong-Secret-123"])
            #expect(wrong.status == 67)
            #expect(!wrong.stderr.contains("wrong-Secret-123"))
            #expect(!wrong.stdout.contains("wrong-Secret-123"))
        }
    }

    @Test("failures exit with their documented status")
    func exitStatuses() throws {
        try withTemporaryFolder { folder in
            let archive = folder.appendingPathComponent("archive").path
            func fetch(_ sim: SimulatorProcess, _ extra: [String] = []) throws -> Run {
                try Run(
                    ["fetch", "--server", sim.url, "--archive", archive, Self.now, "--retry-delay", "0.01"] + Self.login
                        + extra, environment: Self.password)
            }
            let broken = try fetch(try SimulatorProcess(["--broken-json"]))
            #expect(broken.status == 65)
            #expect(broken.stderr.contains("/v8/JobSessions?"))
            #expect(try fetch(try SimulatorProcess(["--wrong-content-type"])).status == 76)
            #expect(
                try fetch(try SimulatorProcess(["--fail", "100", "--fail-status", "503", "--retry-after", "0"])).status
                    == 75)
            #expect(try fetch(try SimulatorProcess(["--versions", "v3"]), ["--api-version", "v8"]).status == 76)
            let gone = try SimulatorProcess([])
            let url = gone.url
            gone.process.terminate()
            gone.process.waitUntilExit()
            let refused = try Run(
                ["fetch", "--server", url, "--archive", archive, "--retries", "0"] + Self.login,
                environment: Self.password)
            #expect(refused.status == 68)
            #expect(try Run(["fetch", "--server", "ftp://x", "--archive", archive] + Self.login).status == 64)
        }
    }
}
