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

    /// One job's state and numbers.
    package struct Job: Sendable {
        package var state: CheckState
        /// The job's name, qualified by its organization (and server) when another covered job
        /// has the same name; not yet made safe for any output.
        package var label: String
        /// Why the state: `failed (1 of 2 runs)`, `last success 7 h ago`.
        package var reasons: [String]
        package var performance: [Performance]
    }

    /// A note on a server.
    package struct Note: Sendable {
        package var state: CheckState
        package var text: String

        /// Creates a note.
        package init(state: CheckState, text: String) {
            self.state = state
            self.text = text
        }
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

    /// The Monitoring Plugins output: `VB365 STATE - headline`, a line per note and per job, then
    /// after `|` the performance data, each job's on its own line (`'label metric'=value[UOM];warn;crit;min;`).
    package func pluginOutput() -> String {
        var lines = ["VB365 \(state.word) - \(Self.plain(headline))"]
        for note in notes { lines.append("[\(note.state.word)] \(Self.plain(note.text))") }
        for job in jobs {
            lines.append(
                "[\(job.state.word)] \(Self.plain(job.label)): \(Self.plain(job.reasons.joined(separator: "; ")))")
        }
        let performance = jobs.filter { !$0.performance.isEmpty }.map { job in
            job.performance.map { p in
                Self.quotedLabel(job.label + " " + p.metric) + "=" + p.value + p.unit + ";" + p.warning + ";"
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
    /// `STATE "VB365 label" metric=value;warn;crit;min;|… reasons`.
    package func checkmkLocal() -> String {
        var lines = ["\(state.rawValue) \"VB365\" - \(Self.plain(headline))"]
        for job in jobs {
            let metrics =
                job.performance.isEmpty
                ? "-"
                : job.performance.map { "\($0.metric)=\($0.value);\($0.warning);\($0.critical);\($0.minimum);" }
                    .joined(separator: "|")
            let name = Self.plain("VB365 " + job.label).replacingAll("\"", with: "'")
            lines.append(
                "\(job.state.rawValue) \"\(name)\" \(metrics) \(Self.plain(job.reasons.joined(separator: "; ")))")
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
