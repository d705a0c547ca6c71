import Foundation
import VB365Model

/// The protection snapshots an input holds, found without reading them: in each server's
/// `protection/` folder of an archive (`servers/<server>/protection/`), in a folder's own
/// `protection/` folder (saved samples), or named directly. Snapshots are read one organization
/// at a time, so that an estate of a million objects never sits in memory at once.
public struct ProtectionCatalog: Sendable {
    /// One snapshot file.
    public struct Entry: Hashable, Sendable {
        public var path: String
        /// The server whose folder holds it, nil outside a server's folder.
        public var server: ServerAddress?
        public var organization: EntityID
        public var taken: Timestamp
    }

    /// Every snapshot, by time within each server and organization.
    public private(set) var entries: [Entry] = []

    /// Creates an empty catalog.
    public init() {}

    /// The snapshots in `inputs` (files or folders).
    public static func find(in inputs: [String]) -> ProtectionCatalog {
        var catalog = ProtectionCatalog()
        var seen = Set<String>()
        func add(_ path: String) {
            let name = String(path.split(separator: "/").last ?? "")
            guard let (taken, organization) = ProtectionSnapshotFile.parseName(name), seen.insert(path).inserted
            else { return }
            let server = ArchiveLayout.server(ofFile: path)?.address
            catalog.entries.append(Entry(path: path, server: server, organization: organization, taken: taken))
        }
        func scan(_ folder: String) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                add(folder + "/" + name)
            }
        }
        let fm = FileManager.default
        for input in inputs {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isFolder) else { continue }
            guard isFolder.boolValue else {
                add(input)
                continue
            }
            let base = input.hasSuffix("/") ? String(input.dropLast()) : input
            scan(base)
            scan(base + "/" + ProtectionSnapshotFile.folder)
            for server in ArchiveLayout.servers(in: base) {
                scan(base + "/" + ArchiveLayout.folder(for: server) + "/" + ProtectionSnapshotFile.folder)
            }
        }
        catalog.entries.sort {
            ($0.server?.description ?? "", $0.organization.description, $0.taken, $0.path)
                < ($1.server?.description ?? "", $1.organization.description, $1.taken, $1.path)
        }
        return catalog
    }

    /// True when no snapshot was found.
    public var isEmpty: Bool { entries.isEmpty }

    /// The snapshots of each server and organization, in time order; the groups ordered by
    /// server, then organization id.
    public var organizations: [[Entry]] {
        var groups: [[Entry]] = []
        for entry in entries {
            if let last = groups.last?.last, last.server == entry.server, last.organization == entry.organization {
                groups[groups.count - 1].append(entry)
            } else {
                groups.append([entry])
            }
        }
        return groups
    }
}
