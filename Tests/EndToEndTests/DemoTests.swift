import Foundation
import Testing
import VB365TestSupport

/// The samples end on the night of 2026-11-22; the demo, the README and the screenshots judge them
/// the morning after (`Fixtures.reportTime`), never at today's clock, where every job is missed.
@Suite("script/demo and the README show the samples as of their morning")
struct DemoTests {
    static let morning = "2026-11-23T06:00:00Z"

    static func text(_ path: String) throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// The lines of `script` that run a vb365-report command, with continued lines joined.
    static func reportCommands(_ script: String) throws -> [String] {
        let command = try Regex(#"(^|[\s"])[^\s"]*vb365-report"? (summary|render|email|site|ticket|report|run) "#)
        return script.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") && $0.contains(command) }
    }

    @Test("every vb365-report command of script/demo gets --now of the samples' morning")
    func demoJudgesAtTheSamplesMorning() throws {
        let script = try Self.text("script/demo")
        #expect(script.contains("\nnow=\(Self.morning)\n"))
        // summary, render, email, site (twice), ticket, and the configured run against vb365-sim.
        let commands = try Self.reportCommands(script)
        #expect(commands.count == 7, "\(commands)")
        for command in commands {
            #expect(command.contains(#"--now "$now""#), "script/demo runs without --now: \(command)")
        }
    }

    @Test("the examples of the README and of docs/commands.md on the samples name that morning")
    func readmeExamplesNameTheMorning() throws {
        let examples = try (Self.text("README.md") + Self.text("docs/commands.md")).split(separator: "\n").filter {
            $0.hasPrefix("$ vb365-report ") && $0.contains(" samples ")
        }
        #expect(examples.count >= 2)
        for example in examples {
            #expect(example.contains("--now \(Self.morning)"), "\(example)")
        }
    }

    @Test("the summary example of docs/commands.md is what summary prints for the samples at that morning")
    func readmeSummaryExample() throws {
        let readme = try Self.text("docs/commands.md")
        let prompt = "$ vb365-report summary samples --now \(Self.morning)\n"
        let start = try #require(readme.range(of: prompt), "the README's summary example")
        let end = try #require(readme[start.upperBound...].range(of: "```"))
        let example = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().filter { $0.trimmingCharacters(in: .whitespaces) != "..." }
        let run = try Run(["summary", Fixtures.samples, "--now", Self.morning])
        #expect(run.status == 0, "\(run.stderr)")
        // Every line of the example, in order ("..." stands for lines left out).
        var printed = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)[...]
        for line in example {
            guard let index = printed.firstIndex(of: line) else {
                Issue.record("the README's summary example shows a line summary does not print: \(line)")
                return
            }
            printed = printed[(index + 1)...]
        }
    }
}
