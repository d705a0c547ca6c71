import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Simulator
import VB365TestSupport

@testable import VB365Fetching

@Suite("fetch keeps a history of the jobs' settings")
struct JobSnapshotTests {
    /// A day after `Harness.now`: every job has run again since.
    static let later = Harness.now.adding(seconds: Seconds.day)

    /// The simulator's world with a backup copy job (served by `/CopyJobs` from v6), generated at
    /// `now`: a later `now` changes every job's `lastRun`, `nextRun` and `lastStatus`, no setting.
    static func data(now: Timestamp = Harness.now) -> SimulatorData {
        var world = SimulatorData.World(now: now)
        world.days = 14
        world.copyJob = true
        return .generated(world)
    }

    /// Fetches `data` at `now` into `archive` as the server whose folder was `previous` (moved to
    /// the address of the simulator serving `data`, as if the same server answered again);
    /// returns the report and the server's folder, relative to the archive.
    static func fetch(
        _ data: SimulatorData, at now: Timestamp, version: APIVersion = .v8, into archive: URL,
        previous: String? = nil, refusals: [String: Int] = [:]
    ) async throws -> (report: FetchReport, folder: String) {
        try await withSimulator(Harness.api(data: data) { $0.faults.refusals = refusals }) { server in
            let folder = Harness.folder(server)
            if let previous {
                try FileManager.default.moveItem(
                    at: archive.appendingPathComponent(previous), to: archive.appendingPathComponent(folder))
            }
            var settings = Harness.settings(server, version: version)
            settings.now = now
            return (try await Fetcher.fetch(settings, into: archive.path), folder)
        }
    }

    /// The jobs snapshot files of a server's folder, by name (`20261123T220100Z-v8-jobs.json`).
    static func snapshots(_ archive: URL, _ folder: String) -> [String: Data] {
        Harness.files(archive.appendingPathComponent(folder + "/infrastructure")).filter { path, _ in
            JobSnapshotFiles.parse(path) != nil
        }
    }

    /// The lists `/Jobs` and `/CopyJobs` a fetch wrote at the top of a server's folder, by name.
    static func lists(_ archive: URL, _ folder: String) -> [String: Data] {
        Harness.files(archive.appendingPathComponent(folder)).filter { path, _ in
            !path.contains("/") && (path.hasPrefix("jobs") || path.hasPrefix("copyjobs"))
        }
    }

    /// The jobs the simulator serves at `version` (the copy job from v6).
    static func served(_ data: SimulatorData, _ version: APIVersion) -> [Job] {
        data.jobs.filter { version >= .v6 || !$0.isCopyJob }
    }

