import Foundation
import Testing
import VB365Support
import VB365TestSupport

@testable import VB365Configuration
@testable import VB365Run

/// What a review of the configuration found, each kept from coming back.
@Suite("The configuration: what a review found")
struct ReviewFindingsTests {
    @Test("A secret inside an address or pasted as a variable's name is never repeated in a message")
    func secretsNotEchoed() throws {
        let path = try configFile(minimal)
        let address = loadProblems(path, settings: ["servers.1.address=ftp://admin:Hunter4!@vbo.example.com"])
        #expect(
            address.first?.message
                == "--set servers.1.address: 'servers.1.address' is 'ftp://***@vbo.example.com', not an http(s) address such as https://host.example.com:4443"
        )
        let variable = loadProblems(path, settings: ["servers.1.password-env=Hunter4!"])
        #expect(variable.count == 1)
        #expect(!variable.map(\.description).joined().contains("Hunter4"))
    }

    @Test("A password-env under the VB365_REPORT_ prefix is a password, not an unknown key")
    func passwordVariableWithPrefix() throws {
        let path = try configFile(
            minimal.replacingOccurrences(
                of: "password-file: /etc/vb365-report/password", with: "password-env: VB365_REPORT_PASSWORD"))
        #expect(loadProblems(path, environment: ["VB365_REPORT_PASSWORD": "x"]).isEmpty)
    }

    @Test("--set of a text key takes the text as written, even starting with [; an empty value clears a key")
    func overrideText() throws {
        let path = try configFile(minimal + "\nemail:\n  to: a@example.com\n  transport: file\n  file: /tmp/x.eml\n")
        let c = try ConfigurationLoader.load(
            path: path, environment: [:],
            settings: ["email.subject=[VB365] %JobResult%", "email.file=", "email.transport="])
        #expect(c.email?.options.subject == "[VB365] %JobResult%")
        #expect(c.email?.transport == .sendmail("/usr/sbin/sendmail"))
    }

    @Test("YAML aliases cannot expand without end, and merge keys are named")
    func aliases() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let started = ContinuousClock.now
        let problems = loadProblems(try configFile(text))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(problems.first?.message.hasPrefix("the configuration expands to more than 100000 values") == true)
        let merge = loadProblems(try configFile(minimal + "\nwindow:\n  <<: {max-age: 1d}\n"))
        #expect(merge.first?.message == "YAML merge keys ('<<') are not taken")
    }

    @Test("A section written with nothing under it is there: what it needs is reported missing")
    func emptySection() throws {
        let problems = loadProblems(try configFile(minimal + "\nsite:\n  # folder: /srv/site\n"))
        #expect(problems.map(\.message) == ["'site' has no 'folder'"])
    }

    @Test("email.file without transport: file, templates inside the report folder, one server written twice")
    func crossChecks() throws {
        let path = try configFile(
            minimal.replacingOccurrences(
                of: "password-file: /etc/vb365-report/password\n",
                with:
                    "password-file: /etc/vb365-report/password\n  - address: https://VBO.example.com.:4443/\n    token-file: /t\n"
            )
                + "\nemail:\n  to: a@example.com\n  file: /srv/mail.eml\ntemplates: /srv/report/templates\nreport:\n  folder: /srv/report\n"
        )
        let messages = loadProblems(path).map(\.message)
        #expect(messages.contains("server 2 has the address of server 1"))
        #expect(messages.contains("'email.file' is set, but the transport is not file, so it would be ignored"))
        #expect(
            messages.contains("the 'templates' folder is inside the 'report.folder', which each run replaces whole"))
    }

    @Test("Mistyped familiar names get the key meant: ca-cert, sender, out")
    func familiarNames() throws {
        let path = try configFile(
            minimal.replacingOccurrences(of: "username: admin", with: "username: admin\n    ca-cert: /c.pem")
                + "\nemail:\n  to: a@example.com\n  sender: b@example.com\nsite:\n  out: /srv/site\n")
        let advice = loadProblems(path).compactMap(\.advice)
        #expect(advice.contains("did you mean 'ca-file'?"))
        #expect(advice.contains("did you mean 'from'?"))
        #expect(advice.contains("did you mean 'folder'?"))
    }

    @Test("A configuration file of another user, and a secret readable by a group not the run's, are refused")
    func owners() throws {
        guard geteuid() == 0 else { return }
        let path = try configFile(minimal)
        chown(path, 4242, 4242)
        #expect(
            loadProblems(path).first?.message.hasPrefix("the configuration belongs to another user (uid 4242)") == true)
        let secret = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("pw").path
        try "x\n".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o640)
        chown(secret, 0, 4242)
        #expect(SecretFile.problem(secret)?.message.contains("which is not the group the run has") == true)
        chown(secret, 0, getegid())
        #expect(SecretFile.problem(secret) == nil)
    }

    @Test("A report folder holding someone else's files fails the check (73), before run fetches anything")
    func foreignReportFolder() async throws {
        try await RunFixture.with { fixture in
            try FileManager.default.createDirectory(
                atPath: fixture.path("out/report"), withIntermediateDirectories: true)
            try "mine".write(toFile: fixture.path("out/report/notes.txt"), atomically: true, encoding: .utf8)
            let report = await ConfigCheck.run(
                path: fixture.config, environment: [:], offline: true, toolVersion: "test")
            #expect(report.exitStatus == .cannotCreate)
            #expect(
                report.text.contains(
                    "FAIL  the 'report.folder' cannot be replaced by a report: it holds files that vb365-report did not write"
                ))
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .cannotCreate)
            #expect(fixture.server.api.counters.requests == 0)
        }
    }

    @Test(
        "A refused login on the first run makes no output (no data would be a lie), exit 67; the failed run is e-mailed (issue 28)"
    )
    func refusedFirstFetch() async throws {
        try await RunFixture.with { fixture in
            try "wrong\n".write(toFile: fixture.path("password"), atomically: true, encoding: .utf8)
            chmod(fixture.path("password"), 0o600)
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .noUser)
            #expect(outcome.steps.map(\.step) == ["fetch sim", "read", "e-mail run"])
            #expect(FileManager.default.fileExists(atPath: fixture.path("out/mail/report-run.eml")))
            #expect(!FileManager.default.fileExists(atPath: fixture.path("out/mail/report.eml")))
            #expect(!FileManager.default.fileExists(atPath: fixture.path("out/report")))
        }
    }

    @Test("Retention judges files by when they were written, whatever --now says")
    func retentionUsesTheRealClock() async throws {
        try await RunFixture.with { fixture in
            #expect(try await fixture.run(settings: ["archive.retention=100d"]).exitStatus == .success)
            let configuration = try ConfigurationLoader.load(
                path: fixture.config, environment: [:], settings: ["archive.retention=100d"])
            let later = DailyRun(configuration, now: RunFixture.now.adding(seconds: 200 * 86_400), toolVersion: "test")
            let outcome = await later.run()
            #expect(!outcome.steps.contains { $0.step.hasPrefix("retention") })
        }
    }
}

