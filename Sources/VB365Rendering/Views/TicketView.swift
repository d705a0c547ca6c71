/// One session as a ticket attachment (`ticket.html`, `ticket.md`): self-contained, without links.
package struct TicketView: TemplateView, Sendable {
    /// The page's common facts (**PageView**).
    package var page: PageView
    /// The session's facts and comparisons (a **SessionPageView**; its links are not used).
    package var session: SessionPageView
    /// The job's sessions up to this one, newest first (at most 10).
    package var history: [SessionRowView]
    /// True when `history` is not empty.
    package var hasHistory: Bool
    /// The session's warning and error log lines, errors first (at most 50).
    package var problems: [LogLineView]
    /// True when `problems` is not empty.
    package var hasProblems: Bool
    /// How many more such lines the log has.
    package var moreProblems: Int
    /// True when `moreProblems` is above zero.
    package var hasMoreProblems: Bool
    /// True with `--redact`: names, users, hosts and addresses are masked.
    package var redacted: Bool

    /// Creates the view.
    package init(
        page: PageView, session: SessionPageView, history: [SessionRowView], problems: [LogLineView],
        moreProblems: Int, redacted: Bool
    ) {
        self.page = page
        self.session = session
        self.history = history
        self.hasHistory = !history.isEmpty
        self.problems = problems
        self.hasProblems = !problems.isEmpty
        self.moreProblems = moreProblems
        self.hasMoreProblems = moreProblems > 0
        self.redacted = redacted
    }
}
