#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file or folder the system would not let the tool write: which one, and the system's error
/// number. Every stage that writes says the same thing about the same failure through
/// `diagnostic(output:kept:)`, and a full disk always ends the run with 74 (EX_IOERR).
public struct WriteFailure: Error, Sendable, Equatable {
    /// The file or folder that could not be written (the final name, never a temporary one).
    public var path: String
    /// The system's error number (`errno`).
    public var code: Int32

    /// Creates a failure.
    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// Whether the device has no space left, or the user's quota on it is used up.
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }

    /// The system's words for the error, in lower case ("permission denied").
    public var reason: String { String(cString: strerror(code)).lowercased() }

    /// 74 (EX_IOERR) when the disk is full or failed (EIO), 73 (EX_CANTCREAT) otherwise (a
    /// missing permission, a file where a folder should be).
    public var exitStatus: ExitStatus { isDiskFull || code == EIO ? .ioError : .cannotCreate }

    /// What to tell the user: `output` is what they asked to write (the report folder, the
    /// `.eml` file, the archive), `kept` what is still as it was ("the previous report is
    /// unchanged").
    public func diagnostic(output: String, kept: String) -> Diagnostic {
        switch code {
        case ENOSPC:
            return Diagnostic(
                message: "no space left on the device holding \(output)", advice: "free space and run again; \(kept)")
        case EDQUOT:
            return Diagnostic(
                message: "the disk quota is used up on the device holding \(output)",
                advice: "free space and run again; \(kept)")
        case EIO:
            return Diagnostic(
                path: path, message: "the device failed to write (input/output error)",
                advice: "check the disk, then run again; \(kept)")
        default:
            return Diagnostic(
                path: path, message: "cannot write: \(reason)",
                advice: "check the path and its permissions; \(kept)")
        }
    }
}
