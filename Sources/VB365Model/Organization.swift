/// A Microsoft 365 organization (tenant) from an `/Organizations` response.
public struct Organization: Hashable, Sendable {
    public var id: EntityID
    public var name: String?
    /// The Microsoft 365 name (`contoso.onmicrosoft.com`).
    public var officeName: String?
    /// `Office365`, `OnPremises`, `Hybrid` (kept as sent).
    public var type: String?

    /// Creates an organization with only an id.
    public init(id: EntityID) { self.id = id }

    /// The name to show: the display name, else the Microsoft 365 name, else the id.
    public var displayName: String { name ?? officeName ?? id.description }
}
