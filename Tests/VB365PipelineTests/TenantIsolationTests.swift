import Foundation
import Testing
import VB365Delivery
import VB365Model
import VB365Pipeline
import VB365Reading
import VB365Rendering
import VB365Support
import VB365TestSupport

/// An MSP's estate on disk: two servers in one archive, organizations whose names contain one
/// another, hold markup, `|`, backticks, right-to-left text and emoji, share a name across
/// servers, and (a cloned server) share every id.
struct Estate {
    struct Organization {
        var server: String
        var id: String
        var name: String
        var jobs: [(id: String, name: String)]
        /// A word only this organization's log lines hold.
        var marker: String
        /// Words of the name that identify it (the whole name when it has no markup).
        var nameWords: [String]
        /// Session ids, filled in by `write`.
        var sessions: [String] = []
    }

    static let eu = "vbo-eu.example.com"
    static let us = "vbo-us.example.com"
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)

    var organizations: [Organization] = [
        Organization(
            server: eu, id: "10000000-0000-4000-8000-000000000001", name: "Contoso",
            jobs: [("20000000-0000-4000-8000-000000000001", "Mailboxes Alpha")], marker: "MARKERcontosoEU",
            nameWords: ["Contoso"]),
        Organization(
            server: eu, id: "10000000-0000-4000-8000-000000000002", name: "Contoso Ltd",
            jobs: [
                ("20000000-0000-4000-8000-000000000002", "Mailboxes Bravo"),
                ("20000000-0000-4000-8000-000000000003", "Sites Charlie"),
            ], marker: "MARKERcontosoLtd", nameWords: ["Contoso Ltd"]),
        Organization(
            server: eu, id: "10000000-0000-4000-8000-000000000004",
            name: "<b>Evilcorp</b> | `tickname` & \"quoted\"",
            jobs: [("20000000-0000-4000-8000-000000000004", "Teams <i>Delta</i> | `x`")], marker: "MARKERevil",
            nameWords: ["Evilcorp", "tickname"]),
        Organization(
            server: eu, id: "10000000-0000-4000-8000-000000000005", name: "Fabrikam",
            jobs: [("20000000-0000-4000-8000-000000000005", "Echo mail")], marker: "MARKERfabrikamEU",
            nameWords: []),
        Organization(
            server: us, id: "10000000-0000-4000-8000-000000000006", name: "Fabrikam",
            jobs: [("20000000-0000-4000-8000-000000000006", "Foxtrot mail")], marker: "MARKERfabrikamUS",
            nameWords: []),
        Organization(
            server: us, id: "10000000-0000-4000-8000-000000000007", name: "שלום Ünïcødé 🚀",
            jobs: [("20000000-0000-4000-8000-000000000007", "Golf 🚀 backup")], marker: "MARKERunicode",
            nameWords: ["שלום", "Ünïcødé"]),
        // A clone of the first server's Contoso: the same ids, on the other server.
        Organization(
            server: us, id: "10000000-0000-4000-8000-000000000001", name: "Contoso",
            jobs: [("20000000-0000-4000-8000-000000000001", "Mailboxes Alpha")], marker: "MARKERcontosoUS",
            nameWords: ["Contoso"]),
    ]

    /// Writes the archive: for each server, its organizations, jobs, three nights of sessions
    /// per job (the last failed, with log lines naming the marker and a host of the
    /// organization), and the logs.
    mutating func write(to archive: URL) throws {
        for server in [Self.eu, Self.us] {
            let folder = archive.appendingPathComponent("servers/\(server)_4443")
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("sessions"), withIntermediateDirectories: true)
            var organizations: [[String: Any]] = []
            var jobs: [[String: Any]] = []
            var sessions: [[String: Any]] = []
            for index in self.organizations.indices where self.organizations[index].server == server {
                let o = self.organizations[index]
                organizations.append(["id": o.id, "name": o.name, "type": "Office365"])
                for (jobNumber, job) in o.jobs.enumerated() {
                    jobs.append([
                        "id": job.id, "name": job.name, "organizationId": o.id, "backupType": "EntireOrganization",
                        "description": "Backs up \(o.name)",
                    ])
                    for night in 0..<3 {
                        // Ids unique per organization and night, except for the clone, which
                        // repeats the first server's ids.
                        let sessionID = String(
                            format: "30000000-0000-4000-8000-%012d", Int(o.id.suffix(3))! * 100 + jobNumber * 10 + night
                        )
                        let failed = night == 2
                        sessions.append([
                            "id": sessionID,
                            "creationTime": "2026-11-\(20 + night)T22:0\(jobNumber):00Z",
                            "endTime": "2026-11-\(20 + night)T22:3\(jobNumber):00Z",
                            "status": failed ? "Failed" : "Success",
                            "statistics": [
                                "processingRate": "10 MB/s (5 items/s)", "readRate": "12 MB/s", "writeRate": "8 MB/s",
                                "transferredData": "\(night + 1).5 GB", "processedObjects": 100 + night,
                                "bottleneck": "Source",
                            ],
                            "_links": ["job": ["href": "/v8/Jobs/\(job.id)"]],
                        ])
                        if !self.organizations[index].sessions.contains(sessionID) {
                            self.organizations[index].sessions.append(sessionID)
                        }
                        if failed {
                            let log: [String: Any] = [
                                "results": [
                                    [
                                        "id": "40000000-0000-4000-8000-\(sessionID.suffix(12))", "usn": 1,
                                        "title":
                                            "[Error] \(o.marker): failed to process host-\(o.marker.lowercased()).example.com",
                                        "creationTime": "2026-11-\(20 + night)T22:20:00Z",
                                        "_links": ["jobsessions": ["href": "/v8/JobSessions/\(sessionID)"]],
                                    ]
                                ]
                            ]
                            try JSONSerialization.data(withJSONObject: log).write(
                                to: folder.appendingPathComponent("logs/\(sessionID).json"))
                        }
                    }
                }
            }
            try JSONSerialization.data(withJSONObject: ["results": organizations]).write(
                to: folder.appendingPathComponent("organizations.json"))
            try JSONSerialization.data(withJSONObject: ["results": jobs]).write(
                to: folder.appendingPathComponent("jobs.json"))
            try JSONSerialization.data(withJSONObject: sessions).write(
                to: folder.appendingPathComponent("sessions/sessions.json"))
        }
    }

    /// What identifies `o` in any output: its name's words, ids, job names, session ids, log
    /// marker and host, and its server's host.
    func tokens(_ o: Organization) -> [String] {
        o.nameWords + [o.id] + o.jobs.flatMap { [$0.id, $0.name] } + o.sessions + [
            o.marker, "host-\(o.marker.lowercased())", o.server,
        ]
    }
}

