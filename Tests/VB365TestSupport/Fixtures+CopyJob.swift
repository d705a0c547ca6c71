import Foundation

extension Fixtures {
    /// The organization of `copyJobFiles`.
    package static let copyOrganizationID = "c0b1e5a0-0000-4000-8000-000000000001"
    /// The backup job of `copyJobFiles`.
    package static let backupJobID = "c0b1e5a0-0000-4000-8000-000000000010"
    /// The backup copy job of `copyJobFiles`.
    package static let copyJobID = "c0b1e5a0-0000-4000-8000-000000000020"

    /// The id of the session of `job` (1 the backup job, 2 its copy) on night `night` (0–7).
    package static func copyFixtureSessionID(job: Int, night: Int) -> String {
        "c0b1e5a0-0000-4000-8000-0000000\(job)\(String(format: "%04d", night))"
    }

    /// A backup job (`Mailboxes`) and its backup copy job (`Mailboxes (copy)`, from `/CopyJobs`),
    /// eight nights each (November 15th to 22nd, 2026), in v7 shapes: the backup runs at 22:00 at
    /// about 10 MB/s, the copy at 23:00 at 200 MB/s, twenty times as fast. On the last night the
    /// backup warns at 12 MB/s and the copy warns at 100 MB/s (half its usual rate). Written under
    /// the keys' relative paths (`Fixtures.write`).
    package static var copyJobFiles: [String: String] {
        let organization = copyOrganizationID
        var sessions: [String] = []
        for night in 0..<8 {
            let day = 15 + night
            let last = night == 7
            let backupRate = last ? 12_000_000 : 10_000_000 + night * 10_000
            let copyRate = last ? 100_000_000 : 200_000_000 + night * 100_000
            for (job, id, hour, rate, type) in [
                (1, backupJobID, 22, backupRate, "Backup"), (2, copyJobID, 23, copyRate, "Copy"),
            ] {
                sessions.append(
                    """
                    {"id": "\(copyFixtureSessionID(job: job, night: night))", "jobId": "\(id)", \
                    "creationTime": "2026-11-\(day)T\(hour):00:00Z", "endTime": "2026-11-\(day)T\(hour):10:00Z", \
                    "retryCount": 0, "jobWillBeRetried": false, "jobType": "\(type)", \
                    "status": "\(last ? "Warning" : "Success")", \
                    "statistics": {"processingRateBytesPS": \(rate), "readRateBytesPS": \(rate), \
                    "writeRateBytesPS": \(rate), "transferredDataBytes": \(rate * 600), "processedObjects": 40}, \
                    "_links": {"self": {"href": "/v7/JobSessions/\(copyFixtureSessionID(job: job, night: night))"}, \
                    "job": {"href": "/v7/Jobs/\(id)"}}}
                    """)
            }
        }
        return [
            "organizations.json":
                #"[{"id": "\#(organization)", "name": "Contoso", "officeName": "contoso.onmicrosoft.com", "type": "Office365", "_links": {"self": {"href": "/v7/Organizations/\#(organization)"}}}]"#,
            "jobs.json":
                #"[{"id": "\#(backupJobID)", "organizationId": "\#(organization)", "name": "Mailboxes", "backupType": "EntireOrganization", "schedulePolicy": {"type": "Daily", "dailyType": "Everyday", "dailyTime": "22:00:00"}, "isEnabled": true, "_links": {"self": {"href": "/v7/Jobs/\#(backupJobID)"}, "organization": {"href": "/v7/Organizations/\#(organization)"}}}]"#,
            "copyjobs.json":
                #"[{"backupJobId": "\#(backupJobID)", "schedulePolicy": {"type": "Immediate"}, "id": "\#(copyJobID)", "name": "Mailboxes (copy)", "isEnabled": true, "_links": {"self": {"href": "/v7/CopyJobs/\#(copyJobID)"}, "backupJob": {"href": "/v7/Jobs/\#(backupJobID)"}, "organization": {"href": "/v7/Organizations/\#(organization)"}}}]"#,
            "sessions.json": "[" + sessions.joined(separator: ",\n") + "]",
        ]
    }
}
