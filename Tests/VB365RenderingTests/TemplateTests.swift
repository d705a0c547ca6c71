import Foundation
import Testing
import VB365TestSupport

@testable import VB365Rendering

@Suite("Templates: embedded defaults, known variables, documented variables")
struct TemplateTests {
    static var folder: URL { Fixtures.packageRoot.appendingPathComponent("templates") }

    @Test("the embedded templates are templates/ (run `swift run vb365-dev templates` after editing one)")
    func embeddedInSync() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        var onDisk: [String: String] = [:]
        for file in files {
            onDisk[String(file.dropLast(".mustache".count))] = try String(
                contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        }
        #expect(onDisk == DefaultTemplates.files)
    }

    @Test("every variable and partial the default templates use exists")
    func noUnknownVariables() throws {
        let findings = TemplateLint.check(try TemplateSet())
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("a typo in a template is caught")
    func typoIsCaught() throws {
        try withTemporaryFolder { folder in
            let text =
                DefaultTemplates.files["badge.html"]!.replacingOccurrences(of: "{{word}}", with: "{{wrod}}")
                + "{{> nosuchpartial}}"
            try Fixtures.write(["badge.html.mustache": text], to: folder)
            let findings = TemplateLint.check(try TemplateSet(overrides: folder.path)).map(\.description)
            #expect(findings == ["badge.html: unknown variable wrod", "badge.html: unknown partial nosuchpartial"])
        }
    }

    @Test("an override with an unknown name or bad syntax is refused with its file name")
    func badOverrides() throws {
        try withTemporaryFolder { folder in
            try Fixtures.write(["digets.html.mustache": "x"], to: folder)
            #expect(throws: TemplateError.self) { try TemplateSet(overrides: folder.path) }
            try FileManager.default.removeItem(at: folder.appendingPathComponent("digets.html.mustache"))
            try Fixtures.write(["digest.html.mustache": "{{#jobs}}never closed"], to: folder)
            do throws(TemplateError) {
                _ = try TemplateSet(overrides: folder.path)
                Issue.record("no error")
            } catch {
                #expect(error.file.hasSuffix("digest.html.mustache"))
            }
        }
    }

    @Test("docs/templates.md holds the reference generated from the views' documentation (vb365-dev template-docs)")
    func documented() throws {
        let root = Fixtures.packageRoot
        let views = try TemplateDocs.viewsSource(root: root.path)
        let docs = try String(contentsOf: root.appendingPathComponent("docs/templates.md"), encoding: .utf8)
        let generated = try TemplateDocs.markdown(viewsSource: views)
        #expect(TemplateDocs.replacing(in: docs, with: generated) == docs, "run: swift run vb365-dev template-docs")
        for name in TemplateLint.vocabulary where name != "." {
            #expect(generated.contains("`\(name)`"), "docs/templates.md does not document \(name)")
        }
    }

    @Test("the views' field tables are current (run `swift run vb365-dev view-fields` after changing a view)")
    func fieldsInSync() throws {
        let root = Fixtures.packageRoot
        let views = try TemplateDocs.viewsSource(root: root.path)
        let onDisk = try String(
            contentsOf: root.appendingPathComponent(TemplateDocs.fieldsFile), encoding: .utf8)
        #expect(TemplateDocs.fieldTables(viewsSource: views) == onDisk, "run: swift run vb365-dev view-fields")
        // The reference lists every view, each with the variables its table offers, as declared.
        let declared = TemplateDocs.parse(views)
        #expect(declared.map(\.name).sorted() == TemplateDocs.views.map(\.name).sorted())
        for view in TemplateDocs.views {
            let properties = declared.first { $0.name == view.name }?.properties.map(\.name)
            #expect(properties == view.fields, "\(view.name)")
        }
    }

    @Test("a view's variables are its package properties, stored or computed, in the order declared")
    func fieldTables() {
        let source = """
            /// A view.
            package struct SomeView: TemplateView, Sendable {
                /// Stored.
                package var b: String
                /// Not a variable.
                var hidden: Int
                /// Computed.
                package var a: Bool { b.isEmpty }
                /// With a default.
                package var c: [String] = []

                /// Not a variable.
                package static let empty = SomeView(b: "", hidden: 0)
            }

            /// Not a view.
            package struct Other: Sendable {
                package var x: Int
            }
            """
        let generated = TemplateDocs.fieldTables(viewsSource: source)
        #expect(generated.hasPrefix("// swift-format-ignore-file\n"))
        #expect(
            generated.hasSuffix(
                """

                extension SomeView {
                    package static let fields: [(String, @Sendable (Self) -> Any?)] = [
                        ("b", { $0.b }),
                        ("a", { $0.a }),
                        ("c", { $0.c }),
                    ]
                    package static let index = Dictionary(uniqueKeysWithValues: fields)
                }

                """))
    }

