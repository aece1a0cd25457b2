/* HEALTHCHECK status as docker keeps it (State.Health), written to STATE/health.json. */
#ifndef BUILDER_SHIM_HEALTH_H
#define BUILDER_SHIM_HEALTH_H

#include "shim.h"

#include <time.h>

#define HEALTH_LOG_ENTRIES 5   /* docker keeps the last 5 results */
#define HEALTH_OUTPUT_MAX 4096 /* and 4 KiB of each one's output */

struct health_result {
    struct timespec start, end; /* wall clock */
    int exit_code;
    char output[HEALTH_OUTPUT_MAX];
    size_t output_len;
};

struct health {
    struct health_options options;
    const char *state;
    long long started_ms;       /* monotonic: when the container started */
    const char *status;         /* "starting", "healthy", "unhealthy" */
    int failing_streak;
    struct health_result log[HEALTH_LOG_ENTRIES];
    size_t log_count;           /* entries used, oldest first */
};

/* Status "starting", written at once so ps shows it from the first moment. */
void health_begin(struct health *h, const struct health_options *options, const char *state);
/* Milliseconds from now until the next check: the start interval while starting within the
 * start period, else the interval. */
long health_delay(const struct health *h);
/* Counts a result as docker does (a failure within the start period, before the first success,
 * does not count), keeps it in the log and rewrites health.json. */
void health_record(struct health *h, const struct health_result *result);

#endif
