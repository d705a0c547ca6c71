/// When the infrastructure needs attention: free space, days to full and licence expiry. A value
/// past a warning limit is a warning, past a failure limit a failure, like any other signal.
public struct InfrastructureThresholds: Hashable, Sendable {
    /// A repository with less free space than this percentage is a warning (15).
    public var freeWarningPercent: Double = 15
    /// A repository with less free space than this percentage is a failure (5).
    public var freeFailurePercent: Double = 5
    /// A repository forecast to be full within this many days is a warning (30).
    public var fullWarningDays: Double = 30
    /// A repository forecast to be full within this many days is a failure (7).
    public var fullFailureDays: Double = 7
    /// A licence that expires within this many days is a warning (30); an expired one is a failure.
    public var licenseWarningDays: Double = 30
    /// A licence that expires within this many days is a failure (7): a week is the least an
    /// order and its key take, so the warning has had three weeks to be acted on.
    public var licenseFailureDays: Double = 7
    /// The growth of a repository is fitted over the snapshots of this many days before the newest (28).
    public var trendDays: Double = 28

    /// The defaults.
    public init() {}
}
