import VB365Model
import VB365Reading
import VB365Statistics
import VB365Support

extension Pipeline {
    /// The SLA's period: the configured one, else the calendar month so far (UTC), up to and
    /// including now (a snapshot taken this second counts).
    package var protectionPeriod: Range<Timestamp> {
        if let period = configuration.protectionPeriod { return period }
        let c = now.civil
        let start = Timestamp(year: c.year, month: c.month, day: 1)
        return start..<now.adding(seconds: 1)
    }

    /// The protection of every organization the inputs hold snapshots of
    /// (`ProtectionSummary.make`), each judged by the configured settings and its own RPO (the
    /// first `tenants:` entry that names it). A snapshot that cannot be read is named in a warning
    /// and left out. Each tenant keeps its counts and the objects that need action: the pages
    /// ask `protectionDetail` for the rest, one tenant at a time.
    package func protection(_ inventory: Inventory, summary sessions: Summary) -> ProtectionSummary {
        ProtectionSummary.make(
            inventory, sessions: sessions, settings: configuration.protection, period: protectionPeriod,
            keeping: .problems, history: configuration.protectionHistory,
            rpo: { index in
                configuration.tenants.first { $0.matches(index, in: sessions) }?.protectionRPOSeconds
            },
            read: { reference in readSnapshot(reference, quiet: configuration.quiet) })
    }

    /// A tenant of `protection(_:summary:)` with every object's verdict, from its newest
    /// snapshot read again; nil when it can no longer be read (a warning says so).
    package var protectionDetail: @Sendable (TenantProtection) -> TenantProtection? {
        let settings = configuration.protection
        let quiet = configuration.quiet
        return { tenant in
            ProtectionSummary.detail(tenant, settings: settings) { readSnapshot($0, quiet: quiet) }
        }
    }
}

/// Reads one snapshot's jobs, job items and restore points (`ProtectionSnapshotFile.readSettings`),
/// for the settings changes; one that cannot be read is named in a warning (unless `quiet`) and is
/// nil.
func readProtectionSettings(_ reference: ProtectionSnapshotReference, quiet: Bool) -> ProtectionSnapshot? {
    readSnapshot(reference, quiet: quiet, reader: ProtectionSnapshotFile.readSettings)
}

/// Reads one snapshot (with `reader`: the whole of it unless told); one that cannot be read is
/// named in a warning (unless `quiet`) and is nil.
private func readSnapshot(
    _ reference: ProtectionSnapshotReference, quiet: Bool,
    reader: (String) -> Result<ProtectionSnapshot, Failure> = ProtectionSnapshotFile.read
) -> ProtectionSnapshot? {
    switch reader(reference.path) {
    case .success(let snapshot):
        return snapshot
    case .failure(let failure):
        if !quiet {
            DiagnosticPrinter.print(
                failure.diagnostics.map {
                    var d = $0
                    d.level = .warning
                    d.message += "; left out of the protection report"
                    return d
                })
        }
        return nil
    }
}
