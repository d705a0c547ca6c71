import Foundation
import VB365Model
import VB365Statistics
import VB365SummaryOutput
import VB365Support
import VB365Text

/// Tells each channel what changed since it was last told: judges the findings in the
/// channel's scope, plans the events against the state file, formats the message, sends it,
/// and then records what was said. A channel whose send fails keeps its old state, so the next
/// run says it again; the others go on.
package struct Notifier: Sendable {
    package var channels: [NotificationChannel]
    /// The state file (`.vb365-notify.json` in the archive folder).
    package var statePath: String
    package var policy: CheckPolicy
    package var zone: LocalTime
    /// The site's URL, for links; nil: none.
    package var siteURL: String?
    /// `vb365-report 1.2.0`.
    package var tool: String
    package var now: Timestamp
    /// Write each payload and an HTML preview into this folder instead of sending, and leave the
    /// state file as it is (`notify --preview`).
    package var previewFolder: String?
    /// The first retry's delay (tests shorten it).
    package var retryDelaySeconds: Double = 1

    /// Creates a notifier.
    package init(
        channels: [NotificationChannel], statePath: String, policy: CheckPolicy = CheckPolicy(), zone: LocalTime,
        siteURL: String?, tool: String, now: Timestamp
    ) {
        self.channels = channels
        self.statePath = statePath
        self.policy = policy
        self.zone = zone
        self.siteURL = siteURL
        self.tool = tool
        self.now = now
    }

    /// How the run went, for its own finding (`run`).
    package enum RunResult: Sendable, Equatable {
        /// Every step worked.
        case succeeded
        /// A step failed: what could not be done (`fetch vbo`), why, and the exit status.
        case failed(what: String, reason: String, status: ExitStatus)
    }

    /// What one channel was sent.
    package struct Outcome: Sendable {
        package var channel: NotificationChannel
        /// The messages sent (or previewed), each with its title.
        package var titles: [String] = []
        /// The changes they told of.
        package var events = 0
        /// Why it could not be told; nil: it was (or there was nothing to tell).
        package var failure: Failure?
    }

    /// Tells every channel of `summary`'s findings (nil: the run read nothing, so only the run
    /// is judged) and of `run` (nil: no run is judged, as `notify` alone). Returns each channel's
    /// outcome, in the configuration's order, and never throws: a state file that cannot be read
    /// or written is each channel's failure. "Last good report" is the state's `lastGoodRun`,
    /// which the run records (`recordGoodRun`).
    package func notify(summary: Summary?, run: RunResult?) async -> [Outcome] {
        var state: NotificationState
        do {
            state = try NotificationState.read(statePath)
        } catch {
            return channels.map { Outcome(channel: $0, failure: error) }
        }
        let lastGood = state.lastGoodRun.map { zone.format(Timestamp(secondsSince1970: $0)) }
        var outcomes: [Outcome] = []
        for channel in channels {
            var outcome = Outcome(channel: channel)
            let planner = NotificationPlanner(channel: channel, now: now, zone: zone)
            var findings =
                summary.map {
                    NotificationFindings.make($0, channel: channel, policy: policy, zone: zone, linked: siteURL != nil)
                } ?? []
            var judged = summary == nil ? [] : NotificationFindings.judged(findings)
            if let run {
                findings.append(Self.finding(run, channel: channel, lastGood: lastGood))
                judged.insert(.run)
            }
            let before = state.channels[channel.name] ?? NotificationState.Channel()
            let plan = planner.plan(findings, judged: judged, state: before)
            var messages = planner.message(plan, siteURL: siteURL, tool: tool).map { [$0] } ?? []
            var after = plan.state
            if summary != nil && planner.summaryDue(before) {
                messages.append(planner.summary(plan, siteURL: siteURL, tool: tool))
                after.lastSummaryDay = zone.date(now)
            }
            do {
                for message in messages {
                    try await deliver(message, to: channel, index: outcome.titles.count)
                    outcome.titles.append(message.title)
                    outcome.events += message.events.count
                }
                if previewFolder == nil {
                    state.channels[channel.name] = after
                    try state.write(statePath)
                }
            } catch {
                outcome.failure = error
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Records in the state file at `path` that a run worked at `now`.
    package static func recordGoodRun(at now: Timestamp, path: String) throws(Failure) {
        var state = try NotificationState.read(path)
        state.lastGoodRun = Int64(now.secondsSince1970.rounded(.down))
        try state.write(path)
    }

    /// The run's own finding: CRITICAL with what failed, or OK. A tenant's channel is told that
    /// the run failed, not why (the reason may name other tenants' servers and folders).
    package static func finding(_ run: RunResult, channel: NotificationChannel, lastGood: String?) -> Finding {
        let last = "last good report \(lastGood ?? "never")"
        switch run {
        case .succeeded:
            return Finding(
                key: "run", subject: .run, level: .ok, title: "the reporting run", reasons: ["the run worked"])
        case .failed(let what, let reason, let status):
            let text =
                channel.isTenantScoped
                ? "vb365-report could not finish its run (exit \(status.rawValue)), so the reports may be out of date; \(last)"
                : "vb365-report could not \(what) (exit \(status.rawValue)): \(reason); \(last)"
            return Finding(key: "run", subject: .run, level: .critical, title: "the reporting run", reasons: [text])
        }
    }

    /// Sends `message` to `channel` (each payload of it), or writes it into the preview folder.
    func deliver(_ message: NotificationMessage, to channel: NotificationChannel, index: Int) async throws(Failure) {
        let secret = try channel.secretFile.map { file throws(Failure) in
            Array(try WebhookAddress.firstLine(file: file, what: "signing secret file").utf8)
        }
        let routingKey: String?
        let url: String
        if channel.kind == .pagerduty {
            routingKey = try WebhookAddress.firstLine(file: channel.addressFile, what: "PagerDuty routing key file")
            url = channel.endpoint ?? "https://events.pagerduty.com/v2/enqueue"
        } else {
            routingKey = nil
            url = try WebhookAddress.read(file: channel.addressFile)
        }
        // A preview is a file others may read: the routing key is not written into it.
        let payloads = NotificationFormat.payloads(
            for: message, kind: channel.kind, secret: secret,
            routingKey: previewFolder == nil ? routingKey : routingKey.map { _ in "(routing key, not shown)" })
        if let folder = previewFolder {
            try preview(message, payloads: payloads, channel: channel, index: index, folder: folder)
            return
        }
        let sender = WebhookSender(
            caFile: channel.caFile, timeoutSeconds: channel.timeoutSeconds, retries: channel.retries,
            baseDelaySeconds: retryDelaySeconds)
        for var payload in payloads {
            if let secret, channel.kind == .webhook {
                // Signed when sent: receivers refuse a `webhook-timestamp` minutes old, and the
                // fetch before it may take that long. The id stays the message's.
                let sent = Int64(Date().timeIntervalSince1970)
                payload.headers = WebhookSignature.headers(
                    id: message.id, timestamp: sent, body: payload.body, secret: secret)
            }
            _ = try await sender.send(payload, to: url, channel: channel.name, kind: channel.kind)
        }
    }

    /// Writes `<channel>-<n>.json` (each payload's body) and `<channel>-<n>.html` (how it reads).
    func preview(
        _ message: NotificationMessage, payloads: [WebhookPayload], channel: NotificationChannel, index: Int,
        folder: String
    ) throws(Failure) {
        let base = folder + "/" + FileNameSafety.safe(channel.name) + "-\(index + 1)"
        do throws(WriteFailure) {
            try DurableFile.createFolders(folder)
            for (n, payload) in payloads.enumerated() {
                try DurableFile.write(payload.body + [0x0A], to: base + (n == 0 ? "" : "-\(n + 1)") + ".json")
            }
            try DurableFile.write(Array(NotificationPreview.html(message).utf8), to: base + ".html")
        } catch {
            throw Failure(error.exitStatus, diagnostics: [error.diagnostic(output: folder, kept: "nothing was sent")])
        }
    }
}

/// File names from channel names: letters, digits, `-` and `_`; anything else `_`.
enum FileNameSafety {
    /// `name` with every other character made `_`.
    static func safe(_ name: String) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return safe.isEmpty ? "channel" : safe
    }
}
