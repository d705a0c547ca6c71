import Foundation
import Testing
import VB365Rendering
import VB365TestSupport

@testable import VB365Publishing

/// The manifest is read and written byte by byte for speed: the file must stay what the earlier
/// string-based code wrote and read, line for line.
@Suite("PageManifest: the same file as before, read and written in place")
struct PageManifestTests {
    /// A key whose 64 digits repeat `seed`'s hex digits.
    static func key(_ seed: Int) -> PageKey {
        let digits = String(repeating: String(seed, radix: 16), count: 64).prefix(64)
        return PageKey(hex: digits)!
    }

    /// What the earlier code wrote: each page's line made as a string, the paths sorted as strings.
    static func reference(_ manifest: PageManifest) -> [UInt8] {
        var out = Array("vb365-report pages 1\nvalidated: \(manifest.validated ? "yes" : "no")\n".utf8)
        for path in manifest.entries.keys.sorted() where !path.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A }) {
            let entry = manifest.entries[path]!
            out.append(contentsOf: "\(entry.key.hex)\t\(entry.size)\t\(path)\n".utf8)
        }
        return out
    }

    @Test("a key's hex digits round-trip; anything but 64 lowercase hex digits is refused")
    func keys() throws {
        let hex = "0123456789abcdef" + "fedcba9876543210" + "00000000000000ff" + "a0b1c2d3e4f5a6b7"
        let key = try #require(PageKey(hex: hex))
        #expect(key.hex == hex && key.description == hex)
        #expect(PageKey(hex: Substring(hex)) == key)
        #expect(PageKey(hex: String(hex.dropLast()) + "e") != key)
        #expect(Set([key, try #require(PageKey(hex: hex))]).count == 1)
        for bad in [String(hex.dropLast()), hex + "0", hex.uppercased(), String(hex.dropLast()) + "g", ""] {
            #expect(PageKey(hex: bad) == nil, "\(bad)")
        }
    }

    @Test("the file's bytes are the earlier code's, in the same order, and read back whole")
    func sameBytes() throws {
        var manifest = PageManifest(validated: true)
        let paths = [
            "sessions/b.html", "sessions/a.md", "sessions/A.html", "index.html", "jobs/x-1.html", "jobs/x.html",
            "tenants/contoso-1a2b3c4d/sessions/z.html", "sessions/a b.html", "sessions/é.html", "sessions/z.html",
            "with\ttab.html", "with\nline.html",
        ]
        for (index, path) in paths.enumerated() {
            manifest.entries[path] = .init(key: Self.key(index), size: [0, 7, 10, 123_456_789, Int.max][index % 5])
        }
        let bytes = manifest.bytes()
        #expect(bytes == Self.reference(manifest))
        var written = manifest
        written.entries["with\ttab.html"] = nil
        written.entries["with\nline.html"] = nil
        #expect(PageManifest.parse(bytes) == written)
        manifest.validated = false
        #expect(manifest.bytes() == Self.reference(manifest))
        #expect(PageManifest.parse(PageManifest(validated: false).bytes()) == PageManifest(validated: false))
    }

    @Test("a line is read as before: a size as Int(_:) reads it, a path with tabs, nothing else")
    func lines() {
        let head = "vb365-report pages 1\nvalidated: yes\n"
        let key = Self.key(0xab).hex
        func parse(_ lines: String...) -> PageManifest? {
            PageManifest.parse(Array((head + lines.joined()).utf8))
        }
        #expect(parse("\(key)\t+5\ta\n")?.entries["a"]?.size == 5)
        #expect(parse("\(key)\t-0\ta\n")?.entries["a"]?.size == 0)
        #expect(parse("\(key)\t5\ta\tb\n")?.entries["a\tb"]?.size == 5)
        #expect(parse("\(key)\t9223372036854775807\ta\n")?.entries["a"]?.size == Int.max)
        for bad in [
            "\(key)\t-5\ta\n", "\(key)\t9223372036854775808\ta\n", "\(key)\t\ta\n", "\(key)\t+\ta\n",
            "\(key)\t5\t\n", "\(key)\t5\n", "\(key)\t5\ta", "\(key.uppercased())\t5\ta\n", "\(key)0\t5\ta\n",
            "\n", "\(key)\t5\ta\n\(key)\t6\ta\n", "\(key)\t5 \ta\n",
        ] {
            #expect(parse(bad) == nil, "\(bad)")
        }
        #expect(PageManifest.parse(Array("vb365-report pages 1\nvalidated: yes".utf8)) == nil)
        #expect(PageManifest.parse(Array("vb365-report pages 1\nvalidated: maybe\n".utf8)) == nil)
        #expect(PageManifest.parse(Array("vb365-report pages 1\n".utf8)) == nil)
        #expect(PageManifest.parse([]) == nil)
    }

    @Test("the old report's removal takes the whole tree and never follows a symbolic link out of it")
    func removeTree() throws {
        try withTemporaryFolder { root in
            let outside = root.appendingPathComponent("outside")
            try Fixtures.write(["keep.html": "kept", "folder/inner.html": "kept too"], to: outside)
            let tree = root.appendingPathComponent("tree")
            try Fixtures.write(["a.html": "a", "sessions/b.html": "b", "tenants/t/sessions/c.md": "c"], to: tree)
            let fm = FileManager.default
            try fm.createSymbolicLink(at: tree.appendingPathComponent("sessions/out"), withDestinationURL: outside)
            try fm.createSymbolicLink(
                at: tree.appendingPathComponent("file"), withDestinationURL: outside.appendingPathComponent("keep.html")
            )
            try fm.createSymbolicLink(
                at: tree.appendingPathComponent("tenants/t/dangling"),
                withDestinationURL: root.appendingPathComponent("no")
            )
            // A hard link's other name, outside, keeps the file.
            try fm.linkItem(at: tree.appendingPathComponent("a.html"), to: outside.appendingPathComponent("a.html"))
            ReportPublisher.removeTree(tree.path)
            #expect(!fm.fileExists(atPath: tree.path))
            #expect(try fm.contentsOfDirectory(atPath: outside.path).sorted() == ["a.html", "folder", "keep.html"])
            #expect(
                try String(contentsOf: outside.appendingPathComponent("folder/inner.html"), encoding: .utf8)
                    == "kept too")
            // A single file, a symbolic link to a folder, and nothing at all.
            ReportPublisher.removeTree(outside.appendingPathComponent("a.html").path)
            let link = root.appendingPathComponent("link")
            try fm.createSymbolicLink(at: link, withDestinationURL: outside)
            ReportPublisher.removeTree(link.path)
            ReportPublisher.removeTree(root.appendingPathComponent("missing").path)
            #expect((try? fm.destinationOfSymbolicLink(atPath: link.path)) == nil)
            #expect(try fm.contentsOfDirectory(atPath: outside.path).sorted() == ["folder", "keep.html"])
        }
    }

    @Test("a manifest read ahead is taken only while the file is the one read")
    func prefetch() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent(PageManifest.path)
            try FileManager.default.createDirectory(
                at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
            var manifest = PageManifest(validated: true)
            manifest.entries["sessions/a.html"] = .init(key: Self.key(1), size: 10)
            try Data(manifest.bytes()).write(to: path)
            let ahead = ManifestPrefetch(folder: folder.path)
            #expect(ahead.manifest(of: folder.path + "/elsewhere") == nil, "another folder's is not taken")
            #expect(ahead.manifest(of: folder.standardizedFileURL.path) == .some(manifest))
            // Replaced by another run after it was read: the caller reads the file again.
            manifest.entries["sessions/b.html"] = .init(key: Self.key(2), size: 20)
            try Data(manifest.bytes()).write(to: path.appendingPathExtension("new"))
            _ = rename(path.appendingPathExtension("new").path, path.path)
            #expect(ahead.manifest(of: folder.standardizedFileURL.path) == nil)
            // None to read: taken as none.
            try FileManager.default.removeItem(at: path)
            #expect(ManifestPrefetch(folder: folder.path).manifest(of: folder.standardizedFileURL.path) == .some(nil))
        }
    }
}
