import Foundation
import Testing
import VB365TestSupport

@Suite("validate FOLDER: every .html and .xhtml file below it")
struct ValidateFolderTests {
    static let valid = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>x</p></body></html>

        """
    static let invalid = valid.replacingOccurrences(of: "<p>x</p>", with: "\n<blink>x</blink>")

    @Test("a rendered report's folder: every page is checked, and the count is said")
    func report() throws {
        try withTemporaryFolder { root in
            let out = root.appendingPathComponent("report").path
            #expect(try Run(["render", Fixtures.samples, "--out", out, "--now=2026-11-23T06:00:00Z"]).status == 0)
            let pages = files(under: URL(fileURLWithPath: out)).keys.filter { $0.hasSuffix(".html") }.count
            #expect(pages > 50)
            let run = try Run(["validate", out])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr == "vb365-report: checked \(pages) files: all valid XHTML 1.0 Strict.\n")
        }
    }

    @Test("nested folders, in path order; .xhtml included; hidden files and other extensions left out; exit 1")
    func mixed() throws {
        try withTemporaryFolder { root in
            try Fixtures.write(
                [
                    "b/z.html": Self.invalid, "a.html": Self.valid, "b/a.xhtml": Self.invalid,
                    "b/c/ok.HTML": Self.valid,
                    "notes.txt": "not a page", ".hidden.html": Self.invalid, ".staging/x.html": Self.invalid,
                ], to: root)
            let run = try Run(["validate", root.path])
            #expect(run.status == 1)
            let lines = run.stderr.split(separator: "\n").map(String.init)
            let named = lines.compactMap { line in line.split(separator: ":").first.map(String.init) }
            #expect(
                named.filter { $0.hasPrefix("/") }.uniqued() == [root.path + "/b/a.xhtml", root.path + "/b/z.html"])
            #expect(lines.contains { $0.hasPrefix(root.path + "/b/z.html:4:") && $0.contains("error: ") })
            #expect(lines.last == "vb365-report: checked 4 files: 2 not valid XHTML 1.0 Strict.")
            // The same files named one by one give the same verdict.
            #expect(try Run(["validate", root.path + "/a.html", root.path + "/b/c/ok.HTML"]).status == 0)
        }
    }

    @Test("a folder without a page is an error (65) that says so; so is a missing path")
    func empty() throws {
        try withTemporaryFolder { root in
            try Fixtures.write(["empty/notes.txt": "no pages here"], to: root)
            let run = try Run(["validate", root.path + "/empty"])
            #expect(run.status == 65)
            #expect(run.stderr.contains(root.path + "/empty: error: no .html or .xhtml file was found in this folder"))
            let missing = try Run(["validate", root.path + "/nowhere"])
            #expect(missing.status == 65)
            #expect(missing.stderr.contains(root.path + "/nowhere: error: no such file or folder"))
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each only the first time it appears.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
