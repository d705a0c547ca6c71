import ArgumentParser
import VB365CLI

/// Parses the command line and runs the chosen command; everything else lives in VB365CLI.
@main
enum Entry {
    static func main() async {
        do {
            var command = try ReportCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ReportCommand.exit(withError: error)
        }
    }
}
