import Foundation
import Testing
import VB365Decoding
import VB365Model
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365Text

/// Paths and helpers shared by the test targets.
package enum Fixtures {
    /// The package's root folder.
    package static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The bundled samples folder.
    package static var samples: String { packageRoot.appendingPathComponent("samples").path }

    /// `../shared/vb365-openapi` beside the checkout, if present.
    package static var openAPIFolder: String? {
        let path = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vb365-openapi").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Decodes JSON text as if it were a file at `path`.
    package static func decode(_ json: String, path: String = "test.json") throws -> DecodedDocument {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { try WireDecoder.decode($0, hints: WireDecoder.Hints(path: path)) }
    }

    /// The error decoding `json` gives, with its line and column.
    package static func decodingError(_ json: String) -> (SourcePosition, String)? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBytes { buffer -> (SourcePosition, String)? in
            do {
                _ = try WireDecoder.decode(buffer)
                return nil
            } catch let error as JSONError {
                return (SourcePosition(offset: error.offset, in: buffer), error.message)
            } catch {
                return (SourcePosition(line: 0, column: 0), "\(error)")
            }
        }
    }

    /// A fresh temporary folder, which the caller removes; `withTemporaryFolder` makes one and removes it.
    package static func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vb365-tests-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes files (relative path → text) below `folder`.
    package static func write(_ files: [String: String], to folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// The time the samples' reports are judged at: the morning after their last night.
    package static let reportTime = Timestamp(year: 2026, month: 11, day: 23, hour: 6)

    /// What a report of `inputs` is rendered from, as `render` makes it: judged at `reportTime`,
    /// every session described, times in `zone`.
    package static func reportInput(_ inputs: [String], zone: String = "Europe/Berlin") async -> ReportInput {
        let result = await read(inputs)
        var options = SummaryOptions(now: reportTime)
        options.includeHistory = true
        return ReportInput(
            summary: Summarizer.summarize(result.inventory, options: options), logItems: result.inventory.logItems,
            processedObjects: result.inventory.infrastructure.namedProcessedObjects, time: LocalTime(identifier: zone)!,
            toolVersion: "test")
    }

    /// Reads inputs into an inventory.
    package static func read(_ inputs: [String], concurrency: Int = 2) async -> InventoryReader.Result {
        await InventoryReader.read(InputList(inputs), concurrency: concurrency)
    }

    /// Compares `actual` with the golden file `name` beside the calling test; with
    /// `VB365_RECORD=1` in the environment the golden file is rewritten instead, so the diff shows
    /// the change.
    package static func golden(_ actual: String, _ name: String, file: String = #filePath) -> String? {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["VB365_RECORD"] == "1" {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            // A recording is never a pass: the run fails, so it cannot be mistaken for one.
            Issue.record("VB365_RECORD=1 rewrote Golden/\(name); review the diff, then run the tests without it")
            return actual
        }
        return try? String(contentsOf: url, encoding: .utf8)
    }
}

/// What a program printed and how it ended.
package struct ProgramRun: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    /// Runs `executable` with `arguments`, feeding it `stdin`, with `environment` added to this
    /// process's; waits for it to end.
    package init(
        _ executable: URL, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]
    ) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }

    /// A built executable of this package: the test bundle sits beside the products.
    package static func product(_ name: String) -> URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/\(name)")
    }
}

/// Runs the program at `path` and returns its exit status, standard output and standard error.
package func runProgram(_ path: String, _ arguments: [String], stdin: String? = nil) throws -> (Int32, String, String) {
    let run = try ProgramRun(URL(fileURLWithPath: path), arguments, stdin: stdin)
    return (run.status, run.stdout, run.stderr)
}
