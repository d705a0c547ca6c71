import VB365Model
import VB365Support

/// Numbers in human units, with one rounding rule everywhere: three significant digits at most,
/// one decimal below 100 of a unit, none from 100 up (`512 B`, `1.5 MB`, `12.3 MB`, `123 MB`).
/// Sizes are 1024-based, as in Veeam's console.
package enum HumanUnits {
    static let units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]

    /// A size: `1.5 GB`.
    package static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        var v = abs(value)
        var unit = 0
        while v >= 1024 && unit < units.count - 1 {
            v /= 1024
            unit += 1
        }
        let sign = value < 0 ? "-" : ""
        if unit == 0 { return "\(sign)\(Int(v.rounded())) B" }
        return "\(sign)\(decimal(v)) \(units[unit])"
    }

    /// A size from an integer count of bytes.
    package static func bytes(_ value: Int64) -> String { bytes(Double(value)) }

    /// A rate: `12.3 MB/s`.
    package static func rate(_ bytesPerSecond: Double) -> String { bytes(bytesPerSecond) + "/s" }

    /// A whole number with thousands separators, for any finite size (`12,345`); huge values
    /// keep their digits, never trap.
    package static func wholeNumber(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        if abs(value) < 9e18 { return count(Int64(value.rounded())) }
        return (value < 0 ? "-" : "") + "\(abs(value))"
    }

    /// A count with thousands separators: `12,345`.
    package static func count(_ value: Int64) -> String {
        // On UTF-8 bytes: counting the characters of the digits again for each digit made this
        // a tenth of the time a session page takes to render.
        let digits = String(value.magnitude).utf8
        let n = digits.count
        var out: [UInt8] = []
        out.reserveCapacity(n + n / 3 + 1)
        if value < 0 { out.append(UInt8(ascii: "-")) }
        for (i, digit) in digits.enumerated() {
            if i > 0 && (n - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A duration: `45 s`, `4 min 15 s`, `1 h 02 min`, `2 d 3 h`; `0.4 s` below ten seconds.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        if seconds < 0 { return "-" + duration(-seconds) }
        if seconds >= 8.64e14 { return "more than 10,000,000,000 d" }
        if seconds < 10 { return "\(decimal(seconds)) s" }
        // One rule for every duration, age and limit: rounded (never cut) to the last unit shown,
        // so "running for 7 h 30 min" and "7 h 30 min ago" agree; hours alone from a day to three
        // (the way an RPO is said: 26 h, 31 h), days and hours beyond.
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        let minutes = Int((seconds / 60).rounded())
        if minutes < 24 * 60 {
            return minutes % 60 == 0
                ? "\(minutes / 60) h" : "\(minutes / 60) h \(Formatting.pad(minutes % 60)) min"
        }
        let hours = Int((seconds / Seconds.hour).rounded())
        if hours < 72 { return "\(hours) h" }
        return "\(hours / 24) d \(hours % 24) h"
    }

    /// A signed percentage with one decimal: `+12.3%`, `-42.0%`.
    package static func delta(_ percent: Double) -> String {
        guard percent.isFinite else { return "–" }
        if abs(percent) >= 1_000_000 { return percent > 0 ? ">+999,999%" : "<-999,999%" }
        let rounded = (percent * 10).rounded() / 10
        return (rounded > 0 ? "+" : rounded < 0 ? "-" : "±") + fixed(abs(rounded), 1) + "%"
    }

    /// A share as a whole percentage: `67%`.
    package static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite, abs(fraction) < 1e15 else { return "–" }
        return "\(Int((fraction * 100).rounded()))%"
    }

    /// One decimal below 100, none from 100 up.
    static func decimal(_ v: Double) -> String {
        let oneDecimal = (v * 10).rounded() / 10
        return oneDecimal < 100 ? fixed(oneDecimal, 1) : String(Int(v.rounded()))
    }

    /// `value` with exactly `places` decimals, without Foundation's locale-dependent formatting.
    package static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        guard abs(value) * scale < 9e18 else { return wholeNumber(value) }
        return fixedSafe(value, places, scale)
    }

    private static func fixedSafe(_ value: Double, _ places: Int, _ scale: Double) -> String {
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = Formatting.pad(Int(scaled % Int64(scale)), places)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
