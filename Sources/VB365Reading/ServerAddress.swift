import Foundation

/// A VB365 server as an archive knows it: its configured address, normalised, so that the same
/// server written two ways (`https://VBO.example.com:4443/`, `https://vbo.example.com:4443`) is
/// one server, and two servers are never one.
///
/// The normal form is `host:port` followed by the path prefix, if any: the host and path in lower
/// case (VB365 runs on Windows, whose web server ignores case; so does DNS), without a trailing
/// dot or slash; the port always written (443 for `https://`, 80 for `http://` when none is
/// given). The scheme, a user name and any query are not part of it.
public struct ServerAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The host in lower case, an IPv6 address in brackets (`[::1]`).
    public let host: String
    public let port: Int
    /// The path prefix, percent-encoded as configured, in lower case: empty, or `/` and more.
    public let path: String

    /// Normalises a configured address (`https://vbo.example.com:4443`); nil when it has no host,
    /// or a scheme other than `http` or `https`.
    public init?(configured text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed.contains("://") ? trimmed : "https://" + trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            var host = components.percentEncodedHost?.lowercased(), !host.isEmpty
        else { return nil }
        while host.hasSuffix(".") { host.removeLast() }
        if host.contains(":") && !host.hasPrefix("[") { host = "[" + host + "]" }
        var path = components.percentEncodedPath.lowercased()
        while path.hasSuffix("/") { path.removeLast() }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard !host.isEmpty, (1...65_535).contains(port) else { return nil }
        self.host = host
        self.port = port
        self.path = path
    }

    /// `vbo.example.com:4443`, `[::1]:4443`, `proxy.example.com:443/vbo`.
    public var description: String { "\(host):\(port)\(path)" }

    // MARK: - The folder name

    /// The name of the server's folder in an archive: the normal form with the `:` before the port
    /// written `_` and every byte other than `a`–`z`, `0`–`9`, `.` and `-` as `%XX`
    /// (`vbo.example.com_4443`, `proxy.example.com_443%2Fvbo`); two addresses never share one.
    public var folderName: String {
        Self.escape(host) + "_" + String(port) + Self.escape(path)
    }

    /// The address a folder name stands for; nil for a name no address gives.
    public init?(folderName name: String) {
        guard let separator = name.firstIndex(of: "_"),
            let host = Self.unescape(name[..<separator]), !host.isEmpty
        else { return nil }
        let rest = name[name.index(after: separator)...]
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let port = Int(digits), (1...65_535).contains(port), String(port) == digits,
            let path = Self.unescape(rest[digits.endIndex...]), path.isEmpty || path.hasPrefix("/")
        else { return nil }
        self.host = host
        self.port = port
        self.path = path
        guard folderName == name else { return nil }
    }

    static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."),
            UInt8(ascii: "-"):
            return true
        default: return false
        }
    }

    static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if isPlain(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ text: Substring) -> String? {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte != UInt8(ascii: "%") {
                guard isPlain(byte) else { return nil }
                out.append(byte)
                continue
            }
            guard bytes.count >= 2, let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            else { return nil }
            out.append(value)
            bytes = bytes.dropFirst(2)
        }
        return String(validating: out, as: UTF8.self)
    }

    public static func < (a: ServerAddress, b: ServerAddress) -> Bool {
        (a.host, a.port, a.path) < (b.host, b.port, b.path)
    }
}
