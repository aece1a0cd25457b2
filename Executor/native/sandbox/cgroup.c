#define _GNU_SOURCE
#include "cgroup.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_DIRS 4
static char *created[MAX_DIRS]; /* the leaf directories, removed at the end */
static size_t created_count;
static const char *record;

static void remember(char *dir)
{
    created[created_count++] = dir;
    int fd = open(record, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 || dprintf(fd, "%s\n", dir) < 0) die_errno(EXIT_SETUP, "writing %s", record);
    close(fd);
}

/* The helper's own cgroup in a hierarchy, from /proc/self/cgroup ("" for v2's "0::" line). */
static char *own_path(const char *controller)
{
    FILE *f = fopen("/proc/self/cgroup", "re");
    char line[4096];
    char *found = NULL;
    while (f && !found && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *list = strchr(line, ':');
        char *path = list ? strchr(list + 1, ':') : NULL;
        if (!path) continue;
        *path++ = 0;
        list++;
        if (controller == NULL ? *list == 0 : 0) found = xstrdup(path);
        for (char *c = controller ? strtok(list, ",") : NULL; c && !found; c = strtok(NULL, ",")) {
            if (strcmp(c, controller) == 0) found = xstrdup(path);
        }
    }
    if (f) fclose(f);
    return found;
}

/* Relative cgroupsPath (or builder/sandbox-PID) is under the helper's cgroup, so limits nest. */
static char *leaf_dir(const char *mountpoint, const char *own, const struct spec *spec)
{
    const char *rel = spec->cgroups_path && *spec->cgroups_path ? spec->cgroups_path : NULL;
    if (rel && rel[0] == '/') return xasprintf("%s%s", mountpoint, rel);
    static char *name;
    if (!name) name = rel ? xstrdup(rel) : xasprintf("builder/sandbox-%d-%ld", (int)getpid(), (long)time(NULL));
    return xasprintf("%s%s/%s", mountpoint, strcmp(own, "/") == 0 ? "" : own, name);
}

static void make_dirs(char *dir)
{
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(dir, 0755) < 0 && errno != EEXIST) die_errno(EXIT_SETUP, "creating cgroup %s", dir);
        *p = '/';
    }
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) die_errno(EXIT_SETUP, "creating cgroup %s", dir);
}

static void set(const char *dir, const char *file, const char *value)
{
    char *path = xasprintf("%s/%s", dir, file);
    if (write_file(path, value) < 0) die_errno(EXIT_SETUP, "writing %s to %s", value, path);
    free(path);
}

static void join(const char *dir, pid_t pid)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%d", (int)pid);
    set(dir, "cgroup.procs", buf);
}

static char *v1_dir(const char *controller, const struct spec *spec)
{
    char *own = own_path(controller);
    char *mountpoint = xasprintf("/sys/fs/cgroup/%s", controller);
    struct stat st;
    if (!own || stat(mountpoint, &st) < 0) die_msg(EXIT_SETUP, "linux.resources needs the %s cgroup controller (cgroup v1 or v2), which is not mounted", controller);
    char *dir = leaf_dir(mountpoint, own, spec);
    make_dirs(dir);
    remember(dir);
    return dir;
}

/* v2: the unified hierarchy at /sys/fs/cgroup (pure) or /sys/fs/cgroup/unified (hybrid),
 * usable when it offers every controller asked for. */
static const char *v2_mount(const struct spec *spec)
{
    static const char *candidates[] = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };
    for (size_t i = 0; i < 2; i++) {
        char *path = xasprintf("%s/cgroup.controllers", candidates[i]);
        FILE *f = fopen(path, "re");
        free(path);
        char line[512] = "";
        if (!f) continue;
        if (!fgets(line, sizeof line, f)) line[0] = 0;
        fclose(f);
        int ok = (!spec->memory_limit || strstr(line, "memory")) && (!spec->cpu_quota || strstr(line, "cpu")) &&
                 (!spec->pids_limit || strstr(line, "pids"));
        if (ok) return candidates[i];
    }
    return NULL;
}

