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

    /// The service's own user and group, which the package creates: when root runs the tool (to
    /// check the configuration, or by hand), the service's secret is not another user's.
    public static let serviceName = "vb365-report"

    /// The problem with `path` as a secret file; nil when it is safe and readable.
    public static func problem(_ path: String) -> Problem? {
        var info = stat()
        let create =
            "create it for the user the run is: install -o vb365-report -g vb365-report -m 0600 /dev/null \(path), then write the secret on its first line"
        guard stat(path, &info) == 0 else {
            let code = errno
            let reason = String(cString: strerror(code)).lowercased()
            let advice =
                code == EACCES
                ? "a folder above it cannot be searched by this user (\(user(geteuid()))); keep it in /etc/vb365-report"
                : create
            return Problem(status: .noInput, message: "cannot be read: \(reason)", advice: advice)
        }
        let mode = info.st_mode & 0o777
        let fix =
            "run chmod 600 \(path) (owned by the user the run is), or chown root:vb365-report \(path) and chmod 640"
        let asRoot =
            geteuid() == 0
            ? "; you are root, and the service runs as vb365-report: check as it does, with sudo -u vb365-report" : ""
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
        let service = getpwnam(serviceName).map { $0.pointee.pw_uid }
        let serviceGroup = getgrnam(serviceName).map { $0.pointee.gr_gid }
        if mode & 0o070 != 0 && info.st_uid != 0 {
            return Problem(
                status: .configuration,
                message:
                    "can be read by its group (mode \(Self.mode(info.st_mode))) and root does not own it, so it is refused",
                advice: fix)
        }
        let groups = [getegid()] + (geteuid() == 0 ? [serviceGroup].compactMap { $0 } : [])
        if mode & 0o070 != 0 && !groups.contains(info.st_gid) {
            return Problem(
                status: .configuration,
                message:
                    "can be read by its group \(group(info.st_gid)) (mode \(Self.mode(info.st_mode))), which is not the group the run has (\(group(getegid()))), so it is refused",
                advice: fix + asRoot)
        }
        let owners = [0, geteuid()] + (geteuid() == 0 ? [service].compactMap { $0 } : [])
        if !owners.contains(info.st_uid) {
            return Problem(
                status: .configuration,
                message: "belongs to another user (\(user(info.st_uid))), who could change it",
                advice: "chown it to the user the run is (\(user(geteuid()))), or to root with mode 640 and its group"
                    + asRoot)
        }
        if access(path, R_OK) != 0 {
            return Problem(
                status: .noInput, message: "cannot be read by this user (\(user(geteuid())))",
                advice: "chown it to the user the run is (mode 600), or chown root:vb365-report with mode 640" + asRoot)
        }
        if info.st_size == 0 {
            return Problem(status: .noInput, message: "is empty", advice: "write the secret on its first line")
        }
        return nil
    }

    /// `vb365-report (uid 100)`, or `uid 4242` for a user without a name.
    public static func user(_ uid: uid_t) -> String {
        getpwuid(uid).map { "\(String(cString: $0.pointee.pw_name)) (uid \(uid))" } ?? "uid \(uid)"
    }

    /// `vb365-report (gid 101)`, or `gid 4242`.
    public static func group(_ gid: gid_t) -> String {
        getgrgid(gid).map { "\(String(cString: $0.pointee.gr_name)) (gid \(gid))" } ?? "gid \(gid)"
    }

    /// `0644`.
    public static func mode(_ mode: mode_t) -> String {
        "0" + String(mode & 0o777, radix: 8)
    }
}
