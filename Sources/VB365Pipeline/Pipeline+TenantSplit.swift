import Foundation
import VB365Delivery
import VB365Model
import VB365Rendering
import VB365SMTP
import VB365Statistics
import VB365Support
import XHTMLValidation

// `--split organization`, in one place: which tenants there are (`tenants(of:)`, refusing an
// ambiguous `tenants:` entry), the overview's links to them (`splitInput`), each tenant's
// e-mail (`tenantMessages`, `deliverEach`) and tickets (`ticketBatches`). Render and site take
// `splitInput`'s tenants; what a tenant's input holds is `TenantSplit.Tenant.input`.
extension Pipeline {
    /// With `split`, `input` with its links to the tenants' reports, and the tenants; else
    /// `input` alone.
    func splitInput(_ input: ReportInput) throws(Failure) -> (
        overview: ReportInput, tenants: [TenantSplit.Tenant]
    ) {
        guard configuration.split == .organization else { return (input, []) }
        let tenants = try tenants(of: input)
        var overview = input
        overview.tenantFolders = Dictionary(uniqueKeysWithValues: tenants.map { ($0.organizationIndex, $0.folder) })
        return (overview, tenants)
    }

    /// The tenants of `input` (whose summary judged each by its own thresholds where
    /// `configuration.tenants` gives some: `summarize`); refuses a `tenants:` entry that matches
    /// several organizations, and warns of one that matches none, naming the organizations there are.
    func tenants(of input: ReportInput) throws(Failure) -> [TenantSplit.Tenant] {
        let summary = input.summary
        for settings in configuration.tenants {
            let matched = summary.organizations.indices.filter { settings.matches($0, in: summary) }
            if matched.count > 1 {
                // One customer's recipients must never receive another's report: fail closed.
                let places = matched.map { index in
                    let o = summary.organizations[index]
                    return
                        "\(o.name) (\(o.id?.description ?? "no id")\(o.serverIndex.map { " on " + summary.servers[$0].name } ?? ""))"
                }
                throw Failure(
                    .configuration,
                    "the tenants entry '\(settings.organization)'\(settings.server.map { " on server \($0)" } ?? "") matches \(matched.count) organizations: \(places.joined(separator: "; "))",
                    advice: "name the organization by its id, and its server with 'server:'; nothing was written")
            }
            if matched.isEmpty {
                let known = Set(summary.organizations.filter { $0.id != nil }.map(\.name)).sorted()
                DiagnosticPrinter.warning(
                    "no organization in the input is '\(settings.organization)'\(settings.server.map { " on server \($0)" } ?? ""), so its settings are unused; the organizations are: \(known.isEmpty ? "none" : known.prefix(20).joined(separator: "; "))"
                )
            }
        }
        return TenantSplit.tenants(
            of: input, serverNotices: configuration.serverNotices, proxyNames: configuration.tenantProxyNames,
            maskOperators: configuration.tenantMaskOperators)
    }

    /// The file that marks a folder of split e-mails as this tool's.
    static let mailFolderMarker = ".vb365-report-mail"

