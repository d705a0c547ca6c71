import Foundation

/// A real SMTP server for one test: aiosmtpd (`smtp_server.py`, run with Debian's
/// /usr/bin/python3) on 127.0.0.1 and a free port, requiring STARTTLS (or implicit TLS) and
/// AUTH, with a self-signed certificate made for it by openssl. Stopped when released.
package final class SMTPTestServer {
    /// What the server accepted for one message.
    package struct Received: Decodable, Sendable {
        package var mail_from: String
        package var mail_options: [String]
        package var rcpt_tos: [String]
        package var tls: Bool
        package var authenticated: Bool
        package var login: String?
        package var peer_port: Int
        package var data: String

        /// The DATA bytes as the server stored them (dot-stuffing undone).
        package var bytes: [UInt8] { Array(Data(base64Encoded: data) ?? Data()) }
    }

    package static let user = "reports@example.com"
    package static let password = "S3cret pass wörd"

    package let folder: URL
    package let port: Int
    /// The running script.
    private let server: PythonTestServer

    /// The PEM certificate the server presents, for `--smtp-ca-cert`.
    package var certificate: String { folder.appendingPathComponent("cert.pem").path }

    package init(mode: String = "normal", implicitTLS: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try PythonTestServer.makeCertificate(in: folder)
        server = try PythonTestServer(
            script: "smtp_server.py",
            arguments: [
                "--cert", folder.appendingPathComponent("cert.pem").path,
                "--key", folder.appendingPathComponent("key.pem").path,
                "--record", folder.appendingPathComponent("received.jsonl").path,
                "--user", Self.user, "--password", Self.password, "--mode", mode,
            ] + (implicitTLS ? ["--implicit-tls"] : []),
            failure: "the SMTP server did not start (is python3-aiosmtpd installed?)")
        port = server.port
    }

    deinit { stop() }

    /// Ends the server (idempotent).
    package func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Every message the server accepted, in order.
    package func received() throws -> [Received] {
        let path = folder.appendingPathComponent("received.jsonl").path
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: 0x0A).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }

    /// How many connections the server took.
    package func connections() -> Int {
        let path = folder.appendingPathComponent("received.jsonl.connections").path
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.split(separator: 0x0A).count
    }
}
