import Foundation
import Testing
import VB365TestSupport

@Suite("vb365-report render --period: the monthly customer reports, end to end")
struct MonthlyReportCommandTests {
    static let now = "--now=2026-12-01T06:00:00Z"

    /// The samples' two organizations: what names each, and what no other's report may hold.
    static let tenants = [
        (
            file: "contoso-ltd-577494df-2026-11", name: "Contoso Ltd", word: "contoso",
            ids: [
                "a397e49b-9c45-494f-bfa7-1b0a2f9c7770", "1649698b-1cc9-41da-94f6-8a785a1f72f0",
                "60f8eab4-4d4f-4778-9a9f-451deb7bd001",
            ]
        ),
        (
            file: "fabrikam-gmbh-ff95b48c-2026-11", name: "Fabrikam GmbH", word: "fabrikam",
            ids: [
                "452582b1-f5c6-4421-b850-d5b8991326f1", "861af7e6-6347-44da-861c-cd29e64b0946",
                "064b1f10-78fc-419e-9ef0-a3e67ab4198f",
            ]
        ),
    ]

    @Test("one valid, self-contained report per organization and an index; none holds another's data")
    func perOrganization() throws {
        try withTemporaryFolder { root in
            let out = root.appendingPathComponent("monthly")
            let run = try Run(["render", Fixtures.samples, "--period", "2026-11", Self.now, "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == out.path + "/index.html\n")
            let written = files(under: out)
            let reports: [String] = Self.tenants.flatMap { [$0.file + ".html", $0.file + ".md"] }
            let expected: [String] = [".vb365-report"] + reports + ["index.html", "index.md"]
            #expect(written.keys.sorted() == expected)
            let validated = try Run(["validate", out.path])
            #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
            let index = String(decoding: written["index.html"] ?? Data(), as: UTF8.self)
            for tenant in Self.tenants {
                #expect(index.contains("href=\"\(tenant.file).html\""))
                for ext in ["html", "md"] {
                    let text = String(decoding: written[tenant.file + "." + ext] ?? Data(), as: UTF8.self)
                    #expect(text.contains(tenant.name), "\(tenant.file).\(ext)")
                    #expect(text.contains("Exchange Online mailboxes"))
                }
            }
            // Every file one tenant's report is made of, walked for the other tenant's name and ids.
            for (tenant, other) in [(Self.tenants[0], Self.tenants[1]), (Self.tenants[1], Self.tenants[0])] {
                for (path, bytes) in written where path.hasPrefix(tenant.file) {
                    let text = String(decoding: bytes, as: UTF8.self).lowercased()
                    #expect(!text.contains(other.word), "\(path) names \(other.name)")
                    for id in other.ids { #expect(!text.contains(id), "\(path) holds \(id)") }
                }
            }
            let html = String(decoding: written[Self.tenants[0].file + ".html"] ?? Data(), as: UTF8.self)
            #expect(html.contains("@media print"))
            #expect(html.contains("@page { size: A4;"))
            #expect(html.contains("page-break-inside: avoid"))
            #expect(!html.contains("<link") && !html.contains("<script") && !html.contains("<img"))
        }
    }

    @Test(
        "a bad --period is refused (64), naming the option and an example",
        arguments: ["2026-13", "2026-1", "26-11", "november", "2026-11-01"])
    func badPeriod(_ value: String) throws {
        try withTemporaryFolder { root in
            let out = root.appendingPathComponent("monthly").path
            let run = try Run(["render", Fixtures.samples, "--period", value, Self.now, "--out", out])
            #expect(run.status == 64)
            #expect(run.stderr.contains("'\(value)' is invalid for '--period <yyyy-mm>'"), "\(run.stderr)")
            #expect(run.stderr.contains("such as 2026-11"))
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test("--period with --since or --until, and a month not yet begun, are usage errors (64)")
    func usage() throws {
        try withTemporaryFolder { root in
            let out = root.appendingPathComponent("monthly").path
            for window in [["--since", "7d"], ["--until", "2026-11-20T00:00:00Z"]] {
                let run = try Run(["render", Fixtures.samples, "--period", "2026-11", Self.now, "--out", out] + window)
                #expect(run.status == 64)
                #expect(run.stderr.contains("--period names the window itself"), "\(run.stderr)")
            }
            let early = try Run([
                "render", Fixtures.samples, "--period", "2026-12", "--now=2026-11-23T06:00:00Z", "--out", out,
            ])
            #expect(early.status == 64)
            #expect(early.stderr.contains("--period 2026-12 has not begun"), "\(early.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
