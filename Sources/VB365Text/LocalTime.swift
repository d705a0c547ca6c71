import Foundation
import Synchronization
import VB365Model
import VB365Support

/// Formats times in one time zone (and UTC), from the tz database, without locale surprises.
package struct LocalTime: Sendable {
    package let timeZone: TimeZone
    /// Zone names by UTC offset: asking ICU for an abbreviation costs more than rendering a page.
    private let names = NameCache()

    /// The zone with an IANA name such as `Europe/Berlin`, or nil when it is unknown.
    package init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        timeZone = zone
        isUTC = Self.utcNames.contains(zone.identifier)
    }

    /// UTC.
    package static let utc = LocalTime(identifier: "UTC")!

    /// The zone's name as given.
    package var identifier: String { timeZone.identifier }

    /// True for UTC under any of its names (Foundation may call it GMT; tz has `Etc/UTC`, `Zulu`, ...).
    /// Kept, as every formatted time asks.
    package let isUTC: Bool

    /// The tz database's names of UTC itself (not of zones that are at +00:00 only in winter).
    static let utcNames: Set<String> = [
        "UTC", "GMT", "UCT", "Zulu", "Universal", "Greenwich", "GMT0", "GMT+0", "GMT-0", "Etc/UTC", "Etc/GMT",
        "Etc/UCT", "Etc/Zulu", "Etc/Universal", "Etc/Greenwich", "Etc/GMT0", "Etc/GMT+0", "Etc/GMT-0",
    ]

    /// The zone's name as the reports print it: `UTC` (as every time in it says), else the IANA
    /// name (`Europe/Berlin`).
    package var name: String { isUTC ? "UTC" : timeZone.identifier }

    /// The offset from UTC at `t`, in seconds.
    package func offset(at t: Timestamp) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: t.secondsSince1970))
    }

    /// `2026-11-22 23:15 CET` (or `+01:00` when the zone has no abbreviation).
    package func format(_ t: Timestamp, seconds: Bool = false) -> String {
        let offset = offset(at: t)
        let c = Timestamp(ticks: t.ticks + Int64(offset) * Timestamp.ticksPerSecond).civil
        var text = "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
        if seconds { text += ":\(two(c.second))" }
        return text + " " + zoneName(at: t, offset: offset)
    }

    /// ISO 8601 in the zone, with its offset: `2026-11-22T23:15:00+01:00`; in UTC,
    /// `Timestamp.iso8601` (`2026-11-22T22:15:00Z`).
    package func iso8601(_ t: Timestamp) -> String {
        if isUTC { return t.iso8601 }
        let offset = offset(at: t)
        let local = Timestamp(ticks: t.ticks + Int64(offset) * Timestamp.ticksPerSecond).iso8601.dropLast()
        let m = abs(offset) / 60
        return local + (offset < 0 ? "-" : "+") + "\(two(m / 60)):\(two(m % 60))"
    }

    /// The date alone: `2026-11-22`.
    package func date(_ t: Timestamp) -> String {
        let c = Timestamp(ticks: t.ticks + Int64(offset(at: t)) * Timestamp.ticksPerSecond).civil
        return "\(c.year)-\(two(c.month))-\(two(c.day))"
    }

    func zoneName(at t: Timestamp, offset: Int) -> String {
        if isUTC { return "UTC" }
        if let known = names.name(for: offset) { return known }
        let name = lookUpZoneName(at: t, offset: offset)
        names.store(name, for: offset)
        return name
    }

    private func lookUpZoneName(at t: Timestamp, offset: Int) -> String {
        if let abbreviation = timeZone.abbreviation(for: Date(timeIntervalSince1970: t.secondsSince1970)),
            !abbreviation.hasPrefix("GMT"), abbreviation.allSatisfy(\.isLetter)
        {
            return abbreviation
        }
        let sign = offset < 0 ? "-" : "+"
        let m = abs(offset) / 60
        return "\(sign)\(two(m / 60)):\(two(m % 60))"
    }

    private func two(_ v: Int) -> String { Formatting.pad(v) }
}

/// A small thread-safe table of zone names by offset.
private final class NameCache: Sendable {
    private let names = Mutex<[Int: String]>([:])

    func name(for offset: Int) -> String? { names.withLock { $0[offset] } }
    func store(_ name: String, for offset: Int) { names.withLock { $0[offset] = name } }
}
