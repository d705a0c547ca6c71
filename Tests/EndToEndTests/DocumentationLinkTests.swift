import Foundation
import Testing
import VB365TestSupport

/// The README and docs/ link to each other a great deal; a moved section must not leave a link
/// pointing nowhere.
@Suite("The README and docs/: every relative link and anchor resolves")
struct DocumentationLinkTests {
    @Test("README.md and docs/*.md")
    func links() throws {
        let root = Fixtures.packageRoot
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        var checked = 0
        for document in ["README.md"] + docs {
            let text = try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
            let base = root.appendingPathComponent(document).deletingLastPathComponent()
            var inCode = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("```") { inCode.toggle() }
                if inCode { continue }
                for match in line.matches(of: #/\]\(([^)\s]+)\)/#) {
                    let link = String(match.1)
                    if link.contains("://") || link.hasPrefix("mailto:") { continue }
                    let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let file =
                        parts[0].isEmpty
                        ? root.appendingPathComponent(document) : base.appendingPathComponent(String(parts[0]))
                    #expect(
                        FileManager.default.fileExists(atPath: file.standardizedFileURL.path),
                        "\(document): \(link) names a missing file")
                    if parts.count == 2, file.pathExtension == "md",
                        let target = try? String(contentsOf: file, encoding: .utf8)
                    {
                        #expect(
                            MarkdownAnchor.all(in: target).contains(String(parts[1])),
                            "\(document): \(link) names a missing heading")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
    }
}
