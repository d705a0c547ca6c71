#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one input: a regular file is mapped into memory (so a very large file costs
/// address space, not resident memory); anything else (standard input, a pipe) is read.
///
/// Unchecked: the pointer is set once and the bytes are never written after `init`, so sharing
/// them between threads is safe; the memory is released only in `deinit`.
final class InputBytes: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer?
    private let length: Int
    private let mapped: Bool

    /// Calls `body` with the bytes, which stay mapped until it returns (Swift may otherwise end
    /// `self`'s lifetime after its last use, and with it the mapping).
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(UnsafeRawBufferPointer(start: pointer, count: length)) }
    }

    /// Opens and maps (or reads) a file. Throws a sentence saying what went wrong.
    init(path: String) throws(InputFailure) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFailure.system(errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InputFailure.system(errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputFailure.message("is a directory") }
        if (info.st_mode & S_IFMT) == S_IFREG {
            let size = Int(info.st_size)
            if size == 0 {
                (pointer, length, mapped) = (nil, 0, false)
                return
            }
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw InputFailure.system(errno)
            }
            (pointer, length, mapped) = (p, size, true)
        } else {
            let (p, n) = try InputBytes.readAll(fd)
            (pointer, length, mapped) = (p, n, false)
        }
    }

    /// Reads standard input to its end.
    init(standardInput: Void) throws(InputFailure) {
        let (p, n) = try InputBytes.readAll(STDIN_FILENO)
        (pointer, length, mapped) = (p, n, false)
    }

    /// Bytes given directly (tests, benchmarks).
    init(bytes: [UInt8]) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        (pointer, length, mapped) = (p, bytes.count, false)
    }

    /// The most read from a pipe or a device (a larger input belongs in a file).
    static let streamLimit = 1 << 30

    /// Reads a pipe or device to its end, at most `streamLimit` bytes. Reading stops early when
    /// the first bytes cannot start a JSON document, so `/dev/zero` or a binary stream fails at
    /// once instead of filling memory.
    private static func readAll(_ fd: Int32) throws(InputFailure) -> (UnsafeMutableRawPointer?, Int) {
        var capacity = 1 << 16
        var used = 0
        var p = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        while true {
            if used == capacity {
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: p, byteCount: used)
                p.deallocate()
                p = bigger
                capacity *= 2
            }
            let n = read(fd, p + used, capacity - used)
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                p.deallocate()
                throw InputFailure.system(code)
            }
            if n == 0 { break }
            used += n
            if !looksLikeJSON(UnsafeRawBufferPointer(start: p, count: used)) { break }
            if used > streamLimit {
                p.deallocate()
                throw InputFailure.message(
                    "more than 1 GiB arrived on a pipe or device; save the input to a file and name the file instead")
            }
        }
        return (p, used)
    }

    /// False when the first non-blank byte cannot start a JSON document (true while only blanks
    /// have been seen).
    static func looksLikeJSON(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes {
            switch b {
            case 0x20, 0x0A, 0x0D, 0x09: continue
            case UInt8(ascii: "{"), UInt8(ascii: "["), 0xEF: return true
            default: return false
            }
        }
        return true
    }

    deinit {
        guard let pointer else { return }
        if mapped { munmap(pointer, length) } else { pointer.deallocate() }
    }
}

/// Why an input could not be opened.
enum InputFailure: Error {
    case system(Int32)
    case message(String)

    var sentence: String {
        switch self {
        case .system(let code):
            switch code {
            case ENOENT: return "no such file or directory; check the path"
            case EACCES: return "permission denied; check the file's permissions"
            default: return String(cString: strerror(code))
            }
        case .message(let text): return text
        }
    }
}
