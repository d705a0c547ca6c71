import Foundation

// MARK: - Learning the names a text gives away

extension Redactor {
    /// Words after which a person's name may follow (`user 'Jane Doe'`, `mailbox Jane Doe (…)`).
    static let personPosition = try! NSRegularExpression(
        pattern:
            #"(?i)(?<![\p{L}\p{N}_\-])(?:user|mailbox|account|owner|member|person|contact|recipient|sender|by)(?![\p{L}\p{N}_\-])[ \t]*(?:[:=][ \t]*)?"#
    )

    /// Words that are never part of a person's name: what log lines, jobs and services are made
    /// of, so that `Microsoft Teams`, `Finance Team` or `Backup Admin` are not taken for people.
    static let notNames: Set<String> = [
        "a", "an", "the", "and", "or", "of", "for", "to", "from", "in", "on", "at", "by", "with", "via", "is", "was",
        "were", "be", "been", "not", "no", "all", "any", "this", "that", "job", "jobs", "session", "sessions",
        "mailbox", "mailboxes", "user", "users", "account", "accounts", "site", "sites", "team", "teams", "group",
        "groups", "folder", "folders", "item", "items", "object", "objects", "archive", "archives", "onedrive",
        "sharepoint", "exchange", "online", "microsoft", "office", "outlook", "azure", "graph", "veeam", "backup",
        "backups", "restore", "copy", "admin", "admins", "administrator", "administrators", "service", "services",
        "support", "help", "desk", "helpdesk", "info", "noreply", "shared", "alert", "alerts", "failed", "failure",
        "warning", "warnings", "error", "errors", "success", "successful", "completed", "finished", "processing",
        "processed", "started", "stopped", "skipped", "running", "retry", "unable", "cannot", "could", "remote",
        "server", "proxy", "host", "repository", "organization", "tenant", "personal", "public", "calendar",
        "contacts", "inbox", "sent", "deleted", "drafts", "finance", "hr", "it", "sales", "marketing", "legal",
        "operations", "department", "room", "resource", "equipment", "system", "default", "guest", "unknown",
        "test", "demo", "new", "old", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// Lower-case words inside a person's name (`Ludwig van Beethoven`, `Ana de la Cruz`).
    static let particles: Set<String> = [
        "van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "della", "dos", "das", "bin", "al",
        "ter", "ten",
    ]

    /// Upper-case words after `server`, `host`, ... that are not machines.
    static let notMachines: Set<String> = [
        "HTTP", "HTTPS", "SMTP", "IMAP", "POP", "REST", "SOAP", "NTLM", "LDAP", "DNS", "TLS", "SSL", "API", "EWS",
        "MAPI", "OAUTH", "SAML", "JSON", "XML", "HTML", "NULL", "NONE", "TRUE", "FALSE", "ERROR", "WARNING",
        "FAILED", "SUCCESS", "UNKNOWN", "LOCALHOST", "DOWN", "BUSY", "TIMEOUT", "OFFLINE", "ONLINE",
    ]

    /// Technical words with a number that look like machine names but are not (`UTF-8`,
    /// `Office365`, `x64`, `SHA-256`, `KB5001234`).
    static let technicalWords = try! NSRegularExpression(
        pattern:
            #"^(?i:utf|ucs|iso|sha|md|aes|rsa|des|tls|ssl|http|https|ipv|x|amd|arm|windows|office|microsoft|m|o|exchange|sharepoint|rfc|kb|cve|crc|base|int|uint|float|smtp|imap|pop|ews|oauth|saml|type|v|version|net|dotnet|graph|teams|onedrive|mapi|ntlm|ldap|dns|api|tcp|udp|port|error|code|event|id|hresult|status|page|item|items|mb|gb|tb)[-_.]?\d[\d\-.]*$"#
    )

    /// True for what looks like a machine's name (`VBO-PROXY01`, `SRV01`, `vbo-proxy01`): a
    /// letter first, letters, digits and hyphens, with a digit (or, in capitals, a hyphen); after
    /// a word such as `server` (`hostWord`), also a name in capitals (`VBOPROXY`). Not a technical
    /// word with a number (`UTF-8`, `Office365`), nor a hex id (`dabb589d`).
    static func isMachineName(_ name: String, hostWord: Bool) -> Bool {
        let bytes = name.utf8
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            first >= UInt8(ascii: "A"), last != UInt8(ascii: "-")
        else { return false }
        var (digits, hexDigits, hyphens, lower) = (0, 0, 0, false)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                hexDigits += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                lower = true
                if byte <= UInt8(ascii: "f") { hexDigits += 1 }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if byte <= UInt8(ascii: "F") { hexDigits += 1 }
            case UInt8(ascii: "-"): hyphens += 1
            default: return false
            }
        }
        if lower {
            guard digits > 0 else { return false }
        } else if digits == 0 && hyphens == 0 {
            guard hostWord, bytes.count >= 4, !notMachines.contains(name) else { return false }
        }
        // A hex id (`dabb589d`, a GUID): hex digits and hyphens only, eight digits or more.
        if digits > 0, hexDigits >= 8, hexDigits + hyphens == bytes.count { return false }
        return technicalWords.firstMatch(in: name, range: NSRange(location: 0, length: name.utf16.count)) == nil
    }

    /// Learns from `text` the people, machines, mailboxes and accounts it names, so that they are
    /// masked wherever they appear.
    mutating func learn(_ text: String) {
        let ns = text as NSString
        let clues = Clues(text)
        let all = NSRange(location: 0, length: ns.length)
        func matches(_ pattern: NSRegularExpression, if clue: Bool) -> [NSTextCheckingResult] {
            clue ? pattern.matches(in: text, range: all) : []
        }
        for m in matches(Self.email, if: clues.at) {
            let address = ns.substring(with: m.range)
            let mailbox = String(address.prefix { $0 != "@" })
            if Self.isLoginName(mailbox) { known.addMailbox(mailbox, address: address) }
            if let name = Self.personName(fromMailbox: mailbox) { learnPerson(name) }
            for name in Self.namesBefore(m.range, in: ns) { learnPerson(name) }
        }
        for m in matches(Self.account, if: clues.backslash) {
            let user = ns.substring(with: m.range(at: 2))
            if Self.isLoginName(user) { known.add(user, as: .account) }
        }
        var hosts = matches(Self.unc, if: clues.backslash).map { ns.substring(with: $0.range(at: 1)) }
        for (range, _, rest) in clues.url ? Self.urls(in: ns) : [] {
            hosts.append(Self.urlHost(rest))
            // `OneDrive of Jane Doe (https://…-my.sharepoint.com/personal/jane_doe_…/)`
            if rest.contains("/personal/") {
                for name in Self.namesBefore(range, in: ns) { learnPerson(name) }
            }
        }
        for name in hosts where !name.contains(".") && Self.isMachineName(name, hostWord: false) {
            known.addHost(name)
        }
        for (_, name) in hostsInPlace(in: ns) {
            let label = String(name.prefix { $0 != "." })
            known.addHost(label, fullName: label == name ? nil : name)
        }
        for m in matches(Self.host, if: clues.dot) {
            let full = ns.substring(with: m.range)
            let label = String(full.prefix { $0 != "." })
            if Self.isMachineName(label, hostWord: false) { known.addHost(label, fullName: full) }
        }
        for m in Self.personPosition.matches(in: text, range: all) {
            if let name = Self.nameAfter(NSMaxRange(m.range), in: ns) { learnPerson(name) }
        }
    }

    /// The host of a URL, from what follows `://`: without the user, the port or the path.
    static func urlHost(_ rest: String) -> String {
        let authority = rest.prefix { !"/?#".contains($0) }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        return String(hostPort.prefix { $0 != ":" })
    }

    /// Learns a person's name, unless it is a job's or an organization's.
    mutating func learnPerson(_ name: String) { known.add(name, as: .person) }

    /// True for a mailbox or user name that is nobody's ordinary word: with a dot, an underscore,
    /// a hyphen or a digit (`anna.berg`, `svc-backup`, `jdoe2`), four characters or more.
    static func isLoginName(_ name: String) -> Bool {
        name.count >= 4 && name.contains(where: \.isLetter)
            && name.contains { $0 == "." || $0 == "_" || $0 == "-" || $0.isNumber }
    }

    /// `Jane Doe` from the mailbox `jane.doe`, when both parts are names.
    static func personName(fromMailbox mailbox: String) -> String? {
        let parts = mailbox.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) }) else {
            return nil
        }
        return personName(parts.map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() })
    }

    /// The display name before an address (or a OneDrive's URL) in brackets: `Jane Doe <jane@…>`,
    /// `mailbox Jane Doe (jane@…)`, `"Doe, Jane" <…>` (then both `Jane Doe` and `Doe Jane`).
    static func namesBefore(_ address: NSRange, in ns: NSString) -> [String] {
        var open = address.location - 1
        while open >= 0, ns.character(at: open) == 0x20 { open -= 1 }
        var close = NSMaxRange(address)
        while close < ns.length, ns.character(at: close) == 0x20 { close += 1 }
        guard open >= 0, close < ns.length else { return [] }
        let brackets = (ns.character(at: open), ns.character(at: close))
        guard brackets == (0x3C, 0x3E) || brackets == (0x28, 0x29) else { return [] }  // <> ()
        let from = max(0, open - 100)
        var before = Substring(ns.substring(with: NSRange(location: from, length: open - from)))
        while before.last?.isWhitespace == true { before.removeLast() }
        if let quote = before.last, "\"'“”‘’".contains(quote) {
            let inside = before.dropLast()
            guard let start = inside.lastIndex(where: { "\"'“”‘’".contains($0) }) else { return [] }
            let quoted = inside[inside.index(after: start)...]
            let parts = quoted.split(separator: ",").map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
            if parts.count == 2 {
                return [personName(parts[1] + parts[0]), personName(parts[0] + parts[1])].compactMap { $0 }
            }
            return [personName(quoted.split(whereSeparator: \.isWhitespace).map(String.init))].compactMap { $0 }
        }
        let words = before.split(whereSeparator: \.isWhitespace).reversed().prefix { isNameWord($0) || isParticle($0) }
        return [personName(Array(words.prefix(6).reversed()).map(String.init))].compactMap { $0 }
    }

    /// The name after `user`, `mailbox`, ... at `start`: quoted (`user 'Jane Doe'`), or the
    /// capitalised words that follow (`mailbox Jane Doe (jane@…)`).
    static func nameAfter(_ start: Int, in ns: NSString) -> String? {
        // Most often a lower-case word follows (`mailbox anna.berg@…`, `by user`): no name.
        guard start < ns.length, !(0x61...0x7A).contains(ns.character(at: start)) else { return nil }
        let rest = ns.substring(with: NSRange(location: start, length: min(120, ns.length - start)))
        guard let first = rest.first else { return nil }
        if let close = ["\"": "\"", "'": "'", "“": "”", "‘": "’"][first] {
            let inside = rest.dropFirst()
            guard let end = inside.firstIndex(where: { String($0) == close }) else { return nil }
            return personName(inside[..<end].split(whereSeparator: \.isWhitespace).map(String.init))
        }
        var words: [String] = []
        for raw in rest.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false).prefix(6) {
            let word = raw.prefix { !".,;:!?)".contains($0) }
            guard !word.isEmpty, isNameWord(word) || isParticle(word) else { break }
            words.append(String(word))
            if word.count != raw.count { break }
        }
        return personName(words)
    }

    /// The person's name that `words` make, without leading or trailing particles or words that
    /// are not names; nil unless two to four words are left, each capitalised (particles
    /// inside), none of them a word such as `Microsoft`, `Team` or `Failed`.
    static func personName(_ words: [String]) -> String? {
        var words = words[...]
        while let w = words.first, isParticle(Substring(w)) || notNames.contains(w.lowercased()) {
            words.removeFirst()
        }
        while let w = words.last, isParticle(Substring(w)) || notNames.contains(w.lowercased()) {
            words.removeLast()
        }
        guard (2...4).contains(words.count), let first = words.first, let last = words.last,
            isNameWord(Substring(first)), isNameWord(Substring(last)),
            words.allSatisfy({
                (isNameWord(Substring($0)) || isParticle(Substring($0))) && !notNames.contains($0.lowercased())
            })
        else { return nil }
        return words.joined(separator: " ")
    }

    /// A capitalised word of letters (`Jane`, `O'Brien`, `Anne-Marie`, `Müller`), not in capitals only.
    static func isNameWord(_ word: Substring) -> Bool {
        let bytes = word.utf8
        guard bytes.count >= 2, let first = bytes.first else { return false }
        if first < 0x80 {
            // Most words are ASCII: decide without Unicode properties.
            guard first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return false }
            if bytes.allSatisfy({ $0 < 0x80 }) {
                return bytes.dropFirst().allSatisfy {
                    ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                        || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                        || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "-")
                } && bytes.contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
            }
        }
        guard let head = word.first, head.isUppercase, head.isLetter else { return false }
        return word.allSatisfy { $0.isLetter || "'’-".contains($0) } && word.contains(where: \.isLowercase)
    }

    static func isParticle(_ word: Substring) -> Bool { particles.contains(String(word)) }
}
