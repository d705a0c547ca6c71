/// What one `check` covers: the jobs whose name or id is in `jobs`, of an organization in
/// `organizations`, on a server in `servers` (each by name or id, address for a server; case is
/// ignored). An empty list does not narrow.
package struct CheckScope: Sendable, Equatable {
    package var jobs: [String]
    package var organizations: [String]
    package var servers: [String]

    /// Creates a scope; with no names it covers every job.
    package init(jobs: [String] = [], organizations: [String] = [], servers: [String] = []) {
        self.jobs = jobs
        self.organizations = organizations
        self.servers = servers
    }

    /// True when the scope narrows nothing.
    package var isEmpty: Bool { jobs.isEmpty && organizations.isEmpty && servers.isEmpty }

    /// True when `wanted` is empty, or one of its names is `name` or one of `ids`.
    static func matches(_ wanted: [String], name: String, ids: [String]) -> Bool {
        if wanted.isEmpty { return true }
        let candidates = ([name] + ids).map { $0.lowercased() }
        return wanted.contains { candidates.contains($0.lowercased()) }
    }
}
