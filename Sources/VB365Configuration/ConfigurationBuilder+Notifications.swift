import Foundation
import VB365Model
import VB365Notifying
import VB365Reading
import VB365Support

/// The `notifications` entries: the chat and paging channels, each checked on its own (a type
/// and a url-file; keys its type does not take) and against the others (names unique) and the
/// servers (a channel's servers are configured ones).
extension ConfigurationBuilder {
    /// The shortest and longest `timeout` a channel takes, in seconds.
    static let notificationTimeouts: ClosedRange<Double> = 1...600

    /// The channels of `notifications`, in the file's order; `servers` are the configured
    /// servers' names. An entry with a problem is left out, its problem in `diagnostics`.
    mutating func notifications(servers: [String]) -> [NotificationChannel] {
        let count = decoder.counts["notifications"] ?? 0
        let explicit = Set((0..<count).compactMap { text("notifications.\($0 + 1).name")?.lowercased() })
        var taken: [String: Int] = [:]
        var channels: [NotificationChannel] = []
        for index in 0..<count {
            let position = index + 1
            let prefix = "notifications.\(position)"
            let channel = notificationChannel(prefix, servers: servers)
            // A name given is checked even when the rest of its entry is wrong.
            guard
                let name = text(prefix + ".name")
                    ?? channel.map({ Self.defaultName($0.kind.rawValue, avoiding: explicit.union(taken.keys)) })
            else { continue }
            let key = name.lowercased()
            if let earlier = taken[key] {
                let source = decoder.values[prefix + ".name"]?.source ?? decoder.sectionSources[prefix] ?? .defaultValue
                diagnostics.append(
                    source.diagnostic(
                        "notification channel \(position) has the name '\(name)', as channel \(earlier) has",
                        advice: "give each channel a name of its own ('name:'); the state file knows it by its name"))
            }
            taken[key] = taken[key] ?? position
            guard var channel else { continue }
            channel.name = name
            channels.append(channel)
        }
        return channels
    }

    /// `teams`, or `teams-2`, `teams-3`… when a channel is already called so.
    static func defaultName(_ type: String, avoiding names: Set<String>) -> String {
        var number = 1
        var name = type
        while names.contains(name.lowercased()) {
            number += 1
            name = "\(type)-\(number)"
        }
        return name
    }

