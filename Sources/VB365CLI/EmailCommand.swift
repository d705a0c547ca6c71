import ArgumentParser
import VB365Delivery
import VB365Pipeline

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
            not valid XHTML; 73 the file cannot be written; 74 the \
            disk is full (or failed); 75 sendmail failed; the fetch statuses \
            with --server.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(
        help: "A recipient (repeat for more): user@example.com or 'Backup Team <backup@example.com>'.",
        transform: MailAddress.parse)
    var to: [MailAddress] = []

    @Option(
        help: "The sender, an address such as reports@example.com. Default: vb365-report@ this host's name.",
        transform: MailAddress.parse)
    var from: MailAddress?

    @Option(help: "The subject, with %JobResult%, %Issues%, %OrgName%, %JobName%, %ObjectCount% and %Time%.")
    var subject = EmailComposer.defaultSubject

    @Option(
        help:
            "The published site's address (https://reports.example.com/vb365): names link there, and left-out parts point to it.",
        transform: WebAddress.parse)
    var siteUrl: WebAddress?

    @Option(
        help:
            "Write the message to this .eml file (CRLF line ends; missing folders are created) instead of standard output; with --split, a folder that receives <tenant>.eml for each."
    )
    var out: String?

    @Flag(help: "Send the message with sendmail -t -i instead of printing it.")
    var sendmail = false

    @Option(help: "The sendmail program.")
    var sendmailPath = "/usr/sbin/sendmail"

    @Option(
        help:
            "Send (or write) nothing, and say so, unless the window reaches this level (warning or failed) or holds no data."
    )
    var onlyIf: FailLevel?

    @OptionGroup var look: LookOptions
    @OptionGroup var split: SplitOptions

    public init() {}

    public func validate() throws {
        if to.isEmpty { throw ValidationError("Give at least one --to address.") }
        let unknown = EmailComposer.unknownVariables(in: subject)
        if !unknown.isEmpty {
            throw ValidationError(
                "--subject uses \(unknown.joined(separator: ", ")), which \(unknown.count == 1 ? "is" : "are") not a variable; the variables are \(EmailComposer.subjectVariables.map(\.name).joined(separator: ", "))."
            )
        }
        if sendmail && out != nil { throw ValidationError("Give --sendmail or --out, not both.") }
    }

    public func run() async throws {
        var options = EmailOptions(from: from ?? .defaultSender, to: to)
        options.subject = subject
        options.siteURL = siteUrl?.text
        let destination: Pipeline.EmailDestination =
            sendmail ? .sendmail(Sendmail(path: sendmailPath)) : out.map { .file($0) } ?? .standardOutput
        let pipeline = report.pipeline(source.source, look: look.settings, split: split.split)
        let request = Pipeline.EmailRequest(options: options, onlyIf: onlyIf?.severity, destination: destination)
        if let bytes = try await pipeline.email(request) { StandardOutput.write(bytes) }
    }
}
