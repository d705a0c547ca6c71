import CFileSystem
import Foundation
import VB365Rendering
import XHTMLValidation

/// Writes a report folder so that it can be trusted: every XHTML page is validated before it is
/// written, the new folder is built beside the old one, and only a complete, valid report
/// replaces it (atomically where the system can swap two folders). A failed or interrupted run
/// leaves the previous report exactly as it was; a successful one leaves no stale page behind.
public enum ReportPublisher {
    /// The file that marks a folder as ours, so we never replace a folder we did not write.
    public static let marker = ".vb365-report"

    /// What publishing did, for the benchmark and the command's last line.
    public struct Statistics: Sendable {
        public var pages = 0
        public var xhtmlPages = 0
        public var bytes = 0
        /// Seconds spent on each step, summed over workers.
        public var renderSeconds = 0.0
        public var validateSeconds = 0.0
        public var writeSeconds = 0.0
        /// Files linked unchanged from the previous report (`reuseUnchanged`).
        public var unchanged = 0
    }

    /// Renders every unit of `renderer` on `workers` cores, validates, and publishes to `folder`,
    /// with `extras` (files made elsewhere, such as badges and a feed) beside the pages. With
    /// `reuseUnchanged`, a file whose bytes equal the previous report's is linked, not written:
    /// it keeps its modification time, and readers and mirrors see it unchanged.
    public static func publish(
        _ renderer: ReportRenderer, to folder: String, workers: Int, validate: Bool = true,
        extras: [RenderedPage] = [], reuseUnchanged: Bool = false
    ) async throws(PublishError) -> Statistics {
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        try checkReplaceable(target)
        let parent = target.deletingLastPathComponent()
        // One publisher at a time per folder: another run's staging folder is never touched.
        let lockPath = parent.appendingPathComponent(".\(target.lastPathComponent).vb365-lock").path
        let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else {
            throw PublishError.cannotWrite(path: parent.path, reason: String(cString: strerror(errno)))
        }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            throw PublishError.cannotWrite(
                path: target.path, reason: "another vb365-report run is publishing it; run again when it has finished")
        }
        // Removed while still held, so no lock file stays beside the folder (a run that finds
        // the lock taken gives up rather than wait, so it never locks a removed file).
        defer {
            unlink(lockPath)
            close(lock)
        }
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).vb365-new-\(getpid())")
        // A run that was killed leaves its hidden staging folder behind; the next run clears it.
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where leftover.hasPrefix(".\(target.lastPathComponent).vb365-new-")
            || leftover.hasPrefix(".\(target.lastPathComponent).vb365-old-")
        {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(leftover))
        }
        do {
            let extraFolders = Set(
                extras.compactMap { page in page.path.split(separator: "/").dropLast().first.map(String.init) })
            for sub in ["", "jobs", "sessions"] + extraFolders.sorted() {
                try FileManager.default.createDirectory(
                    at: staging.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
        } catch {
            throw PublishError.cannotWrite(path: parent.path, reason: "\(error.localizedDescription)")
        }
        var succeeded = false
        defer { if !succeeded { try? FileManager.default.removeItem(at: staging) } }

        let width = max(1, workers)
        let stop = StopFlag()
        // Creating files is a serialized kernel path on some systems (0.3 ms a file here), so one
        // writer thread creates them while the workers render and validate.
        let writer = PageWriter(folder: staging.path, previous: reuseUnchanged ? target.path : nil, stop: stop)
        for page in extras { writer.enqueue(path: page.path, bytes: page.bytes) }
        var total = Statistics()
        var failures: [PublishError.InvalidPage] = []
        var writeFailure: PublishError?
        await withTaskGroup(of: WorkerResult.self) { group in
            for worker in 0..<width {
                group.addTask {
                    runWorker(worker, of: width, renderer: renderer, writer: writer, validate: validate, stop: stop)
                }
            }
            for await result in group {
                total.pages += result.statistics.pages
                total.xhtmlPages += result.statistics.xhtmlPages
                total.bytes += result.statistics.bytes
                total.renderSeconds += result.statistics.renderSeconds
                total.validateSeconds += result.statistics.validateSeconds
                total.writeSeconds += result.statistics.writeSeconds
                failures += result.invalid
                if writeFailure == nil { writeFailure = result.error }
            }
        }
        let written = writer.finish()
        total.writeSeconds = written.seconds
        total.unchanged = writer.reused
        if writeFailure == nil { writeFailure = written.error }
        if let writeFailure { throw writeFailure }
        if !failures.isEmpty {
            throw PublishError.invalidPages(failures.sorted { $0.path < $1.path }, folder: folder)
        }
        do {
            try Data("vb365-report output folder: each run replaces it whole.\n".utf8).write(
                to: staging.appendingPathComponent(marker))
        } catch {
            throw PublishError.cannotWrite(path: staging.path, reason: error.localizedDescription)
        }
        try swap(staging, into: target)
        succeeded = true
        return total
    }

    /// Refuses to replace a folder that is neither empty nor ours.
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

    /// Puts the staged folder in place of the target, then removes the old report.
    static func swap(_ staging: URL, into target: URL) throws(PublishError) {
        let fm = FileManager.default
        if !fm.fileExists(atPath: target.path) {
            guard rename(staging.path, target.path) == 0 else {
                throw PublishError.cannotWrite(path: target.path, reason: String(cString: strerror(errno)))
            }
            return
        }
        if vb365_exchange_paths(staging.path, target.path) == 0 {
            try? fm.removeItem(at: staging)  // now the old report
            return
        }
        // No atomic exchange here: move the old report aside, then the new one in.
        let old = staging.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).vb365-old-\(getpid())")
        try? fm.removeItem(at: old)
        guard rename(target.path, old.path) == 0 else {
            throw PublishError.cannotWrite(path: target.path, reason: String(cString: strerror(errno)))
        }
        guard rename(staging.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old.path, target.path)
            throw PublishError.cannotWrite(path: target.path, reason: reason)
        }
        try? fm.removeItem(at: old)
    }

    struct WorkerResult: Sendable {
        var statistics = Statistics()
        var invalid: [PublishError.InvalidPage] = []
        var error: PublishError?
    }

    /// Renders units `worker`, `worker + width`, ...; validates XHTML; writes the files.
    static func runWorker(
        _ worker: Int, of width: Int, renderer: ReportRenderer, writer: PageWriter, validate: Bool, stop: StopFlag
    ) -> WorkerResult {
        var result = WorkerResult()
        let validator: XHTMLValidator?
        if validate {
            do {
                validator = try XHTMLValidator()
            } catch {
                result.error = .setup(error.message)
                stop.set()
                return result
            }
        } else {
            validator = nil
        }
        var unit = worker
        let clock = ContinuousClock()
        while unit < renderer.unitCount, !stop.isSet {
            let t0 = clock.now
            let pages = (try? renderer.pages(unit: unit)) ?? []  // TEMPORARY until the publisher merge
            let t1 = clock.now
            result.statistics.renderSeconds += seconds(t1 - t0)
            for page in pages {
                if page.format == .xhtml, let validator {
                    let v0 = clock.now
                    let issues = validator.validate(page.bytes, name: page.path)
                    result.statistics.validateSeconds += seconds(clock.now - v0)
                    result.statistics.xhtmlPages += 1
                    if !issues.isEmpty {
                        result.invalid.append(
                            PublishError.InvalidPage(
                                path: page.path, template: renderer.templates.origin(of: page.template), issues: issues)
                        )
                        if result.invalid.count >= 20 { stop.set() }
                        continue
                    }
                }
                writer.enqueue(path: page.path, bytes: page.bytes)
                result.statistics.pages += 1
                result.statistics.bytes += page.bytes.count
            }
            unit += width
        }
        return result
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Writes one file beside its final name and renames it into place: a reader never sees half
    /// of it, and a failure leaves any earlier file at `path` as it was.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(PublishError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
        unlink(temporary)
        if let failure = write(bytes, to: temporary) {
            unlink(temporary)
            if case .cannotWrite(_, let reason) = failure { throw PublishError.cannotWrite(path: path, reason: reason) }
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PublishError.cannotWrite(path: path, reason: reason)
        }
    }

    /// Links `path` to `previous` when that file holds exactly `bytes` (true when it did).
    static func reuse(_ bytes: [UInt8], from previous: String, at path: String) -> Bool {
        var info = stat()
        guard stat(previous, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count,
            let old = FileManager.default.contents(atPath: previous), old.elementsEqual(bytes)
        else { return false }
        return link(previous, path) == 0
    }

    /// Creates `path` (which must not exist yet) with `bytes`.
    static func write(_ bytes: [UInt8], to path: String) -> PublishError? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "two pages map to this file name" : String(cString: strerror(errno))
            return .cannotWrite(path: path, reason: reason)
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        return nil
    }
}

