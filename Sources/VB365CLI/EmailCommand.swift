import ArgumentParser
import Foundation
import VB365Delivery
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import XHTMLValidation

#if canImport(Glibc)
    import Glibc
#endif

/// `vb365-report email`: the daily report as an e-mail, written to a file, to standard output,
/// or handed to sendmail.
public struct EmailCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "email",
        abstract: "Write the daily report as an e-mail (RFC 5322, text and HTML), or send it with sendmail.",
        discussion: """
            The message is multipart/alternative: the Markdown digest as text/plain, and the digest \
            restyled for mail clients as text/html (inline styles, tables, no images or scripts, links \
            only to --site-url), in UTF-8, quoted-printable. The HTML part is kept under 100 KB by \
            leaving out log lines, then jobs that succeeded, then older sessions, saying so.

            Subject variables: \(EmailComposer.subjectVariables.map { "\($0.name) (\($0.meaning))" }.joined(separator: "; ")).

            Exit status: 0 written or sent (or nothing to send with --only-if); 64 bad usage; 65 an \
            input could not be read; 69 sendmail or the XHTML DTDs are missing; 70 the HTML part is \
            not valid XHTML; 73 the file cannot be written; 75 sendmail failed; the fetch statuses \
            with --server.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "A recipient (repeat for more): user@example.com or 'Backup Team <backup@example.com>'.")
    var to: [String] = []

    @Option(help: "The sender. Default: vb365-report@ this host's name.")
    var from: String?

    @Option(help: "The subject, with %JobResult%, %Issues%, %OrgName%, %JobName%, %ObjectCount% and %Time%.")
    var subject = EmailComposer.defaultSubject

    @Option(help: "The published site's address: names link there, and left-out parts point to it.")
    var siteUrl: String?

    @Option(help: "Write the message to this .eml file (CRLF line ends) instead of standard output.")
    var out: String?

    @Flag(help: "Send the message with sendmail -t -i instead of printing it.")
    var sendmail = false

    @Option(help: "The sendmail program.")
    var sendmailPath = "/usr/sbin/sendmail"

    @Option(help: "Send (or write) nothing, and say so, unless the window reaches this level: warning or failed.")
    var onlyIf: SummaryCommand.FailLevel?

    @OptionGroup var look: LookOptions

    public init() {}

    public func validate() throws {
        if to.isEmpty { throw ValidationError("Give at least one --to address.") }
        for address in to + [from].compactMap({ $0 }) where MailAddress(address) == nil {
            throw ValidationError("'\(address)' is not an e-mail address such as backup@example.com.")
        }
        let unknown = EmailComposer.unknownVariables(in: subject)
        if !unknown.isEmpty {
            throw ValidationError(
                "--subject uses \(unknown.joined(separator: ", ")), which \(unknown.count == 1 ? "is" : "are") not a variable; the variables are \(EmailComposer.subjectVariables.map(\.name).joined(separator: ", "))."
            )
        }
        if let siteUrl {
            guard let url = URL(string: siteUrl), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false, url.query == nil, url.fragment == nil
            else {
                throw ValidationError(
                    "--site-url '\(siteUrl)' is not an http(s) address such as https://reports.example.com/vb365.")
            }
        }
        if sendmail && out != nil { throw ValidationError("Give --sendmail or --out, not both.") }
    }

    /// `vb365-report@<host name>`.
    static var defaultSender: String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let host = String(cString: name).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return "vb365-report@" + (host.isEmpty ? "localhost" : host)
    }

    public func run() async throws {
        let templateSet = try look.templateSet()
        let validator = try look.validator()
        let result = try await source.read(report: report)
        let summary = try report.summarize(result.inventory)
        if let onlyIf, !summary.reaches(onlyIf.severity) {
            Diagnostics.printLine(
                "vb365-report: nothing sent: the window holds nothing at \(onlyIf.rawValue) level or above (--only-if \(onlyIf.rawValue))."
            )
            return
        }
        let sender =
            from.flatMap(MailAddress.init) ?? MailAddress(Self.defaultSender) ?? MailAddress("vb365-report@localhost")!
        var options = EmailOptions(from: sender, to: to.compactMap(MailAddress.init))
        options.subject = subject
        options.siteURL = siteUrl
        let input = ReportInput(
            summary: summary, logItems: result.inventory.logItems, time: look.time,
            toolVersion: ReportCommand.toolVersion)
        let email: ComposedEmail
        do {
            email = try EmailComposer.compose(input, templates: templateSet, options: options, validator: validator)
        } catch {
            Diagnostics.printLine("vb365-report: \(error.description)")
            throw ExitCode(70)
        }
        if let omitted = email.omitted, !report.quiet {
            Diagnostics.printLine(
                "vb365-report: the HTML part was cut down to \(email.htmlBytes / 1000) KB. \(omitted)")
        }
        if sendmail {
            try send(email.message.render(lineEnd: "\n"))
        } else if let out {
            try write(email.message.render(lineEnd: "\r\n"), to: out)
        } else {
            FileHandle.standardOutput.write(Data(email.message.render(lineEnd: "\n")))
        }
    }

    /// Writes the file beside its final name, then renames it: never half a message.
    func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try ReportPublisher.writeAtomically(bytes, to: path)
        } catch {
            throw LookOptions.cannotWrite(error)
        }
    }

    /// Pipes the message to `sendmail -t -i` (recipients from the headers; a lone dot does not end it).
    func send(_ bytes: [UInt8]) throws {
        guard FileManager.default.isExecutableFile(atPath: sendmailPath) else {
            Diagnostics.printLine(
                "vb365-report: \(sendmailPath) is not there (or not executable), so nothing was sent; install a mail transfer agent (postfix, msmtp-mta, …) or give --sendmail-path."
            )
            throw ExitCode(69)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sendmailPath)
        process.arguments = ["-t", "-i"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = errors
        do {
            try process.run()
        } catch {
            Diagnostics.printLine("vb365-report: \(sendmailPath) cannot be started: \(error.localizedDescription).")
            throw ExitCode(69)
        }
        // Ignore SIGPIPE so that a sendmail that quits early is reported, not fatal.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(bytes))
        try? input.fileHandleForWriting.close()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: said.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            Diagnostics.printLine(
                "vb365-report: \(sendmailPath) failed with status \(process.terminationStatus)\(text.isEmpty ? "" : ": \(text)"); the message was not sent."
            )
            throw ExitCode(75)
        }
        if !report.quiet {
            Diagnostics.printLine("vb365-report: sent to \(to.joined(separator: ", ")) with \(sendmailPath).")
        }
    }
}