/// The text of a file as a reader sees it: e-mails with their encoded words and quoted-printable
/// parts decoded, so that nothing hides behind an encoding.
func readable(_ path: String) throws -> String {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard path.hasSuffix(".eml") else { return text }
    var out = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
    // Encoded words (=?UTF-8?B?…?=).
    while let start = out.range(of: "=?UTF-8?B?"), let end = out.range(of: "?=", range: start.upperBound..<out.endIndex)
    {
        let data = Data(base64Encoded: String(out[start.upperBound..<end.lowerBound])) ?? Data()
        out.replaceSubrange(start.lowerBound..<end.upperBound, with: String(decoding: data, as: UTF8.self))
    }
    // Quoted-printable bytes.
    var bytes: [UInt8] = []
    let utf8 = Array(out.utf8)
    var i = 0
    func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
    while i < utf8.count {
        if utf8[i] == UInt8(ascii: "="), i + 2 < utf8.count, let a = hex(utf8[i + 1]), let b = hex(utf8[i + 2]) {
            bytes.append(a << 4 | b)
            i += 3
        } else {
            bytes.append(utf8[i])
            i += 1
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

@Suite("--split organization: each tenant's outputs hold that tenant alone")
struct TenantIsolationTests {
    @Test(
        "report, site (badges, feed), e-mail and tickets (plain and redacted) of every tenant: no other tenant's names, ids, jobs, sessions, log lines or hosts in any file or file name"
    )
    func isolation() async throws {
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        var window = WindowSettings()
        window.now = Estate.now
        window.since = .absolute(Timestamp(year: 2026, month: 11, day: 19))
        var configuration = PipelineConfiguration(
            source: .files([archive.path]), window: window, look: LookSettings(), quiet: true, toolVersion: "0.1.0",
            workers: 2)
        configuration.split = .organization
        var fabrikamUS = TenantSettings(organization: "Fabrikam", server: "vbo-us.example.com")
        fabrikamUS.to = [MailAddress("it@fabrikam-us.test")!]
        var contosoLtd = TenantSettings(organization: "contoso ltd")
        contosoLtd.maximumAgeSeconds = 100 * 3600
        configuration.tenants = [fabrikamUS, contosoLtd]
        configuration.serverNotices = [
            "\(Estate.us):4443": ["The fetch from us (\(Estate.us)) failed: NOTICEus; its jobs show an earlier fetch."]
        ]
        let pipeline = Pipeline(configuration)
        let out = root.appendingPathComponent("out").path
        _ = try await pipeline.render(to: out + "/report", formats: [.xhtml, .markdown])
        _ = try await pipeline.publishSite(Pipeline.SiteRequest(folder: out + "/site", siteURL: "https://msp.test/r"))
        var options = EmailOptions(from: MailAddress("r@msp.test")!, to: [MailAddress("msp@msp.test")!])
        options.siteURL = "https://msp.test/r"
        _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .file(out + "/mail")))
        _ = try await pipeline.ticket(.finalFailures, folder: out + "/tickets", redact: false)
        _ = try await pipeline.ticket(.finalFailures, folder: out + "/tickets-redacted", redact: true)

        // Which folder is which tenant.
        let read = try await pipeline.read()
        let summary = try pipeline.summarize(read.inventory, history: .all)
        let folders = TenantSplit.folders(of: summary)
        #expect(folders.count == estate.organizations.count)
        #expect(Set(folders.values).count == folders.count)
        var tenantOf: [String: Int] = [:]
        for (index, folder) in folders {
            let o = summary.organizations[index]
            let server = o.serverIndex.map { summary.servers[$0].address } ?? ""
            let own = try #require(
                estate.organizations.firstIndex {
                    server.hasPrefix($0.server) && (o.id?.description.hasPrefix($0.id) ?? false)
                        && $0.name == o.name
                })
            tenantOf[String(folder.dropFirst(TenantSplit.folder.count + 1))] = own
        }
        #expect(Set(tenantOf.values).count == estate.organizations.count)

        var checked = 0
        for (folder, own) in tenantOf {
            let mine = estate.organizations[own]
            let ownTokens = estate.tokens(mine).map { $0.lowercased() }
            var files: [String] = []
            for base in ["report", "site", "tickets", "tickets-redacted"] {
                let path = "\(out)/\(base)/tenants/\(folder)"
                files += InputList.files(under: path, extensions: ["html", "md", "xml", "svg", "txt"])
            }
            files.append("\(out)/mail/\(folder).eml")
            #expect(files.contains { $0.hasSuffix("/site/tenants/\(folder)/feed.xml") })
            #expect(files.contains { $0.hasSuffix("/report/tenants/\(folder)/index.html") })
            #expect(files.contains { $0.contains("/tickets/tenants/\(folder)/") })
            for file in files {
                let text = try readable(file).lowercased()
                let name = String(file.dropFirst(out.count)).lowercased()
                for (other, o) in estate.organizations.enumerated() where other != own {
                    for token in estate.tokens(o) {
                        let t = token.lowercased()
                        // A word the tenant's own identifiers hold ("Contoso" in "Contoso Ltd",
                        // the shared ids of a clone) says nothing about another tenant.
                        guard !ownTokens.contains(where: { $0.contains(t) }) else { continue }
                        #expect(!text.contains(t), "\(file) holds \(token) of \(o.name)")
                        #expect(!name.contains(t), "\(file)'s name holds \(token) of \(o.name)")
                        checked += 1
                    }
                }
                if mine.server == Estate.eu { #expect(!text.contains("noticeus"), "\(file) holds the US notice") }
            }
            // The tenant's own marker is in its report, so the test looks where the data is.
            let digest = try readable("\(out)/report/tenants/\(folder)/index.md")
            #expect(digest.contains(mine.marker))
            let mail = try readable("\(out)/mail/\(folder).eml")
            #expect(mail.contains(mine.marker))
            let expected =
                mine.marker == "MARKERfabrikamUS" ? "To: it@fabrikam-us.test" : "To: msp@msp.test"
            #expect(mail.contains(expected))
            if mine.server == Estate.us { #expect(digest.contains("NOTICEus")) }
            // Contoso Ltd is judged by its own maximum age (100 h), the others by the default (26 h).
            #expect(digest.contains("the maximum age is 26 h") == (mine.name != "Contoso Ltd"))
            #expect(mail.contains("the maximum age is 26 h") == (mine.name != "Contoso Ltd"))
        }
        #expect(checked > 1000)
        // The overview links every tenant.
        let overview = try readable(out + "/report/index.md")
        for folder in tenantOf.keys { #expect(overview.contains("tenants/\(folder)/index.md")) }
        // Every job has a tenant, so the overview is the digest alone, whose links lead into the
        // tenants' folders: no page is made twice.
        #expect(InputList.files(under: out + "/report/jobs", extensions: ["html", "md"]).isEmpty)
        #expect(InputList.files(under: out + "/report/sessions", extensions: ["html", "md"]).isEmpty)
        #expect(overview.contains("](tenants/") && !overview.contains("](jobs/") && !overview.contains("](sessions/"))
        // Every relative link resolves, and none from a tenant's page leaves the tenant's folder.
        for base in ["report", "site"] {
            let root = URL(fileURLWithPath: out + "/" + base).standardizedFileURL.path
            for file in InputList.files(under: root, extensions: ["html", "md"]) {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                let pattern = file.hasSuffix(".html") ? "href=\"([^\"]+)\"" : "\\]\\(([^)]+)\\)"
                let regex = try NSRegularExpression(pattern: pattern)
                let tenant =
                    file.dropFirst(root.count + 1).hasPrefix("tenants/")
                    ? root + "/" + file.dropFirst(root.count + 1).split(separator: "/").prefix(2).joined(separator: "/")
                    : nil
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let link = String(text[Range(match.range(at: 1), in: text)!])
                    if link.hasPrefix("http") || link.hasPrefix("#") { continue }
                    let target = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(link)
                        .standardizedFileURL.path
                    #expect(FileManager.default.fileExists(atPath: target), "\(file): broken link \(link)")
                    if let tenant { #expect(target.hasPrefix(tenant + "/"), "\(file): \(link) leaves the tenant") }
                }
            }
        }
        let feed = try readable(out + "/site/feed.xml")
        #expect(
            feed.contains("href=\"https://msp.test/r/tenants/") && !feed.contains("href=\"https://msp.test/r/sessions/")
        )
    }

    @Test("the split e-mails' folder: a file, or a folder of files vb365-report did not write, is refused (73) and left as it was")
    func mailFolder() async throws {
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        var window = WindowSettings()
        window.now = Estate.now
        var configuration = PipelineConfiguration(
            source: .files([archive.path]), window: window, quiet: true, toolVersion: "0.1.0", workers: 2)
        configuration.split = .organization
        let pipeline = Pipeline(configuration)
        let options = EmailOptions(from: MailAddress("r@msp.test")!, to: [MailAddress("msp@msp.test")!])
        let foreign = root.appendingPathComponent("theirs").path
        try Fixtures.write(["theirs/contoso-notes.eml": "not ours"], to: root)
        let file = root.appendingPathComponent("a-file.eml").path
        try "a file".write(toFile: file, atomically: true, encoding: .utf8)
        for (path, message) in [(foreign, "did not write (contoso-notes.eml)"), (file, "is a file")] {
            do {
                _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .file(path)))
                Issue.record("\(path) was accepted")
            } catch let failure as Failure {
                #expect(failure.exitStatus == .cannotCreate)
                #expect(failure.diagnostics.first?.message.contains(message) == true, "\(failure.diagnostics)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign) == ["contoso-notes.eml"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "a file")
        // A new folder is ours, and stays ours on the next run.
        let ours = root.appendingPathComponent("mail").path
        for _ in 0..<2 { _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .file(ours))) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ours).filter { $0.hasSuffix(".eml") }.count == 7)
    }
}
