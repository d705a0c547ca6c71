import ArgumentParser
import VB365Pipeline
import VB365Serving
import VB365Support

/// `vb365-report metrics`: the Prometheus text exposition of the window, written atomically.
package struct MetricsCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
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

            With --listen HOST:PORT it also serves them at http://HOST:PORT/metrics for a Prometheus \
            scrape, made again from the inputs every --interval seconds (a making that fails is printed \
            and the last metrics stay served), until it is stopped.

            Exit status: 0 written; 64 bad usage; 65 an input could not be read or parsed; 71 --listen \
            cannot listen there; 73 FILE cannot be written; 74 the disk is full.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var report: ReportOptions

    @Option(
        help: ArgumentHelp(
            "The file to write (such as /var/lib/node_exporter/textfile/vb365.prom).", valueName: "file"))
    var out: String?

    @Option(
        help: ArgumentHelp(
            "Serve the metrics over HTTP at http://HOST:PORT/metrics (such as 127.0.0.1:9688) until stopped, made again every --interval seconds (and written to --out, if given).",
            valueName: "host:port"),
        transform: ListenAddress.parse)
    var listen: ListenAddress?

    @Option(help: "With --listen: seconds between two makings of the metrics (10 to 86400).")
    var interval: Int = 60

    package init() {}

    package func validate() throws {
        if out == nil && listen == nil { throw ValidationError("Give --out FILE, --listen HOST:PORT, or both.") }
        if !(10...86_400).contains(interval) { throw ValidationError("--interval must be from 10 to 86400 seconds.") }
    }

    package func run() async throws {
        guard let listen else {
            let file = out ?? ""
            let jobs = try await report.pipeline(.files(input.inputs)).metrics(to: file)
            if !report.quiet {
                DiagnosticPrinter.note("wrote the metrics of \(Formatting.count(jobs, "job")) to \(file).")
            }
            return
        }
        let server: MetricsServer
        do {
            server = try await MetricsServer.start(host: listen.host, port: listen.port)
        } catch {
            throw Failure(
                .osError, "cannot listen on \(listen.text): \(error)",
                advice: "name a free port, and an address of this machine (127.0.0.1 for this machine alone)")
        }
        let shown = listen.host.contains(":") ? "[\(listen.host)]" : listen.host
        DiagnosticPrinter.note("serving the metrics at http://\(shown):\(server.port)/metrics")
        while true {
            // A new pipeline each time, so that its clock and the inputs are read again.
            do {
                let pipeline = report.pipeline(.files(input.inputs))
                let made = try await pipeline.metricsText()
                server.text.withLock { $0 = made.text }
                if let out { _ = try await pipeline.metrics(to: out) }
            } catch {
                // The last metrics that were made stay served.
                DiagnosticPrinter.print((error as? any ReportableError)?.diagnostics ?? [])
            }
            try await Task.sleep(for: .seconds(interval))
        }
    }
}

/// `HOST:PORT` for `--listen`: `127.0.0.1:9688`, `[::1]:9688`, `0.0.0.0:9688`.
package struct ListenAddress: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var text: String

    /// Parses the value of `--listen`.
    @Sendable package static func parse(_ text: String) throws -> ListenAddress {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { throw ValidationError("it is not HOST:PORT, such as 127.0.0.1:9688") }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("it names no host; use 127.0.0.1:9688 or 0.0.0.0:9688") }
        return ListenAddress(host: host, port: port, text: text)
    }
}