    /// The channel of the entry at `prefix` (named by its type until `notifications` names it);
    /// nil when it lacks a type or a url-file, or has a key its type does not take or a value out
    /// of its range. `servers` are the configured servers' names.
    private mutating func notificationChannel(_ prefix: String, servers: [String]) -> NotificationChannel? {
        let source = decoder.sectionSources[prefix] ?? .defaultValue
        let kind = choice(prefix + ".type", as: NotificationChannel.Kind.self)
        let addressFile = path(prefix + ".url-file")
        if kind == nil {
            missing(
                "type", in: prefix,
                advice:
                    "give the kind of channel: \(NotificationChannel.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if addressFile == nil {
            let what = kind == .pagerduty ? "the PagerDuty integration's routing key" : "the webhook URL"
            missing(
                "url-file", in: prefix,
                advice:
                    "name the file whose first line is \(what), a secret never written in this file (install -m 600 -o vb365-report /dev/null /etc/vb365-report/\(kind?.rawValue ?? "teams")-url, then write it there)"
            )
        }
        guard let kind, let addressFile else { return nil }
        var valid = true
        // The secret itself where its file belongs: refused without repeating it.
        for key in ["url-file", "secret-file"] {
            guard let entry = decoder.values["\(prefix).\(key)"], case .text(let value) = entry.value,
                value.contains("://") || value.hasPrefix("whsec_")
            else { continue }
            valid = false
            diagnostics.append(
                entry.source.diagnostic(
                    "'\(prefix).\(key)' holds the secret itself, where the path of the file that holds it belongs",
                    advice:
                        "put it on the first line of a file only vb365-report can read (install -m 600 -o vb365-report /dev/null /etc/vb365-report/\(kind.rawValue)-url) and name that file"
                ))
        }
        for (key, allowed, only) in [
            ("secret-file", kind == .webhook, "webhook"), ("endpoint", kind == .pagerduty, "pagerduty"),
        ] where !allowed {
            guard let entry = decoder.values["\(prefix).\(key)"] else { continue }
            valid = false
            diagnostics.append(
                entry.source.diagnostic(
                    "'\(prefix).\(key)' is for the type \(only) only, and this channel is \(kind.rawValue)",
                    advice: "leave out '\(key)', or make the channel 'type: \(only)'"))
        }
        if kind == .pagerduty, let entry = decoder.values[prefix + ".summary-at"] {
            valid = false
            diagnostics.append(
                entry.source.diagnostic(
                    "'\(prefix).summary-at' asks PagerDuty for a daily summary, and PagerDuty takes alerts, not summaries",
                    advice: "leave out 'summary-at' here, and give it to a chat channel"))
        }
        var channel = NotificationChannel(name: kind.rawValue, kind: kind, addressFile: addressFile)
        channel.secretFile = path(prefix + ".secret-file")
        channel.level = text(prefix + ".level") == "critical" ? .critical : .warning
        channel.organizations = texts(prefix + ".organizations")
        channel.servers = texts(prefix + ".servers")
        checkNotificationServers(channel.servers, prefix: prefix, configured: servers)
        channel.jobs = texts(prefix + ".jobs")
        channel.caFile = path(prefix + ".ca-file")
        channel.retries = integer(prefix + ".retries") ?? channel.retries
        channel.endpoint = text(prefix + ".endpoint")
        if let entry = decoder.values[prefix + ".summary-at"], let value = text(prefix + ".summary-at") {
            if let minute = Self.minuteOfDay(value) {
                channel.summaryMinute = minute
            } else {
                valid = false
                let shown = VisibleText.escapingUnsafe(String(value.prefix(40)), forXML: false)
                diagnostics.append(
                    entry.source.diagnostic(
                        "'\(prefix).summary-at' is '\(shown)', not a time of day from 00:00 to 23:59",
                        advice: "write the hour and minute in time-zone, such as '08:00'"))
            }
        }
        if let seconds = seconds(prefix + ".timeout") {
            if Self.notificationTimeouts.contains(seconds) {
                channel.timeoutSeconds = seconds
            } else {
                valid = false
                diagnostics.append(
                    (decoder.values[prefix + ".timeout"]?.source ?? source).diagnostic(
                        "'\(prefix).timeout' is \(Seconds.typed(seconds)), outside 1s to 10m",
                        advice: "give a timeout from 1s to 10m, such as 30s"))
            }
        }
        return valid ? channel : nil
    }

    /// The minutes after midnight of `HH:MM` (or `H:MM`), from 00:00 to 23:59; nil for anything else.
    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// Each of a channel's `servers` must be a configured server, by its name or its address.
    private mutating func checkNotificationServers(_ names: [String], prefix: String, configured: [String]) {
        guard !names.isEmpty else { return }
        let addresses = (0..<decoder.serverCount).compactMap { text("servers.\($0 + 1).address") }
        let known = Set(
            configured.map { $0.lowercased() } + addresses.map { $0.lowercased() }
                + addresses.compactMap { ServerAddress(configured: $0)?.description.lowercased() })
        for name in names where !known.contains(name.lowercased()) {
            let shown = VisibleText.escapingUnsafe(String(name.prefix(60)), forXML: false)
            diagnostics.append(
                (decoder.values[prefix + ".servers"]?.source ?? decoder.sectionSources[prefix] ?? .defaultValue)
                    .diagnostic(
                        "'\(prefix).servers' names '\(shown)', which no configured server is called",
                        advice: "use a server's name: \(configured.map { "'\($0)'" }.joined(separator: ", "))"))
        }
    }
}
