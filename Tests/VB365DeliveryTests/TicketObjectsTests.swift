import Foundation
import Testing
import VB365Delivery
import VB365Model
import VB365Rendering
import VB365Statistics
import VB365TestSupport
import XHTMLValidation

@Suite("processed objects in tickets")
struct TicketObjectsTests {
    @Test("a ticket lists the objects that failed or warned; redacted, their names are masked")
    func objects() async throws {
        let input = await Fixtures.reportInput([Fixtures.samples])
        let all = input.summary.history + input.summary.sessions
        // A session of the samples that did not succeed, with named failed or warned objects.
        let (facts, named) = try #require(
            all.lazy.compactMap { f -> (SessionFacts, [ProcessedObject])? in
                let named = (input.processedObjects[f.id] ?? []).filter {
                    ($0.status == .failed || $0.status == .warning) && $0.name != nil
                }
                return f.status != .success && !named.isEmpty ? (f, named) : nil
            }.first)
        for redact in [false, true] {
            let files = try TicketComposer.compose(
                [facts], input: input, templates: TemplateSet(), validator: XHTMLValidator(), redact: redact)
            let markdown = try #require(files.first { $0.path.hasSuffix(".md") })
            let text = String(decoding: markdown.bytes, as: UTF8.self)
            #expect(text.contains("**Users, groups, sites and teams that failed or warned**"))
            for object in named {
                let row = "| \(try #require(object.type)) | \(try #require(object.name)) |"
                #expect(text.contains(row) == !redact, "\(row)")
            }
            #expect(text.contains(" | object-1 |") == redact)
        }
    }
}
