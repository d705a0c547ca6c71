import ArgumentParser
import VB365Delivery
import VB365Pipeline
import VB365SMTP

/// `vb365-report email`: the daily report as an e-mail, written to a file, to standard output,
/// handed to sendmail, or submitted to an SMTP relay.
package struct EmailCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "email",
        abstract:
            "Write the daily report as an e-mail (RFC 5322, text and HTML), or send it with sendmail or an SMTP relay.",
        discussion: """
            The message is multipart/alternative: the Markdown digest as text/plain, and the digest \
            restyled for mail clients as text/html (inline styles, tables, no images or scripts, links \
            only to --site-url), in UTF-8, quoted-printable. The HTML part is kept under 100 KB by \
            leaving out log lines, then jobs that succeeded, then older sessions, saying so.

            Subject variables: \(EmailComposer.subjectVariables.map { "\($0.name) (\($0.meaning))" }.joined(separator: "; ")).

            --smtp smtp://host[:587] submits it with STARTTLS (required: nothing, credentials least of all, \
            goes in clear; --smtp-starttls=optional only for a relay on this machine), smtps://host[:465] \
            with TLS from the start; certificates are verified (--smtp-ca-cert adds a private CA). AUTH \
            PLAIN or LOGIN with --smtp-user and the password from VB365_SMTP_PASSWORD or \
            --smtp-password-file (XOAUTH2 is not supported). A 4xx reply or a lost connection is tried \
            again after 5, 30 and 120 s; a 5xx is final. With --split organization, every tenant's \
            message goes through one connection.

            Exit status: 0 written or sent (or nothing to send with --only-if); 64 bad usage (also \
            --smtp-starttls=optional for a relay not on this machine); 65 an input could not be read; \
            66 the SMTP password or CA file cannot be read; 67 the relay rejected a recipient (5xx); \
            69 sendmail or the XHTML DTDs are missing, or the relay refused otherwise (5xx, no STARTTLS, \
            no PLAIN/LOGIN); 70 the HTML part is not valid XHTML; 73 the file cannot be written; 74 the \
            disk is full (or failed); 75 sendmail failed, or the relay still answered 4xx or could not \
            be reached after the last attempt; 77 the relay rejected the login (535) or its certificate \
            is not trusted; 78 the SMTP password file is readable by others; the fetch statuses with --server.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(
        name: .customLong("to"),
        help:
            "A recipient (repeat for more): user@example.com, 'Backup Team <backup@example.com>', a list separated by commas, or a group 'Team: a@example.com, b@example.com;'.",
        transform: MailAddress.parseList)
    var toLists: [[MailAddress]] = []

    @Option(
        name: .customLong("cc"),
        help: "A copy recipient (repeat for more; lists and groups as --to), named in the Cc header.",
        transform: MailAddress.parseList)
    var ccLists: [[MailAddress]] = []

    @Option(
        name: .customLong("bcc"),
        help: "A blind-copy recipient (repeat for more): in the SMTP envelope only, never in a header. Needs --smtp.",
        transform: MailAddress.parseList)
    var bccLists: [[MailAddress]] = []

    /// Every `--to` address, lists and groups expanded.
    var to: [MailAddress] { toLists.flatMap { $0 } }
    /// Every `--cc` address.
    var cc: [MailAddress] { ccLists.flatMap { $0 } }
    /// Every `--bcc` address.
    var bcc: [MailAddress] { bccLists.flatMap { $0 } }

    @Option(
        help: "The sender, an address such as reports@example.com. Default: vb365-report@ this host's name.",
        transform: MailAddress.parse)
    var from: MailAddress?

    @Option(help: "The subject, with %JobResult%, %Issues%, %OrgName%, %JobName%, %ObjectCount% and %Time%.")
    var subject = EmailComposer.defaultSubject

    @Option(
        help: ArgumentHelp(
            "Above this many jobs the message lists only the jobs that need action or are worth knowing about, and points to --site-url for the rest; 0: never.",
            valueName: "jobs"))
    var shortAbove = EmailOptions.defaultShortAboveJobs

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
        help: ArgumentHelp(
            "Submit the message to this SMTP relay: smtp://host[:587] (STARTTLS) or smtps://host[:465] (TLS).",
            valueName: "url"))
    var smtp: String?

    @Option(help: "The SMTP login (AUTH PLAIN or LOGIN); the password comes from VB365_SMTP_PASSWORD.")
    var smtpUser: String?

    @Option(help: "A file whose first line is the SMTP password (mode 0600, as for --password-file).")
    var smtpPasswordFile: String?

    @Option(help: "A PEM file of CA certificates to trust for the relay, besides the system's.")
    var smtpCaCert: String?

    @Option(help: "With smtp://: required (the default) or optional (only for a relay on this machine).")
    var smtpStarttls: SMTPSettings.StartTLSPolicy = .required

    @Option(
        help:
            "Send (or write) nothing, and say so, unless the window reaches this level (warning or failed) or holds no data."
    )
    var onlyIf: FailLevel?

    @OptionGroup var look: LookOptions
    @OptionGroup var split: SplitOptions

    package init() {}

    package func validate() throws {
        if to.isEmpty { throw ValidationError("Give at least one --to address.") }
        let unknown = EmailComposer.unknownVariables(in: subject)
        if !unknown.isEmpty {
            throw ValidationError(
                "--subject uses \(unknown.joined(separator: ", ")), which \(unknown.count == 1 ? "is" : "are") not a variable; the variables are \(EmailComposer.subjectVariables.map(\.name).joined(separator: ", "))."
            )
        }
        if sendmail && out != nil { throw ValidationError("Give --sendmail or --out, not both.") }
        if smtp != nil && (sendmail || out != nil) {
            throw ValidationError("Give --smtp, --sendmail or --out, one of them.")
        }
        if smtp == nil {
            let given = [
                ("--smtp-user", smtpUser != nil), ("--smtp-password-file", smtpPasswordFile != nil),
                ("--smtp-ca-cert", smtpCaCert != nil), ("--smtp-starttls", smtpStarttls != .required),
                ("--bcc", !bcc.isEmpty),
            ].filter(\.1).map(\.0)
            if !given.isEmpty {
                throw ValidationError(
                    "\(given.joined(separator: ", ")) \(given.count == 1 ? "needs" : "need") --smtp (sendmail -t and files take the recipients from the headers, where Bcc never is)."
                )
            }
        }
    }

    /// The relay's settings from the --smtp options, the password read now.
    func smtpSettings(_ url: String) throws -> SMTPSettings {
        var settings = try SMTPSettings(url: url)
        settings.user = smtpUser
        settings.passwordFile = smtpPasswordFile
        settings = try settings.resolved()
        settings.caFile = smtpCaCert
        settings.startTLS = smtpStarttls
        settings.clientName = String(MailAddress.defaultSender.address.split(separator: "@").last ?? "localhost")
        if let problem = settings.problem() { throw problem }
        return settings
    }

    package func run() async throws {
        var options = EmailOptions(from: from ?? .defaultSender, to: to)
        options.cc = cc
        options.bcc = bcc
        options.subject = subject
        options.shortAboveJobs = shortAbove
        options.siteURL = siteUrl?.text
        let destination: Pipeline.EmailDestination =
            if let smtp {
                .smtp(SMTPSubmitter(settings: try smtpSettings(smtp)))
            } else {
                sendmail ? .sendmail(Sendmail(path: sendmailPath)) : out.map { .file($0) } ?? .standardOutput
            }
        let pipeline = report.pipeline(source.source, look: look.settings, split: split)
        let request = Pipeline.EmailRequest(options: options, onlyIf: onlyIf?.severity, destination: destination)
        if let bytes = try await pipeline.email(request).output { StandardOutput.write(bytes) }
    }
}
