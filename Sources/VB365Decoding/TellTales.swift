/// Words that tell a kind of file apart (`"initiatedBy"`, `/ProcessedObjects`), looked for in a
/// body's first 2 KiB before it is parsed: a cheap filter that lets session pages and log files,
/// by far the most files, pass without being parsed twice. Each word starts with `"` or `/`.
struct TellTales: Sendable {
    /// The words by their first two bytes.
    private let table: [UInt16: [[UInt8]]]

    /// The tell-tales `words`, spelled as the API writes them.
    init(_ words: [String]) {
        var table: [UInt16: [[UInt8]]] = [:]
        for w in words {
            let b = Array(w.utf8)
            table[UInt16(b[0]) << 8 | UInt16(b[1]), default: []].append(b)
        }
        self.table = table
    }

    /// True when one of the words appears in the first 2 KiB of `bytes`.
    func appear(in bytes: UnsafeRawBufferPointer) -> Bool {
        let count = min(bytes.count, 2048)
        guard count >= 2 else { return false }
        var i = 0
        while i < count - 1 {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "/"),
                let candidates = table[UInt16(b) << 8 | UInt16(bytes[i + 1])]
            {
                for word in candidates where i + word.count <= count {
                    var j = 2
                    while j < word.count, bytes[i + j] == word[j] { j += 1 }
                    if j == word.count { return true }
                }
            }
            i += 1
        }
        return false
    }
}
