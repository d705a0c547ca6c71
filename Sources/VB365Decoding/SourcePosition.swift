import VB365Support

/// Positions of byte offsets in a decoded text, for diagnostics.
extension SourcePosition {
    /// Finds the line and column of a byte offset.
    public init(offset: Int, in bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { SourcePosition.positions(of: [offset], in: $0)[0] }
    }

    /// Finds the line and column of a byte offset in bytes the caller keeps alive.
    package init(offset: Int, in bytes: UnsafeRawBufferPointer) {
        self = SourcePosition.positions(of: [offset], in: bytes)[0]
    }

    /// Finds the lines and columns of several offsets in one pass over the text. A byte-order mark
    /// does not count as a column.
    package static func positions(of offsets: [Int], in bytes: UnsafeRawBufferPointer) -> [SourcePosition] {
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [SourcePosition](repeating: SourcePosition(line: 1, column: 1), count: offsets.count)
        var line = 1
        var lineStart = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var i = lineStart
        for k in order {
            let end = min(max(offsets[k], 0), bytes.count)
            while i < end {
                if bytes[i] == 0x0A {
                    line += 1
                    lineStart = i + 1
                }
                i += 1
            }
            var column = 1
            var j = lineStart
            while j < end {
                if bytes[j] & 0xC0 != 0x80 { column += 1 }
                j += 1
            }
            result[k] = SourcePosition(line: line, column: column)
        }
        return result
    }
}
