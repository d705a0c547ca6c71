import Foundation
import Testing
import VB365Pipeline
import VB365Support
import VB365TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `summary` writes to a file descriptor as it goes; a write that fails is a failure with 74.
@Suite("The pipeline's summary to a file descriptor that cannot be written")
struct SummaryOutputFailureTests {
    static func failure(format: Pipeline.SummaryFormat, to fd: Int32, name: String) async throws -> Failure? {
        var output = BufferedOutput(descriptor: fd, name: name, capacity: 64)
        do {
            _ = try await PipelineTests.pipeline().summary(format: format, layout: .pretty, failOn: nil, to: &output)
            return nil
        } catch let failure as Failure {
            return failure
        }
    }

    @Test(
        "a closed pipe with SIGPIPE ignored: 74 and broken pipe, for each format",
        arguments: Pipeline.SummaryFormat.allCases)
    func closedPipe(format: Pipeline.SummaryFormat) async throws {
        signal(SIGPIPE, SIG_IGN)
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        let failure = try #require(try await Self.failure(format: format, to: ends[1], name: "standard output"))
        #expect(failure.exitStatus == .ioError)
        #expect(failure.description.contains("standard output was closed before the output was complete (broken pipe)"))
    }

    @Test("a full disk (/dev/full): 74 and no space left")
    func fullDisk() async throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let failure = try #require(try await Self.failure(format: .json, to: fd, name: "standard output"))
        #expect(failure.exitStatus == .ioError)
        #expect(failure.description.contains("no space left on the device holding standard output"))
    }
}
