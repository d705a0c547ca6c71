import Foundation
import VB365Model

/// A JSON value with its exact kind (integer, real, bool), which Foundation's parser blurs.
indirect enum JSON: Equatable {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    case integer(Int64)
    case real(Double)
    case bool(Bool)
    case null

    static func == (a: JSON, b: JSON) -> Bool { "\(a)" == "\(b)" }

    /// Parses a document (strict RFC 8259, enough for test bodies).
    static func parse(_ bytes: [UInt8]) throws -> JSON {
        var p = Parser(bytes: bytes)
        let value = try p.value()
        p.space()
        guard p.i == bytes.count else { throw p.fail("trailing bytes") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        struct Failure: Error, CustomStringConvertible {
            var description: String
        }

        func fail(_ what: String) -> Failure { Failure(description: "\(what) at byte \(i)") }

        mutating func space() {
            while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
        }

        mutating func value() throws -> JSON {
            space()
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(String, JSON)] = []
                space()
                if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(members)
                }
                while true {
                    space()
                    guard case .string(let key) = try value() else { throw fail("key expected") }
                    space()
                    guard bytes[i] == UInt8(ascii: ":") else { throw fail("colon expected") }
                    i += 1
                    members.append((key, try value()))
                    space()
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard bytes[i] == UInt8(ascii: "}") else { throw fail("} expected") }
                    i += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSON] = []
                space()
                if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                while true {
                    items.append(try value())
                    space()
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard bytes[i] == UInt8(ascii: "]") else { throw fail("] expected") }
                    i += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
                let raw = Data(bytes[start..<i])
                guard let s = try JSONSerialization.jsonObject(with: raw, options: .fragmentsAllowed) as? String else {
                    throw fail("bad string")
                }
                return .string(s)
            case UInt8(ascii: "t"):
                i += 4
                return .bool(true)
            case UInt8(ascii: "f"):
                i += 5
                return .bool(false)
            case UInt8(ascii: "n"):
                i += 4
                return .null
            default:
                let start = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                if let n = Int64(text) { return .integer(n) }
                guard let d = Double(text) else { throw fail("bad number '\(text)'") }
                return .real(d)
            }
        }
    }

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }
}

/// Checks a JSON value against an OpenAPI 3.0 schema: `$ref`, `allOf`/`oneOf`/`anyOf`, `type`,
/// `nullable`, `enum`, `required`, `properties` (a member the schema does not define is an error:
/// the simulator must not invent fields), `additionalProperties`, `items`, and the formats
/// `uuid`, `date-time`, `int32` and `int64`.
struct OpenAPIValidator {
    let schemas: [String: Any]

    init(specPath: String) throws {
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: specPath)))
        schemas = ((spec as? [String: Any])?["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        let name = String(ref.split(separator: "/").last ?? "")
        return resolve(schemas[name] as? [String: Any] ?? [:])
    }

    /// The problems of `value` against `schema`, each with its JSON path.
    func problems(_ value: JSON, _ schema: [String: Any], at path: String = "$") -> [String] {
        let schema = resolve(schema)
        if let all = schema["allOf"] as? [[String: Any]] {
            // Merge the parts' properties so that no part calls another part's member unknown.
            var merged: [String: Any] = [:]
            var properties: [String: Any] = [:]
            var required: [String] = []
            for part in all.map(resolve) {
                for (k, v) in part where k != "properties" && k != "required" { merged[k] = v }
                properties.merge(part["properties"] as? [String: Any] ?? [:]) { a, _ in a }
                required += part["required"] as? [String] ?? []
            }
            merged["properties"] = properties
            merged["required"] = required
            merged["type"] = merged["type"] ?? "object"
            return problems(value, merged, at: path)
        }
        if let one = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]] {
            let results = one.map { problems(value, $0, at: path) }
            return results.contains { $0.isEmpty } ? [] : results.min { $0.count < $1.count } ?? []
        }
        if value == .null {
            return schema["nullable"] as? Bool == true ? [] : ["\(path): null, but the schema does not allow null"]
        }
        var found: [String] = []
        if let values = schema["enum"] as? [String] {
            guard case .string(let s) = value, values.contains(s) else {
                return ["\(path): \(value) is not one of \(values)"]
            }
        }
        switch schema["type"] as? String {
        case "object"?,
            nil where schema["properties"] != nil || schema["additionalProperties"] != nil:
            guard case .object(let members) = value else { return ["\(path): expected an object, got \(value)"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where !members.contains(where: { $0.0 == key }) {
                found.append("\(path): the required member \(key) is missing")
            }
            for (key, member) in members {
                if let p = properties[key] as? [String: Any] {
                    found += problems(member, p, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    found += problems(member, extra, at: "\(path).\(key)")
                } else {
                    found.append("\(path): the member \(key) is not in the schema")
                }
            }
        case "array"?:
            guard case .array(let items) = value else { return ["\(path): expected an array"] }
            let itemSchema = schema["items"] as? [String: Any] ?? [:]
            for (i, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(i)]") }
        case "string"?:
            guard case .string(let s) = value else { return ["\(path): expected a string, got \(value)"] }
            switch schema["format"] as? String {
            case "uuid"?:
                if case .text = EntityID(s) { found.append("\(path): '\(s)' is not a UUID") }
            case "date-time"?:
                if !s.contains("T") || TimestampParser.parse(s) == .invalid {
                    found.append("\(path): '\(s)' is not an RFC 3339 date-time")
                }
            default: break
            }
        case "integer"?:
            guard case .integer(let n) = value else { return ["\(path): expected an integer, got \(value)"] }
            if schema["format"] as? String == "int32", n < Int64(Int32.min) || n > Int64(Int32.max) {
                found.append("\(path): \(n) does not fit int32")
            }
        case "number"?:
            switch value {
            case .integer, .real: break
            default: found.append("\(path): expected a number, got \(value)")
            }
        case "boolean"?:
            guard case .bool = value else { return ["\(path): expected a boolean, got \(value)"] }
        default: break
        }
        return found
    }
}
