/// The kinds of page the tool renders, each from one template per format.
package enum PageKind: String, CaseIterable, Sendable {
    /// The digest of the window: `index.html`, `index.md`.
    case digest
    /// A job with its history: `jobs/<job>.html`.
    case job
    /// One session: `sessions/<id>.html`.
    case session
    /// A month of a job's sessions on a site: `jobs/<job>-<yyyy-mm>.html`.
    case jobMonth = "job-month"
    /// Repositories, proxies and licences: `infrastructure.html`, `infrastructure.md`.
    case infrastructure
    /// Every restore session of the window, with what it did and its findings: `restores.html`,
    /// `restores.md`.
    case restores
    /// An organization's protection, a page of its objects at a time: `protection/<organization>.html`,
    /// `protection/<organization>-2.html`, …
    case protection
    /// The daily e-mail's HTML part.
    case email
    /// A self-contained session page for a ticket.
    case ticket
    /// One organization's month, for the customer (`render --period`): `<organization>-<yyyy-mm>.html`.
    case monthly
    /// The provider's list of a month's customer reports: `index.html` beside them.
    case monthlyIndex = "monthly-index"

    /// The template's name for `format`: `digest.html`, `job.md`, ...
    package func templateName(_ format: OutputFormat) -> String { "\(rawValue).\(format.fileExtension)" }
}

/// A view model that fills a whole page: it names its kind, so it is always rendered with its
/// own template.
package protocol PageViewModel: TemplateView {
    /// The page this view fills.
    static var kind: PageKind { get }
}

extension DigestView: PageViewModel { package static var kind: PageKind { .digest } }
extension JobPageView: PageViewModel { package static var kind: PageKind { .job } }
extension SessionPageView: PageViewModel { package static var kind: PageKind { .session } }
extension JobMonthPageView: PageViewModel { package static var kind: PageKind { .jobMonth } }
extension InfrastructurePageView: PageViewModel { package static var kind: PageKind { .infrastructure } }
extension RestorePageView: PageViewModel { package static var kind: PageKind { .restores } }
extension ProtectionPageView: PageViewModel { package static var kind: PageKind { .protection } }
extension EmailView: PageViewModel { package static var kind: PageKind { .email } }
extension TicketView: PageViewModel { package static var kind: PageKind { .ticket } }
extension MonthlyReportView: PageViewModel { package static var kind: PageKind { .monthly } }
extension MonthlyIndexView: PageViewModel { package static var kind: PageKind { .monthlyIndex } }
