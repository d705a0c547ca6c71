import VB365Support

/// Why a fetch stopped: one sentence that names the server or URL, says what happened and what to
/// do, and an exit status for scripts. Never holds a password or token.
package struct FetchError: ReportableError, Sendable {
    /// The kinds of failure, each with its exit status.
    package enum Kind: Sendable, Equatable {
        /// The command line asks for something that cannot be: 64.
        case usage
        /// A local file (password, token, CA certificate) cannot be read: 66.
        case localInput
        /// The credentials or token were refused: 67.
        case credentials
        /// The host cannot be reached (name, refused, connect timeout): 68.
        case unreachable
        /// The server stayed busy or unavailable through every retry (429, 502–504, timeouts): 75.
        case unavailable
        /// The server's certificate was not trusted, or TLS failed: 77.
        case tls
        /// The server answered, but not usably: version not served, 404, 500, not JSON: 76.
        case badResponse
        /// A body is not valid JSON or not a VB365 document: 65.
        case malformed
        /// The archive cannot be written: 73.
        case archive
        /// The disk holding the archive is full or failed: 74.
        case storage

        /// The exit status.
        package var exitStatus: ExitStatus {
            switch self {
            case .usage: return .usage
            case .localInput: return .noInput
            case .credentials: return .noUser
            case .unreachable: return .noHost
            case .unavailable: return .temporaryFailure
            case .tls: return .noPermission
            case .badResponse: return .protocolError
            case .malformed: return .dataError
            case .archive: return .cannotCreate
            case .storage: return .ioError
            }
        }
    }

    package var kind: Kind
    package var message: String
    /// The URL that answered, when the error is about one answer.
    package var url: String?
    /// The HTTP status of that answer, when it had an unusable one.
    package var status: Int?

    /// Creates an error.
    package init(_ kind: Kind, _ message: String, url: String? = nil, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
    }

    package var exitStatus: ExitStatus { kind.exitStatus }
    package var diagnostics: [Diagnostic] { [Diagnostic(message: message)] }
}
