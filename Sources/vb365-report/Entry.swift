import VB365CLI
import VB365CommandLine

/// Parses the command line and runs the chosen command; everything else lives in VB365CLI.
@main
enum Entry {
    static func main() async { await CommandRunner.main(ReportCommand.self) }
}
