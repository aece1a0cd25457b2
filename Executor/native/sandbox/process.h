/* The container process: identity, limits, capabilities, then execve. Runs as PID 2. */
#ifndef BUILDER_SANDBOX_PROCESS_H
#define BUILDER_SANDBOX_PROCESS_H

#include "spec.h"

void process_exec(const struct spec *spec) __attribute__((noreturn));

#endif
