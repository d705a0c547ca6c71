import VB365Model
import VB365Statistics
import VB365Support
import VB365Text

/// The readable summary for a terminal: a headline with the worst status, a table per
/// organization and per job, and the sessions that need attention. Times are in `zone` (`--time-zone`),
/// UTC by default.
package enum SummaryText {
    /// The text for `summary --format text`.
    package static func render(_ summary: Summary, zone: LocalTime = .utc) -> String {
        var out = BufferedOutput()
        write(summary, zone: zone, to: &out)
        return out.text
    }

    /// Writes the text for `summary --format text` as it is produced, line by line.
    package static func write(_ summary: Summary, zone: LocalTime = .utc, to out: inout BufferedOutput) {
        headline(summary, zone: zone, into: &out)
        unreadable(summary, into: &out)
        organizations(summary, into: &out)
        jobs(summary, into: &out)
        attention(summary, zone: zone, into: &out)
        infrastructure(summary, zone: zone, into: &out)
        security(summary, zone: zone, into: &out)
    }

    /// The security findings, worst first, each with what to check; nothing when there are none.
    static func security(_ s: Summary, zone: LocalTime, into out: inout BufferedOutput) {
        let findings = s.securityFindings
        guard !findings.isEmpty else { return }
        out += "\nSECURITY (\(SecurityText.count(findings.count)))\n"
        for finding in findings {
            let word = finding.level.description
            out += "  " + word + String(repeating: " ", count: max(1, 9 - word.count))
            out += clean(SecurityText.line(finding, in: s, zone: zone)) + "\n"
            out += "           " + SecurityText.advice(finding.kind) + "\n"
        }
    }

    /// The infrastructure: what needs attention, worst first, or the all-clear; that its state is
    /// unknown when no snapshot was read.
    static func infrastructure(_ s: Summary, zone: LocalTime, into out: inout BufferedOutput) {
        let infra = s.infrastructure
        out += "\nINFRASTRUCTURE" + (infra.newestSnapshot.map { " (as of \(zone.format($0)))" } ?? "") + "\n"
        out += "  " + InfrastructureText.headline(infra) + "\n"
        for problem in infra.problems {
            let word = problem.severity.description
            let line = InfrastructureText.line(
                problem, in: infra, thresholds: s.options.infrastructure, date: zone.date)
            out += "  " + word + String(repeating: " ", count: max(1, 9 - word.count)) + clean(line) + "\n"
            if let affects = InfrastructureText.affects(s.affectedJobs(problem), in: s, name: clean) {
                out += "           " + affects + "\n"
            }
        }
    }

    static func clean(_ text: String) -> String { TerminalText.sanitize(text) }

    /// The input files left out because they could not be read, each with why: first, so that
    /// a summary of part of the input never passes for the whole.
    static func unreadable(_ s: Summary, into out: inout BufferedOutput) {
        guard !s.unreadableFiles.isEmpty else { return }
        out += "\nUNREADABLE FILES (left out of this summary; fix or remove them)\n"
        for file in s.unreadableFiles { out += "  " + clean(file.sentence) + "\n" }
    }

    /// A time in a column: `2026-11-22 22:15` in UTC (the headline names the zone), else with the
    /// zone's abbreviation, which may change within the window (`2026-10-25 01:30 CEST`).
    static func time(_ t: Timestamp, _ zone: LocalTime) -> String { zone.isUTC ? time(t) : zone.format(t) }

    static func time(_ t: Timestamp) -> String {
        let c = t.civil
        let two = { Formatting.pad($0) }
        return "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    static func headline(_ s: Summary, zone: LocalTime, into out: inout BufferedOutput) {
        // The word may be a status as the server sent it: cleaned like every name.
        let worst = "[\(clean(s.headlineWord))]"
        let window = s.windowDescription
        let span =
            zone.isUTC
            ? "\(time(s.window.start)) to \(time(s.window.end)) UTC"
            : "\(zone.format(s.window.start)) to \(zone.format(s.window.end))"
        out += "\(worst) VB365 job sessions \(span) (\(window))\n"
        let t = s.totals
        let statuses = t.byStatus.map { "\($0.count) \(clean($0.status.description))" }.joined(separator: ", ")
        out += "Sessions: \(t.sessions)\(statuses.isEmpty ? "" : " (\(statuses))")"
        out += "   Runs: \(t.runs.phrase)\n"
        out += "Transferred: \(t.transferredTotal.phrase(HumanUnits.bytes))"
        out += "   Items: \(t.objectsTotal.phrase(HumanUnits.count))"
        if let rate = t.successRate { out += "   Success rate: \(HumanUnits.percent(rate))" }
        if t.slower > 0 { out += "   Slower than baseline: \(t.slower)" }
        out += "\n"
        var input = "History: \(s.sessionsBeforeWindow) earlier session\(s.sessionsBeforeWindow == 1 ? "" : "s")"
        if s.sessionsAfterWindow > 0 { input += ", \(s.sessionsAfterWindow) after the window" }
        if s.duplicateSessions > 0 { input += ", \(s.duplicateSessions) duplicate copies merged" }
        out += input + "\n"
        if let unread = s.unreadLogItems.sentence { out += unread + "\n" }
    }

    static func outcome(_ g: GroupStatistics, last: SessionReference? = nil) -> String {
        clean(g.outcome(lastStatus: last?.status).word)
    }

    static func age(_ seconds: Double?) -> String {
        guard let seconds else { return "never" }
        return HumanUnits.duration(seconds) + " ago"
    }

    static func organizations(_ s: Summary, into out: inout BufferedOutput) {
        guard !s.organizations.isEmpty else { return }
        out += "\nORGANIZATIONS\n"
        out += "  " + TerminalText.cell("Organization", 30) + " " + TerminalText.cell("Jobs", 4, alignRight: true)
        out += " " + TerminalText.cell("Sessions", 8, alignRight: true) + "  " + TerminalText.cell("Outcome", 10)
        out +=
            " " + TerminalText.cell("Success", 7, alignRight: true) + " "
            + TerminalText.cell("Transferred", 11, alignRight: true)
        out += "  Last success\n"
        for o in s.organizations where !out.failed {
            let g = o.statistics
            out +=
                "  " + TerminalText.cell(clean(o.name), 30) + " "
                + TerminalText.cell("\(o.jobIndices.count)", 4, alignRight: true)
            out +=
                " " + TerminalText.cell("\(g.sessions)", 8, alignRight: true) + "  "
                + TerminalText.cell(clean(s.outcome(of: o).word), 10)
            out += " " + TerminalText.cell(g.successRate.map(HumanUnits.percent) ?? "–", 7, alignRight: true)
            out += " " + TerminalText.cell(g.transferredTotal.cell(HumanUnits.bytes), 11, alignRight: true)
            out += "  " + age(o.lastSuccessAgeSeconds) + "\n"
        }
    }

    static func jobs(_ s: Summary, into out: inout BufferedOutput) {
        guard !s.jobs.isEmpty else { return }
        out += "\nJOBS\n"
        out += "  " + TerminalText.cell("Job", 44) + " " + TerminalText.cell("Outcome", 10)
        out +=
            " " + TerminalText.cell("Sessions", 8, alignRight: true) + " "
            + TerminalText.cell("Success", 7, alignRight: true)
        out +=
            " " + TerminalText.cell("Duration", 12, alignRight: true) + " "
            + TerminalText.cell("p95", 12, alignRight: true)
        out +=
            " " + TerminalText.cell("Transferred", 11, alignRight: true) + " "
            + TerminalText.cell("Proc. rate", 11, alignRight: true)
        out += "  " + TerminalText.cell("Bottleneck", 10) + "  Last success\n"
        for j in s.jobs where !out.failed {
            let g = j.statistics
            let name = clean(s.organizations[j.organizationIndex].name) + " / " + clean(j.name)
            out += "  " + TerminalText.cell(name, 44) + " " + TerminalText.cell(clean(j.outcome.word), 10)
            out += " " + TerminalText.cell("\(g.sessions)", 8, alignRight: true)
            out += " " + TerminalText.cell(g.successRate.map(HumanUnits.percent) ?? "–", 7, alignRight: true)
            out +=
                " " + TerminalText.cell(g.duration.map { HumanUnits.duration($0.median) } ?? "–", 12, alignRight: true)
            out += " " + TerminalText.cell(g.duration.map { HumanUnits.duration($0.p95) } ?? "–", 12, alignRight: true)
            out += " " + TerminalText.cell(g.transferredTotal.cell(HumanUnits.bytes), 11, alignRight: true)
            out += " " + TerminalText.cell(g.medianProcessingRate.map(HumanUnits.rate) ?? "–", 11, alignRight: true)
            out += "  " + TerminalText.cell(g.typicalBottleneck.map { clean($0.description) } ?? "–", 10)
            out += "  " + age(j.lastSuccessAgeSeconds) + "\n"
        }
    }

    static func attention(_ s: Summary, zone: LocalTime, into out: inout BufferedOutput) {
        let sessions = s.windowSessions.needingAttention
        let overdue = s.jobs.filter(\.freshness.needsAttention)
        guard !sessions.isEmpty || !overdue.isEmpty else {
            if s.windowSessions.count > 0 { out += "\nNothing needs attention.\n" }
            return
        }
        if !overdue.isEmpty {
            out += "\nMISSED OR OVERDUE\n"
            for job in overdue {
                let name = clean(s.organizations[job.organizationIndex].name) + " / " + clean(job.name)
                out += "  " + TerminalText.cell(clean(job.outcome.word), 7) + "  \(name)\n"
                for sentence in FreshnessText.sentences(job.freshness, now: s.options.now, time: { zone.format($0) }) {
                    out += "      \(sentence)\n"
                }
            }
        }
        guard !sessions.isEmpty else { return }
        out += "\nNEEDS ATTENTION\n"
        for f in sessions where !out.failed {
            let job = s.jobs[f.jobIndex]
            let name = clean(s.organizations[job.organizationIndex].name) + " / " + clean(job.name)
            var line =
                "  \(time(f.creationTime, zone))  " + TerminalText.cell(clean(f.status.description), 9) + " \(name)"
            line += "  (\(f.retry), session \(clean(f.id.description)))"
            out += line + "\n"
            if let h = f.hung {
                out += "      Hung: \(FreshnessText.hungShort(h))\n"
            } else if let running = f.runningSeconds {
                let text = FreshnessText.running(running, job.freshness)
                out += "      \(text.prefix(1).uppercased() + text.dropFirst())\n"
            }
            for c in [f.versusPrevious, f.versusMedian].compactMap({ $0 }) where c.verdict == .slower {
                let against: String
                switch c.baseline {
                case .previous: against = "the previous run"
                case .median(let runs): against = "the median of \(runs) run\(runs == 1 ? "" : "s")"
                }
                let findings = c.findings.filter { $0.verdict == .slower }.map {
                    "\($0.metric.label) \(HumanUnits.delta($0.deltaPercent))"
                }
                out += "      Slower than \(against): " + findings.joined(separator: ", ") + "\n"
            }
            for item in f.attentionLog.prefix(5) {
                out += "      \(item.severity): \(clean(item.message))\n"
            }
            if f.attentionLog.count > 5 { out += "      … and \(f.attentionLog.count - 5) more log lines\n" }
        }
    }
}
