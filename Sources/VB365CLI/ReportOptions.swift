import ArgumentParser
import Foundation
import VB365Model
import VB365Reading
import VB365Statistics

/// The saved JSON a reporting command reads.
public struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, folders or - (standard input).", valueName: "input"))
    var inputs: [String] = []

    public init() {}

    public func validate() throws {
        if inputs.isEmpty { throw ValidationError("Name at least one input: a file, a folder or -.") }
    }
}

/// The options every reporting command shares: the window and the comparisons.
public struct ReportOptions: ParsableArguments {
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

    @Option(help: "How many earlier completed sessions form a job's median baseline.")
    var baselineRuns: Int = 7

    @Option(help: "A rate this many percent below its baseline is reported as slower.")
    var rateThreshold: Double = 30

    @Option(help: "A duration this many percent above its baseline is reported as slower.")
    var durationThreshold: Double = 50

    @Option(
        help:
            "A job whose last success ended longer ago than this is stale (the RPO): a duration such as 26h or 2d.")
    var maxAge = "26h"

    @Flag(help: "Do not print warnings about unusable values.")
    var quiet = false

    public init() {}

    public func validate() throws {
        if let since, TimeBound(since) == nil {
            throw ValidationError(
                "--since '\(since)' is neither a duration such as 24h or 7d nor a timestamp such as 2026-11-20T00:00:00Z."
            )
        }
        if let until, TimeBound(until) == nil {
            throw ValidationError(
                "--until '\(until)' is neither a duration such as 24h or 7d nor a timestamp such as 2026-11-20T00:00:00Z."
            )
        }
        if let now {
            guard case .absolute? = TimeBound(now) else {
                throw ValidationError("--now '\(now)' is not a timestamp such as 2026-11-23T06:00:00Z.")
            }
        }
        guard case .before? = TimeBound(maxAge) else {
            throw ValidationError("--max-age '\(maxAge)' is not a duration such as 26h or 2d.")
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

    /// Reads the inputs; prints their problems; exits 65 when any could not be read.
    func read(_ inputs: [String]) async throws -> InventoryReader.Result {
        let result = await InventoryReader.read(InputList(inputs))
        Diagnostics.print(result.diagnostics, quiet: quiet)
        if result.hasErrors {
            Diagnostics.printLine(
                "vb365-report: nothing was written, because an input could not be read; fix or leave out the files named above."
            )
            throw ExitCode(65)
        }
        return result
    }

    /// The summary of `inventory` for these options.
    /// The current time: `--now`, else the system clock.
    var clock: Timestamp {
        if let now, case .absolute(let t)? = TimeBound(now) { return t }
        return Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
    }

    func summarize(
        _ inventory: Inventory, includeHistory: Bool = false, adjust: (inout SummaryOptions) -> Void = { _ in }
    ) throws -> Summary {
        let clock = self.clock
        var options = SummaryOptions(
            since: since.flatMap(TimeBound.init), until: until.flatMap(TimeBound.init), now: clock,
            baselineRuns: baselineRuns, rateDropPercent: rateThreshold, durationRisePercent: durationThreshold)
        options.includeHistory = includeHistory
        if case .before(let seconds)? = TimeBound(maxAge) { options.maximumAgeSeconds = seconds }
        adjust(&options)
        let summary = Summarizer.summarize(inventory, options: options)
        if summary.window.start >= summary.window.end {
            throw ValidationError(
                "The window is empty: --since (\(summary.window.start.iso8601)) must be before --until (\(summary.window.end.iso8601))."
            )
        }
        return summary
    }
}
