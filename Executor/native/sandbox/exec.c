/*
 * builder-sandbox exec [--timeout MS] HELPER_PID PROCESS_JSON: runs PROCESS_JSON (an OCI process
 * object, as `runc exec --process` takes) inside the container that `builder-sandbox run` with
 * pid HELPER_PID is running, the way runc's nsexec does:
 *
 *   exec helper (caller's pid namespace)  opens /proc/INIT/ns/X, root and the cgroup.procs files,
 *     │                                   setns into user?, ipc, uts, net, pid, cgroup?, mnt (those
 *     │                                   that differ from its own), chroot to init's root, forks,
 *     │                                   moves the child into init's cgroups, forwards signals
 *     └─ command (a pid of the container)  process_exec: the same path as the container's command
 *
 * INIT is the helper's only child, the container's PID 1. setns(pid) only places children in the
 * namespace, hence the fork. The command gets SIGKILL if the exec helper dies, and dies with the
 * container (the kernel ends a pid namespace's processes when its init exits). With --timeout the
 * command is SIGKILLed after MS milliseconds and the status is 124 (as coreutils' timeout).
 */
#define _GNU_SOURCE
#include "exec.h"
#include "process.h"
#include "spec.h"
#include "supervise.h"
#include "terminal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define EXIT_TIMED_OUT 124
#define MAX_CGROUPS 32

/* Joined in this order: the user namespace first (it owns the others), mount last (after it,
 * /proc/INIT no longer names the container's init). */
static const struct { const char *name; int type; } namespaces[] = {
    { "user", CLONE_NEWUSER }, { "ipc", CLONE_NEWIPC }, { "uts", CLONE_NEWUTS }, { "net", CLONE_NEWNET },
    { "pid", CLONE_NEWPID }, { "cgroup", CLONE_NEWCGROUP }, { "mnt", CLONE_NEWNS },
};
#define NS_COUNT (sizeof namespaces / sizeof namespaces[0])

/* The init's namespace descriptor when it differs from ours, else -1. */
static int open_namespace(pid_t init, const char *name)
{
    char *theirs = xasprintf("/proc/%d/ns/%s", (int)init, name);
    char *ours = xasprintf("/proc/self/ns/%s", name);
    struct stat a, b;
    int fd = -1;
    if (stat(theirs, &a) == 0 && stat(ours, &b) == 0 && (a.st_ino != b.st_ino || a.st_dev != b.st_dev)) {
        fd = open(theirs, O_RDONLY | O_CLOEXEC);
        if (fd < 0) die_errno(EXIT_SETUP, "opening %s", theirs);
    }
    free(theirs);
    free(ours);
    return fd;
}

/* The container's init: the run helper's only child. The helper must be a builder-sandbox, so a
 * stale pid cannot lead into some other process's namespaces. */
