/* Resource limits through a cgroup made for one run and removed after it. */
#ifndef BUILDER_SANDBOX_CGROUP_H
#define BUILDER_SANDBOX_CGROUP_H

#include "spec.h"

/* True when the spec asks for a memory, cpu or pids limit. */
int cgroup_wanted(const struct spec *spec);
/* Creates the cgroup(s) with the limits and moves pid into them; exits on failure. Each directory
 * is listed in record_path (one a line) as soon as it exists, so whoever SIGKILLs the helper can
 * still remove it. */
void cgroup_setup(const struct spec *spec, pid_t pid, const char *record_path);
/* Removes what cgroup_setup created (the processes have exited by then). */
void cgroup_cleanup(void);

#endif
