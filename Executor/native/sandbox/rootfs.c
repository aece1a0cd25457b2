#define _GNU_SOURCE
#include "rootfs.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

char *rootfs_join(const char *root, const char *path)
{
    char *resolved = xstrdup("");   /* relative to root, "" or "/a/b" */
    char *pending = xstrdup(path);
    char *p = pending;
    int links = 0;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        size_t len = strcspn(p, "/");
        char *component = strndup(p, len);
        p += len;
        if (strcmp(component, ".") == 0) { free(component); continue; }
        if (strcmp(component, "..") == 0) {
            char *slash = strrchr(resolved, '/');
            if (slash) *slash = 0;
            free(component);
            continue;
        }
        char *candidate = xasprintf("%s/%s", resolved, component);
        char *full = xasprintf("%s%s", root, candidate);
        char target[PATH_MAX];
        ssize_t n = readlink(full, target, sizeof target - 1);
        free(full);
        free(component);
        if (n < 0 || ++links > 40) {
            free(resolved);
            resolved = candidate; /* not a link (or missing: created later), or a loop: stop resolving */
            continue;
        }
        free(candidate);
        target[n] = 0;
        if (target[0] == '/') resolved[0] = 0;
        char *next = xasprintf("%s/%s", target, p);
        free(pending);
        pending = p = next;
    }
    char *out = xasprintf("%s%s", root, resolved);
    free(resolved);
    free(pending);
    return out;
}

static void mkdir_p(const char *path, mode_t mode)
{
    char *copy = xstrdup(path);
    for (char *p = copy + 1; ; p++) {
        if (*p != '/' && *p != 0) continue;
        char saved = *p;
        *p = 0;
        if (mkdir(copy, mode) < 0 && errno != EEXIST) die_errno(EXIT_SETUP, "creating %s", copy);
        *p = saved;
        if (!saved) break;
    }
    free(copy);
}

static void make_target(const char *target, int file)
{
    struct stat st;
    if (stat(target, &st) == 0) return;
    if (!file) {
        mkdir_p(target, 0755);
        return;
    }
    char *parent = xstrdup(target);
    *strrchr(parent, '/') = 0;
    if (*parent) mkdir_p(parent, 0755);
    free(parent);
    int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0) die_errno(EXIT_SETUP, "creating mount point %s", target);
    close(fd);
}

/* Flags a bind remount must keep: in a user namespace, locked ones cannot be cleared. */
static unsigned long kept_flags(const char *path)
{
    struct statvfs sv;
    unsigned long flags = 0;
    if (statvfs(path, &sv) == 0) {
        if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
        if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
        if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    }
    return flags;
}

static void mount_one(const struct spec *spec, const struct mount_spec *m)
{
    char *target = rootfs_join(spec->root_path, m->destination);
    struct stat st;
    int is_bind = (m->flags & MS_BIND) != 0;
    if (is_bind && stat(m->source, &st) < 0) die_errno(EXIT_SETUP, "bind mount source %s", m->source);
    make_target(target, is_bind && !S_ISDIR(st.st_mode));
    if (is_bind) {
        if (mount(m->source, target, NULL, MS_BIND | (m->recursive_bind ? MS_REC : 0), NULL) < 0) {
            die_errno(EXIT_SETUP, "bind mounting %s on %s", m->source, m->destination);
        }
        unsigned long extra = m->flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (extra && mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | extra | kept_flags(target), NULL) < 0) {
            die_errno(EXIT_SETUP, "remounting %s with its options", m->destination);
        }
    } else if (mount(m->source, target, m->type, m->flags, m->data) < 0) {
        if (errno == EPERM && strcmp(m->type, "sysfs") == 0) {
            /* Without a network namespace of our own the kernel refuses a new sysfs (runc does the same). */
            if (mount("/sys", target, NULL, MS_BIND | MS_REC, NULL) < 0 ||
                mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(target), NULL) < 0) {
                die_errno(EXIT_SETUP, "bind mounting /sys on %s", m->destination);
            }
        } else {
            die_errno(EXIT_SETUP, "mounting %s on %s", m->type, m->destination);
        }
    }
    free(target);
}

