/// How a run ended, for scripts, cron and systemd: the BSD `sysexits.h` values, named as there.
/// Every failure of every command maps to one of these; the README lists what each means.
public enum ExitStatus: Int32, Sendable, CaseIterable, Comparable {
    /// Everything worked.
    case success = 0
    /// The run worked and found what the user asked to be told about (`--fail-on` matched, a
    /// file is not valid XHTML).
    case findings = 1
    /// `check`, a monitoring plugin: CRITICAL (1 is its WARNING, 3 its UNKNOWN).
    case critical = 2
    /// The run worked, but there was nothing to judge: `--fail-on` on a window without a session
    /// and without a missed or stale job. No data is not success.
    case noData = 3
    /// EX_USAGE: the command line is wrong.
    case usage = 64
    /// EX_DATAERR: an input, or a body a server sent, cannot be read or parsed.
    case dataError = 65
    /// EX_NOINPUT: a local file the command needs (password, token, certificate) cannot be read.
    case noInput = 66
    /// EX_NOUSER: the credentials were refused.
    case noUser = 67
    /// EX_NOHOST: the server cannot be reached.
    case noHost = 68
    /// EX_UNAVAILABLE: a program or file the tool needs is missing (the XHTML DTDs, sendmail).
    case unavailable = 69
    /// EX_SOFTWARE: the tool made something wrong (a page failed XHTML validation).
    case software = 70
    /// EX_OSERR: the system refused something the tool needs (a port to listen on).
    case osError = 71
    /// EX_CANTCREAT: an output cannot be written, or is not ours to replace.
    case cannotCreate = 73
    /// EX_IOERR: writing failed because the disk is full (or a quota is used up) or failed.
    case ioError = 74
    /// EX_TEMPFAIL: a server or the mail transport failed in a way that may pass; try later.
    case temporaryFailure = 75
    /// EX_PROTOCOL: a server answered, but not usably.
    case protocolError = 76
    /// EX_NOPERM: TLS failed (an untrusted certificate).
    case noPermission = 77
    /// EX_CONFIG: a template or configuration cannot be used.
    case configuration = 78

    /// `EX_USAGE`, ...: the name in `sysexits.h`, for documentation.
    public var sysexitsName: String {
        switch self {
        case .success: return "EX_OK"
        case .findings, .critical, .noData: return "-"
        case .usage: return "EX_USAGE"
        case .dataError: return "EX_DATAERR"
        case .noInput: return "EX_NOINPUT"
        case .noUser: return "EX_NOUSER"
        case .noHost: return "EX_NOHOST"
        case .unavailable: return "EX_UNAVAILABLE"
        case .software: return "EX_SOFTWARE"
        case .osError: return "EX_OSERR"
        case .cannotCreate: return "EX_CANTCREAT"
        case .ioError: return "EX_IOERR"
        case .temporaryFailure: return "EX_TEMPFAIL"
        case .protocolError: return "EX_PROTOCOL"
        case .noPermission: return "EX_NOPERM"
        case .configuration: return "EX_CONFIG"
        }
    }

    public static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.rawValue < b.rawValue }
}
