import Foundation

/// The folders of the report being replaced and of the staging folder, each opened once, so that
/// keeping or reusing a page looks up one name in an open folder (`fstatat`, `openat`, `linkat`)
/// instead of a path that the system walks from the root for each of the 200,000 pages of a
/// large site. A page in a folder that is not open is found by its whole path, as before.
final class PageLinker: Sendable {
    /// A folder's descriptors in the replaced report (-1 where it has no such folder) and in the
    /// staging folder.
    private struct Pair: Sendable {
        var previous: Int32
        var staging: Int32
    }

    /// The replaced report and the staging folder.
    let previous: String
    let staging: String
    /// The open folders by path relative to the report ("" for the top).
    private let folders: [String: Pair]

    /// Opens the folders `folders` (relative paths) of `previous` and of `staging`.
    init(previous: String, staging: String, folders: some Sequence<String>) {
        self.previous = previous
        self.staging = staging
        var opened: [String: Pair] = [:]
        for folder in folders {
            let suffix = folder.isEmpty ? "" : "/" + folder
            let stagingFolder = open(staging + suffix, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard stagingFolder >= 0 else { continue }
            opened[folder] = Pair(
                previous: open(previous + suffix, O_RDONLY | O_DIRECTORY | O_CLOEXEC), staging: stagingFolder)
        }
        self.folders = opened
    }

    deinit {
        for pair in folders.values {
            if pair.previous >= 0 { close(pair.previous) }
            close(pair.staging)
        }
    }

    /// Links the replaced report's file at `path` (relative) into the staging folder when it is
    /// a regular file of `size` bytes; true when it did.
    func keep(_ path: String, size: Int) -> Bool {
        locate(path) { previous, old, staging, new in
            var info = stat()
            guard fstatat(previous, old, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                Int(info.st_size) == size
            else { return false }
            return linkat(previous, old, staging, new, 0) == 0
        }
    }

    /// Links the replaced report's file at `path` (relative) into the staging folder when it
    /// holds exactly `bytes`; true when it did.
    func reuse(_ bytes: [UInt8], at path: String) -> Bool {
        locate(path) { previous, old, staging, new in
            var info = stat()
            guard fstatat(previous, old, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                Int(info.st_size) == bytes.count
            else { return false }
            let file = openat(previous, old, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard file >= 0 else { return false }
            defer { close(file) }
            // One byte more than expected, to see a file that grew since `fstatat`.
            var held = [UInt8](repeating: 0, count: bytes.count + 1)
            var count = 0
            while count < held.count {
                let got = held.withUnsafeMutableBytes { read(file, $0.baseAddress! + count, $0.count - count) }
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                count += got
            }
            guard count == bytes.count, held.prefix(count).elementsEqual(bytes) else { return false }
            return linkat(previous, old, staging, new, 0) == 0
        }
    }

    /// Calls `body` with the folders holding `path` in the replaced report and in the staging
    /// folder, and the names to use in them: its open folders and its name, or the working
    /// directory and its whole paths. False when the replaced report does not have its folder.
    private func locate(
        _ path: String,
        _ body: (_ previous: Int32, _ old: UnsafePointer<CChar>, _ staging: Int32, _ new: UnsafePointer<CChar>) ->
            Bool
    ) -> Bool {
        let slash = path.utf8.lastIndex(of: 0x2F)
        let folder = slash.map { String(path[..<$0]) } ?? ""
        guard let pair = folders[folder] else {
            return (previous + "/" + path).withCString { old in
                (staging + "/" + path).withCString { new in body(AT_FDCWD, old, AT_FDCWD, new) }
            }
        }
        guard pair.previous >= 0 else { return false }
        let offset = slash.map { path.utf8.distance(from: path.utf8.startIndex, to: $0) + 1 } ?? 0
        return path.withCString { whole in body(pair.previous, whole + offset, pair.staging, whole + offset) }
    }
}
