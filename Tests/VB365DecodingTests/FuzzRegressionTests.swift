import Testing
import VB365Decoding

/// Inputs that fail a check of the fuzz target (Tests/Fuzz/FuzzDecoder.swift, run by
/// `script/fuzz`), kept so the bugs stay fixed. Each input is embedded here, with what it must give.
@Suite("Fuzz regressions: the inputs the fuzz target's checks stopped on read as they should")
struct FuzzRegressionTests {
    /// A page body and the paging facts it holds.
    struct Page: Sendable, CustomTestStringConvertible {
        var json: String
        var offset: Int?
        var limit: Int?
        var next: String?
        var testDescription: String { json }
    }

    /// `PageInfo` read `offset` and `limit` with `try? readNumber()`: a number that is not an
    /// integer was consumed, then skipped a second time, which failed and silently ended the page,
    /// so the members after it (`limit`, `_links.next`) were lost. The first input is the smallest
    /// that the fuzz target's PageInfo check stops on; the others are the same bug on page bodies a
    /// server could send.
    @Test(
        "offset or limit that is not an integer is left unknown, and the members after it are still read",
        arguments: [
            Page(json: #"{"offset":1.5,"limit":3}"#, offset: nil, limit: 3, next: nil),
            Page(
                json: #"{"offset":0,"limit":30.0,"results":[],"_links":{"next":{"href":"/v6/Jobs?offset=30"}}}"#,
                offset: 0, limit: nil, next: "/v6/Jobs?offset=30"),
            Page(
                json: #"{"offset":18446744073709551616,"limit":30,"_links":{"next":{"href":"/v6/Jobs?offset=60"}}}"#,
                offset: nil, limit: 30, next: "/v6/Jobs?offset=60"),
            Page(
                json: #"{"limit":1e2,"offset":"5","_links":{"next":{"href":"/v8/Jobs?offset=5"}},"offset":7}"#,
                offset: 7, limit: nil, next: "/v8/Jobs?offset=5"),
            Page(json: #"{"offset":-2.5e-3,"limit":null,"offset":-4}"#, offset: -4, limit: nil, next: nil),
        ])
    func pageNumbers(_ page: Page) {
        let info = PageInfo(Array(page.json.utf8))
        #expect(info.isPage)
        #expect(info.offset == page.offset)
        #expect(info.limit == page.limit)
        #expect(info.next == page.next)
    }
}
