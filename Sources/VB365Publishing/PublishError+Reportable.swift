import VB365Support

extension PublishError: ReportableError {
    /// 70 for invalid pages, 69 when validation cannot run, 73 when the folder cannot be written
    /// or is not ours, 74 when the disk is full or failed, 78 when a template cannot render a page.
    package var exitStatus: ExitStatus {
        switch self {
        case .invalidPages: return .software
        case .setup: return .unavailable
        case .template(let error): return error.exitStatus
        case .notOurs, .cannotWrite: return .cannotCreate
        case .writeFailed(let failure, _, _): return failure.exitStatus
        }
    }

    /// Each invalid page's first problems, then one sentence on what happened; or the one problem.
    package var diagnostics: [Diagnostic] {
        switch self {
        case .invalidPages(let pages, let folder):
            var lines: [Diagnostic] = []
            for page in pages {
                for issue in page.issues.prefix(5) {
                    var d = issue.diagnostic(path: "\(folder)/\(page.path)")
                    d.message += " (template \(page.template))"
                    lines.append(d)
                }
            }
            // Validation stops at the limit, so a full list means there may be more.
            let count =
                pages.count >= PublishingRun.invalidPageLimit
                ? "at least \(pages.count) pages" : "\(pages.count) page\(pages.count == 1 ? "" : "s")"
            lines.append(
                Diagnostic(
                    message:
                        "\(count) failed XHTML 1.0 Strict validation; nothing was written, and \(folder) is unchanged"
                ))
            return lines
        case .notOurs(let path, let reason):
            return [
                Diagnostic(
                    path: path, message: "will not replace this folder: \(reason)",
                    advice: "choose a new or empty folder for --out")
            ]
        case .cannotWrite(let path, let reason):
            return [
                Diagnostic(
                    path: path, message: "cannot write: \(reason)", advice: "the previous report is unchanged")
            ]
        case .writeFailed(let failure, let output, let replaced):
            let kept =
                replaced
                ? "the new report is in place, but may not outlast a power loss" : "the previous report is unchanged"
            return [failure.diagnostic(output: output, kept: kept)]
        case .setup(let message):
            return [Diagnostic(message: message)]
        case .template(let error):
            return error.diagnostics
        }
    }
}
