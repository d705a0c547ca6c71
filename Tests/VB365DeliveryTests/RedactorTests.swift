import Foundation
import Testing
import VB365Delivery
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365TestSupport
import XHTMLValidation

@Suite("redaction for tickets")
struct RedactorTests {
    /// Each line through a redactor of its own.
    static func redacted(_ line: String) -> String {
        var r = Redactor()
        return r.text(line)
    }

    @Test("the same name always gets the same mask; addresses, hosts, accounts and IPs are masked")
    func masks() {
        var r = Redactor()
        #expect(r.organization("Contoso Ltd") == "organization-1")
        #expect(r.organization("Fabrikam GmbH") == "organization-2")
        #expect(r.organization("contoso ltd") == "organization-1")
        let line = r.text(
            "Processing mailbox anna.berg@contoso.com for Contoso Ltd via https://contoso.sharepoint.com/sites/HR as CONTOSO\\svc-backup on 10.1.2.3 (proxy01.corp.contoso.com)"
        )
        #expect(!line.contains("anna.berg") && !line.contains("contoso.com") && !line.contains("Contoso"))
        #expect(!line.contains("10.1.2.3") && !line.contains("svc-backup") && !line.contains("proxy01"))
        #expect(line.contains("mail-1@example.invalid"))
        #expect(line.contains("organization-1"))
        #expect(line.contains("https://host-1.invalid/sites/name-1"))
        #expect(line.contains("DOMAIN-1\\account-1"))
        let again = r.text("Retry for anna.berg@contoso.com and b@x.org")
        #expect(again == "Retry for mail-1@example.invalid and mail-2@example.invalid")
        // An organization named like a domain, and names inside words.
        var d = Redactor()
        _ = d.organization("fabrikam.onmicrosoft.com")
        _ = d.organization("IT")
        let masked = d.text(
            "john@fabrikam.onmicrosoft.com via fabrikam.onmicrosoft.com; ITEMS by IT; jürgen.müller@fabrikam.de; backup.admin"
        )
        #expect(
            masked
                == "mail-1@example.invalid via host-1.invalid; ITEMS by organization-2; mail-2@example.invalid; backup.admin"
        )
    }

    @Test(
        "only the name goes: the punctuation, brackets and quotes around a mask stay",
        arguments: [
            (
                "Failed to process site https://example.sharepoint.com/sites/Finance: The remote server returned an error: (503) Server Unavailable.",
                "Failed to process site https://host-1.invalid/sites/name-1: The remote server returned an error: (503) Server Unavailable."
            ),
            ("(see https://contoso.sharepoint.com/sites/HR).", "(see https://host-1.invalid/sites/name-1)."),
            ("'https://contoso.sharepoint.com/sites/HR', then", "'https://host-1.invalid/sites/name-1', then"),
            ("<https://contoso.sharepoint.com/teams/Board>", "<https://host-1.invalid/teams/name-1>"),
            ("\"https://contoso.sharepoint.com/sites/HR\";", "\"https://host-1.invalid/sites/name-1\";"),
            ("https://contoso.sharepoint.com/sites/HR!", "https://host-1.invalid/sites/name-1!"),
            ("[https://contoso.sharepoint.com/sites/HR]", "[https://host-1.invalid/sites/name-1]"),
            ("Go to https://contoso.com.", "Go to https://host-1.invalid."),
            ("wiki https://contoso.com/w/Foo_(bar), ok", "wiki https://host-1.invalid/name-1/name-2, ok"),
            (
                "https://vbo.contoso.com:4443/v8/Jobs?name=Payroll&top=1#top, next",
                "https://host-1.invalid:4443/v8/Jobs?name=name-1&top=name-2#name-3, next"
            ),
            ("Job was stopped by user EXAMPLE\\backup.admin.", "Job was stopped by user DOMAIN-1\\account-1."),
            ("(CONTOSO\\svc-backup)", "(DOMAIN-1\\account-1)"),
            ("Mail anna.berg@contoso.com; then", "Mail mail-1@example.invalid; then"),
            ("'anna.berg@contoso.com'.", "'mail-1@example.invalid'."),
            ("at 10.1.2.3:443, then", "at 192.0.2.1:443, then"),
            ("host vbo.corp.contoso.com.", "host host-1.invalid."),
            ("\\\\fs01.corp.local\\Backups\\Mail", "\\\\host-1.invalid\\Backups\\Mail"),
        ])
    func punctuation(input: String, expected: String) {
        #expect(Self.redacted(input) == expected)
    }

    @Test(
        "host names without a dot, in a host's place, are masked",
        arguments: [
            ("Connecting to VBO-PROXY01 failed", "Connecting to host-1 failed"),
            ("Backup proxy 'VBO-PROXY01' is offline", "Backup proxy 'host-1' is offline"),
            ("Proxy server: vbo-proxy01 is unavailable", "Proxy server: host-1 is unavailable"),
            ("Repository on SRV01.", "Repository on host-1."),
            ("from FILESRV-02 to NAS03, via \"EDGE-GW\"", "from host-1 to host-2, via \"host-3\""),
            ("\\\\SRV01\\c$\\Backups", "\\\\host-1\\c$\\Backups"),
            ("\\\\fileserver\\share", "\\\\host-1\\share"),
            ("http://vbo-proxy01:9191/api", "http://host-1:9191/name-1"),
            ("Proxy VBOPROXY is not responding", "Proxy host-1 is not responding"),
            ("host=Srv-Exch01;port=443", "host=host-1;port=443"),
            ("Connecting to vbo-proxy01.corp (timeout)", "Connecting to host-1.invalid (timeout)"),
            (
                "Unable to connect to VBO-PROXY01:9193 from VBO-SERVER; retrying at 03:15:00.",
                "Unable to connect to host-1:9193 from host-2; retrying at 03:15:00."
            ),
            (
                "Error 0x80070005 from EWS; HRESULT 0x800706BA on RPC-SERVER",
                "Error 0x80070005 from EWS; HRESULT 0x800706BA on host-1"
            ),
        ])
    func dotlessHosts(input: String, expected: String) {
        #expect(Self.redacted(input) == expected)
    }

    @Test(
        "IPv6 addresses are masked: full, compressed, with a zone, in brackets with a port, IPv4-mapped",
        arguments: [
            ("2001:0db8:85a3:0000:0000:8a2e:0370:7334 is down", "2001:db8::1 is down"),
            ("fe80::1%eth0 down", "2001:db8::1%eth0 down"),
            ("from [2001:db8:0:0:1::42]:8443.", "from [2001:db8::1]:8443."),
            ("::1", "2001:db8::1"),
            ("peer ::ffff:192.168.1.10, retrying", "peer 2001:db8::1, retrying"),
            ("https://[fe80::1]:4443/v8/Jobs", "https://[2001:db8::1]:4443/v8/Jobs"),
            ("address fe80::a:b: unreachable", "address 2001:db8::1: unreachable"),
            ("(FE80::0202:B3FF:FE1E:8329)", "(2001:db8::1)"),
        ])
    func ipv6(input: String, expected: String) {
        #expect(Self.redacted(input) == expected)
    }

    @Test(
        "ordinary words, statuses, times, ids and technical names are not masked",
        arguments: [
            "[Failed] Job finished with error",
            "[Warning] Job finished with warning",
            "Job started at 4/4/2017 12:07:21 AM",
            "Connected to organization",
            "Failed to connect to the server: The remote server returned an error: (503) Server Unavailable.",
            "Converted to UTF-8 on Monday; moved to SHA-256 and TLS1.2 from KB5001234",
            "Processing mailbox items to Office365 on x64 from M365",
            "Retry from dabb589d-0c64-4f0b-9a0c-3d2a5b1e7f10 and to dabb589d",
            "on-premises servers were skipped to save time",
            "server HTTP returned 503 at 10:30:00.125 from Microsoft",
            "MAC 00:1A:2B:3C:4D:5E, std::vector, Note:: done",
            "Found 240 objects; 3 items were skipped (item size exceeds 150 MB)",
            "Microsoft Teams and Microsoft Graph API; user 'Administrator'; by Warning",
            "Processing OneDrive of Finance Team; mailbox 'Shared Mailbox'",
            "Item 'Quarterly Report' was skipped by the Backup Service",
            "backup.admin, it-alerts and System.Net.WebException",
            "Version: 8.1.0.305; processed 1,234 items (5.6 GB) at 12.3 MB/s",
            "[Warning] Job finished with warning on Monday at 06:00 AM (UTC+01:00)",
            "Moved to Object Storage S3-Compatible on Windows Server 2022 from EWS",
        ])
    func notMasked(line: String) {
        var r = Redactor()
        #expect(r.text(line) == line)
    }

    @Test(
        "people's display names are learned from addresses and common shapes, and masked wherever they appear",
        arguments: [
            ("Jane Doe <jane.d@contoso.com>", "Jane Doe", "person-1 <mail-1@example.invalid>"),
            ("\"Jane Doe\" <jd@contoso.com>", "Jane Doe", "\"person-1\" <mail-1@example.invalid>"),
            (
                "Processing mailbox Jane Doe (jd@contoso.com) completed", "Jane Doe",
                "Processing mailbox person-1 (mail-1@example.invalid) completed"
            ),
            ("Job was stopped by user 'Jürgen Müller'.", "Jürgen Müller", "Job was stopped by user 'person-1'."),
            ("owner: “Ludwig van Beethoven”", "Ludwig van Beethoven", "owner: “person-1”"),
            ("mailbox Anne-Marie O'Brien, skipped", "Anne-Marie O'Brien", "mailbox person-1, skipped"),
            ("Processing user John Smith failed", "John Smith", "Processing user person-1 failed"),
            ("Sent by Chen Wei on 2026-11-22", "Chen Wei", "Sent by person-1 on 2026-11-22"),
            ("Processing mailbox chen.wei@contoso.com", "Chen Wei", "Processing mailbox mail-1@example.invalid"),
            (
                "\"Doe, Jane\" <jd@contoso.com>", "Jane Doe",
                "\"person-1\" <mail-1@example.invalid>"
            ),
            (
                "OneDrive of Jane Doe (https://contoso-my.sharepoint.com/personal/jd_contoso_com/) failed", "Jane Doe",
                "OneDrive of person-1 (https://host-1.invalid/personal/name-1/) failed"
            ),
        ])
    func people(first: String, name: String, firstMasked: String) {
        var r = Redactor()
        #expect(r.text(first) == firstMasked)
        #expect(
            r.text("\(name)'s OneDrive was skipped; ask \(name).") == "person-1's OneDrive was skipped; ask person-1.")
        #expect(r.text("cc: \(name.uppercased()), \(name.lowercased())") == "cc: person-1, person-1")
        // Each word alone is no name.
        let alone = name.split(separator: " ").reversed().joined(separator: " and ")
        #expect(r.text(alone) == alone)
    }

    @Test("names, mailboxes, accounts and machines learned in one line are masked in every other")
    func learned() {
        var r = Redactor()
        #expect(r.text("Proxy VBO-PROXY01 is offline") == "Proxy host-1 is offline")
        #expect(r.text("VBO-PROXY01 did not answer") == "host-1 did not answer")
        #expect(r.text("Connected to mail01.corp.contoso.com") == "Connected to host-2.invalid")
        #expect(r.text("MAIL01: timeout; vbo-proxy01.") == "host-2: timeout; host-1.")
        #expect(
            r.text("Job was stopped by user EXAMPLE\\backup.admin") == "Job was stopped by user DOMAIN-1\\account-1")
        #expect(r.text("backup.admin signed in") == "account-1 signed in")
        #expect(r.text("Processing mailbox anna.berg@example.com") == "Processing mailbox mail-1@example.invalid")
        #expect(r.text("Mailbox anna.berg (Anna Berg) skipped") == "Mailbox mail-1 (person-1) skipped")
        // Ordinary words next to them stay.
        #expect(r.text("Anna met Berg; the backup admin") == "Anna met Berg; the backup admin")
    }

    @Test("a redacted input reads every text first, keeps job names and statuses, and is the same every time")
    func input() throws {
        var inventory = Inventory()
        var job = Job(id: EntityID("0badc0de-0000-4000-8000-0000000000bb"))
        job.name = "Executive Board"
        inventory.add(job)
        var sessions: [JobSession] = []
        for (i, status) in [SessionStatus.warning, .failed].enumerated() {
            var s = JobSession(id: EntityID("0badc0de-0000-4000-8000-00000000000\(i)"))
            s.jobID = job.id
            s.creationTime = Mail.now.adding(seconds: Double(-7200 + 3600 * i))
            s.endTime = s.creationTime?.adding(seconds: 600)
            s.status = status
            inventory.add(s)
            sessions.append(s)
        }
        let lines = [
            // The first session names Jane Doe alone; only the second gives her address.
            (sessions[0], LogSeverity.warning, "Jane Doe's mailbox was skipped on VBO-PROXY01"),
            (sessions[1], .error, "Processing mailbox Executive Board (board@contoso.com) failed"),
            (sessions[1], .error, "Processing mailbox Jane Doe (jane.doe@contoso.com) failed on VBO-PROXY01"),
            (sessions[1], .warning, "[Failed] Job finished with error"),
        ]
        inventory.add(
            lines.enumerated().map { i, line in
                LogItem(
                    id: nil, sessionID: line.0.id, usn: Int64(i + 1), severity: line.1, message: line.2,
                    creationTime: line.0.creationTime, endTime: line.0.endTime)
            })
        let input = Mail.input(inventory)
        var first = Redactor()
        let redacted = first.redact(input)
        var second = Redactor()
        let again = second.redact(input)
        #expect(redacted.summary.jobs.map(\.name) == ["Executive Board"])
        let messages = sessions.flatMap { redacted.logItems[$0.id]!.map(\.message) }
        #expect(
            messages == [
                "person-1's mailbox was skipped on host-1",
                "Processing mailbox Executive Board (mail-1@example.invalid) failed",
                "Processing mailbox person-1 (mail-2@example.invalid) failed on host-1",
                "[Failed] Job finished with error",
            ])
        #expect(sessions.flatMap { again.logItems[$0.id]!.map(\.message) } == messages)
        let attention = redacted.summary.sessions.flatMap { $0.attentionLog.map(\.message) }
        #expect(attention.allSatisfy { !$0.contains("Jane") && !$0.contains("PROXY") })
        // A ticket's input: names learned from every log, only the ticket's session's log kept.
        var third = Redactor()
        let ticket = third.redact(input, keepingLogsOf: [sessions[1].id])
        #expect(Array(ticket.logItems.keys) == [sessions[1].id])
        #expect(ticket.logItems[sessions[1].id]!.map(\.message) == Array(messages[1...]))
        #expect(ticket.summary.sessions.first { $0.id == sessions[0].id }?.attentionLog.isEmpty == true)
    }

    @Test("a redacted ticket keeps no organization name and no address, and reads the same way")
    func ticket() async throws {
        var input = await Mail.samples()
        var redactor = Redactor()
        input = redactor.redact(input)
        let facts = try #require(input.summary.sessions.last { $0.status == .failed })
        for format in [OutputFormat.xhtml, .markdown] {
            let builder = ViewBuilder(input: input, format: format)
            let text = try TemplateSet().render(
                builder.ticket(facts, redacted: true), format: format)
            for secret in ["Contoso", "Fabrikam", "example.sharepoint.com", "@example.com", "Finance"] {
                #expect(!text.contains(secret), "\(format) \(secret)")
            }
            #expect(text.contains("organization-"))
            #expect(text.contains("masked"))
            #expect(text.contains("/sites/name-1: The remote server returned an error"))
            if format == .xhtml {
                #expect(try XHTMLValidator().validate(Array(text.utf8)).isEmpty)
                #expect(!text.contains("href="), "self-contained: no links")
            }
        }
    }
}
