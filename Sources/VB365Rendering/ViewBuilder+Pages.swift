import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    // MARK: - Digest

    /// The digest of the window.
    package func digest() -> DigestView {
        let s = summary
        let worst = badge(s.outcome)
        let headline = s.actionHeadline
        let t = s.totals
        var totals = [
            StatView(label: "Sessions", value: count(Int64(t.sessions))),
            StatView(
                label: "Runs",
                value: QuantityView(text: t.runs.phrase, exact: "\(t.runs.total) runs", known: true)),
            StatView(label: "Success rate", value: percent(t.successRate)),
            StatView(label: "Transferred", value: bytes(t.transferredTotal)),
            StatView(label: "Items", value: count(t.objectsTotal)),
        ]
        if t.slower > 0 { totals.append(StatView(label: "Slower than baseline", value: count(Int64(t.slower)))) }
        let heading = "VB365 report \(input.time.date(s.window.lastInstant))"
        let title = "[\(worst.word)] \(heading)"
        let anchors = organizationAnchors()
        var view = DigestView(
            page: page(title: title, root: "", status: headerClass(s.outcome, worst: s.worst)), badge: worst,
            heading: heading, headline: headline,
            totals: totals,
            organizations: s.organizations.indices.map { index in
                let o = s.organizations[index]
                return OrganizationRowView(
                    name: user(o.name), server: serverName(o.serverIndex),
                    link: input.tenantFolders[index].map { (linkBase ?? "") + $0 + "/index." + ext } ?? "",
                    badge: badge(s.outcome(of: o)),
                    jobCount: o.jobIndices.count, anchor: anchors[index],
                    sessions: o.statistics.sessions, successRate: percent(o.statistics.successRate),
                    transferred: bytes(o.statistics.transferredTotal, cell: true),
                    lastSuccessAge: age(o.lastSuccessAgeSeconds))
            },
            jobs: jobsInDigestOrder().map { index in
                var row = jobRow(index)
                row.organizationAnchor = anchors[s.jobs[index].organizationIndex]
                return row
            },
            attention: s.sessions.filter(\.needsAttention).reversed().map(attention),
            hasAttention: s.sessions.contains(where: \.needsAttention),
            overdue: s.jobs.indices.filter { s.jobs[$0].freshness.needsAttention }.map(overdue),
            hasOverdue: s.jobs.contains { $0.freshness.needsAttention }, isEmpty: s.sessions.isEmpty,
            notices: input.notices.map(user))
        view.servers = s.servers.map(serverRow)
        view.unreadableFiles = s.unreadableFiles.map {
            UnreadableFileView(location: user($0.location), reason: user($0.reason))
        }
        view.infrastructure = infrastructureSection(root: "")
        view.security = securitySection(root: "")
        view.restores = restoreActivitySection(root: "")
        view.protection = protectionSection(root: "")
        if s.jobs.count > Self.contentsAboveJobs { view.contents = contents(view) }
        return view
    }

    /// From this many jobs on, a digest is longer than a screen: it opens with a line of
    /// contents.
    package static let contentsAboveJobs = 12

    /// The digest's jobs in the order its table lists them: those that need action first, then
    /// the rest, each part in the summary's order (by organization, then name).
    func jobsInDigestOrder() -> [Int] {
        let jobs = summary.jobs
        return jobs.indices.filter { jobs[$0].needsAction } + jobs.indices.filter { !jobs[$0].needsAction }
    }

    /// Each organization's anchor in the digest, by index: `organization-` and its tenant folder's
    /// name (a slug and a hash of its identity, stable from run to run), or its slug and its
    /// place for an organization of no known id.
    func organizationAnchors() -> [String] {
        let folders = TenantSplit.folders(of: summary)
        return summary.organizations.indices.map { index in
            if let folder = folders[index], let name = folder.split(separator: "/").last {
                return "organization-" + name
            }
            return "organization-" + FileNames.slug(summary.organizations[index].name, fallback: "none")
                + "-\(index + 1)"
        }
    }

    /// The line of contents of `view`: each section it shows, with its count.
    func contents(_ view: DigestView) -> [ContentsEntryView] {
        var entries: [ContentsEntryView] = []
        if view.hasOverdue {
            entries.append(.init(anchor: "missed-or-overdue", label: "Missed or overdue (\(view.overdue.count))"))
        }
        if view.hasAttention {
            entries.append(.init(anchor: "needs-attention", label: "Needs attention (\(view.attention.count))"))
        }
        if !view.infrastructure.headline.isEmpty {
            entries.append(.init(anchor: "infrastructure", label: "Infrastructure"))
        }
        if let security = view.security {
            entries.append(.init(anchor: "security", label: "Security (\(security.findings.count))"))
        }
        if view.restores != nil {
            entries.append(
                .init(anchor: "restore-activity", label: "Restore activity (\(summary.restores.count))"))
        }
        if let protection = view.protection {
            let label = protection.hasTenants ? "Protection (\(protection.tenants.count))" : "Protection"
            entries.append(.init(anchor: "protection", label: label))
        }
        if view.hasServers { entries.append(.init(anchor: "servers", label: "Servers (\(view.servers.count))")) }
        entries.append(.init(anchor: "jobs", label: "Jobs (\(view.jobs.count))"))
        entries.append(.init(anchor: "organizations", label: "Organizations (\(view.organizations.count))"))
        for i in entries.indices.dropFirst() { entries[i].separator = " · " }
        return entries
    }

    /// The name of a job's organization, made safe, followed by its server's when the sessions
    /// came from more than one server (`Contoso · vbo-eu`).
    func organizationLabel(_ job: JobSummary) -> String {
        let name = user(summary.organizations[job.organizationIndex].name)
        guard summary.servers.count > 1, let server = job.serverIndex else { return name }
        return name + " · " + user(summary.servers[server].name)
    }

    /// The name of the server at `index`, made safe; empty for none.
    func serverName(_ index: Int?) -> String { index.map { user(summary.servers[$0].name) } ?? "" }

    func serverRow(_ server: ServerSummary) -> ServerRowView {
        var fetchBadge = badge(SessionStatus.failed)
        fetchBadge.detail = "The server's data is not up to date"
        var problems = server.lastFetchError.map { ["the latest fetch failed: " + user($0)] } ?? []
        if let age = summary.fetchAgeSeconds(of: server), age > Summary.oldDataSeconds {
            problems.append("no fetch has succeeded for " + HumanUnits.duration(age))
        }
        var row = ServerRowView(
            name: user(server.name), address: user(server.address), badge: badge(summary.outcome(of: server)),
            organizationCount: server.organizationIndices.count, jobCount: server.jobIndices.count,
            sessions: server.statistics.sessions, successRate: percent(server.statistics.successRate),
            transferred: bytes(server.statistics.transferredTotal, cell: true),
            lastSuccessAge: age(server.lastSuccessAgeSeconds),
            lastFetched: server.lastFetched.map { time($0) } ?? "not recorded",
            fetchFailed: summary.fetchIsBehind(server), fetchError: user(server.lastFetchError ?? ""),
            fetchBadge: fetchBadge)
        row.fetchProblem = problems.isEmpty ? "no fetch of it has succeeded" : problems.joined(separator: "; ")
        return row
    }

    func overdue(_ index: Int) -> OverdueView {
        let job = summary.jobs[index]
        return OverdueView(
            badge: badge(job), job: user(job.name),
            organization: organizationLabel(job), jobLink: jobLink(index, root: ""),
            reasons: overdueReasons(job))
    }

    func overdueReasons(_ job: JobSummary) -> [String] {
        FreshnessText.sentences(job.freshness, now: summary.options.now) { time($0) }
    }

    func jobRow(_ index: Int) -> JobRowView {
        let j = summary.jobs[index]
        let g = j.statistics
        let lastCompared = j.sessionIndices.reversed().map { summary.sessions[$0] }.first { $0.versusMedian != nil }
        var row = JobRowView(
            name: user(j.name), organization: user(summary.organizations[j.organizationIndex].name),
            server: serverName(j.serverIndex), link: jobLink(index, root: ""), badge: badge(j),
            sessionsByStatus: sessionsByStatus(g), lastRun: time(j.lastSession?.creationTime),
            lastRunAge: j.lastSession.map { age(summary.options.now.seconds(since: $0.creationTime)) } ?? "never",
            duration: duration(g.duration?.median), transferred: bytes(g.transferredTotal, cell: true),
            processingRate: rate(g.medianProcessingRate),
            rateDelta: delta(lastCompared?.versusMedian, .processingRate), lastSuccessAge: age(j.lastSuccessAgeSeconds))
        row.copyOf = copyOf(j, root: "")
        return row
    }

    func attention(_ f: SessionFacts) -> AttentionView {
        let job = summary.jobs[f.jobIndex]
        var reasons: [String] = []
        if let h = f.hung {
            reasons.append("Hung: \(FreshnessText.hungShort(h))")
        } else if let running = f.runningSeconds {
            let text = FreshnessText.running(running, job.freshness)
            reasons.append(text.prefix(1).uppercased() + text.dropFirst())
        } else if f.status != .success {
            reasons.append("Status: \(user(f.status.description))")
        }
        reasons.append(contentsOf: findings(f).filter { $0.hasPrefix("Slower") })
        let shown = f.attentionLog.prefix(10)
        var view = AttentionView(
            time: time(f.creationTime), badge: badge(session: f), job: user(job.name),
            organization: organizationLabel(job),
            jobLink: jobLink(f.jobIndex, root: ""),
            sessionLink: sessionLink(f, root: ""), retry: f.retry.description, reasons: reasons,
            logLines: shown.map(logLine), moreLogLines: f.attentionLog.count - shown.count,
            hasMoreLogLines: f.attentionLog.count > shown.count, hasLogLines: !shown.isEmpty)
        view.isCopy = isCopy(f)
        return view
    }

    // MARK: - Job page

    /// The page of job `index`.
    package func jobPage(_ index: Int) -> JobPageView {
        jobPage(index, months: stableSessionPages ? jobMonths(index) : [])
    }

    /// The page of job `index`, whose `months` (`jobMonths`, on a site) are already known.
    func jobPage(_ index: Int, months jobMonths: [JobMonth]) -> JobPageView {
        let j = summary.jobs[index]
        let g = j.statistics
        var stats: [StatView] = [
            StatView(label: "Sessions in the window", value: count(Int64(g.sessions))),
            StatView(
                label: "Runs", value: QuantityView(text: g.runs.phrase, exact: "\(g.runs.total) runs", known: true)),
            StatView(label: "Success rate", value: percent(g.successRate)),
            StatView(label: "Duration, minimum", value: duration(g.duration?.minimum)),
            StatView(label: "Duration, median", value: duration(g.duration?.median)),
            StatView(label: "Duration, 95th percentile", value: duration(g.duration?.p95)),
            StatView(label: "Duration, maximum", value: duration(g.duration?.maximum)),
            StatView(label: "Transferred, total", value: bytes(g.transferredTotal)),
            StatView(label: "Transferred, median", value: bytes(g.transferredMedian)),
            StatView(label: "Items, total", value: count(g.objectsTotal)),
            StatView(label: "Processing rate, median", value: rate(g.medianProcessingRate)),
            StatView(label: "Items per second, median", value: count(g.medianProcessingItemsRate, unit: " items/s")),
            StatView(label: "Read rate, median", value: rate(g.medianReadRate)),
            StatView(label: "Write rate, median", value: rate(g.medianWriteRate)),
            StatView(
                label: "Typical bottleneck",
                value: QuantityView(
                    text: g.typicalBottleneck.map { user($0.description) } ?? "–",
                    exact: g.typicalBottleneck.map { user($0.description) } ?? "unknown",
                    known: g.typicalBottleneck != nil)),
        ]
        let lastSuccess =
            j.lastSuccess.map { "\(time($0.endTime ?? $0.creationTime)) (\(age(j.lastSuccessAgeSeconds)))" } ?? "never"
        stats.append(
            StatView(
                label: "Last success",
                value: QuantityView(text: lastSuccess, exact: lastSuccess, known: j.lastSuccess != nil)))
        if let next = j.nextRun {
            stats.append(
                StatView(label: "Next run", value: QuantityView(text: time(next), exact: next.iso8601, known: true)))
        }
        if let schedule = FreshnessText.schedule(j.freshness.schedule) {
            stats.append(StatView(label: "Schedule", value: QuantityView(text: schedule, exact: schedule, known: true)))
        }
        if let streak = j.freshness.streak {
            let text = FreshnessText.streak(streak) { time($0) }
            stats.append(StatView(label: "In a row", value: QuantityView(text: text, exact: text, known: true)))
        }
        stats.append(StatView(label: "Completed sessions before the window", value: count(Int64(j.historySessions))))

        let all = j.historyIndices.map { summary.history[$0] } + j.sessionIndices.map { summary.sessions[$0] }
        let recent = Array(all.suffix(30))
        // A site's job page lists the newest earlier sessions; every session is on its month's page.
        let shown = stableSessionPages ? j.historyIndices.suffix(Self.siteHistoryRows) : j.historyIndices[...]
        let months = jobMonths.reversed().map { m -> JobMonthView in
            let link = monthLink(index, month: m.month)
            return JobMonthView(label: link.label, month: m.month, link: link.link, sessions: m.ordinals.count)
        }
        let longest = recent.compactMap(\.durationSeconds).max()
        let fastest = recent.compactMap(\.processingRate).max()
        let topDuration = longest ?? 0
        let topRate = fastest ?? 0
        func bar(_ f: SessionFacts, _ value: Double?, _ top: Double, _ q: QuantityView) -> BarView {
            let percent = value.map { top > 0 ? Int(($0 / top * 100).rounded()) : 0 } ?? 0
            return BarView(
                label: input.time.format(f.creationTime), value: q, percent: max(percent, value == nil ? 0 : 1),
                textBar: ViewBuilder.textBar(percent), cssClass: badge(session: f).cssClass,
                link: sessionLink(f, root: "../"))
        }
        var view = JobPageView(
            page: page(
                title: "[\(j.outcome.word)] \(j.name)", root: "../", status: headerClass(j.outcome, worst: g.worst)),
            name: user(j.name), organization: organizationLabel(j), badge: badge(j),
            overdueReasons: overdueReasons(j), isOverdue: j.freshness.needsAttention, statistics: stats,
            durationTrend: recent.map { bar($0, $0.durationSeconds, topDuration, duration($0.durationSeconds)) },
            rateTrend: recent.map {
                bar($0, $0.processingRate.map(Double.init), Double(topRate), rate($0.processingRate))
            },
            durationAxis: AxisView(
                minimum: QuantityView(text: "0 s", exact: "0 s", known: true), maximum: duration(longest)),
            rateAxis: AxisView(
                minimum: QuantityView(text: "0 B/s", exact: "0 B/s", known: true), maximum: rate(fastest)),
            trendStart: recent.first.map { input.time.date($0.creationTime) } ?? "",
            trendEnd: recent.last.map { input.time.date($0.creationTime) } ?? "",
            durationSparkline: ViewBuilder.sparkline(recent.map(\.durationSeconds)),
            rateSparkline: ViewBuilder.sparkline(recent.map { $0.processingRate.map(Double.init) }),
            sessions: j.sessionIndices.reversed().map { sessionRow(summary.sessions[$0]) },
            history: shown.reversed().map { sessionRow(summary.history[$0]) },
            hasSessions: !j.sessionIndices.isEmpty, hasHistory: !j.historyIndices.isEmpty, hasTrend: !recent.isEmpty,
            trendCount: recent.count, months: months, hasMonths: !months.isEmpty,
            olderSessions: j.historyIndices.count - shown.count, hasOlderSessions: shown.count < j.historyIndices.count)
        view.copyOf = copyOf(j, root: "../")
        let objects = objectProblems(job: index)
        if !objects.isEmpty { view.objectProblems = "Failed or warned objects in the window: " + objects }
        return view
    }

    // MARK: - A site's months of a job

    /// How many earlier sessions a site's job page lists; all of them are on its month pages.
    static let siteHistoryRows = 30

    /// A month of a job's sessions on a site.
    struct JobMonth: Sendable {
        /// `2026-11`, in the report's time zone.
        var month: String
        /// The sessions (`facts(ordinal:)`), oldest first.
        var ordinals: [Int]
    }

    /// The session at `ordinal`: the window's sessions are numbered first, then the history's.
    func facts(ordinal: Int) -> SessionFacts {
        let n = summary.sessions.count
        return ordinal < n ? summary.sessions[ordinal] : summary.history[ordinal - n]
    }

    /// The months of job `index`'s sessions (window and history) on a site, oldest first; a
    /// month with no session of the job has no page.
    func jobMonths(_ index: Int) -> [JobMonth] {
        let j = summary.jobs[index]
        let n = summary.sessions.count
        var months: [JobMonth] = []
        var positions: [String: Int] = [:]
        for ordinal in j.historyIndices.map({ $0 + n }) + j.sessionIndices {
            let month = String(input.time.date(facts(ordinal: ordinal).creationTime).prefix(7))
            if let at = positions[month] {
                months[at].ordinals.append(ordinal)
            } else {
                positions[month] = months.count
                months.append(JobMonth(month: month, ordinals: [ordinal]))
            }
        }
        return months.sorted { $0.month < $1.month }
    }

    /// The path of job `index`'s page of `month`, without extension: `jobs/<job>-2026-11`.
    func jobMonthFile(_ index: Int, month: String) -> String { jobFiles[index] + "-" + month }

    /// `November 2026` for `2026-11`.
    static func monthLabel(_ month: String) -> String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        guard let dash = month.lastIndex(of: "-"), let number = Int(month[month.index(after: dash)...]),
            (1...12).contains(number)
        else { return month }
        return names[number - 1] + " " + month[..<dash]
    }

    func monthLink(_ index: Int, month: String) -> MonthLinkView {
        MonthLinkView(
            label: Self.monthLabel(month), month: month,
            link: (linkBase ?? "../") + input.pagePrefix(job: index) + jobMonthFile(index, month: month) + "." + ext)
    }

    /// Page `at` of `months` (`jobMonths(index)`): the month's sessions of job `index`, newest
    /// first, and links to the months around it. It reads only the sessions' facts, the job's
    /// names and page, and the months' names: `ViewBuilder.jobMonthKey` takes in the same.
    func jobMonthPage(_ index: Int, months: [JobMonth], at: Int) -> JobMonthPageView {
        let job = summary.jobs[index]
        let month = months[at]
        let sessions = month.ordinals.reversed().map { facts(ordinal: $0) }
        let rows = sessions.map(sessionRow)
        // Coloured by the month's worst session.
        let styles = Set(rows.map(\.badge.style))
        let status = BadgeView.worstFirst.first(where: styles.contains)?.rawValue
        let link = monthLink(index, month: month.month)
        return JobMonthPageView(
            page: page(title: job.name + ": " + link.label, root: "../", status: status ?? "other").withoutRunDetails(),
            name: user(job.name), organization: organizationLabel(job),
            jobLink: jobLink(index, root: "../"), month: link, sessionCount: rows.count, sessions: rows,
            previous: at > 0 ? monthLink(index, month: months[at - 1].month) : nil,
            next: at + 1 < months.count ? monthLink(index, month: months[at + 1].month) : nil)
    }

    func sessionRow(_ f: SessionFacts) -> SessionRowView {
        let verdict = f.isSlower ? "slower" : (f.versusMedian?.verdict ?? f.versusPrevious?.verdict)?.rawValue ?? ""
        var row = SessionRowView(
            time: time(f.creationTime), link: sessionLink(f, root: "../"), badge: badge(session: f),
            retry: f.retry.description, duration: duration(f.durationSeconds), transferred: bytes(f.transferred),
            processingRate: rate(f.processingRate), readRate: rate(f.readRate), writeRate: rate(f.writeRate),
            versusPrevious: delta(f.versusPrevious, .processingRate),
            versusMedian: delta(f.versusMedian, .processingRate),
            verdict: verdict)
        row.isCopy = isCopy(f)
        return row
    }

    // MARK: - Session page

    /// The page of a session.
    /// A session as a ticket attachment.
    package func ticket(_ f: SessionFacts, redacted: Bool) -> TicketView {
        let job = summary.jobs[f.jobIndex]
        let all = job.historyIndices.map { summary.history[$0] } + job.sessionIndices.map { summary.sessions[$0] }
        let upTo = all.filter { $0.creationTime <= f.creationTime }
        let problems = (input.logItems[f.id] ?? []).enumerated().filter { $0.element.severity.needsAttention }
            .sorted { a, b in
                a.element.severity.rank != b.element.severity.rank
                    ? a.element.severity.rank < b.element.severity.rank : a.offset < b.offset
            }.map { logLine($0.element) }
        var session = sessionPage(f)
        if redacted, case .text(let text) = f.id, let at = text.firstIndex(of: "@") {
            // A second server's copy of an id names that server's address: masked like any host.
            session.id = user(String(text[..<at]) + "@server")
        }
        var page = session.page
        page.title = "[\(badge(session: f).word)] \(session.job), \(time(f.creationTime))"
        return TicketView(
            page: page, session: session, history: upTo.suffix(10).reversed().map(sessionRow),
            problems: Array(problems.prefix(50)), moreProblems: max(0, problems.count - 50), redacted: redacted)
    }

    /// The ticket's file name without extension: `<job>-<date>-<status>-<short id>`.
    package func ticketName(_ f: SessionFacts) -> String {
        let job = FileNames.slug(summary.jobs[f.jobIndex].name, fallback: "job")
        let date = String(input.time.format(f.creationTime).prefix(10))
        let status = FileNames.slug(badge(session: f).word, fallback: "status")
        var id = FileNames.slug(String(f.id.description.prefix(8)), fallback: "session")
        // A second server's copy of an id (`id@host:port`) starts like the first's: a hash of the
        // whole id keeps the two tickets apart.
        if case .text(let text) = f.id, text.contains("@") { id += "-" + FileNames.hash(text) }
        return "\(job)-\(date)-\(status)-\(id)"
    }

    package func sessionPage(_ f: SessionFacts) -> SessionPageView {
        let job = summary.jobs[f.jobIndex]
        let bars = rateBars(f)
        let (throughputNote, readWriteNote) = rateNotes(f)
        let chain = chainItems(f)
        let (comparisons, previousLabel, medianLabel) = comparisonRows(f)
        let lines = logLines(f)
        // The UTC line only when the report's zone is another; the end to the second, like the start.
        let utc = !input.time.isUTC
        let (end, endUTC) = sessionEnd(f, utc: utc)
        let badge = self.badge(session: f)
        let findings = self.findings(f)
        var sessionPage = page(
            title: "[\(badge.word)] \(job.name) \(input.time.format(f.creationTime))", root: "../",
            status: badge.cssClass)
        if stableSessionPages { sessionPage = sessionPage.withoutRunDetails() }
        var view = SessionPageView(
            page: sessionPage,
            id: user(f.id.description), job: user(job.name), jobLink: jobLink(f.jobIndex, root: "../"),
            organization: organizationLabel(job), badge: badge,
            start: input.time.format(f.creationTime, seconds: true),
            startUTC: utc ? LocalTime.utc.format(f.creationTime, seconds: true) : "", hasStartUTC: utc, end: end,
            endUTC: endUTC, hasEndUTC: !endUTC.isEmpty,
            duration: duration(f.durationSeconds), transferred: bytes(f.transferred), objects: count(f.objects),
            bottleneck: f.bottleneck.map { user($0.description) } ?? "–",
            itemsRate: count(f.processingItemsRate, unit: " items/s"), processingRate: rate(f.processingRate),
            observedThroughput: rate(f.observedThroughput), observedBar: bars[3], throughputNote: throughputNote,
            rates: Array(bars.prefix(3)),
            readWriteNote: readWriteNote, retry: f.retry.description, chain: chain, hasChain: chain.count > 1,
            comparisons: comparisons, hasComparisons: !comparisons.isEmpty, previousLabel: previousLabel,
            medianLabel: medianLabel, findings: findings, hasFindings: !findings.isEmpty, logLines: lines,
            hasLog: !lines.isEmpty)
        view.isCopy = isCopy(f)
        view.processedObjects = processedObjects(f)
        return view
    }

    /// The bars of the processing, read and write rates and the observed throughput, on one
    /// scale (the observed throughput's included), in that order.
    func rateBars(_ f: SessionFacts) -> [BarView] {
        let rates: [(String, Double?, String)] = [
            ("Processing", f.processingRate.map(Double.init), "processing"),
            ("Read", f.readRate.map(Double.init), "read"),
            ("Write", f.writeRate.map(Double.init), "write"),
            ("Observed (transferred ÷ duration)", f.observedThroughput, "observed"),
        ]
        // One scale for the four bars, the observed throughput's included.
        let top = rates.compactMap(\.1).max() ?? 0
        return rates.map { (label, value, css) -> BarView in
            let percent = value.map { top > 0 ? Int(($0 / top * 100).rounded()) : 0 } ?? 0
            return BarView(
                label: label, value: rate(value), percent: percent, textBar: ViewBuilder.textBar(percent),
                cssClass: css,
                link: "")
        }
    }

    /// What the rates say: the observed throughput against Veeam's processing rate, and which
    /// side (reading from Microsoft 365, writing to the repository) is the slower.
    func rateNotes(_ f: SessionFacts) -> (throughput: String, readWrite: String) {
        var throughputNote = ""
        if let observed = f.observedThroughput, let veeam = f.processingRate, veeam > 0 {
            throughputNote =
                "Observed throughput is \(HumanUnits.percent(observed / Double(veeam))) of Veeam's processing rate."
        }
        var readWriteNote = ""
        if let rw = f.readWrite {
            switch rw.limitingSide {
            case .source:
                readWriteNote =
                    "Reading from Microsoft 365 is the slower side (read is \(HumanUnits.percent(rw.ratio)) of write)."
            case .target:
                readWriteNote =
                    "Writing to the repository is the slower side (write is \(HumanUnits.percent(1 / rw.ratio)) of read)."
            case .balanced: readWriteNote = "Read and write rates are within 10% of each other."
            }
            switch rw.consistentWithBottleneck {
            case true?: readWriteNote += " VB365's bottleneck agrees."
            case false?:
                readWriteNote +=
                    " VB365 names the other side as the bottleneck (\(user(f.bottleneck?.description ?? "")))."
            case nil: break
            }
        }
        return (throughputNote, readWriteNote)
    }

    /// The rows comparing the session with the previous run and the median of its baseline,
    /// and those two columns' labels.
    func comparisonRows(_ f: SessionFacts) -> (rows: [ComparisonRowView], previous: String, median: String) {
        var comparisons: [ComparisonRowView] = []
        if f.versusPrevious != nil || f.versusMedian != nil {
            let current: [Comparison.Metric: Double?] = [
                .duration: f.durationSeconds, .transferred: f.transferred.map(Double.init),
                .processingRate: f.processingRate.map(Double.init), .readRate: f.readRate.map(Double.init),
                .writeRate: f.writeRate.map(Double.init),
            ]
            comparisons = Comparison.Metric.allCases.map { m in
                ComparisonRowView(
                    metric: ViewBuilder.label(m), value: quantity(m, current[m] ?? nil),
                    previous: quantity(m, f.versusPrevious?.baselineValues[m]),
                    versusPrevious: delta(f.versusPrevious, m),
                    median: quantity(m, f.versusMedian?.baselineValues[m]), versusMedian: delta(f.versusMedian, m))
            }
        }
        var previousLabel = "Previous run"
        if case .previous(let id)? = f.versusPrevious?.baseline, let previous = creationTimes[id] {
            previousLabel = "Previous run (\(time(previous)))"
        }
        let medianLabel: String
        if case .median(let runs)? = f.versusMedian?.baseline {
            medianLabel = "Median of \(runs) run\(runs == 1 ? "" : "s")"
        } else {
            medianLabel = "Median"
        }
        return (comparisons, previousLabel, medianLabel)
    }

    /// The session's log in time order (as VB365 wrote it: "Job started" first), each line
    /// marked with its severity; a line without a time keeps its place among those read.
    func logLines(_ f: SessionFacts) -> [LogLineView] {
        return (input.logItems[f.id] ?? []).enumerated().sorted { a, b in
            switch (a.element.creationTime, b.element.creationTime) {
            case (let x?, let y?) where x != y: return x < y
            default: return a.offset < b.offset
            }
        }.map { logLine($0.element) }
    }

    /// The session's end as shown, and in UTC when `utc`: its time, else why it has none (hung,
    /// still running, unknown).
    func sessionEnd(_ f: SessionFacts, utc: Bool) -> (end: String, utc: String) {
        let end: String
        var endUTC = ""
        if let e = f.endTime {
            end = input.time.format(e, seconds: true)
            if utc { endUTC = LocalTime.utc.format(e, seconds: true) }
        } else if let h = f.hung {
            end = "hung: " + FreshnessText.hungShort(h)
        } else if let running = f.runningSeconds {
            end = "still running, for \(FreshnessText.roughly(running)) so far"
        } else {
            end = "unknown"
        }
        return (end, endUTC)
    }

    func chainItems(_ f: SessionFacts) -> [ChainItemView] {
        guard f.retry.attempts > 1 else { return [] }
        let members = chains[f.retry.mainSessionID ?? f.id] ?? []
        return members.map { m in
            ChainItemView(
                time: time(m.creationTime), link: sessionLink(m, root: "../"), badge: badge(session: m),
                label: m.retry.attempt == 1 ? "first run" : "retry \(m.retry.attempt - 1)", isCurrent: m.id == f.id)
        }
    }
}
