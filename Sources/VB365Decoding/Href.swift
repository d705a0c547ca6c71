import VB365Model

/// Reads ids out of `_links` hrefs, absolute (v1–v5) or relative (v6+), in any case.
public enum Href {
    /// The id in the path segment after `collection` (compared case-insensitively), such as the
    /// job id in `https://host:4443/v3/jobs/<id>`; else the last path segment.
    public static func id(after collection: String, in href: String) -> EntityID? {
        // Every session names its job, organization and itself by href: the ASCII ones (all that
        // VB365 sends) are split as bytes, with no String made but the id's.
        guard href.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeID(after: collection, in: href) }
        let bytes = href.utf8
        let path = bytes.split(separator: UInt8(ascii: "?"), maxSplits: 1).first ?? bytes[...]
        let segments = path.split(separator: UInt8(ascii: "/"))
        if let index = segments.lastIndex(where: { isASCIILowercased($0, equalTo: collection) }),
            index + 1 < segments.count
        {
            return EntityID(String(Substring(segments[index + 1])).removingPercentEncoding)
        }
        guard let last = segments.last, !last.contains(UInt8(ascii: ":")) else { return nil }
        return EntityID(String(Substring(last)).removingPercentEncoding)
    }

    /// `id(after:in:)` for an href that is not all ASCII, split by characters.
    package static func unicodeID(after collection: String, in href: String) -> EntityID? {
        let path = href.split(separator: "?", maxSplits: 1).first.map(String.init) ?? href
        let segments = path.split(separator: "/").map(String.init)
        if let index = segments.lastIndex(where: { $0.lowercased() == collection }), index + 1 < segments.count {
            return EntityID(segments[index + 1].removingPercentEncoding)
        }
        guard let last = segments.last, !last.contains(":") else { return nil }
        return EntityID(last.removingPercentEncoding)
    }

    /// True when the ASCII `segment`, in lower case, is `collection` (what `lowercased() ==` says
    /// of ASCII text).
    static func isASCIILowercased(_ segment: Substring.UTF8View, equalTo collection: String) -> Bool {
        guard segment.count == collection.utf8.count else { return false }
        return zip(segment, collection.utf8).allSatisfy { byte, expected in
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            return lower == expected
        }
    }
}

extension String {
    /// The text with `%XX` escapes decoded (invalid escapes are kept).
    var removingPercentEncoding: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
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
