#ifndef SLUICE_CLZMA_SHIM_H
#define SLUICE_CLZMA_SHIM_H

#include <lzma.h>

/// The decoder flags are macros built with `UINT32_C`, which Swift does not
/// import: `LZMA_CONCATENATED`, so that concatenated .xz streams (and the
/// stream padding between them) decode as one, as `xz -dc` does.
static const uint32_t sluice_lzma_concatenated = LZMA_CONCATENATED;

/// `LZMA_TELL_UNSUPPORTED_CHECK`: report an integrity check this liblzma
/// cannot verify instead of decoding without a word, as `xz` asks for it.
static const uint32_t sluice_lzma_tell_unsupported_check = LZMA_TELL_UNSUPPORTED_CHECK;

#endif
