import VB365Model
import VB365Support

/// One incident the restore world holds on purpose, with what a fetch should read of it: the
/// ground truth that tests of restore auditing (issue 29) check findings against, without
/// hard-coding ids or times.
package struct RestoreIncident: Hashable, Sendable {
    /// The incidents, in the order they happen.
    package enum Kind: String, CaseIterable, Hashable, Sendable {
        /// 3. On the last workday before the night, 10:15 local time: a regular operator restores
        /// one file to a user's own OneDrive, with a reason. Nothing to find.
        case legitimateRestore = "legitimate-restore"
        /// 2. The same afternoon, 16:40 local time: a regular operator, with a reason, restores a
        /// mailbox's messages into *another* user's mailbox (target differs from source).
        case restoreToOtherMailbox = "restore-to-other-mailbox"
        /// 1. The last night, 02:00 local time: an operator never seen before
        /// (`Settings.intruder`) exports `Settings.exportItems` messages of one mailbox, several
        /// GB, to a PST file, without a reason.
        case nightExport = "night-export"
        /// 4. The same night, 03:25 local time: the same operator exports another mailbox to a PST
        /// file, without a reason; the export fails after part of the items (the session
        /// `Failed`).
        case failedExport = "failed-export"
    }

    /// What makes an incident worth a finding; an ordinary restore has none of them.
    package enum Signal: String, CaseIterable, Hashable, Sendable {
        /// `initiatedBy` is none of the regular operators (`Settings.operators`): never seen in the
        /// weeks before.
        case newOperator = "new-operator"
        /// Started outside 07:00–20:00 local time (Europe/Berlin), or on a weekend.
        case offHours = "off-hours"
        /// No `reason` given.
        case noReason = "no-reason"
        /// Items taken out of the backup (`Export`, `Save` or `Send` events) rather than restored.
        case export
        /// At least 1,000 items or 1 GB taken out or restored.
        case bulk
        /// Restored to another location than the items' own (`target` differs from `source`).
        case otherTarget = "other-target"
        /// The session failed (or was stopped) after part of its items.
        case failed
    }

    /// Which incident it is.
    package var kind: Kind
    /// What a finding should say of it; empty for the legitimate restore.
    package var signals: Set<Signal>
    /// The session as the server describes it (id, operator, times, reason, result, ...).
    package var session: RestoreSession
    /// The organization whose backups it read.
    package var organizationID: EntityID
    /// Its item events (not counting the session's own first event); for the failed export, the
    /// items done and the one that failed.
    package var items: Int
    /// The bytes of the items done (`Success` events).
    package var bytes: Int64
    /// Where the items came from (the first item's `source`: a mailbox address and folder, a
    /// OneDrive URL and folder).
    package var source: String
    /// Where they went (the first item's `target`: the same location, another mailbox's folder,
    /// or a PST file).
    package var target: String

    /// True for every incident but the legitimate restore.
    package var expectsFinding: Bool { !signals.isEmpty }
}

