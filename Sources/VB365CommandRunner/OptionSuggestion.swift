import ArgumentParser
import Foundation
import VB365Support

/// The usage error for a mistyped option (`--time-zon`): what ArgumentParser says of it does not
/// name the option meant, while a mistyped command is named (`SubcommandSuggestion`); this names
/// the nearest long option of the command the arguments choose, the same way.
enum OptionSuggestion {
    /// The command `arguments` choose (below `root`), and a usage error naming the first long
    /// option there that the command does not have together with the one it most likely meant;
    /// nil when every long option is known or none is close to the one typed. Nothing after a
    /// `--` is looked at (those are operands).
    static func error(for arguments: [String], root: ParsableCommand.Type) -> (
        command: ParsableCommand.Type, error: ValidationError
    )? {
        var command = root
        var rest = arguments[...]
        while let word = rest.first, !word.hasPrefix("-"),
            let next = command.configuration.subcommands.first(where: {
                $0._commandName == word || $0.configuration.aliases.contains(word)
            })
        {
            command = next
            rest = rest.dropFirst()
        }
        let names = longNames(of: command)
        guard names.count > builtIn.count else { return nil }
        for argument in rest {
            if argument == "--" { break }
            guard argument.hasPrefix("--"), argument.count > 2 else { continue }
            let name = String(argument.dropFirst(2).prefix { $0 != "=" })
            guard !names.contains(name) else { continue }
            guard let meant = Spelling.closest(to: name, in: names) else { return nil }
            let shown = String(name.prefix(40))
            return (command, ValidationError("unknown option '--\(shown)'; did you mean '--\(meant)'?"))
        }
        return nil
    }

    /// The long options every command understands without declaring them.
    static let builtIn = ["help", "version", "experimental-dump-help", "generate-completion-script"]

    /// The long option names of `command` (without `--`), from ArgumentParser's own description
    /// of it (`--experimental-dump-help`), so options in option groups and inverted flags count.
    static func longNames(of command: ParsableCommand.Type) -> [String] {
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8)) as? [String: Any],
            let info = object["command"] as? [String: Any]
        else { return builtIn }
        var names = builtIn
        for argument in (info["arguments"] as? [[String: Any]]) ?? [] {
            for name in (argument["names"] as? [[String: Any]]) ?? [] where name["kind"] as? String == "long" {
                if let text = name["name"] as? String { names.append(text) }
            }
        }
        return names
    }
}
