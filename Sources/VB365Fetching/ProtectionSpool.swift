import Foundation
import VB365Decoding
import VB365Model

/// The backup data and licence rows a server's repositories give for every organization, kept on
/// disk by organization until that organization's snapshot is put together: a server of 500
/// tenants × 2,000 users reads a million rows before the first snapshot, which held in memory
/// would be about a gigabyte. Each organization's rows are buffered (a few kilobytes) and
/// appended to its own file in a private temporary folder, removed when the spool is.
final class ProtectionSpool {
    /// The bytes buffered per organization before they are appended to its file.
    static let flushBytes = 32 * 1024

    private let folder: String
    private var buffers: [EntityID: [UInt8]] = [:]
    private var files: [EntityID: String] = [:]

    /// Creates an empty spool in a new private folder under `parent` (the temporary folder).
    init(parent: String = NSTemporaryDirectory()) throws(FetchError) {
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8) + Array("vb365-spool.XXXXXX".utf8)
        template.append(0)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { mkdtemp($0) != nil }
        }
        guard made else {
            throw FetchError(
                .storage,
                "Cannot make a temporary folder under \(parent) for the protection rows (\(String(cString: strerror(errno)))). Set TMPDIR to a writable folder."
            )
        }
        folder = String(decoding: template.dropLast(), as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Adds a repository's backup-data row of `organization`.
    func add(_ record: ProtectionDecoder.ObjectRecord, of organization: EntityID) throws(FetchError) {
        var bytes = buffers.removeValue(forKey: organization) ?? []
        SpoolCoding.append(record, to: &bytes)
        try keep(bytes, of: organization)
    }

    /// Adds a `/LicensedUsers` row of `organization`.
    func add(_ record: ProtectionDecoder.LicensedUserRecord, of organization: EntityID) throws(FetchError) {
        var bytes = buffers.removeValue(forKey: organization) ?? []
        SpoolCoding.append(record, to: &bytes)
        try keep(bytes, of: organization)
    }

    /// Every row spooled for `organization`, in the order added; the spool forgets them.
    func take(_ organization: EntityID) throws(FetchError) -> (
        backupData: [ProtectionDecoder.ObjectRecord], licences: [ProtectionDecoder.LicensedUserRecord]
    ) {
        var bytes: [UInt8] = []
        if let file = files.removeValue(forKey: organization) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw FetchError(.storage, "Cannot read back the protection rows spooled in \(file).")
            }
            bytes = Array(data)
            try? FileManager.default.removeItem(atPath: file)
        }
        bytes += buffers.removeValue(forKey: organization) ?? []
        var reader = SpoolCoding.Reader(bytes: bytes)
        var backupData: [ProtectionDecoder.ObjectRecord] = []
        var licences: [ProtectionDecoder.LicensedUserRecord] = []
        while !reader.atEnd {
            switch reader.u8() {
            case SpoolCoding.objectTag: backupData.append(reader.object(organization))
            default: licences.append(reader.licence(organization))
            }
        }
        return (backupData, licences)
    }

    private func keep(_ bytes: [UInt8], of organization: EntityID) throws(FetchError) {
        guard bytes.count >= Self.flushBytes else {
            buffers[organization] = bytes
            return
        }
        let file = files[organization] ?? folder + "/" + String(files.count)
        files[organization] = file
        guard let handle = fopen(file, "ab") else {
            throw FetchError(
                .storage, "Cannot write the protection rows to \(file) (\(String(cString: strerror(errno)))).")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        let closed = fclose(handle) == 0
        guard written == bytes.count, closed else {
            throw FetchError(
                .storage,
                "Cannot write the protection rows to \(file) (\(String(cString: strerror(errno)))). Free space in the temporary folder or set TMPDIR."
            )
        }
        buffers[organization] = []
    }
}

/// The spool's compact binary rows: the fields of a record, each string as its length and bytes.
enum SpoolCoding {
    static let objectTag: UInt8 = 1
    static let licenceTag: UInt8 = 2

    static func append(_ record: ProtectionDecoder.ObjectRecord, to bytes: inout [UInt8]) {
        let o = record.object
        bytes.append(objectTag)
        bytes.append(UInt8(ProtectedObjectKind.allCases.firstIndex(of: o.kind)!))
        string(o.id, &bytes)
        optional(o.name, &bytes)
        optional(o.address, &bytes)
        bytes.append(o.account.map { UInt8(AccountKind.allCases.firstIndex(of: $0)! + 1) } ?? 0)
        bytes.append((o.isPersonal ? 1 : 0) | (o.inDirectory ? 2 : 0))
        let backups = o.backups.sorted { $0.key < $1.key }
        bytes.append(UInt8(backups.count))
        for (data, mark) in backups {
            bytes.append(UInt8(ProtectedData.allCases.firstIndex(of: data)!))
            bytes.append(mark.isBackedUp ? 1 : 0)
            time(mark.time, &bytes)
        }
        license(o.license, &bytes)
        strings(record.keys, &bytes)
    }

