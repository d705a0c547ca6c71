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
                        "description": "Backs up \(o.name)", "repositoryId": Self.repositoryID(o),
                        // Three nights teach no schedule: the jobs list gives it, so the maximum
                        // age applies.
                        "schedulePolicy": ["type": "Daily", "dailyType": "Everyday", "dailyTime": "22:00:00"],
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
            if server == Self.eu {
                // A job of no organization, which failed; and a log of a session this server does
                // not hold, whose id (and log item id) the other server's Fabrikam session has.
                jobs.append(["id": "20000000-0000-4000-8000-000000000099", "name": "Unassigned Hotel"])
                for night in 0..<2 {
                    let id = "30000000-0000-4000-8000-00000000990\(night)"
                    sessions.append([
                        "id": id, "creationTime": "2026-11-2\(1 + night)T21:00:00Z",
                        "endTime": "2026-11-2\(1 + night)T21:10:00Z", "status": night == 1 ? "Failed" : "Success",
                        "_links": ["job": ["href": "/v8/Jobs/20000000-0000-4000-8000-000000000099"]],
                    ])
                }
                for (session, title) in [
                    ("30000000-0000-4000-8000-000000009901", "[Error] MARKERnoorg failed"),
                    ("30000000-0000-4000-8000-000000000602", "[Error] MARKERorphanEU, not a session of this server"),
                ] {
                    let log: [String: Any] = [
                        "results": [
                            [
                                "id": "40000000-0000-4000-8000-\(session.suffix(12))", "usn": 1, "title": title,
                                "creationTime": "2026-11-22T22:20:00Z",
                                "_links": ["jobsessions": ["href": "/v8/JobSessions/\(session)"]],
                            ]
                        ]
                    ]
                    try JSONSerialization.data(withJSONObject: log).write(
                        to: folder.appendingPathComponent("logs/\(session).json"))
                }
            }
            try writeInfrastructure(server: server, to: folder)
            try JSONSerialization.data(withJSONObject: ["results": organizations]).write(
                to: folder.appendingPathComponent("organizations.json"))
            try JSONSerialization.data(withJSONObject: ["results": jobs]).write(
                to: folder.appendingPathComponent("jobs.json"))
            try JSONSerialization.data(withJSONObject: sessions).write(
                to: folder.appendingPathComponent("sessions/sessions.json"))
        }
    }

    /// The id of the repository `o`'s jobs back up to.
    static func repositoryID(_ o: Organization) -> String { "50000000-0000-4000-8000-" + o.id.suffix(12) }

    /// A snapshot of the server's infrastructure: a nearly full repository per organization,
    /// named after its marker, that organization's licensing figures, and the provider's own
    /// proxy (offline; it serves every repository) and licence (expiring): a tenant sees that the
    /// proxy that serves its backups is offline, never its host name, nor the licence.
    func writeInfrastructure(server: String, to folder: URL) throws {
        let mine = organizations.filter { $0.server == server }
        let stamp = "infrastructure/20261123T050000Z-v8"
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("infrastructure"), withIntermediateDirectories: true)
        let repositories: [[String: Any]] = mine.map { o in
            [
                "id": Self.repositoryID(o), "name": "Repository \(o.marker)", "path": "D:\\\(o.marker)",
                "capacityBytes": 1_000_000_000, "freeSpaceBytes": 10_000_000, "organizationId": o.id,
                "isOutOfSync": false, "isOutdated": false, "isOutOfOrder": false,
                "proxyId": "60000000-0000-4000-8000-000000000001",
            ]
        }
        try JSONSerialization.data(withJSONObject: ["offset": 0, "limit": 30, "results": repositories]).write(
            to: folder.appendingPathComponent("\(stamp)-repositories.json"))
        for o in mine {
            try JSONSerialization.data(withJSONObject: ["licensedUsers": 17, "newUsers": 2]).write(
                to: folder.appendingPathComponent("\(stamp)-licensing-\(o.id).json"))
        }
        let proxies: [[String: Any]] = [
            [
                "id": "60000000-0000-4000-8000-000000000001", "hostName": "proxy-MARKERprovider", "port": 9193,
                "status": "Offline",
            ]
        ]
        try JSONSerialization.data(withJSONObject: ["offset": 0, "limit": 30, "results": proxies]).write(
            to: folder.appendingPathComponent("\(stamp)-proxies.json"))
        try JSONSerialization.data(withJSONObject: [
            "licenseID": "60000000-0000-4000-8000-000000000002", "status": "Valid",
            "licenseExpires": "2026-11-25T00:00:00Z", "licensedTo": "MARKERprovider Ltd", "totalNumber": 10,
            "usedNumber": 99,
        ]).write(to: folder.appendingPathComponent("\(stamp)-license.json"))
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
        var fabrikamUS = TenantSettings(organization: "Fabrikam", server: "vbo-us.example.com")
        fabrikamUS.to = [MailAddress("it@fabrikam-us.test")!]
        var contosoLtd = TenantSettings(organization: "contoso ltd")
        contosoLtd.thresholds.maximumAgeSeconds = 100 * Seconds.hour
        let pipeline = PipelineFixture.pipeline(
            [archive.path], now: Estate.now, since: .absolute(Timestamp(year: 2026, month: 11, day: 19)), split: true
        ) {
            $0.tenants = [fabrikamUS, contosoLtd]
            $0.serverNotices = [
                "\(Estate.us):4443": [
                    "The fetch from us (\(Estate.us)) failed: NOTICEus; its jobs show an earlier fetch."
                ]
            ]
        }
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
        // A tenant's page count is known before its input is built, and is the count it has.
        let templates = try pipeline.templates()
        for tenant in TenantSplit.tenants(of: pipeline.reportInput(summary, inventory: read.inventory)) {
            #expect(
                tenant.unitCount
                    == ReportRenderer(input: tenant.input, templates: templates, formats: [.xhtml]).unitCount)
            #expect(tenant.unitCount > 3)
        }
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
                for token in ["Unassigned Hotel", "markernoorg", "markerorphaneu", "000000009901", "markerprovider"] {
                    #expect(!text.contains(token.lowercased()), "\(file) holds \(token), of no tenant")
                }
            }
            // The tenant's own marker is in its report, so the test looks where the data is.
            let infrastructure = try readable("\(out)/report/tenants/\(folder)/infrastructure.md")
            #expect(infrastructure.contains("Repository \(mine.marker)"), "\(folder)")
            let digest = try readable("\(out)/report/tenants/\(folder)/index.md")
            #expect(digest.contains(mine.marker))
            // The provider's proxy serves its repository: never "All clear", never its host name.
            #expect(digest.contains("Proxy serving your backups: offline"), "\(folder)")
            #expect(!digest.contains("All clear"), "\(folder)")
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
        // The overview has pages only for the job of no organization; its links to the others
        // lead into the tenants' folders: no page is made twice.
        #expect(
            InputList.files(under: out + "/report/jobs", extensions: ["md"]).map {
                URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("unassigned-hotel-")
            } == [true])
        #expect(overview.contains("](tenants/"))
        let overviewLinks =
            overview.components(separatedBy: "](jobs/").count + overview.components(separatedBy: "](sessions/").count
            - 2
        #expect(
            overviewLinks == overview.components(separatedBy: "Unassigned Hotel](jobs/").count - 1
                + overview.components(separatedBy: "](sessions/30000000-0000-4000-8000-0000000099").count - 1)
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
        // The jobs of no organization: pages in the overview, their ticket at the top, their
        // e-mail to the default recipients.
        #expect(FileManager.default.fileExists(atPath: out + "/report/jobs"))
        #expect(InputList.files(under: out + "/report/sessions", extensions: ["md"]).count == 2)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out + "/tickets").contains {
                $0.hasPrefix("unassigned-hotel-")
            })
        let unassigned = try readable(out + "/mail/no-organization.eml")
        #expect(unassigned.contains("MARKERnoorg") && unassigned.contains("To: msp@msp.test"))
        // The US Fabrikam keeps its own log line; the other server's line for the same id is not its.
        let usFabrikam = try #require(
            tenantOf.first { estate.organizations[$0.value].marker == "MARKERfabrikamUS" }?.key)
        let page = try #require(
            InputList.files(under: out + "/report/tenants/\(usFabrikam)/sessions", extensions: ["md"]).first {
                $0.contains("000000000602")
            })
        let failed = try readable(page)
        #expect(failed.contains("MARKERfabrikamUS") && !failed.contains("MARKERorphanEU"))
        let feed = try readable(out + "/site/feed.xml")
        #expect(feed.contains("href=\"https://msp.test/r/tenants/"))
        #expect(
            feed.components(separatedBy: "href=\"https://msp.test/r/sessions/").dropFirst().allSatisfy {
                $0.hasPrefix("30000000-0000-4000-8000-0000000099")
            })
    }

    @Test(
        "the split e-mails' folder: a file, or a folder of files vb365-report did not write, is refused (73) and left as it was"
    )
    func mailFolder() async throws {
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        let pipeline = Self.pipeline([archive.path])
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
        for _ in 0..<2 {
            _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .file(ours)))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: ours).filter { $0.hasSuffix(".eml") }.count == 8)
    }

    static func pipeline(_ inputs: [String], split: Bool = true, tenants: [TenantSettings] = []) -> Pipeline {
        PipelineFixture.pipeline(inputs, now: Estate.now, split: split) { $0.tenants = tenants }
    }

    @Test(
        "a tenant's folder is the same whatever other servers are read and in whichever order; the window is anchored at now; clones' tickets and job-less sessions stay apart"
    )
    func stability() async throws {
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        let us = archive.appendingPathComponent("servers/\(Estate.us)_4443").path
        let eu = archive.appendingPathComponent("servers/\(Estate.eu)_4443").path
        func folders(_ inputs: [String]) async throws -> [String: String] {
            let pipeline = Self.pipeline(inputs)
            let summary = try pipeline.summarize(try await pipeline.read().inventory)
            var byMarker: [String: String] = [:]
            for (index, folder) in TenantSplit.folders(of: summary) {
                let o = summary.organizations[index]
                let server = o.serverIndex.map { summary.servers[$0].address } ?? ""
                byMarker[o.name + "@" + server] = folder
            }
            return byMarker
        }
        let alone = try await folders([us])
        let both = try await folders([eu, us])
        let reversed = try await folders([us, eu])
        // US Contoso (a clone of EU's ids) keeps its folder whether EU is read before, after, or not.
        let key = "Contoso@\(Estate.us):4443"
        #expect(alone[key] != nil && alone[key] == both[key] && both[key] == reversed[key])
        #expect(both["Contoso@\(Estate.eu):4443"] != both[key])

        // The window, split, ends now: not at the newest session of some tenant.
        let summary = try Self.pipeline([archive.path]).summarize(
            try await Self.pipeline([archive.path]).read().inventory)
        #expect(summary.window.end == Estate.now)

        // A name on two servers, without server:, matches two customers: refused, nothing written.
        var mail = TenantSettings(organization: "Contoso")
        mail.to = [MailAddress("boss@contoso.test")!]
        let options = EmailOptions(from: MailAddress("r@msp.test")!, to: [MailAddress("msp@msp.test")!])
        let out = root.appendingPathComponent("mail").path
        do {
            _ = try await Self.pipeline([archive.path], tenants: [mail]).email(
                Pipeline.EmailRequest(options: options, destination: .file(out)))
            Issue.record("an entry matching two organizations was accepted")
        } catch let failure as Failure {
            #expect(failure.exitStatus == .configuration)
            #expect(failure.diagnostics.first?.message.contains("matches 2 organizations") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        mail.server = Estate.us
        _ = try await Self.pipeline([archive.path], tenants: [mail]).email(
            Pipeline.EmailRequest(options: options, destination: .file(out)))
        let sent = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".eml") }
        let bosses = try sent.filter { try readable(out + "/" + $0).contains("To: boss@contoso.test") }
        #expect(bosses == [try #require(both[key]).components(separatedBy: "/").last! + ".eml"])

        // Without split, the tickets of a clone's sessions do not overwrite each other.
        let tickets = try await Self.pipeline([archive.path], split: false).ticket(
            .finalFailures, folder: root.appendingPathComponent("tickets").path, redact: false)
        #expect(Set(tickets).count == tickets.count)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tickets").path).count
                == tickets.count)

        // Sessions that name no job keep their server.
        try Fixtures.write(
            [
                "loose/servers/\(Estate.eu)_4443/sessions/s.json":
                    #"[{"id": "nojob-eu", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Success"}]"#,
                "loose/servers/\(Estate.us)_4443/sessions/s.json":
                    #"[{"id": "nojob-us", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Failed"}]"#,
            ], to: root)
        let loose = Self.pipeline([root.appendingPathComponent("loose").path], split: false)
        let looseSummary = try loose.summarize(try await loose.read().inventory)
        #expect(looseSummary.jobs.count == 2)
        #expect(
            Set(looseSummary.jobs.compactMap { $0.serverIndex.map { looseSummary.servers[$0].address } }).count == 2)
        let rendered = root.appendingPathComponent("loose-report").path
        _ = try await loose.render(to: rendered, formats: [.markdown])
        #expect(InputList.files(under: rendered + "/jobs", extensions: ["md"]).count == 2)
    }
}
