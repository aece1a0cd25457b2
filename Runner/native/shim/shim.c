/*
 * builder-shim: starts builder-sandbox for `builder run` and `builder exec` outside the CLI's
 * session, so signals reach the container once (the CLI forwards them) and not also through the
 * terminal's process group, and so a detached container outlives the CLI.
 *
 *   builder-shim attach HELPER ARG...    setsid, then exec HELPER ARG... (stdio inherited):
 *                                        `run BUNDLE` or `exec HELPER_PID PROCESS_JSON`
 *   builder-shim detach [--rm] [--health INTERVAL,TIMEOUT,START_PERIOD,START_INTERVAL,RETRIES]
 *                       STATE HELPER BUNDLE
 *                                        a monitor in its own session starts HELPER run BUNDLE with
 *                                        stdin /dev/null and stdout+stderr appended to STATE/log,
 *                                        writes STATE/pid (the helper's pid) and STATE/monitor (its
 *                                        own), runs the health check STATE/healthcheck.json through
 *                                        `HELPER exec` on the schedule given (milliseconds) writing
 *                                        STATE/health.json, waits, writes STATE/exit (the status,
 *                                        128+N for signal N), and with --rm removes the container.
 *                                        Returns once STATE/pid exists.
 *
 * Exit status 125 and one "builder-shim: ..." line on stderr when it cannot start.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void die(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    fputs("builder-shim: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (saved) fprintf(stderr, ": %s", strerror(saved));
    fputc('\n', stderr);
    _exit(125);
}

char *join_path(const char *dir, const char *name)
{
    char *path;
    if (asprintf(&path, "%s/%s", dir, name) < 0) die("allocating memory");
    return path;
}

int write_atomic(const char *dir, const char *name, const char *text, size_t len)
{
    char *path = join_path(dir, name), *tmp;
    if (asprintf(&tmp, "%s.tmp", path) < 0) die("allocating memory");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int ok = fd >= 0 && write(fd, text, len) == (ssize_t)len;
    if (fd >= 0) close(fd);
    ok = ok && rename(tmp, path) == 0;
    free(path);
    free(tmp);
    return ok ? 0 : -1;
}

int write_number(const char *dir, const char *name, long value)
{
    char text[32];
    int len = snprintf(text, sizeof text, "%ld\n", value);
    return write_atomic(dir, name, text, (size_t)len);
}

long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int attach(char **helper_and_args)
{
    if (setsid() < 0) die("setsid");
    execv(helper_and_args[0], helper_and_args);
    die("exec %s", helper_and_args[0]);
}

static int detach(const struct detach_options *options)
{
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) < 0) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        close(sync[0]);
        monitor(options, sync[1]);
    }
    close(sync[1]);
    char go;
    ssize_t n;
    while ((n = read(sync[0], &go, 1)) < 0 && errno == EINTR) {
    }
    /* The monitor said why on our shared stderr when it could not start. */
    return n == 1 ? 0 : 125;
}

static void usage(void)
{
    errno = 0;
    die("usage: builder-shim attach HELPER ARG... | builder-shim detach [--rm] "
        "[--health INTERVAL_MS,TIMEOUT_MS,START_PERIOD_MS,START_INTERVAL_MS,RETRIES] STATE_DIR HELPER BUNDLE");
}

static int parse_detach(int argc, char **argv, struct detach_options *o)
{
    int i = 0;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--rm") == 0) {
            o->remove = 1;
        } else if (strcmp(argv[i], "--health") == 0 && i + 1 < argc) {
            struct health_options *h = &o->health;
            char end;
            if (sscanf(argv[++i], "%ld,%ld,%ld,%ld,%d%c", &h->interval_ms, &h->timeout_ms, &h->start_period_ms,
                       &h->start_interval_ms, &h->retries, &end) != 5 ||
                h->interval_ms <= 0 || h->timeout_ms <= 0 || h->start_period_ms < 0 || h->start_interval_ms <= 0 || h->retries <= 0) {
                errno = 0;
                die("--health takes INTERVAL_MS,TIMEOUT_MS,START_PERIOD_MS,START_INTERVAL_MS,RETRIES (positive; the start period may be 0), not %s", argv[i]);
            }
            h->enabled = 1;
        } else {
            usage();
        }
    }
    if (argc - i != 3) usage();
    o->state = argv[i];
    o->helper = argv[i + 1];
    o->bundle = argv[i + 2];
    return detach(o);
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "attach") == 0) return attach(argv + 2);
    if (argc >= 2 && strcmp(argv[1], "detach") == 0) {
        struct detach_options options = { 0 };
        return parse_detach(argc - 2, argv + 2, &options);
    }
    usage();
}
