import Foundation
import VB365Reading

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Writes response bodies into the archive layout that `summary` and `render` read: each
/// server's `organizations.json`, `jobs.json`, `sessions/*.json` and `logs/<session-id>.json` in
/// its own folder (`servers/<address>/`, see `ArchiveLayout`). Each file is written beside its
/// final name (a hidden `.partial` file, which readers skip) and renamed into place, so a reader
/// or an interrupted fetch never sees half a file; one fetch at a time holds the archive's lock.
final class ArchiveWriter: Sendable {
    /// The archive folder.
    let archive: String
    /// The server's folder in it, which every relative path written is inside.
    let root: String
    /// `servers/vbo.example.com_4443`.
    let folder: String
    private let lockDescriptor: Int32

    init(archive: String, server: ServerAddress) throws(FetchError) {
        self.archive = archive
        folder = ArchiveLayout.folder(for: server)
        root = archive + "/" + folder
        try Self.create(archive)
        let lockPath = archive + "/.vb365-fetch.lock"
        let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FetchError(.archive, "the archive \(archive) cannot be written: \(Self.reason(errno)).")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw FetchError(
                .archive, "another fetch is writing to the archive \(archive); wait for it to finish, then run again.")
        }
        lockDescriptor = fd
        for path in [root, root + "/sessions", root + "/logs"] { try Self.create(path) }
    }

    static func create(_ folder: String) throws(FetchError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FetchError(
                .archive,
                "the archive folder \(folder) cannot be created: \(Self.reason(errno)); choose another --archive.")
        }
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// Writes `bytes` to `relative` (`sessions/x.json`) atomically, replacing an older file.
    func write(_ relative: String, _ bytes: [UInt8]) throws(FetchError) {
        let path = root + "/" + relative
        let slash = path.lastIndex(of: "/")!
        let temporary =
            String(path[...slash]) + "." + String(path[path.index(after: slash)...]) + ".\(getpid()).partial"
        var fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            // A folder of its own (`jobs/`, `organizations/`): made when first needed.
            try Self.create(String(path[..<slash]))
            fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else {
            throw FetchError(.archive, "\(path) cannot be written: \(Self.reason(errno)); nothing earlier was lost.")
        }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        let code = errno
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let failure = ok ? errno : code
            unlink(temporary)
            throw FetchError(
                .archive, "\(path) cannot be written: \(Self.reason(failure)); the files fetched before it are kept.")
        }
    }

    /// Removes `relative` if it is there; true when it was.
    func remove(_ relative: String) -> Bool {
        unlink(root + "/" + relative) == 0
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
