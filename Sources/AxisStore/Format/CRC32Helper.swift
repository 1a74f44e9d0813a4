import AxisZlib

/// CRC-32 through AxisZlib, over the byte containers the store uses.
enum CRC32Helper {
    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        CRC32.checksum(bytes)
    }
}
