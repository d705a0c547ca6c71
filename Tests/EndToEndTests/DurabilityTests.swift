import Foundation
import Testing
import VB365TestSupport

/// A small tmpfs of a test's own: mounted in a private mount namespace (`unshare -rm`, which
/// also works unprivileged where user namespaces are allowed) for the length of one shell
/// script, so that the test can fill a disk without touching the machine's. The mount ends
/// with the script, whatever happens to the test.
struct SmallDisk {
    static let unshare = URL(fileURLWithPath: "/usr/bin/unshare")

    /// Whether a private tmpfs can be mounted here (many containers and CI runners forbid it).
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: unshare.path) else { return false }
        let probe = try? ProgramRun(unshare, ["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /tmp"])
        return probe?.status == 0
    }()

    /// The test's folder on the real disk: `disk` is the mount point, `saved` keeps copies.
    let folder: URL
    var disk: URL { folder.appendingPathComponent("disk") }
    var saved: URL { folder.appendingPathComponent("saved") }

    /// Makes the folders in `folder`.
    private init(folder: URL) throws {
        self.folder = folder
        for url in [folder.appendingPathComponent("disk"), folder.appendingPathComponent("saved")] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        }
    }

    /// Runs `body` with a disk whose folder is a temporary folder, removed afterwards.
    static func with<T>(_ name: String = #function, _ body: (SmallDisk) throws -> T) throws -> T {
        try withTemporaryFolder(name) { folder in try body(SmallDisk(folder: folder)) }
    }

    /// Runs `script` with sh where `$DISK` is a new, empty tmpfs of `kilobytes`; `$BIN` is
    /// vb365-report, `$SAMPLES` the samples, `$SAVED` a folder on the real disk, and `fill`
    /// takes every byte left on the tmpfs.
    func run(_ script: String, kilobytes: Int, environment: [String: String] = [:]) throws -> ProgramRun {
        let prelude = """
            mount -t tmpfs -o size=\(kilobytes)k tmpfs "$DISK" || exit 90
            fill() { dd if=/dev/zero of="$DISK/fill" bs=4k 2>/dev/null; [ -s "$DISK/fill" ]; }

            """
        let variables = [
            "DISK": disk.path, "SAVED": saved.path, "BIN": Run.binary.path, "SAMPLES": Fixtures.samples,
        ]
        return try ProgramRun(
            Self.unshare, ["-rm", "sh", "-c", prelude + script],
            environment: variables.merging(environment) { _, new in new })
    }
}

@Suite(
    "A full disk: 74, a sentence that names it, nothing half-written, the previous output intact",
    .enabled(
        if: SmallDisk.available,
        "needs unshare -rm and mount -t tmpfs (a private mount namespace) to fill a small disk of its own"))
