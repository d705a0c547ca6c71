import Foundation
import Testing
import VB365TestSupport

@Suite("vb365-report site, end to end")
struct SiteCommandTests {
    static func site(_ folder: URL, now: String = "2026-11-23T06:00:00Z", _ extra: [String] = []) throws -> Run {
        try Run(["site", Fixtures.samples, "--now", now, "--out", folder.path] + extra)
    }

    /// Every file below `folder`, relative path to (inode, modification time, bytes).
    static func snapshot(_ folder: URL) throws -> [String: (UInt64, Date, Data)] {
        var out: [String: (UInt64, Date, Data)] = [:]
        let root = folder.resolvingSymlinksInPath().path
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! {
            let path = url.resolvingSymlinksInPath().path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            out[String(path.dropFirst(root.count + 1))] = (
                (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                attributes[.modificationDate] as? Date ?? .distantPast, try Data(contentsOf: url)
            )
        }
        return out
    }

    @Test("every relative link and asset resolves; no absolute link; badges and feed are there")
    func links() throws {
        // A local function, not the closure itself: Swift 6.3.1 crashes (in its SendNonSendable
        // pass) compiling these checks as a closure.
        func check(_ folder: URL) throws {
            let out = folder.appendingPathComponent("site")
            let run = try Self.site(out)
            #expect(run.status == 0, "\(run.stderr)")
            let files = try Self.snapshot(out)
            #expect(files["index.html"] != nil && files["index.md"] != nil && files["feed.xml"] != nil)
            #expect(files.keys.filter { $0.hasPrefix("badges/") && $0.hasSuffix(".svg") }.count == 4)
            #expect(files.keys.filter { $0.hasPrefix("sessions/") && $0.hasSuffix(".html") }.count > 50)
            var checked = 0
            for (path, (_, _, data)) in files
            where path.hasSuffix(".html") || path.hasSuffix(".md") || path == "feed.xml" {
                let text = String(decoding: data, as: UTF8.self)
                var targets: [String] = []
                for marker in ["href=\"", "src=\""] {
                    targets += text.components(separatedBy: marker).dropFirst().map { String($0.prefix { $0 != "\"" }) }
                }
                if path.hasSuffix(".md") {
                    targets += text.components(separatedBy: "](").dropFirst().map { String($0.prefix { $0 != ")" }) }
                }
                let base = URL(fileURLWithPath: path).deletingLastPathComponent().relativePath
                for target in targets {
                    #expect(!target.contains("://"), "\(path) links outside the site: \(target)")
                    let file = String(target.prefix { $0 != "#" })
                    if file.isEmpty, path.hasSuffix(".html") {
                        // A link within the page: its anchor is there.
                        #expect(text.contains("id=\"\(target.dropFirst())\""), "\(path) links to a missing \(target)")
                        continue
                    }
                    guard !file.isEmpty else { continue }
                    let resolved = URL(fileURLWithPath: "/" + (base == "." ? "" : base + "/") + file)
                        .standardizedFileURL
                        .path
                    #expect(files[String(resolved.dropFirst())] != nil, "\(path) links to a missing \(target)")
                    checked += 1
                }
            }
            #expect(checked > 500)
        }
        try withTemporaryFolder { try check($0) }
    }

    @Test("incremental: a later run rewrites only what changed; session pages keep their file and time")
    func incremental() throws {
        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("site")
            #expect(try Self.site(out).status == 0)
            let before = try Self.snapshot(out)
            Thread.sleep(forTimeInterval: 1.1)
            let again = try Self.site(out, now: "2026-11-23T07:00:00Z")
            #expect(again.status == 0)
            // The digest, the infrastructure page and each organization's protection page (HTML and
            // Markdown: they say when they were made; its CSV does not), the feed, the badges
            // and the pages of the session still running (hung at the samples' morning), whose elapsed
            // time moved on: its page never goes stale; so does its month's XHTML page, whose badge
            // says for how long (the Markdown badge does not).
            #expect(again.stderr.contains("19 new or changed"), "\(again.stderr)")
            let after = try Self.snapshot(out)
            #expect(Set(before.keys) == Set(after.keys))
            var unchanged = 0
            var running = 0
            for (path, old) in before where path.hasPrefix("sessions/") {
                let page = String(decoding: old.2, as: UTF8.self)
                if page.contains("still running, for ") || page.contains("hung: running for ") {
                    running += 1
                    #expect(after[path]!.2 != old.2, "\(path) says how long it has been running")
                    continue
                }
                let new = try #require(after[path])
                #expect(new.0 == old.0 && new.1 == old.1 && new.2 == old.2, "\(path) was rewritten")
                unchanged += 1
            }
            #expect(unchanged > 100)
            #expect(running == 2, "the running session's page in both formats")
            #expect(after["index.html"]!.2 != before["index.html"]!.2, "the digest says when it was made")
        }
    }

