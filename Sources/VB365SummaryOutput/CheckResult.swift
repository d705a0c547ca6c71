/// What `check` found, and how a monitoring system reads it: the Monitoring Plugins output
/// (`pluginOutput`) or Checkmk local-check lines (`checkmkLocal`). Built by `MonitoringCheck`.
package struct CheckResult: Sendable {
    /// The state, which is also the exit status.
    package var state: CheckState
    /// The first line's text after `VB365 STATE - `: what matters most.
    package var headline: String
    /// One line per covered job, worst first.
    package var jobs: [Job]
    /// Lines about the covered servers (a failed fetch), before the jobs'.
    package var notes: [Note] = []
    /// One line per covered organization with a protection snapshot, worst first, between the
    /// notes and the jobs.
    package var tenants: [Tenant] = []

    /// One job's state and numbers.
    package struct Job: Sendable {
        package var state: CheckState
        /// The job's name, qualified by its organization (and server) when another covered job
        /// has the same name; not yet made safe for any output.
        package var label: String
        /// Why the state: `failed (1 of 2 runs)`, `last success 7 h ago`.
        package var reasons: [String]
        package var performance: [Performance]
        /// What the job is remembered by across runs (`job/<server address>/<organization>/<job>`),
        /// for notifications' state; never shown.
        package var key = ""
        /// The job's index in the summary judged.
        package var index: Int?
    }

    /// A note on a server.
    package struct Note: Sendable {
        package var state: CheckState
        package var text: String
        /// What the note is remembered by across runs (`server/<address>`,
        /// `infrastructure/<server>/repository/<id>`), for notifications' state; never shown.
        package var key = ""

        /// Creates a note.
        package init(state: CheckState, text: String, key: String = "") {
            self.state = state
            self.text = text
            self.key = key
        }
    }

    /// One organization's protection: its state, what needs action, and its numbers.
    package struct Tenant: Sendable {
        /// The worst of its findings' levels.
        package var state: CheckState
        /// The organization's name, qualified by its server (and id) when another covered
        /// organization has the same name; not yet made safe for any output.
        package var label: String
        /// Worst first: `2 users unprotected (in no job), 1 team breached`, `licence exceeded for
        /// 3 users (…)`, then how much is protected (`all 40 objects protected`).
        package var reasons: [String]
        /// How many of the first reasons decide the state: the headline names those.
        package var decisive: Int
        /// `protected_share` (when known), `unprotected` and `breached`.
        package var performance: [Performance]
        /// Objects that need action (unprotected, never backed up, breached).
        package var problems: Int
        /// What the organization's protection is remembered by across runs
        /// (`protection/<server address>/<organization id>`); never shown.
        package var key = ""
        /// The organization's name and id.
        package var organization = ""
        package var organizationID = ""
    }

    /// One performance value.
    package struct Performance: Sendable {
        /// The metric's name: `duration`, `transferred`, `processing_rate`, `hours_since_success`.
        package var metric: String
        /// The value in plain decimal notation (`[-0-9.]`), as the guidelines ask.
        package var value: String
        /// `s`, `B`, or empty.
        package var unit: String
        package var warning = ""
        package var critical = ""
        package var minimum = "0"
    }

    /// The Monitoring Plugins output: `VB365 STATE - headline`, a line per note, per organization's
    /// protection and per job, then after `|` the performance data, each job's and each
    /// organization's on its own line (`'label metric'=value[UOM];warn;crit;min;`).
    package func pluginOutput() -> String {
        var lines = ["VB365 \(state.word) - \(Self.plain(headline))"]
        for note in notes { lines.append("[\(note.state.word)] \(Self.plain(note.text))") }
        for tenant in tenants {
            lines.append(
                "[\(tenant.state.word)] \(Self.plain(tenant.label)): \(Self.plain(tenant.reasons.joined(separator: "; ")))"
            )
        }
        for job in jobs {
            lines.append(
                "[\(job.state.word)] \(Self.plain(job.label)): \(Self.plain(job.reasons.joined(separator: "; ")))")
        }
        let labelled = jobs.map { ($0.label, $0.performance) } + tenants.map { ($0.label, $0.performance) }
        let performance = labelled.filter { !$0.1.isEmpty }.map { label, values in
            values.map { p in
                Self.quotedLabel(label + " " + p.metric) + "=" + p.value + p.unit + ";" + p.warning + ";"
                    + p.critical + ";" + p.minimum + ";"
            }.joined(separator: " ")
        }
        if let first = performance.first {
            lines[lines.count - 1] += " | " + first
            lines += performance.dropFirst()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Checkmk local-check lines: `STATE "VB365" - headline`, then one service per job,
    /// `STATE "VB365 label" metric=value;warn;crit;min;|… reasons`, then one per organization's
    /// protection, `STATE "VB365 protection label" …`.
    package func checkmkLocal() -> String {
        var lines = ["\(state.rawValue) \"VB365\" - \(Self.plain(headline))"]
        let services =
            jobs.map { ($0.state, "VB365 " + $0.label, $0.performance, $0.reasons) }
            + tenants.map { ($0.state, "VB365 protection " + $0.label, $0.performance, $0.reasons) }
        for (state, service, performance, reasons) in services {
            let metrics =
                performance.isEmpty
                ? "-"
                : performance.map { "\($0.metric)=\($0.value);\($0.warning);\($0.critical);\($0.minimum);" }
                    .joined(separator: "|")
            let name = Self.plain(service).replacingAll("\"", with: "'")
            lines.append("\(state.rawValue) \"\(name)\" \(metrics) \(Self.plain(reasons.joined(separator: "; ")))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` made safe for one line of plugin output: control characters (line breaks, tabs)
    /// become spaces, and `|`, which would start the performance data, becomes `/`.
    static func plain(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator, .format:
                out.unicodeScalars.append(" ")
            default:
                out.unicodeScalars.append(scalar == "|" ? "/" : scalar)
            }
        }
        return out
    }

    /// A performance label in single quotes: a quote doubled, `=` (which no label may hold)
    /// made `-`, and `plain`.
    static func quotedLabel(_ label: String) -> String {
        "'" + plain(label).replacingAll("=", with: "-").replacingAll("'", with: "''") + "'"
    }
}

extension String {
    /// Every `target` replaced with `replacement`, without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
