import Foundation
import VB365Decoding
import VB365Model
import VB365Support

// The jobs snapshot: the history of the jobs' settings, written only when they changed.
extension Fetcher {
    /// What the lists of jobs and copy jobs sent during one fetch: each list's pages in order and
    /// the jobs they held, for the jobs snapshot (`snapshotJobs`).
    struct JobLists {
        /// The pages of each list, by the base of its file names (`jobs`, `copyjobs`).
        var pages: [String: [[UInt8]]] = [:]
        /// The jobs of every page of both lists.
        var jobs: [Job] = []
        /// False when a list failed, was not served or was cut short (a looping or repeated page,
        /// too many pages): what was read is not the server's whole list.
        var complete = true

        /// Adds a page of the list `list` (`jobs`, `copyjobs`) and its jobs.
        mutating func add(_ list: String, _ body: [UInt8], _ jobs: [Job]) {
            pages[list, default: []].append(body)
            self.jobs += jobs
        }
    }

    /// Writes the bodies of `/Jobs` and `/CopyJobs` (v6+) as
    /// `infrastructure/<stamp>-<version>-jobs.json` and `-copyjobs.json` (`-p2.json`, … for more
    /// pages) when the jobs' settings (`JobSettings`) differ from the newest jobs snapshot at or
    /// before `stamp` in the server's `infrastructure` folder, or there is none or it cannot be
    /// read; both lists or neither, and nothing when a list was not read whole. Reads that one
    /// snapshot and no other file, and sends no request. Returns the files written.
    static func snapshotJobs(
        _ lists: JobLists, version: APIVersion, stamp: String, writer: ArchiveWriter
    ) throws(FetchError) -> Int {
        let names = JobSnapshotFiles.lists(version)
        let folder = writer.root + "/" + JobSnapshotFiles.folder
        let scan = JobSnapshotFiles.scan(folder, atOrBefore: stamp)
        // Parts of a snapshot whose writing was cut short (a killed fetch) would read as jobs
        // removed: gone before anything else, whether this fetch writes a snapshot or not.
        for part in scan.parts { _ = writer.remove(JobSnapshotFiles.folder + "/" + part) }
        guard lists.complete, names.allSatisfy({ lists.pages[$0]?.isEmpty == false }) else { return 0 }
        let current = Set(lists.jobs.map(JobSettings.init))
        if let earlier = scan.newest, JobSnapshotFiles.settings(of: earlier, in: folder) == current {
            return 0
        }
        let prefix = "\(JobSnapshotFiles.folder)/\(stamp)-\(version)"
        func file(_ list: String, _ page: Int) -> String {
            page == 1 ? "\(prefix)-\(list).json" : "\(prefix)-\(list)-p\(page).json"
        }
        // The first page of the jobs last: a snapshot whose `-jobs.json` is there is whole, and
        // only such a snapshot is compared with (or kept by retention).
        var order: [(list: String, page: Int, body: [UInt8])] = []
        for list in names.reversed() {
            for (index, body) in lists.pages[list, default: []].enumerated().reversed() {
                order.append((list, index + 1, body))
            }
        }
        var written: [String] = []
        do throws(FetchError) {
            for (list, page, body) in order {
                try writer.write(file(list, page), body)
                written.append(file(list, page))
            }
        } catch {
            // No part of a snapshot stays: a part would look like jobs removed.
            for name in written + [file("jobs", 1)] { _ = writer.remove(name) }
            throw error
        }
        // Pages an earlier, longer snapshot of the same time left behind would be stale.
        for list in names {
            var stale = (lists.pages[list]?.count ?? 0) + 1
            while writer.remove(file(list, stale)) { stale += 1 }
        }
        return written.count
    }
}

/// What a jobs snapshot compares a job by: whether it is there (its id), its name, whether it is
/// enabled, its backup type, repository, the backup job it copies, whether it is a copy job, its
/// organization and its schedule's type; not `lastRun`, `nextRun`, `lastStatus` or `eTag`, which
/// change with every run.
struct JobSettings: Hashable {
    var id: EntityID
    var name: String?
    var isEnabled: Bool?
    var backupType: String?
    var repositoryID: EntityID?
    var backupJobID: EntityID?
    var isCopyJob: Bool
    var organizationID: EntityID?
    var scheduleType: String?

