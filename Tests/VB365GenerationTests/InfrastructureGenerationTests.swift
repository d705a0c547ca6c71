import Foundation
import Testing
import VB365Decoding
import VB365Generation
import VB365Model
import VB365Reading
import VB365TestSupport

@Suite("Generated infrastructure: repositories, proxies, the licence and processed objects")
struct InfrastructureGenerationTests {
    static let world = SessionGenerator(
        settings: .init(seed: 365, organizations: 2, jobsPerOrganization: 2, start: SampleSet.start))
    static let generator = SampleSet.infrastructure

    @Test(
        "every version's repositories, proxies, licence and licensing decode back to what was generated",
        arguments: APIVersion.allCases)
    func roundTrip(version: APIVersion) throws {
        let g = Self.generator
        let t = SampleSet.morningAfter
        let encoder = WireEncoder(version: version)
        let repositories = try WireDecoder.decode(encoder.repositories(g.repositories(at: t, version: version)))
        #expect(repositories.repositories == g.repositories(at: t, version: version))
        #expect(repositories.repositories.contains { $0.isObjectStorage } == (version >= .v6))
        let proxies = try WireDecoder.decode(encoder.proxies(g.proxies(at: t, version: version)))
        #expect(proxies.proxies == g.proxies(at: t, version: version))
        let license = try WireDecoder.decode(encoder.license(g.license(at: t)))
        let expected = g.license(at: t)
        #expect(license.licenses.first?.expires == expected.expires)
        #expect(license.licenses.first?.usedNumber == expected.usedNumber)
        #expect(license.licenses.first?.gracePeriodExpires == (version >= .v7 ? expected.gracePeriodExpires : nil))
        let org = g.organizations[1].id
        let figures = try #require(g.organizationLicensing(at: t).first { $0.organizationID == org })
        let licensing = try WireDecoder.decode(
            encoder.licensing(figures),
            hints: WireDecoder.Hints(path: "x/20261123T060000Z-\(version)-licensing-\(org).json"))
        #expect(licensing.organizationLicensing == [figures])
        #expect(licensing.snapshotTime == t)
        let instance = try WireDecoder.decode(encoder.serviceInstance(g.serviceInstance(version: version)))
        #expect(instance.serviceInstances.first?.version == InfrastructureGenerator.serverVersion(version))
    }

    /// A second before `SettingsIncidents.time`, and the time itself.
    static let incidentTimes = [SettingsIncidents.time.adding(seconds: -1), SettingsIncidents.time]

    @Test(
        "retention and immutability follow SettingsIncidents: shortened and switched off from its time on",
        arguments: APIVersion.allCases)
    func settingsIncidents(version: APIVersion) throws {
        let g = Self.generator
        let (before, after) = (Self.incidentTimes[0], Self.incidentTimes[1])
        let old = g.repositories(at: before, version: version)
        let new = g.repositories(at: after, version: version)
        #expect(old.map(\.retention) == Array(repeating: SettingsIncidents.retention, count: old.count))
        #expect(new[0].id == g.repositoryID(0))
        #expect(new[0].retention == SettingsIncidents.shortRetention)
        #expect(new.dropFirst().allSatisfy { $0.retention == SettingsIncidents.retention })
        let storage = (old.first { $0.isObjectStorage }, new.first { $0.isObjectStorage })
        #expect((storage.0 != nil) == (version >= .v6))
        if version >= .v8 {
            #expect(storage.0?.immutabilityEnabled == true)
            #expect(storage.0?.immutabilityDays == SettingsIncidents.immutabilityDays)
            #expect(storage.1?.immutabilityEnabled == false)
            #expect(storage.1?.immutabilityDays == nil)
        }
        // Only v8's object storage says anything of immutability.
        let immutable = (old + new).filter { $0.immutabilityEnabled != nil || $0.immutabilityDays != nil }
        #expect(immutable.allSatisfy { version >= .v8 && $0.isObjectStorage })
        #expect(!g.repositories(at: SampleSet.start, version: version).contains { $0.retention != .years(3) })
    }

