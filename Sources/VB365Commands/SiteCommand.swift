import ArgumentParser
import VB365Pipeline

/// `vb365-report site`: a browsable static site that a web server can serve as it is, updated
/// incrementally and atomically.
package struct SiteCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Publish a static site: the digest, a page per job and per session, badges and an Atom feed.",
        discussion: """
            Writes DIR/index.html (the digest), jobs/<job>.html with the job's history for --keep, \
            sessions/<session-id>.html (a session's address never changes), each also as .md, \
            badges/<job>.svg and feed.xml (sessions that failed or warned). Links are relative. \
            The site is built beside DIR and swapped in whole; a page whose bytes did not change is \
            kept as it was (same file, same modification time), so web caches and mirrors see only \
            what changed. Only pages whose inputs changed are rendered and validated: DIR/.vb365/pages.tsv \
            records what each page was built from (--rebuild renders every page). Missing folders \
            above DIR are created.

            Exit status: 0 published; 64 bad usage; 65 an input could not be read; 69 the XHTML \
            DTDs are missing; 70 a page failed validation (nothing was changed); 73 the folder \
            cannot be written or is not ours; 74 the disk is full (or failed); 78 a template cannot be used; with --server, the \
            statuses of fetch.
            """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var report: ReportOptions

    @Option(help: "The site folder (replaced whole, unchanged pages kept).")
    var out: String

    @Option(
        help: """
            How much history the site keeps: a duration such as 90d. \
            (default: \(TimeSpan(seconds: Pipeline.SiteRequest.defaultKeepSeconds)))
            """,
        transform: TimeSpan.parse)
    var keep = TimeSpan(seconds: Pipeline.SiteRequest.defaultKeepSeconds)

    @Option(
        help:
            "The site's public address (https://reports.example.com/vb365), for the feed's ids and links (else they are relative).",
        transform: WebAddress.parse)
    var siteUrl: WebAddress?

    @Flag(help: "Render and validate every page, not only those whose inputs changed since the last run.")
    var rebuild = false

    @OptionGroup var look: LookOptions
    @OptionGroup var split: SplitOptions

    package init() {}

    package func run() async throws {
        let pipeline = report.pipeline(source.source, look: look.settings, split: split)
        let request = Pipeline.SiteRequest(
            folder: out, keepSeconds: keep.seconds, siteURL: siteUrl?.text, rebuild: rebuild)
        StandardOutput.write(try await pipeline.publishSite(request).index + "\n")
    }
}
