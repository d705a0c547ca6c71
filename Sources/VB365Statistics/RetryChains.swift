import VB365Model

/// Groups a job's sessions into retry chains: a first run and the retries of it.
///
/// A retry names its chain through `mainSessionId` (v7+). Without it (v6), a session with a
/// `retryCount` above zero continues the chain of the job's previous session when that one failed
/// or warned and VB365 did not say it would not be retried.
struct RetryChains {
    /// Chains as positions into the job's sorted sessions, each in time order.
    private(set) var chains: [[Int]] = []
    /// Each session's chain (an offset into `chains`).
    private var chainOf: [Int] = []
    /// Each session's 0-based place in its chain.
    private var placeInChain: [Int] = []
    /// The job's sessions, oldest first: positions are offsets into this list.
    private let indices: [Summarizer.RecordIndex]

    /// The chains of the job's sessions `indices` (oldest first) into `records`.
    init(indices: [Summarizer.RecordIndex], records: [SessionRecord], inventory: Inventory) {
        self.indices = indices
        var positionOfID: [Int32: Int] = [:]
        for (position, index) in indices.enumerated() { positionOfID[records[index].id] = position }
        var chainOfMainID: [Int32: Int] = [:]
        chainOf = Array(repeating: -1, count: indices.count)
        placeInChain = Array(repeating: 0, count: indices.count)
        for (position, index) in indices.enumerated() {
            let r = records[index]
            var chain = -1
            if r.mainSession >= 0 {
                if let mainPosition = positionOfID[r.mainSession], mainPosition < position {
                    chain = chainOf[mainPosition]
                } else if let existing = chainOfMainID[r.mainSession] {
                    chain = existing
                } else {
                    chain = chains.count
                    chains.append([])
                    chainOfMainID[r.mainSession] = chain
                }
            } else if r.retryCount > 0, position > 0 {
                let previous = records[indices[position - 1]]
                let troubled = inventory.status(of: previous).severity >= .warning && previous.willRetry != 0
                if troubled, previous.retryCount < r.retryCount { chain = chainOf[position - 1] }
            }
            if chain < 0 {
                chain = chains.count
                chains.append([])
            }
            chainOf[position] = chain
            placeInChain[position] = chains[chain].count
            chains[chain].append(position)
        }
    }

    /// The role of the session at `position`.
    func role(at position: Int, records: [SessionRecord], inventory: Inventory) -> RetryRole {
        let chain = chains[chainOf[position]]
        let attempt = placeInChain[position] + 1
        let record = records[indices[position]]
        let willRetry: Bool? = record.willRetry < 0 ? nil : record.willRetry == 1
        let main = attempt > 1 ? inventory.id(of: records[indices[chain[0]]]) : nil
        let mainID = record.mainSession >= 0 ? inventory.sessionIDs[record.mainSession] : main
        return RetryRole(
            attempt: attempt, attempts: chain.count,
            isFinal: attempt == chain.count && attempt > 1 && willRetry != true,
            mainSessionID: attempt > 1 ? mainID : nil, willBeRetried: willRetry)
    }
}
