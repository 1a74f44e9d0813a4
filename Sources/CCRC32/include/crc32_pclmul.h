#ifndef AXIS_CRC32_PCLMUL_H
#define AXIS_CRC32_PCLMUL_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the carry-less multiply (PCLMULQDQ) and SSE4.1 the fold needs.
int axis_crc32_pclmul_available(void);

/// Folds the longest prefix of `bytes` that the carry-less multiply path takes (a multiple of
/// 16 bytes, at least 64) into `*state`, the running CRC-32 (zlib's polynomial) in its inverted
/// form (~crc), and returns how many bytes it consumed. Returns 0, leaving `*state` alone,
/// when `count` is under 64; the caller finishes the rest with zlib's crc32. Call it only
/// where `axis_crc32_pclmul_available()` said yes (the caller asks once).
size_t axis_crc32_pclmul_fold(uint32_t *state, const unsigned char *bytes, size_t count);

#endif
