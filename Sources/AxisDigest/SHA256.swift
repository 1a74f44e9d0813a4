import CCrypto

/// SHA-256 (FIPS 180-4), streaming.
///
/// Axis uses it to address content: every snapshot stores the hash of its uncompressed body,
/// puts are deduplicated by it, and bulk transfers verify it. It comes from the system's
/// libcrypto (OpenSSL), which uses the CPU's SHA extensions where it has them: hashing is a
/// large share of ingest and import, and a portable implementation ran at a fifth of the
/// speed. (swift-crypto would bring the same code, but builds BoringSSL on every CI run.)
/// Checked against the NIST test vectors in AxisDigestTests.
public struct SHA256: ~Copyable {
    /// Bytes in a digest.
    public static let digestBytes = 32

    private let context: OpaquePointer

    public init() {
        // Allocation failure is out of memory, not bad input: there is nothing to recover.
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("libcrypto cannot allocate a digest context") }
        self.context = context
        let initialized = EVP_DigestInit_ex(context, EVP_sha256(), nil)
        precondition(initialized == 1, "libcrypto has no SHA-256")
    }

    deinit {
        EVP_MD_CTX_free(self.context)
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> ContentHash {
        if let digest = bytes.withContiguousStorageIfAvailable({ Self.hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { Self.hash($0) }
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
        Array(bytes).withUnsafeBytes { self.update($0) }
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let updated = EVP_DigestUpdate(self.context, base, bytes.count)
        precondition(updated == 1, "SHA-256 update failed")
    }

    /// The digest of everything added. The hasher is consumed.
    public consuming func finalize() -> ContentHash {
        var digest = [UInt8](repeating: 0, count: Self.digestBytes)
        var length: UInt32 = 0
        let finished = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(self.context, $0.baseAddress, &length) }
        precondition(finished == 1 && length == UInt32(Self.digestBytes), "SHA-256 final failed")
        return ContentHash(unchecked: digest)
    }
}
