import Foundation
import VB365Delivery
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text

/// Checks a configuration tree against `ConfigSchema` and types its values: every problem is
/// collected (an unknown key with what it was likely meant to be, a value of the wrong kind, a
/// list where one value belongs), each positioned where it was written.
struct ConfigDecoder {
    /// The values set, by key path (`window.max-age`, `servers.1.address`).
    var values: [String: (value: ConfigValue, source: ConfigSource)] = [:]
    /// Where each section and server entry was written.
    var sectionSources: [String: ConfigSource] = [:]
    /// How many entries each list section has (`servers`, `tenants`).
    var counts: [String: Int] = [:]
    /// How many servers are listed.
    var serverCount: Int { counts["servers"] ?? 0 }
    var diagnostics: [Diagnostic] = []

    /// Decodes `root` (nil: an empty file).
    init(_ root: ConfigNode?) {
        guard let root else { return }
        guard case .map(let pairs, _) = root else {
            wrongKind(
                root, "the configuration", expected: "a section of keys",
                advice: "start with keys such as 'servers:' and 'archive:' (see the example configuration)")
            return
        }
        let names = ConfigSchema.topLevel.map(\.name) + ConfigSchema.sections.map(\.name)
        for (key, keySource, value) in pairs {
            if let top = ConfigSchema.topLevel.first(where: { $0.name == key }) {
                decode(value, as: top.kind, path: key)
            } else if let section = ConfigSchema.section(key) {
                decode(section: section, value)
            } else {
                unknown(key, at: keySource, in: "the top level", names: names)
            }
        }
    }

    private mutating func decode(section: ConfigSchema.Section, _ node: ConfigNode) {
        sectionSources[section.name] = node.source
        // A section written with nothing under it (its keys commented out) is there, and empty:
        // the keys it needs are reported missing, rather than the output silently left out.
        if case .scalar(_, true, let source) = node {
            return decodeKeys(of: section, .map([], source), prefix: section.name)
        }
        guard section.isList else {
            decodeKeys(of: section, node, prefix: section.name)
            return
        }
        guard case .list(let entries, _) = node else {
            wrongKind(
                node, "'\(section.name)'", expected: "a list",
                advice: "write each entry on a line of its own, starting with '- '")
            return
        }
        counts[section.name] = entries.count
        for (index, entry) in entries.enumerated() {
            let prefix = "\(section.name).\(index + 1)"
            sectionSources[prefix] = entry.source
            decodeKeys(of: section, entry, prefix: prefix)
        }
    }

    private mutating func decodeKeys(of section: ConfigSchema.Section, _ node: ConfigNode, prefix: String) {
        guard case .map(let pairs, _) = node else {
            wrongKind(
                node, "'\(prefix)'", expected: "a section of keys",
                advice:
                    "indent its keys under it, such as '  \(section.keys.first { $0.name != "name" }?.name ?? "key"): ...'"
            )
            return
        }
        for (key, keySource, value) in pairs {
            guard let schemaKey = section.keys.first(where: { $0.name == key }) else {
                unknown(key, at: keySource, in: "'\(prefix)'", names: section.keys.map(\.name))
                continue
            }
            decode(value, as: schemaKey.kind, path: "\(prefix).\(key)")
        }
    }

    /// `what` (the configuration, a section) written as another kind of node than `expected`.
    private mutating func wrongKind(_ node: ConfigNode, _ what: String, expected: String, advice: String) {
        diagnostics.append(node.source.diagnostic("\(what) is \(node.kindName), not \(expected)", advice: advice))
    }

    private mutating func unknown(_ key: String, at source: ConfigSource, in place: String, names: [String]) {
        let shown = VisibleText.escapingUnsafe(String(key.prefix(60)), forXML: false)
        if key == "<<" {
            diagnostics.append(
                source.diagnostic("YAML merge keys ('<<') are not taken", advice: "write the keys out in full"))
            return
        }
        if place.hasPrefix("'notifications"), let (message, advice) = Self.notificationSecret(key) {
            diagnostics.append(source.diagnostic(message, advice: advice))
            return
        }
        if ["password", "passwd", "secret", "token", "pass"].contains(key.lowercased()) {
            diagnostics.append(
                source.diagnostic(
                    "a secret is never written in the configuration file",
                    advice:
                        "put the password in a file only its reader can read and name it with 'password-file', or name an environment variable with 'password-env'"
                ))
            return
        }
        let familiar = ConfigSchema.familiarNames[key.lowercased()].flatMap { names.contains($0) ? $0 : nil }
        let advice =
            (familiar ?? Spelling.closest(to: key, in: names)).map { "did you mean '\($0)'?" }
            ?? "the keys there are \(names.joined(separator: ", "))"
        diagnostics.append(source.diagnostic("unknown key '\(shown)' in \(place)", advice: advice))
    }

