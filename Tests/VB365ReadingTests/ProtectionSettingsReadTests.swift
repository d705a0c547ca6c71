import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365Support
import VB365TestSupport

/// A snapshot's settings part (header, jobs, items, restore points) comes before its objects, so
/// that comparing settings reads only the start of each file.
@Suite("Protection snapshots: the restore points before the objects, and reading only the settings")
struct ProtectionSettingsReadTests {
    /// The sample of `ProtectionSnapshotFileTests`, with `objects` objects and `points` restore
    /// points more, named so that they compress like real ones (not to nothing).
    static func snapshot(objects: Int = 0, points: Int = 0) -> ProtectionSnapshot {
        var s = ProtectionSnapshotFileTests.sample()
        for k in 0..<objects {
            var o = ProtectionObject(kind: .user, id: "user-\(k)-\(FNV.hash(k))")
            o.name = "User \(FNV.hash(k * 7))"
            o.address = "u\(FNV.hash(k * 13))@fabrikam.com"
            o.backups = [.mailbox: BackupMark(isBackedUp: true, time: s.taken.adding(seconds: -Double(k % 5000)))]
            s.objects.append(o)
        }
        for k in 0..<points {
            var p = RestorePoint(id: "rp-\(k)-\(FNV.hash(k * 3))")
            p.jobID = s.jobs[0].id
            p.backupTime = s.taken.adding(seconds: -Double(k * 61))
            p.data = [.exchange]
            s.restorePoints.append(p)
        }
        return s
    }

    /// A small stable hash, for names that do not repeat.
    enum FNV {
        static func hash(_ k: Int) -> UInt64 { FNV1a.hash(String(k).utf8) }
    }

    /// The kind (first member) of each line of `text`.
    static func kinds(_ text: String) -> [String] {
        text.split(separator: "\n").map { line in
            String(line.dropFirst(2).prefix { $0 != "\"" })
        }
    }

    /// `lines(_:)` in the order files had before the restore points moved: objects, then restore
    /// points.
    static func oldOrder(_ s: ProtectionSnapshot) -> String {
        let lines = ProtectionSnapshotFile.lines(s).split(separator: "\n", omittingEmptySubsequences: false)
        let points = lines.filter { $0.hasPrefix("{\"restorePoint\"") }
        let rest = lines.filter { !$0.hasPrefix("{\"restorePoint\"") && !$0.isEmpty }
        return (rest + points).joined(separator: "\n") + "\n"
    }

