import Foundation
import VB365Reading
import VB365Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ArchiveWriter {
    /// What moving an archive written before servers had folders did.
    struct Adoption: Sendable {
        /// The top-level entries moved (`jobs.json`, `sessions/`, …).
        var moved: [String] = []
        /// Entries that could not be moved, each a sentence.
        var problems: [String] = []
    }

    /// Moves the bodies an archive holds at its top (written before servers had folders) into
    /// this server's folder, the only server they can be known to come from: sessions and logs
    /// under their own names, and the lists of organizations and jobs as `jobs-legacy.json` (and
    /// so on), so that the lists this fetch writes never replace them and no name is lost. A name
    /// already taken gets `-2`, `-3`, …; nothing is ever overwritten. Each move is one rename, so
    /// an interrupted move leaves every file readable, and the next fetch moves the rest.
    func adoptLegacyEntries() -> Adoption {
        var adoption = Adoption()
        guard !ArchiveLayout.legacyEntries(in: archive).isEmpty else { return adoption }
        // Servers fetched at once into one archive: the first to get here takes the old files.
        guard let lock = try? FolderLock(path: archive + "/.vb365-adopt.lock", removingFileOnRelease: true) else {
            return adoption
        }
        defer { withExtendedLifetime(lock) {} }
        for name in ArchiveLayout.legacyEntries(in: archive) {
            let from = archive + "/" + name
            var problems: [String] = []
            if ArchiveLayout.legacyFolders.contains(name) {
                let entries = ((try? FileManager.default.contentsOfDirectory(atPath: from)) ?? []).sorted()
                for entry in entries {
                    if entry.hasPrefix(".") {
                        // A `.partial` file of a fetch that was interrupted is no one's body.
                        if entry.hasSuffix(".partial") { unlink(from + "/" + entry) }
                        continue
                    }
                    if let problem = move(from + "/" + entry, into: root + "/" + name, as: entry, marked: false) {
                        problems.append(problem)
                    }
                }
                rmdir(from)
            } else if let problem = move(from, into: root, as: name, marked: true) {
                problems.append(problem)
            }
            if problems.isEmpty { adoption.moved.append(name) }
            adoption.problems += problems
        }
        return adoption
    }

    /// Renames `path` to `name` in `folder` (with `-legacy` before `.json` when `marked`), or to
    /// the first free name after it; nil when done, else why not.
    private func move(_ path: String, into folder: String, as name: String, marked: Bool) -> String? {
        let (stem, suffix) = name.hasSuffix(".json") ? (String(name.dropLast(5)), ".json") : (name, "")
        let base = marked ? stem + "-legacy" : stem
        for attempt in 1...1000 {
            let target = folder + "/" + base + (attempt == 1 ? "" : "-\(attempt)") + suffix
            var status = stat()
            if lstat(target, &status) == 0 { continue }
            if rename(path, target) == 0 { return nil }
            return "\(path) cannot be moved to \(target): \(Self.reason(errno))"
        }
        return "\(path) cannot be moved into \(folder): every name for it is taken"
    }
}
