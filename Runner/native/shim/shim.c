/*
 * builder-shim: starts builder-sandbox for `builder run` outside the CLI's session, so signals
 * reach the container once (the CLI forwards them) and not also through the terminal's process
 * group, and so a detached container outlives the CLI.
 *
 *   builder-shim attach HELPER BUNDLE         setsid, then exec HELPER run BUNDLE (stdio inherited)
 *   builder-shim detach STATE HELPER BUNDLE   a monitor in its own session starts HELPER run BUNDLE
 *                                             with stdin /dev/null and stdout+stderr appended to
 *                                             STATE/log, writes STATE/pid (the helper's pid), waits,
 *                                             and writes STATE/exit (its status, 128+N for signal N).
 *                                             Returns once STATE/pid exists.
 *
 * Exit status 125 and one "builder-shim: ..." line on stderr when it cannot start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *fmt, ...)
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

/* Written to NAME.tmp then renamed, so a reader sees the whole number or nothing. */
static int write_number(const char *state, const char *name, long value)
{
    char path[4096], tmp[4110], text[32];
    snprintf(path, sizeof path, "%s/%s", state, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    int len = snprintf(text, sizeof text, "%ld\n", value);
    int ok = write(fd, text, (size_t)len) == len;
    close(fd);
    return ok && rename(tmp, path) == 0 ? 0 : -1;
}

static void exec_helper(const char *helper, const char *bundle)
{
    execl(helper, helper, "run", bundle, (char *)NULL);
    die("exec %s", helper);
}

static int attach(const char *helper, const char *bundle)
{
    if (setsid() < 0) die("setsid");
    exec_helper(helper, bundle);
    return 125;
}

static void monitor(const char *state, const char *helper, const char *bundle, int ready)
{
    if (setsid() < 0) die("setsid");
    char log[4096];
    snprintf(log, sizeof log, "%s/log", state);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (out < 0 || null < 0) die("opening %s", log);
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        close(ready);
        if (dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) die("redirecting output to %s", log);
        exec_helper(helper, bundle);
    }
    if (write_number(state, "pid", child) < 0) {
        kill(child, SIGKILL);
        die("writing %s/pid", state);
    }
    /* The CLI may read our stdout through a pipe: keep none of its descriptors open. */
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (write(ready, "g", 1) != 1) { /* the CLI went away; the container runs on */ }
    close(ready);
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) _exit(125);
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    write_number(state, "exit", code);
    _exit(0);
}

static int detach(const char *state, const char *helper, const char *bundle)
{
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) < 0) die("pipe");
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        close(sync[0]);
        monitor(state, helper, bundle, sync[1]);
    }
    close(sync[1]);
    char go;
    ssize_t n;
    while ((n = read(sync[0], &go, 1)) < 0 && errno == EINTR) {
    }
    /* The monitor said why on our shared stderr when it could not start. */
    return n == 1 ? 0 : 125;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "attach") == 0) return attach(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "detach") == 0) return detach(argv[2], argv[3], argv[4]);
    errno = 0;
    die("usage: builder-shim attach HELPER BUNDLE | builder-shim detach STATE_DIR HELPER BUNDLE");
    return 125;
}
