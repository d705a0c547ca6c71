import Foundation
import Testing
import VB365Generation
import VB365Model
import VB365TestSupport

/// The repositories' retention and immutability as the encoder writes them, against the published
/// v6–v8 schemas: the simulator's answers before and after the settings incident, and every
/// retention shape (the simulator's own conformance test sees only its clock's world).
@Suite("Repositories' retention and immutability conform to the OpenAPI schemas")
struct RepositorySpecTests {
    /// A second before `SettingsIncidents.time`, and the time itself.
    static let times = [SettingsIncidents.time.adding(seconds: -1), SettingsIncidents.time]

    /// The schema of a `GET /vN/BackupRepositories` 200 answer, and a validator of its spec.
    func schema(_ version: APIVersion) throws -> (OpenAPIValidator, [String: Any]) {
        let folder = try #require(Fixtures.openAPIFolder)
        let specPath = "\(folder)/vb365-\(version)-infrastructure.json"
        let spec = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: specPath))) as? [String: Any])
        let operation = try #require(
            ((spec["paths"] as? [String: Any])?["/\(version)/BackupRepositories"] as? [String: Any])?["get"]
                as? [String: Any])
        let response = try #require((operation["responses"] as? [String: Any])?["200"] as? [String: Any])
        let content = try #require(response["content"] as? [String: Any])
        let media = try #require((content["application/json"] ?? content["*/*"]) as? [String: Any])
        return (try OpenAPIValidator(specPath: specPath), try #require(media["schema"] as? [String: Any]))
    }

    @Test(
        "the generated repositories before and after the incident",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8], times)
    func generated(version: APIVersion, t: Timestamp) throws {
        let (validator, schema) = try schema(version)
        let repositories = SampleSet.infrastructure.repositories(at: t, version: version)
        let body = try JSON.parse(WireEncoder(version: version).repositories(repositories))
        let problems = validator.problems(body, schema)
        #expect(problems.isEmpty, "\(version) at \(t): \(problems.prefix(5))")
    }

    @Test(
        "every retention shape and immutability on, off or following the retention",
        .enabled(if: Fixtures.openAPIFolder != nil, "../shared/vb365-openapi is not beside this checkout"),
        arguments: [APIVersion.v6, .v7, .v8])
    func shapes(version: APIVersion) throws {
        let (validator, schema) = try schema(version)
        let periods: [RetentionPeriod?] = [.days(7), .months(6), .years(1), .years(7), .years(25), .forever, nil]
        let repositories = periods.enumerated().map { (i, period) -> Repository in
            var r = Repository(id: SessionGenerator.uuid(7, 4, i))
            r.name = "Repository \(i)"
            r.path = "D:\\Repositories\\\(i)"
            r.retention = period
            r.isObjectStorage = i % 2 == 0
            if r.isObjectStorage {
                r.objectStorageType = "AmazonS3"
                r.immutabilityEnabled = i != 2
                r.immutabilityDays = i == 0 ? 90 : nil
            } else {
                r.capacityBytes = 1_000
                r.freeSpaceBytes = 400
            }
            return r
        }
        let body = try JSON.parse(WireEncoder(version: version).repositories(repositories))
        let problems = validator.problems(body, schema)
        #expect(problems.isEmpty, "\(version): \(problems.prefix(5))")
    }
}
