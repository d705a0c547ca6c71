import Foundation
import VB365Configuration
import VB365Model
import VB365Pipeline
import VB365Reading

/// The archive a configuration names, read as `run` reads it after its fetch: for `check
/// --config`, which reports on what the last run fetched without fetching itself.
package enum ConfiguredArchive {
    /// The archive folders of the configured servers that hold sessions.
    package static func folders(_ configuration: Configuration) -> [String] {
        configuration.servers.compactMap {
            ArchiveLayout.folder(ofServer: $0.connection.address, in: configuration.archive.folder)
        }.filter(ArchiveLayout.holdsSessions)
    }

    /// A pipeline that reads `folders`, with the configured window (its start `window.since`
    /// before `now`), look and server names.
    package static func pipeline(
        _ configuration: Configuration, folders: [String], now: Timestamp?, quiet: Bool, toolVersion: String
    ) -> Pipeline {
        var window = configuration.window
        window.now = now ?? window.now
        var settings = PipelineConfiguration(
            source: .files(folders), window: window, look: configuration.look, quiet: quiet, toolVersion: toolVersion)
        settings.serverNames = configuration.serverNames
        settings.strict = configuration.archive.strict
        settings.protection = configuration.protection.settings
        settings.protectionPeriod = configuration.protection.period
        // Each tenant's own thresholds judge its jobs, as in `run`'s outputs.
        settings.tenants = configuration.tenants
        return Pipeline(settings)
    }
}
