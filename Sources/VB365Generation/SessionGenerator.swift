import VB365Model
import VB365Support

/// Generates organizations, jobs, job sessions and their log items deterministically from a
/// seed: the same seed and settings always give the same data, session by session, so millions of
/// sessions can be written in chunks without holding them.
///
/// Each job runs every `interval` seconds. About 88 % of runs succeed, 7 % warn, 4 % fail and
/// 1 % are stopped; a failed or warned run is retried 20 minutes later (`mainSessionId`,
/// `retryCount`), and retries mostly succeed.
package struct SessionGenerator: Sendable {
    /// Settings of a generated world.
    package struct Settings: Sendable {
        package var seed: UInt64
        package var organizations: Int
        package var jobsPerOrganization: Int
        /// Creation time of the first run of the first job.
        package var start: Timestamp
        /// Seconds between two scheduled runs of a job.
        package var interval: Double

        /// Creates settings.
        package init(
            seed: UInt64 = 365, organizations: Int = 2, jobsPerOrganization: Int = 2, start: Timestamp,
            interval: Double = Seconds.day
        ) {
            self.seed = seed
            self.organizations = organizations
            self.jobsPerOrganization = jobsPerOrganization
            self.start = start
            self.interval = interval
        }
    }

    package let settings: Settings
    package let organizations: [Organization]
    package let jobs: [Job]
    /// Per job: typical processing rate (bytes/s), data per run (bytes), objects, and whether the
    /// repository (target) is the slower side.
    private let profiles: [Profile]

    struct Profile: Sendable {
        var rate: Double
        var data: Double
        var objects: Double
        var targetBound: Bool
        var offsetSeconds: Double
    }

    static let organizationNames = [
        ("Contoso Ltd", "contoso.onmicrosoft.com"), ("Fabrikam GmbH", "fabrikam.onmicrosoft.com"),
        ("Northwind Traders", "northwind.onmicrosoft.com"), ("Tailspin Toys", "tailspintoys.onmicrosoft.com"),
        ("Wide World Importers", "wideworld.onmicrosoft.com"), ("Adventure Works", "adventureworks.onmicrosoft.com"),
    ]
    static let jobNames = [
        "Exchange Online mailboxes", "SharePoint & OneDrive", "Teams and group chats", "Archive mailboxes",
        "Executives (VIP)", "Shared mailboxes",
    ]

    /// Creates the organizations and jobs of a world.
    package init(settings: Settings) {
        self.settings = settings
        var orgs: [Organization] = []
        var jobs: [Job] = []
        var profiles: [Profile] = []
        for o in 0..<settings.organizations {
            var org = Organization(id: Self.uuid(settings.seed, 1, o))
            let names = Self.organizationNames[o % Self.organizationNames.count]
            let suffix = o < Self.organizationNames.count ? "" : " \(o / Self.organizationNames.count + 1)"
            org.name = names.0 + suffix
            org.officeName = names.1
            org.type = "Office365"
            orgs.append(org)
            for j in 0..<settings.jobsPerOrganization {
                let n = o * settings.jobsPerOrganization + j
                var job = Job(id: Self.uuid(settings.seed, 2, n))
                let base = Self.jobNames[j % Self.jobNames.count]
                job.name = j < Self.jobNames.count ? base : "\(base) \(j / Self.jobNames.count + 1)"
                job.description = "Backs up \(base.lowercased()) of \(names.0)"
                job.organizationID = org.id
                job.backupType = j % 3 == 0 ? "EntireOrganization" : "SelectedItems"
                job.isEnabled = true
                var schedule = SchedulePolicy()
                schedule.type = settings.interval >= Seconds.day ? "Daily" : "Periodically"
                schedule.dailyType = "Everyday"
                schedule.retryEnabled = true
                schedule.retryNumber = 3
                schedule.retryWaitIntervalMinutes = 20
                var rng = Random(seed: settings.seed ^ 0x5EED_0000 &+ UInt64(n))
                let offset = Double(n % 12) * 900 + 22 * Seconds.hour
                let clock = Int(offset) % 86_400
                schedule.dailyTime = "\(Formatting.pad(clock / 3600)):\(Formatting.pad(clock / 60 % 60)):00"
                job.schedule = schedule
                jobs.append(job)
                profiles.append(
                    Profile(
                        rate: rng.uniform(2, 40) * 1_048_576, data: rng.uniform(0.2, 12) * 1_073_741_824,
                        objects: rng.uniform(40, 4000).rounded(), targetBound: rng.uniform(0, 1) < 0.25,
                        offsetSeconds: settings.interval >= Seconds.day ? offset : Double(n % 12) * 60))
            }
        }
        self.organizations = orgs
        self.jobs = jobs
        self.profiles = profiles
    }

    /// A deterministic version-4 UUID for (seed, kind, index).
    package static func uuid(_ seed: UInt64, _ kind: UInt64, _ index: Int) -> EntityID {
        var rng = Random(seed: seed &* 0x9E37_79B9 ^ kind << 56 ^ UInt64(truncatingIfNeeded: index))
        let hi = rng.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let lo = rng.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return .uuid(hi, lo)
    }

    // MARK: - Sessions

    /// The outcome drawn for session `index`.
    enum Draw {
        case success, warning, failed, stopped
    }

    private func draw(_ index: Int) -> (Draw, Random) {
        var rng = Random(seed: settings.seed &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
        let u = rng.uniform(0, 1)
        let draw: Draw = u < 0.88 ? .success : u < 0.95 ? .warning : u < 0.99 ? .failed : .stopped
        return (draw, rng)
    }

    /// Whether session `index` is a retry of the job's previous session.
    func isRetry(_ index: Int) -> Bool {
        let jobCount = jobs.count
        guard index >= jobCount else { return false }
        let (previous, _) = draw(index - jobCount)
        guard previous == .warning || previous == .failed else { return false }
        return !isRetry(index - jobCount) || false
    }

    /// Whether session `index` is an ordinary successful run: not a retry, drawn to succeed.
    func isPlainSuccess(_ index: Int) -> Bool { !isRetry(index) && draw(index).0 == .success }

    /// What a run of job `job` usually transfers (bytes) and changes (items, about one per
    /// object), before each run's own spread.
    func usual(ofJob job: Int) -> (bytes: Double, items: Double) { (profiles[job].data, profiles[job].objects) }

    /// The job of session `index`.
    package func jobIndex(ofSession index: Int) -> Int { index % jobs.count }

    /// Session `index` (sessions are numbered run by run across all jobs, in time order per job).
    package func session(_ index: Int) -> JobSession { session(index, changeFactor: nil) }

    /// Session `index` as `incident` makes it when it is the incident's session
    /// (`ChangeIncident.sessionIndex`), else as `session(_:)` makes it.
    package func session(_ index: Int, incident: ChangeIncident?) -> JobSession {
        guard let incident, incident.sessionIndex == index else { return session(index) }
        return session(index, changeFactor: incident.factor)
    }

    /// Session `index`; with `changeFactor`, a run that transfers and changes that many times its
    /// job's usual (`ChangeIncident`).
    func session(_ index: Int, changeFactor: Double?) -> JobSession {
        let jobCount = jobs.count
        let job = index % jobCount
        let run = index / jobCount
        let profile = profiles[job]
        var (outcome, rng) = draw(index)
        let retry = isRetry(index)
        if retry { outcome = rng.uniform(0, 1) < 0.8 ? .success : .warning }
        var s = JobSession(id: Self.uuid(settings.seed, 3, index))
        s.jobID = jobs[job].id
        let scheduled = Double(run) * settings.interval + profile.offsetSeconds
        let startSeconds = retry ? Double(run - 1) * settings.interval + profile.offsetSeconds + 1200 : scheduled
        let creation = settings.start.adding(seconds: startSeconds + rng.uniform(0, 2))
        s.creationTime = creation
        let rate = profile.rate * rng.uniform(0.9, 1.1)
        var data = profile.data * rng.uniform(0.85, 1.15)
        var objects = (profile.objects * rng.uniform(0.9, 1.1)).rounded()
        switch outcome {
        case .failed:
            data *= rng.uniform(0, 0.1)
            objects = (objects * rng.uniform(0, 0.2)).rounded()
        case .stopped:
            data *= rng.uniform(0.1, 0.5)
            objects = (objects * 0.3).rounded()
        default: break
        }
        // Items changed: the items per second times the duration, about one per object.
        var changed = objects
        if let changeFactor {
            data = profile.data * changeFactor
            changed = (profile.objects * changeFactor).rounded()
        }
        var duration = data / rate + rng.uniform(40, 80)
        var itemRate = (changed / duration).rounded()
        if changeFactor != nil {
            // The run lasts as long as its items take at the whole items per second the server
            // reports, so that rate × duration is the items changed.
            itemRate = max(1, itemRate)
            duration = changed / itemRate
        }
        s.endTime = creation.adding(seconds: duration)
        s.status = {
            switch outcome {
            case .success: return .success
            case .warning: return .warning
            case .failed: return .failed
            case .stopped: return .stopped
            }
        }()
        // The slower side is the bottleneck: reading from Microsoft 365 somewhat slower than writing
        // (never two or three times: both move the same items), or writing when the repository is.
        let read = rate * rng.uniform(1.1, 1.3)
        let write = profile.targetBound ? read * rng.uniform(0.5, 0.7) : read * rng.uniform(1.1, 1.4)
        s.statistics = SessionStatistics(
            processingRateBytesPerSecond: Int64(rate),
            processingRateItemsPerSecond: Int64(itemRate),
            readRateBytesPerSecond: Int64(read), writeRateBytesPerSecond: Int64(write), transferredBytes: Int64(data),
            processedObjects: Int64(objects), bottleneck: profile.targetBound ? .target : .source)
        s.progress = Int64(objects)
        s.retryCount = retry ? 1 : 0
        s.mainSessionID = retry ? Self.uuid(settings.seed, 3, index - jobCount) : nil
        let willRetry = !retry && (outcome == .failed || outcome == .warning)
        s.jobWillBeRetried = willRetry
        s.jobType = .backup
        s.configType = run == 0 ? .full : .incremental
        s.eTag = Int64(3 + (index % 5))
        // The organization's repository, and the proxy that serves it (`InfrastructureGenerator`).
        let organization = job / max(1, settings.jobsPerOrganization)
        s.repositoryID = Self.uuid(settings.seed, 4, organization)
        s.proxyID = Self.uuid(settings.seed, 5, organization % InfrastructureGenerator.proxyNames.count)
        s.details =
            "Transferred: \(Self.human(data)) (\(Int64(changed)) items) at \(Self.human(rate))/s (\(Int64(itemRate)) items/s)"
        return s
    }

    /// The failed object a job's failed run names, by what the job backs up: a mailbox for a
    /// mailbox job, the Finance site for a SharePoint job (`InfrastructureGenerator.failedObject`
    /// lists the same object as failed).
    static func failure(ofJob name: String) -> String {
        if name.hasPrefix("Exchange") {
            return
                "Failed to process mailbox Anna Berg (anna.berg@example.com): Exchange Web Services returned an error: (503) Server Unavailable."
        }
        return
            "Failed to process site https://example.sharepoint.com/sites/Finance: The remote server returned an error: (503) Server Unavailable."
    }

    /// A size the way Veeam's console writes it: `1.2 GB`.
    static func human(_ bytes: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = bytes
        var u = 0
        while v >= 1024 && u < units.count - 1 {
            v /= 1024
            u += 1
        }
        if u == 0 { return "\(Int64(v)) B" }
        let tenths = Int64((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[u])"
    }

    /// The log of a session: start, connection, per-object findings, and the end.
    package func logItems(for s: JobSession, index: Int) -> [LogItem] {
        var rng = Random(seed: settings.seed ^ 0x10C ^ UInt64(truncatingIfNeeded: index) &* 31)
        let start = s.creationTime ?? settings.start
        let end = s.endTime ?? start
        var lines: [(LogSeverity, String)] = [
            (.success, "Job started"),
            (.success, "Connected to organization"),
            (.success, "Found \(s.statistics.processedObjects ?? 0) objects"),
        ]
        let mailboxes = ["anna.berg", "b.okafor", "chen.wei", "d.haddad", "e.novak", "finance-shared", "it-alerts"]
        switch s.status {
        case .warning?:
            for _ in 0..<Int(rng.uniform(1, 3.99)) {
                let who = mailboxes[Int(rng.uniform(0, Double(mailboxes.count) - 0.01))]
                lines.append(
                    (
                        .warning,
                        "Processing mailbox \(who)@example.com completed with warning: 3 items were skipped (item size exceeds 150 MB)"
                    ))
            }
            lines.append((.warning, "Job finished with warning"))
        case .failed?:
            lines.append((.error, Self.failure(ofJob: jobs.first { $0.id == s.jobID }?.name ?? "")))
            lines.append((.error, "Job finished with error"))
        case .stopped?:
            lines.append((.warning, "Job was stopped by user EXAMPLE\\backup.admin"))
        case .running?:
            lines.append((.running, "Processing objects"))
        default:
            lines.append((.success, "Processed \(s.statistics.processedObjects ?? 0) objects"))
            lines.append((.success, "Job finished successfully"))
        }
        let span = max(1, end.seconds(since: start))
        return lines.enumerated().map { (i, line) in
            let t = start.adding(seconds: span * Double(i) / Double(lines.count))
            return LogItem(
                id: Self.uuid(settings.seed, 6, index &* 16 &+ i), sessionID: s.id, usn: Int64(i + 1), severity: line.0,
                message: line.1, creationTime: t, endTime: t)
        }
    }
}

/// SplitMix64: small, fast, and the same on every platform.
struct Random: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