/// Writes pages on a thread of its own, in the order they arrive, holding at most a few thousand
/// pages so memory stays bounded.
final class PageWriter: @unchecked Sendable {
    private let folder: String
    /// The previous report, whose unchanged files are linked rather than written.
    private let previous: String?
    private let stop: StopFlag
    /// Files linked from the previous report.
    private(set) var reused = 0
    private let condition = NSCondition()
    private var queue: [(String, [UInt8])] = []
    private var finished = false
    private var done = false
    private var error: PublishError?
    private var seconds = 0.0
    private static let capacity = 2000

    init(folder: String, previous: String?, stop: StopFlag) {
        self.folder = folder
        self.previous = previous
        self.stop = stop
        let thread = Thread { [self] in run() }
        thread.name = "vb365-report page writer"
        thread.start()
    }

    /// Queues a page; waits while the queue is full.
    func enqueue(path: String, bytes: [UInt8]) {
        condition.lock()
        while queue.count >= Self.capacity && error == nil { condition.wait() }
        if error == nil { queue.append((path, bytes)) }
        condition.signal()
        condition.unlock()
    }

    /// Waits until every queued page is written; returns the time spent and the first error.
    func finish() -> (seconds: Double, error: PublishError?) {
        condition.lock()
        finished = true
        condition.broadcast()
        while !done { condition.wait() }
        defer { condition.unlock() }
        return (seconds, error)
    }

