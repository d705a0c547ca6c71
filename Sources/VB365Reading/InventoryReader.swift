import VB365Decoding
import VB365Model
import VB365Support

/// Reads inputs into an `Inventory`, decoding files on every core while merging them in input
/// order, so the result is the same however the work was scheduled.
public enum InventoryReader {
    /// What reading produced.
    public struct Result: Sendable {
        /// Everything read.
        public var inventory: Inventory
        /// Problems, in input order; any `.error` means the input could not be read as a whole.
        /// A file set aside (`Inventory.unreadableFiles`) has a warning instead.
        public var diagnostics: [Diagnostic]
        /// Bytes decoded.
        public var bytes: Int
        /// True when any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.level == .error } }
    }

    /// Decodes one input: the document, or the diagnostics that stopped it.
    struct Outcome: Sendable {
        var document: DecodedDocument?
        var diagnostics: [Diagnostic]
        var bytes: Int
    }

    /// Reads every input of `list`, with up to `concurrency` files decoded at once. A file inside
    /// an archive's server folder is that server's (`ArchiveLayout.server(ofFile:)`), shown under
    /// its name in `serverNames` (the configured names), else under its host.
    ///
    /// Unless `strict`, a file found in a folder that cannot be read is set aside when another
    /// file could be read: listed in `Inventory.unreadableFiles`, its error made a warning, so
    /// the report is made from the rest and says what it left out. A file or `-` named itself
    /// (`InputList.named`) is never set aside, nor is anything when no file could be read.
    ///
    /// A jobs or copy-jobs body in an `infrastructure` folder with a time in its name is a jobs
    /// snapshot: its jobs go to `Infrastructure.jobSnapshots`, never to the report's jobs; a job
    /// that sessions name and no jobs list has takes only its name and organization from the
    /// newest snapshot that lists it (`Inventory.nameUnlistedJobsFromSnapshots`).
    public static func read(
        _ list: InputList, concurrency: Int = defaultConcurrency, serverNames: [ServerAddress: String] = [:],
        strict: Bool = true
    ) async -> Result {
        var result = Result(inventory: Inventory(), diagnostics: list.problems, bytes: 0)
        let places = list.items.map { item -> (address: ServerAddress, folder: String)? in
            guard case .file(let path) = item else { return nil }
            return ArchiveLayout.server(ofFile: path)
        }
        let names = ArchiveLayout.displayNames(of: places.compactMap { $0?.address }, names: serverNames)
        var statuses: [String: FetchStatus?] = [:]
        let servers = places.map { place -> Int16 in
            guard let place, let name = names[place.address] else { return -1 }
            var server = Inventory.Server(name: name, address: place.address.description)
            if statuses[place.folder] == nil { statuses[place.folder] = FetchStatus.read(folder: place.folder) }
            if let status = statuses[place.folder] ?? nil {
                server.lastFetched = status.lastSuccess
                server.lastFetchError = status.lastError
            }
            return result.inventory.addServer(server)
        }
        for entry in list.protection.entries {
            var server: Int16 = -1
            if let place = ArchiveLayout.server(ofFile: entry.path) {
                let name =
                    names[place.address]
                    ?? ArchiveLayout.displayNames(of: [place.address], names: serverNames)[place.address]
                server = result.inventory.addServer(
                    Inventory.Server(name: name ?? place.address.host, address: place.address.description))
            }
            result.inventory.protectionSnapshots.append(
                ProtectionSnapshotReference(
                    path: entry.path, server: server, organization: entry.organization, taken: entry.taken))
        }
        // Room for every session up front (about 900 bytes each on the wire), so the tables are
        // never copied while they grow; untouched room costs address space, not memory.
        result.inventory.reserveCapacity(sessions: min(list.fileBytes / 800, 20_000_000))
        let items = list.items
        let width = max(1, concurrency)
        var unreadable: [Int] = []
        var readable = 0
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            var pending: [Int: Outcome] = [:]
            var merged = 0
            func start() {
                guard next < items.count else { return }
                let index = next
                let item = items[index]
                group.addTask { (index, decode(item)) }
                next += 1
            }
            for _ in 0..<(width * 2) { start() }
            while let (index, outcome) = await group.next() {
                pending[index] = outcome
                while let ready = pending.removeValue(forKey: merged) {
                    if ready.document == nil { unreadable.append(merged) } else { readable += 1 }
                    merge(ready, server: servers[merged], into: &result)
                    merged += 1
                    start()
                }
            }
        }
        if !strict && readable > 0 {
            let setAside = unreadable.filter { !list.named.contains(items[$0]) }
            setAsideUnreadable(setAside.map { (items[$0], places[$0]?.address.description) }, in: &result)
        }
        // A job deleted since, whose sessions are still read, is named as the newest jobs snapshot
        // (`infrastructure/<time>-<version>-jobs.json`) that lists it named it.
        result.inventory.nameUnlistedJobsFromSnapshots()
        return result
    }

    /// Sets aside files that could not be read: each one's errors become warnings that say it was
    /// left out, and it is listed in `Inventory.unreadableFiles` (with its server's address).
    static func setAsideUnreadable(_ files: [(item: InputList.Item, server: String?)], in result: inout Result) {
        var servers: [String: String?] = [:]
        for (item, server) in files {
            guard case .file(let path) = item else { continue }
            servers[path] = server
        }
        guard !servers.isEmpty else { return }
        for index in result.diagnostics.indices {
            let d = result.diagnostics[index]
            guard d.level == .error, let path = d.path, let server = servers[path] else { continue }
            result.inventory.unreadableFiles.append(
                UnreadableFile(
                    path: path, line: d.position?.line, column: d.position?.column, reason: d.message, server: server))
            result.diagnostics[index].level = .warning
            result.diagnostics[index].advice =
                "left out of the report, which is made from the other files and names this one (--strict stops instead)"
        }
    }

    /// The number of cores, at least one.
    public static var defaultConcurrency: Int { max(1, ProcessInfoShim.activeProcessorCount) }

    /// Reads bytes given directly, as if they were a file at `path`.
    public static func decode(bytes: [UInt8], path: String) -> (DecodedDocument?, [Diagnostic]) {
        let outcome = decode(InputBytes(bytes: bytes), path: path)
        return (outcome.document, outcome.diagnostics)
    }

    static func decode(_ item: InputList.Item) -> Outcome {
        let path: String
        let input: InputBytes
        do {
            switch item {
            case .file(let p):
                path = p
                input = try InputBytes(path: p)
            case .standardInput:
                path = "<stdin>"
                input = try InputBytes(standardInput: ())
            }
        } catch {
            let name: String
            if case .file(let p) = item { name = p } else { name = "<stdin>" }
            return Outcome(
                document: nil, diagnostics: [Diagnostic(path: name, level: .error, message: error.sentence)], bytes: 0)
        }
        return decode(input, path: path)
    }

    static func decode(_ input: InputBytes, path: String) -> Outcome {
        input.withBytes { decode(mapped: $0, path: path) }
    }

    static func decode(mapped bytes: UnsafeRawBufferPointer, path: String) -> Outcome {
        let hints = WireDecoder.Hints(path: path)
        do {
            let document = try WireDecoder.decode(bytes, hints: hints)
            let positions = SourcePosition.positions(of: document.warnings.map(\.offset), in: bytes)
            var diagnostics = zip(document.warnings, positions).map { warning, position in
                Diagnostic(path: path, position: position, level: .warning, message: warning.message)
            }
            if document.suppressedWarnings > 0 {
                diagnostics.append(
                    Diagnostic(
                        path: path, level: .warning,
                        message: "\(Formatting.count(document.suppressedWarnings, "more warning")) like these")
                )
            }
            return Outcome(document: document, diagnostics: diagnostics, bytes: bytes.count)
        } catch {
            let position = SourcePosition(offset: error.offset, in: bytes)
            return Outcome(
                document: nil,
                diagnostics: [Diagnostic(path: path, position: position, level: .error, message: error.message)],
                bytes: bytes.count)
        }
    }

    static func merge(_ outcome: Outcome, server: Int16, into result: inout Result) {
        result.diagnostics.append(contentsOf: outcome.diagnostics)
        result.bytes += outcome.bytes
        guard let document = outcome.document else { return }
        for session in document.sessions { result.inventory.add(session, server: server) }
        for job in document.jobs { result.inventory.add(job, server: server) }
        for organization in document.organizations { result.inventory.add(organization, server: server) }
        if !document.logItems.isEmpty { result.inventory.add(document.logItems, server: server) }
        for session in document.restoreSessions { result.inventory.addRestoreSession(session, server: server) }
        if !document.restoreEvents.isEmpty { result.inventory.addRestoreEvents(document.restoreEvents, server: server) }
        if document.hasInfrastructure {
            result.inventory.addInfrastructure(
                repositories: document.repositories, proxies: document.proxies, licenses: document.licenses,
                organizationLicensing: document.organizationLicensing, serviceInstances: document.serviceInstances,
                jobSnapshots: document.jobSnapshots, jobSnapshotHead: document.jobSnapshotHead,
                processedObjects: document.processedObjects,
                objectNames: document.objectNames,
                time: document.snapshotTime, server: server)
        }
    }
}