    /// Writes `bytes` to `name` in `folder` and returns its path.
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("lines: the header, the jobs, the items, the restore points, then the objects")
    func order() {
        let kinds = Self.kinds(ProtectionSnapshotFile.lines(Self.snapshot(objects: 3, points: 2)))
        #expect(
            kinds == ["format", "job", "item", "item"] + Array(repeating: "restorePoint", count: 3)
                + Array(repeating: "object", count: 5))
    }

    @Test("read takes either order: restore points after the objects (older files) or before them")
    func bothOrders() throws {
        let s = Self.snapshot(objects: 4, points: 3)
        let old = Self.oldOrder(s)
        #expect(Self.kinds(old).last == "restorePoint")
        for text in [ProtectionSnapshotFile.lines(s), old] {
            for bytes in [Array(text.utf8), Gzip.compress(Array(text.utf8))] {
                let back = try ProtectionSnapshotFile.decode(bytes, path: "x").get()
                #expect(back.jobs == s.jobs && back.jobItems == s.jobItems)
                #expect(back.objects == s.objects)
                #expect(back.restorePoints == s.restorePoints)
            }
        }
    }

    @Test("readSettings: header, jobs, items and restore points, no objects, gzip-compressed or plain")
    func settings() throws {
        let s = Self.snapshot(objects: 20_000, points: 50)
        try withTemporaryFolder { folder in
            let gz = try Self.write(ProtectionSnapshotFile.encode(s), "20261207T020000Z-a.jsonl.gz", in: folder)
            let plain = try Self.write(
                Array(ProtectionSnapshotFile.lines(s).utf8), "20261207T020000Z-a.jsonl", in: folder)
            for path in [gz, plain] {
                let back = try ProtectionSnapshotFile.readSettings(path).get()
                #expect(back.organizationID == s.organizationID && back.organizationName == s.organizationName)
                #expect(back.taken == s.taken && back.version == s.version && back.sources == s.sources)
                #expect(back.jobs == s.jobs)
                #expect(back.jobItems == s.jobItems)
                #expect(back.restorePoints == s.restorePoints)
                #expect(back.objects.isEmpty)
                let whole = try ProtectionSnapshotFile.read(path).get()
                #expect(whole.objects.count == s.objects.count && whole.restorePoints == s.restorePoints)
            }
        }
        // Without any object, the whole file is the settings.
        var none = Self.snapshot(points: 2)
        none.objects = []
        let back = try ProtectionSnapshotFile.decodeSettings(ProtectionSnapshotFile.encode(none), path: "x").get()
        #expect(back.restorePoints == none.restorePoints && back.jobItems == none.jobItems)
    }

    @Test("readSettings of a file in the old order: its jobs and items, no restore points (they follow the objects)")
    func oldFileHasNoRestorePoints() throws {
        let s = Self.snapshot(objects: 5, points: 3)
        let old = Array(Self.oldOrder(s).utf8)
        try withTemporaryFolder { folder in
            for (bytes, name) in [(old, "o.jsonl"), (Gzip.compress(old), "o.jsonl.gz")] {
                let back = try ProtectionSnapshotFile.readSettings(try Self.write(bytes, name, in: folder)).get()
                #expect(back.jobs == s.jobs && back.jobItems == s.jobItems)
                #expect(back.restorePoints.isEmpty && back.objects.isEmpty)
            }
        }
    }

    @Test("readSettings of a truncated, damaged or missing file is a failure naming it, never a crash")
    func truncated() throws {
        // 3,000 restore points: the settings part is more than a third of the compressed file.
        let s = Self.snapshot(objects: 2000, points: 3000)
        let gz = ProtectionSnapshotFile.encode(s)
        let text = Array(ProtectionSnapshotFile.lines(s).utf8)
        let firstObject = try #require(
            text.indices.first { text[$0...].starts(with: Array("\n{\"object\"".utf8)) })
        try withTemporaryFolder { folder in
            for cut in [0, 1, 10, gz.count / 3] {
                let path = try Self.write(Array(gz.prefix(cut)), "cut\(cut).jsonl.gz", in: folder)
                guard case .failure(let failure) = ProtectionSnapshotFile.readSettings(path) else {
                    Issue.record("a gzip file cut at \(cut) of \(gz.count) bytes was read")
                    continue
                }
                #expect(failure.exitStatus == .dataError)
                #expect(failure.description.contains(path) && failure.description.contains("remove it"))
            }
            // Plain, cut inside a restore point's line: the line is named.
            let lineStart = try #require(text[(firstObject / 2)...].firstIndex(of: 0x0A))
            let plain = try Self.write(Array(text.prefix(lineStart + 10)), "cut.jsonl", in: folder)
            guard case .failure(let failure) = ProtectionSnapshotFile.readSettings(plain) else {
                Issue.record("a plain file cut in its restore points was read")
                return
            }
            #expect(failure.diagnostics.first?.position != nil)
            #expect(failure.description.contains(plain))
            // Cut among the objects: what readSettings reads is whole (read refuses the file).
            let late = try Self.write(Array(gz.prefix(gz.count - 40)), "late.jsonl.gz", in: folder)
            #expect(try ProtectionSnapshotFile.readSettings(late).get().restorePoints.count == 3001)
            #expect(throws: Failure.self) { try ProtectionSnapshotFile.read(late).get() }
            let missing = folder.appendingPathComponent("missing.jsonl.gz").path
            guard case .failure(let absent) = ProtectionSnapshotFile.readSettings(missing) else {
                Issue.record("a missing file was read")
                return
            }
            #expect(absent.description.contains("cannot be read"))
        }
    }
}
