import Foundation
import VB365Fetching
import VB365Model
import VB365Support

#if canImport(Glibc)
    import Glibc
#endif

extension ServerConnection {
    /// The fetch settings, with the secret read now: the token file, or the password from its
    /// file or environment variable. Throws 66 when a file cannot be read, 64 when no password
    /// is given.
    func settings(since: Timestamp, now: Timestamp) throws(Failure) -> FetchSettings {
        var s = FetchSettings(server: address, credentials: try credentials(), since: since, now: now)
        s.version = version
        s.logs = logs
        s.processedObjects = processedObjects
        s.protection = protection
        s.restores = restores
        s.jobs = jobs
        s.caCertificate = caCertificate
        s.insecure = insecure
        s.limits = limits
        return s
    }

    /// The credentials: a token file, or the user with a password from a file or the environment.
    func credentials() throws(Failure) -> Credentials {
        switch login {
        case .tokenFile(let path):
            let text = try Self.readSecret(path, what: "--token-file")
            if text.hasPrefix("{"),
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let access = object["access_token"] as? String
            {
                return .token(access: access, refresh: object["refresh_token"] as? String)
            }
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else {
                throw Failure(.noInput, path: path, "--token-file holds neither a token nor a /token response")
            }
            return .token(access: text, refresh: nil)
        case .password(let username, .file(let path)):
            // The first line, without its line end (LF or CRLF); spaces are part of a password.
            let text = try Self.readSecret(path, what: "--password-file", trim: false)
            let password = String(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? "")
            return .password(username: username, password: password)
        case .password(let username, .environment(let name)):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw Failure(
                    .usage, "no password",
                    advice: "set \(name) or use --password-file (passwords are not taken on the command line)")
            }
            return .password(username: username, password: value)
        }
    }

    /// Reads a secret file; refuses one that other users may read or change (`SecretFile`).
    static func readSecret(_ path: String, what: String, trim: Bool = true) throws(Failure) -> String {
        if let problem = SecretFile.problem(path) {
            throw Failure(problem.status, path: path, "\(what) \(problem.message)", advice: problem.advice)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(.noInput, path: path, "\(what) cannot be read", advice: "check the path and its permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        return trim ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
    }
}
