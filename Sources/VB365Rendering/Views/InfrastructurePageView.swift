/// The infrastructure page (`infrastructure.html`, `infrastructure.md`): repositories with their
/// free-space trend and forecast, proxies, licences and licensed users per organization.
package struct InfrastructurePageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The worst finding (Success when none; Other when no snapshot was read).
    package var badge: BadgeView
    /// `Infrastructure`.
    package var heading: String
    /// The digest section's headline and problems (**InfrastructureSectionView**).
    package var section: InfrastructureSectionView
    /// One row per repository (**RepositoryRowView**).
    package var repositories: [RepositoryRowView]
    /// True when any repository was read.
    package var hasRepositories: Bool
    /// One row per proxy (**ProxyRowView**).
    package var proxies: [ProxyRowView]
    /// True when any proxy was read.
    package var hasProxies: Bool
    /// One row per server's licence (**LicenseRowView**).
    package var licenses: [LicenseRowView]
    /// True when any licence was read.
    package var hasLicenses: Bool
    /// One row per organization (**LicensingRowView**).
    package var licensing: [LicensingRowView]
    /// True when licensing figures per organization were read.
    package var hasLicensing: Bool
    /// The limits the findings use, in words: `free space below 15% (warning) or 5% (failure); …`.
    package var thresholds: String
}

/// A repository on the infrastructure page.
package struct RepositoryRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    package var badge: BadgeView
    /// The repository's name.
    package var name: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// Its path (or empty).
    package var path: String
    /// `disk`, or `object storage (AmazonS3)`, `archive tier` ...
    package var kind: String
    /// The capacity (**QuantityView**; unknown for object storage or a capacity of 0).
    package var capacity: QuantityView
    /// Free space in bytes (**QuantityView**).
    package var free: QuantityView
    /// Free space as a percentage of the capacity (**QuantityView**).
    package var freePercent: QuantityView
    /// Used space (**QuantityView**).
    package var used: QuantityView
    /// Growth of the used space per day from a robust fit (**QuantityView**), `+12.3 GB/day`.
    package var growth: QuantityView
    /// `full in ~23 days`, `not filling up`, or `unknown`.
    package var forecast: String
    /// What needs attention, in words (empty when nothing).
    package var findings: [String]
    /// Why a figure is unknown or why there is no forecast.
    package var notes: [String]
    /// True when there are notes.
    package var hasNotes: Bool
    /// The free space of each day of the fitting period, oldest first (**BarView**; its `cssClass`
    /// is `success`, `warning` or `failed` by that day's free space against the limits).
    package var trend: [BarView]
    /// True when the free space is known on at least two days.
    package var hasTrend: Bool
    /// The free-space trend in one line of block characters (`▇▆▅▄▃`).
    package var sparkline: String
    /// When the newest snapshot was taken.
    package var asOf: String
    /// The top of the trend's scale: the most free space of its days (its bottom is 0 B).
    package var trendMaximum: String
    /// The first day of the trend.
    package var trendStart: String
    /// The last day of the trend.
    package var trendEnd: String
    /// The number of days in the trend.
    package var trendCount: Int

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }
    /// True when `path` is not empty.
    package var hasPath: Bool { !path.isEmpty }
}

/// A backup proxy on the infrastructure page.
package struct ProxyRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    package var badge: BadgeView
    /// The host name.
    package var name: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// `Online`, `Offline`, or `unknown`.
    package var status: String
    /// `Disabled`, `Enabled`, ..., or empty when not given.
    package var maintenance: String
    /// The proxy's version (`unknown` when not given) and the server's, when known.
    package var version: String
    /// CPU usage (**QuantityView**).
    package var cpu: QuantityView
    /// Memory usage (**QuantityView**).
    package var memory: QuantityView
    /// What needs attention, in words.
    package var findings: [String]

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }
}

/// A server's licence on the infrastructure page.
package struct LicenseRowView: TemplateView, Sendable {
    /// Success, Warning or Failed, by its worst finding.
    package var badge: BadgeView
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// `Valid`, `Expired`, or `unknown`.
    package var status: String
    /// `Subscription`, `Rental`, ...
    package var type: String
    /// Whom the licence is for.
    package var licensedTo: String
    /// The expiry, in the report's time zone, or `unknown` (with the reason).
    package var expires: String
    /// `in 4 days`, `expired 2 days ago`, or empty.
    package var daysLeft: String
    /// The end of the grace period, or empty.
    package var grace: String
    /// Users licensed, allowed and new this month (**QuantityView**).
    package var used: QuantityView
    /// Users the licence allows (**QuantityView**).
    package var total: QuantityView
    /// New users (**QuantityView**).
    package var newUsers: QuantityView
    /// What needs attention, in words.
    package var findings: [String]

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }
}

/// An organization's licensed users on the infrastructure page (for MSP billing).
package struct LicensingRowView: TemplateView, Sendable {
    /// The organization's name.
    package var organization: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// Licensed users (**QuantityView**).
    package var licensedUsers: QuantityView
    /// New users (**QuantityView**).
    package var newUsers: QuantityView

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }
}