    @Test("a badge's CSS class is its style's word, with a colour that is the style sheet's")
    func badgeStyles() throws {
        let sheet = try #require(DefaultTemplates.files["style.html"])
        for style in BadgeView.Style.allCases {
            let badge = BadgeView(word: "w", style: style, emoji: "e", detail: "d")
            #expect(badge.cssClass == style.rawValue)
            #expect(BadgeView.index["cssClass"]?(badge) as? String == style.rawValue)
            #expect(sheet.contains(".b-\(style.rawValue) { background: \(badge.color); }"), "\(style)")
            #expect(sheet.contains(".h-\(style.rawValue)"), "\(style)")
            #expect(sheet.contains(".col-\(style.rawValue)"), "\(style)")
        }
        let colors = BadgeView.Style.allCases.map { BadgeView(word: "", style: $0, emoji: "", detail: "").color }
        #expect(Set(colors).count == colors.count)
    }

    @Test("an undocumented variable is refused by the generator")
    func undocumented() {
        let source = """
            /// Facts every page shows.
            package struct PageView: TemplateView, Sendable {
                package var title: String
            }
            """
        #expect(throws: TemplateDocs.Missing.self) { try TemplateDocs.markdown(viewsSource: source) }
    }
}

@Suite("Text made safe for each format")
struct DisplayTextTests {
    @Test("Markdown escaping keeps table rows whole and prevents markup and HTML")
    func markdown() {
        #expect(DisplayText.markdown("a | b") == "a \\| b")
        #expect(DisplayText.markdown("`x` *y* _z_ [l](u) <b>&") == "\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\<b\\>\\&")
        #expect(DisplayText.markdown("# title") == "\\# title")
        #expect(DisplayText.markdown("a - b") == "a - b")
        #expect(DisplayText.markdown("line 1\r\nline 2\nline 3") == "line 1 line 2 line 3")
    }

    @Test("Markdown escaping of ASCII text (on bytes) is the escaping of the same text on characters")
    func markdownASCII() {
        // A trailing é sends the text down the character path; it escapes nothing itself.
        let texts = [
            "a | b", "`x` *y* _z_ [l](u) <b>&", "# title", "  - item", "+1 = 2", "a - b", "x\\y {z} ~w~",
            "line 1\r\nline 2\nline 3", "-", "", " #", "a\u{7}b",
        ]
        for text in texts {
            #expect(DisplayText.markdown(text) + "é" == DisplayText.markdown(text + "é"), "\(text)")
        }
    }

    @Test("control characters and bidirectional overrides become visible escapes")
    func clean() {
        #expect(DisplayText.clean("a\u{1B}[31mb\u{202E}c\u{0}d\u{FFFF}") == "a\\u{1B}[31mb\\u{202E}c\\u{0}d\\u{FFFF}")
        #expect(DisplayText.clean("Émoji 🚀 שלום") == "Émoji 🚀 שלום")
    }

    @Test("file names are safe and stable")
    func fileNames() {
        #expect(FileNames.slug("../../etc/passwd", fallback: "job") == "etc-passwd")
        #expect(FileNames.slug("🚀🚀", fallback: "job") == "job")
        #expect(FileNames.job(name: "Mail", id: .text("1")) != FileNames.job(name: "Mail", id: .text("2")))
        #expect(FileNames.session(.text("../x")).hasPrefix("sessions/x-"))
        #expect(!FileNames.session(.text("../x")).contains(".."))
    }
}
