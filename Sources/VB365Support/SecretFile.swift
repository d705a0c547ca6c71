import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a file that holds a secret (a password, a token) is kept as one, by the rule ssh
/// applies to private keys and PostgreSQL to its key file: readable by its owner only (0600 or
/// less), or also by its group when root owns it (0640, root:vb365-report, the Debian way of
/// handing a secret to a service, accepted only when the group is the run's own); never by everyone, never writable by its group; owned by root
/// or by the user reading it. The rule holds for `--password-file` and `--token-file` as for the
/// configuration file's `password-file` and `token-file`.
public enum SecretFile {
    /// What is wrong with a secret file, the status it ends a run with, and what to do.
    public struct Problem: Sendable, Equatable {
        public var status: ExitStatus
        /// What is wrong, after "the <what> " (`can be read by every user (mode 0644), ...`).
        public var message: String
        public var advice: String
    }

    /// The problem with `path` as a secret file; nil when it is safe and readable.
    public static func problem(_ path: String) -> Problem? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            return Problem(
                status: .noInput, message: "cannot be read: \(reason)",
                advice: "create it with the secret on its first line and chmod 600 it")
        }
        let mode = info.st_mode & 0o777
        let fix =
            "run chmod 600 \(path) (and chown it to the user vb365-report runs as), or chmod 640 with chown root:vb365-report"
        guard info.st_mode & S_IFMT == S_IFREG else {
            return Problem(status: .configuration, message: "is not a file", advice: "name a file")
        }
        if mode & 0o007 != 0 || mode & 0o020 != 0 {
            let who = mode & 0o007 != 0 ? "read by every user" : "changed by its group"
            return Problem(
                status: .configuration,
                message: "can be \(who) (mode \(Self.mode(info.st_mode))), so it is refused, as ssh refuses such a key",
                advice: fix)
        }
        if mode & 0o070 != 0 && info.st_uid != 0 {
            return Problem(
                status: .configuration,
                message:
                    "can be read by its group (mode \(Self.mode(info.st_mode))) and root does not own it, so it is refused",
                advice: fix)
        }
        if mode & 0o070 != 0 && info.st_gid != getegid() {
            return Problem(
                status: .configuration,
                message:
                    "can be read by its group (gid \(info.st_gid), mode \(Self.mode(info.st_mode))), which is not the group this run has (gid \(getegid())), so it is refused",
                advice: fix)
        }
        if info.st_uid != 0 && info.st_uid != geteuid() {
            return Problem(
                status: .configuration, message: "belongs to another user (uid \(info.st_uid)), who could change it",
                advice: "chown it to the user vb365-report runs as, or to root (with mode 640 and its group)")
        }
        if access(path, R_OK) != 0 {
            return Problem(
                status: .noInput, message: "cannot be read by this user (uid \(geteuid()))",
                advice: "chown it to the user vb365-report runs as (mode 600), or chown root:vb365-report with mode 640"
            )
        }
        return nil
    }

    /// `0644`.
    public static func mode(_ mode: mode_t) -> String {
        "0" + String(mode & 0o777, radix: 8)
    }
}
