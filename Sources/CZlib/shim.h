#ifndef SLUICE_CZLIB_SHIM_H
#define SLUICE_CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit2` is a macro (it passes the library version and the stream
/// size for an ABI check), so Swift cannot call it directly.
static inline int sluice_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}

/// `deflateInit2` is a macro for the same reason.
static inline int sluice_deflateInit2(z_streamp stream, int level, int windowBits) {
  return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
