import Foundation

extension Gazetteer {
    /// Files larger than this are refused rather than read into memory.
    static let maxFileBytes = 256 << 20

    /// The gazetteer shipped with the library (the JSON files in the `gazetteer` resource folder).
    ///
    /// - Throws: `GazetteerError` if the bundled files are missing or invalid.
    public static func bundled() throws -> Gazetteer {
        guard let folder = Bundle.module.url(forResource: "gazetteer", withExtension: nil) else {
            throw GazetteerError(file: "gazetteer", line: nil, message: "the bundled gazetteer resource folder is missing")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw GazetteerError(file: folder.path, line: nil, message: "cannot list the folder: \(error)")
        }
        var records: [(record: EntityRecord, location: SourceLocation)] = []
        for name in names {
            records += try self.readRecords(path: folder.appendingPathComponent(name).path, displayName: name)
        }
        let gazetteer = try self.checked(records)
        try gazetteer.checkReferences()
        return gazetteer
    }

    /// A gazetteer read from a user's file in the same format as the bundled ones:
    /// `{"entities": [{"id": "type:slug", "name": ..., "aliases": [...], ...}, ...]}`.
    ///
    /// References to other entities (country, capital, parent) are checked when the file is
    /// merged (`merging(_:)`), since they usually point into the bundled gazetteer.
    /// - Throws: `GazetteerError` with the file, line and problem.
    public static func load(contentsOf path: String) throws -> Gazetteer {
        try self.checked(self.readRecords(path: path, displayName: path))
    }

    /// This gazetteer with `other`'s entities added. An id present in both takes `other`'s
    /// record whole (fields are not merged), so a user file can correct a bundled entity.
    ///
    /// - Throws: `GazetteerError` if a reference (country, capital, parent) of the result
    ///   points to an id that exists in neither gazetteer.
    public func merging(_ other: Gazetteer) throws -> Gazetteer {
        var byID: [String: (record: EntityRecord, location: SourceLocation)] = [:]
        for (record, location) in zip(self.entities, self.locations) { byID[record.id] = (record, location) }
        for (record, location) in zip(other.entities, other.locations) { byID[record.id] = (record, location) }
        let merged = Gazetteer(records: Array(byID.values))
        try merged.checkReferences()
        return merged
    }

    private static func readRecords(
        path: String, displayName: String
    ) throws(GazetteerError) -> [(record: EntityRecord, location: SourceLocation)] {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > self.maxFileBytes {
                throw GazetteerError(file: displayName, line: nil, message: "file is larger than \(self.maxFileBytes >> 20) MiB")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as GazetteerError {
            throw error
        } catch {
            throw GazetteerError(file: displayName, line: nil, message: "cannot read the file: \(error.localizedDescription)")
        }
        var reader = JSONReader(bytes: [UInt8](data), file: displayName)
        let document = try reader.parseDocument()
        return try EntityDecoder(file: displayName).decode(document).map {
            ($0.record, SourceLocation(file: displayName, line: $0.line))
        }
    }

    /// Rejects duplicate ids (within one file or across the bundled files).
    private static func checked(
        _ records: [(record: EntityRecord, location: SourceLocation)]
    ) throws(GazetteerError) -> Gazetteer {
        var seen: [String: SourceLocation] = [:]
        for (record, location) in records {
            if let first = seen[record.id] {
                throw GazetteerError(
                    file: location.file, line: location.line,
                    message: "duplicate id \(record.id) (first defined at \(first.file):\(first.line))")
            }
            seen[record.id] = location
        }
        return Gazetteer(records: records)
    }

    /// Every country/capital/parent reference must name an entity of this gazetteer.
    func checkReferences() throws(GazetteerError) {
        for (record, location) in zip(self.entities, self.locations) {
            for (field, target) in [("country", record.country), ("capital", record.capital), ("parent", record.parent)] {
                guard let target, self.indexByID[target] == nil else { continue }
                throw GazetteerError(
                    file: location.file, line: location.line,
                    message: "\(record.id): \"\(field)\" refers to unknown entity \(target)")
            }
        }
    }
}
