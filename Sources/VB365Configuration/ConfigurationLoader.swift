import Foundation
import VB365Support

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the configuration: the file (`--config`, else `VB365_REPORT_CONFIG`, else
/// `/etc/vb365-report/config.yaml`), then every `VB365_REPORT_…` environment variable over it,
/// then every `--set KEY=VALUE` over that (flags win). Every problem is reported at once, each
/// with the file and line (or the variable or flag) it comes from; nothing is returned unless
/// all of it is valid.
package enum ConfigurationLoader {
    /// Where the configuration is looked for when neither `--config` nor `VB365_REPORT_CONFIG` names one.
    package static let defaultPath = "/etc/vb365-report/config.yaml"

    /// The configuration file to read: `explicit`, else the variable, else the default.
    package static func path(explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let named = environment[ConfigSchema.configVariable], !named.isEmpty { return named }
        return defaultPath
    }

    /// Reads, overrides and checks the configuration. Throws 78 with every problem found (the
    /// file missing, unsafe, not YAML, unknown keys, wrong values, keys that do not fit together).
    package static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment, settings: [String] = []
    ) throws(Failure) -> Configuration {
        let text = try read(path)
        var root =
            try ConfigNode.parse(yaml: text, path: path)
            ?? .map([], .file(path: path, position: .init(line: 1, column: 1)))
        var diagnostics: [Diagnostic] = []
        for (source, keyPath, value) in try overrides(environment: environment, settings: settings, root: root) {
            do throws(Failure) {
                let structured = ConfigSchema.takesStructure(keyPath)
                root = try root.setting(
                    keyPath, to: try ConfigNode.parse(value: value, source: source, structured: structured),
                    source: source)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        let decoder = ConfigDecoder(root)
        diagnostics += decoder.diagnostics
        guard diagnostics.isEmpty else { throw Failure(.configuration, diagnostics: diagnostics) }
        var builder = ConfigurationBuilder(decoder, file: path)
        return try builder.build()
    }

    /// The file's text. Refuses a missing or unreadable file (78), and one that other users
    /// may change, as ssh refuses such a `~/.ssh/config`: whoever can write it chooses where the
    /// password is sent.
    static func read(_ path: String) throws(Failure) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw Failure(
                .configuration, path: path, "there is no configuration here (\(reason.lowercased()))",
                advice:
                    "copy the example (/usr/share/vb365-report/config.yaml, or packaging/config.yaml in the source) there and edit it, or name another file with --config"
            )
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Failure(.configuration, path: path, "the configuration is not a file", advice: "name a YAML file")
        }
        if info.st_mode & 0o022 != 0 {
            throw Failure(
                .configuration, path: path,
                "other users can change the configuration (mode \(SecretFile.mode(info.st_mode)))",
                advice: "run chmod go-w \(path)")
        }
        if info.st_uid != 0 && info.st_uid != geteuid() {
            throw Failure(
                .configuration, path: path,
                "the configuration belongs to another user (uid \(info.st_uid)), who could change where the password is sent",
                advice: "chown root \(path) (or to the user vb365-report runs as)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(
                .configuration, path: path, "the configuration cannot be read by this user",
                advice:
                    "make it readable by the user vb365-report runs as (chgrp vb365-report \(path); chmod 640 \(path))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure(.configuration, path: path, "the configuration is not UTF-8 text", advice: "save it as UTF-8")
        }
        return text
    }

    /// The overrides in the order they apply: the environment's (sorted by name), then `--set`'s
    /// in the order given. An unknown `VB365_REPORT_` variable or `--set` key is an error, as an
    /// unknown key in the file is.
    static func overrides(environment: [String: String], settings: [String], root: ConfigNode) throws(Failure) -> [(
        ConfigSource, [String], String
    )] {
        var counts: [String: Int] = [:]
        if case .map(let pairs, _) = root {
            for pair in pairs {
                if case .list(let entries, _) = pair.value { counts[pair.key] = entries.count }
            }
        }
        var result: [(ConfigSource, [String], String)] = []
        var diagnostics: [Diagnostic] = []
        // A variable the file names as a server's password-env holds a password, not a key.
        let passwords = root.passwordVariables
        for name in environment.keys.sorted()
        where name.hasPrefix(ConfigSchema.environmentPrefix) && name != ConfigSchema.configVariable
            && !passwords.contains(name)
        {
            guard let keyPath = ConfigSchema.keyPath(environmentName: name, counts: counts) else {
                let names = ConfigSchema.environmentNames(counts: counts).map { $0.lowercased() }
                let meant = Spelling.closest(to: name, in: names).map { "; did you mean \($0.uppercased())?" }
                diagnostics.append(
                    Diagnostic(
                        message: "environment variable \(name) sets no key of the configuration\(meant ?? "")",
                        advice:
                            "unset it, or correct its name: VB365_REPORT_ and the key's path in capitals, such as VB365_REPORT_WINDOW_MAX_AGE (man vb365-report-run)"
                    ))
                continue
            }
            result.append((.environment(name), keyPath, environment[name] ?? ""))
        }
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                diagnostics.append(
                    Diagnostic(
                        message: "--set \(setting) has no value",
                        advice: "write --set KEY=VALUE, such as --set window.max-age=30h"))
                continue
            }
            let key = String(setting[..<equals])
            let keyPath = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            result.append((.flag(key), keyPath, String(setting[setting.index(after: equals)...])))
        }
        guard diagnostics.isEmpty else { throw Failure(.configuration, diagnostics: diagnostics) }
        return result
    }
}

