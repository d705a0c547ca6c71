import ArgumentParser
import Foundation
import VB365CommandRunner
import VB365Generation
import VB365Model
import VB365Simulator
import VB365Support

/// `vb365-sim`: a VB365 REST API server (v1 to v8) on loopback, from generated or saved data,
/// with faults on demand. For demos and for vb365-report's own tests.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vb365-sim",
        abstract: "Serve the VB365 REST API (v1 to v8) from generated or saved job sessions, for demos and tests.",
        discussion: """
            Prints one line, 'vb365-sim: listening on URL …', once it accepts connections, then serves \
            until it is stopped (Ctrl-C). Log in with the user shown and the password in \
            VB365_SIM_PASSWORD (default: vb365-demo). It listens on loopback addresses only.

            Exit status: 0 stopped; 64 bad usage; 66 --data cannot be read; 71 the address cannot be used.
            """)

    @Option(help: "The address to listen on (a loopback address).")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 picks a free one.")
    var port = 4443

    @Flag(help: "Serve HTTPS with a new self-signed certificate (or --cert and --key).")
    var tls = false

    @Option(help: "With --tls: write the self-signed certificate (PEM) here, for a client's --ca-cert.")
    var certOut: String?

    @Option(help: "With --tls: a PEM certificate to serve instead of a self-signed one.")
    var cert: String?

    @Option(help: "With --cert: its PEM private key.")
    var key: String?

    @Option(help: "API versions to serve: all, or a list and ranges such as v6-v8 or v3,v5.")
    var versions = "all"

    @Option(help: "Serve the saved JSON in these files or folders (an archive, samples/) instead of generated data.")
    var data: [String] = []

    /// The generated worlds `--world` chooses between.
    enum World: String, ExpressibleByArgument, CaseIterable {
        /// `SessionGenerator`'s jobs, shaped by --organizations, --days and the rest.
        case generated
        /// The schedule world of issue 24 (`ScheduleWorld`): a job per schedule pattern and per
        /// injected problem, 35 days up to 2026-11-01T12:00:00Z, served as it stood at --now.
        case schedules
    }

    @Option(
        help: ArgumentHelp(
            "Generated data: generated (the default, shaped by the options below) or schedules (a job per schedule pattern and per injected problem, 35 days up to 2026-11-01T12:00:00Z, as the server stood at --now; default: that end)."
        ))
    var world: World = .generated

    @Option(help: "Generated data: organizations.")
    var organizations = 2

    @Option(help: "Generated data: jobs per organization.")
    var jobsPerOrganization = 3

    @Option(help: "Generated data: days of history.")
    var days = 14

    @Option(help: "Generated data: runs of each job per day.")
    var runsPerDay = 1

    @Flag(help: "Generated data: a backup copy job of the first job (/CopyJobs, v6+), with its sessions.")
    var copyJob = false

    @Option(
        help: ArgumentHelp(
            "Generated data: users per organization, 4 to 100000, beside two shared mailboxes (the users, groups, sites, teams, backup data, licensed users, job items and restore points served from v6 on, with their gaps)."
        ))
    var usersPerOrganization = 12

    @Option(help: "Generated data: the seed.")
    var seed: UInt64 = 365

    @Option(help: "The server's clock for generated data (ISO 8601); sessions across it are running. Default: now.")
    var now: String?

    @Option(help: "The user name that may log in.")
    var username = "vb365\\admin"

    @Option(help: "Access-token lifetime in seconds.")
    var tokenLifetime = 3600

    @Option(help: "Fault: each access token stops working after this many requests (401).")
    var expireTokenAfter: Int?

    @Option(help: "Fault: the first N token requests get 429 Too Many Requests with Retry-After.")
    var throttleToken = 0

    @Option(help: "Fault: the Retry-After seconds sent with 429 and 503.")
    var retryAfter = 1

    @Option(help: "Fault: the first N data requests fail with --fail-status.")
    var fail = 0

    @Option(help: "Fault: the status of failed requests: 500, 502, 503 or 504.")
    var failStatus = 503

    @Option(help: "Fault: delay every response by this many milliseconds.")
    var delayMs = 0

    @Option(help: "Fault: the first N data responses stop half-way and the connection closes.")
    var cutBodies = 0

    @Flag(help: "Fault: session lists are cut in half: malformed JSON with a matching Content-Length.")
    var brokenJson = false

    @Flag(help: "Fault: data requests get an HTML sign-in page (text/html).")
    var wrongContentType = false

    @Flag(help: "Fault: every page's next link points back at the same page.")
    var loopNext = false

    @Flag(help: "Fault: lists answer from their start whatever offset asks for.")
    var ignoreOffset = false

    @Option(
        help: ArgumentHelp(
            "Fault: refuse a resource with a status (repeat): organizations, jobs, copyjobs (or one of them with /{id}), jobsessions, backuprepositories, proxies, license, serviceinstance, organizations/{id}/licensinginformation, jobsessions/{id}/processedobjects, organizations/{id}/users/{id} (groups, sites, teams); protection lists: organizations/{id}/users (groups, sites, teams, usedrepositories), backuprepositories/{id}/userdata (groupdata, sitedata, teamdata, mailboxdata, onedrivedata, organizationdata), licensedusers, jobs/{id}/selecteditems (excludeditems), restorepoints, protectedusers (groups, sites, teams); restores: restoresessions, restoresessions/{id}, restoresessions/{id}/events.",
            valueName: "RESOURCE=STATUS"))
    var refuse: [String] = []

    func validate() throws {
        _ = try servedVersions()
        _ = try refusals()
        if !(host == "localhost" || host == "::1" || host.hasPrefix("127.")) {
            throw ValidationError(
                "--host must be a loopback address (127.0.0.1, ::1 or localhost): the simulator's password is public.")
        }
        if ![500, 502, 503, 504].contains(failStatus) {
            throw ValidationError("--fail-status must be 500, 502, 503 or 504.")
        }
        if (cert == nil) != (key == nil) { throw ValidationError("Give --cert and --key together.") }
        if (cert != nil || certOut != nil) && !tls { throw ValidationError("--cert, --key and --cert-out need --tls.") }
        if let now, case .invalid = TimestampParser.parse(now) {
            throw ValidationError("--now '\(now)' is not a timestamp such as 2026-11-23T06:00:00Z.")
        }
        for (name, value) in [("--organizations", organizations), ("--jobs-per-organization", jobsPerOrganization)]
        where value < 1 || value > 1000 {
            throw ValidationError("\(name) must be between 1 and 1000.")
        }
        if world == .schedules, !data.isEmpty { throw ValidationError("Give --data or --world schedules, not both.") }
        if world == .schedules, let now, case .time(let t) = TimestampParser.parse(now) {
            let settings = ScheduleWorld.Settings()
            let start = settings.end.adding(seconds: -Double(settings.historyDays) * Seconds.day)
            if t < start || t > settings.end {
                throw ValidationError(
                    "--now must be within the schedule world, \(start.iso8601) to \(settings.end.iso8601).")
            }
        }
        if usersPerOrganization < 4 || usersPerOrganization > 100_000 {
            throw ValidationError("--users-per-organization must be between 4 and 100000.")
        }
        if days < 0 || days > 3650 || runsPerDay < 1 || runsPerDay > 96 {
            throw ValidationError("--days must be 0 to 3650 and --runs-per-day 1 to 96.")
        }
    }

    /// `--refuse organizations=403` as resource and status.
    func refusals() throws -> [String: Int] {
        var refusals: [String: Int] = [:]
        for text in refuse {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, Faults.refusable.contains(parts[0].lowercased()), let status = Int(parts[1]),
                (400...599).contains(status)
            else {
                throw ValidationError(
                    "--refuse '\(text)' must be RESOURCE=STATUS, a resource among \(Faults.refusable.joined(separator: ", ")) and a status from 400 to 599."
                )
            }
            refusals[parts[0].lowercased()] = status
        }
        return refusals
    }

    func servedVersions() throws -> Set<APIVersion> {
        if versions == "all" { return Set(APIVersion.allCases) }
        func one(_ text: Substring) throws -> APIVersion {
            let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard t.hasPrefix("v"), let n = Int(t.dropFirst()), let v = APIVersion(rawValue: n) else {
                throw ValidationError("--versions: '\(text)' is not an API version (v1 to v8).")
            }
            return v
        }
        var result = Set<APIVersion>()
        for part in versions.split(separator: ",") {
            let ends = part.split(separator: "-")
            if ends.count == 2 {
                let (a, b) = (try one(ends[0]), try one(ends[1]))
                guard a <= b else { throw ValidationError("--versions: '\(part)' runs backwards.") }
                for v in APIVersion.allCases where v >= a && v <= b { result.insert(v) }
            } else {
                result.insert(try one(part))
            }
        }
        if result.isEmpty { throw ValidationError("--versions names no version.") }
        return result
    }

    func run() async throws {
        var configuration = SimulatorAPI.Configuration()
        configuration.versions = try servedVersions()
        configuration.username = username
        if let password = ProcessInfo.processInfo.environment["VB365_SIM_PASSWORD"], !password.isEmpty {
            configuration.password = password
        }
        configuration.tokenLifetime = tokenLifetime
        var faults = Faults()
        faults.expireTokenAfterRequests = expireTokenAfter
        faults.throttleTokenRequests = throttleToken
        faults.retryAfterSeconds = retryAfter
        faults.failRequests = fail
        faults.failStatus = failStatus
        faults.delayMilliseconds = delayMs
        faults.cutBodies = cutBodies
        faults.brokenJSON = brokenJson
        faults.wrongContentType = wrongContentType
        faults.loopingNext = loopNext
        faults.ignoreOffset = ignoreOffset
        faults.refusals = try refusals()
        configuration.faults = faults

        let served: SimulatorData
        if world == .schedules {
            let schedules = ScheduleWorld()
            var clock = schedules.settings.end
            if let now, case .time(let t) = TimestampParser.parse(now) { clock = t }
            served = SimulatorData.scheduleWorld(schedules, at: clock)
        } else if data.isEmpty {
            var clock = Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
            if let now, case .time(let t) = TimestampParser.parse(now) { clock = t }
            var world = SimulatorData.World(now: clock)
            world.seed = seed
            world.organizations = organizations
            world.jobsPerOrganization = jobsPerOrganization
            world.days = days
            world.runsPerDay = runsPerDay
            world.copyJob = copyJob
            world.usersPerOrganization = usersPerOrganization
            served = SimulatorData.generated(world)
        } else {
            do {
                served = try SimulatorData.stored(data)
            } catch {
                throw Failure(.noInput, error.description)
            }
        }

        var identity: TLSIdentity?
        if tls {
            do {
                if let cert, let key {
                    identity = try TLSIdentity.files(certificate: cert, key: key)
                } else {
                    identity = try TLSIdentity.selfSigned()
                }
            } catch {
                throw Failure(.noInput, "the TLS identity cannot be made or read: \(error)")
            }
            if let certOut, let identity {
                do {
                    try Data(identity.certificatePEM.utf8).write(to: URL(fileURLWithPath: certOut), options: .atomic)
                } catch {
                    throw Failure(
                        .cannotCreate, path: certOut, "cannot write the certificate: \(error.localizedDescription)")
                }
            }
        }

        let api = SimulatorAPI(data: served, configuration: configuration)
        let server: SimulatorServer
        do {
            server = try await SimulatorServer.start(api: api, host: host, port: port, tls: identity)
        } catch {
            throw Failure(
                .osError, "cannot listen on \(host):\(port): \(error)",
                advice: "choose another --port (0 picks a free one)")
        }
        let shown = configuration.versions.sorted().map(\.description)
        let line =
            "vb365-sim: listening on \(server.baseURL) (API \(shown.first!)–\(shown.last!), \(Formatting.count(served.sessions.count, "session")), \(Formatting.count(served.jobs.count, "job"))); user \(username)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        await server.wait()
    }
}

/// Parses the command line and runs the chosen tool.
@main
enum Entry {
    static func main() async { await CommandRunner.main(SimulatorCommand.self) }
}
