import Foundation
import VB365Support

/// What the view types' source says (`Sources/VB365Rendering/Views/`), made into the two files
/// generated from it, so that a template variable is declared once, as a `package` property with a
/// `///` comment: each view's `fields` table in `ViewFields.swift` (`vb365-dev view-fields`), and
/// the reference of template variables in `docs/templates.md` (`vb365-dev template-docs`). Both
/// list a view's variables in the order they are declared, and tests check that both files hold
/// what this generates.
package enum TemplateDocs {
    /// The lines that enclose the generated part of `docs/templates.md`.
    package static let begin = "<!-- BEGIN GENERATED: vb365-dev template-docs -->"
    package static let end = "<!-- END GENERATED: vb365-dev template-docs -->"

    /// The folder of the view types, from the package's root.
    package static let viewsFolder = "Sources/VB365Rendering/Views"
    /// The generated field tables, from the package's root.
    package static let fieldsFile = "Sources/VB365Rendering/ViewFields.swift"

    /// Every view a template can read, in the order the reference lists them, with its variables.
    package static let views: [(name: String, fields: [String])] =
        ([
            PageView.self, BadgeView.self, QuantityView.self, DeltaView.self, BarView.self, AxisView.self,
            StatView.self, LogLineView.self,
            DigestView.self, ContentsEntryView.self, UnreadableFileView.self, EmailView.self, TicketView.self,
            ServerRowView.self, OrganizationRowView.self, JobRowView.self, OverdueView.self, AttentionView.self,
            JobPageView.self, JobMonthView.self, JobMonthPageView.self, MonthLinkView.self, SessionRowView.self,
            SessionPageView.self, ProcessedObjectsView.self, ObjectRowView.self, CopyOfView.self,
            ChainItemView.self, ComparisonRowView.self,
            InfrastructureSectionView.self, InfrastructureProblemView.self, InfrastructurePageView.self,
            RepositoryRowView.self, ProxyRowView.self, LicenseRowView.self, LicensingRowView.self,
            SecuritySectionView.self, SecurityFindingView.self, RestoreActivitySectionView.self, RestorePageView.self,
            RestoreGroupView.self, RestoreSessionView.self, RestoreFindingView.self, RestoreAdviceView.self,
            ProtectionSectionView.self, ProtectionTenantView.self, ProtectionLinkView.self, ProtectionObjectView.self,
            ProtectionJobView.self, ProtectionPageView.self, ProtectionCountsView.self, ProtectionSLAView.self,
            ProtectionSLARowView.self, ProtectionUserView.self, ProtectionStateLinkView.self,
            ProtectionPageLinkView.self,
            MonthlyReportView.self, MonthlyJobView.self, MonthlyObjectView.self, MonthlyStorageView.self,
            MonthlyIndexView.self, MonthlyIndexRowView.self,
        ] as [any TemplateView.Type]).map { (String(describing: $0), $0.fieldNames) }

    /// A variable or view without documentation.
    package struct Missing: ReportableError {
        package var names: [String]
        package var exitStatus: ExitStatus { .dataError }
        package var diagnostics: [Diagnostic] {
            [
                Diagnostic(
                    path: TemplateDocs.viewsFolder,
                    message: "undocumented: \(names.joined(separator: ", "))",
                    advice: "give each a /// comment")
            ]
        }
    }

    /// The text of every Swift file in the views folder of the package at `root`, in the order of
    /// the files' names: what `markdown` and `fieldTables` read.
    package static func viewsSource(root: String) throws -> String {
        let folder = root + "/" + viewsFolder
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }
        return try names.sorted().map { try String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
            .joined(separator: "\n")
    }

    /// The generated Markdown (between the markers, without them) from the views' source
    /// (`viewsSource`): each view of `views` with its `package` properties, as declared.
    package static func markdown(viewsSource: String) throws(Missing) -> String {
        let declarations = Dictionary(parse(viewsSource).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var missing: [String] = []
        var blocks: [String] = []
        for view in views {
            guard let declared = declarations[view.name], !declared.doc.isEmpty else {
                missing.append(view.name)
                continue
            }
            var block = "**\(view.name)**: \(declared.doc)\n\n| variable | type | what it holds |\n|---|---|---|\n"
            for property in declared.properties {
                guard !property.doc.isEmpty else {
                    missing.append("\(view.name).\(property.name)")
                    continue
                }
                block += "| `\(property.name)` | \(property.type) | \(property.doc) |\n"
            }
            blocks.append(block)
        }
        if !missing.isEmpty { throw Missing(names: missing) }
        return blocks.joined(separator: "\n")
    }

    /// The generated `ViewFields.swift` from the views' source (`viewsSource`): for each view, in
    /// the order of the source, its `fields` (its `package` properties, as declared) and `index`.
    package static func fieldTables(viewsSource: String) -> String {
        var out = """
            // swift-format-ignore-file
            // Generated by `swift run vb365-dev view-fields` from the `package` properties of the view
            // types in Sources/VB365Rendering/Views/. Do not edit: declare, change or move the property
            // there and run the command again (a test checks that they agree). Should a renamed or
            // removed property keep this file from compiling, delete its line here first.

            """
        for view in parse(viewsSource) {
            out += "\nextension \(view.name) {\n"
            out += "    package static let fields: [(String, @Sendable (Self) -> Any?)] = [\n"
            for property in view.properties {
                out += "        (\"\(property.name)\", { $0.\(property.name) }),\n"
            }
            out += "    ]\n"
            out += "    package static let index = Dictionary(uniqueKeysWithValues: fields)\n"
            out += "}\n"
        }
        return out
    }

    /// `document` with its generated part replaced by `generated`; nil without the markers.
    package static func replacing(in document: String, with generated: String) -> String? {
        guard let start = document.range(of: begin), let stop = document.range(of: end),
            start.upperBound <= stop.lowerBound
        else { return nil }
        return String(document[..<start.upperBound]) + "\n" + generated + String(document[stop.lowerBound...])
    }

    /// A view type as its source declares it.
    struct Declared {
        var name: String
        /// Its doc comment, joined into one line.
        var doc: String
        /// Its variables, in the order declared.
        var properties: [Property] = []
    }

    /// A variable of a view: a `package` property declared in the type's body.
    struct Property {
        var name: String
        var type: String
        /// Its doc comment, joined into one line.
        var doc: String
    }

    /// The view structs of a source text (a `package struct` that is a `TemplateView`), in order:
    /// each one's doc comment, and its stored and computed `package` properties' types and doc
    /// comments, in the order declared.
    static func parse(_ source: String) -> [Declared] {
        var result: [Declared] = []
        var doc: [String] = []
        var inView = false
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingPrefix(while: { $0 == " " })
            if line.hasPrefix("///") {
                doc.append(String(line.dropFirst(3).trimmingPrefix(while: { $0 == " " })))
                continue
            }
            defer { doc = [] }
            if raw.hasPrefix("package struct "), raw.contains("TemplateView") {
                let name = raw.dropFirst("package struct ".count).prefix(while: { $0.isLetter || $0.isNumber })
                result.append(Declared(name: String(name), doc: doc.joined(separator: " ")))
                inView = true
            } else if raw.hasPrefix("}") {
                inView = false
            } else if inView, raw.hasPrefix("    package var ") || raw.hasPrefix("    package let ") {
                let declaration = raw.dropFirst("    package var ".count)
                guard let colon = declaration.firstIndex(of: ":") else { continue }
                let name = String(declaration[..<colon])
                var type = declaration[declaration.index(after: colon)...]
                if let end = type.firstIndex(where: { $0 == "=" || $0 == "{" }) { type = type[..<end] }
                let text = String(type).trimmingCharacters(in: .whitespaces)
                result[result.count - 1].properties.append(
                    Property(name: name, type: text, doc: doc.joined(separator: " ")))
            }
        }
        return result
    }
}
