/// One message to submit: its envelope (RFC 5321) and its bytes as rendered (CRLF line ends,
/// without dot-stuffing, which the submission adds).
package struct SMTPMessage: Sendable, Equatable {
    /// The envelope sender, `MAIL FROM`.
    package var sender: String
    /// Every envelope recipient, `RCPT TO`: To, Cc and Bcc alike.
    package var recipients: [String]
    package var bytes: [UInt8]

    /// Creates a message.
    package init(sender: String, recipients: [String], bytes: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.bytes = bytes
    }

    /// The DATA payload: bare LFs made CRLF, each line starting with `.` given another
    /// (RFC 5321 §4.5.2), a final CRLF, then `.` CRLF; nil when a line passes 998 octets.
    func dataPayload() -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 50 + 5)
        var lineLength = 0
        var atLineStart = true
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            if b == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                out += [0x0D, 0x0A]
                index += 2
                lineLength = 0
                atLineStart = true
                continue
            }
            if b == 0x0A || b == 0x0D {
                out += [0x0D, 0x0A]
                index += 1
                lineLength = 0
                atLineStart = true
                continue
            }
            if atLineStart && b == UInt8(ascii: ".") { out.append(b) }
            out.append(b)
            atLineStart = false
            lineLength += 1
            if lineLength > 998 { return nil }
            index += 1
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }

    /// Whether the envelope or the message holds bytes outside ASCII (SMTPUTF8 then needed).
    var needsUTF8: Bool {
        !(sender.utf8.allSatisfy { $0 < 0x80 } && recipients.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
    }

    /// Whether the message holds bytes outside ASCII (8BITMIME then used when offered).
    var hasEightBit: Bool { bytes.contains { $0 >= 0x80 } }
}
