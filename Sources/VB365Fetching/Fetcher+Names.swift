import VB365Decoding
import VB365Model
import VB365Support

extension Fetcher {
    /// What names a fetch has: the organizations and jobs its lists gave, the jobs its sessions
    /// name, and the lists that failed.
    struct Names {
        var organizations = Set<EntityID>()
        var jobs: [Job] = []
        var jobIDs = Set<EntityID>()
        /// The jobs the window's sessions (and `--job`) name.
        var sessionJobs = Set<EntityID>()
        var organizationsFailures: [FetchError] = []
        var jobsFailures: [FetchError] = []
        /// What the lists of jobs and copy jobs sent, for the jobs snapshot.
        var lists = JobLists()

        /// Adds jobs not seen yet.
        mutating func add(_ new: [Job]) {
            for job in new where jobIDs.insert(job.id).inserted { jobs.append(job) }
        }
    }

    /// What fetching entities one by one brought.
    struct OneByOne {
        var documents: [DecodedDocument] = []
        var fetched = 0
        /// The failure that stopped it: the next request would most likely fail the same way.
        var failure: FetchError?
    }

    /// When a list of jobs failed, fetches the jobs the sessions name one by one; when the list
    /// of organizations failed, the organizations the jobs name. Each failed list gives one
    /// warning: the URL and status, and what came of the work-around.
    static func fetchMissingNames(
        _ names: inout Names, walker: ListWalker, writer: ArchiveWriter
    ) async throws(FetchError) -> (files: Int, warnings: [String]) {
        var files = 0
        var warnings: [String] = []
        let version = walker.version
        if !names.jobsFailures.isEmpty {
            let wanted = names.sessionJobs.subtracting(names.jobIDs).sorted()
            let resources = version.hasCopyJobs ? ["Jobs", "CopyJobs"] : ["Jobs"]
            let outcome = try await fetchOneByOne(
                wanted, resources: resources, folder: "jobs", walker: walker, writer: writer)
            for document in outcome.documents { names.add(document.jobs) }
            files += outcome.fetched
            warnings.append(
                warning(
                    names.jobsFailures, wanted: wanted.count, outcome: outcome, noun: "job", namer: "the sessions",
                    single: "GET /\(version)/Jobs/{id}"))
        }
        if !names.organizationsFailures.isEmpty {
            let named = Set(names.jobs.compactMap(\.organizationID))
            let wanted = named.subtracting(names.organizations).sorted()
            let outcome = try await fetchOneByOne(
                wanted, resources: ["Organizations"], folder: "organizations", walker: walker, writer: writer)
            for document in outcome.documents {
                for organization in document.organizations { names.organizations.insert(organization.id) }
            }
            files += outcome.fetched
            warnings.append(
                warning(
                    names.organizationsFailures, wanted: wanted.count, outcome: outcome, noun: "organization",
                    namer: "the jobs", single: "GET /\(version)/Organizations/{id}"))
        }
        return (files, warnings)
    }

    /// GETs `/vN/{resource}/{id}` for each id (trying each resource in turn while it is not
    /// found) and saves the body as `folder/<id>.json`; stops at the first answer that cannot be
    /// used. Only UUIDs go into a URL and a file name.
    static func fetchOneByOne(
        _ ids: [EntityID], resources: [String], folder: String, walker: ListWalker, writer: ArchiveWriter
    ) async throws(FetchError) -> OneByOne {
        var outcome = OneByOne()
        for id in ids {
            guard case .uuid = id else { continue }
            do throws(FetchError) {
                var found: Reply?
                for resource in resources where found == nil {
                    found = try await walker.client.get("/\(walker.version)/\(resource)/\(id)", allowNotFound: true)
                }
                guard let reply = found else { continue }
                let document = try ListWalker.decode(reply)
                try writer.write("\(folder)/\(id).json", reply.body)
                outcome.documents.append(document)
                outcome.fetched += 1
            } catch let error where canWorkAround(error) {
                outcome.failure = error
                break
            }
        }
        return outcome
    }

    /// One sentence for the lists of one kind that failed: which URL answered what, and what
    /// came of fetching the `wanted` entities one by one.
    static func warning(
        _ failures: [FetchError], wanted: Int, outcome: OneByOne, noun: String, namer: String, single: String
    ) -> String {
        let head = failures.map(describe).joined(separator: " and ")
        let all = "the \(Formatting.count(wanted, noun)) that \(namer) name"
        let tail: String
        if wanted == 0 {
            tail = "\(namer) name no \(noun) beyond those listed, so no name is missing"
        } else if outcome.fetched == wanted {
            tail = "\(all) \(wanted == 1 ? "was" : "were") fetched one by one instead (\(single))"
        } else {
            let left = wanted - outcome.fetched
            let shown = "\(left == 1 ? "is" : "are") shown by \(left == 1 ? "its id" : "their ids")"
            let why =
                outcome.failure.map { "\(single) failed too (\(describe($0)))" } ?? "the server did not find the others"
            if outcome.fetched == 0 {
                tail = "\(why), so \(all) \(shown)"
            } else {
                tail =
                    "\(outcome.fetched) of \(all) \(outcome.fetched == 1 ? "was" : "were") fetched one by one (\(single)), but \(why), so \(Formatting.count(left, noun)) \(shown)"
            }
        }
        return head + "; " + tail + "."
    }

    /// `https://vbo:4443/v8/Organizations answered 403 (Forbidden)`, or the error's first clause.
    static func describe(_ error: FetchError) -> String {
        if let url = error.url, let status = error.status {
            return "\(url) answered \(status) (\(APIClient.reason(status)))"
        }
        var text = error.message
        if let cut = text.range(of: "; ") { text = String(text[..<cut.lowerBound]) }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
