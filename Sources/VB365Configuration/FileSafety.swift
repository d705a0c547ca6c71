import Foundation
import VB365Support

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a file that holds a secret is kept as one, by the rule ssh applies to private keys
/// and PostgreSQL to its key file: readable by its owner only (0600 or less), or also by its
/// group when root owns it (0640, root:vb365-report, the Debian way of handing a secret to a
/// service); never by everyone; owned by root or by the user reading it.
public enum FileSafety {
    /// The problem with `path` as a secret file named by `key` (at `source`); nil when it is safe and readable.
    static func secretProblem(_ path: String, key: String, source: ConfigSource) -> (ExitStatus, Diagnostic)? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            return (
                .noInput,
                Diagnostic(
                    path: path, message: "the file '\(key)' names (\(source)) cannot be read: \(reason)",
                    advice: "create it with the secret on its first line and chmod 600 it, or correct '\(key)'")
            )
        }
        let mode = info.st_mode & 0o777
        let me = geteuid()
        let fix =
            "run chmod 600 \(path) (and chown it to the user vb365-report runs as), or chmod 640 with chown root:vb365-report"
        if info.st_mode & S_IFMT != S_IFREG {
            return (
                .configuration, Diagnostic(path: path, message: "the '\(key)' is not a file", advice: "name a file")
            )
        }
        if mode & 0o007 != 0 || mode & 0o020 != 0 {
            return (
                .configuration,
                Diagnostic(
                    path: path,
                    message:
                        "the '\(key)' can be \(mode & 0o007 != 0 ? "read by every user" : "changed by its group") (mode \(Self.mode(info.st_mode))), so it is refused, as ssh refuses such a key",
                    advice: fix)
            )
        }
        if mode & 0o070 != 0 && info.st_uid != 0 {
            return (
                .configuration,
                Diagnostic(
                    path: path,
                    message:
                        "the '\(key)' can be read by its group (mode \(Self.mode(info.st_mode))) and root does not own it, so it is refused",
                    advice: fix)
            )
        }
        if info.st_uid != 0 && info.st_uid != me {
            return (
                .configuration,
                Diagnostic(
                    path: path,
                    message: "the '\(key)' belongs to another user (uid \(info.st_uid)), who could change it",
                    advice: "chown it to the user vb365-report runs as, or to root (with mode 640 and its group)")
            )
        }
        if access(path, R_OK) != 0 {
            return (
                .noInput,
                Diagnostic(
                    path: path, message: "the '\(key)' cannot be read by this user (uid \(me))",
                    advice:
                        "chown it to the user vb365-report runs as (mode 600), or chown root:vb365-report with mode 640"
                )
            )
        }
        return nil
    }

    /// `0644`.
    static func mode(_ mode: mode_t) -> String {
        "0" + String(mode & 0o777, radix: 8)
    }

    /// The problem with writing into `folder` (created when missing): nil when it exists and is
    /// writable, or when the nearest folder above it that exists is writable.
    public static func folderProblem(_ folder: String) -> String? {
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
            return created
                ? "it cannot be created: \(path) is not writable by this user (uid \(geteuid()))"
                : "it is not writable by this user (uid \(geteuid()))"
        }
        return nil
    }
}
