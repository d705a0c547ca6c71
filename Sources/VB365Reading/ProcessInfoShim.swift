import Foundation

/// Facts about the running process.
public enum ProcessInfoShim {
    /// Cores available to this process.
    public static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The peak resident memory of this process in bytes (Linux `VmHWM`), if known.
    public static var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
