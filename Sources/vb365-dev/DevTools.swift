import ArgumentParser
import Foundation
import VB365CommandRunner
import VB365Generation
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365Text
import XHTMLValidation

/// Developer tools: write the bundled samples, generate large data sets, and measure speed.

struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vb365-dev",
        abstract: "Developer tools for vb365-report: samples, generated data, benchmarks.",
        subcommands: [
            Samples.self, Generate.self, Bench.self, EmbedTemplates.self, TemplateDocsCommand.self,
            ViewFieldsCommand.self,
        ]
    )
}

/// `vb365-dev samples --out samples`: writes the bundled samples (deterministic).
struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the bundled samples folder.")

    @Option(help: "The folder to write.")
    var out = "samples"

    func run() throws {
        let fm = FileManager.default
        for sub in ["sessions", "logs", "legacy", "infrastructure", "processed", ProtectionSnapshotFile.folder] {
            let path = out + "/" + sub
            if fm.fileExists(atPath: path) { try fm.removeItem(atPath: path) }
        }
        for file in SampleSet.files() {
            let url = URL(fileURLWithPath: out).appendingPathComponent(file.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        let snapshots = SampleSet.protectionSnapshots()
        for snapshot in snapshots {
            let name = ProtectionSnapshotFile.name(
                stamp: ProtectionSnapshotFile.stamp(snapshot.taken), organization: snapshot.organizationID,
                compressed: false)
            let url = URL(fileURLWithPath: out).appendingPathComponent(ProtectionSnapshotFile.folder + "/" + name)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(ProtectionSnapshotFile.lines(snapshot).utf8).write(to: url)
        }
        print("wrote \(SampleSet.files().count + snapshots.count) files to \(out)")
    }
}

/// `vb365-dev generate`: N sessions in v8 pages of at most `--per-file` sessions, plus jobs and
/// organizations.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate N sessions as v8 pages.")

    @Option(help: "How many sessions.")
    var sessions = 1_000_000

    @Option(help: "Sessions per file (the API's largest page is 10,000).")
    var perFile = 10_000

    @Option(help: "Jobs (in organizations of 10 jobs).")
    var jobs = 200

    @Option(help: "The folder to write.")
    var out: String

    func run() throws {
        let start = Date()
        let organizations = max(1, jobs / 10)
        let generator = SessionGenerator(
            settings: .init(
                seed: 2026, organizations: organizations, jobsPerOrganization: max(1, jobs / organizations),
                start: Timestamp(year: 2020, month: 1, day: 1), interval: 3600 * 4))
        let fm = FileManager.default
        try fm.createDirectory(atPath: out + "/sessions", withIntermediateDirectories: true)
        let encoder = WireEncoder(version: .v8)
        var bytes = 0
        var index = 0
        var page = 0
        while index < sessions {
            let count = min(perFile, sessions - index)
            let batch = (index..<(index + count)).map(generator.session)
            let body = encoder.sessions(batch, offset: index, limit: perFile, next: index + count < sessions)
            bytes += body.count
            let name = String(format: "%@/sessions/page-%05d.json", out, page)
            try Data(body).write(to: URL(fileURLWithPath: name))
            index += count
            page += 1
        }
        try Data(encoder.jobs(generator.jobs)).write(to: URL(fileURLWithPath: out + "/jobs.json"))
        try Data(encoder.organizations(generator.organizations)).write(
            to: URL(fileURLWithPath: out + "/organizations.json"))
        let seconds = Date().timeIntervalSince(start)
        print(
            "generated \(sessions) sessions in \(page) files, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MB, in \(String(format: "%.1f", seconds)) s"
        )
    }
}

