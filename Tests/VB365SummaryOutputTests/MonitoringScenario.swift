import Foundation
import VB365Model
import VB365Statistics
import VB365TestSupport

/// Jobs and sessions written as VB365 v8 JSON into a folder, then summarised at `now`: the
/// situations a monitoring check must tell apart, with names a test chooses (hostile ones too).
struct MonitoringScenario {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)
    static let organizationID = "a397e49b-9c45-494f-bfa7-1b0a2f9c7770"

    struct Session {
        var start: String
        var end: String?
        var status: String
        var transferred = "1.5 GB"
        var rate = "10 MB/s (5 items/s)"
    }

    struct Job {
        var id: String
        var name: String
        var sessions: [Session]
    }

    var jobs: [Job]

    /// A job id from a number: `10000000-0000-4000-8000-00000000000N`.
    static func id(_ n: Int) -> String {
        "10000000-0000-4000-8000-" + String(repeating: "0", count: 12 - "\(n)".count) + "\(n)"
    }

    /// A nightly Success at 22:00–22:20 on the 22nd, and one the night before.
    static func healthy(_ n: Int, _ name: String) -> Job {
        Job(
            id: id(n), name: name,
            sessions: [
                Session(start: "2026-11-21T22:00:00Z", end: "2026-11-21T22:20:00Z", status: "Success"),
                Session(start: "2026-11-22T22:00:00Z", end: "2026-11-22T22:20:00Z", status: "Success"),
            ])
    }

    /// As `healthy`, but the last run ended `status`.
    static func ended(_ n: Int, _ name: String, _ status: String) -> Job {
        var job = healthy(n, name)
        job.sessions[1].status = status
        return job
    }

    /// Writes the files and summarises them.
    func summary(_ name: String = #function) async throws -> Summary {
        return try await withTemporaryFolder("monitoring-" + name) { folder in
            var sessions: [[String: Any]] = []
            var n = 0
            for job in jobs {
                for s in job.sessions {
                    n += 1
                    var session: [String: Any] = [
                        "id": "20000000-0000-4000-8000-" + String(format: "%012d", n), "creationTime": s.start,
                        "status": s.status,
                        "statistics": [
                            "processingRate": s.rate, "transferredData": s.transferred, "processedObjects": 100,
                        ],
                        "_links": ["job": ["href": "/v8/Jobs/\(job.id)"]],
                    ]
                    if let end = s.end { session["endTime"] = end }
                    sessions.append(session)
                }
            }
            let jobs = self.jobs.map { job -> [String: Any] in
                [
                    "id": job.id, "name": job.name, "organizationId": Self.organizationID, "isEnabled": true,
                    "schedulePolicy": ["type": "Daily", "dailyType": "Everyday", "dailyTime": "22:00:00"],
                    "_links": ["organization": ["href": "/v8/Organizations/\(Self.organizationID)"]],
                ]
            }
            let organizations: [[String: Any]] = [
                ["id": Self.organizationID, "name": "Contoso Ltd", "type": "Office365"]
            ]
            func json(_ value: Any) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
            }
            try Fixtures.write(
                [
                    "sessions.json": try json(sessions), "jobs.json": try json(jobs),
                    "organizations.json": try json(organizations),
                ], to: folder)
            let result = await Fixtures.read([folder.path])
            return Summarizer.summarize(result.inventory, options: SummaryOptions(now: Self.now))
        }
    }
}
