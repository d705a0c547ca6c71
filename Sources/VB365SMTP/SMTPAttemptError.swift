import VB365Support

/// A failed attempt: the failure, and whether another attempt may go better (4xx, a lost connection).
struct SMTPAttemptError: Error {
    var failure: Failure
    var transient: Bool

    init(_ failure: Failure, transient: Bool) {
        self.failure = failure
        self.transient = transient
    }
}
