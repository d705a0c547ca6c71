import Testing
import VB365Support

@Suite("gzip with zlib")
struct GzipTests {
    @Test("compresses and decompresses, empty and large, several members")
    func roundTrip() throws {
        for text in ["", "a", String(repeating: "{\"object\":\"user\",\"id\":\"x\"}\n", count: 50_000)] {
            let bytes = Array(text.utf8)
            let packed = Gzip.compress(bytes)
            #expect(Gzip.isGzip(packed))
            #expect(try Gzip.decompress(packed) == bytes)
        }
        let two = Gzip.compress(Array("ab".utf8)) + Gzip.compress(Array("cd".utf8))
        #expect(try Gzip.decompress(two) == Array("abcd".utf8))
        let big = Array(String(repeating: "0123456789", count: 100_000).utf8)
        #expect(Gzip.compress(big).count < big.count / 50)
    }

    @Test("truncated, corrupt, not gzip, or too large: a reason, never a crash")
    func failures() {
        let packed = Gzip.compress(Array(String(repeating: "x", count: 10_000).utf8))
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(packed.prefix(packed.count / 2))) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array("not gzip".utf8)) }
        var corrupt = packed
        corrupt[12] ^= 0xFF
        corrupt[13] ^= 0xFF
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(corrupt) }
        #expect(throws: Gzip.Failure(reason: "larger than 0 MiB")) { try Gzip.decompress(packed, limit: 100) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(packed + [0x00]) }
    }
}
