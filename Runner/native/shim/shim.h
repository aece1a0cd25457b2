/* builder-shim's parts: see shim.c for what each mode does. */
#ifndef BUILDER_SHIM_H
#define BUILDER_SHIM_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* A HEALTHCHECK's timing, in milliseconds (the CLI converts the image's nanoseconds). */
struct health_options {
    int enabled;
    long interval_ms, timeout_ms, start_period_ms, start_interval_ms;
    int retries;
};

struct detach_options {
    const char *state, *helper, *bundle;
    int remove;                    /* --rm: the monitor removes the container when it exits */
    struct health_options health;
};

/* Prints "builder-shim: ..." (with strerror when errno is set) and exits 125. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
char *join_path(const char *dir, const char *name);
/* Written to NAME.tmp then renamed, so a reader sees the whole file or nothing. */
int write_atomic(const char *dir, const char *name, const char *text, size_t len);
int write_number(const char *dir, const char *name, long value);
long long monotonic_ms(void);

/* The detached container's monitor: runs the helper, its health checks, records its end. */
void monitor(const struct detach_options *options, int ready) __attribute__((noreturn));

/* Removes a container's folder, overlay and cgroups (-d --rm), as `builder rm` does. */
void remove_container(const char *state);

#endif
