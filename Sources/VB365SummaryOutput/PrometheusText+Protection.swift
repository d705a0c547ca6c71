import VB365Model
import VB365Statistics

extension PrometheusText {
    /// The protection families' help, in the order the file lists them (after the others).
    static let protectionHelp: [(String, String)] = [
        (
            "vb365_protection_snapshot_timestamp_seconds",
            "When the organization's newest protection snapshot was taken (Unix time)."
        ),
        ("vb365_protection_rpo_seconds", "The recovery point objective the organization's objects are judged by."),
        (
            "vb365_protection_objects",
            "The organization's users, groups, sites and teams by kind and protection state (excluded: left out on purpose)."
        ),
        (
            "vb365_protection_data",
            "The organization's objects by kind of data they must have backed up, in the state of that data."
        ),
        (
            "vb365_protection_protected_ratio",
            "The share of the organization's objects in scope that are protected, 0 to 1 (absent when unknown)."
        ),
        (
            "vb365_protection_coverage_unknown",
            "1 when the server did not give a list of objects or their backup data completely, so objects may be missing."
        ),
        ("vb365_protection_license_exceeded_users", "Users of the organization over the licence: not backed up."),
        ("vb365_protection_sla_checks", "The protection checks (snapshots) in the SLA's period."),
        (
            "vb365_protection_sla_total_ratio",
            "The share of checks on which the organization's objects were protected over the SLA's period, 0 to 1."
        ),
        (
            "vb365_protection_sla_ratio",
            "The share of checks on which each kind of data was protected over the SLA's period, 0 to 1."
        ),
    ]

    /// The protection gauges of each organization with a snapshot: counts per kind of object and
    /// per kind of data, never per object; a share that is not known has no sample.
    static func protection(_ summary: Summary, add: (String, [(String, String)], String?) -> Void) {
        let names = protectionNames(summary)
        for (index, tenant) in summary.protection.tenants.enumerated() {
            let labels = [
                ("server", tenant.serverIndex(in: summary).map { summary.servers[$0].name } ?? ""),
                ("organization", names[index]),
            ]
            add("vb365_protection_snapshot_timestamp_seconds", labels, seconds(tenant.taken))
            add("vb365_protection_rpo_seconds", labels, decimal(tenant.rpoSeconds))
            // A kind with no object counts as zero only when its list was read completely.
            let kinds = ProtectedObjectKind.allCases.filter {
                tenant.byKind[$0] != nil || !tenant.incompleteSources.contains(.directory($0))
            }
            for kind in kinds {
                let counts = tenant.byKind[kind] ?? StateCounts()
                for state in ProtectionState.allCases {
                    add(
                        "vb365_protection_objects", labels + [("kind", kind.rawValue), ("state", state.rawValue)],
                        String(counts[state]))
                }
            }
            for data in ProtectedData.allCases {
                guard let counts = tenant.byData[data] else { continue }
                for state in ProtectionState.allCases where state != .excluded {
                    add(
                        "vb365_protection_data", labels + [("data", data.rawValue), ("state", state.rawValue)],
                        String(counts[state]))
                }
            }
            let share = tenant.coverageUnknown ? nil : tenant.totals.protectedShare
            add("vb365_protection_protected_ratio", labels, share.map { MonitoringCheck.decimal($0, 6) })
            add("vb365_protection_coverage_unknown", labels, tenant.coverageUnknown ? "1" : "0")
            add(
                "vb365_protection_license_exceeded_users", labels,
                tenant.incompleteSources.contains(.licensedUsers) ? nil : String(tenant.licenceExceeded.count))
            if let sla = tenant.sla {
                add("vb365_protection_sla_checks", labels, String(sla.checks))
                add("vb365_protection_sla_total_ratio", labels, sla.total.share.map { MonitoringCheck.decimal($0, 6) })
                for data in ProtectedData.allCases {
                    add(
                        "vb365_protection_sla_ratio", labels + [("data", data.rawValue)],
                        sla.byData[data]?.share.map { MonitoringCheck.decimal($0, 6) })
                }
            }
        }
    }

    /// Each tenant's `organization` label: its name, with its id when another tenant of the same
    /// server label has the same name, then its place (two series must never share their labels).
    static func protectionNames(_ summary: Summary) -> [String] {
        let tenants = summary.protection.tenants
        let server = { (i: Int) in tenants[i].serverIndex(in: summary).map { summary.servers[$0].name } ?? "" }
        var names = tenants.map(\.displayName)
        let qualifiers: [(Int) -> String] = [{ " [\(tenants[$0].organizationID)]" }, { " #\($0 + 1)" }]
        for qualifier in qualifiers {
            let groups = Dictionary(grouping: tenants.indices) { server($0) + "\u{0}" + names[$0] }
            for (_, same) in groups where same.count > 1 {
                for i in same { names[i] += qualifier(i) }
            }
        }
        return names
    }
}
