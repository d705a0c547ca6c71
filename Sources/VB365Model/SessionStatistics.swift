/// The statistics VB365 reports for a session. Every value is optional: `nil` means the input
/// did not give it (or gave something unusable, which the reader reported).
public struct SessionStatistics: Hashable, Sendable {
    /// Average processing rate, bytes per second.
    public var processingRateBytesPerSecond: Int64?
    /// Average processing rate, items per second.
    public var processingRateItemsPerSecond: Int64?
    /// Average read rate from Microsoft 365, bytes per second.
    public var readRateBytesPerSecond: Int64?
    /// Average write rate to the repository, bytes per second.
    public var writeRateBytesPerSecond: Int64?
    /// Data transferred, bytes (a total).
    public var transferredBytes: Int64?
    /// Objects processed.
    public var processedObjects: Int64?
    /// Where the session spent its time.
    public var bottleneck: Bottleneck?

    /// Creates statistics; every value defaults to unknown.
    public init(
        processingRateBytesPerSecond: Int64? = nil, processingRateItemsPerSecond: Int64? = nil,
        readRateBytesPerSecond: Int64? = nil, writeRateBytesPerSecond: Int64? = nil,
        transferredBytes: Int64? = nil, processedObjects: Int64? = nil, bottleneck: Bottleneck? = nil
    ) {
        self.processingRateBytesPerSecond = processingRateBytesPerSecond
        self.processingRateItemsPerSecond = processingRateItemsPerSecond
        self.readRateBytesPerSecond = readRateBytesPerSecond
        self.writeRateBytesPerSecond = writeRateBytesPerSecond
        self.transferredBytes = transferredBytes
        self.processedObjects = processedObjects
        self.bottleneck = bottleneck
    }

    /// True when the input gave no statistic at all.
    public var isEmpty: Bool { self == SessionStatistics() }
}
