import CZlib

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
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, streamSize) == Z_OK else {
            throw Failure(reason: "zlib could not start inflate")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, max(4096, bytes.count * 6)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        while true {
            var status: Int32 = Z_OK
            var produced = 0
            bytes.withUnsafeBufferPointer { input in
                chunk.withUnsafeMutableBufferPointer { output in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + consumed })
                    stream.avail_in = uInt(input.count - consumed)
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    consumed = input.count - Int(stream.avail_in)
                    produced = output.count - Int(stream.avail_out)
                }
            }
            guard out.count + produced <= limit else { throw Failure(reason: "larger than \(limit >> 20) MiB") }
            out.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                // Another member may follow (`cat a.gz b.gz`); anything else after the end is not gzip.
                guard consumed < bytes.count else { return out }
                guard bytes[consumed] == 0x1f else { throw Failure(reason: "bytes after the end of the gzip data") }
                inflateReset(&stream)
            case Z_OK:
                if consumed == bytes.count && produced == 0 { throw Failure(reason: "truncated") }
            case Z_BUF_ERROR:
                throw Failure(reason: "truncated")
            default:
                throw Failure(reason: consumed == 0 && !isGzip(bytes) ? "not gzip data" : "corrupt gzip data")
            }
        }
    }

    /// True when `bytes` start with gzip's magic number.
    package static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    private static let streamSize = Int32(MemoryLayout<z_stream>.size)
}
