import Foundation

// MARK: - What a text names, and where

extension Redactor {
    /// Something in a text to mask: what it is, where, and how much it wins over another finding
    /// on the same characters (lower first).
    struct Finding {
        /// What was found.
        enum What {
            /// A URL: its scheme, and what follows `://` up to where a linkifier would end it.
            case url(scheme: String, rest: String)
            case email(String)
            /// A host name with or without a domain, or an IP address in a host's place.
            case host(String)
            case account(domain: String, user: String)
            case ipv4(String)
            /// An IPv6 address, with its zone (`%eth0`) if any.
            case ipv6(String)
            /// An organization's name, with its mask.
            case organization(String)
            /// A name learned from the texts read (`KnownNames`).
            case known(String, KnownNames.Kind)
        }

        /// The characters (UTF-16) the mask replaces: never the punctuation around the name.
        var range: NSRange
        var priority: Int
        var what: What
    }

    static let urlStart = try! NSRegularExpression(pattern: #"(?i)(?<![\p{L}\p{N}+.\-])([a-z][a-z0-9+.\-]*)://"#)
    static let email = try! NSRegularExpression(
        pattern: #"(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(\.[\p{L}\p{N}\-]+)+"#)
    /// `\\host\share`: the host.
    static let unc = try! NSRegularExpression(
        pattern: #"(?<![\\\p{L}\p{N}])\\\\([\p{L}\p{N}](?:[\p{L}\p{N}.\-]*[\p{L}\p{N}])?)"#)
    /// `DOMAIN\user`, not a piece of a path (`\\host\share\folder`); the user never ends with a
    /// dot, so that a sentence's full stop stays.
    static let account = try! NSRegularExpression(
        pattern: #"(?<![\\\p{L}\p{N}._\-])([\p{L}\p{N}][\p{L}\p{N}.\-]*)\\([\p{L}\p{N}._$\-]*[\p{L}\p{N}_$])"#)
    /// Host names: two dots or more, or one dot and a common top-level domain (so that
    /// `backup.admin` stays, but `vbo.corp.local` and `contoso.com` go).
    static let host = try! NSRegularExpression(
        pattern:
            #"(?i)\b(?:(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.){2,}[a-z]{2,63}|[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.(?:com|net|org|local|lan|corp|internal|int|io|de|uk|fr|nl|ch|at|eu|us|ca|au))\b"#
    )
    static let ipv4 = try! NSRegularExpression(pattern: #"\b(?:\d{1,3}\.){3}\d{1,3}\b"#)
    /// What could be an IPv6 address (`fe80::1%eth0`, `::ffff:10.0.0.1`); `isIPv6` decides.
    static let ipv6 = try! NSRegularExpression(
        pattern:
            #"(?<![\p{L}\p{N}_:.%])((?:[0-9A-Fa-f]{1,4})?(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3})(%[\p{L}\p{N}_.\-]+)?(?![\p{L}\p{N}_])"#
    )
    /// A word where a host name may follow (`on`, `server`, ...), and the name that follows it,
    /// after spaces, a colon or an opening quote.
    static let hostPosition = try! NSRegularExpression(
        pattern:
            #"(?i)(?<![\p{L}\p{N}_\-])(hostname|host|server|proxy|computer|machine|node|on|to|from|at|via)(?![\p{L}\p{N}_\-])(?=\s*(?:[:=]\s*)?['"“‘(\[]?([\p{L}\p{N}][\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)*))"#
    )
    /// Words, for finding people's names: `O'Brien` and `Anne-Marie` are one word each.
    static let word = try! NSRegularExpression(pattern: #"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*"#)
    /// Names of machines, mailboxes and accounts: dots and hyphens inside, never at the end.
    static let token = try! NSRegularExpression(pattern: #"[\p{L}\p{N}_$](?:[\p{L}\p{N}_$.\-]*[\p{L}\p{N}_$])?"#)

    /// The words after which a host name is certain; after the others (`on`, `to`, ...) it
    /// has to look like one (`isMachineName`).
    static let hostWords: Set<String> = ["hostname", "host", "server", "proxy", "computer", "machine", "node"]

    /// Which characters a text holds, so that the patterns that need one are skipped: most log
    /// lines hold no address, no URL and no account.
    struct Clues {
        var at = false
        var backslash = false
        var colons = 0
        var dot = false
        /// `://`
        var url = false

        init(_ text: String) {
            var (previous, beforePrevious): (UInt8, UInt8) = (0, 0)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "@"): at = true
                case UInt8(ascii: "\\"): backslash = true
                case UInt8(ascii: ":"): colons += 1
                case UInt8(ascii: "."): dot = true
                case UInt8(ascii: "/") where previous == UInt8(ascii: "/") && beforePrevious == UInt8(ascii: ":"):
                    url = true
                default: break
                }
                (beforePrevious, previous) = (previous, byte)
            }
        }
    }

    /// Everything `text` names that is to be masked, overlapping; `chosen` picks among them.
    mutating func findings(in ns: NSString) -> [Finding] {
        let text = ns as String
        let clues = Clues(text)
        let all = NSRange(location: 0, length: ns.length)
        func matches(_ pattern: NSRegularExpression, if clue: Bool) -> [NSTextCheckingResult] {
            clue ? pattern.matches(in: text, range: all) : []
        }
        var found: [Finding] = []
        for (range, scheme, rest) in clues.url ? Self.urls(in: ns) : [] {
            found.append(Finding(range: range, priority: 0, what: .url(scheme: scheme, rest: rest)))
        }
        for m in matches(Self.email, if: clues.at) {
            found.append(Finding(range: m.range, priority: 1, what: .email(ns.substring(with: m.range))))
        }
        for m in matches(Self.unc, if: clues.backslash) {
            found.append(Finding(range: m.range(at: 1), priority: 2, what: .host(ns.substring(with: m.range(at: 1)))))
        }
        for m in matches(Self.account, if: clues.backslash) {
            let what = Finding.What.account(
                domain: ns.substring(with: m.range(at: 1)), user: ns.substring(with: m.range(at: 2)))
            found.append(Finding(range: m.range, priority: 3, what: what))
        }
        for (range, address) in clues.colons > 1 ? Self.ipv6Addresses(in: ns) : [] {
            found.append(Finding(range: range, priority: 4, what: .ipv6(address)))
        }
        for m in matches(Self.ipv4, if: clues.dot) {
            // `8.1.0.305` is a version.
            let address = ns.substring(with: m.range)
            if Self.isIPv4(address) { found.append(Finding(range: m.range, priority: 5, what: .ipv4(address))) }
        }
        for m in matches(Self.host, if: clues.dot) {
            let name = ns.substring(with: m.range)
            guard !Self.isNamespace(name) else { continue }
            found.append(Finding(range: m.range, priority: 6, what: .host(name)))
        }
        for (_, pattern, mask) in organizations {
            for m in pattern.matches(in: text, range: all) {
                found.append(Finding(range: m.range, priority: 7, what: .organization(mask)))
            }
        }
        found += people(in: ns)
        for m in matches(Self.token, if: known.hasTokens) {
            let token = ns.substring(with: m.range)
            if let kind = known.kind(of: token), kind != .person {
                found.append(Finding(range: m.range, priority: 9, what: .known(token, kind)))
            } else if let dot = token.firstIndex(of: "."), known.kind(of: String(token[..<dot])) == .host {
                found.append(Finding(range: m.range, priority: 9, what: .host(token)))
            }
        }
        for (range, name) in hostsInPlace(in: ns) {
            found.append(Finding(range: range, priority: 10, what: .host(name)))
        }
        return found
    }

    /// The people `known` names, found word by word (with or without a possessive `'s`), their
    /// words apart by spaces or a comma.
    mutating func people(in ns: NSString) -> [Finding] {
        let index = people()
        guard !index.isEmpty else { return [] }
        let words = Self.word.matches(in: ns as String, range: NSRange(location: 0, length: ns.length)).map {
            // A word holds no space: its key is the word in lower case, `’` as `'`.
            let word = ns.substring(with: $0.range).lowercased()
            let curly = word.utf8.contains(0xE2) && word.contains("’")
            return (range: $0.range, key: curly ? word.replacingOccurrences(of: "’", with: "'") : word)
        }
        var found: [Finding] = []
        for (i, first) in words.enumerated() {
            guard let names = index[first.key] else { continue }
            for name in names where i + name.count <= words.count {
                var end = words[i + name.count - 1].range
                let matches = name.indices.allSatisfy { k in
                    let word = words[i + k]
                    let isLast = k == name.count - 1
                    guard word.key == name[k] || (isLast && Self.withoutPossessive(word.key) == name[k]) else {
                        return false
                    }
                    guard k > 0 else { return true }
                    let previous = words[i + k - 1].range
                    let gap = ns.substring(
                        with: NSRange(
                            location: NSMaxRange(previous), length: word.range.location - NSMaxRange(previous)))
                    // `Jane Doe`, or `Doe, Jane` when that is how the name was seen.
                    let spaces = gap.hasPrefix(",") ? gap.dropFirst() : Substring(gap)
                    return !spaces.isEmpty && spaces.allSatisfy(\.isWhitespace)
                }
                guard matches else { continue }
                end.length -= words[i + name.count - 1].key.count - name[name.count - 1].count
                let range = NSRange(location: first.range.location, length: NSMaxRange(end) - first.range.location)
                found.append(Finding(range: range, priority: 8, what: .known(ns.substring(with: range), .person)))
                break
            }
        }
        return found
    }

    /// `word` without a possessive `'s` at its end.
    static func withoutPossessive(_ word: String) -> String {
        word.hasSuffix("'s") ? String(word.dropLast(2)) : word
    }

    /// True for a .NET name that looks like a host name (`System.Net.WebException`).
    static func isNamespace(_ name: String) -> Bool {
        ["System.", "Microsoft.", "Veeam.", "Newtonsoft."].contains { name.hasPrefix($0) }
    }

    /// Each URL: its range (from the scheme to where a linkifier would end it), scheme, and what
    /// follows `://`.
    static func urls(in ns: NSString) -> [(NSRange, String, String)] {
        urlStart.matches(in: ns as String, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            let start = NSMaxRange(m.range)
            let end = urlEnd(in: ns, from: start)
            guard end > start else { return nil }
            return (
                NSRange(location: m.range.location, length: end - m.range.location), ns.substring(with: m.range(at: 1)),
                ns.substring(with: NSRange(location: start, length: end - start))
            )
        }
    }

    /// Where a URL that goes on at `start` ends, as a linkifier decides: at a space, a double
    /// quote or an angle bracket, then without the punctuation at its end (`.,:;!?'` and a
    /// closing bracket that has no opening one in the URL).
    static func urlEnd(in ns: NSString, from start: Int) -> Int {
        var end = start
        while end < ns.length, !isURLStop(ns.character(at: end)) { end += 1 }
        let trailing = Set(".,:;!?*_~'’".utf16)
        let pairs: [UInt16: UInt16] = [0x29: 0x28, 0x5D: 0x5B, 0x7D: 0x7B]  // ) ( ] [ } {
        while end > start {
            let last = ns.character(at: end - 1)
            if trailing.contains(last) {
                end -= 1
                continue
            }
            if let open = pairs[last] {
                var balance = 0
                for i in start..<end {
                    let c = ns.character(at: i)
                    if c == open { balance += 1 } else if c == last { balance -= 1 }
                }
                if balance < 0 {
                    end -= 1
                    continue
                }
            }
            break
        }
        return end
    }

    /// The characters (UTF-16) that end a URL: spaces, controls, `<`, `>`, `"`, a backtick and
    /// typographic quotes.
    static func isURLStop(_ c: UInt16) -> Bool {
        switch c {
        case 0...0x20, 0x7F...0xA0, 0x22, 0x3C, 0x3E, 0x60, 0xAB, 0xBB, 0x201C, 0x201D, 0x2028, 0x2029, 0x3000:
            return true
        case 0x1680, 0x2000...0x200A, 0x202F, 0x205F: return true
        default: return false
        }
    }

    /// Each IPv6 address: its range and text (with its zone).
    static func ipv6Addresses(in ns: NSString) -> [(NSRange, String)] {
        ipv6.matches(in: ns as String, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            var address = m.range(at: 1)
            var text = ns.substring(with: address)
            if !isIPv6(text), text.hasSuffix(":"), !text.hasSuffix("::") {
                // A colon after the address (`fe80::1: unreachable`) is the sentence's.
                text.removeLast()
                address.length -= 1
                guard m.range(at: 2).location == NSNotFound else { return nil }
            }
            guard isIPv6(text) else { return nil }
            let zone = m.range(at: 2)
            if zone.location != NSNotFound, NSMaxRange(address) == zone.location {
                let whole = NSRange(location: address.location, length: NSMaxRange(zone) - address.location)
                return (whole, ns.substring(with: whole))
            }
            return (address, text)
        }
    }

    /// True for an IPv6 address without a zone: eight groups of up to four hex digits, or fewer
    /// with one `::`, the last two optionally an IPv4 address; at least one digit.
    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(where: \.isHexDigit) else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (h, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (p, part) in parts.enumerated() {
                if h == halves.count - 1, p == parts.count - 1, part.contains(".") {
                    guard isIPv4(String(part)) else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit) else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups < 8 : groups == 8
    }

    /// True for four numbers of 0 to 255 between dots.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                (1...3).contains(part.count) && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                    && Int(part)! <= 255
            }
    }

    /// The host names in a host's place (`on SRV01`, `proxy 'VBO-PROXY01'`, `server: vbo-proxy01`)
    /// that look like machine names, not job or organization names.
    func hostsInPlace(in ns: NSString) -> [(NSRange, String)] {
        Self.hostPosition.matches(in: ns as String, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            var range = m.range(at: 2)
            var name = ns.substring(with: range)
            while name.hasSuffix("-") {
                name.removeLast()
                range.length -= 1
            }
            let label = String(name.prefix { $0 != "." })
            let strong = Self.hostWords.contains(ns.substring(with: m.range(at: 1)).lowercased())
            guard Self.isMachineName(label, hostWord: strong), !known.isReserved(name) else { return nil }
            return (range, name)
        }
    }
}