/// `vb365-dev bench DIR`: decode and summarise a generated folder, printing throughput and peak
/// memory. Run it in a fresh process so the peak is the pipeline's own.

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure decoding and aggregation.")

    @Argument(help: "A folder written by `vb365-dev generate`.")
    var folder: String

    @Option(help: "A file to decode on one core, repeatedly, for the single-core decode rate.")
    var singleFile: String?

    @Option(help: "Cores to use (default: all).")
    var cores: Int?

    @Flag(help: "Also render, validate and write the full report (every session, job and digest page, both formats).")
    var render = false

    @Option(
        help: ArgumentHelp(
            "Only render COUNT pages of this kind (session, job, digest) in both formats, on one core, without validating or writing; for profiling (valgrind --tool=callgrind).",
            valueName: "kind"))
    var profileRender: PageKind?

    @Option(help: "The number of pages --profile-render renders.")
    var count = 200

    func run() async throws {
        if let singleFile {
            let data = try Data(contentsOf: URL(fileURLWithPath: singleFile))
            let bytes = [UInt8](data)
            var best = Double.infinity
            var sessions = 0
            for _ in 0..<5 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let (document, _) = InventoryReader.decode(bytes: bytes, path: singleFile)
                let t1 = DispatchTime.now().uptimeNanoseconds
                sessions = document?.sessions.count ?? 0
                best = min(best, Double(t1 - t0) / 1e9)
            }
            print(
                "decode, one core: \(fmt(Double(bytes.count) / 1_048_576 / best)) MB/s, \(fmt(Double(sessions) / best, 0)) sessions/s (\(sessions) sessions, \(fmt(Double(bytes.count) / 1_048_576)) MB, best of 5: \(fmt(best * 1000, 1)) ms)"
            )
        }
        if let profileRender { return try await profile(profileRender) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let list = InputList([folder])
        let result = await InventoryReader.read(list, concurrency: cores ?? InventoryReader.defaultConcurrency)
        let t1 = DispatchTime.now().uptimeNanoseconds
        let summary = Summarizer.summarize(
            result.inventory, options: SummaryOptions(now: Self.dataEnd(result.inventory)))
        let t2 = DispatchTime.now().uptimeNanoseconds
        let text = SummaryText.render(summary)
        let t3 = DispatchTime.now().uptimeNanoseconds
        let read = Double(t1 - t0) / 1e9
        let aggregate = Double(t2 - t1) / 1e9
        let n = result.inventory.sessions.count
        let mb = Double(result.bytes) / 1_048_576
        print("files: \(list.items.count), sessions: \(n), \(fmt(mb)) MB, errors: \(result.hasErrors)")
        print(
            "read + decode + merge, \(cores ?? InventoryReader.defaultConcurrency) cores: \(fmt(read, 2)) s, \(fmt(mb / read)) MB/s, \(fmt(Double(n) / read, 0)) sessions/s"
        )
        print(
            "aggregate + compare: \(fmt(aggregate, 2)) s, \(fmt(Double(n) / aggregate, 0)) sessions/s (\(summary.sessions.count) in the window, \(summary.jobs.count) jobs)"
        )
        print("text output: \(fmt(Double(t3 - t2) / 1e6, 1)) ms, \(text.utf8.count) bytes")
        print("total: \(fmt(Double(t3 - t0) / 1e9, 2)) s, \(fmt(Double(n) / (Double(t3 - t0) / 1e9), 0)) sessions/s")
        if render { try await renderReport(result, cores: cores ?? InventoryReader.defaultConcurrency) }
        if let peak = ProcessInfoShim.peakResidentBytes {
            print("peak resident memory: \(fmt(Double(peak) / 1_048_576)) MB")
        }
    }

    /// The time the generated data ends (its newest session): the benchmarks judge it then, so
    /// that the default window (the 24 hours up to now) holds its last day.
    static func dataEnd(_ inventory: Inventory) -> Timestamp {
        inventory.sessions.map(\.creation).max().map(Timestamp.init(ticks:)) ?? Timestamp(year: 2030, month: 1, day: 1)
    }

    /// The renderer of the full report of `result` (every session, both formats), and its summary.
    static func fullReport(_ result: InventoryReader.Result) throws -> (ReportRenderer, Summary) {
        var options = SummaryOptions(now: dataEnd(result.inventory))
        options.includeHistory = true
        let summary = Summarizer.summarize(result.inventory, options: options)
        let input = ReportInput(
            summary: summary, logItems: result.inventory.logItems,
            processedObjects: result.inventory.infrastructure.namedProcessedObjects,
            time: LocalTime(identifier: "Europe/Berlin")!, toolVersion: "bench")
        return (ReportRenderer(input: input, templates: try TemplateSet(), formats: [.xhtml, .markdown]), summary)
    }

    /// Renders the whole report into a temporary folder and prints the rates of each step.
    func renderReport(_ result: InventoryReader.Result, cores: Int) async throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let (renderer, _) = try Self.fullReport(result)
        let t1 = clock.now
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vb365-bench-report-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let stats = try await ReportPublisher.publish(renderer, to: out.path, workers: cores)
        let t2 = clock.now
        let wall = seconds(t2 - t0)
        print(
            "report: \(stats.pages) pages (\(stats.xhtmlPages) XHTML), \(fmt(Double(stats.bytes) / 1_048_576)) MB, summary with history \(fmt(seconds(t1 - t0), 2)) s"
        )
        print(
            "  render: \(fmt(Double(stats.pages) / stats.renderSeconds, 0)) pages/s per core; validate: \(fmt(Double(stats.xhtmlPages) / stats.validateSeconds, 0)) XHTML pages/s per core; write: \(fmt(Double(stats.pages) / stats.writeSeconds, 0)) pages/s per core"
        )
        print(
            "  render: \(fmt(stats.renderSeconds / stats.validateSeconds)) × validate (target ≤ 2.5 ×): \(fmt(stats.renderSeconds, 2)) s rendering (views and templates, both formats), \(fmt(stats.validateSeconds, 2)) s validating the XHTML pages, summed over the workers"
        )
        print("  whole report on \(cores) cores: \(fmt(wall, 1)) s, \(fmt(Double(stats.pages) / wall, 0)) pages/s")
        // Validation against parsing alone, on the same pages, one core.
        let validator = try XHTMLValidator()
        var sample: [[UInt8]] = []
        let unitCount = renderer.unitCount
        for unit in stride(from: 1, to: unitCount, by: max(1, unitCount / 2000)) {
            sample += try renderer.pages(unit: unit).filter { $0.format == .xhtml }.map(\.bytes)
        }
        let p0 = clock.now
        for _ in 0..<3 { for page in sample { _ = validator.parseOnly(page) } }
        let p1 = clock.now
        for _ in 0..<3 { for page in sample { _ = validator.validate(page) } }
        let p2 = clock.now
        let parseRate = Double(sample.count * 3) / seconds(p1 - p0)
        let validateRate = Double(sample.count * 3) / seconds(p2 - p1)
        let average = sample.reduce(0) { $0 + $1.count } / max(1, sample.count)
        print(
            "  libxml2 on \(sample.count) pages of \(fmt(Double(average) / 1024)) KB: parse only \(fmt(parseRate, 0)) pages/s, parse + validate \(fmt(validateRate, 0)) pages/s (\(fmt(validateRate / parseRate * 100, 0)) % of parse-only)"
        )
    }

    /// Renders `count` pages of one kind, both formats, on this thread, and nothing else.
    func profile(_ kind: PageKind) async throws {
        let result = await InventoryReader.read(InputList([folder]), concurrency: 1)
        let (renderer, _) = try Self.fullReport(result)
        let units: [Int]
        switch kind {
        case .digest: units = Array(repeating: 0, count: count)
        case .job, .session:
            let all = (1..<renderer.unitCount).filter {
                if case .job = renderer.unit($0) { return kind == .job } else { return kind == .session }
            }
            guard !all.isEmpty else { throw ValidationError("the report has no \(kind.rawValue) page") }
            units = (0..<count).map { all[$0 % all.count] }
        case .email, .ticket, .jobMonth, .infrastructure, .restores, .protection, .monthly, .monthlyIndex:
            throw ValidationError("--profile-render takes session, job or digest")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var bytes = 0
        for unit in units { bytes += try renderer.pages(unit: unit).reduce(0) { $0 + $1.bytes.count } }
        let elapsed = seconds(clock.now - start)
        print(
            "rendered \(units.count) \(kind.rawValue) pages in both formats: \(fmt(elapsed * 1000, 1)) ms, \(fmt(Double(units.count * 2) / elapsed, 0)) pages/s, \(bytes) bytes"
        )
    }

    func seconds(_ d: Duration) -> Double { Formatting.seconds(d) }

    func fmt(_ v: Double, _ places: Int = 1) -> String { String(format: "%.\(places)f", v) }
}

extension PageKind: ExpressibleByArgument {}

/// Parses the command line and runs the chosen tool.
@main
enum DevEntry {
    static func main() async { await CommandRunner.main(DevCommand.self) }
}