    /// Makes `folder` the split e-mails' folder: refuses a file, and a folder that holds files
    /// this tool did not write (no marker), so that nothing of anyone else's is overwritten.
    func claimMailFolder(_ folder: String) throws(Failure) {
        var isFolder: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw Failure(
                    .cannotCreate, path: folder, "is a file, but with --split the messages go into a folder",
                    advice: "name a folder (each tenant's message is written there as <tenant>.eml)")
            }
            let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0 != Self.mailFolderMarker }
            if !names.isEmpty, !fm.fileExists(atPath: folder + "/" + Self.mailFolderMarker) {
                throw Failure(
                    .cannotCreate, path: folder,
                    "holds files vb365-report did not write (\(names.sorted().prefix(3).joined(separator: ", "))\(names.count > 3 ? ", …" : ""))",
                    advice: "name a new or empty folder for the tenants' messages; nothing was written")
            }
        }
        try writeFile(
            Array("vb365-report e-mail folder: one <tenant>.eml per organization.\n".utf8),
            to: folder + "/" + Self.mailFolderMarker)
    }

    /// The selected sessions in batches, each with the input its tickets are made of: with
    /// `split`, a tenant's sessions with that tenant's input alone (so a redacted ticket's masks,
    /// too, are numbered within the tenant), under its folder; else one batch of the whole input.
    func ticketBatches(_ selected: [SessionFacts], input: ReportInput) throws(Failure) -> [(
        prefix: String, sessions: [SessionFacts], input: ReportInput
    )] {
        guard configuration.split == .organization else { return [("", selected, input)] }
        let summary = input.summary
        var batches: [(prefix: String, sessions: [SessionFacts], input: ReportInput)] = []
        let tenants = try tenants(of: input)
        let placed = Set(tenants.map(\.organizationIndex))
        // Sessions of jobs of no known organization belong to no tenant: their tickets go to
        // the folder itself, as without split.
        let unplaced = selected.filter { !placed.contains(summary.jobs[$0.jobIndex].organizationIndex) }
        if !unplaced.isEmpty { batches.append(("", unplaced, input)) }
        for tenant in tenants {
            let ownInput = tenant.input
            let own = ownInput.summary
            let wanted = Set(
                selected.filter { summary.jobs[$0.jobIndex].organizationIndex == tenant.organizationIndex }.map(\.id))
            let sessions = (own.sessions + own.history).filter { wanted.contains($0.id) }
            if !sessions.isEmpty { batches.append((tenant.folder + "/", sessions, ownInput)) }
        }
        return batches
    }

    /// One message per tenant, each made of that tenant's input alone, to its own recipients (else
    /// the default ones), with its name in the subject, links into its own part of the site, and
    /// its own `only-if`; by the name of its file (`<tenant>.eml`).
    func tenantMessages(
        _ request: EmailRequest, input: ReportInput, templates: TemplateSet, validator: XHTMLValidator
    ) throws -> (tenants: Int, messages: [(name: String, message: MailMessage)]) {
        let tenants = try tenants(of: input) + TenantSplit.unassigned(of: input)
        var messages: [(name: String, message: MailMessage)] = []
        for tenant in tenants {
            let settings = configuration.tenants.first { $0.matches(tenant.organizationIndex, in: input.summary) }
            let own = tenant.input
            if Self.holdsBack(own, onlyIf: settings?.hasOnlyIf == true ? settings?.onlyIf : request.onlyIf) { continue }
            var options = request.options
            if let to = settings?.to, !to.isEmpty { options.to = to }
            if !options.subject.contains("%OrgName%") { options.subject = "%OrgName%: " + options.subject }
            if !own.notices.isEmpty { options.subject = Self.notUpToDate(options.subject) }
            options.siteURL = request.options.siteURL.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + tenant.folder + "/" }
            let email = try EmailComposer.compose(own, templates: templates, options: options, validator: validator)
            messages.append((String(tenant.folder.split(separator: "/").last!), email.message))
        }
        return (tenants.count, messages)
    }

    /// Delivers the tenants' messages: a file destination is a folder of `<tenant>.eml` files
    /// (this run's alone), sendmail takes each, an SMTP relay all through one connection.
    func deliverEach(
        _ made: (tenants: Int, messages: [(name: String, message: MailMessage)]), to destination: EmailDestination
    ) async throws -> EmailOutcome {
        let messages = made.messages
        if messages.isEmpty, !configuration.quiet {
            DiagnosticPrinter.note(
                made.tenants == 0
                    ? "nothing sent: the input holds no job session and no job, so no organization has a report."
                    : "nothing sent: no organization's window reaches its only-if level.")
        }
        switch destination {
        case .standardOutput:
            return EmailOutcome(messages: messages.count, output: messages.flatMap { $0.message.render(lineEnd: "\n") })
        case .file(let folder):
            try claimMailFolder(folder)
            var written: Set<String> = []
            for message in messages {
                try writeFile(message.message.render(lineEnd: "\r\n"), to: folder + "/" + message.name + ".eml")
                written.insert(message.name + ".eml")
            }
            // The folder holds this run's messages: an earlier run's message for a tenant that has
            // none today (its only-if) would read as today's.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasSuffix(".eml") && !written.contains(name) {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        case .sendmail(let transport):
            for message in messages {
                try transport.send(message.message.render(lineEnd: "\n"))
            }
            if !configuration.quiet {
                DiagnosticPrinter.note(
                    "sent \(Formatting.count(messages.count, "message")), one per tenant, with \(transport.path).")
            }
        case .smtp(let submitter):
            try await submitter.submit(messages.map { SMTPMessage($0.message) })
            if !configuration.quiet {
                DiagnosticPrinter.note(
                    "sent \(Formatting.count(messages.count, "message")), one per tenant, through \(submitter.settings.address) (one connection)."
                )
            }
        }
        return EmailOutcome(messages: messages.count)
    }
}
