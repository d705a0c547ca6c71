import VB365Model
import VB365Statistics
import VB365Support

/// The words of the security findings, the same in every output: what was seen, against what is
/// usual, and what to check. They never claim an attack: a migration or a new policy looks the
/// same from the backups.
package enum SecurityText {
    /// The finding's name: `Unusual change`, `Fewer objects`.
    package static func title(_ kind: SecurityFinding.Kind) -> String {
        switch kind {
        case .unusualChange: return "Unusual change"
        case .shrunkScope: return "Fewer objects"
        case .bulkExport: return "Bulk export"
        case .restoreElsewhere: return "Restored elsewhere"
        case .newOperator: return "New operator"
        case .newHost: return "New client host"
        case .offHours: return "Outside working hours"
        case .noReason: return "No reason given"
        case .partialExport: return "Export cut short"
        case .jobDisabled: return "Job disabled"
        case .selectionShrunk: return "Selection shrunk"
        case .exclusionAdded: return "Exclusion added"
        case .retentionShortened: return "Retention shortened"
        case .immutabilityOff: return "Immutability off"
        case .jobRemoved: return "Job removed"
        }
    }

    /// The titles of every kind of a finding: `Bulk export, new operator, no reason given`.
    package static func titles(_ finding: SecurityFinding) -> String {
        let all = finding.kinds.map(title)
        return ([all[0]] + all.dropFirst().map { $0.prefix(1).lowercased() + $0.dropFirst() }).joined(separator: ", ")
    }

    /// The headline's phrase for `count` findings: `2 security findings`.
    package static func count(_ count: Int) -> String { Formatting.count(count, "security finding") }

    /// What was seen, without the job's name: `transferred 48 GB, 31× its usual 1.5 GB; 12,400
    /// items changed, usually 300 (session of 2026-11-30 02:14)`.
    package static func detail(
        _ finding: SecurityFinding, in summary: Summary, zone: LocalTime, maskOperators: Bool = false
    ) -> String {
        switch finding.subject {
        case .change(_, let change):
            let seen = change.deviations.map(phrase).joined(separator: "; ")
            return
                "\(seen) (session of \(zone.format(change.creationTime)), against \(Formatting.count(change.runs, "usual run")))"
        case .restore(let index):
            let a = summary.restores[index]
            let settings = summary.options.restoreAudit
            let phrases = finding.kinds.map {
                restorePhrase($0, a, settings: settings, zone: zone, mask: maskOperators)
            }
            return restoreSession(a, zone: zone, mask: maskOperators) + ": " + phrases.joined(separator: "; ")
        case .setting(let index):
            return settingPhrase(summary.settingChanges[index], zone: zone)
        }
    }

    /// What changed, before and after: `enabled, then disabled since 2026-11-22 10:00 CET (seen
    /// 2026-11-22 22:00 CET)`, `40 selected items, now 20 (removed: Alice, Bob, …)`.
    package static func settingPhrase(_ c: SettingChange, zone: LocalTime) -> String {
        let seen = "seen \(zone.format(c.time))" + (c.lastSeenBefore.map { ", not at \(zone.format($0))" } ?? "")
        switch c.kind {
        case .jobDisabled:
            let enabled = c.lastSeenBefore.map { "enabled at \(zone.format($0)), " } ?? ""
            let hours = HumanUnits.wholeNumber(c.time.seconds(since: c.firstSeen) / 3600)
            return "\(enabled)disabled at \(zone.format(c.firstSeen)), still disabled \(hours) hours later"
        case .jobRemoved:
            return "\(c.before), no longer listed (\(seen))"
        case .selectionShrunk, .exclusionAdded:
            let list = itemList(c, removed: c.kind == .selectionShrunk)
            return "\(c.before), now \(c.after)\(list) (\(seen))"
        case .retentionShortened:
            return "keeps backups \(c.after), was \(c.before) (\(seen))"
        case .immutabilityOff:
            return c.source == .protection
                ? "\(c.after), where the earlier ones were immutable (\(seen))"
                : "immutability \(c.after), was \(c.before) (\(seen))"
        default:
            return "\(c.before), now \(c.after) (\(seen))"
        }
    }

    /// `; removed: Alice, Bob and 3 more`, `; added: Sales site`.
    static func itemList(_ c: SettingChange, removed: Bool) -> String {
        guard !c.items.isEmpty else { return "" }
        let more =
            c.itemCount > c.items.count ? " and \(HumanUnits.count(Int64(c.itemCount - c.items.count))) more" : ""
        return "; \(removed ? "removed" : "added"): " + c.items.joined(separator: ", ") + more
    }

    /// An operator's name as a report shows it: `an operator` when masked, else as VB365 gives it.
    package static func operatorName(_ a: RestoreActivity, mask: Bool) -> String {
        guard !mask, let name = a.session.initiatedBy, !name.isEmpty else {
            return mask ? "an operator" : "an unnamed operator"
        }
        return name
    }

    /// What a restore session is: `Exchange restore session by CONTOSO\\svc-temp at 2026-11-23
    /// 02:00 CET`.
    package static func restoreSession(_ a: RestoreActivity, zone: LocalTime, mask: Bool) -> String {
        let type = a.session.type.map { $0.word + " " } ?? ""
        let time = a.session.creationTime.map { " at " + zone.format($0) } ?? ""
        return "\(type)restore session by \(operatorName(a, mask: mask))\(time)"
    }

    /// One finding about a restore session, in words.
    static func restorePhrase(
        _ kind: SecurityFinding.Kind, _ a: RestoreActivity, settings: RestoreAuditSettings, zone: LocalTime, mask: Bool
    ) -> String {
        let items = count(a.takenOut.items, "item")
        let bytes = a.takenOut.bytes > 0 ? " (\(HumanUnits.bytes(a.takenOut.bytes)))" : ""
        switch kind {
        case .bulkExport:
            return
                "saved, exported or sent \(items)\(bytes), at or above \(count(settings.exportItems, "item")) or \(HumanUnits.bytes(settings.exportBytes))"
        case .restoreElsewhere:
            let first = a.elsewhere.first.map { " (\($0.source) to \($0.target))" } ?? ""
            return
                "restored or sent \(count(a.elsewhereCount, "item")) to another place than their own\(first)"
        case .newOperator:
            return "its operator started no earlier restore session"
        case .newHost:
            return
                "from client host \(mask ? "(masked)" : a.session.clientHost ?? ""), which no earlier session came from"
        case .offHours:
            return "outside the working hours\(settings.hours.map { " (" + hours($0) + ")" } ?? "")"
        case .noReason:
            return "gave no reason"
        case .partialExport:
            let how = a.session.result == .failed ? "failed" : a.cancelledItems > 0 ? "was stopped" : "failed in part"
            let lost = a.failedItems + a.cancelledItems
            return "\(how) after taking out \(items)\(bytes); \(count(lost, "item")) failed or cancelled"
        default:
            return title(kind)
        }
    }

    /// `5,000 items`, `1 item`.
    static func count(_ n: Int, _ noun: String) -> String {
        HumanUnits.count(Int64(n)) + " " + (n == 1 ? noun : noun + "s")
    }

    /// `07:00–19:00, Monday to Friday`.
    package static func hours(_ h: WorkingHours) -> String {
        func clock(_ minutes: Int) -> String { Formatting.pad(minutes / 60) + ":" + Formatting.pad(minutes % 60) }
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let days = h.days.sorted()
        let span: String
        if days == [1, 2, 3, 4, 5] {
            span = "Monday to Friday"
        } else if days.count == 7 {
            span = "every day"
        } else {
            span = days.map { names[$0 - 1] }.joined(separator: ", ")
        }
        return "\(clock(h.start))–\(clock(h.end)), \(span)"
    }

    /// What to check.
    package static func advice(_ kind: SecurityFinding.Kind) -> String {
        switch kind {
        case .unusualChange:
            return
                "Check for mass encryption or deletion in the tenant, or a migration; a planned change can be listed in the configuration's change-ignore."
        case .shrunkScope:
            return
                "Check whether the job's selected items or exclusions, or the backup account's permissions, changed."
        case .bulkExport, .partialExport:
            return
                "Ask the operator and the data's owner whether the export was requested and approved, and where the data went."
        case .restoreElsewhere:
            return "Check that the target's owner may read the restored data, and that the restore was requested."
        case .newOperator, .newHost:
            return "Check that the account belongs to someone who restores data, and that it was they who signed in."
        case .offHours, .noReason:
            return "Ask the operator why; a restore portal can require a reason."
        case .jobDisabled:
            return
                "Check who disabled the job and why; enable it again, or remove it if its data is protected elsewhere."
        case .selectionShrunk, .exclusionAdded:
            return
                "Check who changed the job's items and why; the objects left out are no longer backed up (see the protection page)."
        case .retentionShortened:
            return
                "Check who shortened the retention and why: the next clean-up removes the older backups for good."
        case .immutabilityOff:
            return
                "Check who changed the object storage's immutability and why: without it, backups can be deleted or encrypted."
        case .jobRemoved:
            return "Check who removed the job and why, and that its data is backed up by another job."
        }
    }

    /// The job a finding is about, as `Job name (Organization)`; nil when it is about none.
    package static func subject(_ finding: SecurityFinding, in summary: Summary) -> String? {
        if case .setting(let index) = finding.subject {
            let c = summary.settingChanges[index]
            let what = c.isRepository ? "repository \(c.name)" : c.name
            guard let o = c.organizationIndex else { return what }
            let organization = summary.organizations[o].name
            return what + (organization.hasPrefix("(") ? " " + organization : " (\(organization))")
        }
        if case .restore(let index) = finding.subject {
            let a = summary.restores[index]
            let organization = a.organizationIndex.map { summary.organizations[$0].name } ?? a.organizationName
            return organization.isEmpty ? nil : organization
        }
        guard let index = finding.jobIndex else { return nil }
        let job = summary.jobs[index]
        let organization = summary.organizations[job.organizationIndex].name
        // `(unknown organization)` is in parentheses already.
        return job.name + (organization.hasPrefix("(") ? " " + organization : " (\(organization))")
    }

    /// One line: `Unusual change: Mailboxes (Contoso): transferred 48 GB, …`.
    package static func line(
        _ finding: SecurityFinding, in summary: Summary, zone: LocalTime, maskOperators: Bool = false
    ) -> String {
        let subject = self.subject(finding, in: summary).map { $0 + ": " } ?? ""
        return
            "\(titles(finding)): \(subject)\(detail(finding, in: summary, zone: zone, maskOperators: maskOperators))"
    }

    /// One measure: `transferred 48 GB, 31× its usual 1.5 GB`, `processed 12 objects, usually 600
    /// (2 %)`.
    static func phrase(_ d: UnusualChange.Deviation) -> String {
        let factor = d.factor.map { factor in
            factor >= 1 ? "\(HumanUnits.wholeNumber(factor))×" : HumanUnits.percent(factor)
        }
        switch d.measure {
        case .transferred:
            return "transferred \(HumanUnits.bytes(d.value)), "
                + (factor.map { "\($0) its usual \(HumanUnits.bytes(d.usual))" }
                    ?? "usually \(HumanUnits.bytes(d.usual))")
        case .items:
            return "\(HumanUnits.wholeNumber(d.value)) items changed, usually \(HumanUnits.wholeNumber(d.usual))"
                + (factor.map { " (\($0))" } ?? "")
        case .objects:
            return "processed \(HumanUnits.wholeNumber(d.value)) objects, usually \(HumanUnits.wholeNumber(d.usual))"
                + (factor.map { " (\($0))" } ?? "")
        }
    }
}
