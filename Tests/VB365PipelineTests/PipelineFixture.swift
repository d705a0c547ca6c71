import VB365Model
import VB365Pipeline
import VB365Statistics

/// The one way these tests make a pipeline: saved files read at `now`, quietly, on two workers.
enum PipelineFixture {
    /// A pipeline over `inputs` judged at `now` with the default thresholds; `change` sets the
    /// rest (tenants, notices) before it is made.
    static func pipeline(
        _ inputs: [String], now: Timestamp, since: TimeBound? = nil, until: TimeBound? = nil,
        templates: String? = nil, version: String = "0.1.0", split: Bool = false,
        change: (inout PipelineConfiguration) -> Void = { _ in }
    ) -> Pipeline {
        var window = SummaryOptions(now: now)
        window.since = since
        window.until = until
        var configuration = PipelineConfiguration(
            source: .files(inputs), window: window, look: LookSettings(templates: templates), quiet: true,
            toolVersion: version, workers: 2)
        configuration.split = split ? .organization : .none
        change(&configuration)
        return Pipeline(configuration)
    }
}
