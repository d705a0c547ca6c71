import Testing
import VB365Decoding
import VB365Model
import VB365TestSupport

@Suite("Decoding a jobs snapshot apart from the jobs")
struct JobSnapshotDecodingTests {
    static let jobs =
        #"[{"id": "j1", "name": "Mailboxes", "isEnabled": false, "backupType": "SelectedItems", "schedulePolicy": {"type": "Daily"}, "lastRun": "2026-11-22T22:00:00Z"}]"#

    @Test(
        "in an infrastructure folder with a time in its name: a snapshot, with its time",
        arguments: [
            "servers/a_443/infrastructure/20261122T060000Z-v8-jobs.json",
            "infrastructure/20261122T060000Z-v6-copyjobs-p2.json",
        ])
    func snapshot(path: String) throws {
        #expect(WireDecoder.Hints(path: path).jobSnapshot)
        let document = try Fixtures.decode(Self.jobs, path: path)
        #expect(document.jobs.isEmpty)
        #expect(document.jobSnapshots.map(\.id) == [.text("j1")])
        #expect(document.jobSnapshots.first?.isEnabled == false)
        #expect(document.jobSnapshots.first?.backupType == "SelectedItems")
        #expect(document.snapshotTime == Timestamp(year: 2026, month: 11, day: 22, hour: 6))
        #expect(!document.isEmpty && document.hasInfrastructure)
    }

    @Test(
        "elsewhere, or without a time: the jobs",
        arguments: [
            "servers/a_443/jobs.json", "servers/a_443/infrastructure/jobs.json",
            "servers/a_443/20261122T060000Z-v8-jobs.json", "infrastructure/old/20261122T060000Z-v8-jobs.json",
        ])
    func jobs(path: String) throws {
        #expect(!WireDecoder.Hints(path: path).jobSnapshot)
        let document = try Fixtures.decode(Self.jobs, path: path)
        #expect(document.jobs.map(\.id) == [.text("j1")])
        #expect(document.jobSnapshots.isEmpty)
    }
}
