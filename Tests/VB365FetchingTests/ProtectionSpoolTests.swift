import Foundation
import Testing
import VB365Decoding
import VB365Model

@testable import VB365Fetching

@Suite("The protection spool gives back each organization's rows as they were added")
struct ProtectionSpoolTests {
    static let contoso = EntityID("11111111-1111-1111-1111-111111111111")
    static let fabrikam = EntityID("22222222-2222-2222-2222-222222222222")

    static func record(_ i: Int, organization: EntityID) -> ProtectionDecoder.ObjectRecord {
        var o = ProtectionObject(kind: i % 3 == 0 ? .site : .user, id: "id-\(i)-\(organization)")
        o.name = i % 2 == 0 ? "Name \(i) ‏עברית 🙂" : nil
        o.address = i % 5 == 0 ? nil : "user\(i)@example.com"
        o.account = i % 4 == 0 ? .shared : nil
        o.isPersonal = i % 7 == 0
        o.inDirectory = i % 2 == 1
        o.backups[.mailbox] = BackupMark(isBackedUp: true, time: Timestamp(ticks: Int64(i) * 10_000_000 - 5))
        if i % 3 == 0 { o.backups[.site] = BackupMark(isBackedUp: false, time: nil) }
        if i % 6 == 0 { o.license = LicenseMark(state: .exceeded, isBackedUp: false, lastBackup: nil) }
        return ProtectionDecoder.ObjectRecord(
            object: o, keys: [o.id, "ms-\(i)", String(repeating: "k", count: i % 300)], organizationID: organization)
    }

    @Test("thousands of rows of two organizations, past the flush size, come back equal and in order")
    func roundTrip() throws {
        let spool = try ProtectionSpool()
        var expected: [EntityID: [ProtectionDecoder.ObjectRecord]] = [:]
        for i in 0..<3_000 {
            let organization = i % 3 == 0 ? Self.fabrikam : Self.contoso
            let r = Self.record(i, organization: organization)
            expected[organization, default: []].append(r)
            try spool.add(r, of: organization)
            if i % 100 == 0 {
                let licence = ProtectionDecoder.LicensedUserRecord(
                    keys: ["lic-\(i)"], name: i % 200 == 0 ? nil : "user\(i)@example.com", organizationID: organization,
                    mark: LicenseMark(
                        state: i % 300 == 0 ? .other("Odd") : .temporarilyAssigned,
                        isBackedUp: i % 200 == 0 ? nil : true,
                        lastBackup: Timestamp(ticks: Int64(i))))
                try spool.add(licence, of: organization)
            }
        }
        for organization in [Self.contoso, Self.fabrikam] {
            let (rows, licences) = try spool.take(organization)
            let want = expected[organization]!
            #expect(rows.count == want.count)
            for (a, b) in zip(rows, want) {
                #expect(a.object == b.object)
                #expect(a.keys == b.keys)
                #expect(a.organizationID == organization)
            }
            #expect(!licences.isEmpty)
            #expect(licences.allSatisfy { $0.keys.first?.hasPrefix("lic-") == true })
            if organization == Self.fabrikam {
                #expect(licences.contains { $0.mark.state == .other("Odd") && $0.mark.isBackedUp == nil })
            }
        }
        let again = try spool.take(Self.contoso)
        #expect(again.backupData.isEmpty && again.licences.isEmpty, "taken rows are forgotten")
    }

    @Test("the spool's folder is private and removed with it")
    func folderRemoved() throws {
        let parent = NSTemporaryDirectory() + "spool-test-\(getpid())"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        do {
            let spool = try ProtectionSpool(parent: parent)
            for i in 0..<2_000 { try spool.add(Self.record(i, organization: Self.contoso), of: Self.contoso) }
            let made = try FileManager.default.contentsOfDirectory(atPath: parent)
            #expect(made.count == 1)
            let attributes = try FileManager.default.attributesOfItem(atPath: parent + "/" + made[0])
            #expect((attributes[.posixPermissions] as? Int) == 0o700)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test("a folder that cannot be made is an error that names it")
    func unwritable() {
        #expect(throws: FetchError.self) { try ProtectionSpool(parent: "/nonexistent/folder") }
    }
}