struct FullDiskTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    /// Writes the output on the tmpfs, saves a copy, fills the disk, writes again (`second`),
    /// and saves what is left; returns the second run and the saved copies.
    func fillBetween(_ disk: SmallDisk, output: String, first: String, second: String) throws -> ProgramRun {
        try disk.run(
            """
            \(first) >/dev/null || exit 91
            cp -a "$DISK/\(output)" "$SAVED/before"
            fill || exit 92
            \(second) >/dev/null
            echo "status $?"
            ls -A "$DISK" > "$SAVED/listing"
            cp -a "$DISK/\(output)" "$SAVED/after"
            rm "$DISK/fill"
            \(second) >/dev/null 2>&1
            echo "after freeing space $?"
            """, kilobytes: 16 * 1024)
    }

    /// What every full-disk run must show.
    func expectIntact(_ run: ProgramRun, _ disk: SmallDisk, output: String, kept: String) throws {
        #expect(run.stdout == "status 74\nafter freeing space 0\n", "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "vb365-report: error: no space left on the device holding \(disk.disk.path)/\(output); free space and run again; \(kept)"
            ), "\(run.stderr)")
        let listing = try String(contentsOf: disk.saved.appendingPathComponent("listing"), encoding: .utf8)
        #expect(listing.split(separator: "\n").map(String.init).sorted() == ["fill", output])
        let before = files(under: disk.saved.appendingPathComponent("before"))
        #expect(!before.isEmpty)
        #expect(files(under: disk.saved.appendingPathComponent("after")) == before)
    }

    @Test("render")
    func render() throws {
        try SmallDisk.with { disk in
            let render = #""$BIN" render "$SAMPLES" \#(Self.now) --out "$DISK/report""#
            let run = try fillBetween(disk, output: "report", first: render, second: render + " --format markdown")
            try expectIntact(run, disk, output: "report", kept: "the previous report is unchanged")
        }
    }

    @Test("site")
    func site() throws {
        try SmallDisk.with { disk in
            let site = #""$BIN" site "$SAMPLES" --quiet --out "$DISK/site""#
            let run = try fillBetween(
                disk, output: "site", first: site + " " + Self.now, second: site + " --now=2026-11-24T06:00:00Z")
            try expectIntact(run, disk, output: "site", kept: "the previous report is unchanged")
        }
    }

    @Test("email --out")
    func email() throws {
        try SmallDisk.with { disk in
            let email = #""$BIN" email "$SAMPLES" \#(Self.now) --to ops@example.com --out "$DISK/mail/daily.eml""#
            let run = try fillBetween(disk, output: "mail", first: email, second: email + " --subject Changed")
            #expect(run.stdout == "status 74\nafter freeing space 0\n", "\(run.stderr)")
            let eml = "\(disk.disk.path)/mail/daily.eml"
            #expect(
                run.stderr.contains(
                    "vb365-report: error: no space left on the device holding \(eml); free space and run again; any earlier \(eml) is unchanged"
                ), "\(run.stderr)")
            let before = files(under: disk.saved.appendingPathComponent("before"))
            #expect(before.keys.sorted() == ["daily.eml"])
            #expect(files(under: disk.saved.appendingPathComponent("after")) == before)
        }
    }

    @Test("ticket")
    func ticket() throws {
        try SmallDisk.with { disk in
            let ticket = #""$BIN" ticket dabb589d "$SAMPLES" \#(Self.now) --out "$DISK/tickets""#
            let run = try fillBetween(disk, output: "tickets", first: ticket, second: ticket + " --redact")
            #expect(run.stdout == "status 74\nafter freeing space 0\n", "\(run.stderr)")
            #expect(
                run.stderr.contains("no space left on the device holding \(disk.disk.path)/tickets/"), "\(run.stderr)")
            let before = files(under: disk.saved.appendingPathComponent("before"))
            #expect(before.count == 2)
            #expect(files(under: disk.saved.appendingPathComponent("after")) == before)
        }
    }

    @Test("fetch: the files fetched before the disk filled are kept whole, and none is half-written")
    func fetch() throws {
        let sim = try SimulatorProcess([])
        try SmallDisk.with { disk in
            // 64 KB hold a few of the archive's files, not all of them.
            let run = try disk.run(
                #"""
                "$BIN" fetch --server "$URL" --archive "$DISK/archive" --username 'vb365\admin' --logs all \
                  --since 30d --now=2026-11-23T22:01:00Z --quiet >/dev/null
                echo "status $?"
                cp -a "$DISK/archive" "$SAVED/archive"
                """#, kilobytes: 64, environment: ["URL": sim.url, "VB365_PASSWORD": "vb365-demo"])
            #expect(run.stdout == "status 74\n", "\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "no space left on the device holding the archive \(disk.disk.path)/archive; free space and run again; the files fetched before it are kept"
                ), "\(run.stderr)")
            let archive = files(under: disk.saved.appendingPathComponent("archive"))
            let pages = archive.filter { $0.key.hasSuffix(".json") }
            #expect(!pages.isEmpty)
            #expect(!archive.keys.contains { $0.hasSuffix(".partial") })
            for (name, bytes) in pages {
                #expect((try? JSONSerialization.jsonObject(with: bytes)) != nil, "\(name) is not whole")
            }
        }
    }
}

/// Runs vb365-report under strace to see the calls that make a file last a power loss.
enum Strace {
    static let program = URL(fileURLWithPath: "/usr/bin/strace")

    /// Whether strace is installed and may trace here (ptrace is often forbidden in containers).
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: program.path) else { return false }
        return (try? ProgramRun(program, ["-o", "/dev/null", "true"]))?.status == 0
    }()

    /// The flushes and renames of a run, in order, descriptors shown with their paths (`-y`).
    static func calls(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (
        run: ProgramRun, lines: [String]
    ) {
        let trace = folder.appendingPathComponent("trace").path
        let run = try ProgramRun(
            program,
            ["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,syncfs,rename,renameat,renameat2", "-o", trace]
                + [Run.binary.path] + arguments, environment: environment)
        let text = try String(contentsOfFile: trace, encoding: .utf8)
        return (run, text.split(separator: "\n").map(String.init))
    }
}

@Suite(
    "Files that must outlive a power loss are flushed, with their folder, around the rename that publishes them",
    .enabled(if: Strace.available, "needs strace, and permission to trace a child process"))
struct DurableWriteTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    /// The index of the first line at or after `start` that holds every one of `parts`.
    static func index(_ lines: [String], after start: Int = 0, _ parts: String...) -> Int? {
        lines.indices.first { $0 >= start && parts.allSatisfy(lines[$0].contains) }
    }

    /// Checks that the first hidden `.partial` file flushed below `folder` is then renamed to its
    /// final name, and that its folder is flushed after the rename; returns the final path.
    @discardableResult
    static func expectDurable(_ lines: [String], below folder: String) throws -> String {
        let flushed = try #require(index(lines, "fsync(", "<\(folder)/", ".partial>)"), "\(lines)")
        let line = lines[flushed]
        let start = try #require(line.range(of: "<\(folder)/"))
        let end = try #require(line.range(of: ">)", range: start.upperBound..<line.endIndex))
        let partial = String(line[line.index(after: start.lowerBound)..<end.lowerBound])
        let url = URL(fileURLWithPath: partial)
        // `.NAME.PID-N.partial` is published as NAME.
        let hidden = url.lastPathComponent
        let name = String(hidden.dropFirst().split(separator: ".").dropLast(2).joined(separator: "."))
        let final = url.deletingLastPathComponent().appendingPathComponent(name).path
        let renamed = try #require(
            index(lines, after: flushed, "rename", "\"\(partial)\"", "\"\(final)\""), "\(lines)")
        let parent = url.deletingLastPathComponent().path
        #expect(index(lines, after: renamed, "fsync(", "<\(parent)>)") != nil, "\(lines)")
        return final
    }

    @Test("email --out: the .eml is fsynced, renamed in, then its folder fsynced")
    func email() throws {
        try withTemporaryFolder { root in
            let mail = root.resolvingSymlinksInPath().appendingPathComponent("mail").path
            let (run, lines) = try Strace.calls(
                ["email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--out", mail + "/daily.eml"], in: root
            )
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try Self.expectDurable(lines, below: mail) == mail + "/daily.eml")
        }
    }

    @Test("render: the staged report is flushed (syncfs), swapped in, then its parent folder fsynced")
    func render() throws {
        try withTemporaryFolder { root in
            let parent = root.resolvingSymlinksInPath().path
            let (run, lines) = try Strace.calls(
                ["render", Fixtures.samples, Self.now, "--out", parent + "/report", "--format", "markdown"], in: root)
            #expect(run.status == 0, "\(run.stderr)")
            let staging = "\(parent)/.report.vb365-new-"
            let flushed = try #require(Self.index(lines, "syncfs(", "<\(staging)"), "\(lines)")
            let renamed = try #require(
                Self.index(lines, after: flushed, "rename", "\"\(staging)", "\"\(parent)/report\""))
            #expect(Self.index(lines, after: renamed, "fsync(", "<\(parent)>)") != nil, "\(lines)")
        }
    }

    @Test("fetch: an archive page is fsynced, renamed in, then its folder fsynced")
    func fetch() throws {
        let sim = try SimulatorProcess([])
        try withTemporaryFolder { root in
            let archive = root.resolvingSymlinksInPath().appendingPathComponent("archive").path
            let (run, lines) = try Strace.calls(
                [
                    "fetch", "--server", sim.url, "--archive", archive, "--username", "vb365\\admin",
                    "--now=2026-11-23T22:01:00Z",
                ], in: root, environment: ["VB365_PASSWORD": "vb365-demo"])
            #expect(run.status == 0, "\(run.stderr)")
            try Self.expectDurable(lines, below: archive)
        }
    }

    @Test("report without --archive: the temporary archive is not flushed (it is removed); the report is")
    func temporaryArchive() throws {
        let sim = try SimulatorProcess([])
        try withTemporaryFolder { root in
            let parent = root.resolvingSymlinksInPath().path
            let (run, lines) = try Strace.calls(
                [
                    "report", "--server", sim.url, "--username", "vb365\\admin", "--now=2026-11-23T22:01:00Z",
                    "--quiet",
                    "--out", parent + "/report", "--format", "markdown",
                ], in: root, environment: ["VB365_PASSWORD": "vb365-demo"])
            #expect(run.status == 0, "\(run.stderr)")
            // The bodies were written (renamed in from their .partial files), but never flushed.
            #expect(Self.index(lines, "rename", ".partial\"", "/vb365-report-") != nil, "\(lines)")
            #expect(Self.index(lines, "fsync(", ".partial>)") == nil, "\(lines)")
            #expect(Self.index(lines, "syncfs(", "<\(parent)/.report.vb365-new-") != nil, "\(lines)")
        }
    }
}
