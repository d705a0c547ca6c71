import Dispatch
import Foundation
import Synchronization
import VB365Rendering
import VB365Support
import XHTMLValidation

/// The workers of one publishing run: each takes the next piece of work (an extra file, or a unit
/// of the renderer), renders, validates and writes its own files into the staging folder.
///
/// The workers run on `DispatchQueue.concurrentPerform`, which uses Dispatch's threads, never
/// Swift concurrency's cooperative pool, and no worker ever waits for another: the only shared
/// state is two atomics and a mutex held for a few instructions. Each worker holds the pages of
/// one unit at a time, so memory stays bounded however many pages the report has.
final class PublishingRun: Sendable {
    /// What the workers found, gathered behind one lock.
    struct Outcome: Sendable {
        /// The sum of every worker's figures, added when the worker ends.
        var statistics = ReportPublisher.Statistics()
        /// Pages that failed validation, at most `invalidPageLimit`.
        var invalid: [PublishError.InvalidPage] = []
        /// The first failure that stopped the run (a validator that cannot load, a file that
        /// cannot be written); later ones are consequences of the same cause, or noise.
        var error: PublishError?
        /// What each page with a key was built from, when the run records keys (for the manifest).
        var pages: [(path: String, entry: PageManifest.Entry)] = []
    }

    /// Enough invalid pages to show what is wrong with a template without validating the rest of
    /// a report that will not be published anyway.
    static let invalidPageLimit = 20

    /// The report's parts: the pages of each go under its prefix.
    let parts: [ReportPart]
    /// The first unit of each part, and after the last, the number of units.
    let offsets: [Int]
    /// Files made elsewhere, written beside the pages but neither validated nor counted as pages.
    let extras: [RenderedPage]
    /// The staging folder the files go into.
    let folder: String
    /// The report folder the staging folder will replace, to name in errors.
    let output: String
    /// The report being replaced, whose identical files are linked rather than written; nil to
    /// write every file.
    let previous: String?
    /// Whether XHTML pages are validated.
    let validate: Bool
    /// Whether pages' keys are computed and recorded (an incremental run).
    let recordsKeys: Bool
    /// The replaced report's manifest, when its pages may be kept: a page whose key it records,
    /// and whose file is still there with its recorded size, is linked without being rendered.
    let earlier: PageManifest?
    /// The replaced report's folders and the staging folder's, open for keeping and reusing
    /// pages; nil when there is no report to take pages from.
    let linker: PageLinker?
    /// The next piece of work to take: the extras come first, then the renderer's units. Taking
    /// work one piece at a time balances the workers even when units differ in size (the digest
    /// against one session).
    private let next = Atomic<Int>(0)
    /// Set when the run cannot succeed, so that workers stop taking work.
    private let stopped = Atomic<Bool>(false)
    /// What the workers found so far.
    private let outcome: Mutex<Outcome>
    /// The renderers of the parts being worked on, each with the number of its units not yet
    /// done: made by the first worker that needs one, dropped when its last unit is done.
    private let live = Mutex([Int: (renderer: ReportRenderer, remaining: Int)]())

    /// The renderer of part `index`, made if it is not live.
    private func renderer(of index: Int) -> ReportRenderer {
        if let live = live.withLock({ $0[index]?.renderer }) { return live }
        // Made outside the lock (it may take a while), then the first one made is kept.
        let made = parts[index].makeRenderer()
        return live.withLock { live in
            if let existing = live[index]?.renderer { return existing }
            live[index] = (made, parts[index].unitCount)
            return made
        }
    }

    /// Counts a unit of part `index` as done; drops the renderer after the last.
    private func done(with index: Int) {
        live.withLock { live in
            guard var entry = live[index] else { return }
            entry.remaining -= 1
            live[index] = entry.remaining > 0 ? entry : nil
        }
    }

    /// Prepares a run into `folder`; `run(workers:)` does the work.
    init(
        parts: [ReportPart], extras: [RenderedPage], folder: String, output: String, previous: String?,
        validate: Bool, incremental: Bool = false, rebuild: Bool = false, folders: Set<String> = [""],
        prefetched: ManifestPrefetch? = nil
    ) {
        self.parts = parts
        var offsets = [0]
        for part in parts { offsets.append(offsets.last! + part.unitCount) }
        self.offsets = offsets
        self.extras = extras
        self.folder = folder
        self.output = output
        self.previous = previous
        self.validate = validate
        self.recordsKeys = incremental
        // Pages of a report whose pages were not validated are never kept by a run that validates.
        self.earlier =
            incremental && !rebuild
            ? previous.flatMap { previous in
                prefetched?.manifest(of: previous) ?? PageManifest.read(from: previous)
            }.flatMap {
                $0.validated || !validate ? $0 : nil
            } : nil
        self.linker = previous.map { PageLinker(previous: $0, staging: folder, folders: folders) }
        self.outcome = Mutex(Outcome())
    }

    /// Runs `workers` workers and returns when all have ended. It blocks the calling thread, which
    /// takes part in the work, so it must not be called on a thread of Swift concurrency's pool.
    func run(workers: Int) -> Outcome {
        DispatchQueue.concurrentPerform(iterations: max(1, workers)) { _ in work() }
        return outcome.withLock { $0 }
    }

