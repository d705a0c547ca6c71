import Foundation
import Testing
import VB365Decoding
import VB365Generation
import VB365Model
import VB365TestSupport

@Suite("Generated data and the bundled samples")
struct GenerationTests {
    @Test("samples/ is exactly what the generator writes (run `swift run vb365-dev samples` after changing it)")
    func samplesInSync() throws {
        let files = SampleSet.files()
        let root = URL(fileURLWithPath: Fixtures.samples)
        for file in files {
            let onDisk = try Data(contentsOf: root.appendingPathComponent(file.path))
            #expect(Array(onDisk) == file.bytes, "\(file.path) differs from the generator's output")
        }
        let json = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".json")
        }
        #expect(Set(json) == Set(files.map(\.path)))
    }

    @Test("the same seed gives the same sessions")
    func deterministic() {
        let settings = SessionGenerator.Settings(seed: 7, start: Timestamp(year: 2026, month: 1, day: 1))
        let a = SessionGenerator(settings: settings)
        let b = SessionGenerator(settings: settings)
        #expect((0..<200).map(a.session) == (0..<200).map(b.session))
        #expect(a.jobs == b.jobs)
    }

    @Test("every version's encoding decodes back to the same sessions", arguments: APIVersion.allCases)
    func roundTrip(version: APIVersion) throws {
        let generator = SessionGenerator(settings: .init(seed: 11, start: Timestamp(year: 2026, month: 1, day: 1)))
        let sessions = (0..<40).map(generator.session)
        let bytes = WireEncoder(version: version).sessions(sessions)
        let decoded = try bytes.withUnsafeBytes { try WireDecoder.decode($0) }
        #expect(decoded.sessions.count == sessions.count)
        for (original, back) in zip(sessions, decoded.sessions) {
            #expect(back.id == original.id)
            #expect(back.jobID == original.jobID)
            #expect(back.creationTime == original.creationTime)
            #expect(back.endTime == original.endTime)
            #expect(back.status == original.status)
            #expect(back.statistics.processedObjects == original.statistics.processedObjects)
            let sent = Double(original.statistics.transferredBytes ?? 0)
            let got = Double(back.statistics.transferredBytes ?? 0)
            // v1/v2 round to one decimal of the unit: within 5 %.
            #expect(abs(got - sent) <= (version.hasStringStatistics ? sent * 0.05 + 1 : 0))
            if version >= .v7 { #expect(back.mainSessionID == original.mainSessionID) }
            if version >= .v8 { #expect(back.eTag == original.eTag) }
        }
    }

    @Test(
        "v6-v8 sessions, jobs and log items carry only members the published OpenAPI schemas define",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"))
    func openAPIConformance() throws {
        let folder = try #require(Fixtures.openAPIFolder)
        let generator = SessionGenerator(settings: .init(seed: 3, start: Timestamp(year: 2026, month: 1, day: 1)))
        let session = generator.session(5)
        for version in [APIVersion.v6, .v7, .v8] {
            let spec = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/vb365-\(version)-sessions.json")))
                    as? [String: Any])
            let schemas = try #require((spec["components"] as? [String: Any])?["schemas"] as? [String: Any])
            func properties(_ name: String) -> Set<String> {
                Set(((schemas[name] as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
            }
            let encoder = WireEncoder(version: version)
            let page = try #require(
                try JSONSerialization.jsonObject(with: Data(encoder.sessions([session], next: true))) as? [String: Any])
            #expect(Set(page.keys).isSubset(of: properties("PageOfRESTJobSession")), "\(version) page: \(page.keys)")
            let object = try #require((page["results"] as? [[String: Any]])?.first)
            #expect(
                Set(object.keys).isSubset(of: properties("RESTJobSession")),
                "\(version) session: \(Set(object.keys).subtracting(properties("RESTJobSession")))")
            let statistics = try #require(object["statistics"] as? [String: Any])
            #expect(Set(statistics.keys).isSubset(of: properties("RESTJobStatistics")))
            let jobBody = try JSONSerialization.jsonObject(with: Data(encoder.jobs(generator.jobs)))
            let job = try #require(
                ((jobBody as? [[String: Any]]) ?? ((jobBody as? [String: Any])?["results"] as? [[String: Any]]))?.first)
            #expect(
                Set(job.keys).isSubset(of: properties("RESTJob")),
                "\(version) job: \(Set(job.keys).subtracting(properties("RESTJob")))")
            let logBody = try JSONSerialization.jsonObject(
                with: Data(encoder.logItems(generator.logItems(for: session, index: 5), session: session.id)))
            let item = try #require(((logBody as? [String: Any])?["results"] as? [[String: Any]])?.first)
            #expect(Set(item.keys).isSubset(of: properties("RESTLogItem")), "\(version) log item: \(item.keys)")
        }
    }
}
