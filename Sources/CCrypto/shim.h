// SHA-256 from the system's libcrypto (Debian: libssl-dev), through the EVP interface.
// OpenSSL uses the CPU's SHA instructions where there are some: several times faster than
// portable code, and hashing every body is a large part of ingest and import.
#ifndef AXIS_CCRYPTO_SHIM_H
#define AXIS_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
