import VB365Model
import VB365Statistics
import VB365Support
import VB365Text

/// `vb365-report check`: the state of the jobs a scope covers, by a policy, as a monitoring
/// plugin reports it. No data, and a scope that names nothing there is, are UNKNOWN, never OK.
package enum MonitoringCheck {
    /// The fewest names a headline or an UNKNOWN message lists before `and N more`.
    static let namesListed = 3
    /// The most names an UNKNOWN message about a filter lists.
    static let namesKnown = 20

    /// An UNKNOWN result that says `message` (unreadable input, bad usage).
    package static func unknown(_ message: String) -> CheckResult {
        CheckResult(state: .unknown, headline: message, jobs: [])
    }

    /// Judges the jobs of `summary` that `scope` covers by `policy`, and the protection of the
    /// organizations it covers (none for a scope of jobs); times are said in ISO 8601 in `zone`
    /// (`--time-zone`), with its offset.
    package static func evaluate(
        _ summary: Summary, policy: CheckPolicy, scope: CheckScope = CheckScope(), zone: LocalTime = .utc
    ) -> CheckResult {
        if let miss = scopeProblem(summary, scope) { return unknown(miss) }
        let covered = summary.jobs.indices.filter { covers(scope, summary, $0) }
        guard !covered.isEmpty else {
            return unknown("no data: the input holds no job session and no job")
        }
        let labels = self.labels(summary, covered)
        var jobs = covered.map { judge(summary, $0, label: labels[$0] ?? "", policy: policy, zone: zone) }
        let sessions = covered.reduce(0) { $0 + summary.jobs[$1].statistics.sessions }
        let findings = covered.contains { summary.jobs[$0].freshness.needsAttention }
        var notes = fetchNotes(summary, covered: covered, policy: policy, zone: zone)
        let tenants = protectionTenants(summary, scope: scope, policy: policy)
        if sessions == 0 && !findings {
            // No data, and why when a server's fetch is behind.
            var result = unknown(
                "no data: no session of \(Formatting.count(covered.count, "job")) in the window \(zone.iso8601(summary.window.start)) to \(zone.iso8601(summary.window.end)), so nothing can be judged"
            )
            result.jobs = jobs
            result.notes = notes
            result.tenants = tenants
            return result
        }
        notes += infrastructureNotes(summary, scope: scope, covered: covered, policy: policy, zone: zone)
        notes += securityNotes(summary, covered: covered, policy: policy, zone: zone)
        notes += unreadableNotes(summary, policy: policy)
        // Worst first, then in the summary's order (organization, name).
        jobs = jobs.enumerated().sorted { a, b in
            a.element.state != b.element.state ? a.element.state > b.element.state : a.offset < b.offset
        }.map(\.element)
        let state = (jobs.map(\.state) + notes.map(\.state) + tenants.map(\.state)).max() ?? .ok
        return CheckResult(
            state: state,
            headline: headline(state, jobs: jobs, notes: notes, sessions: sessions, tenants: tenants), jobs: jobs,
            notes: notes, tenants: tenants)
    }

    /// A note for each server of the covered jobs whose data is not up to date
    /// (`Summary.fetchIsBehind`): its last fetch failed, or none has succeeded for more than a day.
    static func fetchNotes(_ summary: Summary, covered: [Int], policy: CheckPolicy, zone: LocalTime) -> [CheckResult
        .Note]
    {
        let servers = Set(covered.compactMap { summary.jobs[$0].serverIndex }).sorted()
        return servers.compactMap { index in
            let server = summary.servers[index]
            guard summary.fetchIsBehind(server) else { return nil }
            let failed = server.lastFetchError.map { "its last fetch failed (\($0)); " } ?? ""
            let age =
                summary.fetchAgeSeconds(of: server).map {
                    "no fetch has succeeded for \(HumanUnits.duration($0)) (the last at \(zone.iso8601(server.lastFetched!)))"
                } ?? "no fetch of it has succeeded"
            return .init(
                state: policy.level(.fetchFailed), text: "server \(server.name) is not up to date: \(failed)\(age)",
                key: "server/\(server.address)")
        }
    }

    /// The infrastructure's findings as notes, at the levels of the policy's `failed` and
    /// `warning` (CRITICAL and WARNING unless `--level` says otherwise): all of
    /// them for the whole input or a server's scope; for a scope of organizations or jobs, only the
    /// repositories their jobs back up to and the proxies that serve those (the licence serves
    /// every tenant).
    static func infrastructureNotes(
        _ summary: Summary, scope: CheckScope, covered: [Int], policy: CheckPolicy, zone: LocalTime = .utc
    ) -> [CheckResult.Note] {
        let infra = summary.infrastructure
        let tenantScope = !scope.organizations.isEmpty || !scope.jobs.isEmpty
        let organizations = Set(covered.map { summary.jobs[$0].organizationIndex })
        // Each object once, at its worst finding's level, with every finding.
        return infra.problems.compactMap { problem in
            let server: String?
            let key: String
            switch problem.subject {
            case .repository(let i):
                let r = infra.repositories[i]
                if tenantScope && r.organizationIndices.allSatisfy({ !organizations.contains($0) }) { return nil }
                server = r.server
                key = "repository/\(r.id)"
            case .proxy(let i):
                // A tenant's scope sees the proxies that serve its repositories.
                let p = infra.proxies[i]
                if tenantScope && p.organizationIndices.allSatisfy({ !organizations.contains($0) }) { return nil }
                server = p.server
                key = "proxy/\(p.id)"
            case .license(let i):
                if tenantScope { return nil }
                server = infra.licenses[i].server
                key = "license"
            }
            if !scope.servers.isEmpty {
                guard let server,
                    summary.servers.contains(where: {
                        $0.name == server && CheckScope.matches(scope.servers, name: $0.name, ids: [$0.address])
                    })
                else { return nil }
            }
            let text = InfrastructureText.line(
                problem, in: infra, thresholds: summary.options.infrastructure, date: zone.date)
            return CheckResult.Note(
                state: policy.level(problem.severity == .failed ? .failed : .warning), text: text,
                key: "infrastructure/\(server ?? "")/\(key)")
        }
    }

    /// The first line's text: the states that are not OK, each with its first jobs and why, then
    /// the organizations whose protection is not OK (worst first) and the notes.
    static func headline(
        _ state: CheckState, jobs: [CheckResult.Job], notes: [CheckResult.Note], sessions: Int,
        tenants: [CheckResult.Tenant] = []
    ) -> String {
        if jobs.count == 1, let job = jobs.first, notes.isEmpty, tenants.isEmpty {
            return "\(job.label): \(job.reasons.joined(separator: "; "))"
        }
        if state == .ok {
            let protection =
                tenants.isEmpty ? "" : "; protection OK (\(Formatting.count(tenants.count, "organization")))"
            return
                "all \(Formatting.count(jobs.count, "job")) OK (\(Formatting.count(sessions, "session")) in the window)\(protection)"
        }
        var parts: [String] = []
        for level in [CheckState.critical, .warning] {
            let these = jobs.filter { $0.state == level }
            guard !these.isEmpty else { continue }
            let named = these.prefix(namesListed).map { "\($0.label) \($0.reasons.first ?? "")" }
            let more = these.count > namesListed ? ", and \(these.count - namesListed) more" : ""
            let count = parts.isEmpty ? "\(these.count) of \(Formatting.count(jobs.count, "job"))" : "\(these.count)"
            parts.append("\(count) \(level.word): \(named.joined(separator: ", "))\(more)")
        }
        // The organizations' protection before the notes of the same level, each group in its order.
        let protection = tenants.map {
            (state: $0.state, text: "\($0.label): \($0.reasons.prefix(max(1, $0.decisive)).joined(separator: "; "))")
        }
        let shown = (protection + notes.map { (state: $0.state, text: $0.text) }).enumerated()
            .filter { $0.element.state != .ok }
            .sorted { a, b in
                a.element.state != b.element.state ? a.element.state > b.element.state : a.offset < b.offset
            }
            .map(\.element)
        parts += shown.prefix(namesListed).map(\.text)
        if shown.count > namesListed { parts.append("and \(shown.count - namesListed) more (below)") }
        return parts.joined(separator: "; ")
    }

    /// One job's state, its reasons and its performance data.
    static func judge(_ summary: Summary, _ index: Int, label: String, policy: CheckPolicy, zone: LocalTime)
        -> CheckResult.Job
    {
        let job = summary.jobs[index]
        let runs = job.statistics.runs
        let ran = "of \(Formatting.count(runs.total, "run"))"
        var found: [(state: CheckState, text: String)] = []
        if let m = job.freshness.missed {
            let text: String
            switch (m.basis, m.lastRun) {
            case (.nextRun, _): text = "missed (the server's next run was due \(m.due.map(zone.iso8601) ?? "earlier"))"
            case (_, let last?): text = "missed (no run since \(zone.iso8601(last)))"
            case (_, nil): text = "missed (no run in the data)"
            }
            found.append((policy.level(.missed), text))
        }
        if runs.failed > 0 {
            var text = "failed (\(runs.failed) \(ran))"
            if let streak = job.freshness.streak, streak.status == .failed {
                text = "failed (\(runs.failed) \(ran); \(FreshnessText.streakShort(streak, zone: zone)))"
            }
            found.append((policy.level(.failed), text))
        }
        if let h = job.freshness.hung { found.append((policy.level(.hung), "hung (\(FreshnessText.hungShort(h)))")) }
        if let s = job.freshness.stale {
            let limit = "maximum age \(span(s.maximumAgeSeconds))"
            found.append((policy.level(.stale), "stale (\(FreshnessText.staleDetail(s)), \(limit))"))
        }
        if runs.warning > 0 {
            var text = "warning (\(runs.warning) \(ran))"
            var level = policy.level(.warning)
            if let streak = job.freshness.streak, streak.status == .warning {
                text = "warning (\(FreshnessText.streakShort(streak, zone: zone)))"
                if streak.escalates {
                    level = max(level, policy.level(.failed))
                    text =
                        "warning (\(FreshnessText.streakShort(streak, zone: zone)); failed level from \(streak.limit) in a row)"
                }
            }
            found.append((level, text))
        }
        if runs.recovered > 0 {
            found.append(
                (policy.level(.recovered), "recovered (\(runs.recovered) \(ran) failed or warned, then succeeded)"))
        }
        if runs.other > 0 {
            let status = job.lastSession.map { " \($0.status)" } ?? ""
            found.append((policy.level(.other), "ended\(status) (\(runs.other) \(ran))"))
        }
        if let age = job.lastSuccessAgeSeconds {
            let hours = span(age)
            if let limit = policy.criticalAgeSeconds, age > limit {
                found.append((.critical, "last success \(hours) ago (critical above \(span(limit)))"))
            } else if let limit = policy.warningAgeSeconds, age > limit {
                found.append((.warning, "last success \(hours) ago (warning above \(span(limit)))"))
            }
        }
        let state = found.map(\.state).max() ?? .ok
        // The reasons that decide the state first, led by the one the reports name the job by (a
        // hung job that is also stale reads "hung" first, as its outcome is Hung everywhere).
        var reasons = found.enumerated().sorted { a, b in
            a.element.state != b.element.state ? a.element.state > b.element.state : a.offset < b.offset
        }.map(\.element.text)
        let word = job.outcome.word.lowercased()
        if let first = reasons.firstIndex(where: { $0.hasPrefix(word + " ") }), first > 0 {
            reasons.insert(reasons.remove(at: first), at: 0)
        }
        if found.isEmpty { reasons.append(job.outcome.word) }
        if !reasons.contains(where: { $0.hasPrefix("last success") }) {
            reasons.append(
                job.lastSuccessAgeSeconds.map { "last success \(span($0)) ago" }
                    ?? "no success in the data")
        }
        var result = CheckResult.Job(
            state: state, label: label, reasons: reasons, performance: performance(summary, job, policy: policy))
        result.key = key(summary, job: index)
        result.index = index
        return result
    }

    /// `job/<server address>/<organization id or name>/<job id or name>`: what a job is
    /// remembered by across runs.
    package static func key(_ summary: Summary, job index: Int) -> String {
        let job = summary.jobs[index]
        let organization = summary.organizations[job.organizationIndex]
        let server = job.serverIndex.map { summary.servers[$0].address } ?? ""
        return
            "job/\(server)/\(organization.id?.description ?? organization.name)/\(job.id?.description ?? job.name)"
    }

    /// The newest finished session's duration, bytes and rate, and the hours since the last
    /// success; each left out when unknown.
    static func performance(_ summary: Summary, _ job: JobSummary, policy: CheckPolicy) -> [CheckResult.Performance] {
        var out: [CheckResult.Performance] = []
        if let last = job.sessionIndices.reversed().map({ summary.sessions[$0] }).first(where: {
            $0.durationSeconds != nil
        }) {
            if let d = last.durationSeconds { out.append(.init(metric: "duration", value: decimal(d, 3), unit: "s")) }
            if let t = last.transferred { out.append(.init(metric: "transferred", value: String(t), unit: "B")) }
            if let r = last.processingRate { out.append(.init(metric: "processing_rate", value: String(r), unit: "")) }
        }
        if let age = job.lastSuccessAgeSeconds {
            out.append(
                .init(
                    metric: "hours_since_success", value: decimal(age / Seconds.hour, 2), unit: "",
                    warning: policy.warningAgeSeconds.map { decimal($0 / Seconds.hour, 2) } ?? "",
                    critical: policy.criticalAgeSeconds.map { decimal($0 / Seconds.hour, 2) } ?? ""))
        }
        return out
    }

    /// An age as an RPO is stated: `7 h 40 min` within a day, `31 h` up to three days, `5 d 2 h` beyond.
    static func span(_ seconds: Double) -> String { FreshnessText.roughly(seconds) }

    /// `value` in plain decimal notation with at most `places` decimals: `1234`, `12.5`.
    static func decimal(_ value: Double, _ places: Int) -> String {
        var text = HumanUnits.fixed(value, places)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Each covered job's label: its name, with its organization when another covered job has
    /// the same name, then its server, then its id.
    static func labels(_ summary: Summary, _ covered: [Int]) -> [Int: String] {
        var labels: [Int: String] = [:]
        for i in covered { labels[i] = summary.jobs[i].name }
        let qualifiers: [(Int) -> String?] = [
            { " (\(summary.organizations[summary.jobs[$0].organizationIndex].name))" },
            { i in summary.jobs[i].serverIndex.map { " on \(summary.servers[$0].name)" } },
            { i in summary.jobs[i].id.map { " [\($0)]" } },
        ]
        for qualifier in qualifiers {
            let counts = Dictionary(grouping: covered) { labels[$0] ?? "" }
            for (_, same) in counts where same.count > 1 {
                for i in same { labels[i] = (labels[i] ?? "") + (qualifier(i) ?? "") }
            }
        }
        return labels
    }

    /// True when `scope` covers the job at `index`.
    static func covers(_ scope: CheckScope, _ summary: Summary, _ index: Int) -> Bool {
        let job = summary.jobs[index]
        let organization = summary.organizations[job.organizationIndex]
        let server = job.serverIndex.map { summary.servers[$0] }
        return CheckScope.matches(scope.jobs, name: job.name, ids: job.id.map { [$0.description] } ?? [])
            && CheckScope.matches(
                scope.organizations, name: organization.name, ids: organization.id.map { [$0.description] } ?? [])
            && (scope.servers.isEmpty
                || server.map { CheckScope.matches(scope.servers, name: $0.name, ids: [$0.address]) } ?? false)
    }

    /// Why `scope` covers nothing, naming what there is: a name no job, organization or server
    /// has, or names that exist but not together; nil when it covers a job (or narrows nothing).
    static func scopeProblem(_ summary: Summary, _ scope: CheckScope) -> String? {
        if scope.isEmpty { return nil }
        let jobs = summary.jobs.map { ($0.name, $0.id.map { [$0.description] } ?? []) }
        let organizations = summary.organizations.map { ($0.name, $0.id.map { [$0.description] } ?? []) }
        let servers = summary.servers.map { ($0.name, [$0.address]) }
        for (kind, wanted, known) in [
            ("job", scope.jobs, jobs), ("organization", scope.organizations, organizations),
            ("server", scope.servers, servers),
        ] {
            for name in wanted where !known.contains(where: { CheckScope.matches([name], name: $0.0, ids: $0.1) }) {
                return "no \(kind) is named '\(name)'; the \(kind)s are: \(list(known.map(\.0)))"
            }
        }
        if summary.jobs.indices.contains(where: { covers(scope, summary, $0) }) { return nil }
        return
            "no job is \(describe(scope)); the jobs are: \(list(summary.jobs.map { job in "\(job.name) (\(summary.organizations[job.organizationIndex].name)\(job.serverIndex.map { " on " + summary.servers[$0].name } ?? ""))" }))"
    }

    /// `named 'A' of organization 'B' on server 'C'`.
    static func describe(_ scope: CheckScope) -> String {
        var parts: [String] = []
        if !scope.jobs.isEmpty { parts.append("named " + scope.jobs.map { "'\($0)'" }.joined(separator: " or ")) }
        if !scope.organizations.isEmpty {
            parts.append("of organization " + scope.organizations.map { "'\($0)'" }.joined(separator: " or "))
        }
        if !scope.servers.isEmpty {
            parts.append("on server " + scope.servers.map { "'\($0)'" }.joined(separator: " or "))
        }
        return parts.joined(separator: " ")
    }

    /// Distinct names, sorted, at most `namesKnown` of them: `A, B, C and 4 more`, or `none`.
    static func list(_ names: [String]) -> String {
        let distinct = Set(names).sorted()
        if distinct.isEmpty { return "none" }
        let shown = distinct.prefix(namesKnown).joined(separator: ", ")
        return distinct.count > namesKnown ? "\(shown) and \(distinct.count - namesKnown) more" : shown
    }
}
