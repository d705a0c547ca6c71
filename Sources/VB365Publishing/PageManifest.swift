import Foundation
import VB365Rendering

/// What each page of a published folder was built from, kept in the folder's metadata
/// (`.vb365/pages.tsv`): the next incremental run renders only the pages whose key changed, and
/// links the others from the folder it replaces.
///
/// The file is text, one page per line after a header: `<key> TAB <size> TAB <path>`, sorted by
/// path, so that the same pages give the same file. A manifest that cannot be read whole is
/// ignored, and every page is rendered again.
struct PageManifest: Sendable, Equatable {
    /// The metadata folder inside the published folder.
    static let folder = ".vb365"
    /// The manifest's path inside the published folder.
    static let path = folder + "/pages.tsv"
    /// The first line; another one (a later format) is not read.
    static let header = "vb365-report pages 1"

    /// A page's key and the size of the file it made.
    struct Entry: Sendable, Equatable {
        var key: PageKey
        var size: Int
    }

    /// The pages by path relative to the published folder.
    var entries: [String: Entry] = [:]
    /// True when every XHTML page was validated when it was written, so that a kept page needs
    /// no validation either.
    var validated: Bool

    /// The manifest of the published folder `folder`; nil when it has none, or one this build
    /// cannot read.
    static func read(from folder: String) -> PageManifest? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + path) else { return nil }
        return data.withUnsafeBytes { parse($0.bindMemory(to: UInt8.self)) }
    }

    /// The manifest in `bytes`; nil unless every line is well formed.
    static func parse(_ bytes: [UInt8]) -> PageManifest? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// The manifest in `bytes`, read in place: a page costs its path's string and nothing else.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> PageManifest? {
        var reader = LineReader(bytes: bytes)
        guard let first = reader.next(), first.elementsEqual(header.utf8), let second = reader.next() else {
            return nil
        }
        var manifest: PageManifest
        if second.elementsEqual("validated: yes".utf8) {
            manifest = PageManifest(validated: true)
        } else if second.elementsEqual("validated: no".utf8) {
            manifest = PageManifest(validated: false)
        } else {
            return nil
        }
        // A page's line is at least 64 digits, a tab, a digit, a tab and a character.
        manifest.entries.reserveCapacity(bytes.count / 68)
        while let line = reader.next() {
            // The key's digits and its tab, then the size up to the next tab, then the path.
            guard line.count > 65, line[line.startIndex + 64] == 0x09,
                let key = PageKey(hexDigits: UnsafeBufferPointer(rebasing: line.prefix(64)))
            else { return nil }
            let rest = line.dropFirst(65)
            guard let tab = rest.firstIndex(of: 0x09), let size = Self.size(rest[..<tab]), tab + 1 < rest.endIndex
            else { return nil }
            let path = String(decoding: UnsafeBufferPointer(rebasing: rest[(tab + 1)...]), as: UTF8.self)
            guard manifest.entries.updateValue(Entry(key: key, size: size), forKey: path) == nil else { return nil }
        }
        // What is left after the last line end must be nothing: a file cut short is not read.
        guard reader.rest.isEmpty else { return nil }
        return manifest
    }

    /// The size in `digits`, as `Int(_:)` reads it (an optional sign, then decimal digits); nil
    /// unless it is a number from 0 to `Int.max`.
    private static func size(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var digits = digits
        var negative = false
        if let sign = digits.first, sign == 0x2B || sign == 0x2D {
            negative = sign == 0x2D
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(Int(digit &- 0x30))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return negative && value != 0 ? nil : value
    }

    /// The file's bytes: the header, then the pages sorted by path. Paths holding a tab or a line
    /// end cannot be written (page names never do); they are left out, and rendered every time.
    func bytes() -> [UInt8] {
        Self.bytes(validated: validated, pages: entries.map { (path: $0.key, entry: $0.value) })
    }

    /// The bytes of the manifest of `pages` (each path once), as `bytes()` writes them.
    static func bytes(validated: Bool, pages all: [(path: String, entry: Entry)]) -> [UInt8] {
        var pages: [(path: String, entry: Entry)] = []
        pages.reserveCapacity(all.count)
        var capacity = 0
        var ascii = true
        for page in all where !page.path.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) {
            pages.append(page)
            capacity += page.path.utf8.count
            ascii = ascii && page.path.utf8.allSatisfy { $0 < 0x80 }
        }
        // The order of sorting the paths as strings: for ASCII, byte by byte, which `memcmp`
        // does without the string comparison's work per character.
        if ascii {
            pages.sort { a, b in
                let inOrder: Bool?? = a.path.utf8.withContiguousStorageIfAvailable { x in
                    b.path.utf8.withContiguousStorageIfAvailable { y in
                        let common = min(x.count, y.count)
                        let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                        return order != 0 ? order < 0 : x.count < y.count
                    }
                }
                return (inOrder ?? nil) ?? (a.path < b.path)
            }
        } else {
            pages.sort { $0.path < $1.path }
        }
        let head = "\(Self.header)\nvalidated: \(validated ? "yes" : "no")\n".utf8
        // The key, a tab, at most 19 digits, a tab, the path and a line end.
        var out: [UInt8] = []
        out.reserveCapacity(head.count + capacity + pages.count * (64 + 1 + 19 + 1 + 1))
        out.append(contentsOf: head)
        var digits: [UInt8] = Array(repeating: 0, count: 20)
        for (path, entry) in pages {
            entry.key.appendHex(to: &out)
            out.append(0x09)
            var size = entry.size
            guard size >= 0 else {
                // Never recorded (a file's size); written as before, should it ever be.
                out.append(contentsOf: "\(size)\t\(path)\n".utf8)
                continue
            }
            var first = digits.count
            repeat {
                first -= 1
                digits[first] = 0x30 + UInt8(size % 10)
                size /= 10
            } while size > 0
            out.append(contentsOf: digits[first...])
            out.append(0x09)
            out.append(contentsOf: path.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// The lines of a buffer, each without its line end; what follows the last line end is `rest`.
    private struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var start = 0

        /// What is left after the lines read so far.
        var rest: Slice<UnsafeBufferPointer<UInt8>> { bytes[start...] }

        /// The next line that ends with a line end; nil when none is left.
        mutating func next() -> Slice<UnsafeBufferPointer<UInt8>>? {
            guard start < bytes.count, let base = bytes.baseAddress,
                let found = memchr(base + start, 0x0A, bytes.count - start)
            else { return nil }
            let end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            defer { start = end + 1 }
            return bytes[start..<end]
        }
    }
}
