import ArgumentParser
import Foundation
import VB365Publishing
import VB365Reading
import VB365Rendering
import XHTMLValidation

/// `vb365-report render`: the digest, a page per job and a page per session, in XHTML and
/// Markdown, every XHTML page validated before the folder is replaced.
public struct RenderCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the digest, job pages and session pages as validated XHTML and Markdown.",
        discussion: """
            Writes DIR/index.html and index.md (the digest of the window), DIR/jobs/<job>.html|.md \
            and DIR/sessions/<session-id>.html|.md. The folder is built beside DIR and replaces it \
            only when every page is written and every XHTML page is valid XHTML 1.0 Strict; a failed \
            run leaves the previous report as it was. DIR must be new, empty, or a folder this \
            command wrote before.

            Exit status: 0 written; 64 bad usage; 65 an input could not be read; 69 the XHTML DTDs \
            are missing (install w3c-sgml-lib); 70 a page failed validation (nothing was written); \
            73 the folder cannot be written or is not ours; 78 a template cannot be used.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var render: RenderOptions

    public init() {}

    public func run() async throws {
        let templates = try render.look.templateSet()
        let result = try await report.read(input.inputs)
        try await render.publish(result, report: report, templates: templates)
    }
}

/// Where and how `render` and `report` write the report folder.
public struct RenderOptions: ParsableArguments {
    @Option(help: "The report folder to write (replaced whole).")
    var out: String

    @Option(help: "Formats to write, comma-separated: xhtml, markdown.")
    var format: String = "xhtml,markdown"

    @OptionGroup var look: LookOptions

    public init() {}

    var formats: [OutputFormat] {
        get throws {
            var result: [OutputFormat] = []
            for part in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
                switch part {
                case "xhtml", "html": if !result.contains(.xhtml) { result.append(.xhtml) }
                case "markdown", "md": if !result.contains(.markdown) { result.append(.markdown) }
                default: throw ValidationError("--format '\(part)' is not a format; use xhtml, markdown or both.")
                }
            }
            if result.isEmpty { throw ValidationError("--format names no format; use xhtml, markdown or both.") }
            return result
        }
    }

    public func validate() throws {
        _ = try formats
    }

    /// Summarizes, renders, validates and publishes with `templateSet` (loaded by the caller
    /// before anything slow happens); prints the index path.
    func publish(_ result: InventoryReader.Result, report: ReportOptions, templates templateSet: TemplateSet)
        async throws
    {
        let formats = try formats
        if look.templates != nil {
            for finding in TemplateLint.check(templateSet) where templateSet.origins[finding.template] != "default" {
                Diagnostics.printLine("\(templateSet.origin(of: finding.template)): warning: \(finding.message)")
            }
        }
        let summary = try report.summarize(result.inventory, includeHistory: true)
        let input = ReportInput(
            summary: summary, logItems: result.inventory.logItems, time: look.time,
            toolVersion: ReportCommand.toolVersion)
        let renderer = ReportRenderer(input: input, templates: templateSet, formats: formats)
        do {
            _ = try await ReportPublisher.publish(renderer, to: out, workers: InventoryReader.defaultConcurrency)
        } catch {
            throw LookOptions.exit(error)
        }
        let index = URL(fileURLWithPath: out).appendingPathComponent("index.\(formats[0].fileExtension)").path
        Output.write(index + "\n")
    }
}

/// How a delivered report looks: the time zone of its times and the templates it is made with.
public struct LookOptions: ParsableArguments {
    @Option(help: "Show times in this IANA time zone (with UTC beside them), for example Europe/Berlin.")
    var timeZone: String = "UTC"

    @Option(help: "A folder of templates (<name>.mustache) that replace the defaults of the same name.")
    var templates: String?

    public init() {}

    public func validate() throws {
        if LocalTime(identifier: timeZone) == nil {
            throw ValidationError(
                "--time-zone '\(timeZone)' is not a time zone; use an IANA name such as Europe/Berlin or UTC.")
        }
    }

    var time: LocalTime { LocalTime(identifier: timeZone)! }

    /// The templates; exit 78 when they cannot be used.
    func templateSet() throws -> TemplateSet {
        do {
            return try TemplateSet(overrides: templates)
        } catch {
            Diagnostics.printLine(error.description)
            throw ExitCode(78)
        }
    }

    /// A validator; exit 69 when the DTDs are missing.
    func validator() throws -> XHTMLValidator {
        do {
            return try XHTMLValidator()
        } catch {
            Diagnostics.printLine("vb365-report: \(error.message)")
            throw ExitCode(69)
        }
    }

    /// Prints why a single file could not be written; exit 73.
    static func cannotWrite(_ error: PublishError) -> ExitCode {
        if case .cannotWrite(let path, let reason) = error {
            Diagnostics.printLine(
                "vb365-report: \(path) cannot be written (\(reason)); check that the folder exists and is writable.")
        } else {
            Diagnostics.printLine(error.description)
        }
        return ExitCode(73)
    }

    /// Prints why publishing failed and gives its exit status.
    static func exit(_ error: PublishError) -> ExitCode {
        Diagnostics.printLine(error.description)
        switch error {
        case .invalidPages: return ExitCode(70)
        case .setup: return ExitCode(69)
        case .notOurs, .cannotWrite: return ExitCode(73)
        }
    }
}
