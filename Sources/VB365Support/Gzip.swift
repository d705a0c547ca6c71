import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// gzip (RFC 1952) compression with zlib, for files the tool writes and reads back itself (the
/// archive's protection snapshots): a day's snapshot of 100,000 objects is a few megabytes of
/// JSON lines, and a tenth of that compressed.
package enum Gzip {
    /// Why a body could not be decompressed.
    package struct Failure: Error, Equatable, Sendable {
        /// What went wrong, in words: `not gzip data`, `truncated`, `larger than 512 MiB`, ...
        package var reason: String

        /// Creates a failure.
        package init(reason: String) { self.reason = reason }
    }

    /// `bytes` compressed as one gzip member (level 6, zlib's default).
    package static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a 32 KiB window and a gzip header and trailer rather than zlib's.
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, streamSize) == Z_OK
        else { preconditionFailure("zlib could not start deflate (out of memory)") }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        let produced = bytes.withUnsafeBufferPointer { input -> Int in
            out.withUnsafeMutableBufferPointer { output -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate with a bound-sized buffer did not finish")
                return output.count - Int(stream.avail_out)
            }
        }
        out.removeSubrange(produced...)
        return out
    }

    /// The bytes of the gzip data `bytes` (one member or several), at most `limit` of them.
    package static func decompress(_ bytes: [UInt8], limit: Int = 512 << 20) throws(Failure) -> [UInt8] {
        try bytes.withUnsafeBytes { input in
            Result { () throws(Failure) in try decompress(input, limit: limit, until: nil) }
        }.get()
    }

    /// The start of the gzip data `bytes`: decompressed `chunkSize` bytes at a time, up to the end
    /// of the chunk in which `marker` first appears (the marker may straddle two chunks), and not
    /// a byte further; all of it when the marker never appears. What follows that chunk is never
    /// decompressed, so neither its damage nor its trailer's checksum is noticed. At most `limit`
    /// bytes; an empty marker stops after the first chunk.
    package static func decompress(_ bytes: [UInt8], limit: Int = 512 << 20, until marker: [UInt8]) throws(Failure)
        -> [UInt8]
    {
        try bytes.withUnsafeBytes { input in
            Result { () throws(Failure) in try decompress(input, limit: limit, until: marker) }
        }.get()
    }

    /// `decompress(_:limit:)` of bytes in memory that is not an array (a mapped file), or, with a
    /// `marker`, `decompress(_:limit:until:)`.
    package static func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int = 512 << 20, until marker: [UInt8]?)
        throws(Failure) -> [UInt8]
    {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, streamSize) == Z_OK else {
            throw Failure(reason: "zlib could not start inflate")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        out.reserveCapacity(marker == nil ? min(limit, max(4096, bytes.count * 6)) : chunkSize)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let input = bytes.bindMemory(to: UInt8.self)
        var consumed = 0
        while true {
            var status: Int32 = Z_OK
            var produced = 0
            chunk.withUnsafeMutableBufferPointer { output in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + consumed })
                stream.avail_in = uInt(input.count - consumed)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                status = inflate(&stream, Z_NO_FLUSH)
                consumed = input.count - Int(stream.avail_in)
                produced = output.count - Int(stream.avail_out)
            }
            guard out.count + produced <= limit else { throw Failure(reason: "larger than \(limit >> 20) MiB") }
            let searchFrom = max(0, out.count - max(0, (marker?.count ?? 0) - 1))
            out.append(contentsOf: chunk[0..<produced])
            if let marker, produced > 0, contains(out, marker, from: searchFrom) { return out }
            switch status {
            case Z_STREAM_END:
                // Another member may follow (`cat a.gz b.gz`); anything else after the end is not gzip.
                guard consumed < input.count else { return out }
                guard input[consumed] == 0x1f else { throw Failure(reason: "bytes after the end of the gzip data") }
                inflateReset(&stream)
            case Z_OK:
                if consumed == input.count && produced == 0 { throw Failure(reason: "truncated") }
            case Z_BUF_ERROR:
                throw Failure(reason: "truncated")
            default:
                throw Failure(reason: consumed == 0 && !isGzip(bytes) ? "not gzip data" : "corrupt gzip data")
            }
        }
    }

    /// The bytes of output inflated at a time, and so the granularity of `decompress(_:limit:until:)`.
    package static let chunkSize = 1 << 16

    /// True when `marker` occurs in `bytes` at or after `start`: `memchr` finds each candidate
    /// first byte (a newline, for lines), so the search costs little beside inflating.
    private static func contains(_ bytes: [UInt8], _ marker: [UInt8], from start: Int) -> Bool {
        guard let first = marker.first else { return true }
        let last = bytes.count - marker.count
        guard start <= last else { return false }
        return bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            var i = start
            while i <= last {
                guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var k = 1
                while k < marker.count && b[i + k] == marker[k] { k += 1 }
                if k == marker.count { return true }
                i += 1
            }
            return false
        }
    }

    /// True when `bytes` start with gzip's magic number.
    package static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// True when `bytes` start with gzip's magic number.
    package static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    private static let streamSize = Int32(MemoryLayout<z_stream>.size)
}
