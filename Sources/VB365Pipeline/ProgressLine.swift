import Foundation
import Synchronization
import VB365Fetching

/// A progress line on standard error, redrawn at most ten times a second; nothing when disabled.
final class ProgressLine: Sendable {
    private struct State {
        var last = ContinuousClock.Instant.now - .seconds(1)
        var shown = false
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: FetchProgress) {
        guard enabled else { return }
        state.withLock { state in
            let now = ContinuousClock.now
            guard now - state.last >= .milliseconds(100) || (p.logsTotal > 0 && p.logsDone == p.logsTotal) else {
                return
            }
            state.last = now
            FileHandle.standardError.write(Data("\r\u{1B}[K\(p.text)".utf8))
            state.shown = true
        }
    }

    func finish() {
        guard enabled else { return }
        state.withLock { state in
            if state.shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            state.shown = false
        }
    }
}
