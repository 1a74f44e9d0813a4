import AxisCodec
import AxisDigest
import AxisStore

extension SnapshotInfoMessage {
    init(_ info: SnapshotInfo) {
        self.init(
            key: info.key, version: info.version, sequence: info.sequence, ingestTimeMilliseconds: info.ingestTime,
            deleted: info.isTombstone, contentHash: info.contentHash?.bytes ?? [], bodySize: info.bodySize,
            compressedSize: info.compressedSize, title: info.metadata.title, source: info.metadata.source,
            url: info.metadata.url, published: info.metadata.published?.description ?? "", tags: info.metadata.tags)
    }
}
