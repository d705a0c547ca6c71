/// How a JSON document is laid out: indented for people, or on one line for programs.
package enum JSONLayout: String, CaseIterable, Sendable {
    /// Two-space indentation, a member per line (the default on a terminal).
    case pretty
    /// No whitespace at all (the default when standard output is not a terminal).
    case compact
}
