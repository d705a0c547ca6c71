import VB365Model

/// How protection is judged: the RPO, the data each kind of object must have backed up, and the
/// objects left out on purpose by name.
public struct ProtectionSettings: Hashable, Sendable {
    /// The recovery point objective: each required kind of an object's data must have a backup
    /// no older than this when the snapshot is taken. 24 hours by default.
    public var rpoSeconds: Double = Seconds.day
    /// Masks (`*` any run of characters, `?` one) matched against an object's address and name,
    /// ignoring case: a match is excluded on purpose (`*-noreply@*`, `test-*`).
    public var exclusionMasks: [String] = []
    /// The data each kind of object must have backed up, where a job selects it: a person's
    /// mailbox and OneDrive, a group's mailbox, a site, a team. A shared or public mailbox needs
    /// its mailbox only; an archive mailbox or a personal site counts only when listed here.
    public var required: [ProtectedObjectKind: Set<ProtectedData>] = ProtectionSettings.defaultRequired

    /// A tenant whose newest snapshot is older than this when judged has coverage unknown: a
    /// protection fetch that stopped working must not leave last month's verdict standing. Two
    /// days by default (a snapshot every 12 hours may miss three in a row).
    public var snapshotMaxAgeSeconds: Double = 2 * Seconds.day

    /// The defaults of `required`.
    public static let defaultRequired: [ProtectedObjectKind: Set<ProtectedData>] = [
        .user: [.mailbox, .oneDrive], .group: [.groupMailbox], .site: [.site], .team: [.team],
    ]

    /// The standard settings.
    public static let standard = ProtectionSettings()

    /// Creates settings.
    public init(
        rpoSeconds: Double = Seconds.day, exclusionMasks: [String] = [],
        required: [ProtectedObjectKind: Set<ProtectedData>] = ProtectionSettings.defaultRequired
    ) {
        self.rpoSeconds = rpoSeconds
        self.exclusionMasks = exclusionMasks
        self.required = required
    }

    /// The data `object` must have backed up, before the jobs' selections narrow it.
    public func requiredData(of object: ProtectionObject) -> Set<ProtectedData> {
        var data = required[object.kind] ?? []
        if object.kind == .user, let account = object.account, account != .user {
            data.subtract([.oneDrive, .personalSite, .archive])
        }
        return data
    }

    /// The first mask that `object`'s address or name matches; nil for none.
    public func mask(matching object: ProtectionObject) -> String? {
        exclusionMasks.first { mask in
            [object.address, object.name].contains { $0.map { Self.matches(mask, $0) } ?? false }
        }
    }

    /// True when `text` matches the glob `mask` (`*`, `?`), ignoring case.
    public static func matches(_ mask: String, _ text: String) -> Bool {
        let p = Array(mask.lowercased()), t = Array(text.lowercased())
        var pi = 0, ti = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
