import VB365Model
import VB365Support

/// Generates the protection side of a world deterministically: each organization's users, shared
/// mailboxes, groups, sites (with the users' personal sites) and teams; what its jobs select and
/// exclude; the backup data its repository holds; the licence state of its users; and the restore
/// points its jobs' runs made. Objects are addressed by (organization, index) and made on demand,
/// so an estate of 500 organizations of 2,000 users each is never held in memory.
///
/// The jobs play parts by their `backupType`: each `EntireOrganization` job backs up every
/// non-personal site (one `PartialOrganization` item with only `sites`) less the excluded one; the
/// organization's first `SelectedItems` job selects its users (mailbox, archive, OneDrive,
/// personal site), the shared mailbox that is backed up and the groups (mailbox and site); the
/// second selects the teams; any further ones select the first three users again. With fewer
/// jobs the parts fold onto the ones there are (the first job takes what has no job of its own).
///
/// Each organization has the same gaps (`gaps(organization:)`); every other object was backed up
/// at its job's newest scheduled run, less than one run interval (a day) before `now`. From
/// `SettingsIncidents.time` on, the first organization's users' job selects only the first half
/// of its users (`selectedUsers(organization:)`): the others stay in the directory, backed up
/// last by the job's last run before that time (`deselectedUsers(organization:)`).
///
/// A backup copy job's runs make copies (`isCopy`) of its backup job's restore points in the
/// object-storage repository, immutable for `SettingsIncidents.immutabilityDays` days when made
/// before `SettingsIncidents.time` and not at all after it.
package struct ProtectionGenerator: Sendable {
    /// The settings of the protection world.
    package struct Settings: Sendable {
        /// The world's seed: the same seed gives the same objects, ids and times.
        package var seed: UInt64 = 365
        /// Users per organization (at least 4, so that the gaps fit), beside its two shared
        /// mailboxes.
        package var usersPerOrganization = 12
        /// The server's clock: backups happened at or before it.
        package var now: Timestamp
        /// Seconds between two scheduled runs of a job (a day for nightly jobs).
        package var interval = Seconds.day

        /// Creates settings with the defaults.
        package init(now: Timestamp) { self.now = now }
    }

    /// An organization as the protection world needs it: its ids, domain, repository and proxy.
    package struct Tenant: Hashable, Sendable {
        /// The organization's place in `organizations`.
        package var index: Int
        /// The organization's id (`/Organizations`).
        package var id: EntityID
        /// The organization's name.
        package var name: String
        /// The Microsoft 365 domain users' addresses end in (`contoso.onmicrosoft.com`).
        package var domain: String
        /// The organization's id inside its backups (`backedUpOrganizationId`), unlike `id`.
        package var backedUpID: EntityID
        /// The tenant's Microsoft 365 id (v8 `msid`).
        package var msid: EntityID
        /// The disk repository that holds the organization's backups.
        package var repositoryID: EntityID
        /// The proxy that serves that repository.
        package var proxyID: EntityID
    }

    /// A site that belongs to a user (the personal site) or a group (the group site).
    package struct SiteLink: Hashable, Sendable {
        /// The site's id, as `/Organizations/{id}/Sites` lists it.
        package var id: String
        /// The site's address, the same string wherever it appears.
        package var url: String
        /// The site's title: the owner's name for a personal site.
        package var title: String
        /// Its Microsoft 365 id (v8 `msid`).
        package var msid: EntityID
    }

    /// One user, group, site or team, with what the server says of it and what its wire shapes need
    /// beside.
    package struct Entry: Hashable, Sendable {
        /// Kind, id, name, address (e-mail or URL), account kind, personal flag, backup marks and
        /// licence, as a fetch should read them back.
        package var object: ProtectionObject
        /// The organization it belongs to.
        package var tenant: Tenant
        /// Its place in the organization's directory list of its kind.
        package var index: Int
        /// Its Microsoft 365 id (v8 `msid`), unlike `object.id`.
        package var msid: EntityID
        /// Users: their personal site (OneDrive); groups: their group site; nil otherwise.
        package var site: SiteLink?
        /// Users and groups: the primary mailbox's id in backup data.
        package var mailboxID: EntityID?
        /// Users with an archive mailbox: its id in backup data.
        package var archiveID: EntityID?
        /// Users with a OneDrive: its id in backup data.
        package var oneDriveID: EntityID?

        /// The archive mailbox's name, as backup data writes it.
        package var archiveName: String { "In-Place Archive - \(object.displayName)" }
    }

    /// What each job of an organization does: indexes into `jobs`.
    struct Plan: Sendable {
        /// `EntireOrganization` jobs: every non-personal site, less the excluded one.
        var sitesJobs: [Int] = []
        /// Selects the users, the shared mailbox that is backed up, and the groups.
        var usersJob: Int?
        /// Selects the teams.
        var teamsJob: Int?
        /// Further `SelectedItems` jobs: the first three users again.
        var vipJobs: [Int] = []

        /// The job that backs up the organization's sites.
        var sitesJob: Int? { sitesJobs.first ?? usersJob }
    }

    /// The settings the world was made with.
    package let settings: Settings
    /// The organizations, as `/Organizations` lists them.
    package let organizations: [Organization]
    /// The backup jobs (copy jobs are left out).
    package let jobs: [Job]
    /// What the jobs of each organization do, by organization index.
    let plans: [Plan]
    /// Organization indexes by id.
    private let organizationIndex: [EntityID: Int]
    /// Job indexes (into `jobs`) by id.
    private let jobIndex: [EntityID: Int]
    /// Organization indexes by their disk repository's id.
    private let repositoryIndex: [EntityID: Int]
    /// The backup job (an index into `jobs`) each backup copy job copies, by the copy job's id.
    let copySources: [EntityID: Int]

    /// The groups of every organization; the first four have a team.
    package static let groupNames = InfrastructureGenerator.groups
    /// The non-personal sites of every organization: one per group, then three standalone ones,
    /// the last of which is excluded.
    package static let siteNames = groupNames + ["Intranet", "Projects", "Archive 2019"]
    /// Teams per organization.
    package static let teamCount = 4
    /// Masks that match the shared mailbox nothing backs up (gap 5), by address or name:
    /// `shared-test-noreply@<domain>`, display name `shared-test-noreply`.
    package static let excludedMailboxMasks = ["*-noreply@*", "shared-test*"]
    /// The local part of that shared mailbox's address, and its display name.
    package static let maskedMailboxName = "shared-test-noreply"

    /// Creates the protection world of `organizations` and their `jobs`.
    package init(settings: Settings, organizations: [Organization], jobs: [Job]) {
        self.settings = settings
        self.organizations = organizations
        let backupJobs = jobs.filter { !$0.isCopyJob }
        self.jobs = backupJobs
        var organizationIndex: [EntityID: Int] = [:]
        var repositoryIndex: [EntityID: Int] = [:]
        for (o, org) in organizations.enumerated() {
            organizationIndex[org.id] = o
            repositoryIndex[SessionGenerator.uuid(settings.seed, 4, o)] = o
        }
        var jobIndex: [EntityID: Int] = [:]
        var owned = [[Int]](repeating: [], count: organizations.count)
        for (j, job) in backupJobs.enumerated() {
            jobIndex[job.id] = j
            if let id = job.organizationID, let o = organizationIndex[id] { owned[o].append(j) }
        }
        var copySources: [EntityID: Int] = [:]
        for job in jobs where job.isCopyJob {
            if let source = job.backupJobID.flatMap({ jobIndex[$0] }) { copySources[job.id] = source }
        }
        self.organizationIndex = organizationIndex
        self.jobIndex = jobIndex
        self.repositoryIndex = repositoryIndex
        self.copySources = copySources
        self.plans = owned.map { own in
            var plan = Plan()
            plan.sitesJobs = own.filter { backupJobs[$0].backupType?.lowercased() == "entireorganization" }
            let selected = own.filter { !plan.sitesJobs.contains($0) }
            plan.usersJob = selected.first ?? plan.sitesJobs.first
            plan.teamsJob = selected.dropFirst().first ?? plan.usersJob
            plan.vipJobs = Array(selected.dropFirst(2))
            return plan
        }
    }

    // MARK: - Lookups

    /// The index of the organization with `id`.
    package func organization(_ id: EntityID) -> Int? { organizationIndex[id] }

    /// The index of the organization whose disk repository has `id`.
    package func organization(repository id: EntityID) -> Int? { repositoryIndex[id] }

    /// The object-storage repository every organization's backup copies go to
    /// (`InfrastructureGenerator.repositories(at:version:)`' last, v6+).
    package var objectStorageRepositoryID: EntityID { SessionGenerator.uuid(settings.seed, 4, organizations.count) }

    /// The index of the backup job with `id` in `jobs`.
    package func job(_ id: EntityID) -> Int? { jobIndex[id] }

    /// The organization a backup job belongs to.
    func organization(ofJob j: Int) -> Int? { jobs[j].organizationID.flatMap { organizationIndex[$0] } }

    // MARK: - Layout of an organization

    /// Users per organization, beside the two shared mailboxes.
    package var users: Int { max(4, settings.usersPerOrganization) }
    /// The newest user, in no job (gap 1): the last user.
    package var newUser: Int { users - 1 }
    /// The user a job selects but never backed up (gap 2).
    package var neverBackedUpUser: Int { users - 2 }
    /// The user over the licence's limit (gap 6), in the first organization only.
    package var exceededUser: Int { users - 3 }
    /// The shared mailbox that is backed up (`finance-shared@`).
    package var sharedMailbox: Int { users }
    /// The shared mailbox that nothing backs up (gap 5).
    package var maskedMailbox: Int { users + 1 }
    /// The site excluded on purpose (gap 3).
    package static let excludedSite = siteNames.count - 1
    /// The team whose backups stopped three days before `now` (gap 4).
    package static let staleTeam = teamCount - 1

    /// The users of organization `o` with backup data come first: `0..<backedUpUsers(o)`.
    package func backedUpUsers(_ o: Int) -> Int { o == 0 ? exceededUser : neverBackedUpUser }

    /// Personal sites per organization: every user's but the newest's (not provisioned yet).
    package var personalSites: Int { users - 1 }

    /// How many objects of `kind` an organization lists (sites: personal ones only on request,
    /// after the others).
    package func count(_ kind: ProtectedObjectKind, includePersonalSites: Bool = false) -> Int {
        switch kind {
        case .user: return users + 2
        case .group: return Self.groupNames.count
        case .site: return Self.siteNames.count + (includePersonalSites ? personalSites : 0)
        case .team: return Self.teamCount
        }
    }

    /// Object `index` of `kind` in organization `o`'s directory list.
    package func entry(_ kind: ProtectedObjectKind, organization o: Int, index: Int) -> Entry {
        switch kind {
        case .user: return user(o, index)
        case .group: return group(o, index)
        case .site: return site(o, index)
        case .team: return team(o, index)
        }
    }

    /// Organization `o` as the protection world needs it.
    package func tenant(_ o: Int) -> Tenant {
        let org = organizations[o]
        return Tenant(
            index: o, id: org.id, name: org.name ?? org.officeName ?? org.id.description,
            domain: org.officeName ?? "example.onmicrosoft.com", backedUpID: id(40, o, 0), msid: id(41, o, 0),
            repositoryID: SessionGenerator.uuid(settings.seed, 4, o),
            proxyID: SessionGenerator.uuid(settings.seed, 5, o % InfrastructureGenerator.proxyNames.count))
    }

    /// The `setId` of a directory list a client did not name one for.
    package func setID(_ kind: ProtectedObjectKind, organization o: Int, includePersonalSites: Bool) -> EntityID {
        let k = ProtectedObjectKind.allCases.firstIndex(of: kind) ?? 0
        return id(42, o, k * 2 + (includePersonalSites ? 1 : 0))
    }

    /// A deterministic id of `kind` for object `k` of organization `o`.
    func id(_ kind: UInt64, _ o: Int, _ k: Int) -> EntityID {
        SessionGenerator.uuid(settings.seed, kind, o << 24 | k)
    }

    /// The short name of a tenant's domain (`contoso`), which its SharePoint addresses use.
    func short(_ tenant: Tenant) -> String {
        String(tenant.domain.split(separator: ".").first ?? "example")
    }

    // MARK: - Objects

    /// First names of the made-up users.
    static let firstNames = [
        "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Xenia", "Yusuf",
        "Zoe", "Amir", "Bea", "Carl", "Dora", "Emil", "Fay", "Gus", "Hana", "Ivo", "Jana", "Karl", "Lena",
    ]
    /// Last names of the made-up users (none of the processed objects' people's).
    static let lastNames = [
        "Kowalski", "Mensah", "Ivanova", "Silva", "Nakamura", "Andersen", "Costa", "Moreau", "Schmidt", "Yilmaz", "Kim",
        "Rossi", "Dubois", "Nowak", "Ortiz", "Petrov", "Quist", "Reyes", "Svensson", "Tanaka", "Ueda", "Varga", "Weber",
        "Zhou",
    ]

    /// User `k`'s display name and the local part of its address: the processed objects' people
    /// first, then made-up names (numbered once they repeat), then the two shared mailboxes.
    func userName(_ k: Int) -> (name: String, local: String, account: AccountKind) {
        if k == sharedMailbox { return ("Finance shared mailbox", "finance-shared", .shared) }
        if k == maskedMailbox { return (Self.maskedMailboxName, Self.maskedMailboxName, .shared) }
        let people = InfrastructureGenerator.people
        let name: String
        var suffix = ""
        if k < people.count {
            name = people[k]
        } else {
            let n = k - people.count
            let pairs = Self.firstNames.count * Self.lastNames.count
            name =
                "\(Self.firstNames[n % Self.firstNames.count]) \(Self.lastNames[n / Self.firstNames.count % Self.lastNames.count])"
            if n >= pairs { suffix = String(n / pairs + 1) }
        }
        return (name, name.lowercased().replacingOccurrences(of: " ", with: ".") + suffix, .user)
    }

    /// The id of user `k`: the processed objects' ids for the people they name, else its own.
    func userID(_ o: Int, _ k: Int) -> EntityID {
        k < InfrastructureGenerator.people.count ? SessionGenerator.uuid(settings.seed, 15, o * 1000 + k) : id(43, o, k)
    }

    /// User `k`'s personal site, if it has one.
    func personalSite(_ tenant: Tenant, _ k: Int) -> SiteLink? {
        guard k < personalSites else { return nil }
        let (name, local, _) = userName(k)
        let owner = "\(local)_\(tenant.domain)".replacingOccurrences(of: ".", with: "_")
        return SiteLink(
            id: id(44, tenant.index, k).description,
            url: "https://\(short(tenant))-my.sharepoint.com/personal/\(owner)",
            title: name, msid: id(45, tenant.index, k))
    }

    /// User `k` of organization `o` (the two shared mailboxes last).
    func user(_ o: Int, _ k: Int) -> Entry {
        let tenant = tenant(o)
        let (name, local, account) = userName(k)
        var object = ProtectionObject(kind: .user, id: userID(o, k).description)
        object.name = name
        object.address = "\(local)@\(tenant.domain)"
        object.account = account
        object.inDirectory = true
        var entry = Entry(object: object, tenant: tenant, index: k, msid: id(46, o, k))
        entry.mailboxID = id(47, o, k)
        if account == .user {
            if k % 4 == 0 { entry.archiveID = id(48, o, k) }
            entry.site = personalSite(tenant, k)
            if entry.site != nil { entry.oneDriveID = id(49, o, k) }
        }
        addUserBackups(&entry)
        return entry
    }

    /// The non-personal site `k`'s link: a group's site for the first ones, standalone after.
    func siteLink(_ tenant: Tenant, _ k: Int) -> SiteLink {
        let name = Self.siteNames[k]
        let siteID =
            k < Self.groupNames.count
            ? SessionGenerator.uuid(settings.seed, 17, tenant.index * 1000 + k) : id(50, tenant.index, k)
        return SiteLink(
            id: siteID.description,
            url: "https://\(short(tenant)).sharepoint.com/sites/\(name.replacingOccurrences(of: " ", with: ""))",
            title: name, msid: id(51, tenant.index, k))
    }

    /// Group `k` of organization `o`, with its group site.
    func group(_ o: Int, _ k: Int) -> Entry {
        let tenant = tenant(o)
        let name = Self.groupNames[k]
        var object = ProtectionObject(
            kind: .group, id: SessionGenerator.uuid(settings.seed, 16, o * 1000 + k).description)
        object.name = name
        object.address = "\(Self.slug(name))@\(tenant.domain)"
        object.inDirectory = true
        var entry = Entry(object: object, tenant: tenant, index: k, msid: id(52, o, k))
        entry.site = siteLink(tenant, k)
        entry.mailboxID = id(53, o, k)
        addGroupBackups(&entry)
        return entry
    }

    /// Site `k` of organization `o`: the non-personal ones, then the users' personal sites.
    func site(_ o: Int, _ k: Int) -> Entry {
        let tenant = tenant(o)
        let personal = k >= Self.siteNames.count
        let link = personal ? personalSite(tenant, k - Self.siteNames.count) : siteLink(tenant, k)
        let site = link ?? siteLink(tenant, 0)
        var object = ProtectionObject(kind: .site, id: site.id)
        object.name = site.title
        object.address = site.url
        object.isPersonal = personal
        object.inDirectory = true
        var entry = Entry(object: object, tenant: tenant, index: k, msid: site.msid)
        if !personal { addSiteBackups(&entry) }
        return entry
    }

    /// Team `k` of organization `o`.
    func team(_ o: Int, _ k: Int) -> Entry {
        let tenant = tenant(o)
        let name = "\(Self.groupNames[k]) team"
        var object = ProtectionObject(
            kind: .team, id: SessionGenerator.uuid(settings.seed, 18, o * 1000 + k).description)
        object.name = name
        object.address = "\(Self.slug(name))@\(tenant.domain)"
        object.inDirectory = true
        var entry = Entry(object: object, tenant: tenant, index: k, msid: id(54, o, k))
        addTeamBackups(&entry)
        return entry
    }

    /// A name as the local part of an address: `IT Operations` → `it-operations`.
    static func slug(_ name: String) -> String { name.lowercased().replacingOccurrences(of: " ", with: "-") }
}
