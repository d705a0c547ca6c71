/// How `check` judges one organization's protection (the objects its snapshot judged; see
/// `TenantProtection`): WARNING from `warningObjects` objects in no job or never backed up, and
/// from `warningBreached` objects not backed up within the RPO; CRITICAL only when a critical
/// limit is set; an exceeded licence and a coverage that cannot be known at their levels. A count
/// below its limit is still said, at OK.
package struct ProtectionCheckThresholds: Sendable, Equatable {
    /// WARNING from this many objects unprotected (in no job) or never backed up (in a job); nil:
    /// never. 1 by default: any such object is a gap.
    package var warningObjects: Int? = 1
    /// CRITICAL from this many of those objects; nil (the default): never.
    package var criticalObjects: Int?
    /// WARNING from this many objects whose backup is older than the RPO; nil: never. 1 by default.
    package var warningBreached: Int? = 1
    /// CRITICAL from this many breached objects; nil (the default): never.
    package var criticalBreached: Int?
    /// The level when users are over the licence (`Exceeded`: queued, not backed up). WARNING by
    /// default.
    package var licenseExceeded: CheckState = .warning
    /// The level when the server did not give a list completely, so that objects may be missing
    /// and no share can be said. WARNING by default: not knowing is not OK, but it is no reason to
    /// hide a CRITICAL job behind UNKNOWN.
    package var coverageUnknown: CheckState = .warning

    /// The defaults.
    package init() {}

    /// The level of `count` objects against `warning` and `critical` ("at or above"; a limit
    /// below 1 counts as 1): OK below both, and for none.
    static func level(_ count: Int, warning: Int?, critical: Int?) -> CheckState {
        guard count > 0 else { return .ok }
        if let critical, count >= max(1, critical) { return .critical }
        if let warning, count >= max(1, warning) { return .warning }
        return .ok
    }

    /// A limit as a performance threshold: Monitoring Plugins' `N` alerts above N, so "at or
    /// above `limit`" is `limit - 1`; empty for none.
    static func performanceThreshold(_ limit: Int?) -> String { limit.map { String(max(1, $0) - 1) } ?? "" }
}