extension ConfigNode {
    /// The names the servers' `password-env` keys hold.
    var passwordVariables: Set<String> {
        guard case .map(let pairs, _) = self, let servers = pairs.first(where: { $0.key == "servers" }),
            case .list(let entries, _) = servers.value
        else { return [] }
        var names: Set<String> = []
        for case .map(let keys, _) in entries {
            for pair in keys where pair.key == "password-env" {
                if case .scalar(let name, false, _) = pair.value { names.insert(name) }
            }
        }
        return names
    }

    /// The tree with the value at `path` replaced (or added): `window.max-age`, or
    /// `servers.2.address` (the second server; one past the last adds a server).
    func setting(_ path: [String], to value: ConfigNode, source: ConfigSource) throws(Failure) -> ConfigNode {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch self {
        case .map(var pairs, let own):
            if let index = pairs.firstIndex(where: { $0.key == first }) {
                let child = try pairs[index].value.setting(rest, to: value, source: source)
                pairs[index] = (first, pairs[index].keySource, child)
            } else {
                let empty: ConfigNode = rest.isEmpty ? value : Self.empty(for: rest, source: source)
                pairs.append((first, source, try empty.setting(rest, to: value, source: source)))
            }
            return .map(pairs, own)
        case .list(var items, let own):
            guard let number = Int(first), number >= 1, number <= items.count + 1 else {
                throw Failure(
                    .configuration,
                    diagnostics: [
                        source.diagnostic(
                            "'\(first)' is not an entry of the list; the entries are numbered from 1 to \(items.count) (\(items.count + 1) adds one)"
                        )
                    ])
            }
            if number == items.count + 1 { items.append(Self.empty(for: rest, source: source)) }
            items[number - 1] = try items[number - 1].setting(rest, to: value, source: source)
            return .list(items, own)
        case .scalar(_, true, _):
            return try Self.empty(for: path, source: source).setting(path, to: value, source: source)
        case .scalar:
            throw Failure(
                .configuration,
                diagnostics: [
                    source.diagnostic("'\(first)' cannot be set here: what holds it is a value, not a section")
                ])
        }
    }

    /// An empty list (for a number) or section to set `path` in.
    private static func empty(for path: [String], source: ConfigSource) -> ConfigNode {
        guard let first = path.first else { return .scalar("", isNull: true, source) }
        return Int(first) != nil ? .list([], source) : .map([], source)
    }
}
