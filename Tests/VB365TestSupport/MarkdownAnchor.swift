/// The anchors GitHub-flavoured Markdown renderers give headings, for tests of in-page links.
package enum MarkdownAnchor {
    /// A heading's anchor: lower case, punctuation but `-` and `_` dropped, spaces as `-`.
    package static func of(_ heading: String) -> String {
        var out = ""
        for c in heading.lowercased() {
            if c == " " {
                out.append("-")
            } else if c.isLetter || c.isNumber || c == "-" || c == "_" {
                out.append(c)
            }
        }
        return out
    }

    /// The anchors of the headings of a Markdown text, outside code blocks.
    package static func all(in text: String) -> Set<String> {
        var result: Set<String> = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, line.hasPrefix("#") else { continue }
            result.insert(of(String(line.drop { $0 == "#" }.dropFirst())))
        }
        return result
    }
}
