/// The objects a session that did not succeed processed (v7+), on its page and in its ticket.
package struct ProcessedObjectsView: TemplateView, Sendable {
    /// `32 objects processed (users, groups, sites, teams): 29 succeeded, 2 failed, 1 warned`.
    package var counts: String
    /// The failed objects, then the warned ones, at most `--objects-shown` (**ObjectRowView** list).
    package var objects: [ObjectRowView]
    /// True when `objects` is not empty.
    package var hasObjects: Bool { !objects.isEmpty }
    /// What the list leaves out: `and 3 more (2 failed, 1 warned)`; empty when nothing.
    package var more: String
    /// True when `more` is not empty.
    package var hasMore: Bool { !more.isEmpty }
}

/// An object a session processed that failed or warned.
package struct ObjectRowView: TemplateView, Sendable {
    /// `Failed` or `Warning` (a **BadgeView**).
    package var badge: BadgeView
    /// `User`, `Group`, `Site` or `Team`, as VB365 sends it; `unknown` when it sends none.
    package var type: String
    /// The object's name; its id when no name resolves (then **nameKnown** is false).
    package var name: String
    /// False when `name` is the object's id, shown with `name unknown`.
    package var nameKnown: Bool
}