    @Test("a publish that fails leaves the previous site exactly as it was")
    func interrupted() throws {
        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("site")
            #expect(try Self.site(out).status == 0)
            let before = try Self.snapshot(out)
            let templates = folder.appendingPathComponent("templates")
            try Fixtures.write(["session.html.mustache": "{{%CONTENT_TYPE:XHTML}}<p>not a page</p>"], to: templates)
            let failed = try Self.site(out, now: "2026-11-24T06:00:00Z", ["--templates", templates.path])
            #expect(failed.status == 70)
            let after = try Self.snapshot(out)
            #expect(Set(before.keys) == Set(after.keys))
            for (path, old) in before { #expect(after[path]!.0 == old.0 && after[path]!.2 == old.2, "\(path)") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["site", "templates"])
        }
    }

    @Test("a publish killed at any moment leaves the old site or the whole new one, and the next run clears up")
    func killed() throws {
        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("site")
            #expect(try Self.site(out).status == 0)
            let before = try Self.snapshot(out)
            for delay in [0.05, 0.15, 0.3] {
                let process = Process()
                process.executableURL = Run.binary
                process.arguments = ["site", Fixtures.samples, "--now", "2026-11-24T06:00:00Z", "--out", out.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let now = try Self.snapshot(out)
                let old = now.keys.allSatisfy { before[$0]?.2 == now[$0]?.2 } && now.count == before.count
                let complete = now.count == before.count && now["index.html"] != nil && now["feed.xml"] != nil
                #expect(old || complete, "after \(delay) s the site is neither the old one nor a whole new one")
            }
            #expect(try Self.site(out, now: "2026-11-25T06:00:00Z").status == 0)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.contains("vb365-new") || $0.contains("vb365-old")
            }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test("the feed is an Atom document with the required elements; --keep limits the history")
    func feedAndKeep() throws {
        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("site")
            #expect(try Self.site(out).status == 0)
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = [
                "python3", "-c",
                #"""
                import sys, re, xml.etree.ElementTree as ET
                A = "{http://www.w3.org/2005/Atom}"
                f = ET.parse(sys.argv[1]).getroot()
                assert f.tag == A + "feed"
                for n in ("id", "title", "updated", "author"): assert f.find(A + n) is not None, n
                date = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
                assert date.match(f.find(A + "updated").text)
                ids = set()
                for e in f.findall(A + "entry"):
                    for n in ("id", "title", "updated", "link", "summary"): assert e.find(A + n) is not None, n
                    assert date.match(e.find(A + "updated").text)
                    assert e.find(A + "id").text.startswith("urn:uuid:")
                    ids.add(e.find(A + "id").text)
                assert len(ids) == len(f.findall(A + "entry")) > 5
                print("ok", len(ids))
                """#, out.appendingPathComponent("feed.xml").path,
            ]
            let pipe = Pipe()
            check.standardOutput = pipe
            try check.run()
            let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            check.waitUntilExit()
            #expect(check.terminationStatus == 0)
            #expect(said.hasPrefix("ok "))

            let kept = folder.appendingPathComponent("kept")
            #expect(try Self.site(kept, ["--keep", "3d"]).status == 0)
            let all = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("sessions").path)
            let few = try FileManager.default.contentsOfDirectory(atPath: kept.appendingPathComponent("sessions").path)
            #expect(few.count < all.count / 2)
        }
    }

    @Test("one publisher at a time: a second run on the same folder stops with 73 and touches nothing")
    func oneAtATime() throws {
        try withTemporaryFolder { folder in
            let out = folder.appendingPathComponent("site")
            let lockPath = folder.appendingPathComponent(".site.vb365-lock").path
            let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
            #expect(flock(fd, LOCK_EX) == 0)
            let blocked = try Self.site(out)
            #expect(blocked.status == 73)
            #expect(blocked.stderr.contains("another vb365-report run is publishing it"))
            #expect(!FileManager.default.fileExists(atPath: out.path))
            close(fd)
            unlink(lockPath)
            #expect(try Self.site(out).status == 0)
        }
    }

    @Test("a folder that is not a site is refused (73); so is one that cannot be written")
    func refusals() throws {
        try withTemporaryFolder { folder in
            try Fixtures.write(["notes.txt": "mine"], to: folder.appendingPathComponent("theirs"))
            #expect(try Self.site(folder.appendingPathComponent("theirs")).status == 73)
            #expect(try Self.site(URL(fileURLWithPath: "/proc/vb365-site")).status == 73)
        }
    }
}
