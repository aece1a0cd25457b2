/* Capability names (CAP_*) and applying a process's capability sets. */
#ifndef BUILDER_SANDBOX_CAPS_H
#define BUILDER_SANDBOX_CAPS_H

#include <stdint.h>

/* The capability number for a CAP_ name, or -1. */
int cap_from_name(const char *name);
/* Drops bounding capabilities outside spec's set; needs CAP_SETPCAP, so before setuid. */
void caps_drop_bounding(uint64_t bounding);
/* Sets effective/permitted/inheritable and raises ambient; after setuid with KEEPCAPS. */
void caps_apply(uint64_t effective, uint64_t permitted, uint64_t inheritable, uint64_t ambient);

#endif
