import Foundation
import VB365Support

/// The inputs named on the command line, expanded: files as given, directories searched
/// recursively for `*.json` (in sorted order, so every run reads them in the same order), and `-`
/// for standard input.
public struct InputList: Sendable {
    /// One input to read.
    public enum Item: Hashable, Sendable {
        case file(String)
        case standardInput
    }

    /// The inputs, in reading order.
    public private(set) var items: [Item] = []
    /// Inputs that could not be listed (missing paths, empty directories).
    public private(set) var problems: [Diagnostic] = []
    /// The inputs named themselves (a file, or `-`), not found in a folder: one of these that
    /// cannot be read always stops the run.
    public private(set) var named: Set<Item> = []
    /// The protection snapshots the inputs hold (read apart from the JSON bodies).
    public private(set) var protection = ProtectionCatalog()
    /// The total size of the files, in bytes (standard input not counted).
    public var fileBytes: Int {
        items.reduce(0) { total, item in
            guard case .file(let path) = item,
                let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
            else { return total }
            return total + size.intValue
        }
    }

    /// Expands command-line inputs.
    public init(_ arguments: [String]) {
        protection = ProtectionCatalog.find(in: arguments.filter { $0 != "-" })
        var seen = Set<Item>()
        for argument in arguments {
            if argument == "-" {
                if seen.insert(.standardInput).inserted { items.append(.standardInput) }
                named.insert(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                problems.append(
                    Diagnostic(path: argument, level: .error, message: "no such file or directory; check the path"))
                continue
            }
            if !isDirectory.boolValue {
                if seen.insert(.file(argument)).inserted { items.append(.file(argument)) }
                named.insert(.file(argument))
                continue
            }
            let found = InputList.files(under: argument, extensions: ["json"])
            if found.isEmpty {
                problems.append(
                    Diagnostic(
                        path: argument, level: .warning,
                        message: "the directory holds no .json files"))
            }
            for path in found where seen.insert(.file(path)).inserted { items.append(.file(path)) }
        }
    }

    /// The files below a directory whose extension is one of `extensions` (lower case, in any
    /// case in the name), sorted by path; hidden files and folders are skipped, links followed.
    public static func files(under directory: String, extensions: Set<String>) -> [String] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath()
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var paths: [String] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for case let url as URL in enumerator where extensions.contains(url.pathExtension.lowercased()) {
            let target = url.resolvingSymlinksInPath()
            guard (try? target.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative =
                url.path.hasPrefix(root.path + "/")
                ? String(url.path.dropFirst(root.path.count + 1)) : url.lastPathComponent
            paths.append(prefix + relative)
        }
        return paths.sorted()
    }
}
