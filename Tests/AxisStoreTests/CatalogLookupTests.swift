@testable import AxisStore
import Testing

/// The catalog finds a snapshot by sequence and by version at the place the numbering puts it
/// first, and by searching where records are missing (lost to damage at recovery).
@Suite("Catalog lookups with and without gaps")
struct CatalogLookupTests {
    static func info(_ key: String, version: UInt32, sequence: UInt64) -> SnapshotInfo {
        SnapshotInfo(
            key: key, version: version, sequence: sequence, ingestTime: Int64(sequence), kind: .snapshot, contentHash: nil,
            bodySize: 1, compressedSize: 1, metadata: DocumentMetadata(title: "\(key) v\(version)"),
            location: SnapshotLocation(segment: 1, offset: sequence * 100, length: 100))
    }

    /// Documents a, b, c written in turns, with the sequences in `missing` lost.
    static func catalog(snapshots: Int, missing: Set<UInt64>) -> (Catalog, [SnapshotInfo]) {
        var infos: [SnapshotInfo] = []
        for sequence in 1...UInt64(snapshots) where !missing.contains(sequence) {
            let key = ["a", "b", "c"][Int(sequence % 3)]
            // A missing record of a document leaves a gap in its versions too.
            let version = UInt32((sequence + 2) / 3)
            infos.append(Self.info(key, version: version, sequence: sequence))
        }
        let catalog = Catalog()
        catalog.publish(infos)
        return (catalog, infos)
    }

    @Test("every snapshot is found by its sequence and version, and nothing where a record is missing", arguments: [
        Set<UInt64>(), [1], [2, 3], [7, 50, 51, 52, 99, 100],
    ])
    func lookups(missing: Set<UInt64>) {
        let (catalog, infos) = Self.catalog(snapshots: 100, missing: missing)
        for info in infos {
            #expect(catalog.info(sequence: info.sequence) == info)
            #expect(catalog.select(info.key, .version(info.version)) == info)
        }
        for sequence in missing.union([0, 101, 1_000]) {
            #expect(catalog.info(sequence: sequence) == nil)
        }
        // From any sequence, in a gap or not: the snapshots from the next one present.
        for from in UInt64(0)...102 {
            #expect(catalog.snapshots(fromSequence: from, limit: 3) == Array(infos.filter { $0.sequence >= from }.prefix(3)))
        }
    }
}
