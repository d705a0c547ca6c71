import Foundation
import VB365Support
import Yams

/// The configuration as a tree of text, each node knowing where it came from: what YAML (the
/// file, or a value given in the environment or with `--set`) parses to before the schema
/// gives the values their types.
package indirect enum ConfigNode: Sendable {
    /// A scalar's text; `isNull` for `~`, `null` or nothing, which count as "not set".
    case scalar(String, isNull: Bool, ConfigSource)
    case list([ConfigNode], ConfigSource)
    /// The keys in the order written.
    case map([(key: String, keySource: ConfigSource, value: ConfigNode)], ConfigSource)

    /// Where the node came from.
    package var source: ConfigSource {
        switch self {
        case .scalar(_, _, let s), .list(_, let s), .map(_, let s): s
        }
    }

    /// What the node is, for "is a list, not a text" messages.
    var kindName: String {
        switch self {
        case .scalar: "a value"
        case .list: "a list"
        case .map: "a section of keys"
        }
    }

    /// The most nodes a configuration may have: far more than any real one, and a bound on what
    /// YAML aliases can expand to ("billion laughs").
    static let maximumNodes = 100_000

    /// Parses YAML text into a tree. A syntax error, a duplicated key, more than one document or
    /// more than `maximumNodes` nodes (aliases expanded) throws diagnostics positioned in `path`;
    /// tags are ignored (every value is typed by the schema).
    static func parse(yaml text: String, path: String) throws(Failure) -> ConfigNode? {
        let root: Node?
        do {
            let parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            throw Failure(.configuration, diagnostics: [diagnostic(error, path: path)])
        } catch {
            throw Failure(.configuration, path: path, "cannot be read as YAML: \(error)")
        }
        guard let root else { return nil }
        var budget = maximumNodes
        guard let tree = convert(root, path: path, budget: &budget) else {
            throw Failure(
                .configuration, path: path,
                "the configuration expands to more than \(maximumNodes) values (through YAML aliases?)",
                advice: "write the values out without anchors and aliases")
        }
        return tree
    }

    /// Parses the value of an environment variable or a `--set`: for a key that takes a list or a
    /// section (`structured`), YAML flow text (`[a, b]`, `{x: 1}`) or one plain value; for any
    /// other key, the value as it is written.
    static func parse(value text: String, source: ConfigSource, structured: Bool) throws(Failure) -> ConfigNode {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // `--set site.url=` (or an empty variable) clears the key: as if the file did not set it.
        if trimmed.isEmpty { return .scalar("", isNull: true, source) }
        guard structured, trimmed.hasPrefix("[") || trimmed.hasPrefix("{") else {
            return .scalar(text, isNull: false, source)
        }
        do {
            guard let node = try Parser(yaml: trimmed).singleRoot() else { return .scalar("", isNull: true, source) }
            var budget = maximumNodes
            guard let tree = convert(node, path: "", budget: &budget) else {
                throw Failure(.configuration, diagnostics: [source.diagnostic("the value is too large")])
            }
            return relabel(tree, source)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(
                .configuration, diagnostics: [source.diagnostic("'\(text)' is not a YAML list or section of keys")])
        }
    }

    private static func relabel(_ node: ConfigNode, _ source: ConfigSource) -> ConfigNode {
        switch node {
        case .scalar(let text, let isNull, _): .scalar(text, isNull: isNull, source)
        case .list(let items, _): .list(items.map { relabel($0, source) }, source)
        case .map(let pairs, _): .map(pairs.map { ($0.key, source, relabel($0.value, source)) }, source)
        }
    }

    /// The tree of `node`; nil when it has more nodes than `budget` allows.
    private static func convert(_ node: Node, path: String, budget: inout Int) -> ConfigNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let source = ConfigSource.file(path: path, position: position(node.mark))
        switch node {
        case .scalar(let scalar):
            let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            return .scalar(scalar.string, isNull: isNull, source)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence {
                guard let converted = convert(item, path: path, budget: &budget) else { return nil }
                items.append(converted)
            }
            return .list(items, source)
        case .mapping(let mapping):
            var pairs: [(key: String, keySource: ConfigSource, value: ConfigNode)] = []
            for pair in mapping {
                guard let value = convert(pair.value, path: path, budget: &budget) else { return nil }
                pairs.append(
                    (pair.key.string ?? "", ConfigSource.file(path: path, position: position(pair.key.mark)), value))
            }
            return .map(pairs, source)
        case .alias:
            return .scalar("", isNull: true, source)
        }
    }

    private static func position(_ mark: Mark?) -> SourcePosition {
        SourcePosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func diagnostic(_ error: YamlError, path: String) -> Diagnostic {
        let advice =
            "fix the YAML there (indent with spaces, put ': ' after each key, quote values that hold ': ' or '#')"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // libyaml's context names where the trouble began (an unclosed quote many lines up).
            let began = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return Diagnostic(
                path: path, position: position(mark), message: "this is not valid YAML: \(problem)\(began)",
                advice: advice)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                path: path, position: position(context.mark),
                message:
                    "the key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appear\(duplicates.count == 1 ? "s" : "") twice in this section",
                advice: "keep one of each")
        case .reader(let problem, _, _, _):
            return Diagnostic(
                path: path, message: "this is not UTF-8 text: \(problem)", advice: "save the file as UTF-8")
        default:
            return Diagnostic(path: path, message: "cannot be read as YAML: \(error)", advice: advice)
        }
    }
}
