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
    /// and left out.
    package func protection(_ inventory: Inventory, summary sessions: Summary) -> ProtectionSummary {
        ProtectionSummary.make(
            inventory, sessions: sessions, settings: configuration.protection, period: protectionPeriod,
            rpo: { index in
                configuration.tenants.first { $0.matches(index, in: sessions) }?.protectionRPOSeconds
            },
            read: { reference in
                switch ProtectionSnapshotFile.read(reference.path) {
                case .success(let snapshot):
                    return snapshot
                case .failure(let failure):
                    if !configuration.quiet {
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
            })
    }
}
