import VB365Model

// MARK: - Members, by the length of their names

extension WireDecoder {
    /// Reads one member of an object into `f`: the name's length picks the few names it may be,
    /// so each member costs a switch and a comparison or two (this is the decoder's hot path).
    mutating func readMember(
        _ r: inout JSONReader, _ key: JSONKey, into f: inout WireFields, topLevel: Bool
    ) throws(JSONError) {
        let length = key.hasEscapes ? key.string.utf8.count : key.end - key.start
        switch length {
        case 2...6: try readShortMember(&r, key, length: length, into: &f)
        case 7...9: try readMediumMember(&r, key, length: length, into: &f, topLevel: topLevel)
        case 10...12: try readLongMember(&r, key, length: length, into: &f)
        case 13...20: try readLongestMember(&r, key, length: length, into: &f)
        default: try r.skipValue()
        }
    }

    /// Reads a member whose name has 2 to 6 characters (`id`, `usn`, `name`, `jobId`, `status`,
    /// `_links`); others are skipped.
    @inline(__always)
    private mutating func readShortMember(
        _ r: inout JSONReader, _ key: JSONKey, length: Int, into f: inout WireFields
    ) throws(JSONError) {
        switch length {
        case 2:
            if key.matches("id") { f.id = try readID(&r, "id") } else { try r.skipValue() }
        case 3:
            if key.matches("usn") {
                f.mark(.log)
                f.usn = try readCount(&r, "usn")
            } else {
                try r.skipValue()
            }
        case 4:
            if key.matches("name") {
                f.name = try readText(&r, "name")
            } else if key.matches("type") {
                f.type = try readText(&r, "type")
            } else if key.matches("eTag") {
                f.eTag = try readCount(&r, "eTag")
            } else {
                try r.skipValue()
            }
        case 5:
            if key.matches("jobId") {
                f.mark(.session)
                f.jobID = try readID(&r, "jobId")
            } else if key.matches("title") {
                f.mark(.log)
                f.title = try readText(&r, "title")
            } else {
                try r.skipValue()
            }
        default:
            if key.matches("status") {
                f.mark(.session)
                f.status = try readText(&r, "status").map(SessionStatus.init(wire:))
            } else if key.matches("_links") {
                try readLinks(&r, into: &f)
            } else if key.matches("region") {
                // Only organizations have a region (`Worldwide`, `China`, ...).
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        }
    }

    /// Reads a member whose name has 7 to 9 characters (`endTime`, `results`, `message`,
    /// `progress`, `isEnabled`, ...); others are skipped. `results` is read only at the top level.
    @inline(__always)
    private mutating func readMediumMember(
        _ r: inout JSONReader, _ key: JSONKey, length: Int, into f: inout WireFields, topLevel: Bool
    ) throws(JSONError) {
        switch length {
        case 7:
            if key.matches("endTime") {
                f.endTime = try readTime(&r, "endTime")
            } else if key.matches("details") {
                f.mark(.session)
                f.details = try readText(&r, "details")
            } else if key.matches("results") {
                if topLevel {
                    f.resultsSeen = true
                    try readElements(&r)
                } else {
                    try r.skipValue()
                }
            } else if key.matches("message") || key.matches("Message") {
                f.mark(.message)
                f.message = try readText(&r, "message")
            } else if key.matches("jobType") {
                f.jobType = try readText(&r, "jobType").map(JobType.init(wire:))
            } else if key.matches("lastRun") {
                f.mark(.job)
                f.lastRun = try readTime(&r, "lastRun")
            } else if key.matches("nextRun") {
                f.mark(.job)
                f.nextRun = try readTime(&r, "nextRun")
            } else if key.matches("proxyId") {
                f.proxyID = try readID(&r, "proxyId")
            } else {
                try r.skipValue()
            }
        case 8:
            if key.matches("progress") {
                f.mark(.session)
                f.progress = try readCount(&r, "progress")
            } else {
                try r.skipValue()
            }
        default:
            if key.matches("isEnabled") {
                f.mark(.job)
                f.isEnabled = try readBool(&r, "isEnabled")
            } else if key.matches("errorCode") {
                f.mark(.errorCode)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        }
    }

    /// Reads a member whose name has 10 to 12 characters (`statistics`, `retryCount`,
    /// `description`, `creationTime`, ...); others are skipped.
    @inline(__always)
    private mutating func readLongMember(
        _ r: inout JSONReader, _ key: JSONKey, length: Int, into f: inout WireFields
    ) throws(JSONError) {
        switch length {
        case 10:
            if key.matches("statistics") {
                f.mark(.session)
                try readStatistics(&r, into: &f.statistics)
            } else if key.matches("retryCount") {
                f.mark(.session)
                f.retryCount = try readCount(&r, "retryCount")
            } else if key.matches("lastStatus") {
                f.mark(.job)
                f.lastStatus = try readText(&r, "lastStatus").map(SessionStatus.init(wire:))
            } else if key.matches("officeName") {
                f.mark(.organization)
                f.officeName = try readText(&r, "officeName")
            } else if key.matches("lastBackup") {
                f.mark(.job)
                f.lastBackup = try readTime(&r, "lastBackup")
            } else if key.matches("backupType") {
                f.mark(.job)
                f.backupType = try readText(&r, "backupType")
            } else if key.matches("isBackedup") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 11:
            if key.matches("description") {
                f.description = try readText(&r, "description")
            } else if key.matches("backupJobId") {
                f.mark(.job)
                f.mark(.copyJob)
                f.backupJobID = try readID(&r, "backupJobId")
                f.backupType = f.backupType ?? "Copy"
            } else {
                try r.skipValue()
            }
        default:
            if key.matches("creationTime") {
                f.mark(.creationTime)
                f.creationTime = try readTime(&r, "creationTime")
            } else if key.matches("repositoryId") {
                f.repositoryID = try readID(&r, "repositoryId")
            } else if key.matches("allMailboxes") {
                f.mark(.job)
                let value = try readBool(&r, "allMailboxes")
                if let value { f.backupType = value ? "EntireOrganization" : "SelectedItems" }
            } else {
                try r.skipValue()
            }
        }
    }

    /// Reads a member whose name has 13 to 20 characters (`mainSessionId`, `schedulePolicy`,
    /// `jobWillBeRetried`, `jobSessionConfigType`, ...); others are skipped.
    @inline(__always)
    private mutating func readLongestMember(
        _ r: inout JSONReader, _ key: JSONKey, length: Int, into f: inout WireFields
    ) throws(JSONError) {
        switch length {
        case 13:
            if key.matches("mainSessionId") {
                f.mark(.session)
                f.mainSessionID = try readID(&r, "mainSessionId")
            } else {
                try r.skipValue()
            }
        case 14:
            if key.matches("schedulePolicy") {
                f.mark(.job)
                f.schedule = try readSchedule(&r)
            } else if key.matches("organizationId") {
                f.organizationID = try readID(&r, "organizationId")
            } else if key.matches("lastBackuptime") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 15:
            if key.matches("firstBackuptime") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 16:
            if key.matches("jobWillBeRetried") {
                f.mark(.session)
                f.jobWillBeRetried = try readBool(&r, "jobWillBeRetried")
            } else if key.matches("isExchangeOnline") {
                f.mark(.organization)
                try r.skipValue()
            } else {
                try r.skipValue()
            }
        case 20:
            if key.matches("jobSessionConfigType") {
                f.mark(.session)
                f.configType = try readText(&r, "jobSessionConfigType").map(SessionConfigType.init(wire:))
            } else {
                try r.skipValue()
            }
        default:
            try r.skipValue()
        }
    }
}

// MARK: - Members with objects of their own

extension WireDecoder {
    private mutating func readLinks(_ r: inout JSONReader, into f: inout WireFields) throws(JSONError) {
        if try r.readNullIfPresent() { return }
        guard try r.peekKind() == .object else {
            warn("_links should be an object; it is ignored", at: r.offset)
            try r.skipValue()
            return
        }
        try r.readObject { (r: inout JSONReader, name: JSONKey) throws(JSONError) in
            let which: Int
            if name.matches("job") {
                which = 1
            } else if name.matches("organization") {
                which = 2
            } else if name.matches("jobsessions") || name.matches("jobSession") || name.matches("jobSessions")
                || name.matches("jobsession") || name.matches("session")
            {
                which = 3
            } else {
                which = 0
            }
            guard which != 0, try r.peekKind() == .object else {
                try r.skipValue()
                return
            }
            var href: String?
            try r.readObject { (r: inout JSONReader, k: JSONKey) throws(JSONError) in
                if k.matches("href"), try r.peekKind() == .string {
                    href = try r.readString()
                } else {
                    try r.skipValue()
                }
            }
            guard let href else { return }
            switch which {
            case 1: f.linkJob = Href.id(after: "jobs", in: href)
            case 2: f.linkOrganization = Href.id(after: "organizations", in: href)
            default: f.linkSession = Href.id(after: "jobsessions", in: href)
            }
        }
    }

    private mutating func readStatistics(_ r: inout JSONReader, into s: inout SessionStatistics) throws(JSONError) {
        if try r.readNullIfPresent() { return }
        guard try r.peekKind() == .object else {
            warn("statistics should be an object; the session's statistics are unknown", at: r.offset)
            try r.skipValue()
            return
        }
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key.matches("processingRateBytesPS") {
                s.processingRateBytesPerSecond = try self.readCount(&r, "processingRateBytesPS")
            } else if key.matches("processingRateItemsPS") {
                s.processingRateItemsPerSecond = try self.readCount(&r, "processingRateItemsPS")
            } else if key.matches("readRateBytesPS") {
                s.readRateBytesPerSecond = try self.readCount(&r, "readRateBytesPS")
            } else if key.matches("writeRateBytesPS") {
                s.writeRateBytesPerSecond = try self.readCount(&r, "writeRateBytesPS")
            } else if key.matches("transferredDataBytes") {
                s.transferredBytes = try self.readCount(&r, "transferredDataBytes")
            } else if key.matches("processedObjects") {
                s.processedObjects = try self.readCount(&r, "processedObjects")
            } else if key.matches("bottleneck") {
                s.bottleneck = try self.readText(&r, "bottleneck").map(Bottleneck.init(wire:))
            } else if key.matches("processingRate") {
                if let q = try self.readQuantity(&r, "processingRate") {
                    s.processingRateBytesPerSecond = q.bytes
                    s.processingRateItemsPerSecond = q.itemsPerSecond ?? s.processingRateItemsPerSecond
                }
            } else if key.matches("readRate") {
                s.readRateBytesPerSecond = try self.readQuantity(&r, "readRate")?.bytes
            } else if key.matches("writeRate") {
                s.writeRateBytesPerSecond = try self.readQuantity(&r, "writeRate")?.bytes
            } else if key.matches("transferredData") {
                s.transferredBytes = try self.readQuantity(&r, "transferredData")?.bytes
            } else {
                try r.skipValue()
            }
        }
    }

    private mutating func readSchedule(_ r: inout JSONReader) throws(JSONError) -> SchedulePolicy? {
        if try r.readNullIfPresent() { return nil }
        guard try r.peekKind() == .object else {
            warn("schedulePolicy should be an object; it is ignored", at: r.offset)
            try r.skipValue()
            return nil
        }
        var p = SchedulePolicy()
        try r.readObject { (r: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key.matches("type") {
                p.type = try self.readText(&r, "schedulePolicy.type")
            } else if key.matches("dailyType") {
                p.dailyType = try self.readText(&r, "schedulePolicy.dailyType")
            } else if key.matches("dailyTime") {
                p.dailyTime = try self.readText(&r, "schedulePolicy.dailyTime")
            } else if key.matches("periodicallyEvery") {
                p.periodicallyEvery = try self.readText(&r, "schedulePolicy.periodicallyEvery")
            } else if key.matches("retryEnabled") {
                p.retryEnabled = try self.readBool(&r, "schedulePolicy.retryEnabled")
            } else if key.matches("retryNumber") {
                p.retryNumber = try self.readCount(&r, "schedulePolicy.retryNumber").map { Int(clamping: $0) }
            } else if key.matches("retryWaitInterval") {
                p.retryWaitIntervalMinutes = try self.readCount(&r, "schedulePolicy.retryWaitInterval").map {
                    Int(clamping: $0)
                }
            } else {
                try r.skipValue()
            }
        }
        return p
    }
}

// MARK: - Values

extension WireDecoder {
    /// A string, or nil for null; other types are reported and skipped.
    private mutating func readText(_ r: inout JSONReader, _ field: String) throws(JSONError) -> String? {
        switch try r.peekKind() {
        case .string: return try r.readString()
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .number, .bool:
            let start = r.offset
            try r.skipValue()
            return String(decoding: r.sliceBytes(start, r.offset), as: UTF8.self)
        default:
            warn("\(field) should be a string; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
    }

    private mutating func readID(_ r: inout JSONReader, _ field: String) throws(JSONError) -> EntityID? {
        guard try r.peekKind() == .string else {
            if try r.readNullIfPresent() { return nil }
            warn("\(field) should be a string id; it is unknown", at: r.offset)
            try r.skipValue()
            return nil
        }
        let raw = try r.readRawString()
        if !raw.hasEscapes, let id = EntityID.parseUUID(raw.bytes) { return id }
        let text = raw.string
        return text.isEmpty ? nil : EntityID(text)
    }

    private mutating func readTime(_ r: inout JSONReader, _ field: String) throws(JSONError) -> Timestamp? {
        switch try r.readLenientTime() {
        case .value(let time): return time
        case .absent: return nil
        case .unusable(let value):
            warn(
                value.text.map { "\(field) \"\($0.string.prefix(60))\" is not an ISO 8601 timestamp; it is unknown" }
                    ?? "\(field) should be an ISO 8601 timestamp string; it is unknown", at: value.offset)
            return nil
        }
    }

    private mutating func readBool(_ r: inout JSONReader, _ field: String) throws(JSONError) -> Bool? {
        switch try r.readLenientBool() {
        case .value(let value): return value
        case .absent: return nil
        case .unusable(let value):
            warn("\(field) should be true or false; it is unknown", at: value.offset)
            return nil
        }
    }

    /// A non-negative int64 given as a number or a numeric string.
    private mutating func readCount(_ r: inout JSONReader, _ field: String) throws(JSONError) -> Int64? {
        let kind = try r.peekKind()
        let start = r.offset
        let number: JSONReader.Number
        switch kind {
        case .number:
            number = try r.readNumber()
        case .null:
            _ = try r.readNullIfPresent()
            return nil
        case .string:
            let text = try r.readString().trimmingSpaces
            if let v = Int64(text) {
                number = .integer(v)
            } else if !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }), let d = Double(text) {
                number = .real(d)
            } else {
                warn("\(field) \"\(text.prefix(40))\" is not a number; it is unknown", at: start)
                return nil
            }
        default:
            warn("\(field) should be a number; it is unknown", at: start)
            try r.skipValue()
            return nil
        }
        switch number {
        case .integer(let v) where v >= 0: return v
        case .integer(let v):
            warn("\(field) is negative (\(v)); it is unknown", at: start)
            return nil
        case .real(let d) where d.isFinite && d >= 0 && d < 9.2e18: return Int64(d.rounded())
        case .real(let d):
            warn("\(field) is out of range (\(d)); it is unknown", at: start)
            return nil
        }
    }

    /// A v1/v2 statistics string such as `"99.1 KB/s (6 items/s)"`, or a plain number of bytes.
    private mutating func readQuantity(_ r: inout JSONReader, _ field: String) throws(JSONError) -> StatisticText
        .Quantity?
    {
        let kind = try r.peekKind()
        let start = r.offset
        if kind == .string {
            let text = try r.readString()
            if let q = StatisticText.parse(text) { return q }
            warn("\(field) \"\(text.prefix(60))\" is not a size or rate such as \"1.5 MB/s\"; it is unknown", at: start)
            return nil
        }
        return try readCount(&r, field).map { StatisticText.Quantity(bytes: $0, itemsPerSecond: nil) }
    }
}
