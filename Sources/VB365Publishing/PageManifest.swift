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
        return parse(Array(data))
    }

    /// The manifest in `bytes`; nil unless every line is well formed.
    static func parse(_ bytes: [UInt8]) -> PageManifest? {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 3, String(decoding: lines[0], as: UTF8.self) == header, lines.last?.isEmpty == true
        else { return nil }
        var manifest: PageManifest
        switch String(decoding: lines[1], as: UTF8.self) {
        case "validated: yes": manifest = PageManifest(validated: true)
        case "validated: no": manifest = PageManifest(validated: false)
        default: return nil
        }
        manifest.entries.reserveCapacity(lines.count - 3)
        for line in lines[2..<(lines.count - 1)] {
            let fields = line.split(separator: 0x09, maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let key = PageKey(hex: String(decoding: fields[0], as: UTF8.self)),
                let size = Int(String(decoding: fields[1], as: UTF8.self)), size >= 0, !fields[2].isEmpty
            else { return nil }
            let path = String(decoding: fields[2], as: UTF8.self)
            guard manifest.entries.updateValue(Entry(key: key, size: size), forKey: path) == nil else { return nil }
        }
        return manifest
    }

    /// The file's bytes: the header, then the pages sorted by path. Paths holding a tab or a line
    /// end cannot be written (page names never do); they are left out, and rendered every time.
    func bytes() -> [UInt8] {
        var out = Array("\(Self.header)\nvalidated: \(validated ? "yes" : "no")\n".utf8)
        for path in entries.keys.sorted() where !path.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) {
            let entry = entries[path]!
            out.append(contentsOf: "\(entry.key.hex)\t\(entry.size)\t\(path)\n".utf8)
        }
        return out
    }
}
