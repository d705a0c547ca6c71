import VB365Model
import VB365Statistics

extension ConfigurationBuilder {
    /// The restore audit's settings (`security.restore-*`, `working-hours`, `working-days`).
    mutating func restoreAudit() -> RestoreAuditSettings {
        var a = RestoreAuditSettings()
        a.enabled = bool("security.restore-audit") ?? a.enabled
        a.exportItems = integer("security.restore-export-items") ?? a.exportItems
        a.exportBytes = number("security.restore-export-bytes") ?? a.exportBytes
        a.learningDays = seconds("security.restore-learning").map { $0 / Seconds.day } ?? a.learningDays
        a.requireReason = bool("security.require-reason") ?? a.requireReason
        a.hostIsClient = bool("security.client-host-is-operator") ?? a.hostIsClient
        let days = texts("security.working-days").compactMap { ConfigSchema.weekdays.firstIndex(of: $0).map { $0 + 1 } }
        if let text = text("security.working-hours") {
            if let hours = WorkingHours(text, days: days.isEmpty ? [1, 2, 3, 4, 5] : Set(days)) {
                a.hours = hours
            } else {
                diagnostics.append(
                    (decoder.values["security.working-hours"]?.source ?? .defaultValue).diagnostic(
                        "security.working-hours '\(text)' is not HH:MM-HH:MM",
                        advice: "write the hours such as 07:00-19:00 (in time-zone)"))
            }
        } else if !days.isEmpty, let source = decoder.values["security.working-days"]?.source {
            diagnostics.append(
                source.diagnostic(
                    "security.working-days is set without security.working-hours",
                    advice: "add working-hours such as 07:00-19:00, or leave out working-days"))
        }
        return a
    }

    /// The change-volume rule's settings (`security`) and its ignored periods (`change-ignore`).
    mutating func changeVolume() -> ChangeVolumeSettings {
        var v = ChangeVolumeSettings()
        v.enabled = bool("security.change-volume") ?? v.enabled
        v.runs = integer("security.change-runs") ?? v.runs
        v.minimumRuns = integer("security.change-minimum-runs") ?? v.minimumRuns
        v.aboveFactor = number("security.change-factor") ?? v.aboveFactor
        v.monthEndFactor = number("security.change-month-end-factor") ?? v.monthEndFactor
        v.deviations = number("security.change-deviations") ?? v.deviations
        v.minimumBytes = number("security.change-minimum-bytes") ?? v.minimumBytes
        v.minimumItems = number("security.change-minimum-items") ?? v.minimumItems
        v.belowShare = number("security.objects-share").map { $0 / 100 } ?? v.belowShare
        v.minimumObjectDrop = number("security.objects-minimum-drop") ?? v.minimumObjectDrop
        if v.minimumRuns > v.runs, let source = decoder.values["security.change-minimum-runs"]?.source {
            diagnostics.append(
                source.diagnostic(
                    "security.change-minimum-runs (\(v.minimumRuns)) is more than security.change-runs (\(v.runs)), so no session would be judged",
                    advice: "set change-minimum-runs at or below change-runs"))
        }
        v.ignored = (0..<(decoder.counts["change-ignore"] ?? 0)).compactMap { index in
            let prefix = "change-ignore.\(index + 1)"
            let source = decoder.sectionSources[prefix] ?? .defaultValue
            func time(_ key: String) -> Timestamp? {
                guard let value = text("\(prefix).\(key)") else {
                    missing(
                        key, in: prefix, advice: "give a date such as 2026-10-20 or a time such as 2026-10-20T18:00:00Z"
                    )
                    return nil
                }
                guard value.count >= 10, case .time(let t) = TimestampParser.parse(value) else {
                    diagnostics.append(
                        (decoder.values["\(prefix).\(key)"]?.source ?? source).diagnostic(
                            "\(prefix).\(key) '\(value)' is not a date or an ISO 8601 time",
                            advice: "write a date such as 2026-10-20 or a time such as 2026-10-20T18:00:00+02:00"))
                    return nil
                }
                return t
            }
            let (from, to) = (time("from"), time("to"))
            guard let from, let to else { return nil }
            guard from < to else {
                diagnostics.append(
                    source.diagnostic(
                        "\(prefix) ends (\(to.iso8601)) before it starts (\(from.iso8601))",
                        advice: "give 'to' after 'from'; 'to' is not included"))
                return nil
            }
            let subject: RecoveryPointObjective.Subject?
            switch (text(prefix + ".job"), text(prefix + ".organization")) {
            case (let job?, nil): subject = .job(job)
            case (nil, let organization?): subject = .organization(organization)
            case (nil, nil): subject = nil
            default:
                diagnostics.append(
                    source.diagnostic(
                        "\(prefix) names both a job and an organization",
                        advice: "give 'job: NAME' or 'organization: NAME' (or neither, for every job)"))
                return nil
            }
            return .init(subject: subject, from: from, to: to, reason: text(prefix + ".reason") ?? "")
        }
        return v
    }
}
