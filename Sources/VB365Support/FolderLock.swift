#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a lock file (`flock`), taken without waiting: one run at a time writes a
/// folder (an archive, a report), and a second run gives up at once rather than queue behind it.
public final class FolderLock: Sendable {
    /// The lock file.
    public let path: String
    /// Whether releasing removes the lock file (for a lock beside a folder that must leave
    /// nothing behind).
    private let removesFile: Bool
    private let descriptor: Int32

    /// Takes the lock at `path`, creating the file; nil when another run holds it. Throws when
    /// the file cannot be created (a full disk, no permission).
    public init?(path: String, removingFileOnRelease: Bool = false) throws(WriteFailure) {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteFailure(path: path, code: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        self.path = path
        self.removesFile = removingFileOnRelease
        self.descriptor = fd
    }

    // Removed while still held, so no lock file stays behind (a run that finds the lock taken
    // gives up rather than wait, so it never locks a removed file).
    deinit {
        if removesFile { unlink(path) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
