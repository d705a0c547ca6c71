import ArgumentParser
import Foundation
import VB365Delivery
import VB365Fetching
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365Statistics

// Option values are parsed once, into these types, when the command line is read; `run()` never
// parses a string again. Each type's help says what it accepts, which ArgumentParser prints with
// the error when a value is refused.

extension TimeBound: ExpressibleByArgument {
    /// `24h`, `7d`, `1d12h`, or an ISO 8601 timestamp.
    public init?(argument: String) { self.init(argument) }

    /// `14d`, `24h`, or the timestamp.
    public var defaultValueDescription: String {
        switch self {
        case .absolute(let t): return t.iso8601
        case .before(let seconds): return Span.text(seconds)
        }
    }
}

/// A span of time: `26h`, `2d`, `90m`, `2w`, `1d12h`.
public struct Span: ExpressibleByArgument, Sendable {
    public var seconds: Double
    let text: String

    public init?(argument: String) {
        guard case .before(let seconds)? = TimeBound(argument) else { return nil }
        self.seconds = seconds
        self.text = argument
    }

    public var defaultValueDescription: String { text }

    /// `14d`, `26h`, `90m` or `45s`: the largest whole unit.
    static func text(_ seconds: Double) -> String {
        for (unit, size) in [("d", 86_400.0), ("h", 3600), ("m", 60)] where seconds >= size {
            if seconds.truncatingRemainder(dividingBy: size) == 0 { return "\(Int(seconds / size))\(unit)" }
        }
        return "\(Int(seconds))s"
    }
}

/// A point in time, ISO 8601: `2026-11-23T06:00:00Z`.
public struct Moment: ExpressibleByArgument, Sendable {
    public var timestamp: Timestamp

    public init?(argument: String) {
        guard case .absolute(let t)? = TimeBound(argument) else { return nil }
        timestamp = t
    }
}

/// An IANA time zone: `Europe/Berlin`, `UTC`.
extension LocalTime: ExpressibleByArgument {
    public init?(argument: String) { self.init(identifier: argument) }
    public var defaultValueDescription: String { identifier }
}

/// Report formats, comma-separated: `xhtml`, `markdown` (or `html`, `md`).
public struct FormatList: ExpressibleByArgument, Sendable {
    public var formats: [OutputFormat]
    let text: String

    public init?(argument: String) {
        var formats: [OutputFormat] = []
        for part in argument.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            let format: OutputFormat
            switch part {
            case "xhtml", "html": format = .xhtml
            case "markdown", "md": format = .markdown
            default: return nil
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { return nil }
        self.formats = formats
        self.text = argument
    }

    public var defaultValueDescription: String { text }
}

/// `auto` (the newest the server serves) or `v1` to `v8`.
public struct APIVersionChoice: ExpressibleByArgument, Sendable {
    /// nil for auto.
    public var version: APIVersion?

    public init?(argument: String) {
        if argument.lowercased() == "auto" {
            version = nil
        } else if let v = APIVersion(text: argument) {
            version = v
        } else {
            return nil
        }
    }

    public var defaultValueDescription: String { version.map { "\($0)" } ?? "auto" }
}

extension LogSelection: ExpressibleByArgument {}

extension Pipeline.SummaryFormat: ExpressibleByArgument {}

/// An http(s) address without a query or fragment: `https://reports.example.com/vb365`.
public struct WebAddress: ExpressibleByArgument, Sendable {
    public var text: String

    public init?(argument: String) {
        guard let url = URL(string: argument), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
            url.host?.isEmpty == false, url.query == nil, url.fragment == nil, url.user == nil
        else { return nil }
        text = argument
    }
}

/// An e-mail address, optionally with a display name: `Backup Team <backup@example.com>`.
extension MailAddress: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// A level for `--fail-on` and `--only-if`.
public enum FailLevel: String, ExpressibleByArgument, CaseIterable, Sendable {
    case warning, failed

    var severity: Severity { self == .warning ? .warning : .failed }
}
