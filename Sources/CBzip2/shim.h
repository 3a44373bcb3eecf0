#ifndef SLUICE_CBZIP2_SHIM_H
#define SLUICE_CBZIP2_SHIM_H

// Debian's libbz2-dev ships no pkg-config file, so the module map names the
// library itself (link "bz2") and the header is found on the default path.
#include <bzlib.h>

#endif
