/*
 * -d --rm: the monitor removes the container when it exits, as `builder rm` would
 * (ContainerStore.Delete): its overlay, the cgroups the sandbox listed, its folder.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

static void remove_cgroup(const char *dir)
{
    /* The kernel may still be tearing the last process down: retry EBUSY briefly. */
    for (int attempt = 0; attempt < 100 && rmdir(dir) < 0 && errno == EBUSY; attempt++) {
        struct timespec ts = { 0, 2 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
}

/* BUNDLE/cgroups lists the leaves (builder/<id>/c) the sandbox made; the parents are ours. */
static void remove_cgroups(const char *state)
{
    char *list = join_path(state, "bundle/cgroups");
    FILE *f = fopen(list, "re");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        remove_cgroup(line);
        remove_cgroup(dirname(line));
    }
    if (f) fclose(f);
    free(list);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP ? rmdir(path) : unlink(path)) {
        /* Leave what cannot go; the rest is still removed. */
    }
    return 0;
}

void remove_container(const char *state)
{
    /* A folder without state.json is no container to the CLI: the container leaves ps first. */
    char *record = join_path(state, "state.json");
    unlink(record);
    free(record);
    char *merged = join_path(state, "rootfs/merged");
    if (umount2(merged, 0) < 0 && errno == EBUSY) umount2(merged, MNT_DETACH);
    free(merged);
    remove_cgroups(state);
    /* FTW_PHYS: links are removed, never followed; FTW_MOUNT: nothing below a mount still there. */
    nftw(state, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
