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

    /// `size` bytes of lines of filler (`line k ...`), which never hold the marker.
    static func filler(_ size: Int) -> [UInt8] {
        var out: [UInt8] = []
        var k = 0
        while out.count < size {
            out += Array("line \(k) \(k &* 2_654_435_761 % 1_000_003)\n".utf8)
            k += 1
        }
        return Array(out.prefix(size))
    }

    static let marker = Array("\n{\"object\"".utf8)

    @Test("with a marker: stops after the 64 KiB chunk it appears in, even across a chunk boundary")
    func untilMarker() throws {
        let chunk = Gzip.chunkSize
        #expect(chunk == 1 << 16)
        // In the first chunk; straddling the first boundary; ending on it; in the fourth chunk.
        for (at, chunks) in [(100, 1), (chunk - 4, 2), (chunk - Self.marker.count, 1), (3 * chunk + 5, 4)] {
            var text = Self.filler(20 * chunk)
            text.replaceSubrange(at..<(at + Self.marker.count), with: Self.marker)
            let packed = Gzip.compress(text)
            let start = try Gzip.decompress(packed, until: Self.marker)
            #expect(start.count == chunks * chunk, "marker at \(at)")
            #expect(start == Array(text.prefix(start.count)))
            // The rest is never decompressed: a file cut after it reads the same.
            let cut = Array(packed.prefix(packed.count * 3 / 4))
            #expect(try Gzip.decompress(cut, until: Self.marker) == start, "marker at \(at)")
            #expect(throws: Gzip.Failure.self) { try Gzip.decompress(cut) }
        }
    }

    @Test("with a marker that never appears: all of it, and the same failures as without")
    func markerAbsent() throws {
        let text = Self.filler(5 * Gzip.chunkSize + 123)
        let packed = Gzip.compress(text)
        #expect(try Gzip.decompress(packed, until: Self.marker) == text)
        #expect(try Gzip.decompress(Gzip.compress([]), until: Self.marker) == [])
        let two = Gzip.compress(Array("ab".utf8)) + Gzip.compress(Array("\n{\"object\":1}".utf8))
        #expect(try Gzip.decompress(two, until: Self.marker) == Array("ab\n{\"object\":1}".utf8))
        #expect(throws: Gzip.Failure.self) {
            try Gzip.decompress(Array(packed.prefix(packed.count / 2)), until: Self.marker)
        }
        #expect(throws: Gzip.Failure(reason: "larger than 0 MiB")) {
            try Gzip.decompress(packed, limit: 100, until: Self.marker)
        }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array("not gzip".utf8), until: Self.marker) }
    }
}
