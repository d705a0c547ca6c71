import Foundation
import VB365Pipeline
import VB365Publishing
import VB365SMTP
import VB365Support

#if canImport(Glibc)
    import Glibc
#endif

/// A problem with what the configuration names on this machine, and the exit status it ends a
/// run with.
package struct ConfigProblem: Sendable {
    package var status: ExitStatus
    package var diagnostic: Diagnostic
}

/// The problems one check finds, in order.
private struct ConfigProblems {
    var list: [ConfigProblem] = []

    mutating func add(_ status: ExitStatus, _ diagnostic: Diagnostic) {
        list.append(ConfigProblem(status: status, diagnostic: diagnostic))
    }

    /// A problem with the file or folder at `path`.
    mutating func add(_ status: ExitStatus, path: String, message: String, advice: String) {
        add(status, Diagnostic(path: path, message: message, advice: advice))
    }

    /// The secret file `path` that `key` names, when it is not kept as a secret or cannot be read.
    mutating func secret(_ path: String, key: String, sources: [String: ConfigSource]) {
        if let (status, d) = FileSafety.secretProblem(path, key: key, source: sources[key] ?? .defaultValue) {
            add(status, d)
        }
    }

    /// The file `path` that `key` names, when this user cannot read it (a CA file).
    mutating func unreadable(_ path: String, key: String) {
        guard !FileManager.default.isReadableFile(atPath: path) else { return }
        add(
            .noInput, path: path, message: "the '\(key)' cannot be read",
            advice: "check the path and that the user vb365-report runs as may read it")
    }
}

extension Configuration {
    /// What must hold on this machine before a run fetches or writes anything: each secret
    /// file kept as a secret and readable (`FileSafety`), each named password variable set,
    /// each certificate file and the templates folder readable, each output folder writable or
    /// creatable, the sendmail program executable. Empty when all is well.
    /// `notifications`: false leaves out the channels' files (`run` tells each channel apart, and
    /// one channel's unreadable file is that channel's failed step, never a run without reports).
    package func localProblems(
        environment: [String: String] = ProcessInfo.processInfo.environment, outputs: Bool = true,
        notifications: Bool = true
    ) -> [ConfigProblem] {
        var problems = serverProblems(environment: environment)
        if outputs { problems += templatesProblems() }
        problems += folderProblems(outputs: outputs)
        problems += emailProblems(environment: environment, outputs: outputs)
        if notifications { problems += notificationProblems() }
        return problems
    }

    /// Each notification channel's url-file and secret-file, kept as secrets and readable (as a
    /// password-file is), and its CA file readable.
    private func notificationProblems() -> [ConfigProblem] {
        var problems = ConfigProblems()
        for (index, channel) in notifications.enumerated() {
            let prefix = "notifications.\(index + 1)"
            problems.secret(channel.addressFile, key: "\(prefix).url-file", sources: sources)
            if let secret = channel.secretFile {
                problems.secret(secret, key: "\(prefix).secret-file", sources: sources)
            }
            if let ca = channel.caFile { problems.unreadable(ca, key: "\(prefix).ca-file") }
        }
        return problems.list
    }

    /// Each server's secret file or password variable, and its CA file.
    private func serverProblems(environment: [String: String]) -> [ConfigProblem] {
        var problems = ConfigProblems()
        for (index, server) in servers.enumerated() {
            let prefix = "servers.\(index + 1)"
            switch server.connection.login {
            case .tokenFile(let path):
                problems.secret(path, key: "\(prefix).token-file", sources: sources)
            case .password(_, .file(let path)):
                problems.secret(path, key: "\(prefix).password-file", sources: sources)
            case .password(_, .environment(let name)):
                if environment[name]?.isEmpty ?? true {
                    let source = sources["\(prefix).password-env"] ?? sources[prefix] ?? .defaultValue
                    problems.add(
                        .configuration,
                        source.diagnostic(
                            "server '\(server.name)' takes its password from the environment variable \(name), which is not set",
                            advice:
                                "set \(name) (under systemd: an EnvironmentFile= readable by root only), or name a password-file"
                        ))
                }
            }
            if let ca = server.connection.caCertificate { problems.unreadable(ca, key: "\(prefix).ca-file") }
        }
        return problems.list
    }

