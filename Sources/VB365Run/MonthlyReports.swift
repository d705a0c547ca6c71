import Foundation
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365Support
import VB365Text

/// What `run`'s `monthly:` section has written, kept in the monthly folder (`fileName`): the
/// newest month whose reports are there. The first run on or after the 1st of a month (in the
/// configured time zone) writes the month before it, once: the record is written only after the
/// month's folder is in place, so a run that fails (or is killed) before leaves the month due, and
/// the next run writes it again.
package enum MonthlyReports {
    /// The record in the monthly folder; hidden, beside the `<yyyy-mm>` folders.
    package static let fileName = ".vb365-monthly.json"

    /// The newest month written, when, and how many organizations' reports it holds.
    package struct Record: Sendable, Equatable {
        package var month: ReportMonth
        /// When the run that wrote it began (`--now`).
        package var written: Timestamp
        package var organizations: Int

        /// A record.
        package init(month: ReportMonth, written: Timestamp, organizations: Int) {
            self.month = month
            self.written = written
            self.organizations = organizations
        }

        /// The file's text: `{"month":"2026-11","written":"2026-12-01T05:10:00Z","organizations":2}`.
        var bytes: [UInt8] {
            Array(
                "{\"month\":\"\(month)\",\"written\":\"\(written.iso8601)\",\"organizations\":\(organizations)}\n".utf8)
        }
    }

    /// The folder that holds the reports of `month`: `folder/2026-11`.
    package static func folder(of month: ReportMonth, in folder: String) -> String { folder + "/\(month)" }

    /// The record kept in `folder`; nil when there is none or it cannot be read (the month before
    /// is then written again: a record is only ever a reason to do nothing).
    package static func read(folder: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let month = (object["month"] as? String).flatMap(ReportMonth.init),
            let text = object["written"] as? String, case .time(let written) = TimestampParser.parse(text)
        else { return nil }
        return Record(month: month, written: written, organizations: object["organizations"] as? Int ?? 0)
    }

    /// Keeps `record` in `folder`, replacing the earlier one atomically.
    package static func record(_ record: Record, folder: String) throws(WriteFailure) {
        try DurableFile.createFolders(folder)
        try DurableFile.write(record.bytes, to: folder + "/" + fileName)
    }

    /// The month that ended before `now`'s, in `zone`.
    package static func lastMonth(at now: Timestamp, zone: LocalTime) -> ReportMonth {
        ReportMonth.containing(now, in: zone).previous
    }

    /// The month whose reports a run at `now` writes into `folder`: the month that ended, unless
    /// the record has it (or a later one: a clock set back writes nothing); nil then.
    package static func due(at now: Timestamp, zone: LocalTime, folder: String) -> ReportMonth? {
        let month = lastMonth(at: now, zone: zone)
        if let done = read(folder: folder)?.month, done >= month { return nil }
        return month
    }

    /// How many organizations' reports the month's folder `folder` holds (those in the first of
    /// `formats`; the index left out).
    static func reports(in folder: String, month: ReportMonth, formats: [OutputFormat]) -> Int {
        guard let format = formats.first else { return 0 }
        let suffix = "-\(month).\(format.fileExtension)"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(suffix) }
            .count
    }
}
