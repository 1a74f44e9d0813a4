// CRC-32 (the reflected polynomial 0xEDB88320 of zlib and gzip) by folding 128-bit lanes with
// carry-less multiplication, after Gopal, Ozturk et al., "Fast CRC Computation for Generic
// Polynomials Using PCLMULQDQ Instruction" (Intel, 2009). The constants are that paper's
// reflected values for this polynomial: x^(k) mod P(x) for the fold distances used below,
// and the Barrett pair (P(x), floor(x^64 / P(x))).
//
// Why it exists: every stored record is checked against its CRC when read, and zlib's
// table-driven crc32 (about 3 GB/s here) was a fifth of the server's CPU during an export.

#include "crc32_pclmul.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

#include <emmintrin.h>
#include <smmintrin.h>
#include <wmmintrin.h>

#define AXIS_PCLMUL __attribute__((target("pclmul,sse4.1")))

int axis_crc32_pclmul_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

// x^(4*128+32) and x^(4*128-32) mod P: fold a lane forward by 64 bytes.
static const uint64_t fold_by_64[2] __attribute__((aligned(16))) = {0x0154442bd4, 0x01c6e41596};
// x^(128+32) and x^(128-32) mod P: fold a lane forward by 16 bytes.
static const uint64_t fold_by_16[2] __attribute__((aligned(16))) = {0x01751997d0, 0x00ccaa009e};
// x^64 mod P: from 96 bits to 64.
static const uint64_t fold_96_to_64[2] __attribute__((aligned(16))) = {0x0163cd6124, 0};
// P(x) and its Barrett constant.
static const uint64_t barrett[2] __attribute__((aligned(16))) = {0x01db710641, 0x01f7011641};

// lane * constants, low halves and high halves, summed: the lane moved forward in the message.
AXIS_PCLMUL static inline __m128i fold(__m128i lane, __m128i constants) {
    return _mm_xor_si128(_mm_clmulepi64_si128(lane, constants, 0x00), _mm_clmulepi64_si128(lane, constants, 0x11));
}

AXIS_PCLMUL static inline __m128i load(const unsigned char *at) {
    return _mm_loadu_si128((const __m128i *)at);
}

AXIS_PCLMUL static uint32_t fold_blocks(uint32_t state, const unsigned char *bytes, size_t count) {
    // Four lanes of 16 bytes, 64 bytes apart, folded in parallel (the multiplies overlap).
    __m128i lanes[4];
    for (int i = 0; i < 4; i++) lanes[i] = load(bytes + 16 * i);
    lanes[0] = _mm_xor_si128(lanes[0], _mm_cvtsi32_si128((int)state));
    bytes += 64;
    count -= 64;
    __m128i constants = _mm_load_si128((const __m128i *)fold_by_64);
    while (count >= 64) {
        for (int i = 0; i < 4; i++) lanes[i] = _mm_xor_si128(fold(lanes[i], constants), load(bytes + 16 * i));
        bytes += 64;
        count -= 64;
    }

    // Into one lane, then the remaining 16-byte blocks.
    constants = _mm_load_si128((const __m128i *)fold_by_16);
    __m128i lane = lanes[0];
    for (int i = 1; i < 4; i++) lane = _mm_xor_si128(fold(lane, constants), lanes[i]);
    while (count >= 16) {
        lane = _mm_xor_si128(fold(lane, constants), load(bytes));
        bytes += 16;
        count -= 16;
    }

    // 128 bits to 96, then to 64.
    const __m128i low32 = _mm_setr_epi32(~0, 0, ~0, 0);
    lane = _mm_xor_si128(_mm_srli_si128(lane, 8), _mm_clmulepi64_si128(lane, constants, 0x10));
    constants = _mm_loadl_epi64((const __m128i *)fold_96_to_64);
    lane = _mm_xor_si128(_mm_srli_si128(lane, 4), _mm_clmulepi64_si128(_mm_and_si128(lane, low32), constants, 0x00));

    // Barrett reduction to the 32-bit remainder.
    constants = _mm_load_si128((const __m128i *)barrett);
    __m128i quotient = _mm_and_si128(_mm_clmulepi64_si128(_mm_and_si128(lane, low32), constants, 0x10), low32);
    lane = _mm_xor_si128(lane, _mm_clmulepi64_si128(quotient, constants, 0x00));
    return (uint32_t)_mm_extract_epi32(lane, 1);
}

size_t axis_crc32_pclmul_fold(uint32_t *state, const unsigned char *bytes, size_t count) {
    if (count < 64) return 0;
    size_t taken = count & ~(size_t)15;
    *state = fold_blocks(*state, bytes, taken);
    return taken;
}

#else

int axis_crc32_pclmul_available(void) { return 0; }

size_t axis_crc32_pclmul_fold(uint32_t *state, const unsigned char *bytes, size_t count) {
    (void)state;
    (void)bytes;
    (void)count;
    return 0;
}

#endif
