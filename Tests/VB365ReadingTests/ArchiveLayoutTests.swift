import Foundation
import Testing
import VB365Reading
import VB365TestSupport

@Suite("The archive layout: a folder per server, named after its address")
struct ArchiveLayoutTests {
    @Test(
        "a configured address, normalised",
        arguments: [
            ("https://vbo.example.com:4443", "vbo.example.com:4443"),
            ("https://VBO.Example.com:4443/", "vbo.example.com:4443"),
            ("HTTPS://vbo.example.com.:4443//", "vbo.example.com:4443"),
            ("https://user:secret@vbo.example.com:4443/?x=1#top", "vbo.example.com:4443"),
            ("https://vbo.example.com", "vbo.example.com:443"),
            ("http://vbo.example.com", "vbo.example.com:80"),
            ("vbo.example.com:4443", "vbo.example.com:4443"),
            ("http://[::1]:4443/VBO/", "[::1]:4443/vbo"),
            ("https://proxy.example.com/vb365/api/", "proxy.example.com:443/vb365/api"),
        ])
    func normalised(configured: String, normal: String) throws {
        let address = try #require(ServerAddress(configured: configured))
        #expect(address.description == normal)
        #expect(!address.description.contains("secret"))
    }

    @Test(
        "not an address: no host, or another scheme",
        arguments: ["ftp://vbo.example.com", "https://", "", "https://h:0"])
    func notAnAddress(text: String) {
        #expect(ServerAddress(configured: text) == nil)
    }

    @Test(
        "folder names: readable, and each read back as its address",
        arguments: [
            ("https://vbo.example.com:4443", "vbo.example.com_4443"),
            ("http://127.0.0.1:41403", "127.0.0.1_41403"),
            ("http://[::1]:4443/vbo", "%5B%3A%3A1%5D_4443%2Fvbo"),
            ("https://vbo_01.corp.local", "vbo%5F01.corp.local_443"),
            ("https://proxy.example.com/a_b/c", "proxy.example.com_443%2Fa%5Fb%2Fc"),
        ])
    func folderNames(configured: String, folder: String) throws {
        let address = try #require(ServerAddress(configured: configured))
        #expect(address.folderName == folder)
        #expect(ServerAddress(folderName: folder) == address)
        #expect(ArchiveLayout.folder(for: address) == "servers/" + folder)
    }

    @Test(
        "a folder name no address gives is not a server",
        arguments: [
            "sessions", "vbo.example.com", "vbo_", "vbo_99999", "vbo_0443", "vbo_443%2f", "VBO_443", "_443", "vbo_443x",
        ])
    func notAFolderName(name: String) {
        #expect(ServerAddress(folderName: name) == nil)
    }

    @Test("the servers of an archive, and what it holds at its top from before servers had folders")
    func entries() throws {
        try withTemporaryFolder { archive in
            try Fixtures.write(
                [
                    "jobs.json": "[]", "jobs-p2.json": "[]", "copyjobs.json": "[]", "organizations.json": "[]",
                    "organizations-p10.json": "[]", "sessions/a.json": "[]", "logs/b.json": "[]", "notes.json": "[]",
                    "jobs-old.json": "[]", "jobs-p.json": "[]", "servers/b.example_443/jobs.json": "[]",
                    "servers/a.example_4443/jobs.json": "[]", "servers/not a server/x.json": "[]",
                ], to: archive)
            #expect(
                ArchiveLayout.legacyEntries(in: archive.path) == [
                    "copyjobs.json", "jobs-p2.json", "jobs.json", "logs", "organizations-p10.json",
                    "organizations.json",
                    "sessions",
                ])
            #expect(ArchiveLayout.servers(in: archive.path).map(\.description) == ["a.example:4443", "b.example:443"])
        }
    }

    @Test("one warning left over is counted as one")
    func oneMoreWarning() async throws {
        try await withTemporaryFolder { folder in
            let sessions = (0...50).map { i in
                #"{"id": "s\#(i)", "creationTime": "2026-11-22T22:00:00Z", "status": "Success", "retryCount": "x"}"#
            }
            try Fixtures.write(["many.json": "[" + sessions.joined(separator: ",") + "]"], to: folder)
            let result = await Fixtures.read([folder.path])
            #expect(result.diagnostics.count == 51, "\(result.diagnostics.count)")
            #expect(result.diagnostics.last?.message == "1 more warning like these")
        }
    }
}
