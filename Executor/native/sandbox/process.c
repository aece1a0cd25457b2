#define _GNU_SOURCE
#include "process.h"
#include "caps.h"
#include "util.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* PATH from the container's environment; Docker's default when the image sets none. */
static const char *container_path(char **env)
{
    for (char **e = env; *e; e++) {
        if (starts_with(*e, "PATH=")) return *e + 5;
    }
    return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

static void exec_or_remember(const char *path, const struct spec *spec, int *saw_eacces)
{
    execve(path, spec->args, spec->env);
    if (errno == EACCES) *saw_eacces = 1;
    else if (errno != ENOENT && errno != ENOTDIR) die_errno(EXIT_CANNOT_EXEC, "exec %s", path);
}

static void exec_command(const struct spec *spec)
{
    const char *name = spec->args[0];
    int saw_eacces = 0;
    if (strchr(name, '/')) {
        execve(name, spec->args, spec->env);
        die_errno(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC, "exec %s", name);
    }
    const char *search = container_path(spec->env);
    while (*search) {
        size_t len = strcspn(search, ":");
        char *candidate = len == 0 ? xasprintf("./%s", name) : xasprintf("%.*s/%s", (int)len, search, name);
        struct stat st;
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) exec_or_remember(candidate, spec, &saw_eacces);
        free(candidate);
        search += len + (search[len] == ':');
    }
    errno = saw_eacces ? EACCES : ENOENT;
    die_errno(saw_eacces ? EXIT_CANNOT_EXEC : EXIT_NOT_FOUND, "exec %s (searched $PATH %s)", name, container_path(spec->env));
}

void process_exec(const struct spec *spec)
{
    for (size_t i = 0; i < spec->rlimit_count; i++) {
        struct rlimit rl = { spec->rlimits[i].soft, spec->rlimits[i].hard };
        if (setrlimit(spec->rlimits[i].resource, &rl) < 0) die_errno(EXIT_SETUP, "setting rlimit %d", spec->rlimits[i].resource);
    }
    if (spec->has_capabilities) caps_drop_bounding(spec->caps_bounding);
    /* Keep permitted capabilities across the switch to a non-root uid; capset then trims them. */
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) die_errno(EXIT_SETUP, "prctl(PR_SET_KEEPCAPS)");
    if (setgroups(spec->additional_gid_count, spec->additional_gids) < 0) die_errno(EXIT_SETUP, "setgroups");
    if (setresgid(spec->gid, spec->gid, spec->gid) < 0) die_errno(EXIT_SETUP, "setgid %u", (unsigned)spec->gid);
    if (setresuid(spec->uid, spec->uid, spec->uid) < 0) die_errno(EXIT_SETUP, "setuid %u", (unsigned)spec->uid);
    /* A credential change clears the parent-death signal: arm it again. */
    if (spec->parent_death_signal && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) die_errno(EXIT_SETUP, "prctl(PR_SET_PDEATHSIG)");
    if (spec->has_capabilities) {
        caps_apply(spec->caps_effective, spec->caps_permitted, spec->caps_inheritable, spec->caps_ambient);
    }
    umask(spec->umask);
    if (chdir(spec->cwd) < 0) die_errno(EXIT_SETUP, "chdir to process.cwd %s", spec->cwd);
    if (spec->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die_errno(EXIT_SETUP, "prctl(PR_SET_NO_NEW_PRIVS)");
    /* Descriptors the helper's caller leaked must not reach the container. */
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    exec_command(spec);
    die_msg(EXIT_CANNOT_EXEC, "exec %s returned", spec->args[0]);
}
