import Foundation
import VB365Support

#if canImport(Glibc)
    import Glibc
#endif

/// Hands a message to the local mail transfer agent: `sendmail -t -i` (recipients from the
/// headers; a line with a lone dot does not end the message).
package struct Sendmail: Sendable {
    /// The program, `/usr/sbin/sendmail` unless told otherwise.
    package var path: String

    /// Creates a transport.
    package init(path: String = "/usr/sbin/sendmail") { self.path = path }

    /// Sends `bytes` (a message with LF line ends). Throws 69 when the program is missing and 75
    /// when it fails, quoting what it said.
    package func send(_ bytes: [UInt8]) throws(Failure) {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(
                .unavailable, path: path, "not there (or not executable), so nothing was sent",
                advice: "install a mail transfer agent (postfix, msmtp-mta, …) or give --sendmail-path")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "-i"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = errors
        do {
            try process.run()
        } catch {
            throw Failure(.unavailable, path: path, "cannot be started: \(error.localizedDescription)")
        }
        // A sendmail that quits before reading everything must be reported, not end this process
        // with SIGPIPE; the write below then fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(bytes))
        try? input.fileHandleForWriting.close()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: said.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(
                .temporaryFailure, path: path,
                "failed with status \(process.terminationStatus)\(text.isEmpty ? "" : ": \(text)")",
                advice: "the message was not sent")
        }
    }
}

extension MailAddress {
    /// `vb365-report@<this host's name>`, the sender when none is given.
    package static var defaultSender: MailAddress {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let bytes = name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let host = String(decoding: bytes, as: UTF8.self).filter {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-")
        }.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return MailAddress("vb365-report@" + (host.isEmpty ? "localhost" : host))
            ?? MailAddress("vb365-report@localhost")!
    }
}
