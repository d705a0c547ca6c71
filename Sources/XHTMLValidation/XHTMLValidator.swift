import CLibXML2
import Foundation
import Synchronization
import VB365Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Validates documents against the XHTML 1.0 Strict DTD with libxml2, offline: the DTD comes from
/// Debian's `w3c-sgml-lib` catalog and is parsed once per validator, then every document is parsed
/// and checked against it (about 20 times faster than reading the DTD for each document).
///
/// A validator is not thread-safe (libxml2 builds content models lazily inside the DTD); give each
/// worker its own.
package final class XHTMLValidator {
    /// The catalog of Debian's `w3c-sgml-lib`.
    package static let defaultCatalog = "/usr/share/xml/w3c-sgml-lib/schema/dtd/catalog.xml"
    /// The public identifier every page must declare.
    package static let publicID = "-//W3C//DTD XHTML 1.0 Strict//EN"
    /// The system identifier every page must declare.
    package static let systemID = "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"

    private let dtd: xmlDtdPtr

    /// Loads the DTD through `catalog`. Throws a setup error that says what to install when the
    /// catalog or the DTD is missing.
    package init(catalog: String = XHTMLValidator.defaultCatalog) throws(ValidationSetupError) {
        // libxml2's catalog and entity loading take global locks that deadlock when several
        // threads load at once; loading is rare (once per worker), so it is serialized here.
        dtd = try XHTMLValidator.setupLock.withLock { _ throws(ValidationSetupError) -> xmlDtdPtr in
            XHTMLValidator.initializeOnce
            guard let path = XHTMLValidator.resolveDTD(catalog: catalog) else {
                throw ValidationSetupError(
                    message:
                        "the XHTML 1.0 Strict DTD was not found through \(catalog); install Debian's w3c-sgml-lib (apt-get install w3c-sgml-lib)"
                )
            }
            let collector = ErrorCollector()
            let loaded: xmlDtdPtr? = collector.collecting { xmlParseDTD(nil, path) }
            guard let loaded else {
                throw ValidationSetupError(
                    message:
                        "the XHTML 1.0 Strict DTD at \(path) could not be read: \(collector.issues.first?.message ?? "unknown error")"
                )
            }
            return loaded
        }
    }

    /// Serializes libxml2's catalog and entity loading (the DTD, once per validator; a document
    /// parsed with its DTD): libxml2 takes global locks there that deadlock when several threads
    /// load at once.
    private static let setupLock = Mutex(())
    private static let resolvedPaths = Mutex<[String: String]>([:])

    deinit { xmlFreeDtd(dtd) }

    /// Validates a document; returns its problems, empty when it is valid.
    ///
    /// Documents are parsed without reading their DTD (fast); one that uses a named entity the
    /// DTD defines (`&nbsp;`) is parsed again with its DTD, offline, so the result agrees with
    /// `xmllint --valid --nonet`.
    package func validate(_ bytes: UnsafeRawBufferPointer, name: String = "document") -> [ValidationIssue] {
        let issues = validate(bytes, name: name, loadingDTD: false)
        guard issues.contains(where: { $0.message.hasPrefix("Entity '") && $0.message.hasSuffix("' not defined") })
        else {
            return issues
        }
        return XHTMLValidator.setupLock.withLock { _ in validate(bytes, name: name, loadingDTD: true) }
    }

    private func validate(_ bytes: UnsafeRawBufferPointer, name: String, loadingDTD: Bool) -> [ValidationIssue] {
        let collector = ErrorCollector()
        return collector.collecting { () -> [ValidationIssue] in
            var options = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue)
            if loadingDTD { options |= Int32(XML_PARSE_DTDLOAD.rawValue) }
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                let doc = xmlReadMemory(base, Int32(clamping: bytes.count), name, "UTF-8", options)
            else {
                return collector.issues.isEmpty
                    ? [ValidationIssue(line: 1, column: 1, message: "the document could not be parsed")]
                    : collector.issues
            }
            defer { xmlFreeDoc(doc) }
            var issues = collector.issues
            issues.append(contentsOf: XHTMLValidator.checkDoctype(doc))
            let context = xmlNewValidCtxt()
            defer { xmlFreeValidCtxt(context) }
            let valid = xmlValidateDtd(context, doc, dtd) == 1
            issues = collector.issues + issues.filter { issue in !collector.issues.contains(issue) }
            if !valid && issues.isEmpty {
                issues.append(
                    ValidationIssue(line: 1, column: 1, message: "the document is not valid XHTML 1.0 Strict"))
            }
            return issues
        }
    }

    /// Parses a document without validating it (for measuring what validation adds); returns
    /// whether it is well-formed.
    package func parseOnly(_ bytes: [UInt8]) -> Bool {
        let collector = ErrorCollector()
        return collector.collecting {
            bytes.withUnsafeBytes { raw -> Bool in
                let options = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue)
                guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                    let doc = xmlReadMemory(base, Int32(clamping: raw.count), "page", "UTF-8", options)
                else { return false }
                xmlFreeDoc(doc)
                return true
            }
        }
    }

    /// Validates bytes in an array.
    package func validate(_ bytes: [UInt8], name: String = "document") -> [ValidationIssue] {
        bytes.withUnsafeBytes { validate($0, name: name) }
    }

    // MARK: - Setup

    private static let initializeOnce: Void = {
        xmlInitParser()
        // The DTD's own entity files, and DOCTYPEs of documents that need their DTD, are found
        // through this catalog.
        if FileManager.default.fileExists(atPath: defaultCatalog) { _ = xmlLoadCatalog(defaultCatalog) }
        // Never fetch anything: entities are resolved through the catalog or not at all.
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
    }()

    /// The local path of the Strict DTD, through the catalog file.
    static func resolveDTD(catalog: String) -> String? {
        if let known = resolvedPaths.withLock({ $0[catalog] }) { return known }
        guard FileManager.default.fileExists(atPath: catalog), let catalogHandle = xmlLoadACatalog(catalog) else {
            return nil
        }
        defer { xmlFreeCatalog(catalogHandle) }
        guard let resolved = xmlACatalogResolve(catalogHandle, publicID, systemID) else { return nil }
        defer { free(resolved) }
        var path = String(cString: UnsafeRawPointer(resolved).assumingMemoryBound(to: CChar.self))
        if path.hasPrefix("file://") { path.removeFirst("file://".count) }
        resolvedPaths.withLock { $0[catalog] = path }
        return path
    }

    /// The document must declare the XHTML 1.0 Strict DOCTYPE and the XHTML namespace.
    static func checkDoctype(_ doc: xmlDocPtr) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let subset = doc.pointee.intSubset
        let externalID = subset.flatMap { $0.pointee.ExternalID }.map {
            String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
        }
        if externalID != publicID {
            issues.append(
                ValidationIssue(line: 1, column: 1, message: "the DOCTYPE must be XHTML 1.0 Strict (\"\(publicID)\")"))
        }
        if let root = xmlDocGetRootElement(doc) {
            let namespace = root.pointee.ns.flatMap { $0.pointee.href }.map {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if namespace != "http://www.w3.org/1999/xhtml" {
                issues.append(
                    ValidationIssue(
                        line: Int(xmlGetLineNo(root)), column: 1,
                        message: "the html element must declare xmlns=\"http://www.w3.org/1999/xhtml\""))
            }
        }
        return issues
    }
}

