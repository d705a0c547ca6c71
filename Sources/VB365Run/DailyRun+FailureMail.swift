import Foundation
import VB365Configuration
import VB365Delivery
import VB365Model
import VB365Notifying
import VB365Pipeline
import VB365SMTP
import VB365Support

extension DailyRun {
    /// The state file's name for the e-mail's part: what it was last told of the run.
    static let mailChannel = "e-mail"

    /// When the run failed, a short e-mail through the configured transport: `[Run failed]
    /// vb365-report could not …`; when a later run works, `Resolved: the reporting run`. Sent on
    /// change, as the channels are (the state file remembers under `e-mail`), so a run failing
    /// every hour is one message. Nothing without an `email` section.
    func mailRunChange(_ result: Notifier.RunResult, now: Timestamp, log: inout StepLog) async {
        guard let email = configuration.email, !configuration.archive.folder.isEmpty else { return }
        let path = Self.notificationState(configuration)
        var channel = NotificationChannel(name: Self.mailChannel, kind: .webhook, addressFile: "")
        channel.level = .critical
        let planner = NotificationPlanner(channel: channel, now: now, zone: configuration.look.timeZone)
        do throws(Failure) {
            var state = try NotificationState.read(path)
            let lastGood = state.lastGoodRun.map { configuration.look.timeZone.format(Timestamp(secondsSince1970: $0)) }
            let finding = Notifier.finding(result, channel: channel, lastGood: lastGood)
            let plan = planner.plan(
                [finding], judged: [.run], state: state.channels[Self.mailChannel] ?? NotificationState.Channel())
            guard let message = planner.message(plan, siteURL: nil, tool: "vb365-report \(toolVersion)") else {
                return
            }
            let clock = ContinuousClock.now
            try await send(Self.mail(message, options: email.options, now: now), email.transport)
            state = try NotificationState.read(path)
            state.channels[Self.mailChannel] = plan.state
            try state.write(path)
            log.done(
                "e-mail run", "\"\(message.title)\" to \(email.options.to.map(\.address).joined(separator: ", "))",
                since: clock)
        } catch {
            log.failed("e-mail run", error, detail: "the next run tries again")
        }
    }

    /// The short message: the title as the subject, the events' words as the text.
    static func mail(_ message: NotificationMessage, options: EmailOptions, now: Timestamp) -> MailMessage {
        var lines = [message.title, ""]
        for event in message.events {
            lines.append("\(event.finding.title): \(event.summary)")
        }
        lines += ["", "\(message.tool), \(message.timeText)"]
        let text = lines.joined(separator: "\n") + "\n"
        let html =
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
            + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\"><head><title>"
            + Escaping.xml(message.title) + "</title></head><body>"
            + lines.map { $0.isEmpty ? "" : "<p>" + Escaping.xml($0) + "</p>" }.joined() + "</body></html>\n"
        var mail = MailMessage(
            from: options.from, to: options.to, subject: "[vb365-report] " + message.title, date: now, text: text,
            html: html)
        mail.cc = options.cc
        mail.bcc = options.bcc
        return mail
    }

    /// Hands `mail` to the configured transport (a file transport writes a `.eml` beside the
    /// daily one: `<name>-run.eml`).
    func send(_ mail: MailMessage, _ transport: Configuration.Email.Transport) async throws(Failure) {
        do {
            switch transport {
            case .sendmail(let program): try Sendmail(path: program).send(mail.render(lineEnd: "\n"))
            case .file(let path):
                let target = (path.hasSuffix(".eml") ? String(path.dropLast(4)) : path) + "-run.eml"
                try DurableFile.createFolders(URL(fileURLWithPath: target).deletingLastPathComponent().path)
                try DurableFile.write(mail.render(lineEnd: "\r\n"), to: target)
            case .smtp(let settings): try await SMTPSubmitter(settings: settings).submit([SMTPMessage(mail)])
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as any ReportableError {
            throw Failure(error.exitStatus, diagnostics: error.diagnostics)
        } catch {
            throw Failure(.software, "the run's e-mail could not be sent: \(error)")
        }
    }
}
