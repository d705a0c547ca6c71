#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes on their way to a file descriptor through a bounded buffer, or collected in memory: large
/// outputs (the summary of a million sessions) are written as they are produced, so memory does not
/// grow with them. The first failed write is kept and ends the writing; `finish()` reports it.
public struct BufferedOutput: Sendable {
    /// Where the bytes go.
    enum Destination: Sendable, Equatable {
        case descriptor(Int32)
        case memory
    }

    let destination: Destination
    let capacity: Int
    /// What the user calls the destination ("standard output"), for the diagnostic of a failure.
    public let name: String
    /// The bytes not yet written (for memory, all of them).
    public private(set) var bytes: [UInt8]
    /// The first write that failed: nothing is written after it.
    public private(set) var failure: WriteFailure?

    /// Writes to `descriptor` in pieces of at most `capacity` bytes (the descriptor is not closed).
    public init(descriptor: Int32, name: String, capacity: Int = 64 * 1024) {
        self.destination = .descriptor(descriptor)
        self.capacity = max(1, capacity)
        self.name = name
        self.bytes = []
        bytes.reserveCapacity(self.capacity)
    }

    /// Collects everything in memory (for tests and small outputs); `text` reads it back.
    public init() {
        self.destination = .memory
        self.capacity = Int.max
        self.name = "memory"
        self.bytes = []
    }

    /// Standard output, through a 64 KiB buffer.
    public static func standardOutput() -> BufferedOutput {
        BufferedOutput(descriptor: STDOUT_FILENO, name: "standard output")
    }

    /// Whether the destination is a terminal (a person reads it, so pretty beats compact).
    public var isTerminal: Bool {
        guard case .descriptor(let fd) = destination else { return false }
        return isatty(fd) == 1
    }

    /// Whether a write failed, so a producer can stop early.
    public var failed: Bool { failure != nil }

    /// What was collected in memory, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends `text`'s UTF-8.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends one byte.
    public mutating func append(byte: UInt8) {
        if bytes.count >= capacity { flush() }
        bytes.append(byte)
    }

    /// Appends bytes (package access: the buffer is only borrowed, for the writers of this package).
    package mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        if bytes.count + raw.count > capacity {
            flush()
            if raw.count > capacity {
                send(raw)
                return
            }
        }
        bytes.append(contentsOf: raw)
    }

    /// Writes what the buffer holds (nothing for memory).
    public mutating func flush() {
        guard !bytes.isEmpty, case .descriptor(let fd) = destination else { return }
        let code = failure == nil ? bytes.withUnsafeBufferPointer { Self.send($0, to: fd) } : nil
        bytes.removeAll(keepingCapacity: true)
        if let code { failure = WriteFailure(path: name, code: code) }
    }

    /// Writes what is left, and throws the first write that failed.
    public mutating func finish() throws(WriteFailure) {
        flush()
        if let failure { throw failure }
    }

    private mutating func send(_ raw: UnsafeBufferPointer<UInt8>) {
        guard case .descriptor(let fd) = destination, failure == nil else { return }
        if let code = Self.send(raw, to: fd) { failure = WriteFailure(path: name, code: code) }
    }

    /// Writes all of `raw`; the error number of a failed write, or nil.
    private static func send(_ raw: UnsafeBufferPointer<UInt8>, to fd: Int32) -> Int32? {
        guard var next = raw.baseAddress else { return nil }
        var left = raw.count
        while left > 0 {
            let written = write(fd, next, left)
            if written >= 0 {
                left -= written
                next += written
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN:
                // A non-blocking descriptor (inherited): wait until it takes more, rather than spin.
                var wait = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&wait, 1, -1)
            default: return errno
            }
        }
        return nil
    }
}

extension BufferedOutput {
    /// Appends `text`, as `String`'s `+=` does, so text is written the way it is built.
    public static func += (output: inout BufferedOutput, text: String) { output.append(text) }
}
