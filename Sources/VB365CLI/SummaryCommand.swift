import ArgumentParser
import Foundation
import VB365Model
import VB365Reading
import VB365Statistics
import VB365Summary

/// `vb365-report summary`: aggregates and comparisons as a table or as JSON.
public struct SummaryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print per-job and per-organization aggregates and comparisons with earlier runs.",
        discussion: """
            INPUT is a JSON file, a folder (searched recursively for *.json), or - for standard input. \
            Files are recognised by their content: job sessions, jobs, organizations and log items, as \
            a single object, a bare array (v1-v4) or a page (v5+). A log-item file names its session \
            through its items' links or through the first session id in its file name \
            (logs/<session-id>.json). See README.md for the folder layout.

            Exit status: 0 the input was read; 1 --fail-on matched; 64 bad usage; 65 an input could \
            not be read or parsed (each problem is printed as file:line:column: error: ...).
            """
    )

    /// Output formats.
    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json
    }

    /// Levels for `--fail-on`.
    public enum FailLevel: String, ExpressibleByArgument, CaseIterable, Sendable {
        case warning, failed

        var severity: Severity { self == .warning ? .warning : .failed }
    }

    @Argument(help: ArgumentHelp("Files, folders or - (standard input).", valueName: "input"))
    var inputs: [String]

    @Option(
        help:
            "Start of the window: a duration before --until (24h, 7d, 90m, 2w) or a timestamp (2026-11-20T00:00:00Z). Default: 24 hours before the newest session."
    )
    var since: String?

    @Option(
        help:
            "End of the window (exclusive): a duration before now, or a timestamp. Default: now when --since is given.")
    var until: String?

    @Option(help: "The current time, for reproducible output (ISO 8601). Default: the system clock.")
    var now: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(
        name: .customLong("fail-on"),
        help: "Exit 1 when the window's worst final outcome is at or above this level: warning or failed.")
    var failOn: FailLevel?

    @Option(help: "How many earlier completed sessions form a job's median baseline.")
    var baselineRuns: Int = 7

    @Option(help: "A rate this many percent below its baseline is reported as slower.")
    var rateThreshold: Double = 30

    @Option(help: "A duration this many percent above its baseline is reported as slower.")
    var durationThreshold: Double = 50

    @Flag(help: "Do not print warnings about unusable values.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if inputs.isEmpty { throw ValidationError("Name at least one input: a file, a folder or -.") }
        if since != nil, TimeBound(since!) == nil {
            throw ValidationError(
                "--since '\(since!)' is neither a duration such as 24h or 7d nor a timestamp such as 2026-11-20T00:00:00Z."
            )
        }
        if until != nil, TimeBound(until!) == nil {
            throw ValidationError(
                "--until '\(until!)' is neither a duration such as 24h or 7d nor a timestamp such as 2026-11-20T00:00:00Z."
            )
        }
        if let now, case .absolute = TimeBound(now) {
        } else if now != nil {
            throw ValidationError("--now '\(now!)' is not a timestamp such as 2026-11-23T06:00:00Z.")
        }
        if baselineRuns < 1 || baselineRuns > 1000 {
            throw ValidationError("--baseline-runs must be between 1 and 1000.")
        }
        if !(rateThreshold > 0 && rateThreshold < 100) {
            throw ValidationError("--rate-threshold must be a percentage above 0 and below 100.")
        }
        if !(durationThreshold > 0 && durationThreshold <= 10_000) {
            throw ValidationError("--duration-threshold must be a percentage above 0.")
        }
    }

    public func run() async throws {
        let result = await InventoryReader.read(InputList(inputs))
        Diagnostics.print(result.diagnostics, quiet: quiet)
        if result.hasErrors {
            Diagnostics.printLine(
                "vb365-report: no summary was written, because an input could not be read; fix or leave out the files named above."
            )
            throw ExitCode(65)
        }
        var clock = Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
        if let now, case .absolute(let t)? = TimeBound(now) { clock = t }
        let options = SummaryOptions(
            since: since.flatMap(TimeBound.init), until: until.flatMap(TimeBound.init), now: clock,
            baselineRuns: baselineRuns, rateDropPercent: rateThreshold, durationRisePercent: durationThreshold)
        let summary = Summarizer.summarize(result.inventory, options: options)
        if summary.window.start >= summary.window.end {
            throw ValidationError(
                "The window is empty: --since (\(summary.window.start.iso8601)) must be before --until (\(summary.window.end.iso8601))."
            )
        }
        switch format {
        case .text: Output.write(SummaryText.render(summary))
        case .json: Output.write(SummaryJSON.document(summary, toolVersion: ReportCommand.toolVersion).rendered())
        }
        if let failOn, let worst = summary.worst, worst >= failOn.severity {
            throw ExitCode(1)
        }
    }
}
