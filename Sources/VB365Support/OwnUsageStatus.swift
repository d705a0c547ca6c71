/// A command whose bad usage ends with its own status and a line on standard output instead of
/// 64: a monitoring plugin must exit 3 (UNKNOWN) on every error of its own, bad usage included.
public protocol OwnUsageStatus {
    /// The status bad usage exits with.
    static var usageStatus: ExitStatus { get }
    /// The line standard output gets for the usage error `message` (which standard error gets whole).
    static func usageLine(_ message: String) -> String
}
