import Foundation
import VB365Model
import VB365Support

/// What a server's last fetches did, kept in its archive folder (`FetchStatus.fileName`), so that
/// every report read from the archive can say when the server was last fetched and whether the
/// latest attempt failed: a report built from old data says so rather than looking current.
public struct FetchStatus: Hashable, Sendable {
    /// The file in a server's archive folder; hidden, so it is never read as input.
    public static let fileName = ".vb365-fetch-status.json"

    /// When the latest fetch began (`--now`).
    public var lastAttempt: Timestamp?
    /// When the latest fetch that succeeded began.
    public var lastSuccess: Timestamp?
    /// Why the latest attempt failed; nil when it succeeded.
    public var lastError: String?

    /// A status.
    public init(lastAttempt: Timestamp? = nil, lastSuccess: Timestamp? = nil, lastError: String? = nil) {
        self.lastAttempt = lastAttempt
        self.lastSuccess = lastSuccess
        self.lastError = lastError
    }

    /// True when the latest attempt failed.
    public var latestFailed: Bool { lastError != nil }

    /// The status kept in the server folder `folder`; nil when none is (or it cannot be read: the
    /// file is only a record, never a reason to stop a report).
    public static func read(folder: String) -> FetchStatus? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        func time(_ key: String) -> Timestamp? {
            guard let text = object[key] as? String, case .time(let t) = TimestampParser.parse(text) else { return nil }
            return t
        }
        return FetchStatus(
            lastAttempt: time("lastAttempt"), lastSuccess: time("lastSuccess"),
            lastError: object["lastError"] as? String)
    }

    /// Records an attempt begun at `time` in the server folder `folder` (created when missing):
    /// a success when `error` is nil, else a failure that keeps the last success. Errors never
    /// hold a secret (see `FetchError`).
    public static func record(
        folder: String, attempt time: Timestamp, error: String?, flushing: Bool = true
    ) throws(WriteFailure) {
        var status = read(folder: folder) ?? FetchStatus()
        status.lastAttempt = time
        status.lastError = error
        if error == nil { status.lastSuccess = time }
        try DurableFile.createFolders(folder)
        try DurableFile.write(status.bytes, to: folder + "/" + fileName, flushing: flushing)
    }

    /// The file's text.
    var bytes: [UInt8] {
        var members: [String] = []
        if let lastAttempt { members.append("\"lastAttempt\":\"\(lastAttempt.iso8601)\"") }
        if let lastSuccess { members.append("\"lastSuccess\":\"\(lastSuccess.iso8601)\"") }
        if let lastError {
            let data =
                (try? JSONSerialization.data(withJSONObject: [lastError], options: [.withoutEscapingSlashes]))
                ?? Data("[\"\"]".utf8)
            let quoted = String(decoding: data, as: UTF8.self).dropFirst().dropLast()
            members.append("\"lastError\":\(quoted)")
        }
        return Array(("{" + members.joined(separator: ",") + "}\n").utf8)
    }
}
