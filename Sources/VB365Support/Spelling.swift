/// What a mistyped word most likely meant: for unknown commands and configuration keys.
public enum Spelling {
    /// The name in `names` that `word` is most likely a mistyping of: the nearest by edit distance
    /// among those within two edits (one for short names), that `word` starts or ends, or that
    /// share its first four letters; nil when none is that close.
    public static func closest(to word: String, in names: [String]) -> String? {
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
    public static func editDistance(_ a: String, _ b: String) -> Int {
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
