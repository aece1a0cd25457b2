/*
 * The detached container's monitor (builder-shim detach): the helper's parent for the container's
 * whole life, so it is also where HEALTHCHECK runs (it outlives the CLI) and where -d --rm
 * removes the container. Single-threaded: SIGCHLD through a signalfd and the check's output pipe
 * in one poll, with the next check's time as the timeout.
 */
#define _GNU_SOURCE
#include "health.h"
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* One health check in flight: `HELPER exec --timeout T HELPER_PID STATE/healthcheck.json`. */
struct probe {
    pid_t pid;    /* 0: none running */
    int fd;       /* its stdout+stderr, -1 once at end of file */
    int done;     /* reaped; status is its wait status */
    int status;
    struct health_result result;
};

static int status_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void probe_start(struct probe *p, const struct detach_options *o, pid_t helper, const sigset_t *original)
{
    int out[2];
    memset(p, 0, sizeof *p);
    p->fd = -1;
    if (pipe2(out, O_CLOEXEC) < 0) return; /* no check this time; the next one tries again */
    clock_gettime(CLOCK_REALTIME, &p->result.start);
    pid_t pid = fork();
    if (pid < 0) {
        close(out[0]);
        close(out[1]);
        return;
    }
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, original, NULL);
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(out[1], 2) < 0) _exit(125);
        char timeout[32], target[32];
        snprintf(timeout, sizeof timeout, "%ld", o->health.timeout_ms);
        snprintf(target, sizeof target, "%d", (int)helper);
        char *process = join_path(o->state, "healthcheck.json");
        execl(o->helper, o->helper, "exec", "--timeout", timeout, target, process, (char *)NULL);
        dprintf(2, "builder-shim: exec %s: %s\n", o->helper, strerror(errno));
        _exit(125);
    }
    close(out[1]);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    p->pid = pid;
    p->fd = out[0];
}

/* Keeps the first HEALTH_OUTPUT_MAX bytes, reads (and drops) the rest so the check never blocks. */
static void probe_read(struct probe *p)
{
    char buf[4096];
    ssize_t n;
    while ((n = read(p->fd, buf, sizeof buf)) > 0) {
        size_t room = HEALTH_OUTPUT_MAX - p->result.output_len;
        size_t take = (size_t)n < room ? (size_t)n : room;
        memcpy(p->result.output + p->result.output_len, buf, take);
        p->result.output_len += take;
    }
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close(p->fd);
        p->fd = -1;
    }
}

/* The check ended: what is already in the pipe is its output (a background process it left
 * may hold the pipe open, so no waiting for end of file). */
static void probe_finish(struct probe *p, struct health *h)
{
    if (p->fd >= 0) {
        probe_read(p);
        if (p->fd >= 0) close(p->fd);
    }
    clock_gettime(CLOCK_REALTIME, &p->result.end);
    p->result.exit_code = status_code(p->status);
    health_record(h, &p->result);
    memset(p, 0, sizeof *p);
    p->fd = -1;
}

/* Waits for the container's helper while running health checks; returns its exit code. */
static struct health h;

static int supervise(const struct detach_options *o, pid_t child, int sfd, const sigset_t *original)
{
    static struct probe p;
    p.fd = -1;
    long long next = o->health.enabled ? monotonic_ms() + health_delay(&h) : 0;
    for (;;) {
        int timeout = -1;
        if (o->health.enabled && !p.pid) {
            long long left = next - monotonic_ms();
            timeout = left < 0 ? 0 : (int)left;
        }
        struct pollfd fds[2] = { { sfd, POLLIN, 0 }, { p.fd, POLLIN, 0 } };
        if (poll(fds, 2, timeout) < 0 && errno != EINTR) _exit(125);
        if (fds[1].revents) probe_read(&p);
        int exited = 0, code = 0;
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) < 0 && errno != EAGAIN) _exit(125);
            int status;
            pid_t pid;
            while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
                if (pid == child) {
                    exited = 1;
                    code = status_code(status);
                } else if (pid == p.pid) {
                    p.done = 1;
                    p.status = status;
                }
            }
        }
        if (p.done) {
            probe_finish(&p, &h);
            next = monotonic_ms() + health_delay(&h);
        }
        if (exited) {
            /* A check still running dies with the container's pid namespace; make sure of it. */
            if (p.pid) {
                kill(p.pid, SIGKILL);
                waitpid(p.pid, NULL, 0);
                if (p.fd >= 0) close(p.fd);
            }
            return code;
        }
        if (o->health.enabled && !p.pid && monotonic_ms() >= next) probe_start(&p, o, child, original);
    }
}

void monitor(const struct detach_options *o, int ready)
{
    if (setsid() < 0) die("setsid");
    char *log = join_path(o->state, "log");
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (out < 0 || null < 0) die("opening %s", log);
    sigset_t chld, original;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &original);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) die("signalfd");
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        close(ready);
        sigprocmask(SIG_SETMASK, &original, NULL);
        if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) die("redirecting output to %s", log);
        execl(o->helper, o->helper, "run", o->bundle, (char *)NULL);
        die("exec %s", o->helper);
    }
    if (write_number(o->state, "pid", child) < 0 || write_number(o->state, "monitor", getpid()) < 0) {
        kill(child, SIGKILL);
        die("writing %s/pid", o->state);
    }
    /* "starting" from the first moment the CLI can show the container. */
    if (o->health.enabled) health_begin(&h, &o->health, o->state);
    /* The CLI may read our stdout through a pipe: keep none of its descriptors open. */
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (write(ready, "g", 1) != 1) { /* the CLI went away; the container runs on */ }
    close(ready);
    int code = supervise(o, child, sfd, &original);
    write_number(o->state, "exit", code);
    if (o->remove) remove_container(o->state);
    _exit(0);
}
