import CFileSystem
import Dispatch
import Foundation
import VB365Rendering
import VB365Support
import XHTMLValidation

/// Writes a report folder so that it can be trusted: every XHTML page is validated before it is
/// written, the new folder is built beside the old one, and only a complete, valid report
/// replaces it (atomically where the system can swap two folders). A failed or interrupted run
/// leaves the previous report exactly as it was; a successful one leaves no stale page behind.
package enum ReportPublisher {
    /// The file that marks a folder as ours, so we never replace a folder we did not write.
    package static let marker = ".vb365-report"

    /// What publishing did, for the benchmark and the command's last line.
    package struct Statistics: Sendable {
        /// Pages written or linked (the extras are not counted).
        package var pages = 0
        /// Pages validated as XHTML.
        package var xhtmlPages = 0
        /// The size of the pages written or linked.
        package var bytes = 0
        /// Seconds spent on each step, summed over workers (writing includes linking unchanged
        /// files and the extras).
        package var renderSeconds = 0.0
        package var validateSeconds = 0.0
        package var writeSeconds = 0.0
        /// Files linked unchanged from the previous report (`reuseUnchanged`), kept or not.
        package var unchanged = 0
        /// Pages kept from the previous report without being rendered, because their keys did not
        /// change (`incremental`).
        package var kept = 0
    }

    /// Renders every unit of `renderer` on `workers` cores, validates, and publishes to `folder`,
    /// with `extras` (files made elsewhere, such as badges and a feed) beside the pages. With
    /// `reuseUnchanged`, a file whose bytes equal the previous report's is linked, not written:
    /// it keeps its modification time, and readers and mirrors see it unchanged.
    ///
    /// The work is CPU-bound and blocking (rendering, libxml2, file creation), so it runs on
    /// Dispatch's threads, not on Swift concurrency's cooperative pool: a global-queue thread
    /// starts the workers with `DispatchQueue.concurrentPerform` and takes part in them, while the
    /// caller is suspended on a continuation rather than parked on a lock. The function stays
    /// `async` so that the commands' `run()` and the tests await it as before, and no cooperative
    /// thread is held for as long as a large report takes (a minute for 100,000 sessions).
    package static func publish(
        _ renderer: ReportRenderer, to folder: String, workers: Int, validate: Bool = true,
        extras: [RenderedPage] = [], reuseUnchanged: Bool = false, incremental: Bool = false
    ) async throws(PublishError) -> Statistics {
        try await publish(
            [ReportPart(renderer)], to: folder, workers: workers, validate: validate, extras: extras,
            reuseUnchanged: reuseUnchanged, incremental: incremental)
    }

    /// `publish` of several reports in one folder, each under its part's prefix (a report per
    /// tenant beside the overview): one run, one validation pass, one swap, so the folder is
    /// replaced whole or not at all.
    ///
    /// With `incremental` (which implies `reuseUnchanged`), the run records the key of each page
    /// that has one (`PageKey`: a site's session pages) in the folder's manifest
    /// (`.vb365/pages.tsv`), and keeps, without rendering or validating it, each page whose key
    /// the replaced folder's manifest records; a rendered page whose bytes the replaced folder
    /// holds is linked without being validated again. The result is byte for byte what a full
    /// rebuild gives. With `rebuild` too, every page is rendered and validated, and the manifest
    /// recorded for the next run. `prefetched`, the folder's manifest read ahead
    /// (`ManifestPrefetch`), saves reading it again when the file has not changed since.
    package static func publish(
        _ parts: [ReportPart], to folder: String, workers: Int, validate: Bool = true,
        extras: [RenderedPage] = [], reuseUnchanged: Bool = false, incremental: Bool = false, rebuild: Bool = false,
        prefetched: ManifestPrefetch? = nil
    ) async throws(PublishError) -> Statistics {
        let result: Result<Statistics, PublishError> = await withCheckedContinuation { done in
            DispatchQueue.global().async {
                done.resume(
                    returning: Result { () throws(PublishError) -> Statistics in
                        try publishBlocking(
                            parts, to: folder, workers: workers, validate: validate, extras: extras,
                            reuseUnchanged: reuseUnchanged, incremental: incremental, rebuild: rebuild,
                            prefetched: prefetched)
                    })
            }
        }
        return try result.get()
    }

    /// `publish` on the calling thread, which it blocks until the report is in place (or not);
    /// never call it on a thread of Swift concurrency's pool.
    static func publishBlocking(
        _ parts: [ReportPart], to folder: String, workers: Int, validate: Bool, extras: [RenderedPage],
        reuseUnchanged: Bool, incremental: Bool = false, rebuild: Bool = false, prefetched: ManifestPrefetch? = nil
    ) throws(PublishError) -> Statistics {
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        try checkReplaceable(target)
        let parent = target.deletingLastPathComponent()
        // Missing folders above the report are created, as static-site generators do.
        do {
            try DurableFile.createFolders(parent.path)
        } catch {
            throw PublishError.writeFailed(error, output: target.path)
        }
        // One publisher at a time per folder: another run's staging folder is never touched.
        let lockPath = parent.appendingPathComponent(".\(target.lastPathComponent).vb365-lock").path
        let lock: FolderLock?
        do {
            lock = try FolderLock(path: lockPath, removingFileOnRelease: true)
        } catch {
            throw PublishError.writeFailed(error, output: target.path)
        }
        guard let lock else {
            throw PublishError.cannotWrite(
                path: target.path, reason: "another vb365-report run is publishing it; run again when it has finished")
        }
        defer { withExtendedLifetime(lock) {} }
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).vb365-new-\(getpid())")
        // A run that was killed leaves its hidden staging folder behind; the next run clears it.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where leftover.hasPrefix(".\(target.lastPathComponent).vb365-new-")
            || leftover.hasPrefix(".\(target.lastPathComponent).vb365-old-")
        {
            removeTree(parent.appendingPathComponent(leftover).path)
        }
        var succeeded = false
        defer { if !succeeded { removeTree(staging.path) } }
        // Every folder a file goes into, parents first.
        var folders: Set<String> = [""]
        func addFolders(of path: String) {
            let components = path.split(separator: "/").dropLast()
            for end in components.indices { folders.insert(components[...end].joined(separator: "/")) }
        }
        for part in parts {
            for sub in ["jobs", "sessions"] {
                addFolders(of: (part.prefix.isEmpty ? "" : part.prefix + "/") + sub + "/x")
            }
        }
        for page in extras { addFolders(of: page.path) }
        if incremental { addFolders(of: PageManifest.path) }
        for sub in folders.sorted(by: { ($0.count, $0) < ($1.count, $1) }) {
            let path = staging.appendingPathComponent(sub).path
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw PublishError.writeFailed(WriteFailure(path: path, code: errno), output: target.path)
            }
        }

        let run = PublishingRun(
            parts: parts, extras: extras, folder: staging.path, output: target.path,
            previous: reuseUnchanged || incremental ? target.path : nil, validate: validate, incremental: incremental,
            rebuild: rebuild, folders: folders, prefetched: prefetched)
        let outcome = run.run(workers: workers)
        if let error = outcome.error { throw error }
        if !outcome.invalid.isEmpty {
            throw PublishError.invalidPages(outcome.invalid.sorted { $0.path < $1.path }, folder: folder)
        }
        do {
            if incremental {
                try DurableFile.create(
                    PageManifest.bytes(validated: validate, pages: outcome.pages),
                    at: staging.appendingPathComponent(PageManifest.path).path)
            }
            try DurableFile.create(
                Array("vb365-report output folder: each run replaces it whole.\n".utf8),
                at: staging.appendingPathComponent(marker).path)
            // Every page is on the disk before the report is swapped in, so a power loss never
            // leaves a published report with empty pages (one flush for the whole folder: one
            // per page would cost a millisecond each on a disk).
            try DurableFile.syncFileSystem(holding: staging.path)
        } catch {
            throw PublishError.writeFailed(error, output: target.path)
        }
        try swap(staging, into: target)
        succeeded = true
        return outcome.statistics
    }

    /// Refuses to replace a folder that is neither empty nor ours.
    /// Why `folder` cannot be replaced by a report (a file, or a folder of files vb365-report did
    /// not write); nil when it can (missing, empty, or a report).
    package static func replaceProblem(_ folder: String) -> String? {
        do {
            try checkReplaceable(URL(fileURLWithPath: folder))
            return nil
        } catch {
            if case .notOurs(_, let reason) = error { return reason }
            return "\(error)"
        }
    }

    static func checkReplaceable(_ target: URL) throws(PublishError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw PublishError.notOurs(path: target.path, reason: "it is a file, not a folder")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
        if !contents.isEmpty && !contents.contains(marker) {
            throw PublishError.notOurs(
                path: target.path, reason: "it holds files that vb365-report did not write")
        }
    }

    /// Puts the staged folder in place of the target, flushes the rename to the disk, then
    /// removes the old report.
    static func swap(_ staging: URL, into target: URL) throws(PublishError) {
        let fm = FileManager.default
        let parent = staging.deletingLastPathComponent().path
        func failure(_ code: Int32) -> PublishError {
            .writeFailed(WriteFailure(path: target.path, code: code), output: target.path)
        }
        if !fm.fileExists(atPath: target.path) {
            guard rename(staging.path, target.path) == 0 else { throw failure(errno) }
        } else if vb365_exchange_paths(staging.path, target.path) == 0 {
            removeTree(staging.path)  // now the old report
        } else {
            // No atomic exchange here: move the old report aside, then the new one in.
            let old = staging.deletingLastPathComponent().appendingPathComponent(
                ".\(target.lastPathComponent).vb365-old-\(getpid())")
            removeTree(old.path)
            guard rename(target.path, old.path) == 0 else { throw failure(errno) }
            guard rename(staging.path, target.path) == 0 else {
                let code = errno
                _ = rename(old.path, target.path)
                throw failure(code)
            }
            removeTree(old.path)
        }
        do {
            try DurableFile.syncFolder(parent)
        } catch {
            throw PublishError.writeFailed(error, output: target.path, replaced: true)
        }
    }

    /// Removes `path` and everything below it, never following a symbolic link out of the tree,
    /// with one `unlinkat` per file relative to its open folder (`FileManager.removeItem` walks
    /// whole paths). What cannot be removed stays: an old report or staging folder left behind
    /// never fails a run, and the next run removes it.
    static func removeTree(_ path: String) {
        _ = vb365_remove_tree(AT_FDCWD, path)
    }
}

