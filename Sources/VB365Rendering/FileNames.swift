import VB365Model
import VB365Statistics
import VB365Support

/// Safe, stable file names for jobs and sessions: nothing from the input can leave the output
/// folder, collide with another page, or change between runs.
package enum FileNames {
    /// `sessions/<uuid>` for UUIDs (lower case), else a slug of the id and a hash of it.
    package static func session(_ id: EntityID) -> String {
        if case .uuid = id { return "sessions/\(id)" }
        return "sessions/\(slug(id.description, fallback: "session"))-\(hash(id.description))"
    }

    /// `jobs/<slug of the name>-<hash of the id>`; the sessions that name no job have a page per
    /// `server` (its address), so two servers' never share one.
    package static func job(name: String, id: EntityID?, server: String? = nil) -> String {
        "jobs/\(slug(name, fallback: "job"))-\(hash(id?.description ?? ("\u{0}no job" + (server.map { "@" + $0 } ?? ""))))"
    }

    /// The page of job `index` of `summary` (`job(name:id:server:)`).
    package static func job(_ index: Int, of summary: Summary) -> String {
        let job = summary.jobs[index]
        return self.job(name: job.name, id: job.id, server: job.serverIndex.map { summary.servers[$0].address })
    }

    /// The folder of the protection pages and CSV files.
    package static let protectionFolder = "protection"

    /// `protection/<slug of the organization's name>-<hash of its id and server>`: the first page
    /// of an organization's protection (its further pages add `-2`, `-3`, …, so never clash with
    /// a first page, which ends in eight hex digits) and, with `.csv`, its objects as CSV. `server`
    /// (its address) keeps apart two servers' copies of one organization.
    package static func protection(name: String, id: String, server: String?) -> String {
        "\(protectionFolder)/\(slug(name, fallback: "organization"))-\(hash(id + (server.map { "@" + $0 } ?? "")))"
    }

    /// Lower-case ASCII letters, digits and single hyphens, at most 48 characters.
    package static func slug(_ text: String, fallback: String) -> String {
        var out = ""
        var hyphen = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let c: Character?
            switch v {
            case 0x30...0x39, 0x61...0x7A: c = Character(scalar)
            case 0x41...0x5A: c = Character(Unicode.Scalar(v + 32)!)
            default: c = nil
            }
            if let c {
                if hyphen && !out.isEmpty { out.append("-") }
                hyphen = false
                out.append(c)
                if out.count >= 48 { break }
            } else {
                hyphen = true
            }
        }
        return out.isEmpty ? fallback : out
    }

    /// Eight hex digits of the 64-bit FNV-1a hash of `text`.
    package static func hash(_ text: String) -> String {
        String(Formatting.hex(FNV1a.hash(text.utf8)).prefix(8))
    }
}
