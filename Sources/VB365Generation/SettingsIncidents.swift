import VB365Model

/// The settings the generated world weakens on purpose (issue 29's "settings that weaken
/// protection"): the ground truth that tests of the settings findings check against. Before
/// `time` the world is as it always was; from `time` on (the server's clock, `--now`):
///
/// - **Selected items halved**: in the first organization (Contoso), the job that selects users
///   one by one selects only the first half of them (`ProtectionGenerator.selectedItems`): of
///   its user items (every user but the newest, then the backed-up shared mailbox) the first
///   `count / 2` (`ProtectionGenerator.selectedUsers(organization:)`). The others
///   (`ProtectionGenerator.deselectedUsers(organization:)`, among them the gaps' users that job
///   selected) stay in the directory, last backed up by the job's last run before `time`, so they
///   become unprotected once that is older than the RPO.
/// - **Immutability switched off**: the object-storage repository (v6+) reports
///   `objectStorage.enableImmutability` false (v8; before, true with `immutabilityDays` days), and
///   the restore points made after `time` on it carry no `immutabilityExpiresOn`: the backup copy
///   job's copies (`isCopy`; a world with a copy job, as `vb365-sim` serves unless
///   `--no-copy-job`), which before carried their backup time plus `immutabilityDays` days
///   (`ProtectionGenerator.immutableUntil(repository:made:)`, sent by v8 only).
/// - **Retention shortened**: the first organization's repository keeps backups `shortRetention`
///   rather than `retention`.
///
/// A fetch before `time` and one after it see each change once.
package enum SettingsIncidents {
    /// Sunday 22 November 2026, 09:00 UTC: a weekend morning, before the restore world's night
    /// export.
    package static let time = Timestamp(year: 2026, month: 11, day: 22, hour: 9)
    /// The repositories' retention before (every repository, always for the others).
    package static let retention = RetentionPeriod.years(3)
    /// The first organization's repository's retention from `time` on.
    package static let shortRetention = RetentionPeriod.days(30)
    /// The object storage's immutability period before `time`.
    package static let immutabilityDays: Int64 = 30

    /// True when the world at `t` has the weakened settings.
    package static func isWeakened(at t: Timestamp) -> Bool { t >= time }
}
