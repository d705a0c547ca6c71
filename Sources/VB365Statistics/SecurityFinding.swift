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
    }

    /// What the finding is about.
    public enum Subject: Hashable, Sendable {
        /// A session of the job at this index into `Summary.jobs`, with its volumes.
        case change(job: Int, UnusualChange)
        /// The restore session at this index into `Summary.restores`.
        case restore(Int)
    }

    /// What was found first (a restore session's first finding in `Kind` order).
    public var kind: Kind
    /// Its level: the highest of its kinds' (`SummaryOptions.securityLevels`).
    public var level: Severity
    public var subject: Subject
    /// When it happened: the session's creation.
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
        }
    }

    /// The organization it is about (index into `Summary.organizations`), if known.
    public func organizationIndex(in summary: Summary) -> Int? {
        switch subject {
        case .change(let job, _): return summary.jobs[job].organizationIndex
        case .restore(let index): return summary.restores[index].organizationIndex
        }
    }
}

extension SecurityFinding.Kind {
    /// The level of a kind unless the configuration says otherwise: Warning for each, as each
    /// asks for a look, not an alarm in the night.
    public static let defaultLevels: [SecurityFinding.Kind: Severity] = [
        .unusualChange: .warning, .shrunkScope: .warning,
    ]
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
        return all.enumerated().sorted { a, b in
            if a.element.level != b.element.level { return a.element.level > b.element.level }
            if a.element.time != b.element.time { return a.element.time < b.element.time }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The worst security finding's level; nil when there is none.
    public var securityWorst: Severity? {
        let none = jobs.allSatisfy { $0.unusualChanges.isEmpty } && restores.allSatisfy { $0.findings.isEmpty }
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