/// Generates the restore activity of a protection world (`ProtectionGenerator`) deterministically:
/// restore sessions (`/RestoreSessions`) and their events (`/RestoreSessions/{id}/Events`).
///
/// Weeks of ordinary activity come first: on workdays between 08:00 and 17:30 Berlin time, the
/// regular operators take turns restoring one to four items (messages, files, a folder, a Teams
/// channel) of a user, site or team of any organization back to where they were, each session with
/// a reason. Then, in the organization `Settings.organization`, the incidents of
/// `RestoreIncident.Kind`: two on the last workday before the world's last night, two in that
/// night (the last one whose 04:00 local time is at or before `now`). Sessions are made whole at
/// creation; events are made on demand, so the 5,000-item export costs nothing until it is read.
package struct RestoreGenerator: Sendable {
    /// The settings of the restore world.
    package struct Settings: Sendable {
        /// The world's seed: the same seed gives the same sessions, ids, items and times.
        package var seed: UInt64 = 365
        /// The server's clock: every session started and ended at or before it.
        package var now: Timestamp
        /// Days of ordinary activity before `now`.
        package var days = 21
        /// The most ordinary sessions on one workday (one or more each workday).
        package var sessionsPerWorkday = 3
        /// The regular operators, who take turns.
        package var operators = ["CONTOSO\\helpdesk.anna", "CONTOSO\\helpdesk.ben"]
        /// The operator of the night's incidents, never seen before them.
        package var intruder = "CONTOSO\\svc-temp"
        /// The index of the organization the incidents happen in (kept within the world's).
        package var organization = 0
        /// Whether the incidents happen at all.
        package var incidents = true
        /// Messages the night's export takes out.
        package var exportItems = 5_000
        /// Bytes of those messages, all together.
        package var exportBytes: Int64 = 6_700_000_000
        /// What every session's `clientHost` says: the VB365 server, as documented.
        package var clientHost = "vb365.contoso.local"

        /// Creates settings with the defaults.
        package init(now: Timestamp) { self.now = now }
    }

    /// Where the items of a session go.
    enum Destination: Hashable, Sendable {
        /// Back where they came from.
        case inPlace
        /// Into another mailbox: its address and the folder the items are put under.
        case mailbox(String)
        /// Into a file (a PST).
        case file(String)
    }

    /// What the items of a session are.
    enum Content: Hashable, Sendable {
        /// Messages of a mailbox (its address), taken from its folders in turn.
        case messages(mailbox: String, folders: [String])
        /// Files of one OneDrive or SharePoint folder (its URL).
        case files(location: String)
        /// A SharePoint folder (the library's URL, the folder's name).
        case folder(location: String, name: String)
        /// A Teams channel (the team's name, the channel's name).
        case channel(team: String, name: String)
    }

    /// What one session does, from which its events are made.
    struct Script: Hashable, Sendable {
        var session: RestoreSession
        /// The incident it is; nil for an ordinary session.
        var incident: RestoreIncident.Kind?
        /// The session's place in `sessions`, which seeds its events.
        var index: Int
        var tenant: ProtectionGenerator.Tenant
        /// The user, site or team the items belong to.
        var owner: ProtectionGenerator.Entry
        /// The group of a team's items.
        var group: ProtectionGenerator.Entry?
        var action: RestoreEventType
        var content: Content
        var destination: Destination
        /// Items planned.
        var items: Int
        /// The item that fails (from 0); no item follows it.
        var failsAt: Int?
        /// Bytes of all the items planned, when fixed; else drawn per item around `averageBytes`.
        var totalBytes: Int64?
        var averageBytes: Double
        /// When the first item starts, and seconds from one item's start to the next's.
        var firstItem: Timestamp
        var pace: Double

        /// Events: the session's first one, then its items.
        var eventCount: Int { 1 + (failsAt.map { $0 + 1 } ?? items) }
    }

    /// The settings the world was made with.
    package let settings: Settings
    /// Every session, oldest first.
    package let sessions: [RestoreSession]
    /// The incidents, in the order of `RestoreIncident.Kind` (none when `settings.incidents` is
    /// false or the world has no organization).
    package let incidents: [RestoreIncident]
    private let scripts: [Script]
    private let index: [EntityID: Int]

    /// Creates the restore activity of `protection`'s organizations.
    package init(settings: Settings, protection: ProtectionGenerator) {
        self.settings = settings
        var scripts = Self.ordinary(settings, protection)
        if settings.incidents, !protection.organizations.isEmpty {
            scripts += Self.incidents(settings, protection)
        }
        scripts.sort { $0.session.creationTime! < $1.session.creationTime! }
        // Ids and seeds follow the order in time, so adding a session moves none before it.
        var index: [EntityID: Int] = [:]
        for i in scripts.indices {
            scripts[i].index = i
            scripts[i].session.id = SessionGenerator.uuid(settings.seed, 60, i)
            scripts[i].session.eTag = Int64(scripts[i].eventCount + 1)
            scripts[i].session.details = Self.details(scripts[i])
            index[scripts[i].session.id] = i
        }
        self.scripts = scripts
        self.index = index
        self.sessions = scripts.map(\.session)
        self.incidents = RestoreIncident.Kind.allCases.compactMap { kind in
            scripts.first { $0.incident == kind }.map { Self.incident(kind, $0) }
        }
    }

    // MARK: - Lookups

    /// The session with `id`.
    package func session(_ id: EntityID) -> RestoreSession? { index[id].map { sessions[$0] } }

    /// How many events the session with `id` has; nil for an unknown session.
    package func eventCount(ofSession id: EntityID) -> Int? { index[id].map { scripts[$0].eventCount } }

    /// Event `position` (from 0, in `order`) of the session with `id`; nil for an unknown session
    /// or a position past its events.
    package func event(ofSession id: EntityID, at position: Int) -> RestoreEvent? {
        guard let i = index[id], position >= 0, position < scripts[i].eventCount else { return nil }
        return Self.event(scripts[i], position)
    }

    /// Every event of the session with `id`, in order; nil for an unknown session.
    package func events(ofSession id: EntityID) -> [RestoreEvent]? {
        guard let i = index[id] else { return nil }
        return (0..<scripts[i].eventCount).map { Self.event(scripts[i], $0) }
    }

    /// The incident of `kind`, if the world has it.
    package func incident(_ kind: RestoreIncident.Kind) -> RestoreIncident? { incidents.first { $0.kind == kind } }

    // MARK: - Time

    /// The local day (Berlin) of the world's last night: the latest whose 04:00 is at or before
    /// `now`.
    static func night(_ settings: Settings) -> Int {
        var day = BerlinTime.day(of: settings.now)
        while BerlinTime.instant(day: day, secondOfDay: 4 * Seconds.hour) > settings.now { day -= 1 }
        return day
    }

    /// True for Monday to Friday.
    static func isWorkday(_ day: Int) -> Bool { (1...5).contains(BerlinTime.weekday(day: day)) }

    /// `hours:minutes` local time on `day`, in seconds after midnight.
    static func clock(_ hours: Int, _ minutes: Int, _ seconds: Double = 0) -> Double {
        Double(hours) * Seconds.hour + Double(minutes) * Seconds.minute + seconds
    }

    /// A .NET time span as `TimeSpan.ToString()` writes it: `[d.]hh:mm:ss[.fffffff]`.
    package static func timeSpan(_ seconds: Double) -> String {
        let ticks = Int64((max(0, seconds) * 1e7).rounded())
        let whole = ticks / 10_000_000
        let fraction = ticks % 10_000_000
        let days = whole / 86_400
        let pad = Formatting.pad
        var text = days > 0 ? "\(days)." : ""
        text += "\(pad(Int(whole / 3600 % 24), 2)):\(pad(Int(whole / 60 % 60), 2)):\(pad(Int(whole % 60), 2))"
        if fraction > 0 { text += ".\(pad(Int(fraction), 7))" }
        return text
    }

    // MARK: - Ordinary activity

    /// Subjects of the made-up messages.
    static let subjects = [
        "Q3 forecast", "Board meeting minutes", "Contract draft v4", "RE: Offsite planning", "Invoice 4471",
        "FW: Audit findings", "Salary review 2027", "Customer list", "Weekly status", "RE: Supplier terms",
        "Travel booking confirmation", "Project Apollo kickoff",
    ]
    /// Names of the made-up files.
    static let files = [
        "Budget 2027.xlsx", "Contract Müller GmbH.docx", "Roadmap.pptx", "Invoices Q3.pdf", "Onboarding checklist.docx",
        "Team photo.jpg", "Price list 2026.xlsx",
    ]
    /// Mailbox folders, OneDrive folders, SharePoint libraries' folders and Teams channels.
    static let mailFolders = ["Inbox", "Inbox\\Projects", "Sent Items", "Finance", "Archive\\2025"]
    static let driveFolders = ["Reports", "Projects/Apollo", "Finance"]
    static let siteFolders = ["Budgets", "Contracts/2026", "Templates"]
    static let channels = ["General", "Budget review", "Announcements", "Project X"]

    /// A session of `settings` started at `start` by `initiatedBy`, with its content.
    static func session(
        _ settings: Settings, tenant: ProtectionGenerator.Tenant, type: RestoreSessionType, start: Timestamp,
        initiatedBy: String, reason: String?
    ) -> RestoreSession {
        var s = RestoreSession(id: .uuid(UInt64(start.ticks), 0))
        s.name = "\(type.word) restore session"
        s.type = type
        s.state = .stopped
        s.result = .success
        s.creationTime = start
        s.initiatedBy = initiatedBy
        s.clientHost = settings.clientHost
        s.reason = reason
        s.organizationName = tenant.name
        return s
    }

    /// The ordinary sessions: on each workday from `days` before `now` to `now`, one to
    /// `sessionsPerWorkday` of them, those that ended by `now`.
    static func ordinary(_ settings: Settings, _ protection: ProtectionGenerator) -> [Script] {
        guard !protection.organizations.isEmpty, !settings.operators.isEmpty else { return [] }
        var scripts: [Script] = []
        let today = BerlinTime.day(of: settings.now)
        var turn = 0
        for day in (today - max(0, settings.days))...today where isWorkday(day) {
            var rng = Random(seed: settings.seed ^ 0x8E57_0A3E ^ UInt64(truncatingIfNeeded: day) &* 0x9E37_79B9)
            let count = 1 + Int(rng.uniform(0, Double(max(1, settings.sessionsPerWorkday))))
            var times = (0..<count).map { _ in clock(8, 0, rng.uniform(0, 9.5 * Seconds.hour).rounded()) }
            times.sort()
            for second in times {
                let start = BerlinTime.instant(day: day, secondOfDay: second)
                let who = settings.operators[turn % settings.operators.count]
                turn += 1
                let script = ordinarySession(settings, protection, start: start, operator: who, rng: &rng)
                guard script.session.endTime! <= settings.now else { continue }
                scripts.append(script)
            }
        }
        return scripts
    }

    /// One ordinary session: a restore in place of one to four items, with a reason.
    static func ordinarySession(
        _ settings: Settings, _ protection: ProtectionGenerator, start: Timestamp, operator who: String,
        rng: inout Random
    ) -> Script {
        let o = Int(rng.uniform(0, Double(protection.organizations.count)))
        let tenant = protection.tenant(o)
        let users = max(1, protection.backedUpUsers(o))
        let user = protection.entry(.user, organization: o, index: Int(rng.uniform(0, Double(users))))
        let ticket = 20_000 + Int(rng.uniform(0, 9_000))
        let draw = rng.uniform(0, 1)
        let type: RestoreSessionType
        let content: Content
        var owner = user
        var group: ProtectionGenerator.Entry?
        var items = 1
        var average = 0.0
        let item: String
        switch draw {
        case ..<0.55:
            type = .exchange
            let folder = mailFolders[Int(rng.uniform(0, Double(mailFolders.count)))]
            content = .messages(mailbox: user.object.address ?? "", folders: [folder])
            items = 1 + Int(rng.uniform(0, 4))
            average = rng.uniform(30_000, 900_000)
            item = items == 1 ? "a message" : "\(items) messages"
        case ..<0.8:
            type = .oneDrive
            let folder = driveFolders[Int(rng.uniform(0, Double(driveFolders.count)))]
            content = .files(location: "\(user.site?.url ?? "")/Documents/\(folder)")
            items = 1 + Int(rng.uniform(0, 2))
            average = rng.uniform(80_000, 6_000_000)
            item = items == 1 ? "a file" : "\(items) files"
        case ..<0.93:
            type = .sharePoint
            let sites = ProtectionGenerator.siteNames.count - 1
            owner = protection.entry(.site, organization: o, index: Int(rng.uniform(0, Double(sites))))
            let library = "\(owner.object.address ?? "")/Shared Documents"
            if rng.uniform(0, 1) < 0.3 {
                content = .folder(location: library, name: siteFolders[Int(rng.uniform(0, Double(siteFolders.count)))])
                average = rng.uniform(20_000_000, 300_000_000)
                item = "a folder"
            } else {
                let folder = siteFolders[Int(rng.uniform(0, Double(siteFolders.count)))]
                content = .files(location: "\(library)/\(folder)")
                average = rng.uniform(80_000, 6_000_000)
                item = "a file"
            }
        default:
            type = .teams
            let k = Int(rng.uniform(0, Double(ProtectionGenerator.teamCount)))
            owner = protection.entry(.team, organization: o, index: k)
            group = protection.entry(.group, organization: o, index: k)
            content = .channel(
                team: owner.object.name ?? "", name: channels[Int(rng.uniform(0, Double(channels.count)))])
            average = rng.uniform(2_000_000, 50_000_000)
            item = "a channel"
        }
        let whose = type == .exchange || type == .oneDrive ? user.object.displayName : owner.object.displayName
        let why = [
            "INC-\(ticket): \(whose) deleted \(item) by mistake",
            "INC-\(ticket): \(whose) needs an older version of \(item)",
            "INC-\(ticket): \(item) lost after a migration (\(whose))",
        ][Int(rng.uniform(0, 3))]
        var session = session(
            settings, tenant: tenant, type: type, start: start, initiatedBy: who, reason: why)
        let first = start.adding(seconds: rng.uniform(20, 120).rounded())
        let pace = rng.uniform(2, 9)
        session.endTime = first.adding(seconds: Double(items) * pace + rng.uniform(30, 300))
        return Script(
            session: session, incident: nil, index: 0, tenant: tenant, owner: owner, group: group, action: .restore,
            content: content, destination: .inPlace, items: items, failsAt: nil, totalBytes: nil,
            averageBytes: average, firstItem: first, pace: pace)
    }

    /// What a session's `details` say: the items done, their size and, for a failure, why.
    static func details(_ s: Script) -> String {
        let done = s.failsAt ?? s.items
        let bytes = (0..<done).reduce(Int64(0)) { $0 + size(s, $1) }
        let verb = s.action == .export ? "Exported" : "Restored"
        let text = "\(verb) \(done) item(s) (\(SessionGenerator.human(Double(bytes))))"
        guard let failsAt = s.failsAt else { return text + "." }
        return text + " of \(s.items); item \(failsAt + 1) failed: \(failure)"
    }

    /// Why the failed export failed.
    static let failure = "There is not enough space on the disk."

    // MARK: - Incidents

    /// The incidents' scripts, in the order of `RestoreIncident.Kind`.
    static func incidents(_ settings: Settings, _ protection: ProtectionGenerator) -> [Script] {
        let o = min(max(0, settings.organization), protection.organizations.count - 1)
        let tenant = protection.tenant(o)
        let night = night(settings)
        var workday = night - 1
        while !isWorkday(workday) { workday -= 1 }
        let users = protection.users
        let backedUp = max(1, protection.backedUpUsers(o))
        func user(_ k: Int) -> ProtectionGenerator.Entry { protection.entry(.user, organization: o, index: k) }
        let regulars = settings.operators.isEmpty ? [settings.intruder] : settings.operators
        var out: [Script] = []

        // 3. The legitimate restore: one file, back to its own OneDrive, with a reason.
        let owner3 = user(4 % backedUp)
        var start = BerlinTime.instant(day: workday, secondOfDay: clock(10, 15, 12))
        var s = session(
            settings, tenant: tenant, type: .oneDrive, start: start, initiatedBy: regulars[0],
            reason: "INC-20951: \(owner3.object.displayName) deleted \"Budget 2027.xlsx\" by mistake")
        s.endTime = start.adding(seconds: 262)
        out.append(
            Script(
                session: s, incident: .legitimateRestore, index: 0, tenant: tenant, owner: owner3, group: nil,
                action: .restore,
                content: .files(location: "\(owner3.site?.url ?? "")/Documents/Finance"), destination: .inPlace,
                items: 1, failsAt: nil, totalBytes: 1_482_331, averageBytes: 1_482_331,
                firstItem: start.adding(seconds: 95), pace: 4.2))

        // 2. Messages of one mailbox restored into another user's mailbox.
        let from = user(2 % backedUp)
        var toIndex = (from.index + 5) % users
        if toIndex == from.index { toIndex = (from.index + 1) % users }
        let to = user(toIndex)
        start = BerlinTime.instant(day: workday, secondOfDay: clock(16, 40, 3))
        s = session(
            settings, tenant: tenant, type: .exchange, start: start, initiatedBy: regulars[regulars.count > 1 ? 1 : 0],
            reason: "INC-20977: hand over project mail of \(from.object.displayName) to \(to.object.displayName)")
        let handedOver = 240
        s.endTime = start.adding(seconds: 70 + Double(handedOver) * 1.5 + 45)
        out.append(
            Script(
                session: s, incident: .restoreToOtherMailbox, index: 0, tenant: tenant, owner: from, group: nil,
                action: .restore,
                content: .messages(mailbox: from.object.address ?? "", folders: ["Inbox\\Projects"]),
                destination: .mailbox("\(to.object.address ?? "")\\\(from.object.displayName) (restored)"),
                items: handedOver, failsAt: nil, totalBytes: nil, averageBytes: 85_000,
                firstItem: start.adding(seconds: 70), pace: 1.5))

        // 1. The night's export of a whole mailbox to a PST file, by an operator never seen.
        let exported = user(1 % backedUp)
        let local = (exported.object.address ?? "mailbox").split(separator: "@").first.map(String.init) ?? "mailbox"
        let account = settings.intruder.split(separator: "\\").last.map(String.init) ?? "operator"
        let folder = "C:\\Users\\\(account)\\Documents\\Export"
        start = BerlinTime.instant(day: night, secondOfDay: clock(2, 0, 4))
        s = session(
            settings, tenant: tenant, type: .exchange, start: start, initiatedBy: settings.intruder, reason: nil)
        let items = max(1, settings.exportItems)
        let pace = min(0.85, 4_000 / Double(items))
        s.endTime = start.adding(seconds: 40 + Double(items) * pace + 20)
        out.append(
            Script(
                session: s, incident: .nightExport, index: 0, tenant: tenant, owner: exported, group: nil,
                action: .export,
                content: .messages(mailbox: exported.object.address ?? "", folders: mailFolders),
                destination: .file("\(folder)\\\(local).pst"), items: items, failsAt: nil,
                totalBytes: max(Int64(items), settings.exportBytes),
                averageBytes: Double(settings.exportBytes) / Double(items), firstItem: start.adding(seconds: 40),
                pace: pace))

        // 4. A second export the same night that fails part of the way.
        let second = user(3 % backedUp)
        let secondLocal = (second.object.address ?? "mailbox").split(separator: "@").first.map(String.init) ?? "mailbox"
        start = BerlinTime.instant(day: night, secondOfDay: clock(3, 25, 41))
        s = session(
            settings, tenant: tenant, type: .exchange, start: start, initiatedBy: settings.intruder, reason: nil)
        s.result = .failed
        let planned = 1_500
        let failsAt = 400
        s.endTime = start.adding(seconds: 35 + Double(failsAt + 1) * 1.1 + 8)
        out.append(
            Script(
                session: s, incident: .failedExport, index: 0, tenant: tenant, owner: second, group: nil,
                action: .export,
                content: .messages(mailbox: second.object.address ?? "", folders: ["Inbox", "Sent Items"]),
                destination: .file("\(folder)\\\(secondLocal).pst"), items: planned, failsAt: failsAt,
                totalBytes: nil, averageBytes: 310_000, firstItem: start.adding(seconds: 35), pace: 1.1))
        return out
    }

    /// The ground truth of an incident's script.
    static func incident(_ kind: RestoreIncident.Kind, _ s: Script) -> RestoreIncident {
        let done = s.failsAt ?? s.items
        let bytes = (0..<done).reduce(Int64(0)) { $0 + size(s, $1) }
        let first = event(s, 1)
        var signals: Set<RestoreIncident.Signal>
        switch kind {
        case .legitimateRestore: signals = []
        case .restoreToOtherMailbox: signals = [.otherTarget]
        case .nightExport: signals = [.newOperator, .offHours, .noReason, .export]
        case .failedExport: signals = [.newOperator, .offHours, .noReason, .export, .failed]
        }
        if done >= 1_000 || bytes >= 1_000_000_000 { signals.insert(.bulk) }
        return RestoreIncident(
            kind: kind, signals: signals, session: s.session, organizationID: s.tenant.id,
            items: s.failsAt.map { $0 + 1 } ?? s.items, bytes: bytes, source: first.source ?? "",
            target: first.target ?? "")
    }

    // MARK: - Events

    /// The size of item `i`: drawn around the average; for a fixed total, in pairs that sum to
    /// twice the average, the last item taking what is left, so the items add up to the total.
    static func size(_ s: Script, _ i: Int) -> Int64 {
        func weight(_ pair: Int) -> Double {
            var rng = Random(
                seed: UInt64(truncatingIfNeeded: s.index) << 40 ^ UInt64(truncatingIfNeeded: pair) ^ 0x512E)
            return rng.uniform(0.15, 1.85)
        }
        guard let total = s.totalBytes else {
            return max(1_024, Int64(s.averageBytes * weight(i)))
        }
        let average = total / Int64(s.items)
        let paired =
            i % 2 == 0 ? Int64(Double(average) * weight(i / 2)) : 2 * average - Int64(Double(average) * weight(i / 2))
        guard i == s.items - 1 else { return paired }
        let unpaired = s.items % 2 == 1 ? average : paired
        return unpaired + total - average * Int64(s.items)
    }

    /// Event `position` of a session: its first (`None`, "Restore session started"), then its
    /// items in order.
    static func event(_ s: Script, _ position: Int) -> RestoreEvent {
        var e = RestoreEvent(
            sessionID: s.session.id, id: SessionGenerator.uuid(s.session.id.hashSeed, 61, position))
        e.order = position
        e.organizationID = s.tenant.id
        e.backedUpOrganizationID = s.tenant.backedUpID
        guard position > 0 else {
            let start = s.session.creationTime!
            e.type = RestoreEventType.none
            e.status = .success
            e.startTime = start
            e.endTime = start
            e.duration = timeSpan(0)
            e.title = "Restore session started"
            e.message = "Restore session started"
            return e
        }
        let i = position - 1
        var rng = Random(seed: s.session.id.hashSeed ^ UInt64(truncatingIfNeeded: position) &* 0xA24B_AED4_963E_E407)
        let (name, type, source) = item(s, i, &rng)
        let target: String
        switch s.destination {
        case .inPlace: target = source
        case .mailbox(let folder): target = folder
        case .file(let path): target = path
        }
        let start = s.firstItem.adding(seconds: Double(i) * s.pace + rng.uniform(0, 0.2))
        let length = s.pace * rng.uniform(0.5, 0.9)
        e.type = s.action
        e.itemName = name
        e.itemType = type
        e.itemSizeBytes = size(s, i)
        e.source = source
        e.target = target
        e.startTime = start
        e.endTime = start.adding(seconds: length)
        e.duration = timeSpan(e.endTime!.seconds(since: start))
        let verb = s.action == .export ? "exported" : "restored"
        if s.failsAt == i {
            e.status = .failed
            e.title = "Item is not \(verb)."
            e.message = "Failed to export item \"\(name)\" to \(target): \(failure)"
        } else {
            e.status = .success
            e.title = "Item is successfully \(verb)."
            e.message = "Item \"\(name)\" was \(verb) to \(target)."
        }
        switch s.session.type {
        case .sharePoint?: e.siteID = s.owner.object.id
        case .teams?:
            e.teamID = s.owner.object.id
            e.groupID = s.group?.object.id
        case .oneDrive?:
            e.userID = s.owner.object.id
            e.siteID = s.owner.site?.id
        default: e.userID = s.owner.object.id
        }
        return e
    }

    /// Item `i`'s name, type and location.
    static func item(_ s: Script, _ i: Int, _ rng: inout Random) -> (String, String, String) {
        switch s.content {
        case .messages(let mailbox, let folders):
            let subject = subjects[Int(rng.uniform(0, Double(subjects.count)))]
            return (subject, "Message", "\(mailbox)\\\(folders[i % max(1, folders.count)])")
        case .files(let location):
            return (files[(i + s.index) % files.count], "File", location)
        case .folder(let location, let name):
            return (name, "Folder", location)
        case .channel(let team, let name):
            return (name, "Channel", team)
        }
    }
}

extension EntityID {
    /// 64 bits of the id, to seed what is made from it.
    var hashSeed: UInt64 {
        switch self {
        case .uuid(let hi, let lo): return hi ^ lo.rotateLeft(17)
        case .text(let text): return text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
        }
    }
}

extension UInt64 {
    /// The bits rotated left by `n`.
    fileprivate func rotateLeft(_ n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
