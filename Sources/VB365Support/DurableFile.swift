import CFileSystem
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place files are written: whole or not at all, and, where they must outlive a crash or
/// a power loss (archive pages, the `.eml`, ticket files, a published report), flushed to the
/// disk with their folder before they are published.
public enum DurableFile {
    /// Makes each temporary name unique within the process, so two writers never share one.
    private static let counter = Atomic<Int>(0)

    /// Replaces `path` with `bytes` so that it holds either its old bytes or all of the new ones,
    /// also after a power loss: the bytes go to a hidden file beside it (`.NAME.PID-N.partial`,
    /// which readers skip), which is flushed (`fsync`), renamed over `path`, and then the folder
    /// is flushed so that the rename lasts. A failure removes the hidden file and leaves `path`
    /// as it was; the folder must exist (`createFolders`). `flushing: false` leaves out both
    /// flushes, for a scratch folder that is removed after the run.
    public static func write(_ bytes: [UInt8], to path: String, flushing: Bool = true) throws(WriteFailure) {
        let (folder, name) = split(path)
        let serial = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let temporary = folder + "/." + name + ".\(getpid())-\(serial).partial"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteFailure(path: path, code: errno) }
        var failure = writeAll(bytes, to: fd) ?? (!flushing || fsync(fd) == 0 ? nil : errno)
        // close reports a deferred write error on some file systems (NFS).
        if close(fd) != 0, failure == nil { failure = errno }
        if let failure {
            unlink(temporary)
            throw WriteFailure(path: path, code: failure)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteFailure(path: path, code: code)
        }
        if flushing { try syncFolder(folder) }
    }

    /// Creates the new file `path` (which must not exist) with `bytes`, without flushing it: for
    /// the files of a staging folder that `syncFileSystem(holding:)` flushes as a whole before it
    /// is published. A failure leaves the partly written file for the caller to remove with its
    /// folder.
    public static func create(_ bytes: [UInt8], at path: String) throws(WriteFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteFailure(path: path, code: errno) }
        var failure = writeAll(bytes, to: fd)
        if close(fd) != 0, failure == nil { failure = errno }
        if let failure { throw WriteFailure(path: path, code: failure) }
    }

    /// Creates `folder` and every missing folder above it (as `mkdir -p` does), flushing each new
    /// folder's name into its parent; does nothing when it exists.
    public static func createFolders(_ folder: String) throws(WriteFailure) {
        var prefix = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/") {
            let parent = prefix.isEmpty ? "." : prefix
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(component) : "/" + String(component)
            if mkdir(prefix, 0o755) == 0 {
                try syncFolder(parent)
                continue
            }
            let code = errno
            var info = stat()
            guard code == EEXIST, stat(prefix, &info) == 0 else { throw WriteFailure(path: prefix, code: code) }
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw WriteFailure(path: prefix, code: ENOTDIR) }
        }
    }

    /// Flushes a folder's entries (new names, renames) to the disk. A file system that cannot
    /// flush a folder (EINVAL) is taken at its word that it need not.
    public static func syncFolder(_ folder: String) throws(WriteFailure) {
        let fd = open(folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteFailure(path: folder, code: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 && errno != EINVAL { throw WriteFailure(path: folder, code: errno) }
    }

    /// Flushes every file and folder written on the file system that holds `path` (Linux
    /// `syncfs`): for a folder of many new files, one call instead of one `fsync` each, which
    /// on a disk costs about a millisecond apiece.
    public static func syncFileSystem(holding path: String) throws(WriteFailure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WriteFailure(path: path, code: errno) }
        defer { close(fd) }
        if vb365_sync_file_system(fd) != 0 { throw WriteFailure(path: path, code: errno) }
    }

    /// Writes all of `bytes`, again after an interruption or a short write; the error number
    /// when the system refuses.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }

    /// The folder and the name of a path (`.` for a bare name).
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Musl)
    private let systemWrite = Musl.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif
