/// Facts every page shows: its title, where it is, when and by what it was made.
package struct PageView: TemplateView, Sendable {
    /// The page title, starting with the status: `[Failed] VB365 daily report 2026-11-22`.
    package var title: String
    /// The path from this page to the report's root folder (`""` or `"../"`).
    package var root: String
    /// The digest's file name in this format (`index.html` or `index.md`).
    package var indexFile: String
    /// The window's start, in the report's time zone; empty on a site's session pages (`stable`).
    package var windowStart: String
    /// The window's end (exclusive), in the report's time zone; empty when `stable`.
    package var windowEnd: String
    /// `the last 24 hours; newest session 6 h 54 min ago` or `7 d 0 h; newest session 2 h ago`
    /// (`Summary.windowDescription`); unused when `stable`.
    package var windowDescription: String
    /// The time the report describes itself as made (`--now`), in the time zone; empty when
    /// `stable`.
    package var generatedAt: String
    /// The IANA time zone of the times shown.
    package var timeZone: String
    /// The version of vb365-report.
    package var toolVersion: String
    /// The CSS class of the worst status, for the page's header colour.
    package var statusClass: String
    /// True for a site's session pages: they leave out the window and the run's time (those four
    /// variables are empty), so the page stays byte for byte the same from run to run, and an
    /// incremental run keeps it without rendering it again.
    package var stable: Bool = false
}
