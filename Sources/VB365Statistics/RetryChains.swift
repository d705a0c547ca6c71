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

    /// The place of the session at `position` in its chain.
    func place(at position: Int) -> RetryPlace {
        let chain = chains[chainOf[position]]
        return RetryPlace(
            attempt: Int32(placeInChain[position] + 1), attempts: Int32(chain.count), first: indices[chain[0]])
    }
}
