import Dispatch
import Foundation
import Synchronization

/// A published folder's manifest, read on another thread while the caller reads and summarises
/// its input: the run that publishes into the folder takes it instead of reading the file again,
/// provided the file is still the one that was read.
package final class ManifestPrefetch: Sendable {
    /// The folder, as the publisher names it.
    let folder: String
    private let done = DispatchGroup()
    private let read = Mutex<(manifest: PageManifest?, identity: FileIdentity?)>((nil, nil))

    /// Starts reading the manifest of the published folder `folder`.
    package init(folder: String) {
        let folder = URL(fileURLWithPath: folder).standardizedFileURL.path
        self.folder = folder
        done.enter()
        DispatchQueue.global().async { [self] in
            // The file's identity first: a file replaced while it is read is not taken.
            let identity = FileIdentity(of: folder + "/" + PageManifest.path)
            let manifest = identity == nil ? nil : PageManifest.read(from: folder)
            read.withLock { $0 = (manifest, identity) }
            done.leave()
        }
    }

    /// The manifest read for `folder`, once read, when the file there is still the one read; nil
    /// when it is not (the caller reads it), `.some(nil)` when there was none to read.
    func manifest(of folder: String) -> PageManifest?? {
        done.wait()
        guard folder == self.folder else { return nil }
        let (manifest, identity) = read.withLock { $0 }
        guard identity == FileIdentity(of: folder + "/" + PageManifest.path) else { return nil }
        return .some(manifest)
    }
}

/// What tells one file from another, or the same file after a change: its device, inode, size
/// and modification time.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var seconds: Int
    var nanoseconds: Int

    /// The identity of the file at `path`; nil when there is none.
    init?(of path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
