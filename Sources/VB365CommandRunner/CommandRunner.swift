import ArgumentParser
import VB365Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one entry point of every executable: parses the command line, runs the chosen command,
/// and ends the process with the right status. A `ReportableError` is printed through
/// `DiagnosticPrinter` and exits with its own status; anything else (bad usage, `--help`) is
/// left to ArgumentParser, which exits 64 for usage errors and 0 for help (a command that is
/// `OwnUsageStatus` exits with its own status instead). A first word that
/// names no subcommand is a usage error that suggests the command meant, and so is an unknown
/// long option close to one the command has.
package enum CommandRunner {
    /// Runs `root` with the process's arguments; never returns.
    package static func main<Root: ParsableCommand>(_ root: Root.Type) async -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if let mistyped = SubcommandSuggestion.error(for: arguments, root: root) { throw mistyped }
            var command = try root.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(ExitStatus.success.rawValue)
        } catch let error as ReportableError {
            DiagnosticPrinter.print(error.diagnostics)
            exit(error.exitStatus.rawValue)
        } catch {
            // A mistyped option is named with the one meant, as a mistyped command is.
            var error = error
            var command: ParsableCommand.Type = root
            if root.exitCode(for: error) == .validationFailure,
                let mistyped = OptionSuggestion.error(for: arguments, root: root)
            {
                (command, error) = (mistyped.command, mistyped.error)
            }
            // A monitoring plugin's bad usage is UNKNOWN (3), said on standard output.
            if root.exitCode(for: error) != .success, let name = arguments.first,
                let own = root.configuration.subcommands.first(where: { $0.configuration.commandName == name })
                    as? any OwnUsageStatus.Type
            {
                print(own.usageLine(root.message(for: error)))
                DiagnosticPrinter.printLine(root.fullMessage(for: error), level: .error)
                exit(own.usageStatus.rawValue)
            }
            command.exit(withError: error)
        }
    }
}
