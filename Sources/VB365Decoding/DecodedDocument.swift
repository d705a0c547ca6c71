import VB365Model

/// What one JSON document held: any mix of sessions, jobs, organizations and log items; or
/// infrastructure, processed objects, restore sessions or restore session events.
public struct DecodedDocument: Sendable {
    public var sessions: [JobSession] = []
    public var jobs: [Job] = []
    /// Jobs of a jobs snapshot (`infrastructure/<time>-<version>-jobs.json` or `-copyjobs.json`):
    /// the jobs' settings at `snapshotTime`, kept apart from `jobs` so that an old snapshot never
    /// brings back a job deleted since.
    public var jobSnapshots: [Job] = []
    /// True when the document is the first page of a jobs snapshot's `/Jobs` (`…-jobs.json`): the
    /// snapshot is whole, empty or not.
    public var jobSnapshotHead = false
    public var organizations: [Organization] = []
    public var logItems: [LogItem] = []
    /// Infrastructure snapshots: what `/BackupRepositories`, `/Proxies`, `/License`,
    /// `/Organizations/{id}/LicensingInformation` and `/ServiceInstance` returned.
    public var repositories: [Repository] = []
    public var proxies: [BackupProxy] = []
    public var licenses: [License] = []
    public var organizationLicensing: [OrganizationLicensing] = []
    public var serviceInstances: [ServiceInstance] = []
    /// What `/JobSessions/{id}/ProcessedObjects` returned.
    public var processedObjects: [ProcessedObject] = []
    /// Names of the objects processed objects link to (users, groups, sites, teams).
    public var objectNames: [ObjectName] = []
    /// What `/RestoreSessions` (v6+) returned.
    public var restoreSessions: [RestoreSession] = []
    /// What `/RestoreSessions/{id}/Events` returned, each with the session it belongs to.
    public var restoreEvents: [RestoreEvent] = []
    /// Problems that did not stop the reading: the value concerned is left unknown.
    public var warnings: [DecodingWarning] = []
    /// Warnings beyond the first `WireDecoder.maximumWarnings`, counted but not kept.
    public var suppressedWarnings = 0
    /// When the snapshot was taken, from the file's name (infrastructure documents and jobs
    /// snapshots only).
    public var snapshotTime: Timestamp?
    /// True when the document was a page or an array (a list response), false for one object.
    public var isList = false

    /// Creates an empty document.
    public init() {}

    /// True when nothing usable was found.
    public var isEmpty: Bool {
        sessions.isEmpty && jobs.isEmpty && organizations.isEmpty && logItems.isEmpty && !hasInfrastructure
            && restoreSessions.isEmpty && restoreEvents.isEmpty
    }

    /// True when the document held infrastructure, a jobs snapshot or processed objects.
    public var hasInfrastructure: Bool {
        !repositories.isEmpty || !proxies.isEmpty || !licenses.isEmpty || !organizationLicensing.isEmpty
            || !serviceInstances.isEmpty || !processedObjects.isEmpty || !objectNames.isEmpty || !jobSnapshots.isEmpty
            || jobSnapshotHead
    }
}

extension DecodedDocument {
    /// Keeps a warning, up to `WireDecoder.maximumWarnings`; the rest are only counted.
    mutating func warn(_ message: String, at offset: Int) {
        if warnings.count < WireDecoder.maximumWarnings {
            warnings.append(DecodingWarning(offset: offset, message: message))
        } else {
            suppressedWarnings += 1
        }
    }
}

/// A problem in a value, at a byte offset of the document.
public struct DecodingWarning: Equatable, Sendable {
    public var offset: Int
    public var message: String

    /// Creates a warning.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
