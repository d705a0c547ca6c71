import Foundation
import Testing
import VB365Model
import VB365Reading
import VB365TestSupport

@Suite("Reading jobs snapshots: the history of the jobs' settings, never the report's jobs")
struct JobSnapshotReadingTests {
    static let organization = "aaaaaaaa-0000-4000-8000-00000000000a"
    /// Listed by the server's jobs list.
    static let listed = "aaaaaaaa-0000-4000-8000-000000000001"
    /// Deleted since, with no session read.
    static let gone = "aaaaaaaa-0000-4000-8000-000000000002"
    /// Deleted since, with sessions read.
    static let deleted = "aaaaaaaa-0000-4000-8000-000000000003"

    /// A job as v8's `/Jobs` lists it.
    static func job(_ id: String, _ name: String, enabled: Bool = true) -> String {
        """
        {"id": "\(id)", "name": "\(name)", "organizationId": "\(organization)", "isEnabled": \(enabled), \
        "backupType": "EntireOrganization", "schedulePolicy": {"type": "Daily", "dailyType": "Everyday", \
        "dailyTime": "22:00:00"}, "lastRun": "2026-11-22T22:00:00Z", "nextRun": "2026-11-23T22:00:00Z", \
        "lastStatus": "Success"}
        """
    }

    /// A page of jobs.
    static func page(_ jobs: [String]) -> String {
        #"{"offset": 0, "limit": 1000, "results": ["# + jobs.joined(separator: ", ") + "]}"
    }

    /// A finished session of `job` on the night of November `day`.
    static func session(_ number: Int, job: String, day: Int) -> String {
        """
        {"id": "bbbbbbbb-0000-4000-8000-00000000000\(number)", "jobId": "\(job)", \
        "creationTime": "2026-11-\(day)T22:00:00Z", "endTime": "2026-11-\(day)T22:10:00Z", "status": "Success", \
        "retryCount": 0, "statistics": {"processingRateBytesPS": 1000, "transferredDataBytes": 600000, \
        "processedObjects": 4}}
        """
    }

    @Test(
        "an older snapshot's jobs are not the report's jobs; a deleted job with sessions takes only its name and organization"
    )
    func snapshotsApart() async throws {
        try await withTemporaryFolder { archive in
            let a = "servers/vbo.example.com_443/"
            let b = "servers/vbo2.example.com_443/"
            try Fixtures.write(
                [
                    a + "organizations.json":
                        #"[{"id": "\#(Self.organization)", "name": "Contoso", "officeName": "contoso.onmicrosoft.com", "type": "Office365"}]"#,
                    a + "jobs.json": Self.page([Self.job(Self.listed, "Mailboxes")]),
                    a + "copyjobs.json": Self.page([]),
                    a + "infrastructure/20261120T060000Z-v8-jobs.json": Self.page([
                        Self.job(Self.listed, "Mailboxes"), Self.job(Self.gone, "Teams"),
                        Self.job(Self.deleted, "Sites (old name)"),
                    ]),
                    a + "infrastructure/20261120T060000Z-v8-copyjobs.json": Self.page([]),
                    a + "infrastructure/20261122T060000Z-v8-jobs.json": Self.page([
                        Self.job(Self.listed, "Mailboxes"), Self.job(Self.deleted, "Sites", enabled: false),
                    ]),
                    a + "sessions/20261123T060000Z-v8-p0001.json":
                        "[" + Self.session(1, job: Self.listed, day: 21) + ", "
                        + Self.session(2, job: Self.deleted, day: 21) + "]",
                    // Another server holding the same job id (a cloned server): kept apart.
                    b + "jobs.json": Self.page([Self.job(Self.listed, "Mailboxes (clone)")]),
                    b + "infrastructure/20261121T060000Z-v8-jobs.json": Self.page([
                        Self.job(Self.listed, "Mailboxes (clone)", enabled: false)
                    ]),
                ], to: archive)
            let read = await Fixtures.read([archive.path])
            #expect(!read.hasErrors, "\(read.diagnostics)")
            #expect(read.diagnostics.isEmpty, "\(read.diagnostics)")
            let inventory = read.inventory
            let clone = EntityID.text(Self.listed + "@vbo2.example.com:443")

            // The report's jobs: those listed, and the deleted job whose sessions are read; not
            // the one the old snapshot lists without a session.
            #expect(Set(inventory.jobs.keys) == [EntityID(Self.listed), EntityID(Self.deleted), clone])
            #expect(inventory.jobs[EntityID(Self.gone)] == nil)
            let deleted = try #require(inventory.jobs[EntityID(Self.deleted)])
            #expect(deleted.name == "Sites", "the newest snapshot's name")
            #expect(deleted.organizationID == EntityID(Self.organization))
            #expect(deleted.schedule == nil && deleted.isEnabled == nil && deleted.nextRun == nil)
            #expect(deleted.lastRun == nil && deleted.backupType == nil)
            #expect(inventory.jobs[EntityID(Self.listed)]?.isEnabled == true)
            #expect(inventory.jobs[clone]?.name == "Mailboxes (clone)")

            // The snapshots, each job with its time and server, ids scoped as the jobs' are.
            let snapshots = inventory.infrastructure.jobSnapshots
            #expect(snapshots.count == 6)
            let stamps = Dictionary(grouping: snapshots) { $0.time! }.mapValues { $0.map(\.value.id) }
            #expect(
                stamps == [
                    Timestamp(year: 2026, month: 11, day: 20, hour: 6): [
                        EntityID(Self.listed), EntityID(Self.gone), EntityID(Self.deleted),
                    ],
                    Timestamp(year: 2026, month: 11, day: 21, hour: 6): [clone],
                    Timestamp(year: 2026, month: 11, day: 22, hour: 6): [
                        EntityID(Self.listed), EntityID(Self.deleted),
                    ],
                ])
            let servers = inventory.servers.map(\.address)
            for reading in snapshots {
                let address = servers[Int(reading.server)]
                #expect(address == (reading.value.id == clone ? "vbo2.example.com:443" : "vbo.example.com:443"))
            }
            #expect(snapshots.first { $0.value.id == clone }?.value.isEnabled == false)
            #expect(inventory.jobServers[clone] == 1)
        }
    }

    @Test("a jobs list outside an infrastructure folder, or without a time, is the report's jobs as before")
    func notSnapshots() async throws {
        try await withTemporaryFolder { archive in
            try Fixtures.write(
                [
                    "20261120T060000Z-v8-jobs.json": Self.page([Self.job(Self.listed, "Mailboxes")]),
                    "infrastructure/jobs.json": Self.page([Self.job(Self.gone, "Teams")]),
                ], to: archive)
            let read = await Fixtures.read([archive.path])
            #expect(!read.hasErrors, "\(read.diagnostics)")
            #expect(Set(read.inventory.jobs.keys) == [EntityID(Self.listed), EntityID(Self.gone)])
            #expect(read.inventory.infrastructure.jobSnapshots.isEmpty)
        }
    }
}
