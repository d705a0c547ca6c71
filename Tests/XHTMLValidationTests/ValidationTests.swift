import Foundation
import Testing
import VB365TestSupport
import XHTMLValidation

let doctype = """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">

    """

func page(_ body: String, head: String = "<title>t</title>", namespace: Bool = true) -> String {
    doctype
        + "<html\(namespace ? " xmlns=\"http://www.w3.org/1999/xhtml\"" : "")><head>\(head)</head><body>\n\(body)\n</body></html>\n"
}

@Suite("XHTML 1.0 Strict validation with libxml2, offline")
struct ValidationTests {
    static let cases: [(String, String, Bool)] = [
        ("valid", page("<p>Hello <span title=\"a &amp; b\">&#8212;</span></p>"), true),
        ("valid table", page("<table><tr><td><div style=\"width: 10%\"></div></td></tr></table>"), true),
        ("unknown element", page("<p><blink>x</blink></p>"), false),
        ("block inside inline", page("<p><span><div>x</div></span></p>"), false),
        ("text directly in body", page("naked text"), false),
        ("unclosed tag", page("<p>x"), false),
        ("named entity from the DTD", page("<p>&nbsp;</p>"), true),
        ("undefined entity", page("<p>&bogus;</p>"), false),
        ("missing title", page("<p>x</p>", head: ""), false),
        ("no namespace", page("<p>x</p>", namespace: false), false),
        (
            "transitional doctype",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body><center>x</center></body></html>\n",
            false
        ),
        ("not XML", "<html><p>unclosed", false),
    ]

    @Test("valid and invalid documents", arguments: 0..<cases.count)
    func documents(index: Int) throws {
        let (name, text, valid) = Self.cases[index]
        let validator = try XHTMLValidator()
        let issues = validator.validate(Array(text.utf8), name: name)
        #expect(issues.isEmpty == valid, "\(name): \(issues)")
        if !valid { #expect(issues.allSatisfy { $0.line >= 1 }) }
    }

    @Test("`vb365-report validate` agrees with xmllint --valid --noout --nonet", arguments: 0..<cases.count)
    func agreesWithXmllint(index: Int) throws {
        let (name, text, _) = Self.cases[index]
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("page.html")
            try Data(text.utf8).write(to: file)
            let ours = try XHTMLValidator().validate(Array(text.utf8)).isEmpty
            // The transitional page is valid XML against its own DTD; only we insist on Strict.
            guard name != "transitional doctype" && name != "no namespace" else { return }
            let (status, _, _) = try runProgram("/usr/bin/xmllint", ["--valid", "--noout", "--nonet", file.path])
            #expect(ours == (status == 0), "\(name): xmllint exited \(status)")
        }
    }

    @Test("errors carry the line of the problem")
    func lines() throws {
        let text = page("<p>one</p>\n<p>two</p>\n<p><blink>three</blink></p>")
        let issues = try XHTMLValidator().validate(Array(text.utf8))
        #expect(issues.contains { $0.line == 6 })
    }

    @Test("a missing catalog is a setup error that says what to install")
    func missingCatalog() {
        #expect(throws: ValidationSetupError.self) { try XHTMLValidator(catalog: "/nonexistent/catalog.xml") }
        do {
            _ = try XHTMLValidator(catalog: "/nonexistent/catalog.xml")
        } catch {
            #expect(error.message.contains("w3c-sgml-lib"))
        }
    }
}
