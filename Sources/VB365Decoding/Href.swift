import VB365Model

/// Reads ids out of `_links` hrefs, absolute (v1–v5) or relative (v6+), in any case.
public enum Href {
    /// The id in the path segment after `collection` (compared case-insensitively), such as the
    /// job id in `https://host:4443/v3/jobs/<id>`; else the last path segment.
    public static func id(after collection: String, in href: String) -> EntityID? {
        let path = href.split(separator: "?", maxSplits: 1).first.map(String.init) ?? href
        let segments = path.split(separator: "/").map(String.init)
        if let index = segments.lastIndex(where: { $0.lowercased() == collection }), index + 1 < segments.count {
            return EntityID(segments[index + 1].removingPercentEncoding)
        }
        guard let last = segments.last, !last.contains(":") else { return nil }
        return EntityID(last.removingPercentEncoding)
    }
}

extension String {
    /// The text with `%XX` escapes decoded (invalid escapes are kept).
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var out = [UInt8]()
        let bytes = Array(utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let v = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16)
            {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
