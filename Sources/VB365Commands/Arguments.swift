import ArgumentParser
import Foundation
import VB365Delivery
import VB365Fetching
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365Text

// Option values are parsed once, into these types, while the command line is read (each
// option names its type's `parse` as its transform); `run()` never parses a string again. A
// refused value ends the run with 64 and a sentence that says what the option takes:
// `The value 'x' is invalid for '--since <since>': it is neither a duration ... nor a timestamp ...`.

/// A time bound as given: a duration counted back (`24h`, `7d`, `1d12h`) or a timestamp.
package struct When: Sendable, Equatable {
    package var bound: TimeBound

    /// Parses the value of `--since`, `--until` or `--history`.
    @Sendable package static func parse(_ text: String) throws -> When {
        guard let bound = TimeBound(text) else {
            throw ValidationError(
                "it is neither a duration such as 24h or 7d nor a timestamp such as 2026-11-20T00:00:00Z")
        }
        return When(bound: bound)
    }
}

/// A span of time: `26h`, `2d`, `90m`, `2w`, `1d12h`.
package struct TimeSpan: Sendable, Equatable, CustomStringConvertible {
    package var seconds: Double

    /// A span of `seconds`.
    package init(seconds: Double) { self.seconds = seconds }

    /// A span of `days`.
    package init(days: Double) { self.seconds = days * Seconds.day }

    /// The span in days.
    package var days: Double { seconds / Seconds.day }

    /// The span as it is typed: `26h`, `30d`, `90m`, `45s` (the largest unit that divides it).
    package var description: String { Seconds.typed(seconds) }

    /// Parses the value of `--max-age` or `--keep`.
    @Sendable package static func parse(_ text: String) throws -> TimeSpan {
        guard case .before(let seconds)? = TimeBound(text) else {
            throw ValidationError("it is not a duration such as 26h, 2d or 90m")
        }
        return TimeSpan(seconds: seconds)
    }
}

/// A point in time, ISO 8601: `2026-11-23T06:00:00Z`.
package struct Moment: Sendable, Equatable {
    package var timestamp: Timestamp

    /// Parses the value of `--now`.
    @Sendable package static func parse(_ text: String) throws -> Moment {
        guard case .absolute(let t)? = TimeBound(text) else {
            throw ValidationError("it is not a timestamp such as 2026-11-23T06:00:00Z")
        }
        return Moment(timestamp: t)
    }
}

/// An IANA time zone: `Europe/Berlin`, `UTC`.
package struct Zone: Sendable {
    package var time: LocalTime

    /// UTC.
    package static let utc = Zone(time: .utc)

    /// Parses the value of `--time-zone`.
    @Sendable package static func parse(_ text: String) throws -> Zone {
        guard let time = LocalTime(identifier: text) else {
            throw ValidationError("it is not a time zone; use an IANA name such as Europe/Berlin or UTC")
        }
        return Zone(time: time)
    }
}

/// Report formats, comma-separated: `xhtml`, `markdown` (or `html`, `md`).
package struct FormatList: Sendable, Equatable {
    package var formats: [OutputFormat]

    /// Both formats, XHTML first.
    package static let both = FormatList(formats: [.xhtml, .markdown])

    /// Parses the value of `--format`.
    @Sendable package static func parse(_ text: String) throws -> FormatList {
        var formats: [OutputFormat] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let format = OutputFormat(word: part) else {
                throw ValidationError("'\(part)' is not a format; use xhtml, markdown or both")
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw ValidationError("it names no format; use xhtml, markdown or both") }
        return FormatList(formats: formats)
    }
}

/// `auto` (the newest the server serves) or `v1` to `v8`.
package struct APIVersionChoice: Sendable, Equatable {
    /// nil for auto.
    package var version: APIVersion?

    /// Parses the value of `--api-version`.
    @Sendable package static func parse(_ text: String) throws -> APIVersionChoice {
        if text.lowercased() == "auto" { return APIVersionChoice(version: nil) }
        guard let version = APIVersion(text: text) else {
            throw ValidationError("it is not auto or a version from v1 to v8")
        }
        return APIVersionChoice(version: version)
    }
}

extension LogSelection: ExpressibleByArgument {}

extension Pipeline.SummaryFormat: ExpressibleByArgument {}

/// An http(s) address with a host and without a query, a fragment or a user:
/// `https://vbo.example.com:4443`, `https://reports.example.com/vb365`.
package struct WebAddress: Sendable, Equatable {
    package var text: String

    /// Parses the value of `--server` or `--site-url`. A fragment or a user in a site's address
    /// would end up inside every link and feed id, and a server's is never meant, so both are
    /// refused.
    @Sendable package static func parse(_ text: String) throws -> WebAddress {
        if let problem = WebAddressCheck.problem(text) {
            throw ValidationError("it is " + problem)
        }
        return WebAddress(text: text)
    }
}

/// An e-mail address, optionally with a display name: `Backup Team <backup@example.com>`.
extension MailAddress {
    /// Parses the value of `--to` or `--from`.
    @Sendable package static func parse(_ text: String) throws -> MailAddress {
        guard let address = MailAddress(text) else {
            throw ValidationError("it is not an e-mail address such as backup@example.com")
        }
        return address
    }

    /// Parses the value of `--to`, `--cc` or `--bcc`: one address, or a list (`a@x, b@y`), or a
    /// group (`Team: a@x, b@y;`).
    @Sendable package static func parseList(_ text: String) throws -> [MailAddress] {
        guard let addresses = MailAddress.list(text), !addresses.isEmpty else {
            throw ValidationError(
                "it is not an e-mail address such as backup@example.com, a list of them separated by commas, or a group such as 'Team: a@example.com, b@example.com;'"
            )
        }
        return addresses
    }
}

extension FailLevel: ExpressibleByArgument {}
extension ProxyNames: ExpressibleByArgument {}
extension SMTPSettings.StartTLSPolicy: ExpressibleByArgument {}

extension JSONLayout: EnumerableFlag {}
