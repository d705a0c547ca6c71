/// The paging facts of a list body: whether it is a page object, its `offset`, `limit` and
/// `_links.next.href`.
public struct PageInfo: Sendable, Equatable {
    /// True when the body is an object (a v5+ page), not a bare array.
    public var isPage = false
    public var offset: Int?
    public var limit: Int?
    /// `_links.next.href`, as sent.
    public var next: String?

    /// Reads the paging facts; a body that is not a page gives `isPage == false`.
    public init(_ body: [UInt8]) {
        body.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: raw)
            guard (try? reader.peekKind()) == .object else { return }
            isPage = true
            try? reader.readObject { r, key throws(JSONError) in
                if key.matches("offset") || key.matches("limit"), try r.peekKind() == .number {
                    // Read once, whatever it is: a number that is not an integer (30.0, 1e3, one
                    // beyond Int64) is left unknown, and the members after it are still read.
                    guard case .integer(let v) = try r.readNumber() else { return }
                    if key.matches("offset") { offset = Int(clamping: v) } else { limit = Int(clamping: v) }
                } else if key.matches("_links"), (try? r.peekKind()) == .object {
                    try r.readObject { r, link throws(JSONError) in
                        if link.matches("next"), (try? r.peekKind()) == .object {
                            try r.readObject { r, field throws(JSONError) in
                                if field.matches("href"), (try? r.peekKind()) == .string {
                                    next = try r.readString()
                                } else {
                                    try r.skipValue()
                                }
                            }
                        } else {
                            try r.skipValue()
                        }
                    }
                } else {
                    try r.skipValue()
                }
            }
        }
    }
}
