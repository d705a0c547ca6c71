/// A page of an organization's protection (`protection/<organization>.html`, `.md`; its objects
/// beyond the first `ViewBuilder.protectionRowsPerPage` on `protection/<organization>-2.html`, …):
/// the counts per kind of object and of data, the SLA over the period, the users over the licence
/// (on the first page), then its objects, worst first.
package struct ProtectionPageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The organization's worst state (a **BadgeView**, as in the digest; `protected` when nothing
    /// needs attention).
    package var badge: BadgeView
    /// `Protection: Contoso`.
    package var heading: String
    /// The organization's name, made safe for the format.
    package var name: String
    /// Its server's name, when the report covers several; else empty.
    package var server: String
    /// True when `server` is not empty.
    package var hasServer: Bool { !server.isEmpty }
    /// When the snapshot was taken, in the report's time zone.
    package var taken: String
    /// The recovery point objective: `24 h`.
    package var rpo: String
    /// The problems in words (`2 users unprotected, 1 team breached`), or `Every object protected within 24 h.`
    package var headline: String
    /// Why the coverage is unknown (`Coverage unknown: the server did not give users in full.`), or
    /// which other lists were not read in full; empty when every list was read.
    package var coverage: String
    /// True when `coverage` is not empty.
    package var hasCoverage: Bool { !coverage.isEmpty }
    /// True on the first page, which alone shows the counts, the SLA and the users over the licence.
    package var isFirstPage: Bool
    /// The first page, relative to this one (for the counts, from the later pages).
    package var firstPageLink: String
    /// The counts per kind of object (**ProtectionCountsView**), then their total.
    package var byKind: [ProtectionCountsView]
    /// The counts per required kind of data (**ProtectionCountsView**): an object counts under
    /// each kind of data it must have, in that data's state.
    package var byData: [ProtectionCountsView]
    /// True when `byData` is not empty.
    package var hasByData: Bool { !byData.isEmpty }
    /// The SLA over the period (a **ProtectionSLAView**), when the snapshots gave one.
    package var sla: ProtectionSLAView?
    /// The users over the licence (queued, not backed up), at most `ViewBuilder.protectionLicenceRows`
    /// (**ProtectionUserView**).
    package var licenceExceeded: [ProtectionUserView]
    /// True when any user is over the licence.
    package var hasLicenceExceeded: Bool { !licenceExceeded.isEmpty }
    /// `and 40 more users over the licence (every one is in the object table)`; empty when the
    /// list is whole.
    package var moreLicenceExceeded: String
    /// True when `moreLicenceExceeded` is not empty.
    package var hasMoreLicenceExceeded: Bool { !moreLicenceExceeded.isEmpty }
    /// Where each state's objects start (**ProtectionStateLinkView**), worst first.
    package var states: [ProtectionStateLinkView]
    /// The objects of this page, worst state first, then the newest first, then by name
    /// (**ProtectionObjectView**).
    package var objects: [ProtectionObjectView]
    /// True when the organization has any object.
    package var hasObjects: Bool { !objects.isEmpty }
    /// `Objects 1,001–2,000 of 2,500`, or `2,500 objects` on a single page.
    package var rows: String
    /// This page's number, from 1.
    package var pageNumber: Int
    /// How many pages the objects take.
    package var pageCount: Int
    /// A link to every page (**ProtectionPageLinkView**), when there are several.
    package var pages: [ProtectionPageLinkView]
    /// True when the objects take more than one page.
    package var hasPages: Bool { pageCount > 1 }
    /// The page before (a **ProtectionPageLinkView**); none on the first.
    package var previous: ProtectionPageLinkView?
    /// The page after (a **ProtectionPageLinkView**); none on the last.
    package var next: ProtectionPageLinkView?
    /// Every object in one CSV file, relative to this page (`contoso-1a2b3c4d.csv`).
    package var csvLink: String
}

/// A row of protection counts: one kind of object or of data, or the total.
package struct ProtectionCountsView: TemplateView, Sendable {
    /// `users`, `groups`, `sites`, `teams`, `mailbox`, `OneDrive`, …, or `all objects`.
    package var label: String
    /// Protected within the RPO.
    package var protected: Int
    /// Backed up, but not within the RPO.
    package var breached: Int
    /// Selected by a job, never backed up.
    package var neverBackedUp: Int
    /// In no job.
    package var unprotected: Int
    /// Left out on purpose (a job's exclusion or a mask); 0 for a kind of data.
    package var excluded: Int
    /// Not decided: the server did not say.
    package var unknown: Int
    /// The protected share of the objects that count (a **QuantityView**): `97.5%`, `unknown`
    /// when the coverage is unknown, `–` when none counts; never rounded to 0% or 100%.
    package var share: QuantityView
}

/// The SLA over a period: the share of checks (snapshots) on which objects were protected.
package struct ProtectionSLAView: TemplateView, Sendable {
    /// `2026-12-01 to 2026-12-07`, in the report's time zone.
    package var period: String
    /// How many checks the period holds: its snapshots, and the days before the first estimated
    /// from restore points.
    package var checks: Int
    /// `of which 5 days before the first snapshot, estimated from restore points`; empty when no
    /// check was estimated.
    package var estimated: String
    /// True when `estimated` is not empty.
    package var hasEstimated: Bool { !estimated.isEmpty }
    /// Over every object and check (a **QuantityView**).
    package var total: QuantityView
    /// Per required kind of data, then per kind of object (**ProtectionSLARowView**).
    package var rows: [ProtectionSLARowView]
    /// True when `rows` is not empty.
    package var hasRows: Bool { !rows.isEmpty }
}

/// One line of the SLA.
package struct ProtectionSLARowView: TemplateView, Sendable {
    /// `mailbox`, `OneDrive`, …, `users`, `teams`.
    package var label: String
    /// The share of checks met (a **QuantityView**).
    package var share: QuantityView
    /// Checks met.
    package var met: Int
    /// Checks that counted (in scope and decided).
    package var checks: Int
}

/// A user over the licence.
package struct ProtectionUserView: TemplateView, Sendable {
    /// The user's name, made safe for the format.
    package var name: String
    /// The user's e-mail address, or empty.
    package var address: String
    /// True when `address` is not empty.
    package var hasAddress: Bool { !address.isEmpty }
}

/// Where a state's objects start in the object table.
package struct ProtectionStateLinkView: TemplateView, Sendable {
    /// The state (a **BadgeView**).
    package var badge: BadgeView
    /// How many objects are in it.
    package var count: Int
    /// The page and row where they start (`contoso-1a2b3c4d-2.html#state-breached`; in Markdown
    /// the page alone).
    package var link: String
    /// ` · ` before every state but the first; empty for the first.
    package var separator: String
}

/// A page of an organization's objects.
package struct ProtectionPageLinkView: TemplateView, Sendable {
    /// `1`, `2`, …
    package var label: String
    /// The page, relative to this one.
    package var link: String
    /// True for the page this link is on (shown without a link).
    package var isCurrent: Bool
    /// ` · ` before every page but the first; empty for the first.
    package var separator: String
}
