import Foundation
import VB365Support

/// The reference of template variables in `docs/templates.md`, generated from the view types'
/// own `///` documentation (in `Views.swift`), so the two cannot drift apart: `vb365-dev
/// template-docs` writes it, and a test checks that the file holds what this generates.
package enum TemplateDocs {
    /// The lines that enclose the generated part of `docs/templates.md`.
    package static let begin = "<!-- BEGIN GENERATED: vb365-dev template-docs -->"
    package static let end = "<!-- END GENERATED: vb365-dev template-docs -->"

    /// Every view a template can read, in the order the reference lists them, with its variables.
    package static let views: [(name: String, fields: [String])] = [
        ("PageView", PageView.fieldNames), ("BadgeView", BadgeView.fieldNames),
        ("QuantityView", QuantityView.fieldNames), ("DeltaView", DeltaView.fieldNames),
        ("BarView", BarView.fieldNames), ("AxisView", AxisView.fieldNames), ("StatView", StatView.fieldNames),
        ("LogLineView", LogLineView.fieldNames),
        ("DigestView", DigestView.fieldNames), ("ContentsEntryView", ContentsEntryView.fieldNames),
        ("UnreadableFileView", UnreadableFileView.fieldNames),
        ("EmailView", EmailView.fieldNames),
        ("TicketView", TicketView.fieldNames), ("ServerRowView", ServerRowView.fieldNames),
        ("OrganizationRowView", OrganizationRowView.fieldNames),
        ("JobRowView", JobRowView.fieldNames), ("OverdueView", OverdueView.fieldNames),
        ("AttentionView", AttentionView.fieldNames), ("JobPageView", JobPageView.fieldNames),
        ("JobMonthView", JobMonthView.fieldNames), ("JobMonthPageView", JobMonthPageView.fieldNames),
        ("MonthLinkView", MonthLinkView.fieldNames),
        ("SessionRowView", SessionRowView.fieldNames), ("SessionPageView", SessionPageView.fieldNames),
        ("ProcessedObjectsView", ProcessedObjectsView.fieldNames), ("ObjectRowView", ObjectRowView.fieldNames),
        ("CopyOfView", CopyOfView.fieldNames),
        ("ChainItemView", ChainItemView.fieldNames), ("ComparisonRowView", ComparisonRowView.fieldNames),
        ("InfrastructureSectionView", InfrastructureSectionView.fieldNames),
        ("InfrastructureProblemView", InfrastructureProblemView.fieldNames),
        ("InfrastructurePageView", InfrastructurePageView.fieldNames),
        ("RepositoryRowView", RepositoryRowView.fieldNames), ("ProxyRowView", ProxyRowView.fieldNames),
        ("LicenseRowView", LicenseRowView.fieldNames), ("LicensingRowView", LicensingRowView.fieldNames),
    ]

    /// A variable or view without documentation.
    package struct Missing: ReportableError {
        package var names: [String]
        package var exitStatus: ExitStatus { .dataError }
        package var diagnostics: [Diagnostic] {
            [
                Diagnostic(
                    path: "Sources/VB365Rendering/Views.swift",
                    message: "undocumented: \(names.joined(separator: ", "))",
                    advice: "give each a /// comment")
            ]
        }
    }

    /// The generated Markdown (between the markers, without them) from the text of `Views.swift`.
    package static func markdown(viewsSource: String) throws(Missing) -> String {
        let declarations = parse(viewsSource)
        var missing: [String] = []
        var blocks: [String] = []
        for view in views {
            guard let declared = declarations[view.name], !declared.doc.isEmpty else {
                missing.append(view.name)
                continue
            }
            var block = "**\(view.name)**: \(declared.doc)\n\n| variable | type | what it holds |\n|---|---|---|\n"
            for field in view.fields {
                guard let property = declared.properties[field], !property.doc.isEmpty else {
                    missing.append("\(view.name).\(field)")
                    continue
                }
                block += "| `\(field)` | \(property.type) | \(property.doc) |\n"
            }
            blocks.append(block)
        }
        if !missing.isEmpty { throw Missing(names: missing) }
        return blocks.joined(separator: "\n")
    }

    /// `document` with its generated part replaced by `generated`; nil without the markers.
    package static func replacing(in document: String, with generated: String) -> String? {
        guard let start = document.range(of: begin), let stop = document.range(of: end),
            start.upperBound <= stop.lowerBound
        else { return nil }
        return String(document[..<start.upperBound]) + "\n" + generated + String(document[stop.lowerBound...])
    }

    struct Declared {
        var doc = ""
        var properties: [String: (type: String, doc: String)] = [:]
    }

    /// The view structs of a source file: each one's doc comment, and its stored and computed
    /// properties' types and doc comments (joined into one line).
    static func parse(_ source: String) -> [String: Declared] {
        var result: [String: Declared] = [:]
        var doc: [String] = []
        var current: String?
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingPrefix(while: { $0 == " " })
            if line.hasPrefix("///") {
                doc.append(String(line.dropFirst(3).trimmingPrefix(while: { $0 == " " })))
                continue
            }
            defer { doc = [] }
            if raw.hasPrefix("package struct "),
                let name = raw.dropFirst("package struct ".count).split(separator: ":").first
            {
                current = String(name)
                result[String(name), default: Declared()].doc = doc.joined(separator: " ")
            } else if raw.hasPrefix("}") {
                current = nil
            } else if let view = current, raw.hasPrefix("    package var ") || raw.hasPrefix("    package let ") {
                let declaration = raw.dropFirst("    package var ".count)
                guard let colon = declaration.firstIndex(of: ":") else { continue }
                let name = String(declaration[..<colon])
                var type = declaration[declaration.index(after: colon)...]
                if let end = type.firstIndex(where: { $0 == "=" || $0 == "{" }) { type = type[..<end] }
                let text = String(type).trimmingCharacters(in: .whitespaces)
                result[view]?.properties[name] = (text, doc.joined(separator: " "))
            }
        }
        return result
    }
}
