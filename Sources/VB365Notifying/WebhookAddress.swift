import Foundation
import VB365Support

/// A receiver's address, which is a secret: Slack's `/services/T…/B…/…`, a Teams Workflows
/// URL's `sig=` and Discord's `/webhooks/id/token` are the credential. It is read from a secret
/// file (`SecretFile`'s rules) and shown only masked: scheme, host and port.
package enum WebhookAddress {
    /// The hosts an `http://` address may name: this machine only (tests, a local relay).
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "[::1]"]

    /// The address on the first line of `file`, trimmed: `https://…`, or `http://` to this
    /// machine. A file that others can read, or that is missing or empty, is refused with what
    /// to do; the error names the file, never the address.
    package static func read(file: String) throws(Failure) -> String {
        let address = try firstLine(file: file, what: "webhook address file")
        guard let components = URLComponents(string: address), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw Failure(
                .configuration, path: file, "the first line of the webhook address file is not a web address",
                advice: "write the webhook's https:// address, as the service gave it, on the file's first line")
        }
        if scheme == "https" || (scheme == "http" && loopbackHosts.contains(host.lowercased())) {
            return address
        }
        throw Failure(
            .configuration, path: file,
            "the webhook address file holds an address that is not https:// (\(masked(address)))",
            advice:
                "webhook addresses carry their own credential, so they are sent over TLS only; write the https:// address the service gave"
        )
    }

    /// The first line of a secret file, trimmed (the webhook address, a PagerDuty routing key,
    /// a signing secret); `what` names the file in errors (`webhook address file`). Refused when
    /// others can read it, when it cannot be read, or when the line is empty.
    package static func firstLine(file: String, what: String) throws(Failure) -> String {
        if let problem = SecretFile.problem(file) {
            throw Failure(problem.status, path: file, "the \(what) \(problem.message)", advice: problem.advice)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Failure(
                .noInput, path: file, "the \(what) cannot be read", advice: "check the path and its permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""
        let value = line.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else {
            throw Failure(
                .noInput, path: file, "the \(what)'s first line is empty", advice: "write it on the first line")
        }
        return value
    }

    /// The address as logs and errors show it: scheme, host and port, then `/…`
    /// (`https://hooks.slack.com/…`); never the user, the path or the query, which hold the
    /// credential. `(an address that cannot be read)` when it is not a URL.
    package static func masked(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else {
            return "(an address that cannot be read)"
        }
        let safeHost = String(host.unicodeScalars.filter { !VisibleText.isUnsafe($0) && $0 != "/" && $0 != "@" })
        let bracketed = safeHost.contains(":") && !safeHost.hasPrefix("[") ? "[\(safeHost)]" : safeHost
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(bracketed)\(port)/…"
    }
}
