import VB365Model
import VB365Statistics
import VB365Text

extension ViewBuilder {
    // MARK: - Copy jobs

    /// True for a session of a backup copy job, or one VB365 calls a copy (`jobType` `Copy`).
    func isCopy(_ f: SessionFacts) -> Bool {
        summary.jobs[f.jobIndex].isCopyJob || f.jobType == .copy
    }

    /// For a backup copy job, the backup job it copies, linked to its page when the report holds
    /// it; nil for any other job.
    func copyOf(_ job: JobSummary, root: String) -> CopyOfView? {
        guard job.isCopyJob else { return nil }
        guard let id = job.backupJobID else { return CopyOfView(name: "a backup job", link: "") }
        guard let index = jobIndices[id] else { return CopyOfView(name: user("backup job \(id)"), link: "") }
        return CopyOfView(name: user(summary.jobs[index].name), link: jobLink(index, root: root))
    }

    // MARK: - Processed objects

    /// The objects session `f` processed, when it did not succeed and VB365 listed them (v7+):
    /// a count by status, and the failed ones, then the warned, at most `objectsShown`.
    func processedObjects(_ f: SessionFacts) -> ProcessedObjectsView? {
        guard f.status != .success, let objects = input.processedObjects[f.id], !objects.isEmpty else { return nil }
        let failed = objects.filter { $0.status == .failed }
        let warned = objects.filter { $0.status == .warning }
        let succeeded = objects.filter { $0.status == .success }.count
        let other = objects.count - failed.count - warned.count - succeeded
        var parts: [String] = []
        if succeeded > 0 { parts.append("\(succeeded) succeeded") }
        if !failed.isEmpty { parts.append("\(failed.count) failed") }
        if !warned.isEmpty { parts.append("\(warned.count) warned") }
        if other > 0 { parts.append("\(other) with another status") }
        let counts =
            "\(objects.count) object\(objects.count == 1 ? "" : "s") processed (users, groups, sites, teams): "
            + parts.joined(separator: ", ")
        let listed = failed + warned
        let shown = listed.prefix(max(0, input.objectsShown))
        let left = listed.dropFirst(shown.count)
        var more = ""
        if !left.isEmpty {
            let leftFailed = left.filter { $0.status == .failed }.count
            var split: [String] = []
            if leftFailed > 0 { split.append("\(leftFailed) failed") }
            if left.count > leftFailed { split.append("\(left.count - leftFailed) warned") }
            more = "and \(left.count) more (" + split.joined(separator: ", ") + ")"
        }
        return ProcessedObjectsView(counts: counts, objects: shown.map(objectRow), more: more)
    }

    func objectRow(_ object: ProcessedObject) -> ObjectRowView {
        let name = object.name.flatMap { $0.isEmpty ? nil : $0 }
        return ObjectRowView(
            badge: objectBadge(object.status), type: user(object.type ?? "unknown"), name: user(name ?? object.id),
            nameKnown: name != nil)
    }

    /// An object's badge: its status's, said of the object.
    func objectBadge(_ status: SessionStatus?) -> BadgeView {
        guard let status else {
            return BadgeView(word: "Unknown", style: .other, emoji: "❔", detail: "VB365 did not say")
        }
        var b = badge(status)
        switch status {
        case .failed: b.detail = "The object failed"
        case .warning: b.detail = "The object was processed with warnings"
        case .success: b.detail = "The object was processed"
        default: break
        }
        return b
    }

    /// The failed or warned objects of job `index`'s sessions in the window, each counted once,
    /// by type: `3 users, 1 site`; empty when there are none.
    func objectProblems(job index: Int) -> String {
        var seen: Set<[String]> = []
        var byType: [String: Int] = [:]
        for f in summary.jobs[index].sessionIndices.map({ summary.sessions[$0] }) {
            for o in input.processedObjects[f.id] ?? [] where o.status == .failed || o.status == .warning {
                let type = o.type ?? ""
                guard seen.insert([type.lowercased(), o.id]).inserted else { continue }
                byType[type.lowercased(), default: 0] += 1
            }
        }
        let order = ["user", "group", "site", "team"]
        let types = byType.keys.sorted { a, b in
            let (x, y) = (order.firstIndex(of: a) ?? order.count, order.firstIndex(of: b) ?? order.count)
            return x != y ? x < y : a < b
        }
        return types.map { type in
            let n = byType[type]!
            if order.contains(type) { return "\(n) \(type)\(n == 1 ? "" : "s")" }
            if type.isEmpty { return "\(n) of unknown type" }
            return "\(n) of type \(user(type))"
        }.joined(separator: ", ")
    }
}
