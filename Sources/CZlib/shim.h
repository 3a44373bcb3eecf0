#ifndef SLUICE_CZLIB_SHIM_H
#define SLUICE_CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit2` is a macro (it passes the library version and the stream
/// size for an ABI check), so Swift cannot call it directly.
static inline int sluice_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}

#endif
