import Foundation
import NIOSSL
import VB365Support

/// Submits messages to an SMTP relay (RFC 6409) through one connection: TLS verified by
/// default, AUTH PLAIN or LOGIN, each message's envelope and dot-stuffed DATA; another
/// attempt after a 4xx reply or a lost connection (with `retryDelays`), none after a 5xx.
package struct SMTPSubmitter: Sendable {
    package var settings: SMTPSettings

    /// Creates a submitter.
    package init(settings: SMTPSettings) { self.settings = settings }

    /// Submits `messages` in order through one connection (a new one only for another attempt,
    /// which sends what was not yet accepted). Throws 64 on settings that would send in clear,
    /// 66 on an unreadable CA file, 67 on a rejected recipient, 69 on other 5xx replies or a
    /// missing STARTTLS, 77 on a rejected login or an untrusted certificate, 75 when the
    /// relay still answered 4xx (or could not be reached) after the last attempt; the server's
    /// reply is quoted, the password never.
    package func submit(_ messages: [SMTPMessage]) async throws(Failure) {
        guard !messages.isEmpty else { return }
        let settings = try settings.resolved()
        if let problem = settings.problem() { throw problem }
        let tls = try context()
        var sent = 0
        var attempt = 0
        while true {
            do {
                var connection = try await SMTPConnection.open(settings, tls: tls)
                do {
                    try await connection.hello(tls: tls)
                    while sent < messages.count {
                        try await connection.submit(messages[sent])
                        sent += 1
                    }
                } catch {
                    await connection.close()
                    throw error
                }
                await connection.quit()
                return
            } catch {
                let failed =
                    error as? SMTPAttemptError
                    ?? SMTPConnection.tlsProblem(error, address: settings.address, step: "connecting")
                guard failed.transient, attempt < settings.retryDelays.count else {
                    throw outcome(failed.failure, sent: sent, of: messages.count, attempts: attempt + 1)
                }
                let delay = settings.retryDelays[attempt]
                attempt += 1
                DiagnosticPrinter.warning(
                    "\(failed.failure.diagnostics.first?.message ?? "SMTP failed"); trying again in \(Self.seconds(delay)) s (attempt \(attempt + 1) of \(settings.retryDelays.count + 1))."
                )
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// `30`, or `0.05` for a wait under a second.
    static func seconds(_ delay: Duration) -> String {
        let (whole, atto) = delay.components
        guard whole < 1 && atto > 0 else { return String(whole) }
        return String(Double(atto) / 1e18)
    }

    /// The failure as the run ends with it: how many attempts, and which messages were sent.
    private func outcome(_ failure: Failure, sent: Int, of total: Int, attempts: Int) -> Failure {
        var result = failure
        guard var first = result.diagnostics.first else { return failure }
        if attempts > 1 { first.message += " (after \(attempts) attempts)" }
        if total > 1 {
            let done = "\(sent) of \(total) messages were accepted before"
            first.advice = first.advice.map { $0 + "; " + done } ?? done
        }
        result.diagnostics[0] = first
        return result
    }

    /// The TLS client settings: the system's trust store, plus `caFile`; full verification.
    private func context() throws(Failure) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let path = settings.caFile {
            let what = "the CA file \(path) (--smtp-ca-cert, or smtp-ca-file)"
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(path), !certificates.isEmpty else {
                throw Failure(
                    .noInput, path: path, "\(what) cannot be used",
                    advice: "give a readable file of PEM certificates (-----BEGIN CERTIFICATE-----)")
            }
            tls.additionalTrustRoots = [.certificates(certificates)]
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw Failure(.software, "TLS cannot be set up: \(error)")
        }
    }
}
