import ArgumentParser
import VB365Support

/// The usage error for a first argument that names no subcommand: ArgumentParser alone calls a
/// mistyped command (`vb365-report summarize samples`) "2 unexpected arguments", which does not
/// say what went wrong; this names the word and the command it most likely meant.
enum SubcommandSuggestion {
    /// A usage error when `arguments` start with a word that names no subcommand of `root`; nil
    /// when they start with one, with an option, or when `root` has no subcommands or a default one
    /// (whose own arguments may come first).
    static func error(for arguments: [String], root: ParsableCommand.Type) -> ValidationError? {
        let configuration = root.configuration
        guard let word = arguments.first, !word.hasPrefix("-"), configuration.defaultSubcommand == nil else {
            return nil
        }
        let commands = configuration.subcommands
        guard !commands.isEmpty else { return nil }
        // Closures, not key paths: a key path through `any ParsableCommand.Type` crashes Swift 6.3's SILGen.
        let names = commands.map { $0._commandName }
        let known = Set(names + commands.flatMap { $0.configuration.aliases } + ["help"])
        guard !known.contains(word) else {
            // A command with commands of its own (`config check`): the next word is one of those.
            guard let command = commands.first(where: { $0._commandName == word }) else { return nil }
            return error(for: Array(arguments.dropFirst()), root: command)
        }
        let shown = String(word.prefix(40))
        if let meant = Spelling.closest(to: word, in: names) {
            return ValidationError("unknown command '\(shown)'; did you mean '\(meant)'?")
        }
        let list = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " and " : "") + (names.last ?? "")
        return ValidationError("unknown command '\(shown)'; the commands are \(list)")
    }
}
