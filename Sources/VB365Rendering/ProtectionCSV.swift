import VB365Model
import VB365Statistics
import VB365Text

/// An organization's objects and their protection as CSV (RFC 4180: a header row, CR LF line
/// ends, a field quoted when it holds a comma, a quote or a line break, its quotes doubled), for a
/// spreadsheet. Names come from the organization's users, so a field that a spreadsheet would
/// take for a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) starts
/// with `'` instead. The text is otherwise the data as the server sent it.
package enum ProtectionCSV {
    /// The columns.
    package static let header = [
        "organization", "kind", "id", "name", "address", "account", "state", "reason", "required data",
        "last backup", "overdue hours", "jobs", "first seen", "sla checks met", "sla checks",
    ]

    /// Every object of `tenant`, worst first, as the object table lists them; `jobName` names a
    /// job by its id.
    package static func bytes(_ tenant: TenantProtection, jobName: (EntityID) -> String) -> [UInt8] {
        var out = ""
        out.reserveCapacity(64 + tenant.objects.count * 160)
        append(header, to: &out)
        let organization = tenant.displayName
        for verdict in tenant.objects {
            let o = verdict.object
            let sla = tenant.sla(of: verdict)
            append(
                [
                    organization, o.kind.rawValue, o.id, o.name ?? "", o.address ?? "", o.account?.rawValue ?? "",
                    verdict.state.word, verdict.reason, verdict.required.map(\.word).joined(separator: "; "),
                    verdict.lastBackup.map(utc) ?? "",
                    verdict.overdueSeconds.map { HumanUnits.fixed($0 / 3600, 1) } ?? "",
                    verdict.jobs.map(jobName).joined(separator: "; "), verdict.firstSeen.map(utc) ?? "",
                    sla.map { String($0.met) } ?? "", sla.map { String($0.checks) } ?? "",
                ], to: &out)
        }
        return Array(out.utf8)
    }

    /// `2026-12-07T06:00:00Z`: to the second, in UTC.
    static func utc(_ t: Timestamp) -> String {
        Timestamp(ticks: t.ticks - t.ticks % Timestamp.ticksPerSecond).iso8601
    }

    /// Appends a record and its CR LF.
    static func append(_ fields: [String], to out: inout String) {
        for (at, field) in fields.enumerated() {
            if at > 0 { out.append(",") }
            out.append(self.field(field))
        }
        out.append("\r\n")
    }

    /// A field as written: neutralised when a spreadsheet would take it for a formula, then
    /// quoted when it holds a comma, a quote or a line break.
    package static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else {
            return text
        }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
