import Foundation
import VB365Reading
import VB365Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes response bodies into the archive layout that `summary` and `render` read: each
/// server's `organizations.json`, `jobs.json`, `sessions/*.json` and `logs/<session-id>.json` in
/// its own folder (`servers/<address>/`, see `ArchiveLayout`). Each file is written beside its
/// final name (a hidden `.partial` file, which readers skip), flushed to the disk and renamed into
/// place, so a reader, an interrupted fetch or a power loss never leaves half a file; one fetch at
/// a time holds a server's folder (its lock), so several servers can be fetched into one archive
/// at once.
final class ArchiveWriter: Sendable {
    /// The archive folder.
    let archive: String
    /// The server's folder in it, which every relative path written is inside.
    let root: String
    /// `servers/vbo.example.com_4443`.
    let folder: String
    /// Whether each file is flushed to the disk before it is renamed in (`DurableFile.write`).
    let durable: Bool
    /// Held while the writer lives: one fetch at a time per server folder.
    private let lock: FolderLock

    init(archive: String, server: ServerAddress, durable: Bool = true) throws(FetchError) {
        self.archive = archive
        self.durable = durable
        folder = ArchiveLayout.folder(for: server)
        root = archive + "/" + folder
        try Self.create(root, in: archive)
        lock = try Self.lock(root, archive: archive, server: server)
        for path in [root + "/sessions", root + "/logs"] { try Self.create(path, in: archive) }
    }

    /// The lock of a server's folder (`root`), taken without waiting: another fetch of the same
    /// server into the same archive is refused; other servers' fetches go on beside it.
    static func lock(_ root: String, archive: String, server: ServerAddress) throws(FetchError) -> FolderLock {
        let taken: FolderLock?
        do {
            taken = try FolderLock(path: root + "/.vb365-fetch.lock")
        } catch {
            throw failure(error, archive: archive)
        }
        guard let taken else {
            throw FetchError(
                .archive,
                "another fetch of \(server) is writing to the archive \(archive); wait for it to finish, then run again."
            )
        }
        return taken
    }

    /// Creates `folder` (in `archive`) and the missing ones above it; a full disk is a storage
    /// failure (74).
    static func create(_ folder: String, in archive: String) throws(FetchError) {
        do {
            try DurableFile.createFolders(folder)
        } catch {
            throw failure(error, archive: archive)
        }
    }

    /// The fetch's error for a write that failed in `archive`: 74 for a full disk, else 73.
    static func failure(_ error: WriteFailure, archive: String) -> FetchError {
        let told = error.diagnostic(output: "the archive \(archive)", kept: "the files fetched before it are kept")
        let location = told.path.map { "\($0): " } ?? ""
        return FetchError(
            error.exitStatus == .ioError ? .storage : .archive, "\(location)\(told.message); \(told.advice ?? "")")
    }

    /// Writes `bytes` to `relative` (`sessions/x.json`) whole, replacing an older file; durably
    /// unless the archive is temporary (`DurableFile.write`: flushed to the disk, with its folder,
    /// around the rename).
    func write(_ relative: String, _ bytes: [UInt8]) throws(FetchError) {
        let path = root + "/" + relative
        let parent = String(path[..<path.lastIndex(of: "/")!])
        // A folder of its own (`jobs/`, `organizations/`): made when first needed.
        if !FileManager.default.fileExists(atPath: parent) { try Self.create(parent, in: archive) }
        do {
            try DurableFile.write(bytes, to: path, flushing: durable)
        } catch {
            throw Self.failure(error, archive: archive)
        }
    }

    /// True when `relative` is there.
    func exists(_ relative: String) -> Bool {
        access(root + "/" + relative, F_OK) == 0
    }

    /// Removes `relative` if it is there; true when it was.
    func remove(_ relative: String) -> Bool {
        unlink(root + "/" + relative) == 0
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
