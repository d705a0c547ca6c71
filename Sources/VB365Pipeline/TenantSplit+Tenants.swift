import VB365Model
import VB365Rendering
import VB365Statistics
import VB365Support

// The split's owner: which tenants there are and what each one's outputs are made of. A tenant's
// input is `Summary.tenant(_:)` with only its sessions' log lines and processed objects, and only
// the notices about its own server: no other organization's names, jobs, sessions, ids, log
// lines, hosts or totals reach its pages. Jobs of no known organization belong to no tenant and
// appear only in the overview (their e-mail goes to the default recipients).
extension TenantSplit {
    /// One tenant: the organization, where its report goes, and its own input.
    package struct Tenant: Sendable {
        /// Index into the whole summary's `organizations`.
        package var organizationIndex: Int
        /// The organization's name, as the input gives it.
        package var name: String
        /// The organization's id (`id@address` for a second server holding the same id); nil for
        /// the jobs of no known organization (`unassigned`).
        package var id: EntityID?
        /// The address of its server, if the input named one.
        package var server: String?
        /// `tenants/contoso-ltd-1a2b3c4d`, relative to the output.
        package var folder: String
        /// The whole input (whose summary judged the tenant by its own thresholds, if it has
        /// some): kept, not copied, so that a tenant costs memory only while its input is in use
        /// (`input`).
        let whole: ReportInput
        let notices: [String]
        /// True when the proxies that serve it are named on its pages (`tenant-proxy-names: show`).
        var proxyNames = false
        /// True when restore operators and client hosts are masked on its pages
        /// (`security.mask-operators`).
        var maskOperators = false

        /// What its report is made of: built each time it is asked for, so that hundreds of
        /// tenants are not all held at once.
        package var input: ReportInput {
            let own = whole.summary.tenant(organizationIndex, proxyNames: proxyNames)
            var logItems: [EntityID: [LogItem]] = [:]
            var objects: [EntityID: [ProcessedObject]] = [:]
            for f in own.sessions + own.history {
                if let lines = whole.logItems[f.id] { logItems[f.id] = lines }
                if let processed = whole.processedObjects[f.id] { objects[f.id] = processed }
            }
            var input = ReportInput(
                summary: own, logItems: logItems, processedObjects: objects, time: whole.time,
                toolVersion: whole.toolVersion, notices: notices)
            input.objectsShown = whole.objectsShown
            input.protectionDetail = whole.protectionDetail
            input.maskOperators = maskOperators || whole.maskOperators
            input.maskHosts = !proxyNames
            // Its own restores only: the count of the whole input would tell of other tenants'.
            input.restoreSessionsRead = own.restores.isEmpty ? nil : own.restores.count
            return input
        }

        /// The number of units of its report (`ReportRenderer.unitCount`), known without building
        /// its input: the digest, its jobs, their sessions and history, its protection.
        package var unitCount: Int {
            let judged = whole.summary
            let jobs = judged.organizations[organizationIndex].jobIndices
            return 1 + jobs.count
                + jobs.reduce(0) { $0 + judged.jobs[$1].sessionIndices.count + judged.jobs[$1].historyIndices.count }
                + judged.protection.tenants.filter { $0.organizationIndex == organizationIndex }.count
        }
    }

    /// The tenants of `input`, in the order of the summary's organizations; `serverNotices` are
    /// the notices about each server (by address), of which a tenant sees its own server's;
    /// `proxyNames` names the proxies that serve a tenant on its pages (else "serving your
    /// backups"). Each tenant's part is taken from the input's summary, which judged it by its own
    /// thresholds if it has some (`SummaryOptions.organizationThresholds`).
    package static func tenants(
        of input: ReportInput, serverNotices: [String: [String]] = [:], proxyNames: Bool = false,
        maskOperators: Bool = false
    ) -> [Tenant] {
        let summary = input.summary
        let folders = folders(of: summary)
        return summary.organizations.indices.compactMap { index in
            guard let folder = folders[index], let id = summary.organizations[index].id else { return nil }
            let server = summary.organizations[index].serverIndex.map { summary.servers[$0].address }
            return Tenant(
                organizationIndex: index, name: summary.organizations[index].name, id: id, server: server,
                folder: folder, whole: input,
                notices: server.flatMap { serverNotices[$0] } ?? [], proxyNames: proxyNames,
                maskOperators: maskOperators)
        }
    }

    /// The jobs of no known organization, as a tenant of their own each (one per server): they
    /// belong to no customer, so their e-mail goes to the default recipients (the MSP), with every
    /// notice. Their folder is `no-organization` (with a hash of the server when there are several).
    package static func unassigned(of input: ReportInput) -> [Tenant] {
        let summary = input.summary
        let indices = summary.organizations.indices.filter {
            summary.organizations[$0].id == nil && !summary.organizations[$0].jobIndices.isEmpty
        }
        return indices.map { index in
            let server = summary.organizations[index].serverIndex.map { summary.servers[$0].address }
            let folder =
                indices.count == 1 ? "no-organization" : "no-organization-" + FileNames.hash(server ?? "\u{0}")
            return Tenant(
                organizationIndex: index, name: summary.organizations[index].name, id: nil, server: server,
                folder: folder, whole: input, notices: input.notices)
        }
    }
}
