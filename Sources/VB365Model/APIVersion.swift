/// The VB365 REST API versions, with the shape differences that matter for job sessions.
public enum APIVersion: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case v1 = 1, v2, v3, v4, v5, v6, v7, v8

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `v1` ... `v8`.
    public var description: String { "v\(rawValue)" }

    /// `v6`, `V6` or `6`.
    public init?(text: String) {
        let t = text.trimmingPrefix("v").trimmingPrefix("V")
        guard let n = Int(t), let v = APIVersion(rawValue: n) else { return nil }
        self = v
    }

    /// v1 and v2 send statistics as strings such as `"1.0 MB/s"`.
    public var hasStringStatistics: Bool { self <= .v2 }
    /// `/JobSessions` is a page from v5 on (a bare array before).
    public var sessionsArePaged: Bool { self >= .v5 }
    /// `/Jobs` and `/Organizations` are pages only in v8.
    public var jobsArePaged: Bool { self >= .v8 }
    /// Hrefs are relative (`/v6/...`) from v6 on, absolute before.
    public var relativeLinks: Bool { self >= .v6 }
    /// v1 and v2 times carry the server's local offset; later session times are UTC (`Z`).
    public var localTimes: Bool { self <= .v2 }
    /// v3 to v5 write collection names in lower case in links.
    public var lowerCaseLinks: Bool { self >= .v3 && self <= .v5 }
    /// Log items are at `/log` in v1, `/LogItems` later.
    public var logPath: String { self == .v1 ? "log" : (lowerCaseLinks ? "logitems" : "LogItems") }
    /// Where a session's `_links.log` points: still `/log` up to v3 (a real v3 server's link
    /// answers 404), `/logitems` in v4 and v5, `/LogItems` from v6.
    public var sessionLogLink: String { self <= .v3 ? "log" : logPath }
    /// Log items are pages from v3 on (the v3 docs say array; a real v3 server sent a page).
    public var logItemsArePaged: Bool { self >= .v3 }
    /// v8 log items have `type` and `message` instead of `title`.
    public var logItemsHaveType: Bool { self >= .v8 }
}
