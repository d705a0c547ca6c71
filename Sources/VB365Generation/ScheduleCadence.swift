import VB365Model
import VB365Support

/// When a job of the `ScheduleWorld` is due: at a Berlin wall-clock time on some days, every
/// so many seconds from UTC midnight, or only when someone starts it.
enum ScheduleCadence: Sendable, Hashable {
    /// At `secondOfDay` Berlin time, every day or Monday to Friday only.
    case daily(secondOfDay: Double, workdaysOnly: Bool)
    /// Every `seconds`, from UTC midnight.
    case periodic(seconds: Double)
    /// Never by itself.
    case manual

    /// The first scheduled start strictly after `t`; nil for a manual job.
    func slot(after t: Timestamp) -> Timestamp? {
        switch self {
        case .manual: return nil
        case .periodic(let seconds):
            let steps = (t.secondsSince1970 / seconds).rounded(.down) + 1
            return Timestamp(ticks: 0).adding(seconds: steps * seconds)
        case .daily(let secondOfDay, let workdaysOnly):
            let today = BerlinTime.day(of: t)
            for day in (today - 1)...(today + 8) {
                let weekday = BerlinTime.weekday(day: day)
                if workdaysOnly && (weekday == 0 || weekday == 6) { continue }
                let start = BerlinTime.instant(day: day, secondOfDay: secondOfDay)
                if start > t { return start }
            }
            return nil
        }
    }

    /// Every scheduled start in `[from, to)`, oldest first.
    func slots(from: Timestamp, to: Timestamp) -> [Timestamp] {
        var out: [Timestamp] = []
        var next = slot(after: from.adding(seconds: -0.001))
        while let s = next, s < to {
            out.append(s)
            next = slot(after: s)
        }
        return out
    }

    /// The schedule policy the jobs list shows for this cadence.
    func policy(retryEnabled: Bool, retryNumber: Int = 3, retryWaitMinutes: Int = 10) -> SchedulePolicy {
        var p = SchedulePolicy()
        switch self {
        case .manual:
            p.type = "ManualOnly"
        case .periodic(let seconds):
            p.type = "Periodically"
            p.periodicallyEvery = seconds >= 3600 ? "Hours\(Int(seconds / 3600))" : "Minutes\(Int(seconds / 60))"
        case .daily(let secondOfDay, let workdaysOnly):
            p.type = "Daily"
            p.dailyType = workdaysOnly ? "Workdays" : "Everyday"
            let s = Int(secondOfDay)
            p.dailyTime = "\(Formatting.pad(s / 3600)):\(Formatting.pad(s / 60 % 60)):00"
        }
        p.retryEnabled = retryEnabled
        p.retryNumber = retryEnabled ? retryNumber : 0
        p.retryWaitIntervalMinutes = retryWaitMinutes
        return p
    }
}