    static func append(_ record: ProtectionDecoder.LicensedUserRecord, to bytes: inout [UInt8]) {
        bytes.append(licenceTag)
        strings(record.keys, &bytes)
        optional(record.name, &bytes)
        license(record.mark, &bytes)
    }

    private static func license(_ mark: LicenseMark?, _ bytes: inout [UInt8]) {
        guard let mark else {
            bytes.append(0)
            return
        }
        bytes.append(1 | (mark.isBackedUp == true ? 2 : 0) | (mark.isBackedUp == false ? 4 : 0))
        string(mark.state.wire, &bytes)
        time(mark.lastBackup, &bytes)
    }

    private static func strings(_ values: [String], _ bytes: inout [UInt8]) {
        integer(UInt64(values.count), &bytes)
        for value in values { string(value, &bytes) }
    }

    private static func optional(_ value: String?, _ bytes: inout [UInt8]) {
        guard let value else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        string(value, &bytes)
    }

    private static func string(_ value: String, _ bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { utf8 in
            integer(UInt64(utf8.count), &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    private static func time(_ value: Timestamp?, _ bytes: inout [UInt8]) {
        guard let value else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        let bits = UInt64(bitPattern: value.ticks)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    /// A variable-length unsigned integer: seven bits a byte, the high bit set on all but the last.
    private static func integer(_ value: UInt64, _ bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Reads rows written by `append`, in order. The bytes are the spool's own: a row cut short
    /// reads as empty fields rather than past the end.
    struct Reader {
        let bytes: [UInt8]
        var at = 0

        var atEnd: Bool { at >= bytes.count }

        mutating func u8() -> UInt8 {
            guard at < bytes.count else { return 0 }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func integer() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while shift < 64 {
                let byte = u8()
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return value
        }

        mutating func string() -> String {
            let count = Int(clamping: integer())
            let end = min(bytes.count, at + count)
            defer { at = end }
            return String(decoding: bytes[at..<end], as: UTF8.self)
        }

        mutating func optional() -> String? { u8() == 0 ? nil : string() }

        mutating func time() -> Timestamp? {
            guard u8() != 0 else { return nil }
            var bits: UInt64 = 0
            for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(u8()) << UInt64(shift) }
            return Timestamp(ticks: Int64(bitPattern: bits))
        }

        mutating func strings() -> [String] {
            let count = Int(clamping: integer())
            var values: [String] = []
            values.reserveCapacity(min(count, 16))
            for _ in 0..<count where !atEnd { values.append(string()) }
            return values
        }

        mutating func license() -> LicenseMark? {
            let flags = u8()
            guard flags & 1 != 0 else { return nil }
            let state = UserLicenseState(wire: string())
            let backedUp: Bool? = flags & 2 != 0 ? true : flags & 4 != 0 ? false : nil
            return LicenseMark(state: state, isBackedUp: backedUp, lastBackup: time())
        }

        mutating func object(_ organization: EntityID) -> ProtectionDecoder.ObjectRecord {
            let kinds = ProtectedObjectKind.allCases
            let kind = kinds[min(Int(u8()), kinds.count - 1)]
            var o = ProtectionObject(kind: kind, id: string())
            o.name = optional()
            o.address = optional()
            let account = Int(u8())
            o.account = account > 0 && account <= AccountKind.allCases.count ? AccountKind.allCases[account - 1] : nil
            let flags = u8()
            o.isPersonal = flags & 1 != 0
            o.inDirectory = flags & 2 != 0
            let datas = ProtectedData.allCases
            for _ in 0..<Int(u8()) where !atEnd {
                let data = datas[min(Int(u8()), datas.count - 1)]
                let backedUp = u8() != 0
                o.backups[data] = BackupMark(isBackedUp: backedUp, time: time())
            }
            o.license = license()
            return ProtectionDecoder.ObjectRecord(object: o, keys: strings(), organizationID: organization)
        }

        mutating func licence(_ organization: EntityID) -> ProtectionDecoder.LicensedUserRecord {
            let keys = strings()
            let name = optional()
            let mark = license() ?? LicenseMark(state: .other(""))
            return ProtectionDecoder.LicensedUserRecord(
                keys: keys, name: name, organizationID: organization, mark: mark)
        }
    }
}
