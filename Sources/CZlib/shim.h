// The one C header Axis needs: the system zlib (Debian: zlib1g-dev).
// zlib's init functions are macros, which Swift cannot import; these inline
// wrappers give them a callable form.
#ifndef AXIS_CZLIB_SHIM_H
#define AXIS_CZLIB_SHIM_H
#include <zlib.h>

static inline int axis_deflate_init(z_streamp stream, int level) {
    return deflateInit(stream, level);
}

static inline int axis_inflate_init(z_streamp stream) {
    return inflateInit(stream);
}

#endif
