import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365TestSupport

@Suite("Reading files, folders and standard input into one inventory")
struct InventoryReaderTests {
    @Test("the bundled samples: every version's files, jobs, organizations and logs join up")
    func samples() async throws {
        let result = await Fixtures.read([Fixtures.samples])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let inventory = result.inventory
        #expect(inventory.jobs.count == 4)
        #expect(inventory.organizations.count == 2)
        #expect(inventory.sessions.count > 50)
        #expect(inventory.duplicateSessions == 3)
        // Every session names a job that the jobs file knows, and every job an organization.
        for record in inventory.sessions {
            let job = try #require(inventory.jobID(of: record))
            #expect(inventory.jobs[job]?.name != nil)
        }
        for job in inventory.jobs.values { #expect(job.organizationID.flatMap { inventory.organizations[$0] } != nil) }
        #expect(!inventory.logItems.isEmpty)
    }

    @Test("the same session seen twice counts once: the higher eTag wins, else the later end")
    func duplicates() async throws {
        try await withTemporaryFolder { folder in
            let running = #"{"id": "s1", "creationTime": "2026-11-22T22:00:00Z", "endTime": null, "status": "Running"}"#
            let done =
                #"{"id": "s1", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Success"}"#
            let oldETag =
                #"{"id": "s2", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T23:00:00Z", "status": "Failed", "eTag": 2}"#
            let newETag =
                #"{"id": "s2", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:30:00Z", "status": "Success", "eTag": 3}"#
            try Fixtures.write(["a.json": "[\(done), \(newETag)]", "b.json": "[\(running), \(oldETag)]"], to: folder)
            let result = await Fixtures.read([folder.path])
            let inventory = result.inventory
            #expect(inventory.sessions.count == 2)
            #expect(inventory.duplicateSessions == 2)
            #expect(inventory.record(for: .text("s1")).map(inventory.status(of:)) == .success)
            #expect(inventory.record(for: .text("s2")).map(inventory.status(of:)) == .success)
        }
    }

    @Test("problems name the file, line and column; other files are still checked")
    func errors() async throws {
        try await withTemporaryFolder { folder in
            try Fixtures.write(
                [
                    "a-empty.json": "",
                    "b-truncated.json": "[{\"id\": \"x\",\n \"creationTime\": \"2026",
                    "c-good.json": "[]",
                    "d-text.json": "not json at all",
                    "notes.txt": "ignored: not .json",
                ], to: folder)
            let result = await Fixtures.read([folder.path, folder.path + "/missing.json"])
            let lines = result.diagnostics.map(\.description)
            #expect(result.hasErrors)
            #expect(
                lines.contains(
                    "\(folder.path)/a-empty.json:1:1: error: the file is empty; expected a VB365 JSON response"))
            #expect(
                lines.contains {
                    $0.hasPrefix("\(folder.path)/b-truncated.json:2:18: error: unexpected end of input inside a string")
                })
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "\(folder.path)/d-text.json:1:1: error: expected an object or an array at the top level of a VB365 response, found 'n'"
                    )
                })
            #expect(lines.contains("\(folder.path)/missing.json: error: no such file or directory; check the path"))
            #expect(lines.count == 4)
        }
    }

    @Test(
        "not strict: a file of a folder that cannot be read is set aside and named; one named itself, or all, still stop"
    )
    func unreadableSetAside() async throws {
        try await withTemporaryFolder { folder in
            let page = "<html><head><title>502 Bad Gateway</title></head><body></body></html>"
            try Fixtures.write(
                [
                    "a-good.json": #"[{"id": "s1", "creationTime": "2026-11-22T22:00:00Z", "status": "Success"}]"#,
                    "servers/vbo.example.com_4443/sessions/b-html.json": page,
                ], to: folder)
            let bad = folder.path + "/servers/vbo.example.com_4443/sessions/b-html.json"
            let tolerant = await InventoryReader.read(InputList([folder.path]), concurrency: 2, strict: false)
            #expect(!tolerant.hasErrors)
            #expect(tolerant.inventory.sessions.count == 1)
            #expect(
                tolerant.inventory.unreadableFiles == [
                    UnreadableFile(
                        path: bad, line: 1, column: 1,
                        reason:
                            "an HTML page (502 Bad Gateway), not JSON: the server or a proxy answered with an error page; fetch again (and check the server or proxy if it happens again)",
                        server: "vbo.example.com:4443")
                ])
            #expect(tolerant.diagnostics.map(\.level) == [.warning])
            #expect(tolerant.diagnostics.first?.path == bad)
            // Strict (the default), named itself, or nothing readable: an error, as before.
            #expect(await InventoryReader.read(InputList([folder.path]), concurrency: 2).hasErrors)
            let named = await InventoryReader.read(InputList([folder.path + "/a-good.json", bad]), strict: false)
            #expect(named.hasErrors)
            #expect(named.inventory.unreadableFiles.isEmpty)
            let alone = await InventoryReader.read(
                InputList([folder.path + "/servers"]), concurrency: 2, strict: false)
            #expect(alone.hasErrors, "no file could be read: nothing to report from")
        }
    }

    @Test("a 1 GB file that is not JSON fails at once, without reading it into memory")
    func hugeFile() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("huge.json").path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: 1 << 30)
            try handle.close()
            let result = await Fixtures.read([path])
            #expect(
                result.diagnostics.map(\.description) == [
                    "\(path):1:1: error: expected a JSON value, found a NUL byte (is this a binary file?)"
                ])
        }
    }

    @Test("warnings keep their position and do not stop reading")
    func warnings() async throws {
        try await withTemporaryFolder { folder in
            try Fixtures.write(
                [
                    "s.json":
                        "[\n  {\"id\": \"a\", \"creationTime\": \"2026-11-22T22:00:00Z\",\n   \"statistics\": {\"readRateBytesPS\": -1}}\n]"
                ], to: folder)
            let result = await Fixtures.read([folder.path])
            #expect(!result.hasErrors)
            #expect(result.inventory.sessions.count == 1)
            #expect(
                result.diagnostics.map(\.description) == [
                    "\(folder.path)/s.json:3:38: warning: readRateBytesPS is negative (-1); it is unknown"
                ])
        }
    }

    @Test("folders are searched recursively in sorted order; hidden files are skipped")
    func listing() throws {
        try withTemporaryFolder { folder in
            try Fixtures.write(
                ["b/2.json": "[]", "a.json": "[]", "b/1.JSON": "[]", ".hidden/x.json": "[]", "b/c.txt": ""], to: folder)
            let list = InputList([folder.path, "-"])
            #expect(
                list.items == [
                    .file(folder.path + "/a.json"), .file(folder.path + "/b/1.JSON"), .file(folder.path + "/b/2.json"),
                    .standardInput,
                ])
            #expect(InputList([folder.path + "/b/c.txt"]).items == [.file(folder.path + "/b/c.txt")])
        }
    }

    @Test("a folder reached through a symbolic link, and linked files inside a folder, are read")
    func symbolicLinks() async throws {
        try await withTemporaryFolder { folder in
            let link = folder.appendingPathComponent("samples-link")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: Fixtures.samples)
            let direct = await Fixtures.read([Fixtures.samples])
            let linked = await Fixtures.read([link.path])
            #expect(linked.inventory.sessions.count == direct.inventory.sessions.count)
            #expect(linked.diagnostics.isEmpty)
        }
    }

    @Test("a device that never ends is refused at once")
    func endlessDevice() async {
        let result = await Fixtures.read(["/dev/zero"])
        #expect(result.diagnostics.map(\.description).first?.hasPrefix("/dev/zero:1:1: error:") == true)
    }

    @Test("the result does not depend on how many cores decoded the files")
    func deterministic() async throws {
        let one = await Fixtures.read([Fixtures.samples], concurrency: 1).inventory
        let two = await Fixtures.read([Fixtures.samples], concurrency: 2).inventory
        let five = await Fixtures.read([Fixtures.samples], concurrency: 5).inventory
        for other in [two, five] {
            #expect(one.sessions.map { one.id(of: $0) } == other.sessions.map { other.id(of: $0) })
            #expect(one.sessions.map(\.end) == other.sessions.map(\.end))
            #expect(one.duplicateSessions == other.duplicateSessions)
        }
    }
}
