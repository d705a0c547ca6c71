/// The digest's Protection section (only when protection snapshots were read): the organizations
/// whose objects need action or whose coverage is unknown, each with its newest problems, and one
/// line for the rest.
package struct ProtectionSectionView: TemplateView, Sendable {
    /// `2 of 14 organizations need attention.`, or `14 organizations: every object protected within 24 h.`
    package var headline: String
    /// The organizations that need attention or whose coverage is unknown (**ProtectionTenantView**).
    package var tenants: [ProtectionTenantView]
    /// True when any organization needs attention.
    package var hasTenants: Bool { !tenants.isEmpty }
    /// The line for the organizations that need nothing, beside those that do: `12 organizations:
    /// every object protected within 24 h.`; empty when the headline says it, or none is left.
    package var allClear: String
    /// True when **allClear** is shown.
    package var hasAllClear: Bool { !allClear.isEmpty }
    /// A link to the page of each organization that needs nothing (**ProtectionLinkView**).
    package var others: [ProtectionLinkView]
    /// True when **others** is not empty.
    package var hasOthers: Bool { !others.isEmpty }
}

/// An organization in the digest's Protection section that needs attention.
package struct ProtectionTenantView: TemplateView, Sendable {
    /// Its worst state: `unprotected` or `never backed up` (failed), `breached` (warning), `unknown`
    /// when its coverage is unknown (a **BadgeView**).
    package var badge: BadgeView
    /// The organization's name, made safe for the format.
    package var name: String
    /// Its server's name, when the report covers several; else empty.
    package var server: String
    /// True when `server` is not empty.
    package var hasServer: Bool { !server.isEmpty }
    /// Its protection page, relative to this page.
    package var link: String
    /// The problems in words: `2 users unprotected, 1 team breached, 3 users over the licence`.
    package var counts: String
    /// True when `counts` is not empty.
    package var hasCounts: Bool { !counts.isEmpty }
    /// When the snapshot was taken, in the report's time zone.
    package var asOf: String
    /// Why its coverage is unknown: `Coverage unknown: the server did not give users and backup
    /// data in full.`; empty when it is known.
    package var coverage: String
    /// True when `coverage` is not empty.
    package var hasCoverage: Bool { !coverage.isEmpty }
    /// Its newest objects that need action, at most `ViewBuilder.protectionDigestObjects`
    /// (**ProtectionObjectView**).
    package var objects: [ProtectionObjectView]
    /// True when `objects` is not empty.
    package var hasObjects: Bool { !objects.isEmpty }
    /// `and 12 more`, linking to its page; empty when `objects` lists them all.
    package var more: String
    /// True when `more` is not empty.
    package var hasMore: Bool { !more.isEmpty }
}

/// A link to an organization's protection page.
package struct ProtectionLinkView: TemplateView, Sendable {
    /// The organization's name, made safe for the format.
    package var name: String
    /// Its protection page, relative to this page.
    package var link: String
    /// ` · ` before every link but the first; empty for the first.
    package var separator: String
}

/// An object of an organization (a user, group, site or team) and its protection.
package struct ProtectionObjectView: TemplateView, Sendable {
    /// The anchor of the first row of its state (`state-breached`), where the page's index of
    /// states points; empty on the other rows.
    package var anchor: String
    /// True when `anchor` is not empty.
    package var hasAnchor: Bool { !anchor.isEmpty }
    /// Its state (a **BadgeView**): `unprotected`, `never backed up`, `breached`, `unknown`,
    /// `protected` or `excluded`.
    package var badge: BadgeView
    /// `user`, `shared mailbox`, `public mailbox`, `group`, `site`, `personal site` or `team`.
    package var kind: String
    /// Its display name (its address or id when it has none), made safe for the format.
    package var name: String
    /// Its e-mail address or URL, when it has a name as well; else empty.
    package var address: String
    /// True when `address` is not empty.
    package var hasAddress: Bool { !address.isEmpty }
    /// Its id in the organization.
    package var id: String
    /// Why, in words: `in no job`, `OneDrive last backed up 2026-12-04T06:00:00Z`, `excluded by job Mail`.
    package var reason: String
    /// Its oldest required backup, in the report's time zone; `never`, `unknown`, or `–` when
    /// nothing is required (excluded).
    package var lastBackup: String
    /// How far past the RPO that backup is (`2 d 0 h`); empty unless breached.
    package var overdue: String
    /// The jobs that select it (**ProtectionJobView**).
    package var jobs: [ProtectionJobView]
    /// Its SLA over the period: the share of the checks it counted on that it met (`96.7%`);
    /// `–` when it counted on none (excluded, unknown) or the period has no check.
    package var sla: String
}

/// A job that selects an object.
package struct ProtectionJobView: TemplateView, Sendable {
    /// The job's name, or `job <id>` when the report does not hold the job.
    package var name: String
    /// The job's page, relative to this page; empty when the report does not hold the job.
    package var link: String
    /// True when `link` is not empty.
    package var hasLink: Bool { !link.isEmpty }
    /// `, ` before every job but the first; empty for the first.
    package var separator: String
}
