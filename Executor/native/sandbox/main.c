/*
 * builder-sandbox run BUNDLE: runs BUNDLE/config.json (an OCI runtime-spec subset) in new
 * namespaces, the way `runc run` would, in one short-lived single-threaded process tree:
 *
 *   helper (caller's namespaces)  forwards signals, joins the cgroup, reports the exit status
 *     └─ init (PID 1 inside)       mounts, pivot_root, reaps every process, forwards signals
 *          └─ container (PID 2)    user, capabilities, no_new_privs, execve(process.args)
 *
 * With process.terminal, init opens a pty in the container's /dev/pts after pivot_root, passes
 * the master to the helper over a socket (as runc's console socket does) and gives the slave to
 * the command as its controlling terminal; the helper relays the master to its own stdio.
 *
 * builder-sandbox exec [--timeout MS] HELPER_PID PROCESS_JSON: see exec.c.
 *
 * With linux.resources, the cgroup directories made are listed in BUNDLE/cgroups: after a
 * SIGKILL of the helper the caller removes them (rmdir), since the helper cannot.
 *
 * Exit status: the container's, 128+N when signal N killed it; 125 when the sandbox could not be
 * set up, 126 when the command could not be executed, 127 when it was not found (one
 * "builder-sandbox: ..." line on stderr says what failed).
 */
#define _GNU_SOURCE
#include "cgroup.h"
#include "exec.h"
#include "process.h"
#include "rootfs.h"
#include "spec.h"
#include "supervise.h"
#include "terminal.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* dimensions: the helper's terminal size (read before clone, so init has a copy) for the pty init makes; NULL: none. */
static void init_main(const struct spec *spec, int sync_fd, int console_fd, const struct winsize *dimensions, const sigset_t *set, const sigset_t *original)
{
    /* The namespace dies with the helper, even when the helper is SIGKILLed. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    char go;
    if (read(sync_fd, &go, 1) != 1) _exit(EXIT_SETUP); /* the helper failed and said why */
    close(sync_fd);
    if (spec->clone_flags & CLONE_NEWUSER) {
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
            die_errno(EXIT_SETUP, "becoming root in the user namespace (map container ID 0)");
        }
        /* A credential change clears the parent-death signal: arm it again. */
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    }
    /* A session of its own: a terminal's Ctrl-C reaches the helper, which forwards it once,
     * instead of also hitting the command directly through the shared process group. */
    if (setsid() < 0) die_errno(EXIT_SETUP, "setsid");
    umask(0);
    rootfs_setup(spec);
    if (spec->hostname && *spec->hostname && sethostname(spec->hostname, strlen(spec->hostname)) < 0) {
        die_errno(EXIT_SETUP, "sethostname %s", spec->hostname);
    }
    int master = -1, slave = -1;
    if (spec->terminal) {
        /* Made after pivot_root, so the pty belongs to the container's devpts: `tty` says /dev/pts/0. */
        terminal_open(&master, &slave, dimensions);
        if (terminal_send(console_fd, master) < 0) die_errno(EXIT_SETUP, "passing the terminal to the helper");
        close(master);
        close(console_fd);
    }
    pid_t container = fork();
    if (container < 0) die_errno(EXIT_SETUP, "fork");
    if (container == 0) {
        sigprocmask(SIG_SETMASK, original, NULL);
        if (slave >= 0) terminal_attach(slave, spec->uid);
        process_exec(spec);
    }
    if (slave >= 0) close(slave);
    /* Returning from init ends the pid namespace: the kernel kills whatever is left. */
    _exit(status_code(supervise(container, set)));
}

static pid_t child_pid;

/* A setup failure after clone: stop init and remove what cgroup_setup made so far. */
static void abort_run(void)
{
    kill(child_pid, SIGKILL);
    waitpid(child_pid, NULL, 0);
    cgroup_cleanup();
}

static void write_id_map(pid_t pid, const char *file, const char *text)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    if (write_file(path, text) < 0) die_errno(EXIT_SETUP, "writing %s", path);
}

static int run_main(const char *bundle)
{
    static struct spec spec;
    spec_load(bundle, &spec);
    sigset_t set, original;
    supervise_signals(&set, spec.terminal, 0);
    sigprocmask(SIG_BLOCK, &set, &original);
    int sync[2], console[2] = { -1, -1 };
    if (pipe2(sync, O_CLOEXEC) < 0) die_errno(EXIT_SETUP, "pipe");
    struct winsize size;
    int sized = 0;
    if (spec.terminal) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, console) < 0) die_errno(EXIT_SETUP, "socketpair for the terminal");
        sized = terminal_size(&size);
    }
    child_pid = (pid_t)syscall(SYS_clone, (unsigned long)spec.clone_flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (child_pid < 0) die_errno(EXIT_SETUP, "creating the namespaces (clone)");
    if (child_pid == 0) {
        on_die = NULL;
        close(sync[1]);
        if (console[0] >= 0) close(console[0]);
        init_main(&spec, sync[0], console[1], sized ? &size : NULL, &set, &original);
    }
    close(sync[0]);
    if (console[1] >= 0) close(console[1]);
    if (spec.clone_flags & CLONE_NEWUSER) {
        write_id_map(child_pid, "uid_map", spec.uid_map.text);
        write_id_map(child_pid, "gid_map", spec.gid_map.text);
    }
    int use_cgroup = cgroup_wanted(&spec);
    if (use_cgroup) {
        on_die = abort_run;
        cgroup_setup(&spec, child_pid, xasprintf("%s/cgroups", bundle));
    }
    if (write(sync[1], "g", 1) != 1) die_errno(EXIT_SETUP, "starting init");
    close(sync[1]);
    int status;
    if (spec.terminal) {
        /* Nothing arrives when init failed before making the pty; it said why on stderr. */
        int master = terminal_receive(console[0]);
        close(console[0]);
        status = master >= 0 ? terminal_relay(child_pid, master, &set) : supervise(child_pid, &set);
    } else {
        status = supervise(child_pid, &set);
    }
    if (use_cgroup) cgroup_cleanup();
    return status_code(status);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "run") == 0) return run_main(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "exec") == 0) return exec_main(argc - 2, argv + 2);
    die_msg(EXIT_SETUP, "usage: builder-sandbox run BUNDLE_DIR (runs BUNDLE_DIR/config.json) | "
                        "builder-sandbox exec [--timeout MS] HELPER_PID PROCESS_JSON");
}
