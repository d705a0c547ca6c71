/// Recognises an HTML page where JSON was expected: the error page a server or a proxy answers
/// with (`502 Bad Gateway`), saved into the archive or sent as a body. Saying so, with the
/// page's title, tells the user what happened and what to do, where "found '<'" would not.
enum HTMLPage {
    /// How far into the input the markers and the title are looked for.
    static let scanned = 4096
    /// The longest title quoted.
    static let titleLength = 100

    /// The error for an HTML page whose first byte is at `offset`; nil when the bytes there are
    /// not the start of an HTML page.
    static func error(in bytes: UnsafeRawBufferPointer, at offset: Int) -> JSONError? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "<") else { return nil }
        let end = min(bytes.count, offset + scanned)
        let head = Array(bytes[offset..<end]).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let markers = ["<!doctype html", "<html", "<head", "<body", "<title"].map { Array($0.utf8) }
        guard markers.contains(where: { contains(head, $0) }) else { return nil }
        let what = title(in: Array(bytes[offset..<end]), lowered: head).map { "an HTML page (\($0))" } ?? "an HTML page"
        return JSONError(
            offset: offset,
            message:
                "\(what), not JSON: the server or a proxy answered with an error page; fetch again (and check the server or proxy if it happens again)"
        )
    }

    /// The text of the first `<title>` element, white space collapsed and cut to `titleLength`
    /// characters; nil when there is none or it is empty.
    static func title(in bytes: [UInt8], lowered: [UInt8]) -> String? {
        guard let open = index(of: Array("<title".utf8), in: lowered, from: 0),
            let close = lowered[open...].firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        let start = close + 1
        let stop = index(of: Array("</title".utf8), in: lowered, from: start) ?? lowered.count
        guard start < stop else { return nil }
        let text = String(decoding: bytes[start..<stop], as: UTF8.self)
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        guard !words.isEmpty else { return nil }
        return words.count > titleLength ? String(words.prefix(titleLength)) + "…" : words
    }

    /// True when `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        index(of: needle, in: haystack, from: 0) != nil
    }

    /// Where `needle` first occurs in `haystack` at or after `from`.
    static func index(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else {
            return nil
        }
        for i in from...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
