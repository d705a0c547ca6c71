import VB365SummaryOutput
import VB365Support

/// Helpers every format shares: clipping escaped text to a limit, finding how many items fit,
/// and laying out a JSON body.
enum FormatSupport {
    /// `text` made visible (`VisibleText`: no control or bidirectional override obeyed), each
    /// character passed through `escape`, and cut with `…` so the result has at most `limit`
    /// UTF-16 code units (the strictest way the receivers count characters). An escape is never
    /// cut in half: characters are added whole.
    static func clipped(_ text: String, limit: Int, escape: (Character) -> String) -> String {
        let pieces = VisibleText.escapingUnsafe(text, forXML: false).map(escape)
        if pieces.reduce(0, { $0 + $1.utf16.count }) <= limit { return pieces.joined() }
        guard limit > 0 else { return "" }
        var out = ""
        var length = 0
        for piece in pieces {
            let size = piece.utf16.count
            if length + size > limit - 1 { break }
            out += piece
            length += size
        }
        return out + "…"
    }

    /// The largest `k` in `0...count` for which `fits(k)` holds, given that it holds for every
    /// smaller `k` when it holds for `k` (more items, more bytes); 0 when none fits.
    static func largestFitting(_ count: Int, _ fits: (Int) -> Bool) -> Int {
        if fits(count) { return count }
        var low = 0
        var high = count
        while low + 1 < high {
            let middle = (low + high) / 2
            if fits(middle) { low = middle } else { high = middle }
        }
        return low
    }

    /// `value` as compact JSON, UTF-8, without the final newline: the same bytes every time.
    static func body(_ value: JSONValue) -> [UInt8] {
        var bytes = Array(value.rendered(.compact).utf8)
        if bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }

    /// The number of UTF-16 code units in `text`: the length the receivers' limits count.
    static func length(_ text: String) -> Int { text.utf16.count }

    /// True for a link worth a button: `http://` or `https://` (a `javascript:` page never is).
    static func isWebLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }
}
