import Foundation
import VB365Support

#if canImport(Glibc)
    import Glibc
#endif

/// The checks of what the configuration names on this machine: secret files (`SecretFile`'s
/// rule) and the folders a run writes into.
package enum FileSafety {
    /// The problem with `path` as a secret file named by `key` (at `source`); nil when it is safe and readable.
    static func secretProblem(_ path: String, key: String, source: ConfigSource) -> (ExitStatus, Diagnostic)? {
        guard let problem = SecretFile.problem(path) else { return nil }
        let named = problem.status == .noInput && problem.message.hasPrefix("cannot be read:")
        let message =
            named ? "the file '\(key)' names (\(source)) \(problem.message)" : "the '\(key)' \(problem.message)"
        return (problem.status, Diagnostic(path: path, message: message, advice: problem.advice))
    }

    /// The problem with writing into `folder` (created when missing): nil when it exists and is
    /// writable, or when the nearest folder above it that exists is writable.
    package static func folderProblem(_ folder: String) -> String? {
        var path = URL(fileURLWithPath: folder).standardizedFileURL.path
        var info = stat()
        var created = false
        while stat(path, &info) != 0 {
            guard errno == ENOENT || errno == ENOTDIR else {
                return "it cannot be reached: \(String(cString: strerror(errno)).lowercased())"
            }
            created = true
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if parent == path { return "no folder above it exists" }
            path = parent
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return created ? "\(path) is a file, so it cannot be created" : "it is a file, not a folder"
        }
        if access(path, W_OK | X_OK) != 0 {
            if errno == EROFS {
                return
                    "\(path) is on a file system that is read-only to this process (under systemd's ProtectSystem=strict: add ReadWritePaths=\(path) with systemctl edit vb365-report)"
            }
            return created
                ? "it cannot be created: \(path) is not writable by this user (\(SecretFile.user(geteuid())))"
                : "it is not writable by this user (\(SecretFile.user(geteuid())))"
        }
        return nil
    }
}
