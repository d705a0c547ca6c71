import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import VB365Model
import X509

/// A certificate and its private key, in PEM, for the simulator's HTTPS listener.
package struct TLSIdentity: Sendable {
    package var certificatePEM: String
    package var privateKeyPEM: String

    /// Creates an identity from PEM texts.
    package init(certificatePEM: String, privateKeyPEM: String) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// A new self-signed certificate (P-256, valid for a year from `now`) for `localhost` and
    /// 127.0.0.1, like the one a VB365 server creates for itself at setup; clients trust it with
    /// `--ca-cert`.
    package static func selfSigned(now: Date = Date()) throws -> TLSIdentity {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("vb365-report simulator")
            CommonName("localhost")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-Seconds.hour),
            notValidAfter: now.addingTimeInterval(365 * Seconds.day),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: .init(key))
        return TLSIdentity(
            certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// Reads a certificate and key from PEM files.
    package static func files(certificate: String, key: String) throws(SimulatorError) -> TLSIdentity {
        guard let c = FileManager.default.contents(atPath: certificate) else {
            throw SimulatorError("\(certificate): cannot be read; give a PEM certificate file.")
        }
        guard let k = FileManager.default.contents(atPath: key) else {
            throw SimulatorError("\(key): cannot be read; give a PEM private-key file.")
        }
        return TLSIdentity(
            certificatePEM: String(decoding: c, as: UTF8.self), privateKeyPEM: String(decoding: k, as: UTF8.self))
    }

    /// The server-side TLS configuration.
    func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
    }
}
