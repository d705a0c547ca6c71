import Foundation

/// What the SMTP server and the webhook receiver of the tests share: a self-signed certificate
/// made by openssl, and a Python script started with Debian's /usr/bin/python3 that prints the
/// port it listens on as its first line and ends when its standard input closes (even when this
/// process dies).
package struct PythonTestServer {
    /// The running script.
    package let process: Process
    /// Its standard input: closing it ends the script.
    package let input: Pipe
    package let port: Int

    /// A self-signed certificate for 127.0.0.1 and localhost, `cert.pem` and `key.pem` in `folder`.
    package static func makeCertificate(in folder: URL) throws {
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
        guard openssl.terminationStatus == 0 else { throw Failure("openssl could not make a certificate") }
    }

    /// Starts `Tests/VB365TestSupport/<script>` with `arguments` and reads its port; `failure`
    /// is the error's words when it does not start.
    package init(script: String, arguments: [String], failure: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments =
            [Fixtures.packageRoot.appendingPathComponent("Tests/VB365TestSupport/" + script).path] + arguments
        let output = Pipe()
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
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
            throw Failure(failure)
        }
        self.process = process
        self.input = input
        self.port = port
    }

    /// Ends the script (idempotent).
    package func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Why a server did not start.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}
