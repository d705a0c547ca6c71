import Foundation
import Testing
import VB365TestSupport

/// Every regular file below `folder`, by relative path, with its bytes.
func files(under folder: URL) -> [String: Data] {
    let root = folder.resolvingSymlinksInPath().path
    var out: [String: Data] = [:]
    for case let path as String in FileManager.default.enumerator(atPath: root) ?? .init() {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue
        else { continue }
        out[path] = FileManager.default.contents(atPath: root + "/" + path)
    }
    return out
}

@Suite("Output paths: missing folders are created, as static-site generators do")
struct OutputFolderTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    @Test("render, site, ticket and email --out write below folders that do not exist yet")
    func missingParents() throws {
        try withTemporaryFolder { root in
            let report = root.appendingPathComponent("www/render/report").path
            let rendered = try Run(["render", Fixtures.samples, Self.now, "--out", report, "--format", "markdown"])
            #expect(rendered.status == 0, "\(rendered.stderr)")
            #expect(FileManager.default.fileExists(atPath: report + "/index.md"))

            let site = root.appendingPathComponent("www/site/vb365").path
            let published = try Run(["site", Fixtures.samples, Self.now, "--out", site, "--quiet"])
            #expect(published.status == 0, "\(published.stderr)")
            #expect(FileManager.default.fileExists(atPath: site + "/feed.xml"))

            let tickets = root.appendingPathComponent("tickets/2026/11").path
            let ticket = try Run(["ticket", "dabb589d", Fixtures.samples, Self.now, "--out", tickets])
            #expect(ticket.status == 0, "\(ticket.stderr)")
            #expect(
                files(under: URL(fileURLWithPath: tickets)).keys.sorted() == [
                    "sharepoint-onedrive-2026-11-22-failed-dabb589d.html",
                    "sharepoint-onedrive-2026-11-22-failed-dabb589d.md",
                ])

            let eml = root.appendingPathComponent("mail/outbox/daily.eml").path
            let mailed = try Run(["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--out", eml])
            #expect(mailed.status == 0, "\(mailed.stderr)")
            #expect(try String(contentsOfFile: eml, encoding: .utf8).contains("\r\nMIME-Version: 1.0\r\n"))
            // Nothing but the outputs: no temporary file, lock or staging folder stays behind.
            #expect(
                files(under: root.appendingPathComponent("mail")).keys.sorted() == ["outbox/daily.eml"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/www/render") == ["report"])
        }
    }

    @Test("a file where a folder should be is refused (73), naming it; a foreign folder is still refused")
    func blocked() throws {
        try withTemporaryFolder { root in
            try Fixtures.write(["file": "x", "mine/notes.txt": "keep"], to: root)
            let blocker = root.appendingPathComponent("file").path
            for arguments in [
                ["render", Fixtures.samples, Self.now, "--out", blocker + "/report"],
                ["site", Fixtures.samples, Self.now, "--out", blocker + "/site"],
                ["ticket", "dabb589d", Fixtures.samples, Self.now, "--out", blocker + "/tickets"],
                ["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--out", blocker + "/mail/daily.eml"],
            ] {
                let run = try Run(arguments)
                #expect(run.status == 73, "\(arguments[0]): \(run.stderr)")
                #expect(run.stderr.contains("\(blocker): error: cannot write: not a directory"), "\(run.stderr)")
            }
            let foreign = try Run([
                "site", Fixtures.samples, Self.now, "--out", root.appendingPathComponent("mine").path,
            ])
            #expect(foreign.status == 73)
            #expect(foreign.stderr.contains("will not replace this folder"))
            #expect(try String(contentsOf: root.appendingPathComponent("mine/notes.txt"), encoding: .utf8) == "keep")
        }
    }
}
