import Testing
import VB365Model
import VB365Reading
import VB365Support

@Suite("Protection snapshots: the archive's compact, gzip-compressed file of one organization")
struct ProtectionSnapshotFileTests {
    static let taken = Timestamp(year: 2026, month: 12, day: 7, hour: 2)

    /// A snapshot with every kind of line, and names that break careless formats.
    static func sample() -> ProtectionSnapshot {
        var s = ProtectionSnapshot(organizationID: EntityID("6f1d3c1e-0000-4000-8000-000000000001"), taken: taken)
        s.organizationName = "Fabrikam \"<b>\" | `x` ‏שלום"
        s.version = .v8
        s.sources = [.users: .complete, .groups: .partial, .backupData: .unavailable]
        s.jobs = [
            ProtectionJob(
                id: EntityID("6f1d3c1e-0000-4000-8000-0000000000aa"), name: "Mail\n&", backupType: "EntireOrganization",
                isEnabled: true)
        ]
        var item = JobItem(jobID: s.jobs[0].id, isExclusion: true, type: .site)
        item.objectID = "site-1"
        item.address = "https://fabrikam.sharepoint.com/sites/../x"
        item.data = [.site]
        s.jobItems = [item, JobItem(jobID: s.jobs[0].id, isExclusion: false, type: .other("Weird"))]
        var user = ProtectionObject(kind: .user, id: "u-1")
        user.name = "Zoë 🚀 <script>"
        user.address = "zoe@fabrikam.com"
        user.account = .shared
        user.inDirectory = true
        user.backups = [
            .mailbox: BackupMark(isBackedUp: true, time: taken.adding(seconds: -3600)),
            .oneDrive: BackupMark(isBackedUp: true, time: nil), .archive: BackupMark(isBackedUp: false, time: nil),
        ]
        user.license = LicenseMark(state: .exceeded, isBackedUp: false, lastBackup: nil)
        var site = ProtectionObject(kind: .site, id: "site-1")
        site.isPersonal = true
        s.objects = [user, site]
        var point = RestorePoint(id: "rp-1")
        point.jobID = s.jobs[0].id
        point.backupTime = taken.adding(seconds: -7200)
        point.data = [.exchange, .teams]
        point.isCopy = true
        point.immutableUntil = taken.adding(seconds: 86_400)
        s.restorePoints = [point]
        return s
    }

    @Test("a snapshot reads back as it was written, hostile names and all")
    func roundTrip() throws {
        let s = Self.sample()
        let bytes = ProtectionSnapshotFile.encode(s)
        #expect(Gzip.isGzip(bytes))
        let back = try ProtectionSnapshotFile.decode(bytes, path: "x.jsonl.gz").get()
        #expect(back.organizationID == s.organizationID)
        #expect(back.organizationName == s.organizationName)
        #expect(back.taken == s.taken)
        #expect(back.version == .v8)
        #expect(back.sources == s.sources)
        #expect(back.jobs == s.jobs)
        #expect(back.jobItems == s.jobItems)
        #expect(back.objects == s.objects)
        #expect(back.restorePoints == s.restorePoints)
        // Plain JSON lines read too (a file someone unpacked).
        let plain = try ProtectionSnapshotFile.decode(Array(ProtectionSnapshotFile.lines(s).utf8), path: "x").get()
        #expect(plain.objects == s.objects)
    }

    @Test("every line is one JSON object: names cannot break a line")
    func oneObjectALine() {
        let lines = ProtectionSnapshotFile.lines(Self.sample()).split(separator: "\n")
        #expect(lines.count == 1 + 1 + 2 + 2 + 1)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
    }

    @Test("a damaged file is an error naming the file and what to do, never a crash")
    func damaged() {
        let bytes = ProtectionSnapshotFile.encode(Self.sample())
        for cut in [0, 1, 10, bytes.count / 2, bytes.count - 1] {
            let result = ProtectionSnapshotFile.decode(Array(bytes.prefix(cut)), path: "p/a.jsonl.gz")
            guard case .failure(let failure) = result else {
                Issue.record("a file cut at \(cut) bytes was read")
                continue
            }
            #expect(failure.exitStatus == .dataError)
            #expect(failure.description.contains("p/a.jsonl.gz"))
            #expect(failure.description.contains("remove it"))
        }
        var text = Array(ProtectionSnapshotFile.lines(Self.sample()).utf8)
        text.insert(contentsOf: Array("{\"object\":".utf8), at: text.count)
        guard case .failure(let failure) = ProtectionSnapshotFile.decode(text, path: "b") else {
            Issue.record("a cut line was read")
            return
        }
        #expect(failure.diagnostics.first?.position?.line == 8)
    }

    @Test("a line of a kind this version does not know is skipped; another format is refused")
    func kinds() throws {
        var text = ProtectionSnapshotFile.lines(Self.sample())
        text += "{\"future\":1,\"x\":[1,{\"y\":null}]}\n"
        let back = try ProtectionSnapshotFile.decode(Array(text.utf8), path: "x").get()
        #expect(back.objects.count == 2)
        let other = text.replacingOccurrences(of: "\"formatVersion\":1", with: "\"formatVersion\":2")
        #expect(throws: Failure.self) { try ProtectionSnapshotFile.decode(Array(other.utf8), path: "x").get() }
    }

    @Test("file names give the time and the organization")
    func names() throws {
        let name = ProtectionSnapshotFile.name(
            stamp: "20261207T020000Z", organization: EntityID("6f1d3c1e-0000-4000-8000-000000000001"))
        let parsed = try #require(ProtectionSnapshotFile.parseName(name))
        #expect(parsed.taken == Self.taken)
        #expect(parsed.organization == EntityID("6f1d3c1e-0000-4000-8000-000000000001"))
        #expect(ProtectionSnapshotFile.parseName("x.jsonl.gz") == nil)
        #expect(ProtectionSnapshotFile.parseName("20261307T020000Z-abc-def-ghi.jsonl.gz") == nil)
    }
}
