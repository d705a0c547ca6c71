import VB365Model
import VB365Support

/// One protection gap the generated world holds on purpose, with the state a fetch should read:
/// the ground truth that tests check reports against, without hard-coding ids.
package struct ProtectionGap: Hashable, Sendable {
    /// The gaps every organization has (the exceeded licence in the first one only).
    package enum Kind: String, CaseIterable, Hashable, Sendable {
        /// 1. A user created three days before `now`, in no job, with no backup data, not among
        /// the licensed users, and no personal site yet.
        case newUserInNoJob = "new-user-in-no-job"
        /// 2. A user the users' job selects, listed by `/LicensedUsers` as `TemporarilyAssigned`
        /// with `isBackedUp: false`, with no backup data.
        case selectedNeverBackedUp = "selected-never-backed-up"
        /// 3. A site the sites' job excludes (`ExcludedItems`), whose backup data is 30 days old.
        case excludedSite = "excluded-site"
        /// 4. A team the teams' job selects, whose backup data is three days (and less than four)
        /// old: the job stopped backing it up.
        case staleTeam = "stale-team"
        /// 5. A shared mailbox (`Shared`) in no job, with no backup data and no licence, that
        /// `ProtectionGenerator.excludedMailboxMasks` match: `shared-test-noreply@<domain>`.
        case maskedSharedMailbox = "masked-shared-mailbox"
        /// 6. A user the users' job selects, listed as `Exceeded` with `isBackedUp: false`, with
        /// no backup data: over the licence's limit (first organization only).
        case licenceExceeded = "licence-exceeded"
    }

    /// Which gap it is.
    package var kind: Kind
    /// The organization the object belongs to.
    package var organizationID: EntityID
    /// The object as the server describes it: kind, id, name, address, account kind, backup marks
    /// and licence.
    package var object: ProtectionObject
    /// The job that selects it (2, 4, 6) or excludes it (3); nil for objects in no job (1, 5),
    /// and for 2 and 6 once the first organization's job no longer selects them
    /// (`ProtectionGenerator.deselectedUsers(organization:)`, from `SettingsIncidents.time` on):
    /// then they are in no job, unprotected rather than never backed up.
    package var job: EntityID?
    /// When the object was created in Microsoft 365, where that matters (1).
    package var created: Timestamp?
    /// The user's personal site, which is not backed up either (2, 6).
    package var personalSiteID: String?
}

extension ProtectionGenerator {
    /// The gaps of organization `o`, in the order of `ProtectionGap.Kind`.
    package func gaps(organization o: Int) -> [ProtectionGap] {
        let id = organizations[o].id
        /// The gap of `kind` that `entry` is.
        func gap(_ kind: ProtectionGap.Kind, _ entry: Entry, job: EntityID?) -> ProtectionGap {
            ProtectionGap(
                kind: kind, organizationID: id, object: entry.object, job: job, personalSiteID: entry.site?.id)
        }
        var out: [ProtectionGap] = []
        var new = gap(.newUserInNoJob, user(o, newUser), job: nil)
        new.created = settings.now.adding(seconds: -3 * Seconds.day)
        out.append(new)
        let deselected = Set(deselectedUsers(organization: o))
        /// The users' job, unless it no longer selects user `k`.
        func selecting(_ k: Int) -> EntityID? { deselected.contains(k) ? nil : usersJob(organization: o) }
        out.append(gap(.selectedNeverBackedUp, user(o, neverBackedUpUser), job: selecting(neverBackedUpUser)))
        out.append(gap(.excludedSite, site(o, Self.excludedSite), job: sitesJob(organization: o)))
        out.append(gap(.staleTeam, team(o, Self.staleTeam), job: teamsJob(organization: o)))
        out.append(gap(.maskedSharedMailbox, user(o, maskedMailbox), job: nil))
        if o == 0 { out.append(gap(.licenceExceeded, user(o, exceededUser), job: selecting(exceededUser))) }
        return out
    }

    /// The gaps of the organization with `id`; none for an organization this world does not know.
    package func gaps(organization id: EntityID) -> [ProtectionGap] {
        organization(id).map { gaps(organization: $0) } ?? []
    }
}
