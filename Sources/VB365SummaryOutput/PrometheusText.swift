import VB365Model
import VB365Statistics

/// The Prometheus text exposition format (version 0.0.4) of a summary, for node_exporter's
/// textfile collector or a scrape: gauges with `# HELP` and `# TYPE`, base units in the names,
/// and the labels `server`, `organization`, `job` and `job_type` (never a session id); protection
/// is counted per organization and kind of object or data, never per object. A value that is not
/// known is left out, never written as 0.
package enum PrometheusText {
    /// The outcome words the state set `vb365_job_outcome` always writes (`GroupOutcome.word`; an
    /// other status is added as sent).
    static let outcomeWords = [
        "Success", "Recovered", "Warning", "Failed", "Running", "Hung", "Missed", "Stale", "No runs", "No data",
    ]

    /// The statuses the state set `vb365_job_last_session_status` always writes, 1 for the last
    /// session's and 0 for the others (a status this tool does not know is added as sent).
    static let statuses: [SessionStatus] = [
        .success, .warning, .failed, .running, .queued, .stopped, .disconnected, .notConfigured,
    ]

    /// One metric family: its name, help and samples (extra labels, value).
    struct Family {
        var name: String
        var help: String
        var samples: [(labels: [(String, String)], value: String)] = []
    }

    /// The exposition of `summary`.
    package static func render(_ summary: Summary) -> String {
        var families: [String: Family] = [:]
        var order: [String] = []
        // Declared in this order, so the file reads the same whatever the data.
        let declared = help + protectionHelp
        for (name, help) in declared { families[name] = Family(name: name, help: help) }
        order = declared.map(\.0)
        func add(_ name: String, _ labels: [(String, String)], _ value: String?) {
            guard let value else { return }
            families[name]?.samples.append((labels, value))
        }
        let names = jobNames(summary)
        let byID = Dictionary(summary.sessions.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for (index, job) in summary.jobs.enumerated() {
            let labels = [
                ("server", job.serverIndex.map { summary.servers[$0].name } ?? ""),
                ("organization", summary.organizations[job.organizationIndex].name), ("job", names[index]),
                ("job_type", job.isCopyJob ? "copy" : "backup"),
            ]
            func put(_ name: String, _ value: String?, extra: [(String, String)] = []) {
                add(name, labels + extra, value)
            }
            if let last = job.lastSession {
                var statuses = statuses
                if !statuses.contains(last.status) { statuses.append(last.status) }
                for status in statuses {
                    put(
                        "vb365_job_last_session_status", status == last.status ? "1" : "0",
                        extra: [("status", status.description)])
                }
                put("vb365_job_last_session_start_timestamp_seconds", seconds(last.creationTime))
                put("vb365_job_last_session_end_timestamp_seconds", last.endTime.map(seconds))
                if let facts = byID[last.id] {
                    put("vb365_job_last_session_duration_seconds", facts.durationSeconds.map { decimal($0) })
                    put("vb365_job_last_session_transferred_bytes", facts.transferred.map { String($0) })
                    put("vb365_job_last_session_processed_objects", facts.objects.map { String($0) })
                    put(
                        "vb365_job_last_session_processing_rate_bytes_per_second",
                        facts.processingRate.map { String($0) })
                    put(
                        "vb365_job_last_session_processing_rate_items_per_second",
                        facts.processingItemsRate.map { String($0) })
                    put("vb365_job_last_session_read_rate_bytes_per_second", facts.readRate.map { String($0) })
                    put("vb365_job_last_session_write_rate_bytes_per_second", facts.writeRate.map { String($0) })
                }
            }
            put(
                "vb365_job_last_success_timestamp_seconds",
                job.lastSuccess.map { seconds($0.endTime ?? $0.creationTime) })
            // The word every report and check says, as a state set, and whether it needs action.
            var words = outcomeWords
            if !words.contains(job.outcome.word) { words.append(job.outcome.word) }
            for word in words {
                put("vb365_job_outcome", word == job.outcome.word ? "1" : "0", extra: [("outcome", word)])
            }
            put("vb365_job_needs_action", job.needsAction ? "1" : "0")
            put("vb365_job_missed", job.freshness.missed == nil ? "0" : "1")
            put("vb365_job_stale", job.freshness.stale == nil ? "0" : "1")
            put("vb365_job_hung", job.freshness.hung == nil ? "0" : "1")
            var counts = job.statistics.byStatus
            for status in [SessionStatus.success, .warning, .failed]
            where !counts.contains(where: { $0.status == status }) {
                counts.append(StatusCount(status: status, count: 0))
            }
            for count in counts {
                put("vb365_job_sessions", String(count.count), extra: [("status", count.status.description)])
            }
            for kind in [SecurityFinding.Kind.unusualChange, .shrunkScope] {
                let found = job.unusualChanges.filter { $0.kind == kind }.count
                put("vb365_job_security_findings", String(found), extra: [("kind", kind.rawValue)])
            }
        }
        for server in summary.servers {
            let labels = [("server", server.name)]
            add("vb365_server_last_fetch_timestamp_seconds", labels, server.lastFetched.map(seconds))
            add("vb365_server_last_fetch_failed", labels, server.lastFetchError == nil ? "0" : "1")
            add("vb365_server_fetch_behind", labels, summary.fetchIsBehind(server) ? "1" : "0")
        }
        infrastructure(summary, add: add)
        restores(summary, add: add)
        settingChanges(summary, add: add)
        protection(summary, add: add)
        add("vb365_unreadable_files", [], String(summary.unreadableFiles.count))
        add("vb365_window_start_timestamp_seconds", [], seconds(summary.window.start))
        add("vb365_window_end_timestamp_seconds", [], seconds(summary.window.end))
        var out = ""
        for name in order {
            guard let family = families[name], !family.samples.isEmpty else { continue }
            out += "# HELP \(name) \(escapeHelp(family.help))\n# TYPE \(name) gauge\n"
            for sample in family.samples {
                let labels = sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",")
                out += name + (labels.isEmpty ? "" : "{\(labels)}") + " " + sample.value + "\n"
            }
        }
        return out
    }

    /// Each family's help, in the order the file lists them.
    static let help: [(String, String)] = [
        ("vb365_job_last_session_status", "1 for the status of the job's last session, 0 for the other statuses."),
        ("vb365_job_last_session_start_timestamp_seconds", "When the job's last session started (Unix time)."),
        ("vb365_job_last_session_end_timestamp_seconds", "When the job's last session ended (Unix time)."),
        ("vb365_job_last_session_duration_seconds", "How long the job's last session took."),
        ("vb365_job_last_session_transferred_bytes", "Bytes the job's last session transferred."),
        (
            "vb365_job_last_session_processed_objects",
            "Items (mails, files, posts) the job's last session processed, as VB365's statistics count them."
        ),
        (
            "vb365_job_last_session_processing_rate_bytes_per_second",
            "The processing rate of the job's last session, as VB365 reports it."
        ),
        (
            "vb365_job_last_session_processing_rate_items_per_second",
            "Items per second the job's last session processed, as VB365 reports it."
        ),
        ("vb365_job_last_session_read_rate_bytes_per_second", "The read rate of the job's last session."),
        ("vb365_job_last_session_write_rate_bytes_per_second", "The write rate of the job's last session."),
        ("vb365_job_last_success_timestamp_seconds", "When the job's last successful session ended (Unix time)."),
        (
            "vb365_job_outcome",
            "1 for the job's outcome in the window (the word every report and check says), 0 for the others."
        ),
        (
            "vb365_job_needs_action",
            "1 when the job needs action (failed, missed, hung, stale, or a warning streak at the failed level)."
        ),
        ("vb365_job_missed", "1 when the job has no run when one was due."),
        ("vb365_job_stale", "1 when the job's last success is older than the maximum age."),
        ("vb365_job_hung", "1 when the job's newest run has gone on far longer than its runs take."),
        ("vb365_job_sessions", "The job's sessions in the report's window, by status."),
        (
            "vb365_job_security_findings",
            "The job's security findings in the report's window, by kind (unusual-change: far more data changed than usual; shrunk-scope: far fewer objects processed)."
        ),
        (
            "vb365_server_last_fetch_timestamp_seconds",
            "When the last fetch of the server that worked began (Unix time)."
        ),
        ("vb365_server_last_fetch_failed", "1 when the server's last fetch failed, so its data is not up to date."),
        (
            "vb365_server_fetch_behind",
            "1 when the server's data is not up to date: its last fetch failed, or none has succeeded for more than a day."
        ),
        ("vb365_repository_capacity_bytes", "The repository's capacity (absent when unknown, as for object storage)."),
        ("vb365_repository_free_bytes", "The repository's free space (absent when unknown)."),
        ("vb365_repository_used_bytes", "The space the repository's backups use."),
        ("vb365_repository_free_ratio", "The repository's free space as a share of its capacity, 0 to 1."),
        (
            "vb365_repository_growth_bytes_per_day",
            "How fast the repository's used space grows (a robust fit over the last weeks)."
        ),
        (
            "vb365_repository_time_to_full_seconds",
            "Seconds until the repository is full at that growth (absent when it is not filling)."
        ),
        (
            "vb365_repository_state",
            "0 when nothing about the repository needs attention, 1 for a warning, 2 for a failure."
        ),
        ("vb365_proxy_online", "1 when the proxy is online, 0 when offline (absent when unknown)."),
        ("vb365_proxy_maintenance", "1 when the proxy is in maintenance mode."),
        ("vb365_proxy_cpu_usage_ratio", "The proxy's CPU usage, 0 to 1."),
        ("vb365_proxy_memory_usage_ratio", "The proxy's memory usage, 0 to 1."),
        ("vb365_proxy_state", "0 when nothing about the proxy needs attention, 1 for a warning, 2 for a failure."),
        ("vb365_license_expiry_timestamp_seconds", "When the server's licence expires (Unix time)."),
        ("vb365_license_users", "Users of the server's licence: used, allowed (total) and new."),
        ("vb365_license_state", "0 when nothing about the licence needs attention, 1 for a warning, 2 for a failure."),
        ("vb365_organization_licensed_users", "Licensed users of the organization."),
        ("vb365_organization_new_users", "New users of the organization."),
        (
            "vb365_infrastructure_snapshot_timestamp_seconds",
            "When the newest infrastructure snapshot was taken (Unix time)."
        ),
        (
            "vb365_organization_restore_sessions",
            "Restore sessions of the organization in the report's window (absent when none was read in it)."
        ),
        (
            "vb365_organization_restore_items_taken_out",
            "Items the organization's restore sessions in the window saved, exported or sent."
        ),
        (
            "vb365_organization_restore_findings",
            "The organization's restore sessions in the window with a security finding, by kind (bulk-export, restore-elsewhere, new-operator, new-host, off-hours, no-reason, partial-export)."
        ),
        (
            "vb365_setting_changes",
            "Settings changes in the window that weaken the backups, by server and kind (job-disabled, selection-shrunk, exclusion-added, retention-shortened, immutability-off, job-removed)."
        ),
        ("vb365_unreadable_files", "Files of the input that could not be read and were left out of the report."),
        ("vb365_window_start_timestamp_seconds", "The start of the report's window (Unix time)."),
        ("vb365_window_end_timestamp_seconds", "The end of the report's window (Unix time)."),
    ]

    /// The settings changes of the window per server and kind, every kind of every server the
    /// summary lists (0 when none), so that an alert can say `> 0`.
    static func settingChanges(_ summary: Summary, add: (String, [(String, String)], String?) -> Void) {
        let kinds = SecurityFinding.Kind.allCases.filter(\.isSettingChange)
        var servers = summary.servers.map(\.name)
        if servers.isEmpty || summary.settingChanges.contains(where: { $0.serverIndex == nil }) { servers.append("") }
        for server in servers {
            for kind in kinds {
                let count = summary.settingChanges.filter {
                    $0.kind == kind && ($0.serverIndex.map { summary.servers[$0].name } ?? "") == server
                }.count
                add("vb365_setting_changes", [("server", server), ("kind", kind.rawValue)], String(count))
            }
        }
    }

    /// Each organization's restore activity in the window, for those with a restore session in it.
    static func restores(_ summary: Summary, add: (String, [(String, String)], String?) -> Void) {
        let kinds: [SecurityFinding.Kind] = [
            .bulkExport, .restoreElsewhere, .newOperator, .newHost, .offHours, .noReason, .partialExport,
        ]
        var byPlace:
            [String: (labels: [(String, String)], sessions: Int, items: Int, kinds: [SecurityFinding.Kind: Int])] =
                [:]
        var order: [String] = []
        for a in summary.restores {
            let server = a.serverIndex.map { summary.servers[$0].name } ?? ""
            let organization = a.organizationIndex.map { summary.organizations[$0].name } ?? a.organizationName
            let key = server + "\u{0}" + organization
            if byPlace[key] == nil {
                order.append(key)
                byPlace[key] = ([("server", server), ("organization", organization)], 0, 0, [:])
            }
            byPlace[key]!.sessions += 1
            byPlace[key]!.items += a.takenOut.items
            for kind in a.findings { byPlace[key]!.kinds[kind, default: 0] += 1 }
        }
        for key in order {
            let place = byPlace[key]!
            add("vb365_organization_restore_sessions", place.labels, String(place.sessions))
            add("vb365_organization_restore_items_taken_out", place.labels, String(place.items))
            for kind in kinds {
                add(
                    "vb365_organization_restore_findings", place.labels + [("kind", kind.rawValue)],
                    String(place.kinds[kind] ?? 0))
            }
        }
    }

    /// The infrastructure's gauges: each repository's, proxy's and licence's figures and state,
    /// each organization's licensed users; an unknown figure has no sample (unknown is not zero).
    static func infrastructure(_ summary: Summary, add: (String, [(String, String)], String?) -> Void) {
        let infra = summary.infrastructure
        func state(_ s: Severity?) -> String { s == .failed ? "2" : s == .warning ? "1" : "0" }
        func ratio(_ percent: Double?) -> String? { percent.map { MonitoringCheck.decimal($0 / 100, 6) } }
        for r in infra.repositories {
            let labels = [("server", r.server ?? ""), ("repository", r.name), ("id", r.id.description)]
            add("vb365_repository_capacity_bytes", labels, r.capacityBytes.map { String($0) })
            add("vb365_repository_free_bytes", labels, r.freeBytes.map { String($0) })
            add("vb365_repository_used_bytes", labels, r.usedBytes.map { String($0) })
            add("vb365_repository_free_ratio", labels, ratio(r.freePercent))
            add("vb365_repository_growth_bytes_per_day", labels, r.growthBytesPerDay.map { decimal($0.rounded()) })
            add(
                "vb365_repository_time_to_full_seconds", labels,
                r.daysToFull.map { decimal(($0 * Seconds.day).rounded()) })
            add("vb365_repository_state", labels, state(r.worst))
        }
        for p in infra.proxies {
            let labels = [("server", p.server ?? ""), ("proxy", p.name), ("id", p.id.description)]
            let online: String? = p.status.flatMap {
                switch $0.lowercased() {
                case "online": return "1"
                case "offline": return "0"
                default: return nil
                }
            }
            add("vb365_proxy_online", labels, online)
            add(
                "vb365_proxy_maintenance", labels,
                p.maintenanceModeState.map { ["enabled", "enabling"].contains($0.lowercased()) ? "1" : "0" })
            add("vb365_proxy_cpu_usage_ratio", labels, ratio(p.cpuUsagePercent))
            add("vb365_proxy_memory_usage_ratio", labels, ratio(p.memoryUsagePercent))
            add("vb365_proxy_state", labels, state(p.worst))
        }
        for l in infra.licenses {
            let labels = [("server", l.server ?? "")]
            add("vb365_license_expiry_timestamp_seconds", labels, l.expires.map(seconds))
            add("vb365_license_users", labels + [("kind", "used")], l.usedNumber.map { String($0) })
            add("vb365_license_users", labels + [("kind", "total")], l.totalNumber.map { String($0) })
            add("vb365_license_users", labels + [("kind", "new")], l.newNumber.map { String($0) })
            add("vb365_license_state", labels, state(l.worst))
        }
        for o in infra.organizationLicensing {
            let labels = [("server", o.server ?? ""), ("organization", o.name)]
            add("vb365_organization_licensed_users", labels, o.licensedUsers.map { String($0) })
            add("vb365_organization_new_users", labels, o.newUsers.map { String($0) })
        }
        add("vb365_infrastructure_snapshot_timestamp_seconds", [], infra.newestSnapshot.map(seconds))
    }

    /// Each job's `job` label: its name, with its id when another job of the same server,
    /// organization and type has the same name (two series must never share their labels).
    static func jobNames(_ summary: Summary) -> [String] {
        let key = { (job: JobSummary) in
            "\(job.serverIndex ?? -1)\u{0}\(job.organizationIndex)\u{0}\(job.isCopyJob)\u{0}\(job.name)"
        }
        let counts = Dictionary(grouping: summary.jobs, by: key).mapValues(\.count)
        return summary.jobs.enumerated().map { index, job in
            guard counts[key(job)] ?? 0 > 1 else { return job.name }
            return job.name + " [" + (job.id?.description ?? "#\(index)") + "]"
        }
    }

    /// Unix time in seconds, to the millisecond.
    static func seconds(_ t: Timestamp) -> String { decimal(t.secondsSince1970) }

    /// A value in plain decimal notation, to three decimals at most.
    static func decimal(_ value: Double) -> String { MonitoringCheck.decimal(value, 3) }

    /// A label value: backslash, double quote and line feed escaped; everything else, non-ASCII
    /// included, kept as UTF-8.
    static func escapeLabel(_ text: String) -> String { escape(text, quote: true) }

    /// A help text: backslash and line feed escaped.
    static func escapeHelp(_ text: String) -> String { escape(text, quote: false) }

    /// Backslash and line feed escaped, and the double quote when `quote`.
    private static func escape(_ text: String, quote: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"" where quote: out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
