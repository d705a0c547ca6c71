import Foundation
import VB365Simulator

// What a test sets up and must take down, written once: each helper runs the test's body and
// undoes the setup afterwards, whether the body returns or throws.

/// Runs `body` with a fresh, empty temporary folder (`Fixtures.temporaryFolder(name)`: a UUID
/// below the system's temporary directory) and removes the folder and everything in it afterwards.
package func withTemporaryFolder<T>(_ name: String = #function, _ body: (URL) throws -> T) throws -> T {
    let folder = try Fixtures.temporaryFolder(name)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

/// Runs `body` with a fresh, empty temporary folder (`Fixtures.temporaryFolder(name)`: a UUID
/// below the system's temporary directory) and removes the folder and everything in it afterwards.
package func withTemporaryFolder<T>(
    _ name: String = #function, isolation: isolated (any Actor)? = #isolation, _ body: (URL) async throws -> T
) async throws -> T {
    let folder = try Fixtures.temporaryFolder(name)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// Starts a simulator serving `api` on a free port of 127.0.0.1 (over TLS with `tls`), runs
/// `body` with it, and stops it afterwards, waiting until it has stopped: no simulator outlives
/// its test. Stopping again inside `body` (to make the server unreachable) is harmless.
package func withSimulator<T>(
    _ api: SimulatorAPI, tls: TLSIdentity? = nil, isolation: isolated (any Actor)? = #isolation,
    _ body: (SimulatorServer) async throws -> T
) async throws -> T {
    let server = try await SimulatorServer.start(api: api, tls: tls)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
