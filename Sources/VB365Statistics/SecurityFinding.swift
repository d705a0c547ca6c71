import VB365Model

/// A security signal: something in the backups that only an attack, an insider or a mistake
/// would produce, worth a look. Every output lists the same findings with the same words
/// (`SecurityText`); none claims an attack.
public struct SecurityFinding: Hashable, Sendable {
    /// What was found.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A session changed far more data than its job usually does.
        case unusualChange = "unusual-change"
        /// A session processed far fewer objects than its job usually does.
        case shrunkScope = "shrunk-scope"
        /// A restore session saved, exported or sent many items or bytes.
        case bulkExport = "bulk-export"
        /// A restore session failed or was stopped after taking part of the data out.
        case partialExport = "partial-export"
        /// A restore session restored or sent items to another place than their own.
        case restoreElsewhere = "restore-elsewhere"
        /// A restore session was started by an operator no earlier session names.
        case newOperator = "new-operator"
        /// A restore session came from a client host no earlier session names.
        case newHost = "new-host"
        /// A restore session started outside the working hours.
        case offHours = "off-hours"
        /// A restore session gave no reason.
        case noReason = "no-reason"
        /// A job was disabled, and stayed so for `SettingChangeSettings.disabledSeconds`.
        case jobDisabled = "job-disabled"
        /// A job's selected items shrank (items removed, an item's data narrowed, or the whole
        /// organization changed to selected items).
        case selectionShrunk = "selection-shrunk"
        /// A job excludes an item it did not.
        case exclusionAdded = "exclusion-added"
        /// A repository keeps backups for a shorter time.
        case retentionShortened = "retention-shortened"
        /// An object-storage repository's immutability was switched off or shortened (or its
        /// new restore points are no longer immutable).
        case immutabilityOff = "immutability-off"
        /// A job or backup copy job is no longer listed.
        case jobRemoved = "job-removed"
    }

    /// What the finding is about.
    public enum Subject: Hashable, Sendable {
        /// A session of the job at this index into `Summary.jobs`, with its volumes.
        case change(job: Int, UnusualChange)
        /// The restore session at this index into `Summary.restores`.
        case restore(Int)
        /// The settings change at this index into `Summary.settingChanges`.
        case setting(Int)
    }

    /// What was found first (a restore session's first finding in `Kind` order).
    public var kind: Kind
    /// Its level: the highest of its kinds' (`SummaryOptions.securityLevels`).
    public var level: Severity
    public var subject: Subject
    /// When it happened: the session's creation, or when the change was first seen.
    public var time: Timestamp
    /// The other findings about the same restore session, in `Kind` order.
    public var also: [Kind] = []

    /// Every kind found, `kind` first.
    public var kinds: [Kind] { [kind] + also }

    /// The job it is about, if any.
    public var jobIndex: Int? {
        switch subject {
        case .change(let job, _): return job
        case .restore: return nil
        case .setting: return nil
        }
    }

    /// The organization it is about (index into `Summary.organizations`), if known.
    public func organizationIndex(in summary: Summary) -> Int? {
        switch subject {
        case .change(let job, _): return summary.jobs[job].organizationIndex
        case .restore(let index): return summary.restores[index].organizationIndex
        case .setting(let index): return summary.settingChanges[index].organizationIndex
        }
    }
}

extension SecurityFinding.Kind {
    /// The level of a kind unless the configuration says otherwise: Warning for each, as each
    /// asks for a look, not an alarm in the night; but immutability switched off is Critical, as
    /// it is what an attacker does before deleting the backups (Veeam ONE alarms on it too).
    public static let defaultLevels: [SecurityFinding.Kind: Severity] = [
        .unusualChange: .warning, .shrunkScope: .warning, .immutabilityOff: .failed,
    ]

    /// True for a kind a settings change is (`SettingChange`).
    public var isSettingChange: Bool {
        switch self {
        case .jobDisabled, .selectionShrunk, .exclusionAdded, .retentionShortened, .immutabilityOff, .jobRemoved:
            return true
        default: return false
        }
    }
}

extension Summary {
    /// Every security finding of the window, worst first, then oldest first, then in the order of
    /// the jobs.
    public var securityFindings: [SecurityFinding] {
        var all: [SecurityFinding] = []
        for (index, job) in jobs.enumerated() {
            for change in job.unusualChanges {
                let kind = change.kind
                all.append(
                    SecurityFinding(
                        kind: kind, level: options.securityLevel(kind), subject: .change(job: index, change),
                        time: change.creationTime))
            }
        }
        for (index, activity) in restores.enumerated() {
            guard let first = activity.findings.first, let created = activity.session.creationTime else { continue }
            all.append(
                SecurityFinding(
                    kind: first, level: activity.findings.map(options.securityLevel).max() ?? .warning,
                    subject: .restore(index), time: created, also: Array(activity.findings.dropFirst())))
        }
        for (index, change) in settingChanges.enumerated() {
            all.append(
                SecurityFinding(
                    kind: change.kind, level: options.securityLevel(change.kind), subject: .setting(index),
                    time: change.time))
        }
        return all.enumerated().sorted { a, b in
            if a.element.level != b.element.level { return a.element.level > b.element.level }
            if a.element.time != b.element.time { return a.element.time < b.element.time }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The worst security finding's level; nil when there is none.
    public var securityWorst: Severity? {
        let none =
            jobs.allSatisfy { $0.unusualChanges.isEmpty } && restores.allSatisfy { $0.findings.isEmpty }
            && settingChanges.isEmpty
        return none ? nil : securityFindings.first?.level
    }
}

extension UnusualChange {
    /// The security finding it is: above the usual is an unusual change, below a shrunk scope.
    public var kind: SecurityFinding.Kind { direction == .above ? .unusualChange : .shrunkScope }
}

extension SummaryOptions {
    /// The level of a security finding of `kind`.
    public func securityLevel(_ kind: SecurityFinding.Kind) -> Severity {
        securityLevels[kind] ?? SecurityFinding.Kind.defaultLevels[kind] ?? .warning
    }
}