    /// The templates folder, when one is named.
    private func templatesProblems() -> [ConfigProblem] {
        var problems = ConfigProblems()
        if let templates = look.templates {
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: templates, isDirectory: &isFolder) || !isFolder.boolValue {
                problems.add(
                    .noInput, path: templates, message: "the 'templates' folder does not exist",
                    advice: "create it with your <name>.mustache files, or leave out 'templates'")
            }
        }
        return problems.list
    }

    /// Each folder a run writes (only the archive's without `outputs`), and for a report or a
    /// site the folder above it and what the folder holds.
    private func folderProblems(outputs: Bool) -> [ConfigProblem] {
        var problems = ConfigProblems()
        for (key, folder) in writableFolders where outputs || key == "archive.folder" {
            if let problem = FileSafety.folderProblem(folder) {
                problems.add(
                    .cannotCreate, path: folder, message: "the '\(key)' cannot be written: \(problem)",
                    advice: "create it for the user vb365-report runs as, or name another folder")
                continue
            }
            // A report or site is made beside its folder (a lock, a staging folder, a rename),
            // and replaces the folder whole: the folder above must be writable too, and the
            // folder must hold nothing but an earlier report.
            guard key == "report.folder" || key == "site.folder" else { continue }
            let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            if let problem = FileSafety.folderProblem(parent) {
                problems.add(
                    .cannotCreate, path: parent,
                    message:
                        "the folder above the '\(key)' must be writable, since the new \(key == "site.folder" ? "site" : "report") is made beside it and swapped in: \(problem)",
                    advice:
                        "make \(parent) writable for the user vb365-report runs as, or use a sub-folder of a folder it owns (such as /var/lib/vb365-report/\(key == "site.folder" ? "site" : "report"))"
                )
            } else if let problem = ReportPublisher.replaceProblem(folder) {
                problems.add(
                    .cannotCreate, path: folder, message: "the '\(key)' cannot be replaced by a report: \(problem)",
                    advice: "name a new or empty folder (a report folder is replaced whole each run)")
            }
        }
        return problems.list
    }

    /// The e-mail's file or folder, its SMTP password and CA file, its sendmail program.
    private func emailProblems(environment: [String: String], outputs: Bool) -> [ConfigProblem] {
        var problems = ConfigProblems()
        if outputs, let email, case .file(let path) = email.transport {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            if split == .organization {
                // With split, the messages go into the folder `email.file` names, one per tenant.
                if exists, !isFolder.boolValue {
                    problems.add(
                        .cannotCreate, path: path,
                        message: "the 'email.file' is a file, but with split it names a folder",
                        advice: "name a folder for the messages (one <tenant>.eml each)")
                }
            } else if exists, isFolder.boolValue {
                problems.add(
                    .cannotCreate, path: path, message: "the 'email.file' is a folder",
                    advice: "name the .eml file to write")
            } else if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
                problems.add(
                    .cannotCreate, path: path,
                    message: "the 'email.file' cannot be replaced by this user (uid \(geteuid()))",
                    advice: "make it writable for the user vb365-report runs as")
            }
        }
        if let email, case .smtp(let smtp) = email.transport, smtp.user != nil {
            if let path = smtp.passwordFile {
                problems.secret(path, key: "email.smtp-password-file", sources: sources)
            } else if environment[smtp.passwordVariable]?.isEmpty ?? true {
                let source = sources["email.smtp-password-env"] ?? sources["email.smtp-user"] ?? .defaultValue
                problems.add(
                    .configuration,
                    source.diagnostic(
                        "the e-mail's SMTP password comes from the environment variable \(smtp.passwordVariable), which is not set",
                        advice:
                            "set \(smtp.passwordVariable) (under systemd: an EnvironmentFile= readable by root only), or name an smtp-password-file"
                    ))
            }
        }
        if let email, case .smtp(let smtp) = email.transport, let ca = smtp.caFile {
            problems.unreadable(ca, key: "email.smtp-ca-file")
        }
        if outputs, let email, case .sendmail(let program) = email.transport, access(program, X_OK) != 0 {
            problems.add(
                .unavailable, path: program,
                message: "the sendmail program of 'email.sendmail' is missing or not executable",
                advice: "install a mail transfer agent (such as postfix or msmtp-mta), or use 'transport: file'")
        }
        return problems.list
    }

    /// The folders a run writes into, by the key that names them.
    package var writableFolders: [(key: String, folder: String)] {
        var folders = [("archive.folder", archive.folder)]
        if let report { folders.append(("report.folder", report.folder)) }
        if let site { folders.append(("site.folder", site.folder)) }
        if let tickets { folders.append(("tickets.folder", tickets.folder)) }
        if let metrics {
            folders.append(("metrics.file", URL(fileURLWithPath: metrics.file).deletingLastPathComponent().path))
        }
        if let monthly { folders.append(("monthly.folder", monthly.folder)) }
        if let email, case .file(let path) = email.transport {
            folders.append(
                (
                    "email.file",
                    split == .organization ? path : URL(fileURLWithPath: path).deletingLastPathComponent().path
                ))
        }
        return folders
    }
}
