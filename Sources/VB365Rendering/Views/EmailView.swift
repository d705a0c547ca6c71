/// The HTML part of the daily e-mail (`email.html`); its `digest` is a **DigestView**, and inside `{{#digest}}` the
/// e-mail's own variables stay visible.
package struct EmailView: TemplateView, Sendable {
    /// The digest (with links made absolute to `--site-url`, and cut down to size).
    package var digest: DigestView
    /// True when `--site-url` was given: names link to the site (never otherwise).
    package var links: Bool
    /// The same, for `the full report` links.
    package var hasSite: Bool
    /// The site's address.
    package var siteURL: String
    /// What was left out to keep the message under 100 KB.
    package var omitted: String
    /// True when something was left out.
    package var hasOmitted: Bool

    /// Creates the view.
    package init(digest: DigestView, links: Bool, hasSite: Bool, siteURL: String, omitted: String, hasOmitted: Bool) {
        self.digest = digest
        self.links = links
        self.hasSite = hasSite
        self.siteURL = siteURL
        self.omitted = omitted
        self.hasOmitted = hasOmitted
    }
}
