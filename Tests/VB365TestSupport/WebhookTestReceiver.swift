import Foundation

/// A webhook receiver for one test: `webhook_receiver.py` (Python's standard library, run with
/// /usr/bin/python3) on 127.0.0.1 and a free port, playing Teams, Slack, Discord, a generic
/// webhook and PagerDuty by path, with faults by path segment (`/fail429-once/`, `/slow/`, …).
/// It speaks TLS with a certificate made for it by openssl (`certificate`, for the sender's
/// `caFile`), or plain HTTP. Stopped when released.
package final class WebhookTestReceiver {
    /// One request as the receiver recorded it.
    package struct Received: Decodable, Sendable {
        /// Seconds since 1970 when it arrived.
        package var time: Double
        /// `POST`.
        package var method: String
        /// The path and query, as sent.
        package var path: String
        /// The headers, by name as sent (`header(_:)` ignores the case).
        package var headers: [String: String]
        /// The body as text (invalid UTF-8 replaced).
        package var body: String
        /// The status answered; 0 when none (`slow`, `close`).
        package var status: Int
        /// The fault played (`fail429-once`, `slow`), or nil.
        package var fault: String?
        /// What a real receiver would have refused; empty when the request was valid.
        package var problems: [String]

        /// The header `name`, whatever its case.
        package func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    /// The temporary folder of the certificate, the key and the record.
    package let folder: URL
    /// The port it listens on, on 127.0.0.1.
    package let port: Int
    /// Whether it speaks TLS.
    package let tls: Bool
    /// The running script.
    private let server: PythonTestServer

    /// The PEM certificate the receiver presents (for 127.0.0.1 and localhost), for `caFile`.
    package var certificate: String { folder.appendingPathComponent("cert.pem").path }

    /// Starts a receiver: TLS unless `plain`; `mode` plays a fault on every path (`fail500-once`);
    /// `secret` makes `/webhook/` check signatures; `slowSeconds` is how long `/slow/` waits.
    package init(plain: Bool = false, mode: String = "normal", secret: String? = nil, slowSeconds: Double = 3) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-webhook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        tls = !plain
        if tls { try PythonTestServer.makeCertificate(in: folder) }
        var arguments = [
            "--record", folder.appendingPathComponent("received.jsonl").path, "--mode", mode,
            "--slow-seconds", "\(slowSeconds)",
        ]
        let certificate = folder.appendingPathComponent("cert.pem").path
        arguments +=
            tls ? ["--cert", certificate, "--key", folder.appendingPathComponent("key.pem").path] : ["--plain"]
        arguments += secret.map { ["--secret", $0] } ?? []
        server = try PythonTestServer(
            script: "webhook_receiver.py", arguments: arguments,
            failure: "the webhook receiver did not start (is /usr/bin/python3 installed?)")
        port = server.port
    }

    deinit { stop() }

    /// Ends the receiver (idempotent).
    package func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// `https://127.0.0.1:PORT/slack/T000/B000/XXXX` for `path` (`/slack/T000/B000/XXXX`).
    package func url(_ path: String) -> String {
        "\(tls ? "https" : "http")://127.0.0.1:\(port)\(path.hasPrefix("/") ? path : "/" + path)"
    }

    /// Every request the receiver took, in order.
    package func requests() throws -> [Received] {
        let path = folder.appendingPathComponent("received.jsonl").path
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: 0x0A).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }

    /// How many connections the receiver accepted (TLS handshakes that failed included).
    package func connections() -> Int {
        let path = folder.appendingPathComponent("received.jsonl.connections").path
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.split(separator: 0x0A).count
    }
}