    private func run() {
        let clock = ContinuousClock()
        while true {
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            if queue.isEmpty && finished {
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.broadcast()
            condition.unlock()
            let start = clock.now
            for (path, bytes) in batch where !stop.isSet {
                if let previous, ReportPublisher.reuse(bytes, from: previous + "/" + path, at: folder + "/" + path) {
                    reused += 1
                    continue
                }
                if let failure = ReportPublisher.write(bytes, to: folder + "/" + path) {
                    condition.lock()
                    if error == nil { error = failure }
                    condition.broadcast()
                    condition.unlock()
                    stop.set()
                    break
                }
            }
            let elapsed = clock.now - start
            condition.lock()
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            condition.unlock()
        }
    }
}

/// Tells workers to stop early.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Why a report was not published; the previous report, if any, is untouched.
public enum PublishError: Error, Sendable, CustomStringConvertible {
    /// A generated page that failed XHTML validation.
    public struct InvalidPage: Sendable {
        public var path: String
        public var template: String
        public var issues: [ValidationIssue]
    }

    case invalidPages([InvalidPage], folder: String)
    case notOurs(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case setup(String)

    public var description: String {
        switch self {
        case .invalidPages(let pages, let folder):
            var lines: [String] = []
            for page in pages {
                for issue in page.issues.prefix(5) {
                    lines.append("\(folder)/\(page.path):\(issue.description) (template \(page.template))")
                }
            }
            lines.append(
                "vb365-report: \(pages.count) page\(pages.count == 1 ? "" : "s") failed XHTML 1.0 Strict validation; nothing was written, and \(folder) is unchanged"
            )
            return lines.joined(separator: "\n")
        case .notOurs(let path, let reason):
            return "\(path): error: will not replace this folder: \(reason); choose a new or empty folder for --out"
        case .cannotWrite(let path, let reason):
            return "\(path): error: cannot write: \(reason); the previous report is unchanged"
        case .setup(let message):
            return "vb365-report: error: \(message)"
        }
    }
}
