import Foundation
import VB365TestSupport

/// A new folder for `run --config` against `sim`: the password file and `config.yaml` (mode
/// 0600), the configuration's first lines naming the simulator as server `sim` (API v8, no
/// processed objects) and `archive/` with 21 days of history, then `more`.
/// Returns the folder and the configuration's path.
func simulatorRunFolder(_ sim: SimulatorProcess, _ name: String, more: String) throws -> (folder: URL, config: String) {
    let folder = try Fixtures.temporaryFolder(name)
    let password = folder.appendingPathComponent("password").path
    try "vb365-demo\n".write(toFile: password, atomically: true, encoding: .utf8)
    chmod(password, 0o600)
    let config = """
        servers:
          - name: sim
            address: \(sim.url)
            api-version: v8
            username: 'vb365\\admin'
            password-file: password
            processed-objects: 0
        archive:
          folder: archive
          history: 21d

        """ + more
    let path = folder.appendingPathComponent("config.yaml").path
    try config.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o600)
    return (folder, path)
}
