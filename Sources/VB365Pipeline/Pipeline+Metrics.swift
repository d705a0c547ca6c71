import VB365Summary

extension Pipeline {
    /// Reads, summarises, and writes the Prometheus text exposition to `path` atomically (a
    /// hidden file beside it, renamed over it), so that node_exporter's textfile collector never
    /// reads half a file; returns how many jobs it describes. Missing folders are created.
    public func metrics(to path: String) async throws -> Int {
        let result = try await read()
        let summary = try summarize(result.inventory)
        try writeFile(Array(PrometheusText.render(summary).utf8), to: path)
        return summary.jobs.count
    }
}
