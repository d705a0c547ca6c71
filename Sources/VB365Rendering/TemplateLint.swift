import Foundation

/// Finds variables and partials a template names that do not exist, so a typo is caught by the
/// tests (and, for `--templates`, reported before anything is rendered).
package enum TemplateLint {
    /// Every variable any view offers.
    package static let vocabulary: Set<String> = {
        var names: Set<String> = ["."]
        for fields in allViewFields { names.formUnion(fields) }
        return names
    }()

    /// The field names of every view type, which templates may use.
    package static let allViewFields: [[String]] = TemplateDocs.views.map(\.fields)

    /// A name a template uses that nothing defines.
    package struct Finding: Hashable, Sendable, CustomStringConvertible {
        package var template: String
        package var name: String
        package var isPartial: Bool
        /// `unknown variable wrod` or `unknown partial nosuch`.
        package var message: String { isPartial ? "unknown partial \(name)" : "unknown variable \(name)" }
        package var description: String { "\(template): \(message)" }
    }

    /// The unknown names in every template of `set`.
    package static func check(_ set: TemplateSet) -> [Finding] {
        var findings: [Finding] = []
        for (template, text) in set.sources.sorted(by: { $0.key < $1.key }) {
            for (kind, name) in tags(in: text) {
                switch kind {
                case ">":
                    if set.sources[name] == nil {
                        findings.append(Finding(template: template, name: name, isPartial: true))
                    }
                case "%", "!", "=":
                    continue
                default:
                    let parts = name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false)
                    if parts.contains(where: { !vocabulary.contains(String($0)) }) {
                        findings.append(Finding(template: template, name: name, isPartial: false))
                    }
                }
            }
        }
        return findings
    }

    /// The tags of a template: the sigil (`#`, `^`, `/`, `>`, `{`, `&`, `%`, `!`, or empty) and
    /// the name.
    static func tags(in text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            var triple = false
            if rest.first == "{" {
                triple = true
                rest = rest.dropFirst()
            }
            guard let close = rest.range(of: "}}") else { break }
            var body = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if triple, rest.first == "}" { rest = rest.dropFirst() }
            var sigil = ""
            if let first = body.first, "#^/>{&%!=".contains(first) {
                sigil = String(first)
                body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            result.append((sigil, body))
        }
        return result
    }
}
