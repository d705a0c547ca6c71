/// The restore activity page (`restores.html`, `restores.md`): every restore session of the window,
/// by organization, oldest first, with what it did and its findings, then what to check about
/// each session with findings. The digest's Security section lists the findings alone.
package struct RestorePageView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The worst finding's level: Warning or Failed, OK when no session is a finding, Unknown
    /// when no restore session was read.
    package var badge: BadgeView
    /// `Restore activity`.
    package var heading: String
    /// `4 restore sessions in this window; 5,641 items taken out (7.5 GB); 3 security findings.`,
    /// or why the page lists none.
    package var headline: String
    /// The counts (**StatView** list): sessions, items and bytes taken out, items restored, findings.
    package var totals: [StatView]
    /// How the sessions are listed and what masking hides: `Oldest first, by organization. …`.
    package var note: String
    /// The organizations whose data was restored, in the report's order (**RestoreGroupView**).
    package var groups: [RestoreGroupView]
    /// True when any restore session is listed.
    package var hasSessions: Bool { !groups.isEmpty }
    /// What to check about each session with findings, in the list's order (**RestoreAdviceView**).
    package var advice: [RestoreAdviceView]
    /// True when any session has findings.
    package var hasAdvice: Bool { !advice.isEmpty }
}

/// The restore sessions of one organization (of one server, when the report covers several).
package struct RestoreGroupView: TemplateView, Sendable {
    /// The organization's name, made safe, as the input names it; `(organization not named)`
    /// when the sessions name none.
    package var organization: String
    /// The server's name, when the report covers several; else empty.
    package var server: String
    /// True when `server` is not empty.
    package var hasServer: Bool { !server.isEmpty }
    /// `3 restore sessions`.
    package var count: String
    /// Its sessions, oldest first (**RestoreSessionView**).
    package var sessions: [RestoreSessionView]
}

/// One restore session on the restore activity page.
package struct RestoreSessionView: TemplateView, Sendable {
    /// Its anchor on the page: `restore-` and a slug of its id (what the digest links to).
    package var anchor: String
    /// Its anchor without `restore-`: a Markdown heading `Restore <slug>` gets the anchor itself.
    package var slug: String
    /// The session's id, made safe.
    package var id: String
    /// When it started, in the report's time zone.
    package var time: String
    /// When it ended; empty while it is open or when not known.
    package var ended: String
    /// True when `ended` is not empty.
    package var hasEnded: Bool { !ended.isEmpty }
    /// The Explorer: `Exchange`, `OneDrive`, `SharePoint`, `Teams`, or `unknown`.
    package var type: String
    /// Who started it, made safe; `an operator` when operators are masked.
    package var operatorName: String
    /// The client host it came from, made safe; `(masked)` when operators are masked, `not given`
    /// when VB365 gave none.
    package var host: String
    /// The reason the operator gave, made safe; `none given` when none was.
    package var reason: String
    /// True when the operator gave a reason.
    package var hasReason: Bool
    /// How it went (**BadgeView**): Success, Warning, Failed, `Open` while it is working.
    package var result: BadgeView
    /// What it did: `exported 5,000 items (6.2 GB); viewed 3 items; 1 item failed`.
    package var did: String
    /// Where restored or sent items went, when not to their own place: `chen@… → hugo@…; and 239
    /// more items`; `in place` when every restored item went back to its own place; `–` when it
    /// restored and sent nothing.
    package var places: String
    /// Its findings, in their order (**RestoreFindingView**).
    package var findings: [RestoreFindingView]
    /// True when it has findings.
    package var hasFindings: Bool { !findings.isEmpty }
}

/// One finding about a restore session, as a badge.
package struct RestoreFindingView: TemplateView, Sendable {
    /// Its level (**BadgeView**): Warning or Failed, as configured for its kind.
    package var badge: BadgeView
    /// `Bulk export`, `New operator`, `No reason given`.
    package var title: String
    /// ` · ` before every finding but the first; empty for the first.
    package var separator: String
}

/// What to check about one restore session with findings.
package struct RestoreAdviceView: TemplateView, Sendable {
    /// The session's anchor on the page (**RestoreSessionView** `anchor`).
    package var anchor: String
    /// The worst of its findings' levels (**BadgeView**).
    package var badge: BadgeView
    /// Its findings' titles: `Bulk export, new operator, no reason given`.
    package var titles: String
    /// The organization's name, made safe.
    package var organization: String
    /// What was seen, in the digest's words (operators masked as configured).
    package var text: String
    /// What to check, one sentence per kind of finding (the same sentence once).
    package var checks: [String]
}

/// The digest's Restore activity section: one line of counts, and the link to the restore
/// activity page; absent when the report has no such page.
package struct RestoreActivitySectionView: TemplateView, Sendable {
    /// `4 restore sessions in this window; 5,641 items taken out (7.5 GB); 3 security findings.`
    package var headline: String
    /// The link to the restore activity page (`restores.html`).
    package var link: String
}