    @Test(
        "retention and immutability round-trip through the wire before and after the incident",
        arguments: APIVersion.allCases, InfrastructureGenerationTests.incidentTimes)
    func settingsRoundTrip(version: APIVersion, t: Timestamp) throws {
        let generated = Self.generator.repositories(at: t, version: version)
        let bytes = WireEncoder(version: version).repositories(generated)
        let decoded = try WireDecoder.decode(bytes)
        #expect(decoded.warnings.isEmpty)
        #expect(decoded.repositories == generated)
        // v8 writes immutability inside `objectStorage`, never beside it.
        let body = try JSONSerialization.jsonObject(with: Data(bytes))
        let list = try #require(
            (body as? [[String: Any]]) ?? ((body as? [String: Any])?["results"] as? [[String: Any]]))
        #expect(list.allSatisfy { $0["enableImmutability"] == nil && $0["immutabilityPeriodDays"] == nil })
        let storage = list.compactMap { $0["objectStorage"] as? [String: Any] }
        #expect(storage.count == (version >= .v8 ? 1 : 0))
        if let storage = storage.first {
            #expect(storage["enableImmutability"] as? Bool == (t < SettingsIncidents.time))
            #expect(storage["immutabilityPeriodDays"] as? Int == (t < SettingsIncidents.time ? 30 : nil))
        }
        let first = try #require(list.first)
        let weakened = t >= SettingsIncidents.time
        #expect(first["retentionPeriodType"] as? String == (weakened ? "Daily" : "Yearly"))
        if weakened {
            // Up to v3 the period is a string, as the docs' examples write it.
            if version <= .v3 {
                #expect(first["dailyRetentionPeriod"] as? String == "30")
            } else {
                #expect(first["dailyRetentionPeriod"] as? Int == 30)
            }
        } else {
            #expect(first["yearlyRetentionPeriod"] as? String == "Years3")
        }
    }

    @Test(
        "every retention and immutability a repository can have survives the encoder and the decoder",
        arguments: [APIVersion.v1, .v3, .v4, .v6, .v7, .v8])
    func retentionShapes(version: APIVersion) throws {
        let periods: [RetentionPeriod?] = [
            .days(1), .days(14), .months(1), .months(18), .years(1), .years(2), .years(25), .forever, nil,
        ]
        let repositories = periods.enumerated().map { (i, period) -> Repository in
            var r = Repository(id: SessionGenerator.uuid(5, 4, i))
            r.name = "Repository \(i)"
            r.retention = period
            if !(version >= .v6 && i % 3 == 0) {
                r.capacityBytes = 1_000
                r.freeSpaceBytes = 400
            }
            if version >= .v6 && i % 3 == 0 {
                r.isObjectStorage = true
                r.isLongTerm = false
                r.isOutOfSync = false
                if version >= .v8 {
                    r.objectStorageType = "AmazonS3"
                    r.isOutdated = false
                    r.isOutOfOrder = false
                    r.immutabilityEnabled = i != 3
                    r.immutabilityDays = i == 0 ? 90 : nil
                }
            } else if version >= .v6 {
                r.isLongTerm = false
                r.isOutOfSync = false
                if version >= .v8 {
                    r.isOutdated = false
                    r.isOutOfOrder = false
                }
            }
            return r
        }
        let decoded = try WireDecoder.decode(WireEncoder(version: version).repositories(repositories))
        #expect(decoded.warnings.isEmpty)
        #expect(decoded.repositories.map(\.retention) == periods)
        #expect(decoded.repositories.map(\.immutabilityEnabled) == repositories.map(\.immutabilityEnabled))
        #expect(decoded.repositories.map(\.immutabilityDays) == repositories.map(\.immutabilityDays))
    }

    @Test("an estate of 500 organizations: every disk repository has free space within its capacity, 32 % to 62 %")
    func manyOrganizations() {
        let world = SessionGenerator(
            settings: .init(seed: 9, organizations: 500, jobsPerOrganization: 1, start: SampleSet.start))
        let g = InfrastructureGenerator(
            organizations: world.organizations, jobs: world.jobs, end: SampleSet.morningAfter)
        let disks = g.repositories(at: SampleSet.morningAfter, version: .v8).filter { !$0.isObjectStorage }
        #expect(disks.count == 500)
        for r in disks.dropFirst() {
            let free = Double(r.freeSpaceBytes ?? -1) / Double(r.capacityBytes ?? 1)
            #expect(free > 0.31 && free < 0.63, "\(r.name ?? "?"): \(free)")
        }
    }

    @Test(
        "the first repository fills up day by day, to about 7 % free on the samples' morning; proxy-02 is offline on the last two"
    )
    func fillingAndOffline() {
        let g = Self.generator
        let mornings = (1...14).map { SampleSet.start.adding(seconds: Double($0) * 86_400 + 6 * 3600) }
        let free = mornings.map { t -> Double in
            let r = g.repositories(at: t, version: .v8)[0]
            return Double(r.freeSpaceBytes!) / Double(r.capacityBytes!)
        }
        #expect(free.first! > 0.40 && free.first! < 0.43)
        #expect(free.last! > 0.06 && free.last! < 0.08)
        #expect(zip(free, free.dropFirst()).allSatisfy { $0 > $1 }, "fuller every morning: \(free)")
        let steady = mornings.map { g.repositories(at: $0, version: .v8)[1].freeSpaceBytes! }
        #expect(Double(steady.max()! - steady.min()!) / Double(InfrastructureGenerator.diskCapacity) < 0.01)
        let offline = mornings.map { g.proxies(at: $0, version: .v8)[1].isOffline }
        #expect(offline == Array(repeating: false, count: 12) + [true, true])
        #expect(g.proxies(at: mornings.last!, version: .v8)[0].isOnline)
        #expect(g.license(at: mornings.last!).expires == Timestamp(year: 2026, month: 11, day: 27))
        #expect(g.license(at: mornings.last!).status == "Valid")
    }

    @Test(
        "processed objects: only for sessions that did not succeed, 6 to 40, failed ones for failed sessions, with links"
    )
    func processedObjects() throws {
        let g = Self.generator
        let sessions = (0..<400).map(Self.world.session)
        for s in sessions {
            let objects = g.processedObjects(for: s)
            if s.status == .success {
                #expect(objects.isEmpty)
                continue
            }
            #expect((6...40).contains(objects.count))
            #expect(objects.contains { $0.0.status == .failed } == (s.status == .failed))
            #expect(objects.allSatisfy { $0.0.sessionID == s.id && $0.0.link != nil })
            #expect(g.processedObjects(for: s).map(\.0) == objects.map(\.0), "deterministic")
        }
        let failed = try #require(sessions.first { $0.status == .failed })
        let encoder = WireEncoder(version: .v8)
        let objects = g.processedObjects(for: failed)
        let decoded = try WireDecoder.decode(
            encoder.processedObjects(objects.map(\.0), session: failed.id),
            hints: WireDecoder.Hints(path: "x/processed/\(failed.id).json"))
        #expect(decoded.processedObjects.map(\.id) == objects.map(\.0.id))
        #expect(decoded.processedObjects.map(\.status) == objects.map(\.0.status))
        #expect(decoded.processedObjects.allSatisfy { $0.link?.hasPrefix("/v8/Organizations/") == true })
        for (_, entry) in objects {
            let name = try WireDecoder.decode(
                encoder.object(entry), hints: WireDecoder.Hints(path: "x/processed/objects/\(entry.id).json"))
            #expect(name.objectNames.map(\.name) == [entry.name], "\(entry.type)")
        }
    }

    @Test("the copy job copies the first job; its sessions follow that job's finished runs")
    func copyJob() throws {
        let g = Self.generator
        let copy = try #require(g.copyJob)
        #expect(copy.backupJobID == Self.world.jobs[0].id)
        let sessions = (0..<40).map(Self.world.session)
        let copies = g.copySessions(of: sessions)
        #expect(!copies.isEmpty && copies.allSatisfy { $0.jobID == copy.id && $0.jobType == .copy })
        let decoded = try WireDecoder.decode(WireEncoder(version: .v8).copyJobs([copy]))
        #expect(decoded.jobs.first?.isCopyJob == true && decoded.jobs.first?.backupJobID == copy.backupJobID)
    }

    @Test("the samples read back: the repository filling up, proxy-02 offline, the licence expiring on 2026-11-27")
    func samples() async throws {
        let inventory = await Fixtures.read([Fixtures.samples]).inventory
        let infrastructure = inventory.infrastructure
        let filling = infrastructure.repositories.filter { $0.value.id == Self.generator.repositoryID(0) }
            .sorted { $0.time! < $1.time! }
        #expect(filling.count == SampleSet.days)
        let last = try #require(filling.last)
        #expect(last.time == SampleSet.morningAfter)
        #expect(last.value.capacityBytes == InfrastructureGenerator.diskCapacity)
        #expect(last.value == Self.generator.repositories(at: SampleSet.morningAfter, version: .v8)[0])
        let proxy = try #require(
            infrastructure.proxies.filter { $0.value.hostName == "proxy-02" }.max { $0.time! < $1.time! })
        #expect(proxy.value.isOffline)
        let license = try #require(infrastructure.licenses.max { $0.time! < $1.time! })
        #expect(license.value.expires == Timestamp(year: 2026, month: 11, day: 27))
        let unsuccessful = inventory.infrastructure.processedObjects.keys
        #expect(!unsuccessful.isEmpty)
        #expect(!infrastructure.objectNames.isEmpty)
    }
}
