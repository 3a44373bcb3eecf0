#ifndef SLUICE_CPCRE2_SHIM_H
#define SLUICE_CPCRE2_SHIM_H

// sluice matches bytes, so it uses the 8-bit code unit library.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#endif
