import Foundation
import Testing
import VB365TestSupport

@Suite("vb365-report run and config check, end to end")
struct RunCommandTests {
    /// A configuration for `sim` in a new folder, with a password file; returns the folder.
    func setUp(_ sim: SimulatorProcess, _ name: String = #function) throws -> URL {
        let folder = try Fixtures.temporaryFolder("runcmd-" + name)
        let password = folder.appendingPathComponent("password").path
        try "vb365-demo\n".write(toFile: password, atomically: true, encoding: .utf8)
        chmod(password, 0o600)
        let config = """
            servers:
              - name: sim
                address: \(sim.url)
                username: 'vb365\\admin'
                password-file: password
            archive:
              folder: archive
            report:
              folder: report
            email:
              to: [backup@vb365.test]
              transport: file
              file: mail/report.eml
            """
        let path = folder.appendingPathComponent("config.yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return folder
    }

    @Test(
        "run: one line per step on standard error, nothing on standard output; environment and --set override the file")
    func run() throws {
        let sim = try SimulatorProcess([])
        let folder = try setUp(sim)
        let config = folder.appendingPathComponent("config.yaml").path
        let now = "--now=2026-11-23T22:01:00Z"
        let failing = try Run(
            ["run", "--config", config, now], environment: ["VB365_REPORT_WINDOW_FAIL_ON": "warning"])
        #expect(failing.status == 1, "\(failing.stderr)")
        #expect(failing.stdout.isEmpty)
        let lines = failing.stderr.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("vb365-report: ") })
        #expect(lines.first?.hasPrefix("vb365-report: fetch sim: API v8, 2 organizations, 6 jobs") == true)
        #expect(lines.contains { $0.hasPrefix("vb365-report: report: written to \(folder.path)/report") })
        #expect(lines.last?.hasPrefix("vb365-report: run finished: 5 steps, exit 1") == true)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("mail/report.eml").path))
        // The flag wins over the environment.
        let passing = try Run(
            ["run", "--config", config, now, "--set", "window.fail-on=none"],
            environment: ["VB365_REPORT_WINDOW_FAIL_ON": "warning"])
        #expect(passing.status == 0, "\(passing.stderr)")
        // VB365_REPORT_CONFIG names the file when --config does not.
        let named = try Run(["run", now, "--set", "window.fail-on=none"], environment: ["VB365_REPORT_CONFIG": config])
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test("fetch --config fetches every configured server and makes no output; --archive beside it is refused")
    func fetchWithConfig() throws {
        let sim = try SimulatorProcess([])
        let folder = try setUp(sim)
        let config = folder.appendingPathComponent("config.yaml").path
        let run = try Run(["fetch", "--config", config, "--now=2026-11-23T22:01:00Z"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("vb365-report: fetch sim: API v8"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("archive/servers").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report").path))
        let both = try Run(["fetch", "--config", config, "--archive", folder.path])
        #expect(both.status == 64)
        #expect(both.stderr.contains("Give --config, or --server and --archive, not both."))
    }

    @Test("Under systemd (JOURNAL_STREAM names standard error) each line starts with its priority")
    func journal() throws {
        let sim = try SimulatorProcess([])
        let folder = try setUp(sim)
        let config = folder.appendingPathComponent("config.yaml").path
        let log = folder.appendingPathComponent("journal.log").path
        // Yesterday's run fetched; today's cannot reach the server.
        #expect(try Run(["run", "--config", config, "--now=2026-11-23T22:01:00Z"]).status == 0)
        sim.process.terminate()
        sim.process.waitUntilExit()
        let script =
            "exec 2>\"$3\"; JOURNAL_STREAM=$(stat -c %d:%i \"$3\") exec \"$1\" run --config \"$2\" --now=2026-11-23T22:01:00Z"
        let run = try ProgramRun(URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", Run.binary.path, config, log])
        #expect(run.status == 68)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("<3>vb365-report: error: fetch sim failed (exit 68)") == true, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("<6>vb365-report: read: ") })
        // The e-mail about the failed run is a step of its own (issue 28).
        #expect(
            lines.contains {
                $0.hasPrefix("<6>vb365-report: e-mail run: \"[Run failed] vb365-report could not fetch sim")
            })
        #expect(lines.last?.hasPrefix("<3>vb365-report: run finished with 1 failed step of 5: exit 68") == true)
    }

    @Test("config check: ok lines and exit 0; a wrong key: 78 with file:line:column; no file: 78 with what to do")
    func check() throws {
        let sim = try SimulatorProcess([])
        let folder = try setUp(sim)
        let config = folder.appendingPathComponent("config.yaml").path
        let good = try Run(["config", "check", "--config", config])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(
            good.stdout.hasPrefix(
                "Checking \(config):\n  ok    configuration: 1 server (sim); outputs: report, e-mail\n"))
        #expect(good.stdout.hasSuffix("checks passed.\n"))
        let bad = try Run(["config", "check", "--config", config, "--set", "report.formats=[xhtml, pdf]"])
        #expect(bad.status == 78)
        #expect(bad.stdout.contains("--set report.formats: 'report.formats' is 'pdf', not one of xhtml, markdown"))
        let missing = try Run(["run", "--config", folder.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("none.yaml: error: there is no configuration here"))
        #expect(
            missing.stderr.hasSuffix(
                "vb365-report: error: run stopped: the configuration is not valid (exit 78); nothing was fetched or written\n"
            ))
        // A mistyped command of a command: the one meant is named.
        let typo = try Run(["config", "chek"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown command 'chek'; did you mean 'check'?"))
    }
}
