import Foundation
import VB365Model
import VB365Support

/// An RFC 5322 message with a `multipart/alternative` body (RFC 2046): UTF-8 text parts in
/// quoted-printable (RFC 2045, lines of at most 76 characters), non-ASCII header text as RFC 2047
/// encoded words, headers folded before 78 characters. Deterministic: the boundary and the
/// `Message-ID` come from the content and the date, not from a random source.
package struct MailMessage: Sendable {
    package var from: MailAddress
    package var to: [MailAddress]
    /// Copy recipients, named in a `Cc` header.
    package var cc: [MailAddress] = []
    /// Blind-copy recipients: in the envelope only (`envelopeRecipients`), never in a header.
    package var bcc: [MailAddress] = []
    package var subject: String
    package var date: Timestamp
    /// The plain-text part, then the HTML part.
    package var text: String
    package var html: String
    /// Extra headers, such as `X-Mailer`.
    package var extraHeaders: [(String, String)] = []

    /// Creates a message.
    package init(from: MailAddress, to: [MailAddress], subject: String, date: Timestamp, text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
    }

    /// The message's bytes, with `lineEnd` (CRLF for files and the wire, LF for a local
    /// `sendmail`).
    package func render(lineEnd: String = "\r\n") -> [UInt8] {
        let textBody = Self.quotedPrintable(text)
        let htmlBody = Self.quotedPrintable(html)
        let digest = Self.hash(textBody + htmlBody + subject + String(date.ticks) + to.map(\.address).joined())
        let boundary = "=_vb365_" + digest
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        var lines: [String] = []
        func header(_ name: String, _ value: String) { lines += Self.fold(name + ": " + value) }
        header("From", from.rendered)
        header("To", to.map(\.rendered).joined(separator: ", "))
        if !cc.isEmpty { header("Cc", cc.map(\.rendered).joined(separator: ", ")) }
        lines += Self.fold("Subject: " + Self.headerText(Self.oneLine(subject)))
        header("Date", Self.rfc5322Date(date))
        header("Message-ID", "<vb365-report.\(digest)@\(domain)>")
        header("MIME-Version", "1.0")
        header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
        header("Auto-Submitted", "auto-generated")
        for (name, value) in extraHeaders { header(name, Self.headerText(Self.oneLine(value))) }
        lines.append("")
        lines.append("This is a MIME message: the same report as plain text and as HTML.")
        for (type, body) in [("text/plain", textBody), ("text/html", htmlBody)] {
            lines.append("")
            lines.append("--" + boundary)
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines += body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        lines.append("")
        lines.append("--" + boundary + "--")
        lines.append("")
        return Array(lines.joined(separator: lineEnd).utf8)
    }

    /// Every address the message goes to, for an SMTP envelope: To, Cc and Bcc, each once.
    package var envelopeRecipients: [String] {
        var seen: Set<String> = []
        return (to + cc + bcc).map(\.address).filter { seen.insert($0.lowercased()).inserted }
    }

    // MARK: - Encodings

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: lines end with LF in the result (joined
    /// later with the chosen line end), soft breaks keep every line within 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var out: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            // A line starting with "." or "From " is encoded, so no transport can mangle it.
            let guarded = line.hasPrefix(".") || line.hasPrefix("From ")
            var current = ""
            for (i, b) in bytes.enumerated() {
                let last = i == bytes.count - 1
                var literal = (b >= 33 && b <= 126 && b != UInt8(ascii: "=")) || ((b == 0x20 || b == 0x09) && !last)
                if i == 0 && guarded { literal = false }
                let piece = literal ? String(UnicodeScalar(b)) : hex(b)
                if current.count + piece.count > 75 {
                    out.append(current + "=")
                    current = ""
                }
                current += piece
            }
            out.append(current)
        }
        return out.joined(separator: "\n")
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }

    /// Control characters (CR, LF, tabs, …) become spaces: nothing can start a new header.
    static func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// Header text as it goes on the wire: as it is when it is plain ASCII whose words can be
    /// folded, else as encoded words.
    static func headerText(_ s: String) -> String {
        let foldable = s.split(separator: " ").allSatisfy { $0.count <= 70 }
        if foldable && s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return s }
        return encodedWords(s, always: true)
    }

    /// The text as RFC 2047 `=?UTF-8?B?…?=` words when it is not plain ASCII (or `always`), each
    /// word at most 60 characters, never splitting a Unicode scalar's bytes.
    static func encodedWords(_ s: String, always: Bool = false) -> String {
        if !always && s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return s }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in s.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            // 36 bytes make 48 base64 characters: with `=?UTF-8?B?` and `?=`, 60 in all, so that the
            // first word still fits on the `Subject:` line.
            if chunk.count + bytes.count > 36 {
                words.append("=?UTF-8?B?" + base64(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + base64(chunk) + "?=") }
        return words.joined(separator: " ")
    }

    /// Folds a header at spaces so that no line passes 78 characters (encoded words are never
    /// split).
    static func fold(_ line: String, encoded: Bool = false) -> [String] {
        guard line.count > 78 else { return [line] }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 78 {
                lines.append(current)
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(current)
        return lines
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// `Mon, 23 Nov 2026 06:30:00 +0000`.
    static func rfc5322Date(_ t: Timestamp) -> String {
        let c = t.civil
        let days = Timestamp.daysFromCivil(year: c.year, month: c.month, day: c.day)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][c.month - 1]
        let two = { (v: Int) in Formatting.pad(v) }
        return "\(weekday), \(c.day) \(month) \(c.year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }

    /// 32 hex digits of two FNV-1a hashes: stable, not secret.
    static func hash(_ s: String) -> String {
        // The second hash adds a constant after each step, so the two are independent.
        var b: UInt64 = 0x8422_2325_CBF2_9CE4
        for byte in s.utf8 { b = (b ^ UInt64(byte)) &* 0x100_0000_01B3 &+ 0x9E37 }
        return Formatting.hex(FNV1a.hash(s.utf8)) + Formatting.hex(b)
    }
}

/// An e-mail address (`addr-spec`, RFC 5322 §3.4.1), checked conservatively: a local part of
/// letters, digits and `.!#$%&'*+/=?^_`{|}~-`, an `@`, and a domain of letters, digits, hyphens
/// and dots. Optionally with a display name.
package struct MailAddress: Sendable, Equatable {
    package var address: String
    package var displayName: String?

    /// Parses `user@example.com` or `Backup Team <backup@example.com>`; nil when it is not an
    /// address.
    package init?(_ text: String) {
        var t = text.trimmingPrefix(" ")
        var name: String?
        if let open = t.lastIndex(of: "<"), t.hasSuffix(">") {
            let n = String(t[..<open]).trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            name = n.isEmpty ? nil : n
            t = t[t.index(after: open)..<t.index(before: t.endIndex)]
        }
        let parts = t.split(separator: "@", omittingEmptySubsequences: false)
        let localChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        let domainChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, parts[0].allSatisfy(localChars.contains),
            !parts[1].isEmpty, parts[1].count <= 253, parts[1].allSatisfy(domainChars.contains),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..")
        else { return nil }
        if let n = name, n.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return nil }
        self.address = String(t)
        self.displayName = name
    }

    /// The addresses of an address list (RFC 5322 §3.4): addresses separated by commas, each
    /// optionally with a display name (quoted names may hold commas), and groups such as
    /// `Backup Team: a@example.com, "Ops, night" <b@example.com>;`, whose members are listed (an
    /// empty group lists none). Nil when any member is not an address, or a quote, angle bracket
    /// or group is left open.
    package static func list(_ text: String) -> [MailAddress]? {
        var addresses: [MailAddress] = []
        var current = ""
        var inQuotes = false
        var inAngle = false
        var inGroup = false
        func flush() -> Bool {
            let item = current.trimmingCharacters(in: .whitespaces)
            current = ""
            if item.isEmpty { return true }
            guard let address = MailAddress(item) else { return false }
            addresses.append(address)
            return true
        }
        var previous: Character = " "
        for c in text {
            defer { previous = c }
            if inQuotes {
                current.append(c)
                if c == "\"" && previous != "\\" { inQuotes = false }
                continue
            }
            switch c {
            case "\"":
                inQuotes = true
                current.append(c)
            case "<":
                guard !inAngle else { return nil }
                inAngle = true
                current.append(c)
            case ">":
                guard inAngle else { return nil }
                inAngle = false
                current.append(c)
            case ":" where !inAngle:
                // A group's name: what came before it is not an address.
                guard !inGroup else { return nil }
                inGroup = true
                current = ""
            case ";" where !inAngle:
                guard inGroup, flush() else { return nil }
                inGroup = false
            case "," where !inAngle:
                guard flush() else { return nil }
            default:
                current.append(c)
            }
        }
        guard !inQuotes, !inAngle, !inGroup, flush() else { return nil }
        return addresses
    }

    /// `Backup Team <backup@example.com>`: the name as it is when it is plain words, in quotes when
    /// it holds specials such as `,` or `<` (so it can never add a recipient), encoded when it is
    /// not ASCII.
    package var rendered: String {
        guard let displayName else { return address }
        let ascii = displayName.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        guard ascii else { return "\(MailMessage.encodedWords(displayName, always: true)) <\(address)>" }
        let plain = displayName.unicodeScalars.allSatisfy { !"\"\\<>,;:@()[].".unicodeScalars.contains($0) }
        if plain { return "\(displayName) <\(address)>" }
        let quoted = displayName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(address)>"
    }
}