/// Why a report was not published; the previous report, if any, is untouched.
package enum PublishError: Error, Sendable {
    /// A generated page that failed XHTML validation.
    package struct InvalidPage: Sendable {
        package var path: String
        package var template: String
        package var issues: [ValidationIssue]
    }

    case invalidPages([InvalidPage], folder: String)
    case notOurs(path: String, reason: String)
    /// A file or folder the run cannot make (another run holds the folder, two pages share a name).
    case cannotWrite(path: String, reason: String)
    /// The system refused a write (a full disk, a missing permission); `output` is the report
    /// folder, and `replaced` says that the new report was already in place (only its folder
    /// could not be flushed to the disk).
    case writeFailed(WriteFailure, output: String, replaced: Bool = false)
    case setup(String)
    /// A page's template cannot render it.
    case template(TemplateError)
}

/// One report of a publishing run, and the folder (relative to the output, without a trailing
/// `/`; empty for the top) its pages go into.
package struct ReportPart: Sendable {
    /// `tenants/contoso-1a2b3c4d`, or empty.
    package var prefix: String
    /// How many units its renderer has (`ReportRenderer.unitCount`).
    package var unitCount: Int
    /// Makes the report's renderer when its first page is due; the run drops it after its last,
    /// so that of many parts only those being worked on are in memory.
    package var makeRenderer: @Sendable () -> ReportRenderer

    /// A part whose pages go under `prefix`.
    package init(_ renderer: ReportRenderer, prefix: String = "") {
        self.prefix = prefix
        self.unitCount = renderer.unitCount
        self.makeRenderer = { renderer }
    }

    /// A part made when it is due, with `unitCount` units.
    package init(prefix: String, unitCount: Int, makeRenderer: @escaping @Sendable () -> ReportRenderer) {
        self.prefix = prefix
        self.unitCount = unitCount
        self.makeRenderer = makeRenderer
    }
}