/// What a first-time admin's trial found.
@Suite("The configured run: what a newcomer's trial found")
struct NewcomerFindingsTests {
    @Test(
        "config check warns of an unverified certificate, the example's placeholders, and a server the archive holds but the file no longer names"
    )
    func warnings() async throws {
        try await RunFixture.with { fixture throws in
            #expect(try await fixture.run().exitStatus == .success)
            let report = await ConfigCheck.run(
                path: fixture.config, environment: [:],
                settings: [
                    "servers.1.address=https://vbo.example.com:4443", "servers.1.insecure=true",
                    "email.to=[a@example.com]",
                ], offline: true, toolVersion: "test")
            #expect(report.exitStatus == .success)
            #expect(report.text.contains("warn  server sim: insecure: true, so its certificate is not verified"))
            #expect(
                report.text.contains(
                    "warn  the example's placeholder addresses are still set: https://vbo.example.com:4443, a@example.com"
                ))
            #expect(report.text.contains("warn  the archive holds 1 server no longer configured (servers/127.0.0.1_"))
        }
    }

    @Test("An empty password file is refused before any login (66)")
    func emptySecret() async throws {
        try await RunFixture.with { fixture in
            try "".write(toFile: fixture.path("password"), atomically: true, encoding: .utf8)
            chmod(fixture.path("password"), 0o600)
            let outcome = try await fixture.run()
            #expect(outcome.exitStatus == .noInput)
            #expect(fixture.server.api.counters.requests == 0)
        }
    }

    @Test("As root, a secret of another user says that the service checks as itself")
    func rootAdvice() throws {
        guard geteuid() == 0 else { return }
        let folder = try Fixtures.temporaryFolder()
        let secret = folder.appendingPathComponent("pw").path
        try "x\n".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        chown(secret, 4242, 4242)
        let problem = try #require(SecretFile.problem(secret))
        #expect(problem.message == "belongs to another user (uid 4242), who could change it")
        #expect(
            problem.advice.hasSuffix(
                "you are root, and the service runs as vb365-report: check as it does, with sudo -u vb365-report"))
    }
}
