import Foundation
import VB365Support

/// Where and how `SMTPSubmitter` submits: the relay, its TLS, the login and the patience.
package struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected.
    package enum Security: String, Sendable {
        /// `smtp://`: plain TCP upgraded with STARTTLS (RFC 3207), port 587 by default.
        case startTLS
        /// `smtps://`: TLS from the first byte (RFC 8314), port 465 by default.
        case implicitTLS
    }

    /// Whether `smtp://` must be upgraded with STARTTLS.
    package enum StartTLSPolicy: String, Sendable, CaseIterable {
        /// The message and any credentials never go in clear: a server without STARTTLS is refused.
        case required
        /// STARTTLS when the server offers it, else in clear; only for a relay on this machine.
        case optional
    }

    package var security: Security
    package var host: String
    package var port: Int
    package var startTLS: StartTLSPolicy = .required
    /// The login, for AUTH PLAIN or LOGIN; nil to submit without AUTH.
    package var user: String?
    /// The password; never printed. When nil, read at submission from `passwordFile`, else
    /// from the environment variable `passwordVariable`.
    package var password: String?
    /// A secret file whose first line is the password (`SecretFile`'s rules).
    package var passwordFile: String?
    /// The environment variable that holds the password when no file is given.
    package var passwordVariable = "VB365_SMTP_PASSWORD"
    /// A PEM file of certificates to trust besides the system's (a private CA).
    package var caFile: String?
    /// The name this client gives in EHLO.
    package var clientName = "localhost"
    /// The longest wait for the connection and for each reply.
    package var timeout: Duration = .seconds(60)
    /// The waits before each new attempt after a 4xx reply or a lost connection.
    package var retryDelays: [Duration] = [.seconds(5), .seconds(30), .seconds(120)]

    /// Creates settings for `host:port`.
    package init(security: Security, host: String, port: Int) {
        self.security = security
        self.host = host
        self.port = port
    }

    /// `smtp://host[:port]` or `smtps://host[:port]`, as `--smtp` gives it; `what` names where it
    /// came from in the error (exit 64).
    package init(url text: String, what: String = "--smtp") throws(Failure) {
        let usage = "give smtp://host[:587] (STARTTLS) or smtps://host[:465] (implicit TLS)"
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty
        else {
            throw Failure(.usage, "\(what) '\(text)' is not an SMTP address", advice: usage)
        }
        guard url.user == nil, url.password == nil else {
            throw Failure(
                .usage, "\(what) must not hold a login or password",
                advice: "give the user with --smtp-user and the password in VB365_SMTP_PASSWORD or --smtp-password-file"
            )
        }
        guard url.path.isEmpty || url.path == "/", url.query == nil else {
            throw Failure(.usage, "\(what) '\(text)' has a path or query, which SMTP does not use", advice: usage)
        }
        switch scheme {
        case "smtp": self.init(security: .startTLS, host: host, port: url.port ?? 587)
        case "smtps": self.init(security: .implicitTLS, host: host, port: url.port ?? 465)
        default: throw Failure(.usage, "\(what) '\(text)' is not smtp:// or smtps://", advice: usage)
        }
        guard (1...65_535).contains(port) else {
            throw Failure(.usage, "\(what) '\(text)' has no valid port", advice: usage)
        }
    }

    /// The relay as a URL, for messages (`smtp://host:587`).
    package var address: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(security == .implicitTLS ? "smtps" : "smtp")://\(name):\(port)"
    }

    /// Whether the host is this machine (`localhost`, 127.0.0.0/8, `::1`), where a relay without
    /// STARTTLS cannot be overheard.
    package var isLoopback: Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h.hasSuffix(".localhost") { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// These settings with the password read (from `passwordFile` or `passwordVariable`) when
    /// a user is set and no password is; throws the secret file's problem.
    package func resolved() throws(Failure) -> SMTPSettings {
        var settings = self
        if user != nil, password == nil {
            settings.password = try Self.password(file: passwordFile, variable: passwordVariable)
        }
        return settings
    }

    /// The problem with these settings before anything is sent (exit 64): clear text to a
    /// relay that is not on this machine, or a user without a password.
    package func problem() -> Failure? {
        if startTLS == .optional && (security != .startTLS || !isLoopback) {
            return Failure(
                .usage,
                "--smtp-starttls=optional is only for a relay on this machine (localhost, 127.0.0.1, ::1), not \(address)",
                advice:
                    "leave STARTTLS required (the default), or use smtps://; the message and the password must not cross a network in clear"
            )
        }
        if user != nil && (password ?? "").isEmpty {
            return Failure(
                .usage, "an SMTP user (--smtp-user, or smtp-user) is given but no password",
                advice:
                    "set \(passwordVariable) or give --smtp-password-file (smtp-password-file); passwords are not taken as flags"
            )
        }
        return nil
    }

    /// The SMTP password: the first line of `file` (a secret file, `SecretFile`'s rules), else
    /// the environment variable `variable`; nil when neither is given.
    package static func password(file: String?, variable: String = "VB365_SMTP_PASSWORD") throws(Failure) -> String? {
        if let file {
            if let problem = SecretFile.problem(file) {
                throw Failure(
                    problem.status, path: file, "the SMTP password file \(problem.message)", advice: problem.advice)
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure(
                    .noInput, path: file, "the SMTP password file cannot be read",
                    advice: "check the path and its permissions")
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? "")
        }
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
        return value
    }
}