    /// What to say of `key` in a `notifications` entry when it would hold a secret itself: a
    /// webhook URL (its path or query is the credential), a routing key, a signing secret.
    static func notificationSecret(_ key: String) -> (message: String, advice: String)? {
        let file =
            "a file only vb365-report can read (install -m 600 -o vb365-report /dev/null /etc/vb365-report/teams-url)"
        switch key.lowercased() {
        case "url", "uri", "webhook", "webhook-url", "hook", "address", "incoming-webhook":
            return (
                "a webhook URL is a secret (whoever has it can post to the channel), so it is never written in the configuration file",
                "put the URL on the first line of \(file) and name that file with 'url-file'"
            )
        case "routing-key", "integration-key", "service-key", "key":
            return (
                "a PagerDuty routing key is a secret, so it is never written in the configuration file",
                "put the key on the first line of \(file) and name that file with 'url-file'"
            )
        case "secret", "signing-secret", "token", "password", "passwd", "pass":
            return (
                "a secret is never written in the configuration file",
                "put a webhook's signing secret on the first line of \(file) and name that file with 'secret-file'"
            )
        default:
            return nil
        }
    }

    private mutating func decode(_ node: ConfigNode, as kind: ConfigSchema.Kind, path: String) {
        if case .scalar(_, true, _) = node { return }
        do throws(Failure) {
            values[path] = (try Self.value(node, kind: kind, path: path), node.source)
        } catch {
            diagnostics += error.diagnostics
        }
    }

    /// The typed value of `node`, or a diagnostic saying what `path` takes.
    static func value(_ node: ConfigNode, kind: ConfigSchema.Kind, path: String) throws(Failure) -> ConfigValue {
        if case .list(let itemKind) = kind {
            return try listValue(node, of: itemKind, path: path)
        }
        guard case .scalar(let raw, _, let source) = node else {
            throw wrongKind(node, path: path, expected: "one value")
        }
        return try scalarValue(raw, kind: kind, path: path, source: source)
    }

    /// The values of a list of `itemKind`: one value is a list of one, empty entries are left
    /// out, and an entry of e-mail recipients may hold several.
    private static func listValue(_ node: ConfigNode, of itemKind: ConfigSchema.Kind, path: String) throws(Failure)
        -> ConfigValue
    {
        let items: [ConfigNode]
        switch node {
        case .list(let nodes, _): items = nodes
        case .scalar: items = [node]
        case .map: throw wrongKind(node, path: path, expected: "a list")
        }
        var values: [ConfigValue] = []
        for item in items {
            if case .scalar(_, true, _) = item { continue }
            // A recipient may be a group or a list of addresses in one entry.
            if itemKind == .mailAddress, case .scalar(let raw, _, let source) = item, MailAddress(raw) == nil {
                values += try mailAddresses(raw, source: source, path: path)
                continue
            }
            values.append(try value(item, kind: itemKind, path: path))
        }
        return .list(values)
    }

    /// The addresses of a recipients entry that is not one address (a group, or addresses
    /// separated by commas), or a diagnostic when it holds none.
    private static func mailAddresses(_ raw: String, source: ConfigSource, path: String) throws(Failure)
        -> [ConfigValue]
    {
        guard let addresses = MailAddress.list(raw), !addresses.isEmpty else {
            throw Failure(
                .configuration,
                diagnostics: [
                    source.diagnostic(
                        "'\(path)' holds \(raw.debugDescription), which is not an e-mail address",
                        advice:
                            "write an address such as backup@example.com, 'Team <team@example.com>', or a group such as 'Team: a@example.com, b@example.com;'"
                    )
                ])
        }
        return addresses.map { .mail($0) }
    }

