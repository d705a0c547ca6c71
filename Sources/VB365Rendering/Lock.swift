import Foundation

/// A plain lock (Foundation's, named so the code says what it needs).
final class NSLockShim: @unchecked Sendable {
    private let inner = NSLock()
    func lock() { inner.lock() }
    func unlock() { inner.unlock() }
}
