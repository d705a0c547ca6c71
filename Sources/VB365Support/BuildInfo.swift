import CFileSystem

/// What the running binary was built from, for `--version`: the git commit script/package and
/// script/install link in, or none for a plain `swift build`.
public enum BuildInfo {
    /// The short git commit the binary was built from (`1f59ac0`, or `1f59ac0-dirty` when the tree
    /// had changes), or nil when the build did not record one.
    public static let commit: String? = recordedCommit(String(cString: vb365_build_commit()))

    /// The `--version` line: the version and the commit it was built from, "0.1.0 (commit 1f59ac0)",
    /// or "0.1.0 (commit unknown)".
    public static func versionLine(_ version: String, commit: String? = BuildInfo.commit) -> String {
        "\(version) (commit \(commit ?? "unknown"))"
    }

    /// The commit a build recorded when it is an abbreviated or full lowercase hexadecimal git hash,
    /// optionally followed by `-dirty`; anything else (nothing, a stray define) is no commit.
    public static func recordedCommit(_ text: String) -> String? {
        let hash = text.hasSuffix("-dirty") ? text.dropLast("-dirty".count) : Substring(text)
        guard (4...64).contains(hash.count), hash.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) })
        else { return nil }
        return text
    }
}