/// A problem in a document, at a line and column (the column is 0 when libxml2 gives none).
package struct ValidationIssue: Hashable, Sendable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package var message: String

    /// Creates an issue.
    package init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line:column: error: message`.
    package var description: String { "\(line):\(max(column, 1)): error: \(message)" }

    /// The issue as a diagnostic about the document at `path`.
    package func diagnostic(path: String, advice: String? = nil) -> Diagnostic {
        Diagnostic(
            path: path, position: SourcePosition(line: line, column: max(column, 1)), message: message, advice: advice)
    }
}

/// Validation cannot run on this machine (the DTDs are missing): exit 69.
package struct ValidationSetupError: ReportableError, Sendable {
    package var message: String
    package var exitStatus: ExitStatus { .unavailable }
    package var diagnostics: [Diagnostic] { [Diagnostic(message: message)] }
}

/// Collects libxml2's structured errors on the current thread while a closure runs.
final class ErrorCollector {
    private(set) var issues: [ValidationIssue] = []

    func collecting<T>(_ body: () -> T) -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context) { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
            collector.record(error.pointee)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return body()
    }

    private func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last?.isWhitespace == true { message.removeLast() }
        issues.append(ValidationIssue(line: Int(error.line), column: Int(error.int2), message: message))
    }
}
