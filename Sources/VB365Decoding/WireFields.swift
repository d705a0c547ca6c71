import VB365Model

/// Every member that any job-session, job, organization or log-item object may carry, read in
/// one pass before the object is classified.
struct WireFields {
    /// Bits of `Marker`: which tell-tale members the object had.
    var markers: UInt32 = 0
    var start = 0

    var id: EntityID?
    var name: String?
    var description: String?
    var creationTime: Timestamp?
    var endTime: Timestamp?
    var status: SessionStatus?
    var statistics = SessionStatistics()
    var progress: Int64?
    var details: String?
    var retryCount: Int64?
    var mainSessionID: EntityID?
    var jobWillBeRetried: Bool?
    var jobType: JobType?
    var configType: SessionConfigType?
    var eTag: Int64?
    var repositoryID: EntityID?
    var proxyID: EntityID?
    var jobID: EntityID?

    var linkJob: EntityID?
    var linkOrganization: EntityID?
    var linkSession: EntityID?

    var organizationID: EntityID?
    var lastRun: Timestamp?
    var nextRun: Timestamp?
    var lastBackup: Timestamp?
    var lastStatus: SessionStatus?
    var isEnabled: Bool?
    var backupType: String?
    var schedule: SchedulePolicy?
    var backupJobID: EntityID?

    var officeName: String?
    /// `type`: an organization's kind, or a v8 log item's severity.
    var type: String?

    var usn: Int64?
    var title: String?
    var message: String?

    /// Offset of the `results` array of a page, when the object is one.
    var resultsSeen = false

    enum Marker: UInt32 {
        case session = 1
        case log = 2
        case job = 4
        case organization = 8
        case creationTime = 16
        case message = 32
        case errorCode = 64
        /// A backup-copy job (`backupJobId`).
        case copyJob = 128
    }

    mutating func mark(_ marker: Marker) { markers |= marker.rawValue }
    func has(_ marker: Marker) -> Bool { markers & marker.rawValue != 0 }
}
