import Foundation

/// The names a redactor has learned from the text it reads: people's display names, host names
/// without a domain, mailboxes and accounts, so that each is masked wherever it appears, with or
/// without an address next to it; and the job and organization names that are none of these.
struct KnownNames {
    /// What a known name is, in the order that wins when one name is several.
    enum Kind: Int, Comparable {
        case person, host, mailbox, account

        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// Each name, lowercased with its words one space apart, and what it is.
    private(set) var kinds: [String: Kind] = [:]
    /// A host name without a domain, lowercased, and the full name (`vbo-proxy01.corp.local`)
    /// it was seen in, so that both get the same number.
    private(set) var fullHostNames: [String: String] = [:]
    /// A mailbox (an address's part before `@`), lowercased, and its address.
    private(set) var addresses: [String: String] = [:]
    /// Names that are never taken for people or hosts: job and organization names, lowercased.
    private var reserved: Set<String> = []
    /// Changes whenever a name is added or removed, so that the index of people is rebuilt.
    private(set) var version = 0

    /// `name` as the key it is known by: lowercased, its words one space apart, `’` as `'`.
    static func key(_ name: String) -> String {
        let lower = name.lowercased()
        return isKey(lower)
            ? lower
            : lower.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(
                of: "’", with: "'")
    }

    /// True when `lower` needs no change to be a key: single spaces between words, no other
    /// space, no control character and no `’` (the lead bytes C2, E1, E2 and E3 start NBSP, NEL,
    /// the Unicode spaces and `’`).
    private static func isKey(_ lower: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in lower.utf8 {
            switch byte {
            case 0..<0x20, 0x7F, 0xC2, 0xE1, 0xE2, 0xE3: return false
            case 0x20 where previous == 0x20: return false
            default: previous = byte
            }
        }
        return previous != 0x20
    }

    /// Adds `name` as a `kind`; a name already known keeps the kind that wins.
    mutating func add(_ name: String, as kind: Kind) {
        let key = Self.key(name)
        guard !key.isEmpty else { return }
        if reserved.contains(key) { return }
        if let known = kinds[key], known <= kind { return }
        kinds[key] = kind
        if kind != .person { hasTokens = true }
        version += 1
    }

    /// Marks `name` (a job's or an organization's) as never a person, a host or an account.
    mutating func reserve(_ name: String) {
        let key = Self.key(name)
        guard !key.isEmpty else { return }
        reserved.insert(key)
        if kinds.removeValue(forKey: key) != nil { version += 1 }
    }

    /// Adds a host name without a domain, and the full name it was seen in, if any.
    mutating func addHost(_ label: String, fullName: String? = nil) {
        add(label, as: .host)
        let key = Self.key(label)
        if let fullName, kinds[key] == .host, fullHostNames[key] == nil { fullHostNames[key] = fullName.lowercased() }
    }

    /// Adds an address's mailbox (the part before `@`).
    mutating func addMailbox(_ mailbox: String, address: String) {
        add(mailbox, as: .mailbox)
        let key = Self.key(mailbox)
        if kinds[key] == .mailbox, addresses[key] == nil { addresses[key] = address }
    }

    /// True when a host, mailbox or account is known: what a scan of a text's tokens looks up.
    private(set) var hasTokens = false

    /// True for a job's or an organization's name.
    func isReserved(_ name: String) -> Bool { reserved.contains(Self.key(name)) }

    /// What `name` is known as, if anything.
    func kind(of name: String) -> Kind? { kinds[Self.key(name)] }

    /// People's names by their first word (lowercased), each as its words, longest first: what
    /// a scan of a text's words looks up.
    func peopleByFirstWord() -> [String: [[String]]] {
        var index: [String: [[String]]] = [:]
        for (key, kind) in kinds where kind == .person {
            let words = key.split(separator: " ").map(String.init)
            index[words[0], default: []].append(words)
        }
        for first in index.keys {
            index[first]?.sort { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        }
        return index
    }
}