    /// The settings of `job`.
    init(_ job: Job) {
        id = job.id
        name = job.name
        isEnabled = job.isEnabled
        backupType = job.backupType
        repositoryID = job.repositoryID
        backupJobID = job.backupJobID
        isCopyJob = job.isCopyJob
        organizationID = job.organizationID
        scheduleType = job.schedule?.type
    }
}

/// The jobs snapshots of a server's `infrastructure` folder:
/// `<stamp>-<version>-jobs.json` and `-copyjobs.json`, with `-p2.json`, … for more pages.
enum JobSnapshotFiles {
    /// The folder of a server's snapshots, relative to its folder.
    static let folder = "infrastructure"

    /// The lists a snapshot of `version` holds, by the base of their file names.
    static func lists(_ version: APIVersion) -> [String] {
        version.hasCopyJobs ? ["jobs", "copyjobs"] : ["jobs"]
    }

    /// What a snapshot file's name says.
    struct Name: Equatable {
        /// `20261123T060000Z`.
        var stamp: String
        /// `jobs` or `copyjobs`.
        var list: String
        /// 1 for the first page.
        var page: Int
    }

    /// The stamp, list and page of a jobs snapshot file's name; nil for any other name.
    static func parse(_ name: String) -> Name? {
        guard name.hasSuffix(".json"), !name.hasPrefix("."), name.utf8.count > 17 else { return nil }
        let bytes = Array(name.utf8)
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard digits(0..<8), bytes[8] == UInt8(ascii: "T"), digits(9..<15), bytes[15] == UInt8(ascii: "Z"),
            bytes[16] == UInt8(ascii: "-")
        else { return nil }
        let stamp = String(name.prefix(16))
        // `v8-jobs-p2`
        let rest = name.dropFirst(17).dropLast(".json".count).split(separator: "-", omittingEmptySubsequences: false)
        guard rest.count == 2 || rest.count == 3, let version = rest.first, version.count >= 2,
            version.first == "v", version.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
            rest[1] == "jobs" || rest[1] == "copyjobs"
        else { return nil }
        var page = 1
        if rest.count == 3 {
            guard rest[2].hasPrefix("p"), let number = Int(rest[2].dropFirst()), number >= 2,
                rest[2].dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            page = number
        }
        return Name(stamp: stamp, list: String(rest[1]), page: page)
    }

    /// The file names (in `folder`) of the newest whole jobs snapshot, the newest time whose
    /// `-jobs.json` is there, at or before `stamp` (any time when nil); nil when there is none.
    static func newest(in folder: String, atOrBefore stamp: String?) -> [String]? {
        scan(folder, atOrBefore: stamp).newest
    }

    /// One listing of `folder`: the file names of the newest whole jobs snapshot at or before
    /// `stamp` (any time when nil), and those of snapshots at or before it that are not whole
    /// (files of a time without its `-jobs.json`, the page written last), sorted.
    static func scan(_ folder: String, atOrBefore stamp: String?) -> (newest: [String]?, parts: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var byStamp: [String: [String]] = [:]
        var whole = Set<String>()
        for name in names {
            guard let parsed = parse(name) else { continue }
            if let stamp, parsed.stamp > stamp { continue }
            byStamp[parsed.stamp, default: []].append(name)
            if parsed.list == "jobs", parsed.page == 1 { whole.insert(parsed.stamp) }
        }
        let parts = byStamp.filter { !whole.contains($0.key) }.values.joined().sorted()
        return (whole.max().flatMap { byStamp[$0]?.sorted() }, parts)
    }

    /// The settings of the jobs that the snapshot files `names` (in `folder`) hold, read with the
    /// reports' decoder; nil when any of them cannot be read.
    static func settings(of names: [String], in folder: String) -> Set<JobSettings>? {
        var settings = Set<JobSettings>()
        for name in names {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { return nil }
            let hints = WireDecoder.Hints(path: Self.folder + "/" + name)
            guard let document = try? WireDecoder.decode(Array(data), hints: hints) else { return nil }
            for job in document.jobSnapshots + document.jobs { settings.insert(JobSettings(job)) }
        }
        return settings
    }
}