static void v2_setup(const char *mountpoint, const struct spec *spec, pid_t pid)
{
    char *own = own_path(NULL);
    if (!own) die_msg(EXIT_SETUP, "no cgroup v2 entry in /proc/self/cgroup");
    char *dir = leaf_dir(mountpoint, own, spec);
    make_dirs(dir);
    remember(dir);
    /* Controllers must be enabled in every ancestor's subtree_control down to the leaf. */
    const char *enable = "+memory +cpu +pids";
    for (char *p = dir + strlen(mountpoint) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = 0;
        char *control = xasprintf("%s/cgroup.subtree_control", dir);
        for (const char *c = enable; *c; c += strcspn(c, " ") + (c[strcspn(c, " ")] == ' ')) {
            char one[16];
            snprintf(one, sizeof one, "%.*s", (int)strcspn(c, " "), c);
            write_file(control, one); /* a controller the parent lacks was checked above */
        }
        free(control);
        *p = '/';
    }
    char buf[64];
    if (spec->memory_limit) { snprintf(buf, sizeof buf, "%lld", (long long)spec->memory_limit); set(dir, "memory.max", buf); }
    if (spec->memory_swap && spec->memory_swap >= spec->memory_limit) {
        snprintf(buf, sizeof buf, "%lld", (long long)(spec->memory_swap - spec->memory_limit));
        set(dir, "memory.swap.max", buf);
    }
    if (spec->cpu_quota) {
        snprintf(buf, sizeof buf, "%lld %llu", (long long)spec->cpu_quota, (unsigned long long)(spec->cpu_period ? spec->cpu_period : 100000));
        set(dir, "cpu.max", buf);
    }
    if (spec->pids_limit) { snprintf(buf, sizeof buf, "%lld", (long long)spec->pids_limit); set(dir, "pids.max", buf); }
    join(dir, pid);
}

int cgroup_wanted(const struct spec *spec)
{
    return spec->memory_limit > 0 || spec->cpu_quota > 0 || spec->pids_limit > 0;
}

void cgroup_setup(const struct spec *spec, pid_t pid, const char *record_path)
{
    record = record_path;
    const char *v2 = v2_mount(spec);
    if (v2) {
        v2_setup(v2, spec, pid);
        return;
    }
    char buf[64];
    if (spec->memory_limit > 0) {
        char *dir = v1_dir("memory", spec);
        snprintf(buf, sizeof buf, "%lld", (long long)spec->memory_limit);
        set(dir, "memory.limit_in_bytes", buf);
        char *memsw = xasprintf("%s/memory.memsw.limit_in_bytes", dir);
        if (spec->memory_swap > 0 && access(memsw, F_OK) == 0) {
            snprintf(buf, sizeof buf, "%lld", (long long)spec->memory_swap);
            set(dir, "memory.memsw.limit_in_bytes", buf);
        }
        free(memsw);
        join(dir, pid);
    }
    if (spec->cpu_quota > 0) {
        char *dir = v1_dir("cpu", spec);
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)(spec->cpu_period ? spec->cpu_period : 100000));
        set(dir, "cpu.cfs_period_us", buf);
        snprintf(buf, sizeof buf, "%lld", (long long)spec->cpu_quota);
        set(dir, "cpu.cfs_quota_us", buf);
        join(dir, pid);
    }
    if (spec->pids_limit > 0) {
        char *dir = v1_dir("pids", spec);
        snprintf(buf, sizeof buf, "%lld", (long long)spec->pids_limit);
        set(dir, "pids.max", buf);
        join(dir, pid);
    }
}

void cgroup_cleanup(void)
{
    for (size_t i = 0; i < created_count; i++) {
        /* The namespace's processes are reaped before init's exit is reported, but the kernel
         * may still be tearing the last one down: retry EBUSY briefly. */
        for (int attempt = 0; attempt < 100 && rmdir(created[i]) < 0 && errno == EBUSY; attempt++) {
            struct timespec ts = { 0, 2 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
        /* builder/ itself stays: removing it could race with another run creating its leaf. */
    }
}
