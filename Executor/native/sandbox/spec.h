/* The subset of the OCI runtime-spec config.json that builder-sandbox supports. */
#ifndef BUILDER_SANDBOX_SPEC_H
#define BUILDER_SANDBOX_SPEC_H

#include <stdint.h>
#include <sys/types.h>

struct mount_spec {
    char *destination;
    char *type;        /* proc, tmpfs, devpts, mqueue, sysfs, bind */
    char *source;
    unsigned long flags;   /* MS_* from the options */
    int recursive_bind;    /* rbind */
    int readonly;          /* ro: bind mounts need a remount to apply it */
    char *data;            /* mode=, size=, newinstance, ptmxmode=, gid=, ... joined with ',' */
};

struct rlimit_spec {
    int resource;
    uint64_t hard;
    uint64_t soft;
};

struct id_map {
    char *text; /* "containerID hostID size\n" lines for /proc/PID/[ug]id_map */
};

struct spec {
    /* process */
    char **args;
    char **env;
    char *cwd;
    uid_t uid;
    gid_t gid;
    gid_t *additional_gids;
    size_t additional_gid_count;
    mode_t umask;
    int no_new_privileges;
    int has_capabilities;
    uint64_t caps_bounding, caps_effective, caps_permitted, caps_inheritable, caps_ambient;
    struct rlimit_spec *rlimits;
    size_t rlimit_count;
    int terminal;            /* process.terminal: the command's stdio is a pty the helper relays */
    int parent_death_signal; /* exec: the command gets SIGKILL when its helper dies */
    /* root and mounts */
    char *root_path;   /* absolute */
    int root_readonly;
    struct mount_spec *mounts;
    size_t mount_count;
    char *hostname;
    /* linux */
    int clone_flags;   /* CLONE_NEW* */
    struct id_map uid_map, gid_map;
    char **masked_paths;
    char **readonly_paths;
    char *cgroups_path;
    int64_t memory_limit, memory_swap, cpu_quota, pids_limit; /* 0 = not set */
    uint64_t cpu_period;
};

/* Reads BUNDLE/config.json; exits with EXIT_SETUP and a clear message on anything unsupported. */
void spec_load(const char *bundle, struct spec *spec);
/* Reads a file holding only a process object (runc exec --process): the process fields of spec. */
void spec_load_process(const char *path, struct spec *spec);

#endif