    /// One worker: takes pieces of work until there is none left or the run has failed. Each
    /// worker has its own validator, because a validator is not thread-safe and libxml2 reports
    /// errors to a handler of the current thread.
    private func work() {
        var statistics = ReportPublisher.Statistics()
        var keys: [(path: String, entry: PageManifest.Entry)] = []
        defer {
            outcome.withLock { outcome in
                outcome.statistics.add(statistics)
                outcome.pages.append(contentsOf: keys)
            }
        }
        var validator: XHTMLValidator?
        if validate {
            do {
                validator = try XHTMLValidator()
            } catch {
                fail(.setup(error.message))
                return
            }
        }
        let clock = ContinuousClock()
        let total = extras.count + offsets.last!
        while !stopped.load(ordering: .relaxed) {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < total else { return }
            if index < extras.count {
                let start = clock.now
                let stored = store(extras[index], statistics: &statistics)
                statistics.writeSeconds += Formatting.seconds(clock.now - start)
                guard stored else { return }
                continue
            }
            let start = clock.now
            let unit = index - extras.count
            // The part holding the unit: the last whose first unit is not after it.
            var partIndex = 0
            while offsets[partIndex + 1] <= unit { partIndex += 1 }
            let part = parts[partIndex]
            let renderer = renderer(of: partIndex)
            guard renderer.unitCount == part.unitCount else {
                // A part that said it had more (or fewer) pages than it has: a bug, never a crash.
                fail(.setup("the report part \(part.prefix) has \(renderer.unitCount) pages, not \(part.unitCount)"))
                return
            }
            let prefix = part.prefix.isEmpty ? "" : part.prefix + "/"
            var pages: [ReportRenderer.UnitPage]
            do {
                pages = try renderer.pages(
                    unit: unit - offsets[partIndex], keeping: recordsKeys ? { self.keep(prefix + $0, key: $1) } : nil)
            } catch {
                fail(.template(error))
                return
            }
            done(with: partIndex)
            statistics.renderSeconds += Formatting.seconds(clock.now - start)
            for unitPage in pages {
                let path = prefix + unitPage.path
                guard var page = unitPage.page else {
                    // Kept: linked from the replaced report by `keep`.
                    let size = earlier?.entries[path]?.size ?? 0
                    if let key = unitPage.key { keys.append((path, .init(key: key, size: size))) }
                    statistics.pages += 1
                    statistics.bytes += size
                    statistics.unchanged += 1
                    statistics.kept += 1
                    continue
                }
                page.path = path
                if let key = unitPage.key { keys.append((path, .init(key: key, size: page.bytes.count))) }
                // A page the replaced report holds byte for byte passed validation when it was
                // written: it is linked without being validated again.
                if earlier != nil, let linker, linker.reuse(page.bytes, at: path) {
                    statistics.unchanged += 1
                    statistics.pages += 1
                    statistics.bytes += page.bytes.count
                    continue
                }
                if page.format == .xhtml, !page.isData, let validator {
                    let start = clock.now
                    let issues = validator.validate(page.bytes, name: page.path)
                    statistics.validateSeconds += Formatting.seconds(clock.now - start)
                    statistics.xhtmlPages += 1
                    if !issues.isEmpty {
                        reject(
                            PublishError.InvalidPage(
                                path: page.path, template: renderer.templates.origin(of: page.template),
                                issues: issues)
                        )
                        continue
                    }
                }
                let start = clock.now
                // Already compared with the replaced report's page above when there is a manifest.
                let stored = store(page, reusing: earlier == nil, statistics: &statistics)
                statistics.writeSeconds += Formatting.seconds(clock.now - start)
                guard stored else { return }
                statistics.pages += 1
                statistics.bytes += page.bytes.count
            }
        }
    }

    /// Links the replaced report's page at `path` when the earlier manifest records `key` for it
    /// and the file is still there with its recorded size; true when it did.
    private func keep(_ path: String, key: PageKey) -> Bool {
        guard let earlier, let linker, let entry = earlier.entries[path], entry.key == key else { return false }
        return linker.keep(path, size: entry.size)
    }

    /// Links the previous report's file when it holds the same bytes, else writes the file.
    /// Returns false after a failure, which stops the run.
    private func store(
        _ page: RenderedPage, reusing: Bool = true, statistics: inout ReportPublisher.Statistics
    ) -> Bool {
        if reusing, let linker, linker.reuse(page.bytes, at: page.path) {
            statistics.unchanged += 1
            return true
        }
        let path = folder + "/" + page.path
        do {
            do {
                try DurableFile.create(page.bytes, at: path)
            } catch  where error.code == ENOENT && page.path.contains("/") {
                // A folder of the renderer's own that the run did not make ahead (`protection/`).
                try DurableFile.createFolders(String(path[..<path.lastIndex(of: "/")!]))
                try DurableFile.create(page.bytes, at: path)
            }
        } catch {
            fail(
                error.code == EEXIST
                    ? .cannotWrite(path: path, reason: "two pages map to this file name")
                    : .writeFailed(error, output: output))
            return false
        }
        return true
    }

    /// Keeps an invalid page for the report of the failure; stops the run once there are enough.
    private func reject(_ page: PublishError.InvalidPage) {
        let enough = outcome.withLock { outcome in
            if outcome.invalid.count < Self.invalidPageLimit { outcome.invalid.append(page) }
            return outcome.invalid.count >= Self.invalidPageLimit
        }
        if enough { stopped.store(true, ordering: .relaxed) }
    }

    /// Records `error` unless an earlier one is already recorded, and stops the run.
    private func fail(_ error: PublishError) {
        outcome.withLock { outcome in
            if outcome.error == nil { outcome.error = error }
        }
        stopped.store(true, ordering: .relaxed)
    }
}

extension ReportPublisher.Statistics {
    /// Adds another worker's figures to these.
    mutating func add(_ other: ReportPublisher.Statistics) {
        pages += other.pages
        xhtmlPages += other.xhtmlPages
        bytes += other.bytes
        renderSeconds += other.renderSeconds
        validateSeconds += other.validateSeconds
        writeSeconds += other.writeSeconds
        unchanged += other.unchanged
        kept += other.kept
    }
}
