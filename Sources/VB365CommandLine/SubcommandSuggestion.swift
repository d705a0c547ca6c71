import ArgumentParser

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
        guard !known.contains(word) else { return nil }
        let shown = String(word.prefix(40))
        if let meant = closest(to: word, in: names) {
            return ValidationError("unknown command '\(shown)'; did you mean '\(meant)'?")
        }
        let list = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " and " : "") + (names.last ?? "")
        return ValidationError("unknown command '\(shown)'; the commands are \(list)")
    }

    /// The name in `names` that `word` is most likely a mistyping of: the nearest by edit distance
    /// among those within two edits (one for short names), that `word` starts or ends, or that
    /// share its first four letters; nil when none is that close.
    static func closest(to word: String, in names: [String]) -> String? {
        let typed = word.lowercased()
        var best: (name: String, distance: Int)?
        for name in names {
            let distance = editDistance(typed, name)
            let sharedPrefix = zip(typed, name).prefix { $0 == $1 }.count
            let close =
                distance <= (name.count <= 4 ? 1 : 2)
                || (typed.count >= 2 && (name.hasPrefix(typed) || typed.hasPrefix(name)))
                || sharedPrefix >= 4
            if close, distance < (best?.distance ?? .max) { best = (name, distance) }
        }
        return best?.name
    }

    /// The Levenshtein distance between `a` and `b`: the fewest insertions, deletions and
    /// substitutions of characters that turn one into the other.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for j in b.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
