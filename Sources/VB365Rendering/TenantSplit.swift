import VB365Model
import VB365Statistics
import VB365Support

/// A report split per organization (`--split organization`): each organization with an id is a
/// tenant, with a report of its own under `tenants/<folder>/`; the overview (the whole report)
/// links to each. Here: how the folders are named, which the overview's links and anchors need
/// split or not. What a tenant is and what its outputs hold is the pipeline's
/// (`VB365Pipeline/TenantSplit+Tenants.swift`), the split's one owner.
package enum TenantSplit {
    /// The folder, under the output, that holds one folder per tenant.
    package static let folder = "tenants"

    /// The folder of each organization that is a tenant, by index into `summary.organizations`:
    /// a slug of the name and eight hex digits of a hash of the id (sixteen where eight would
    /// collide), so that organizations called alike never share a folder and a folder stays the
    /// same from run to run.
    package static func folders(of summary: Summary) -> [Int: String] {
        var named: [Int: (slug: String, id: String)] = [:]
        for (index, organization) in summary.organizations.enumerated() {
            guard organization.id != nil else { continue }
            named[index] = (
                FileNames.slug(organization.name, fallback: "organization"), identity(of: index, in: summary)
            )
        }
        func folder(_ entry: (slug: String, id: String), digits: Int) -> String {
            let hash = Formatting.hex(FNV1a.hash(entry.id.utf8))
            return Self.folder + "/" + entry.slug + "-" + String(hash.prefix(digits))
        }
        var short: [String: Int] = [:]
        for entry in named.values { short[folder(entry, digits: 8), default: 0] += 1 }
        var result: [Int: String] = [:]
        for (index, entry) in named {
            let eight = folder(entry, digits: 8)
            result[index] = short[eight] == 1 ? eight : folder(entry, digits: 16)
        }
        return result
    }

    /// What names a tenant whatever else is read: its own id and its server's address
    /// (`id@host:port`), the same whether or not another server holds the same id, and whichever
    /// server was read first; just the id for an organization of no known server.
    package static func identity(of index: Int, in summary: Summary) -> String {
        let organization = summary.organizations[index]
        let id = organization.id?.description ?? ""
        guard let server = organization.serverIndex.map({ summary.servers[$0].address }) else { return id }
        return id.hasSuffix("@" + server) ? id : id + "@" + server
    }
}
