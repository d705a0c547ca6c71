import Foundation
import VB365Model
import VB365Reading
import VB365Support

/// Keeps an archive from growing without end: removes a server's session pages, session logs,
/// infrastructure snapshots, processed objects (with the names they link to), and restore
/// session pages and events written longer ago than the retention. The lists of organizations and jobs are
/// rewritten by every fetch and stay, and so does the newest jobs snapshot
/// (`infrastructure/<time>-<version>-jobs.json` and `-copyjobs.json`, with their pages): the next
/// fetch compares the jobs with it, and the jobs' history starts from it. Holds the server
/// folder's lock, as a fetch does.
package enum ArchiveRetention {
    /// Removes from `server`'s folder in `archive` every `sessions/*.json`, `logs/*.json`,
    /// `infrastructure/*.json`, `processed/*.json`, `processed/objects/*.json`,
    /// `restores/*.json` and `restores/events/*.json` last written before `cutoff`, but the files
    /// of the newest jobs snapshot; returns how many files were removed.
    package static func prune(archive: String, server: String, before cutoff: Timestamp) throws(FetchError) -> Int {
        guard let address = ServerAddress(configured: server),
            let root = ArchiveLayout.folder(ofServer: server, in: archive)
        else {
            throw FetchError(.usage, "\(server) is not a usable URL; give one such as https://vbo.example.com:4443.")
        }
        guard FileManager.default.fileExists(atPath: root) else { return 0 }
        let lock = try ArchiveWriter.lock(root, archive: archive, server: address)
        defer { withExtendedLifetime(lock) {} }
        let limit = Date(timeIntervalSince1970: TimeInterval(cutoff.secondsSince1970))
        var removed = 0
        // The newest jobs snapshot is the baseline of the next fetch's comparison, and the newest
        // one before the cutoff that of the next report's (the jobs may not have changed for
        // longer than the retention): neither is removed.
        let jobSnapshots = root + "/" + JobSnapshotFiles.folder
        let kept = Set(
            ((JobSnapshotFiles.newest(in: jobSnapshots, atOrBefore: nil) ?? [])
                + (JobSnapshotFiles.newest(in: jobSnapshots, atOrBefore: Fetcher.stamp(cutoff)) ?? []))
                .map { JobSnapshotFiles.folder + "/" + $0 })
        for sub in [
            "sessions", "logs", "infrastructure", "processed", "processed/objects", ArchiveLayout.restoresFolder,
            ArchiveLayout.restoreEventsFolder,
        ] {
            let folder = root + "/" + sub
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted()
            where name.hasSuffix(".json") && !name.hasPrefix(".") && !kept.contains(sub + "/" + name) {
                let path = folder + "/" + name
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular,
                    let modified = attributes[.modificationDate] as? Date, modified < limit
                else { continue }
                if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
            }
        }
        return removed
    }
}
