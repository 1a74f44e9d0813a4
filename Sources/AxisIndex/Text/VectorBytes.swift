#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Byte classes of 64 bytes at once as bit masks (bit i for byte i), with SSE2 on x86-64
/// (part of every x86-64 CPU) and eight bytes at a time elsewhere. The scanner and the
/// sentence splitter look at every byte of the text only through these.
enum VectorBytes {
    /// ASCII letters and digits, and bytes >= 0x80, of the 64 bytes at `start` (which must
    /// all be readable).
    @inline(__always) static func wordAndHigh(_ base: UnsafeRawPointer, _ start: Int) -> (word: UInt64, high: UInt64) {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        var word: UInt64 = 0
        var high: UInt64 = 0
        let caseBit = _mm_set1_epi8(0x20)
        let toLetters = _mm_set1_epi8(0x1F)  // 'a' + 0x1F = 0x80, the smallest signed byte
        let letterLimit = _mm_set1_epi8(-128 + 26)
        let toDigits = _mm_set1_epi8(0x50)  // '0' + 0x50 = 0x80
        let digitLimit = _mm_set1_epi8(-128 + 10)
        for part in 0..<4 {
            let vector = _mm_loadu_si128((base + (start &+ 16 &* part)).assumingMemoryBound(to: __m128i.self))
            let letters = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(vector, caseBit), toLetters), letterLimit)
            let digits = _mm_cmplt_epi8(_mm_add_epi8(vector, toDigits), digitLimit)
            let shift = UInt64(16 &* part)
            word |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_or_si128(letters, digits)))) << shift
            high |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector))) << shift
        }
        return (word, high)
        #else
        var word: UInt64 = 0
        var high: UInt64 = 0
        for lane in 0..<8 {
            let chunk = (base + (start &+ 8 &* lane)).loadUnaligned(as: UInt64.self).littleEndian
            word |= self.gather(SWARWords.asciiWordBytes(chunk)) << UInt64(8 &* lane)
            high |= self.gather(chunk & SWARWords.highBits) << UInt64(8 &* lane)
        }
        return (word, high)
        #endif
    }

    /// Line breaks, '.', '!' and '?' among the 16 bytes at `start` (which must all be
    /// readable), as the low 16 bits.
    @inline(__always) static func sentenceMarks16(_ base: UnsafeRawPointer, _ start: Int) -> UInt64 {
        #if arch(x86_64) && canImport(_Builtin_intrinsics)
        let vector = _mm_loadu_si128((base + start).assumingMemoryBound(to: __m128i.self))
        let marks = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(vector, _mm_set1_epi8(0x0A)), _mm_cmpeq_epi8(vector, _mm_set1_epi8(0x0D))),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(vector, _mm_set1_epi8(0x2E)), _mm_cmpeq_epi8(vector, _mm_set1_epi8(0x21))),
                _mm_cmpeq_epi8(vector, _mm_set1_epi8(0x3F))))
        return UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(marks)))
        #else
        var marks: UInt64 = 0
        for lane in 0..<2 {
            let chunk = (base + (start &+ 8 &* lane)).loadUnaligned(as: UInt64.self).littleEndian
            let found = SWARWords.bytesEqual(chunk, to: 0x0A) | SWARWords.bytesEqual(chunk, to: 0x0D)
                | SWARWords.bytesEqual(chunk, to: 0x2E) | SWARWords.bytesEqual(chunk, to: 0x21)
                | SWARWords.bytesEqual(chunk, to: 0x3F)
            marks |= self.gather(found) << UInt64(8 &* lane)
        }
        return marks
        #endif
    }

    /// The high bit of each of eight bytes, gathered into the low eight bits.
    @inline(__always) static func gather(_ highBits: UInt64) -> UInt64 {
        (((highBits >> 7) & 0x0101_0101_0101_0101) &* 0x0102_0408_1020_4080) >> 56
    }
}
