import VB365CommandRunner
import VB365Commands

/// Parses the command line and runs the chosen command; everything else lives in VB365Commands.
@main
enum Entry {
    static func main() async { await CommandRunner.main(ReportCommand.self) }
}