static void make_devices(const char *root)
{
    static const struct { const char *name; unsigned major, minor; } devices[] = {
        { "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
    };
    static const struct { const char *name; const char *target; } links[] = {
        { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
        { "stderr", "/proc/self/fd/2" }, { "ptmx", "pts/ptmx" }, { "core", "/proc/kcore" },
    };
    char *dev = rootfs_join(root, "/dev");
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        char *path = xasprintf("%s/%s", dev, devices[i].name);
        unlink(path);
        if (mknod(path, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) < 0) {
            /* mknod is refused in a user namespace: bind the host's node instead. */
            char *host = xasprintf("/dev/%s", devices[i].name);
            make_target(path, 1);
            if (mount(host, path, NULL, MS_BIND, NULL) < 0) die_errno(EXIT_SETUP, "creating /dev/%s", devices[i].name);
            free(host);
        }
        free(path);
    }
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        /* Like runc: /dev/core only where the kernel has a /proc/kcore to point at. */
        if (strcmp(links[i].name, "core") == 0 && access("/proc/kcore", F_OK) < 0) continue;
        char *path = xasprintf("%s/%s", dev, links[i].name);
        if (symlink(links[i].target, path) < 0 && errno != EEXIST) die_errno(EXIT_SETUP, "creating /dev/%s", links[i].name);
        free(path);
    }
    free(dev);
}

static void pivot(const char *root)
{
    int old_root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    int new_root = open(root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (old_root < 0 || new_root < 0) die_errno(EXIT_SETUP, "opening %s", root);
    /* pivot_root(".", ".") stacks the old root on the new one; unmounting "." then drops it
     * without needing a directory for it inside the container. */
    if (fchdir(new_root) < 0 || syscall(SYS_pivot_root, ".", ".") < 0) die_errno(EXIT_SETUP, "pivot_root into %s", root);
    if (fchdir(old_root) < 0) die_errno(EXIT_SETUP, "entering the old root");
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) die_errno(EXIT_SETUP, "making the old root a slave");
    if (umount2(".", MNT_DETACH) < 0) die_errno(EXIT_SETUP, "detaching the old root");
    if (chdir("/") < 0) die_errno(EXIT_SETUP, "entering the new root");
    close(old_root);
    close(new_root);
}

static void mask(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) return; /* absent: nothing to hide */
    int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", path, "tmpfs", MS_RDONLY, NULL)
                                 : mount("/dev/null", path, NULL, MS_BIND, NULL);
    if (rc < 0) die_errno(EXIT_SETUP, "masking %s", path);
}

static void make_readonly(const char *path)
{
    if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
        if (errno == ENOENT) return;
        die_errno(EXIT_SETUP, "bind mounting %s read-only", path);
    }
    if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags(path), NULL) < 0) {
        die_errno(EXIT_SETUP, "remounting %s read-only", path);
    }
}

void rootfs_setup(const struct spec *spec)
{
    /* Nothing we mount may propagate back to the host's mount namespace. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) die_errno(EXIT_SETUP, "making the mount tree private");
    if (mount(spec->root_path, spec->root_path, NULL, MS_BIND | MS_REC, NULL) < 0) {
        die_errno(EXIT_SETUP, "bind mounting the rootfs %s", spec->root_path);
    }
    int dev_mounted = 0;
    for (size_t i = 0; i < spec->mount_count; i++) {
        dev_mounted |= strcmp(spec->mounts[i].destination, "/dev") == 0;
    }
    if (!dev_mounted) {
        /* Device nodes must never land in the rootfs itself (it becomes a layer). */
        char *dev = rootfs_join(spec->root_path, "/dev");
        make_target(dev, 0);
        if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k") < 0) die_errno(EXIT_SETUP, "mounting tmpfs on /dev");
        free(dev);
    }
    for (size_t i = 0; i < spec->mount_count; i++) mount_one(spec, &spec->mounts[i]);
    make_devices(spec->root_path);
    pivot(spec->root_path);
    for (char **p = spec->masked_paths; *p; p++) mask(*p);
    for (char **p = spec->readonly_paths; *p; p++) make_readonly(*p);
    if (spec->root_readonly && mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept_flags("/"), NULL) < 0) {
        die_errno(EXIT_SETUP, "remounting the rootfs read-only");
    }
}