static pid_t find_init(pid_t helper)
{
    char *exe = xasprintf("/proc/%d/exe", (int)helper);
    char target[4096];
    ssize_t n = readlink(exe, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    if (!strstr(target, "/builder-sandbox")) {
        die_msg(EXIT_SETUP, "pid %d is not a builder-sandbox helper (it runs %s); is the container still running?", (int)helper, n > 0 ? target : "nothing");
    }
    free(exe);
    char *path = xasprintf("/proc/%d/task/%d/children", (int)helper, (int)helper);
    FILE *f = fopen(path, "re");
    int init = 0;
    if (!f || fscanf(f, "%d", &init) != 1 || init <= 0) {
        die_msg(EXIT_SETUP, "no container runs under helper pid %d (%s has no child); is the container still running?", (int)helper, path);
    }
    fclose(f);
    free(path);
    return (pid_t)init;
}

/* The helper's own /proc/self/cgroup with a newline before and after every line
 * ("\n4:memory:/a\n0::/b\n"), so a whole "N:controllers:path" line can be looked up in it. */
static char *own_cgroups(void)
{
    enum { SIZE = 65536 };
    char *text = xmalloc(SIZE);
    FILE *f = fopen("/proc/self/cgroup", "re");
    size_t n = f ? fread(text + 1, 1, SIZE - 3, f) : 0;
    if (f) fclose(f);
    text[0] = '\n';
    if (text[n] != '\n') text[++n] = '\n';
    text[n + 1] = 0;
    return text;
}

/* Where a hierarchy ("4:memory" or "0:") is mounted: cgroup v2 at /sys/fs/cgroup (or
 * /sys/fs/cgroup/unified on a hybrid host), v1 at /sys/fs/cgroup/<controllers>. */
static char *hierarchy_mount(const char *controllers)
{
    if (!*controllers) {
        return xstrdup(access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified");
    }
    return xasprintf("/sys/fs/cgroup/%s", starts_with(controllers, "name=") ? controllers + 5 : controllers);
}

/* cgroup.procs of each of init's cgroups that is not ours, opened now (the host's /sys/fs/cgroup
 * is out of reach once in the container's mount namespace). */
static size_t open_cgroups(pid_t init, int *fds)
{
    char *file = xasprintf("/proc/%d/cgroup", (int)init);
    FILE *f = fopen(file, "re");
    if (!f) die_errno(EXIT_SETUP, "reading %s", file);
    char *own = own_cgroups();
    char line[4096];
    size_t count = 0;
    while (fgets(line, sizeof line, f) && count < MAX_CGROUPS) {
        line[strcspn(line, "\n")] = 0;
        char *needle = xasprintf("\n%s\n", line);
        int ours = strstr(own, needle) != NULL;
        free(needle);
        char *path = strchr(line, ':') ? strchr(strchr(line, ':') + 1, ':') : NULL;
        if (ours || !path) continue;
        *path++ = 0;
        char *mount = hierarchy_mount(strchr(line, ':') + 1);
        char *procs = xasprintf("%s%s/cgroup.procs", mount, path);
        int fd = open(procs, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) fds[count++] = fd;
        else if (errno != ENOENT) die_errno(EXIT_SETUP, "opening %s to join the container's cgroup", procs);
        free(mount);
        free(procs);
    }
    fclose(f);
    free(own);
    free(file);
    return count;
}

static void join_namespaces(pid_t init)
{
    int fds[NS_COUNT];
    for (size_t i = 0; i < NS_COUNT; i++) fds[i] = open_namespace(init, namespaces[i].name);
    char *root_path = xasprintf("/proc/%d/root", (int)init);
    int root = open(root_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) die_errno(EXIT_SETUP, "opening %s", root_path);
    for (size_t i = 0; i < NS_COUNT; i++) {
        if (fds[i] >= 0 && setns(fds[i], namespaces[i].type) < 0) die_errno(EXIT_SETUP, "joining the container's %s namespace", namespaces[i].name);
        if (fds[i] >= 0) close(fds[i]);
    }
    /* The root the container's init sees (after its pivot_root), whatever setns chose. */
    if (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0) die_errno(EXIT_SETUP, "entering the container's root");
    close(root);
}

static void arm_timeout(long ms)
{
    struct itimerval timer = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
    if (setitimer(ITIMER_REAL, &timer, NULL) < 0) die_errno(EXIT_SETUP, "setitimer");
}

int exec_main(int argc, char **argv)
{
    long timeout_ms = 0;
    if (argc >= 2 && strcmp(argv[0], "--timeout") == 0) {
        char *end;
        timeout_ms = strtol(argv[1], &end, 10);
        if (*end || timeout_ms <= 0) die_msg(EXIT_SETUP, "--timeout takes a positive number of milliseconds, not %s", argv[1]);
        argc -= 2;
        argv += 2;
    }
    if (argc != 2) die_msg(EXIT_SETUP, "usage: builder-sandbox exec [--timeout MS] HELPER_PID PROCESS_JSON");
    char *end;
    long helper = strtol(argv[0], &end, 10);
    if (*end || helper <= 0) die_msg(EXIT_SETUP, "HELPER_PID must be a process id, not %s", argv[0]);
    static struct spec spec;
    spec_load_process(argv[1], &spec);
    spec.parent_death_signal = 1;

    pid_t init = find_init((pid_t)helper);
    int cgroups[MAX_CGROUPS];
    size_t cgroup_count = open_cgroups(init, cgroups);
    join_namespaces(init);
    int master = -1, slave = -1;
    if (spec.terminal) {
        struct winsize size;
        int sized = terminal_size(&size);
        terminal_open(&master, &slave, sized ? &size : NULL);
    }

    sigset_t set, original;
    supervise_signals(&set, spec.terminal, timeout_ms > 0);
    sigprocmask(SIG_BLOCK, &set, &original);
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) < 0) die_errno(EXIT_SETUP, "pipe");
    pid_t child = fork();
    if (child < 0) die_errno(EXIT_SETUP, "fork");
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        close(sync[1]);
        char go;
        if (read(sync[0], &go, 1) != 1) _exit(EXIT_SETUP); /* the exec helper failed and said why */
        close(sync[0]);
        sigprocmask(SIG_SETMASK, &original, NULL);
        if (slave >= 0) terminal_attach(slave, spec.uid);
        process_exec(&spec);
    }
    close(sync[0]);
    if (slave >= 0) close(slave);
    char pid_text[32];
    int len = snprintf(pid_text, sizeof pid_text, "%d", (int)child);
    for (size_t i = 0; i < cgroup_count; i++) {
        if (write(cgroups[i], pid_text, (size_t)len) != len) {
            kill(child, SIGKILL);
            die_errno(EXIT_SETUP, "moving the command into the container's cgroup");
        }
        close(cgroups[i]);
    }
    if (write(sync[1], "g", 1) != 1) die_errno(EXIT_SETUP, "starting the command");
    close(sync[1]);
    if (timeout_ms > 0) arm_timeout(timeout_ms);
    int status = master >= 0 ? terminal_relay(child, master, &set) : supervise(child, &set);
    if (supervise_timed_out) {
        die_msg(EXIT_TIMED_OUT, "%s did not finish within %ld ms and was killed", spec.args[0], timeout_ms);
    }
    return status_code(status);
}
