import Testing
import VB365Pipeline
import VB365Rendering
import VB365TestSupport

/// What a tenant's input holds (`TenantSplit.Tenant.input`).
@Suite("A tenant's input")
struct TenantInputTests {
    @Test("a tenant's report holds the objects of its own sessions, and no other's")
    func tenants() async throws {
        let input = await Fixtures.reportInput([Fixtures.samples])
        let tenants = TenantSplit.tenants(of: input)
        #expect(tenants.count > 1)
        var seen = 0
        for tenant in tenants {
            let own = tenant.input
            let sessions = Set((own.summary.sessions + own.summary.history).map(\.id))
            #expect(Set(own.processedObjects.keys).isSubset(of: sessions))
            for id in sessions { #expect(own.processedObjects[id] == input.processedObjects[id]) }
            seen += own.processedObjects.count
        }
        #expect(seen > 0)
    }
}
