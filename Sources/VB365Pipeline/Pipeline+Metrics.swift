import VB365Reading
import VB365SummaryOutput
import VB365Support

extension Pipeline {
    /// Reads, summarises, and writes the Prometheus text exposition to `path` atomically (a
    /// hidden file beside it, renamed over it), so that node_exporter's textfile collector never
    /// reads half a file; returns how many jobs it describes. Missing folders are created.
    package func metrics(to path: String) async throws -> Int {
        let result = try await read()
        let summary = try summarize(result.inventory)
        try writeFile(Array(PrometheusText.render(summary).utf8), to: path)
        return summary.jobs.count
    }
}

extension Pipeline {
    /// Reads saved JSON as `read` does, except that a failure carries every problem found (for
    /// its caller to print) rather than printing them: for `check`, whose one line of output
    /// names the first.
    package func readKeepingProblems() async throws(Failure) -> InventoryReader.Result {
        guard case .files(let inputs) = configuration.source else {
            do { return try await read() } catch let error as Failure { throw error } catch {
                throw Failure(.dataError, Pipeline.reason(of: error))
            }
        }
        let result = await InventoryReader.read(
            InputList(inputs), concurrency: configuration.workers, serverNames: configuration.serverNames,
            strict: configuration.strict)
        if result.hasErrors { throw Failure(.dataError, diagnostics: result.diagnostics) }
        // Quietly, no file left out is printed either: the check's output names them.
        DiagnosticPrinter.print(result.diagnostics, quiet: configuration.quiet)
        return result
    }
}

extension Pipeline {
    /// Reads and summarises, and returns the Prometheus text exposition and how many jobs it
    /// describes, without writing it anywhere (`metrics --listen`).
    package func metricsText() async throws -> (text: String, jobs: Int) {
        let result = try await read()
        let summary = try summarize(result.inventory)
        return (PrometheusText.render(summary), summary.jobs.count)
    }
}
