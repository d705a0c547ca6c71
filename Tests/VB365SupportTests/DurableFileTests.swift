import Foundation
import Testing
import VB365Support
import VB365TestSupport

@Suite("DurableFile: whole or not at all, and a failure says what and where")
struct DurableFileTests {
    @Test("write replaces a file whole, with mode 0644, and leaves no temporary file")
    func replaces() throws {
        try withTemporaryFolder { root in
            let path = root.appendingPathComponent("daily.eml").path
            try DurableFile.write(Array("first".utf8), to: path)
            try DurableFile.write(Array("second, longer".utf8), to: path)
            #expect(FileManager.default.contents(atPath: path) == Data("second, longer".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["daily.eml"])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o777 } == 0o644)
            try DurableFile.write([], to: path)
            #expect(FileManager.default.contents(atPath: path) == Data())
        }
    }

    @Test("a missing folder: ENOENT for the file's own name, and nothing is created")
    func missingFolder() throws {
        try withTemporaryFolder { root throws in
            let path = root.appendingPathComponent("missing/daily.eml").path
            #expect(throws: WriteFailure(path: path, code: ENOENT)) { try DurableFile.write([1, 2, 3], to: path) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        }
    }

    @Test("a rename that fails (a folder in the way) removes the temporary file and keeps the folder")
    func renameFails() throws {
        try withTemporaryFolder { root in
            let path = root.appendingPathComponent("report.eml")
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
            try Data("keep".utf8).write(to: path.appendingPathComponent("inside.txt"))
            do throws(WriteFailure) {
                try DurableFile.write(Array("new".utf8), to: path.path)
                Issue.record("a file replaced a folder")
            } catch {
                #expect(error.path == path.path)
                #expect(error.code == EISDIR)
                #expect(error.exitStatus == .cannotCreate)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["report.eml"])
            #expect(
                FileManager.default.contents(atPath: path.appendingPathComponent("inside.txt").path)
                    == Data("keep".utf8))
        }
    }

    @Test("createFolders makes every missing folder, again does nothing, and names a file in the way")
    func createFolders() throws {
        try withTemporaryFolder { root in
            let deep = root.appendingPathComponent("a/b/c").path
            try DurableFile.createFolders(deep)
            try DurableFile.createFolders(deep)
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: deep, isDirectory: &isFolder) && isFolder.boolValue)
            try Data("x".utf8).write(to: root.appendingPathComponent("file"))
            let blocked = root.appendingPathComponent("file/sub").path
            #expect(throws: WriteFailure(path: root.appendingPathComponent("file").path, code: ENOTDIR)) {
                try DurableFile.createFolders(blocked)
            }
        }
    }

    @Test("create refuses an existing name (EEXIST) and writes a new file whole")
    func create() throws {
        try withTemporaryFolder { root in
            let path = root.appendingPathComponent("page.html").path
            try DurableFile.create(Array("page".utf8), at: path)
            #expect(throws: WriteFailure(path: path, code: EEXIST)) { try DurableFile.create([], at: path) }
            #expect(FileManager.default.contents(atPath: path) == Data("page".utf8))
            try DurableFile.syncFolder(root.path)
            try DurableFile.syncFileSystem(holding: root.path)
        }
    }

    @Test("a full disk names the output and exits 74; a failing device 74; anything else 73")
    func diagnostics() {
        let full = WriteFailure(path: "/srv/.report.vb365-new-1/index.html", code: ENOSPC)
        #expect(full.isDiskFull)
        #expect(full.exitStatus == .ioError)
        #expect(full.exitStatus.rawValue == 74)
        #expect(
            full.diagnostic(output: "/srv/report", kept: "the previous report is unchanged").description
                == "vb365-report: error: no space left on the device holding /srv/report; free space and run again; the previous report is unchanged"
        )
        let quota = WriteFailure(path: "/home/u/r.eml", code: EDQUOT)
        #expect(quota.isDiskFull && quota.exitStatus == .ioError)
        #expect(quota.diagnostic(output: "/home/u/r.eml", kept: "k").message.contains("quota"))
        let failing = WriteFailure(path: "/srv/a.json", code: EIO)
        #expect(!failing.isDiskFull && failing.exitStatus == .ioError)
        let denied = WriteFailure(path: "/srv/a.json", code: EACCES)
        #expect(denied.exitStatus == .cannotCreate)
        #expect(
            denied.diagnostic(output: "/srv", kept: "nothing changed").description
                == "/srv/a.json: error: cannot write: permission denied; check the path and its permissions; nothing changed"
        )
    }
}

@Suite("FolderLock: one run at a time, and nothing left behind when asked")
struct FolderLockTests {
    @Test("a second taker is refused while the lock is held, and gets it once it is released")
    func exclusive() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent(".lock").path
            var first = try FolderLock(path: path)
            #expect(first != nil)
            #expect(try FolderLock(path: path) == nil, "held by the first")
            first = nil
            #expect(try FolderLock(path: path) != nil, "released")
            #expect(FileManager.default.fileExists(atPath: path), "kept unless asked")

            var removing = try FolderLock(path: path, removingFileOnRelease: true)
            #expect(removing != nil)
            removing = nil
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(throws: WriteFailure.self) { try FolderLock(path: folder.path + "/missing/.lock") }
        }
    }
}
