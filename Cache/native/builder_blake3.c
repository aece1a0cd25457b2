/*
 * Builder's own part of libbuilder_blake3.so: the rest of the library is the official BLAKE3 C
 * implementation, compiled at build time from Debian's librust-blake3-dev (never committed).
 * The managed side allocates blake3_hasher itself, so it asks for the struct's size here instead
 * of hard-coding a layout that belongs to the C library.
 */
#include <stddef.h>
#include "blake3.h"

size_t builder_blake3_hasher_size(void) { return sizeof(blake3_hasher); }
