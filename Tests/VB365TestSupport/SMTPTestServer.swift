import Foundation

/// A real SMTP server for one test: aiosmtpd (`smtp_server.py`, run with Debian's
/// /usr/bin/python3) on 127.0.0.1 and a free port, requiring STARTTLS (or implicit TLS) and
/// AUTH, with a self-signed certificate made for it by openssl. Stopped when released.
public final class SMTPTestServer {
    /// What the server accepted for one message.
    public struct Received: Decodable, Sendable {
        public var mail_from: String
        public var mail_options: [String]
        public var rcpt_tos: [String]
        public var tls: Bool
        public var authenticated: Bool
        public var login: String?
        public var peer_port: Int
        public var data: String

        /// The DATA bytes as the server stored them (dot-stuffing undone).
        public var bytes: [UInt8] { Array(Data(base64Encoded: data) ?? Data()) }
    }

    public static let user = "reports@example.com"
    public static let password = "S3cret pass wörd"

    public let folder: URL
    public let port: Int
    private let process: Process
    /// The server's standard input: closing it ends the server, even when this process dies.
    private let input: Pipe

    /// The PEM certificate the server presents, for `--smtp-ca-cert`.
    public var certificate: String { folder.appendingPathComponent("cert.pem").path }

    public init(mode: String = "normal", implicitTLS: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", folder.appendingPathComponent("key.pem").path, "-out",
            folder.appendingPathComponent("cert.pem").path, "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw ServerError("openssl could not make a certificate") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments =
            [
                Fixtures.packageRoot.appendingPathComponent("Tests/VB365TestSupport/smtp_server.py").path,
                "--cert", folder.appendingPathComponent("cert.pem").path,
                "--key", folder.appendingPathComponent("key.pem").path,
                "--record", folder.appendingPathComponent("received.jsonl").path,
                "--user", Self.user, "--password", Self.password, "--mode", mode,
            ] + (implicitTLS ? ["--implicit-tls"] : [])
        let output = Pipe()
        let input = Pipe()
        process.standardInput = input
        self.input = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        self.process = process
        // The first line is the port it listens on; nothing (end of file) when it failed.
        var line: [UInt8] = []
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
            throw ServerError("the SMTP server did not start (is python3-aiosmtpd installed?)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Ends the server (idempotent).
    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Every message the server accepted, in order.
    public func received() throws -> [Received] {
        let path = folder.appendingPathComponent("received.jsonl").path
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: 0x0A).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }

    /// How many connections the server took.
    public func connections() -> Int {
        let path = folder.appendingPathComponent("received.jsonl.connections").path
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return data.split(separator: 0x0A).count
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
