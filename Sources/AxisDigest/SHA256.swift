/// SHA-256 (FIPS 180-4), streaming.
///
/// Axis uses it to address content: every snapshot stores the hash of its uncompressed body,
/// puts are deduplicated by it, and bulk transfers verify it. It lives here, in pure Swift,
/// because the alternative (swift-crypto) builds BoringSSL on every CI run for this one
/// function. Checked against the NIST test vectors in AxisDigestTests.
public struct SHA256: Sendable {
    /// Bytes in a digest.
    public static let digestBytes = 32
    private static let blockBytes = 64

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19
    )
    private var pending: [UInt8] = []
    private var totalBytes: UInt64 = 0

    public init() {
        self.pending.reserveCapacity(Self.blockBytes)
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> ContentHash {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> ContentHash {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Adds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ self.update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let array = Array(bytes)
        array.withUnsafeBytes { self.update($0) }
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        self.totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if !self.pending.isEmpty {
            let take = min(Self.blockBytes - self.pending.count, bytes.count)
            self.pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard self.pending.count == Self.blockBytes else { return }
            self.pending.withUnsafeBytes { self.compress($0) }
            self.pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= Self.blockBytes {
            self.compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Self.blockBytes)]))
            offset += Self.blockBytes
        }
        if offset < bytes.count {
            self.pending.append(contentsOf: bytes[offset...])
        }
    }

    /// The digest of everything added. The hasher is consumed.
    public consuming func finalize() -> ContentHash {
        let bitLength = self.totalBytes &* 8
        var tail = self.pending
        tail.append(0x80)
        while tail.count % Self.blockBytes != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                self.compress(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + Self.blockBytes)]))
                offset += Self.blockBytes
            }
        }
        var digest = [UInt8]()
        digest.reserveCapacity(Self.digestBytes)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return ContentHash(unchecked: digest)
    }

    // MARK: - The compression function

    private static let roundConstants: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    @inline(__always)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }

    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            for index in 0..<16 {
                let base = index * 4
                schedule[index] =
                    UInt32(block[base]) << 24 | UInt32(block[base + 1]) << 16 | UInt32(block[base + 2]) << 8
                    | UInt32(block[base + 3])
            }
            for index in 16..<64 {
                let s0 =
                    Self.rotateRight(schedule[index - 15], 7) ^ Self.rotateRight(schedule[index - 15], 18)
                    ^ (schedule[index - 15] >> 3)
                let s1 =
                    Self.rotateRight(schedule[index - 2], 17) ^ Self.rotateRight(schedule[index - 2], 19)
                    ^ (schedule[index - 2] >> 10)
                schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = self.state
            Self.roundConstants.withUnsafeBufferPointer { constants in
                for index in 0..<64 {
                    let s1 = Self.rotateRight(e, 6) ^ Self.rotateRight(e, 11) ^ Self.rotateRight(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choice &+ constants[index] &+ schedule[index]
                    let s0 = Self.rotateRight(a, 2) ^ Self.rotateRight(a, 13) ^ Self.rotateRight(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
            }
            self.state = (
                self.state.0 &+ a, self.state.1 &+ b, self.state.2 &+ c, self.state.3 &+ d,
                self.state.4 &+ e, self.state.5 &+ f, self.state.6 &+ g, self.state.7 &+ h
            )
        }
    }
}
