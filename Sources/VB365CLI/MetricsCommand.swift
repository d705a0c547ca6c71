import ArgumentParser
import VB365Pipeline
import VB365Support

/// `vb365-report metrics`: the Prometheus text exposition of the window, written atomically.
public struct MetricsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Write Prometheus metrics (the text exposition format) for node_exporter's textfile collector.",
        discussion: """
            Writes gauges per job, labelled server, organization, job and job_type: the last session's \
            status (vb365_job_last_session_status, 1 for its status and 0 for the others), start and end \
            (_timestamp_seconds), duration, transferred bytes, processed objects and rates; the last \
            success's end; whether the job is missed, stale or hung (0 or 1); its sessions in the window \
            by status; each server's last fetch. A value that is not known is left out, never written as 0. \
            The file is replaced atomically (written beside it under a hidden name, then renamed), so a \
            collector never reads half of it; name it *.prom in the textfile collector's folder.

            Exit status: 0 written; 64 bad usage; 65 an input could not be read or parsed; 73 FILE cannot \
            be written; 74 the disk is full.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions

    @Option(
        help: ArgumentHelp("The file to write (such as /var/lib/node_exporter/textfile/vb365.prom).", valueName: "file")
    )
    var out: String

    public init() {}

    public func run() async throws {
        let jobs = try await report.pipeline(.files(input.inputs)).metrics(to: out)
        if !report.quiet { DiagnosticPrinter.note("wrote the metrics of \(Formatting.count(jobs, "job")) to \(out).") }
    }
}
