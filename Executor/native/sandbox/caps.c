#define _GNU_SOURCE
#include "caps.h"
#include "util.h"

#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const names[] = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
    "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

#define CAP_COUNT ((int)(sizeof names / sizeof names[0]))

int cap_from_name(const char *name)
{
    for (int i = 0; i < CAP_COUNT; i++) {
        if (strcmp(names[i], name) == 0) return i;
    }
    return -1;
}

/* The kernel's highest capability; a capability newer than the kernel is skipped, like runc does. */
static int last_cap(void)
{
    static int cached = -1;
    if (cached < 0) {
        FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
        if (!f || fscanf(f, "%d", &cached) != 1) cached = CAP_COUNT - 1;
        if (f) fclose(f);
    }
    return cached;
}

void caps_drop_bounding(uint64_t bounding)
{
    for (int cap = 0; cap <= last_cap(); cap++) {
        if (!(bounding & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
            die_errno(EXIT_SETUP, "dropping capability %s from the bounding set", cap < CAP_COUNT ? names[cap] : "?");
        }
    }
}

void caps_apply(uint64_t effective, uint64_t permitted, uint64_t inheritable, uint64_t ambient)
{
    uint64_t known = last_cap() >= 63 ? ~0ULL : (1ULL << (last_cap() + 1)) - 1;
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    effective &= known;
    permitted &= known;
    inheritable &= known;
    data[0].effective = (uint32_t)effective;
    data[1].effective = (uint32_t)(effective >> 32);
    data[0].permitted = (uint32_t)permitted;
    data[1].permitted = (uint32_t)(permitted >> 32);
    data[0].inheritable = (uint32_t)inheritable;
    data[1].inheritable = (uint32_t)(inheritable >> 32);
    if (syscall(SYS_capset, &header, data) < 0) die_errno(EXIT_SETUP, "setting capabilities");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) die_errno(EXIT_SETUP, "clearing ambient capabilities");
    for (int cap = 0; cap <= last_cap(); cap++) {
        if ((ambient & (1ULL << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) {
            die_errno(EXIT_SETUP, "raising ambient capability %s", cap < CAP_COUNT ? names[cap] : "?");
        }
    }
}
