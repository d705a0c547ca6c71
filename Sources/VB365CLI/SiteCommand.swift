import ArgumentParser
import Foundation
import VB365Delivery
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import XHTMLValidation

/// `vb365-report site`: a browsable static site that a web server can serve as it is, updated
/// incrementally and atomically.
public struct SiteCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Publish a static site: the digest, a page per job and per session, badges and an Atom feed.",
        discussion: """
            Writes DIR/index.html (the digest), jobs/<job>.html with the job's history for --keep, \
            sessions/<session-id>.html (a session's address never changes), each also as .md, \
            badges/<job>.svg and feed.xml (sessions that failed or warned). Links are relative. \
            The site is built beside DIR and swapped in whole; a page whose bytes did not change is \
            kept as it was (same file, same modification time), so web caches and mirrors see only \
            what changed.

            Exit status: 0 published; 64 bad usage; 65 an input could not be read; 69 the XHTML \
            DTDs are missing; 70 a page failed validation (nothing was changed); 73 the folder \
            cannot be written or is not ours; 78 a template cannot be used; with --server, the \
            statuses of fetch.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "The site folder (replaced whole, unchanged pages kept).")
    var out: String

    @Option(help: "How much history the site keeps: a duration such as 90d.")
    var keep = "90d"

    @Option(help: "The site's public address, for the feed's ids and links (else they are relative).")
    var siteUrl: String?

    @OptionGroup var look: LookOptions

    public init() {}

    public func validate() throws {
        guard case .before? = TimeBound(keep) else {
            throw ValidationError("--keep '\(keep)' is not a duration such as 90d.")
        }
        if let siteUrl {
            guard let url = URL(string: siteUrl), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host?.isEmpty == false, url.query == nil
            else { throw ValidationError("--site-url '\(siteUrl)' is not an http(s) address.") }
        }
    }

    public func run() async throws {
        let templateSet = try look.templateSet()
        let result = try await source.read(report: report)
        let summary = try report.summarize(result.inventory, includeHistory: true) { options in
            if case .before(let seconds)? = TimeBound(keep) {
                options.historyStart = options.now.adding(seconds: -seconds)
            }
        }
        let input = ReportInput(
            summary: summary, logItems: result.inventory.logItems, time: look.time,
            toolVersion: ReportCommand.toolVersion)
        var extras = SiteExtras.badges(input)
        extras.append(SiteExtras.feed(input, siteURL: siteUrl))
        do {
            let checker = try XHTMLValidator()
            for file in extras where !checker.parseOnly(file.bytes) {
                Diagnostics.printLine("vb365-report: \(file.path) is not well-formed XML; nothing was changed.")
                throw ExitCode(70)
            }
        } catch let error as ValidationSetupError {
            Diagnostics.printLine("vb365-report: \(error.message)")
            throw ExitCode(69)
        }
        let renderer = ReportRenderer(
            input: input, templates: templateSet, formats: [.xhtml, .markdown], stableSessionPages: true)
        let statistics: ReportPublisher.Statistics
        do {
            statistics = try await ReportPublisher.publish(
                renderer, to: out, workers: InventoryReader.defaultConcurrency, extras: extras, reuseUnchanged: true)
        } catch {
            throw LookOptions.exit(error)
        }
        let files = statistics.pages + extras.count
        if !report.quiet {
            Diagnostics.printLine(
                "vb365-report: published \(files) files to \(out): \(files - statistics.unchanged) new or changed, \(statistics.unchanged) unchanged."
            )
        }
        Output.write(URL(fileURLWithPath: out).appendingPathComponent("index.html").path + "\n")
    }
}
