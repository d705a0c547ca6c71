#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes diagnostics on standard error, one per line, made safe for a terminal: the one place
/// the tool talks to the user about problems.
public enum DiagnosticPrinter {
    /// The most input problems shown from one list; the rest are counted.
    public static let limit = 40

    /// Prints `diagnostics` (warnings and notes left out when `quiet`), at most `limit`.
    public static func print(_ diagnostics: [Diagnostic], quiet: Bool = false) {
        let shown = diagnostics.filter { !quiet || $0.level == .error }
        for d in shown.prefix(limit) { printLine(d.description, level: d.level) }
        if shown.count > limit {
            print(Diagnostic(level: .note, message: "\(shown.count - limit) more problems not shown"))
        }
    }

    /// Prints one diagnostic.
    public static func print(_ diagnostic: Diagnostic) {
        printLine(diagnostic.description, level: diagnostic.level)
    }

    /// Prints a warning about the run as a whole.
    public static func warning(_ message: String) {
        print(Diagnostic(level: .warning, message: message))
    }

    /// Prints a note about the run as a whole (what was done); callers leave it out when quiet.
    public static func note(_ message: String) {
        printLine("\(Diagnostic.tool): \(message)")
    }

    /// Whether standard error goes to the systemd journal (`JOURNAL_STREAM` names it): then each
    /// line starts with its syslog priority (`<3>` error, `<4>` warning, `<6>` note), which the
    /// journal takes off and keeps, so `journalctl -p warning -u vb365-report` shows problems only.
    public static let toJournal: Bool = {
        guard let value = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return false }
        let parts = value.split(separator: ":")
        var info = stat()
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]), fstat(2, &info) == 0
        else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }()

    /// Prints a line on standard error; input-derived text in it cannot steer the terminal.
    public static func printLine(_ line: String, level: Diagnostic.Level = .note) {
        var text = VisibleText.escapingUnsafe(line, forXML: false) + "\n"
        if toJournal {
            switch level {
            case .error: text = "<3>" + text
            case .warning: text = "<4>" + text
            case .note: text = "<6>" + text
            }
        }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
