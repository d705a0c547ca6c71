import ArgumentParser
import VB365Pipeline
import VB365SummaryOutput
import VB365Support
import VB365Text

/// `vb365-report summary`: aggregates and comparisons as a table or as JSON.
package struct SummaryCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print per-job and per-organization aggregates and comparisons with earlier runs.",
        discussion: """
            INPUT is a JSON file, a folder (searched recursively for *.json), or - for standard input. \
            Files are recognised by their content: job sessions, jobs, organizations and log items, as \
            a single object, a bare array (v1-v4) or a page (v5+). A log-item file names its session \
            through its items' links or through the first session id in its file name \
            (logs/<session-id>.json). See docs/archive.md for the folder layout.

            Standard output is written as the summary is produced; JSON is compact unless standard \
            output is a terminal or --pretty is given.

            Exit status: 0 the input was read; 1 --fail-on matched; 3 with --fail-on, the window holds \
            no session and no finding reaches the level (no data is not success); 64 bad usage; 65 an input \
            could not be read or parsed (each problem is printed as file:line:column: error: ...); 74 standard \
            output could not be written (a full disk, or a closed pipe when SIGPIPE is ignored).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var zone: TimeZoneOption

    @Option(
        help:
            "Output format: text, json (one document) or ndjson (a line per server, organization, job and session; see docs/json-schema.md)."
    )
    var format: Pipeline.SummaryFormat = .text

    @Flag(
        help: """
            JSON layout: --pretty indents it, --compact prints it on one line. Default: pretty on a \
            terminal, compact otherwise (a pipe, a file).
            """)
    var layout: JSONLayout?

    @Option(
        name: .customLong("fail-on"),
        help:
            "Exit 1 when the window reaches this level (warning or failed; a missed or stale job counts as failed, a hung run as warning), 3 when it holds no data."
    )
    var failOn: FailLevel?

    package init() {}

    package func run() async throws {
        var output = BufferedOutput.standardOutput()
        let chosen = layout ?? (output.isTerminal ? .pretty : .compact)
        let verdict = try await report.pipeline(.files(input.inputs), look: LookSettings(timeZone: zone.zone()))
            .summary(format: format, layout: chosen, failOn: failOn?.severity, to: &output)
        switch verdict {
        case .clear: break
        case .reached: throw Failure.findings
        case .noData: throw Failure.noData
        }
    }
}
