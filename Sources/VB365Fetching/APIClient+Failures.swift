import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

// MARK: - Transport errors, in words

extension APIClient {
    /// A transport error as a sentence, and whether it is worth retrying.
    private typealias TransportFailure = (error: FetchError, retryable: Bool)

    /// Turns a transport error into a sentence, and says whether it is worth retrying.
    func classify(_ error: any Error, url: String) -> (error: FetchError, retryable: Bool) {
        if let failure = clientFailure(error, url: url) { return failure }
        if let failure = answerFailure(error, url: url) { return failure }
        let text = "\(error)"
        if let failure = secureConnectionFailure(error, text: text) { return failure }
        if let failure = connectionFailure(error, url: url, text: text) { return failure }
        let host = settings.server
        if text.contains("UnknownHost") || text.contains("NXDOMAIN") || text.contains("getaddrinfo") {
            return (
                FetchError(
                    .unreachable, "the host name of \(host) cannot be resolved; check the spelling and the DNS."), false
            )
        }
        if error is CancellationError {
            return (FetchError(.unavailable, "the fetch was cancelled."), false)
        }
        return (FetchError(.unreachable, "\(url) cannot be reached: \(text)."), true)
    }

    /// The HTTP client's own errors: no connection in time, no answer in time, a connection
    /// closed early, or an unusable `--server`; nil for any other error.
    private func clientFailure(_ error: any Error, url: String) -> TransportFailure? {
        guard let e = error as? HTTPClientError else { return nil }
        let host = settings.server
        switch e {
        case .connectTimeout:
            return (
                FetchError(
                    .unreachable,
                    "\(host) did not accept a connection within \(Self.seconds(settings.limits.connectTimeout)); check the host name, the port (VB365 uses 4443) and any firewall."
                ), true
            )
        case .readTimeout, .deadlineExceeded:
            return (
                FetchError(
                    .unavailable,
                    "\(url) did not answer within \(Self.seconds(settings.limits.readTimeout)), even after \(Self.retries(settings.limits.retries)); the server may be overloaded, try again later or raise --read-timeout."
                ), true
            )
        case .remoteConnectionClosed:
            return (
                FetchError(
                    .unavailable,
                    "\(url): the server closed the connection before the whole answer arrived, even after \(Self.retries(settings.limits.retries))."
                ), true
            )
        case .invalidURL, .emptyHost, .emptyScheme:
            return (
                FetchError(
                    .localInput,
                    "--server \(host) is not a usable URL; give one such as https://vbo.example.com:4443."), false
            )
        default: return nil
        }
    }

    /// An answer that could not be taken: too large, cut short, or not HTTP; nil for any other
    /// error.
    private func answerFailure(_ error: any Error, url: String) -> TransportFailure? {
        if error is NIOTooManyBytesError {
            return (
                FetchError(
                    .badResponse,
                    "\(url) sent more than \(Self.maximumBody >> 20) MB in one answer; lower --page-size."),
                false
            )
        }
        if let parser = error as? HTTPParserError {
            // A stream that ends early is a cut connection (worth another try); anything else is
            // a server that does not speak HTTP properly.
            if parser == .invalidEOFState {
                return (
                    FetchError(
                        .unavailable,
                        "\(url): the connection ended before the whole answer arrived, even after \(Self.retries(settings.limits.retries))."
                    ), true
                )
            }
            return (
                FetchError(.badResponse, "\(url) answered with something that is not valid HTTP (\(parser))."), false
            )
        }
        return nil
    }

    /// A TLS failure (never worth retrying): from the TLS library, or an error that names SSL
    /// or a certificate (`text` is the error's description); nil for any other error.
    private func secureConnectionFailure(_ error: any Error, text: String) -> TransportFailure? {
        if let e = error as? NIOSSLError {
            return (tlsFailure("\(e)"), false)
        }
        if error is NIOSSLExtraError || String(describing: type(of: error)).contains("SSL") {
            return (tlsFailure("\(error)"), false)
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return (tlsFailure(text), false)
        }
        return nil
    }

    /// A connection refused, reset, timed out or otherwise failed at the socket (`text` is the
    /// error's description); nil for any other error.
    private func connectionFailure(_ error: any Error, url: String, text: String) -> TransportFailure? {
        let host = settings.server
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED:
                return (
                    FetchError(
                        .unreachable,
                        "\(host) refused the connection; check that the VB365 REST API is enabled and listening on that port (VB365 uses 4443)."
                    ), true
                )
            case ECONNRESET, EPIPE:
                return (
                    FetchError(
                        .unavailable,
                        "\(url): the connection was reset, even after \(Self.retries(settings.limits.retries))."),
                    true
                )
            default:
                return (FetchError(.unreachable, "\(host) cannot be reached: \(io.description)."), true)
            }
        }
        if text.contains("connection refused") || text.contains("Connection refused") {
            return (
                FetchError(
                    .unreachable,
                    "\(host) refused the connection; check that the VB365 REST API is enabled and listening on that port (VB365 uses 4443)."
                ), true
            )
        }
        if let e = error as? ChannelError, case .connectTimeout = e {
            return (
                FetchError(
                    .unreachable,
                    "\(host) did not accept a connection within \(Self.seconds(settings.limits.connectTimeout))."
                ), true
            )
        }
        return nil
    }
}
