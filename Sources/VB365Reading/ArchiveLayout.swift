import Foundation

/// Where an archive keeps each server's bodies: one folder per server under `servers/`, named
/// after its address (`servers/vbo.example.com_4443/`), holding that server's organizations, jobs,
/// sessions, logs, snapshots and restore sessions, so that two servers never share a file,
/// whatever names or ids they hold.
///
/// An archive written before servers had folders keeps its bodies at the top (`jobs.json`,
/// `organizations.json`, `sessions/`, `logs/`); readers read both, and the next fetch moves them
/// into the folder of the server it fetches.
public enum ArchiveLayout {
    /// The folder under the archive that holds one folder per server.
    public static let serversFolder = "servers"

    /// The folder of a server's restore session pages (`restores/<time>-<version>-p0001.json`,
    /// v6+), relative to its folder; their events are in `restoreEventsFolder`.
    public static let restoresFolder = "restores"
    /// The folder of the restore sessions' events (`restores/events/<session-id>.json`, and
    /// `-p2.json`, … for more pages), relative to a server's folder.
    public static let restoreEventsFolder = "restores/events"

    /// The folder of `server`, relative to the archive: `servers/vbo.example.com_4443`.
    public static func folder(for server: ServerAddress) -> String {
        serversFolder + "/" + server.folderName
    }

    /// The folder of the server at the configured `address` (`https://vbo.example.com:4443`)
    /// in the archive at `archive`: `archive/servers/vbo.example.com_4443`; nil when `address`
    /// names no server.
    public static func folder(ofServer address: String, in archive: String) -> String? {
        ServerAddress(configured: address).map { archive + "/" + folder(for: $0) }
    }

    /// True when the server folder `folder` holds a session file: a folder that a refused first
    /// fetch left empty holds nothing to report.
    public static func holdsSessions(_ folder: String) -> Bool {
        let sessions = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/sessions")) ?? []
        return sessions.contains { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
    }

    /// The server whose folder holds the file at `path`: the folder after the last `servers`
    /// component that an address names (`…/servers/vbo.example.com_4443/sessions/x.json`); nil for
    /// a file outside any server's folder.
    public static func server(ofFile path: String) -> (address: ServerAddress, folder: String)? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count >= 3 else { return nil }
        for index in stride(from: components.count - 3, through: 0, by: -1) where components[index] == serversFolder {
            if let address = ServerAddress(folderName: String(components[index + 1])) {
                return (address, components[...(index + 1)].joined(separator: "/"))
            }
        }
        return nil
    }

    /// The name reports show for each server of `addresses`: `names` where given (the configured
    /// names), else the host, or `host:port` (with the path) when another server has the same host.
    public static func displayNames(
        of addresses: some Sequence<ServerAddress>, names: [ServerAddress: String] = [:]
    ) -> [ServerAddress: String] {
        let unique = Set(addresses)
        var hosts: [String: Int] = [:]
        for address in unique { hosts[address.host, default: 0] += 1 }
        var result: [ServerAddress: String] = [:]
        for address in unique {
            result[address] = names[address] ?? (hosts[address.host] == 1 ? address.host : address.description)
        }
        return result
    }

    /// The servers an archive holds, in order: each folder under `servers/` whose name an address
    /// gives.
    public static func servers(in archive: String) -> [ServerAddress] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: archive + "/" + serversFolder)) ?? []
        return names.compactMap { ServerAddress(folderName: $0) }.sorted()
    }

    /// The top-level bodies of an archive written before servers had folders: the lists of
    /// organizations, jobs and copy jobs (and their further pages), and the `sessions` and `logs`
    /// folders; by name, sorted.
    public static func legacyEntries(in archive: String) -> [String] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: archive)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: archive + "/" + name, isDirectory: &isFolder) else { return false }
            return isFolder.boolValue ? legacyFolders.contains(name) : isLegacyList(name)
        }.sorted()
    }

    /// The folders a fetch wrote at the top of an archive before servers had folders.
    public static let legacyFolders: Set<String> = ["sessions", "logs"]

    /// `organizations.json`, `jobs-p2.json`, `copyjobs.json`: a list a fetch wrote at the top.
    static func isLegacyList(_ name: String) -> Bool {
        for base in ["organizations", "jobs", "copyjobs"] where name.hasPrefix(base) && name.hasSuffix(".json") {
            let middle = name.dropFirst(base.count).dropLast(".json".count)
            if middle.isEmpty { return true }
            if middle.hasPrefix("-p"), middle.count > 2, middle.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) {
                return true
            }
        }
        return false
    }
}
