import ArgumentParser
import VB365Pipeline

/// `vb365-report render`: the digest, a page per job and a page per session, in XHTML and
/// Markdown, every XHTML page validated before the folder is replaced.
package struct RenderCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the digest, job pages and session pages as validated XHTML and Markdown.",
        discussion: """
            Writes DIR/index.html and index.md (the digest of the window), DIR/jobs/<job>.html|.md \
            and DIR/sessions/<session-id>.html|.md. The folder is built beside DIR and replaces it \
            only when every page is written and every XHTML page is valid XHTML 1.0 Strict; a failed \
            run leaves the previous report as it was. DIR must be new, empty, or a folder this \
            command wrote before; missing folders above it are created.

            With --period 2026-11, writes instead one monthly report per organization for its \
            customer, DIR/<organization>-<id>-2026-11.html|.md (the SLA per kind of data, the jobs' \
            runs, the objects that need action at the month's end, storage and licences; made to \
            print), and DIR/index.html|.md listing them.

            Exit status: 0 written; 64 bad usage; 65 an input could not be read; 69 the XHTML DTDs \
            are missing (install w3c-sgml-lib); 70 a page failed validation (nothing was written); \
            73 the folder cannot be written or is not ours; 74 the disk is full (or failed); 78 a \
            template cannot be used.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var render: RenderOptions
    @OptionGroup var period: PeriodOption

    package init() {}

    package func validate() throws { try period.check(report) }

    package func run() async throws {
        let pipeline = report.pipeline(.files(input.inputs), look: render.look.settings, split: render.split)
        StandardOutput.write(try await period.write(pipeline, options: render) + "\n")
    }
}

/// Where and how `render` and `report` write the report folder.
package struct RenderOptions: ParsableArguments {
    @Option(help: "The report folder to write (replaced whole).")
    var out: String

    @Option(
        help: "Formats to write, comma-separated: xhtml, markdown. (default: xhtml,markdown)",
        transform: FormatList.parse)
    var format = FormatList.both

    @OptionGroup var look: LookOptions
    @OptionGroup var split: SplitOptions

    package init() {}
}
