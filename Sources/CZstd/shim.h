#ifndef SLUICE_CZSTD_SHIM_H
#define SLUICE_CZSTD_SHIM_H

// Only the stable API: no ZSTD_STATIC_LINKING_ONLY, so a newer libzstd.so.1
// cannot change what sluice calls.
#include <zstd.h>
#include <zstd_errors.h>

#endif
