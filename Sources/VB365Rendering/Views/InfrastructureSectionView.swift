/// The digest's Infrastructure section: only what needs attention, else a one-line all-clear.
package struct InfrastructureSectionView: TemplateView, Sendable {
    /// `All clear: 3 repositories, 2 proxies and the licence need no attention.`, or the count of
    /// problems, or that no snapshot was read.
    package var headline: String
    /// What needs attention, worst first (**InfrastructureProblemView**).
    package var problems: [InfrastructureProblemView]
    /// True when anything needs attention.
    package var hasProblems: Bool
    /// True when any snapshot was read (else the state is unknown, never "all clear").
    package var hasSnapshots: Bool
    /// The time of the newest snapshot, in the report's time zone; `an unknown time` when its
    /// file's name had none.
    package var asOf: String
    /// The link to the infrastructure page (`infrastructure.html`).
    package var link: String

    /// No section (a view made without one).
    package static let empty = InfrastructureSectionView(
        headline: "", problems: [], hasProblems: false, hasSnapshots: false, asOf: "", link: "")
}

/// One thing in the infrastructure that needs attention.
package struct InfrastructureProblemView: TemplateView, Sendable {
    /// Warning or Failed.
    package var badge: BadgeView
    /// `Repository`, `Proxy` or `Licence`.
    package var kind: String
    /// The repository's or proxy's name, or whom the licence is for.
    package var name: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// What is wrong: `2.1% free (below 5%)`, `offline`, `the licence expires 2026-11-27, in 4 days`.
    package var text: String

    /// True when `server` is not empty (the report covers several servers).
    package var hasServer: Bool { !server.isEmpty }
}
