import VB365Statistics

extension PartialSum {
    /// `4.1 GB`, `≥ 4.1 GB (2 sessions unknown)`, or `unknown`, with `unit` formatting the known
    /// part: a total over partly unknown values says so, in every format.
    package func phrase(_ unit: (Int64) -> String) -> String {
        guard let value else { return "unknown" }
        guard isLowerBound else { return unit(value) }
        guard unknownSessions > 0 else { return "≥ \(unit(value))" }
        return "≥ \(unit(value)) (\(unknownSessions) session\(unknownSessions == 1 ? "" : "s") unknown)"
    }

    /// `4.1 GB`, `≥ 4.1 GB`, or `unknown`: the phrase without its count, for a narrow cell.
    package func cell(_ unit: (Int64) -> String) -> String {
        guard let value else { return "unknown" }
        return (isLowerBound ? "≥ " : "") + unit(value)
    }
}