    /// The value of `kind` that the one value `raw` gives (trimmed, except for free text), or a
    /// diagnostic saying what it is not.
    private static func scalarValue(_ raw: String, kind: ConfigSchema.Kind, path: String, source: ConfigSource)
        throws(Failure) -> ConfigValue
    {
        let text = raw.trimmingCharacters(in: .whitespaces)
        func refuse(_ what: String, advice: String? = nil) -> Failure {
            refusal(text, kind: kind, path: path, source: source, is: what, advice: advice)
        }
        switch kind {
        case .text:
            return .text(raw)
        case .path:
            guard !text.isEmpty, !text.contains("\0") else { throw refuse("not a path") }
            return .text(text)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on": return .bool(true)
            case "false", "no", "off": return .bool(false)
            default: throw refuse("not true or false")
            }
        case .integer(let range):
            guard let n = Int(text), range.contains(n) else {
                throw refuse("not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return .integer(n)
        case .number(let range):
            guard let n = Double(text), n.isFinite, range.contains(n) else {
                throw refuse(
                    "not a number from \(Formatting.number(range.lowerBound)) to \(Formatting.number(range.upperBound))"
                )
            }
            return .number(n)
        case .duration:
            guard case .before(let seconds)? = TimeBound(text), seconds > 0 else {
                // `0`, `0h`: a duration of nothing, which no key takes.
                if text.contains("0"), text.allSatisfy({ "0.smhdw".contains($0) }) {
                    throw refuse("no time at all", advice: "give a duration longer than 0, such as 24h")
                }
                throw refuse("not a duration such as 26h, 2d, 90m or 1w")
            }
            return .seconds(seconds)
        case .choice(let words):
            guard words.contains(text.lowercased()) else {
                let meant = Spelling.closest(to: text, in: words).map { "did you mean '\($0)'?" }
                throw refuse("not one of \(words.joined(separator: ", "))", advice: meant)
            }
            return .text(text.lowercased())
        case .mask:
            return .text(try mask(text, refuse: refuse))
        case .month:
            guard let month = month(text) else { throw refuse("not a month such as 2026-11") }
            return .text(month)
        case .address:
            if let problem = WebAddressCheck.problem(text) { throw refuse(problem) }
            return .text(text)
        case .mailAddress:
            guard let address = MailAddress(text) else {
                throw refuse("not an e-mail address such as backup@example.com")
            }
            return .mail(address)
        case .apiVersion:
            if text.lowercased() == "auto" { return .apiVersion(nil) }
            guard let version = APIVersion(text: text) else { throw refuse("not auto or a version from v1 to v8") }
            return .apiVersion(version)
        case .timeZone:
            guard let zone = LocalTime(identifier: text) else {
                throw refuse("not a time zone; use an IANA name such as Europe/Berlin or UTC")
            }
            return .timeZone(zone)
        case .variableName:
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                !(text.first?.isNumber ?? true)
            else {
                throw refuse("not the name of an environment variable (letters, digits and _), such as VB365_PASSWORD")
            }
            return .text(text)
        case .list:
            return .text(text)
        }
    }

    /// The mask `text`, or the refusal of one that is empty or matches everything.
    private static func mask(_ text: String, refuse: (String, String?) -> Failure) throws(Failure) -> String {
        if text.isEmpty {
            throw refuse(
                "an empty mask", "write a mask such as '*-noreply@*' or 'test-*', or leave out the empty entry")
        }
        if text.allSatisfy({ $0 == "*" }) {
            throw refuse(
                "a mask that matches every object, so that no protection would be judged",
                "exclude only what is left out on purpose; to take no snapshot, leave 'enabled' false")
        }
        return text
    }

    /// `2026-11` for `2026-11` (a month from 2000-01 to 9999-12); nil for anything else.
    static func month(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), year >= 2000, (1...12).contains(month)
        else { return nil }
        return text
    }

    /// The diagnostic for `text`, which is `what` where `path` takes a value of `kind`: the text
    /// is shown, except what may hold a secret (a variable's name, the user of an address).
    private static func refusal(
        _ text: String, kind: ConfigSchema.Kind, path: String, source: ConfigSource, is what: String,
        advice: String? = nil
    ) -> Failure {
        // A value that may hold a secret is not repeated: a password pasted where a variable's
        // name belongs, or a user and password inside an address.
        let shown: String
        switch kind {
        case .variableName:
            return Failure(.configuration, diagnostics: [source.diagnostic("'\(path)' is \(what)")])
        case .address:
            shown = Self.withoutUserInfo(text)
        default:
            shown = text
        }
        let visible = VisibleText.escapingUnsafe(String(shown.prefix(80)), forXML: false)
        return Failure(
            .configuration, diagnostics: [source.diagnostic("'\(path)' is '\(visible)', \(what)", advice: advice)])
    }

    /// `https://***@host` for `https://user:password@host`: the part before the host masked.
    static func withoutUserInfo(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***" + String(rest[at...])
    }

    private static func wrongKind(_ node: ConfigNode, path: String, expected: String) -> Failure {
        Failure(
            .configuration,
            diagnostics: [node.source.diagnostic("'\(path)' is \(node.kindName), where it takes \(expected)")])
    }
}
