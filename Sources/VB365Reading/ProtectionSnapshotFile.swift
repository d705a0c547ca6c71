import VB365Decoding
import VB365Model
import VB365Support

/// The archive's file of one protection snapshot: `protection/<stamp>-<organization-id>.jsonl.gz`
/// in the server's folder. Not the server's bodies (an estate of 100,000 objects would add
/// hundreds of megabytes a day) but what the fetch joined from them, one JSON object a line,
/// gzip-compressed: a header, then the jobs, the jobs' items, the new restore points and the
/// objects. Every line names its kind by its first member (`job`, `item`, `restorePoint`,
/// `object`); a reader skips a kind it does not know, so later versions may add kinds.
///
/// The objects come last (there may be a million of them) so that `readSettings` can stop at the
/// first of them: it reads and decompresses only the jobs, their items and the restore points.
/// Files written before that order put the restore points after the objects; `read` reads either
/// order, `readSettings` finds no restore points in them.
///
/// An object's `backups` maps a data kind to its newest backup time, `true` (backed up, no time
/// sent) or `false` (reported, not backed up).
public enum ProtectionSnapshotFile {
    /// The folder of protection snapshots in a server's folder.
    public static let folder = "protection"
    /// The header's `format`.
    public static let format = "vb365-report protection snapshot"
    /// The format's version this code writes and reads.
    public static let formatVersion = 1

    /// The file name of a snapshot of `organization` taken at `stamp` (`20261207T020000Z`):
    /// gzip-compressed (`.jsonl.gz`, as the fetch writes it) or plain (`.jsonl`, the samples).
    public static func name(stamp: String, organization: EntityID, compressed: Bool = true) -> String {
        "\(stamp)-\(organization).jsonl" + (compressed ? ".gz" : "")
    }

    /// The stamp of a time in file names: `20261207T020000Z`.
    public static func stamp(_ t: Timestamp) -> String {
        let c = t.civil
        func p(_ v: Int, _ n: Int = 2) -> String { Formatting.pad(v, n) }
        return "\(p(c.year, 4))\(p(c.month))\(p(c.day))T\(p(c.hour))\(p(c.minute))\(p(c.second))Z"
    }

    /// True for a name `name(stamp:organization:compressed:)` gives.
    public static func isSnapshotName(_ name: String) -> Bool {
        (name.hasSuffix(".jsonl.gz") || name.hasSuffix(".jsonl")) && !name.hasPrefix(".") && name.utf8.count > 23
    }

    /// The snapshot as the file's bytes (gzip-compressed JSON lines).
    public static func encode(_ snapshot: ProtectionSnapshot) -> [UInt8] {
        Gzip.compress(Array(lines(snapshot).utf8))
    }

    /// The snapshot as uncompressed JSON lines: the header, the jobs, the jobs' items, the
    /// restore points, then the objects.
    public static func lines(_ s: ProtectionSnapshot) -> String {
        var out = "{\"format\":\"\(format)\",\"formatVersion\":\(formatVersion)"
        field("organization", s.organizationID.description, &out)
        field("name", s.organizationName, &out)
        field("taken", s.taken.iso8601, &out)
        field("version", s.version?.description, &out)
        out += ",\"sources\":{"
        out += s.sources.sorted { $0.key < $1.key }.map { "\"\($0.key.rawValue)\":\"\($0.value.rawValue)\"" }
            .joined(separator: ",")
        out += "}}\n"
        for job in s.jobs {
            out += "{"
            out += "\"job\":" + Escaping.jsonString(job.id.description)
            field("name", job.name, &out)
            field("backupType", job.backupType, &out)
            if let enabled = job.isEnabled { out += ",\"enabled\":\(enabled)" }
            out += "}\n"
        }
        for item in s.jobItems { appendItem(item, &out) }
        for point in s.restorePoints { appendRestorePoint(point, &out) }
        for object in s.objects { appendObject(object, &out) }
        return out
    }

    private static func field(_ name: String, _ value: String?, _ out: inout String) {
        guard let value else { return }
        out += ",\"\(name)\":"
        out += Escaping.jsonString(value)
    }

    private static func names(_ values: [String]) -> String {
        "[" + values.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    private static func appendItem(_ item: JobItem, _ out: inout String) {
        out += "{\"item\":" + Escaping.jsonString(item.jobID.description)
        if item.isExclusion { out += ",\"exclusion\":true" }
        field("type", item.type.wire, &out)
        field("id", item.objectID, &out)
        field("name", item.name, &out)
        field("address", item.address, &out)
        if !item.data.isEmpty { out += ",\"data\":" + names(item.data.sorted().map(\.rawValue)) }
        if item.includesMembers { out += ",\"members\":true" }
        out += "}\n"
    }

    private static func appendObject(_ o: ProtectionObject, _ out: inout String) {
        out += "{\"object\":\"\(o.kind.rawValue)\""
        field("id", o.id, &out)
        field("name", o.name, &out)
        field("address", o.address, &out)
        field("account", o.account?.rawValue, &out)
        if o.isPersonal { out += ",\"personal\":true" }
        if o.inDirectory { out += ",\"directory\":true" }
        if !o.backups.isEmpty {
            out += ",\"backups\":{"
            var first = true
            for data in ProtectedData.allCases {
                guard let mark = o.backups[data] else { continue }
                out += first ? "" : ","
                first = false
                out += "\"\(data.rawValue)\":"
                out += mark.time.map { "\"\($0.iso8601)\"" } ?? (mark.isBackedUp ? "true" : "false")
            }
            out += "}"
        }
        if let license = o.license {
            out += ",\"license\":{\"state\":" + Escaping.jsonString(license.state.wire)
            if let backedUp = license.isBackedUp { out += ",\"backedUp\":\(backedUp)" }
            field("last", license.lastBackup?.iso8601, &out)
            out += "}"
        }
        out += "}\n"
    }

    private static func appendRestorePoint(_ p: RestorePoint, _ out: inout String) {
        out += "{\"restorePoint\":" + Escaping.jsonString(p.id)
        field("job", p.jobID?.description, &out)
        field("organization", p.organizationID?.description, &out)
        field("repository", p.repositoryID?.description, &out)
        field("time", p.backupTime?.iso8601, &out)
        if !p.data.isEmpty {
            out += ",\"data\":" + names(RestorePointData.allCases.filter(p.data.contains).map(\.rawValue))
        }
        if p.isCopy { out += ",\"copy\":true" }
        if p.isLongTermCopy { out += ",\"longTerm\":true" }
        if p.isRetrieved { out += ",\"retrieved\":true" }
        field("immutableUntil", p.immutableUntil?.iso8601, &out)
        out += "}\n"
    }
}

extension ProtectionSnapshotFile {
    /// The time and organization a snapshot's file name gives; nil for another name.
    public static func parseName(_ name: String) -> (taken: Timestamp, organization: EntityID)? {
        guard isSnapshotName(name) else { return nil }
        let base = name.dropLast(name.hasSuffix(".gz") ? ".jsonl.gz".count : ".jsonl".count)
        guard let dash = base.firstIndex(of: "-") else { return nil }
        let stamp = Array(base[..<dash].utf8)
        // 20261207T020000Z
        guard stamp.count == 16, stamp[8] == UInt8(ascii: "T"), stamp[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: stamp[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let time = Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return (time, EntityID(String(base[base.index(after: dash)...])))
    }
}
