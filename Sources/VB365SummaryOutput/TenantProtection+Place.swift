import VB365Statistics

extension TenantProtection {
    /// The index in `summary.servers` of the server the tenant's snapshots came from: its
    /// organization's, when the sessions name the organization; nil otherwise (`server` indexes
    /// the inventory's servers, which the summary lists in another order).
    package func serverIndex(in summary: Summary) -> Int? {
        guard let index = organizationIndex, summary.organizations.indices.contains(index) else { return nil }
        return summary.organizations[index].serverIndex
    }
}