    @Test(
        "the first fetch writes the lists' bodies as a snapshot; a later one with no setting changed writes none",
        arguments: [APIVersion.v5, .v8])
    func firstThenUnchanged(version: APIVersion) async throws {
        try await withTemporaryFolder { archive in
            let data = Self.data()
            let (first, folder) = try await Self.fetch(data, at: Harness.now, version: version, into: archive)
            #expect(first.warnings.isEmpty, "\(first.warnings)")
            let stamp = Fetcher.stamp(Harness.now)
            // The same bodies as the lists, under the stamp of the fetch's other snapshots.
            let lists = Self.lists(archive, folder)
            #expect(lists.keys.contains("jobs.json") && lists.keys.contains("jobs-p2.json"), "\(lists.keys.sorted())")
            #expect(lists.keys.contains("copyjobs.json") == (version >= .v6))
            let written = Self.snapshots(archive, folder)
            #expect(Set(written.keys) == Set(lists.keys.map { "\(stamp)-\(version)-\($0)" }))
            for (name, bytes) in lists { #expect(written["\(stamp)-\(version)-\(name)"] == bytes, "\(name)") }
            #expect(first.jobSnapshots == lists.count)
            #expect(
                Harness.files(archive.appendingPathComponent(folder + "/infrastructure")).keys.contains(
                    "\(stamp)-\(version)-repositories.json"))

            // A day later every job has run again (its lastRun, nextRun and status are new), no
            // setting changed: no jobs snapshot, while the other snapshots are taken again. A part
            // of a snapshot whose writing was cut short (no `-jobs.json`) is removed.
            let part = "\(Fetcher.stamp(Harness.now.adding(seconds: 3600)))-\(version)-jobs-p2.json"
            try Data("[]".utf8).write(to: archive.appendingPathComponent(folder + "/infrastructure/" + part))
            let (second, folder2) = try await Self.fetch(
                Self.data(now: Self.later), at: Self.later, version: version, into: archive, previous: folder)
            #expect(second.warnings.isEmpty, "\(second.warnings)")
            #expect(Self.lists(archive, folder2)["jobs.json"] != lists["jobs.json"], "the lists changed")
            #expect(second.jobSnapshots == 0)
            #expect(Set(Self.snapshots(archive, folder2).keys) == Set(written.keys))
            let laterStamp = Fetcher.stamp(Self.later)
            #expect(
                Harness.files(archive.appendingPathComponent(folder2 + "/infrastructure")).keys.contains(
                    "\(laterStamp)-\(version)-repositories.json"))

            // Read back: the snapshot's jobs with its time and server, apart from the report's
            // jobs, which are the server's jobs as the lists give them, no more, no fewer.
            let read = await InventoryReader.read(InputList([archive.path]))
            #expect(!read.hasErrors, "\(read.diagnostics)")
            let inventory = read.inventory
            let served = Self.served(data, version)
            let snapshot = inventory.infrastructure.jobSnapshots
            #expect(snapshot.count == served.count)
            #expect(snapshot.allSatisfy { $0.time == Harness.now && $0.server == 0 })
            #expect(Set(snapshot.map(\.value.id)) == Set(served.map(\.id)))
            #expect(Set(inventory.jobs.keys) == Set(served.map(\.id)))
            for job in served {
                // The report's job is the newer list's (its last run a day later).
                #expect(inventory.jobs[job.id]?.name == job.name)
                #expect(inventory.jobs[job.id]?.lastRun != snapshot.first { $0.value.id == job.id }?.value.lastRun)
            }

            // A snapshot that cannot be read counts as changed: the next fetch writes one.
            try Data("{".utf8).write(
                to: archive.appendingPathComponent(folder2 + "/infrastructure/\(stamp)-\(version)-jobs-p2.json"))
            let (third, folder3) = try await Self.fetch(
                Self.data(now: Self.later), at: Self.later.adding(seconds: 3600), version: version, into: archive,
                previous: folder2)
            #expect(third.jobSnapshots == lists.count)
            let thirdStamp = Fetcher.stamp(Self.later.adding(seconds: 3600))
            #expect(Self.snapshots(archive, folder3).keys.filter { $0.hasPrefix(thirdStamp) }.count == lists.count)
        }
    }

    @Test("a job disabled and a copy job removed: both lists written again; the deleted job keeps its name only")
    func changed() async throws {
        try await withTemporaryFolder { archive in
            let data = Self.data()
            let (_, folder) = try await Self.fetch(data, at: Harness.now, into: archive)
            var changed = Self.data(now: Self.later)
            let copy = try #require(changed.jobs.first { $0.isCopyJob })
            let disabled = try #require(changed.jobs.firstIndex { !$0.isCopyJob && $0.isEnabled != false })
            changed.jobs[disabled].isEnabled = false
            changed.jobs.removeAll { $0.id == copy.id }
            let (second, folder2) = try await Self.fetch(changed, at: Self.later, into: archive, previous: folder)
            #expect(second.warnings.isEmpty, "\(second.warnings)")
            let stamp = Fetcher.stamp(Self.later)
            // Both lists, the copy jobs' empty now.
            #expect(
                Set(Self.snapshots(archive, folder2).keys.filter { $0.hasPrefix(stamp) })
                    == ["\(stamp)-v8-jobs.json", "\(stamp)-v8-jobs-p2.json", "\(stamp)-v8-copyjobs.json"])
            #expect(second.jobSnapshots == 3)

            let read = await InventoryReader.read(InputList([archive.path]))
            #expect(!read.hasErrors, "\(read.diagnostics)")
            let inventory = read.inventory
            let byTime = Dictionary(grouping: inventory.infrastructure.jobSnapshots) { $0.time! }
            #expect(byTime.keys.sorted() == [Harness.now, Self.later])
            #expect(byTime[Harness.now]?.count == data.jobs.count)
            #expect(Set(byTime[Self.later]?.map(\.value.id) ?? []) == Set(changed.jobs.map(\.id)))
            let id = changed.jobs[disabled].id
            #expect(byTime[Harness.now]?.first { $0.value.id == id }?.value.isEnabled == true)
            #expect(byTime[Self.later]?.first { $0.value.id == id }?.value.isEnabled == false)
            #expect(byTime[Harness.now]?.first { $0.value.id == copy.id }?.value.isCopyJob == true)
            // The report's jobs: the server's now, and the deleted copy job, whose sessions are
            // read, by its name and organization only (no schedule: it is not expected to run).
            #expect(Set(inventory.jobs.keys) == Set(changed.jobs.map(\.id)).union([copy.id]))
            #expect(inventory.jobs[id]?.isEnabled == false)
            let deleted = try #require(inventory.jobs[copy.id])
            #expect(deleted.name == copy.name)
            #expect(deleted.organizationID == copy.organizationID)
            #expect(deleted.schedule == nil && deleted.isEnabled == nil && deleted.nextRun == nil)

            // Nothing changed since: the newest snapshot is the one compared with.
            let (third, _) = try await Self.fetch(
                changed, at: Self.later.adding(seconds: 3600), into: archive, previous: folder2)
            #expect(third.jobSnapshots == 0)
        }
    }

    @Test(
        "a list of jobs not read whole (refused, failed): no snapshot",
        arguments: [["copyjobs": 403], ["jobs": 500]])
    func incomplete(refusals: [String: Int]) async throws {
        try await withTemporaryFolder { archive in
            let (report, folder) = try await Self.fetch(
                Self.data(), at: Harness.now, into: archive, refusals: refusals)
            #expect(!report.warnings.isEmpty)
            #expect(report.jobSnapshots == 0)
            #expect(Self.snapshots(archive, folder).isEmpty)
        }
    }

    /// Two fetches into `archive` (now, and a day later with the copy job removed: two jobs
    /// snapshots), every infrastructure file then dated 40 days back. Returns the server's folder,
    /// its `infrastructure` folder and its address for `ArchiveRetention.prune`.
    static func twoSnapshotsWrittenLongAgo(_ archive: URL) async throws -> (
        folder: String, infrastructure: URL, address: String
    ) {
        let (_, folder) = try await Self.fetch(Self.data(), at: Harness.now, into: archive)
        var changed = Self.data(now: Self.later)
        changed.jobs.removeAll(where: \.isCopyJob)
        let (_, folder2) = try await Self.fetch(changed, at: Self.later, into: archive, previous: folder)
        let infrastructure = archive.appendingPathComponent(folder2 + "/infrastructure")
        let old = Date(timeIntervalSinceNow: -40 * 86_400)
        for name in Harness.files(infrastructure).keys {
            try FileManager.default.setAttributes(
                [.modificationDate: old], ofItemAtPath: infrastructure.appendingPathComponent(name).path)
        }
        let server = try #require(ServerAddress(folderName: String(folder2.dropFirst("servers/".count))))
        return (folder2, infrastructure, "http://\(server)")
    }

    @Test("retention removes older jobs snapshots, never the newest")
    func retention() async throws {
        try await withTemporaryFolder { archive in
            let (folder2, infrastructure, address) = try await Self.twoSnapshotsWrittenLongAgo(archive)
            let cutoff = Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970) - 30 * 86_400)
            let newest = Set(Self.snapshots(archive, folder2).keys.filter { $0.hasPrefix(Fetcher.stamp(Self.later)) })
            #expect(newest.count == 3)
            for _ in 0..<2 {
                _ = try ArchiveRetention.prune(archive: archive.path, server: address, before: cutoff)
                #expect(Set(Harness.files(infrastructure).keys) == newest)
            }
        }
    }

    @Test("retention keeps the newest jobs snapshot before its cutoff too: the next report's baseline")
    func retentionBaseline() async throws {
        try await withTemporaryFolder { archive in
            let (folder2, infrastructure, address) = try await Self.twoSnapshotsWrittenLongAgo(archive)
            // The jobs did not change for longer than the retention: the snapshot before the
            // cutoff is what the newer one is compared with, so the copy job's removal is found.
            let cutoff = Harness.now.adding(seconds: 3600)
            _ = try ArchiveRetention.prune(archive: archive.path, server: address, before: cutoff)
            let kept = Set(Harness.files(infrastructure).keys)
            #expect(kept == Set(Self.snapshots(archive, folder2).keys))
            #expect(kept.contains { $0.hasPrefix(Fetcher.stamp(Harness.now)) })
            #expect(kept.contains { $0.hasPrefix(Fetcher.stamp(Self.later)) })
        }
    }

    @Test("file names: the stamp, list and page of a jobs snapshot; the newest whole one")
    func names() throws {
        let parsed = JobSnapshotFiles.parse("20261123T220100Z-v8-copyjobs-p3.json")
        #expect(parsed == JobSnapshotFiles.Name(stamp: "20261123T220100Z", list: "copyjobs", page: 3))
        #expect(JobSnapshotFiles.parse("20261123T220100Z-v10-jobs.json")?.page == 1)
        for name in [
            "20261123T220100Z-v8-repositories.json", "20261123T220100Z-v8-jobs-p1.json", "20261123T220100Z-jobs.json",
            ".20261123T220100Z-v8-jobs.json", "20261123T220100Z-v8-jobs.json.partial", "2026112T220100Z-v8-jobs.json",
            "20261123T220100Z-v8-jobs-px.json", "20261123T220100Z-8-jobs.json",
        ] {
            #expect(JobSnapshotFiles.parse(name) == nil, "\(name)")
        }
        try withTemporaryFolder { folder in
            try Fixtures.write(
                [
                    "20261120T060000Z-v8-jobs.json": "[]", "20261120T060000Z-v8-copyjobs.json": "[]",
                    "20261121T060000Z-v8-jobs.json": "[]", "20261121T060000Z-v8-jobs-p2.json": "[]",
                    "20261121T060000Z-v8-copyjobs.json": "[]",
                    // A part without its `-jobs.json`: not a whole snapshot.
                    "20261122T060000Z-v8-copyjobs.json": "[]",
                    "20261123T060000Z-v8-jobs.json": "[]", "20261123T060000Z-v8-repositories.json": "[]",
                ], to: folder)
            #expect(JobSnapshotFiles.newest(in: folder.path, atOrBefore: nil)?.first == "20261123T060000Z-v8-jobs.json")
            #expect(
                JobSnapshotFiles.newest(in: folder.path, atOrBefore: "20261122T230000Z") == [
                    "20261121T060000Z-v8-copyjobs.json", "20261121T060000Z-v8-jobs-p2.json",
                    "20261121T060000Z-v8-jobs.json",
                ])
            #expect(JobSnapshotFiles.newest(in: folder.path, atOrBefore: "20261120T060000Z")?.count == 2)
            #expect(JobSnapshotFiles.newest(in: folder.path, atOrBefore: "20261119T000000Z") == nil)
            #expect(JobSnapshotFiles.scan(folder.path, atOrBefore: nil).parts == ["20261122T060000Z-v8-copyjobs.json"])
            #expect(JobSnapshotFiles.scan(folder.path, atOrBefore: "20261121T060000Z").parts.isEmpty)
        }
    }
}
